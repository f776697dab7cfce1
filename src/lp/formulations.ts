/**
 * Owns: the registry of the day LP's formulations (docs/model.md; `day.ts`
 * builds them). {@link Formulation} and the option checks come from it.
 */

/** Every formulation and its one-line description. */
export const FORMULATIONS = {
  pair: "docs/model.md's LP as written: one trade column per ordered prosumer → house pair",
  pooled: "one pool per group and hour, split exactly into pair trades afterwards (per-pair fallback)",
} as const satisfies Record<string, string>;

/** A formulation's name: a key of {@link FORMULATIONS}. */
export type Formulation = keyof typeof FORMULATIONS;

/** The formulations' names, in registry order. */
export const FORMULATION_NAMES = Object.keys(FORMULATIONS) as Formulation[];
