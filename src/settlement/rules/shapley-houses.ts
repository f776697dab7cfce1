/**
 * Owns: the rule `shapley-houses`: houses are the players (group structure
 * kept in every coalition's community).
 * Imports: settlement types and the run's Shapley value.
 */
import type { RuleOutcome, SettleInput, SettlementRuleSpec } from "../types.js";
import { shapleyOfRun } from "./shapley.js";

/** `shapley-houses`: house h saves its Shapley value φ_h. */
export const shapleyHouses: SettlementRuleSpec = {
  help: "each house saves its Shapley value among houses",
  settle: async (i: SettleInput): Promise<RuleOutcome> => {
    const houses = i.run.network.houses;
    const phi = await shapleyOfRun(
      i,
      "shapley-houses",
      houses.map((h) => [h.index]),
    );
    return {
      saving: phi.values,
      exact: phi.exact,
      ...(phi.exact ? {} : { se: phi.se }),
      game: {
        players: "houses",
        ids: houses.map((h) => h.id),
        values: phi.values,
        se: phi.se,
        samples: phi.samples,
        ...(phi.targetSe !== undefined ? { targetSe: phi.targetSe } : {}),
      },
    };
  },
};
