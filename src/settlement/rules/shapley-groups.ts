/**
 * Owns: the rule `shapley-groups`: groups are the players; a group's Shapley
 * value is split equally among its houses.
 * Imports: settlement types and the run's Shapley value.
 */
import type { RuleOutcome, SettleInput, SettlementRuleSpec } from "../types.js";
import { shapleyOfRun } from "./shapley.js";

/** `shapley-groups`: group g saves φ_g, each of its houses φ_g / |H_g|. */
export const shapleyGroups: SettlementRuleSpec = {
  help: "each group saves its Shapley value, split equally in the group",
  settle: async (i: SettleInput): Promise<RuleOutcome> => {
    const groups = i.run.network.groups;
    const members = groups.map((g) => g.houses);
    const phi = await shapleyOfRun(i, "shapley-groups", members);
    // v({g}): what each group saves alone (cached when exact; group rationality needs them)
    const alone: number[] = [];
    await i.costs.prefetch(groups.map((g) => g.houses));
    for (const g of groups)
      alone.push(g.houses.reduce((s, h) => s + i.standalone[h], 0) - (await i.costs.cost(g.houses)));
    const saving = new Array<number>(i.bills.length).fill(0),
      se = new Array<number>(i.bills.length).fill(0);
    for (const g of groups)
      for (const h of g.houses) {
        saving[h] = phi.values[g.index] / g.houses.length;
        se[h] = phi.se[g.index] / g.houses.length;
      }
    return {
      saving,
      exact: phi.exact,
      ...(phi.exact ? {} : { se }),
      game: {
        players: "groups",
        ids: groups.map((g) => g.id),
        values: phi.values,
        se: phi.se,
        alone,
        samples: phi.samples,
        ...(phi.targetSe !== undefined ? { targetSe: phi.targetSe } : {}),
      },
    };
  },
};
