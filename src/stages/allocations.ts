/**
 * Owns: the registry of allocation rules, who pays what among the cheapest
 * plans (docs/model.md "One answer per day"). {@link Allocation}, the CLI's
 * `--allocation` choices and the option checks come from it.
 */

/** Every allocation rule and its one-line description, in the order `--help` lists them. */
export const ALLOCATIONS = {
  fair: "leximin savings against each house's stand-alone cost (stage 3, docs/model.md)",
  solver: "the split among houses is whatever cheapest plan the solver returns",
} as const satisfies Record<string, string>;

/** A rule's name: a key of {@link ALLOCATIONS}. */
export type Allocation = keyof typeof ALLOCATIONS;

/** The rules' names, in registry order. */
export const ALLOCATION_NAMES = Object.keys(ALLOCATIONS) as Allocation[];
