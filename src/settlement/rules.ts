/**
 * Owns: the registry of settlement rules (docs/model.md "Settlement"): rule
 * name → its help line and function. The CLI's `--settlement` choices and
 * {@link SettlementRule} come from it, so a new rule is one file in rules/
 * and one entry here.
 * Imports: the rules.
 */
import type { SettlementRuleSpec } from "./types.js";
import { none } from "./rules/none.js";
import { equal } from "./rules/equal.js";
import { demand } from "./rules/demand.js";
import { shapleyGroups } from "./rules/shapley-groups.js";
import { shapleyHouses } from "./rules/shapley-houses.js";

/** Every settlement rule, in the order the docs and `--help` list them. */
export const SETTLEMENT_RULES = {
  none,
  equal,
  demand,
  "shapley-groups": shapleyGroups,
  "shapley-houses": shapleyHouses,
} as const satisfies Record<string, SettlementRuleSpec>;

/** A rule's name: a key of {@link SETTLEMENT_RULES}. */
export type SettlementRule = keyof typeof SETTLEMENT_RULES;

/** The rules' names, in registry order. */
export const SETTLEMENT_RULE_NAMES = Object.keys(SETTLEMENT_RULES) as SettlementRule[];
