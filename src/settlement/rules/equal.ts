/**
 * Owns: the rule `equal`: the community's saving split equally among houses.
 * Imports: settlement types only.
 */
import type { RuleOutcome, SettleInput, SettlementRuleSpec } from "../types.js";
import { communitySaving } from "./saving.js";

/** `equal`: every house saves S / N. */
export const equal: SettlementRuleSpec = {
  help: "every house saves S / N (S: the community's saving)",
  settle: async (i: SettleInput): Promise<RuleOutcome> => {
    const s = communitySaving(i);
    return { saving: i.bills.map(() => s / i.bills.length), exact: true };
  },
};
