/**
 * Owns: the rule `none`: the bills from the flows, no transfers.
 * Imports: settlement types only.
 */
import type { RuleOutcome, SettleInput, SettlementRuleSpec } from "../types.js";

/** `none`: house h saves r_h − b_h (today's output). */
export const none: SettlementRuleSpec = {
  help: "the flow bills, no transfers",
  settle: async (i: SettleInput): Promise<RuleOutcome> => ({
    saving: i.standalone.map((r, h) => r - i.bills[h]),
    exact: true,
  }),
};
