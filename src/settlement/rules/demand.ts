/**
 * Owns: the rule `demand`: the community's saving split by each house's
 * demand over the horizon (a "repartition key").
 * Imports: settlement types, errors.
 */
import { InputError } from "../../errors/errors.js";
import type { RuleOutcome, SettleInput, SettlementRuleSpec } from "../types.js";
import { communitySaving } from "./saving.js";
import * as message from "../../errors/messages.js";

/** `demand`: house h saves S · D_h / Σ D. */
export const demand: SettlementRuleSpec = {
  help: "house h saves S · D_h / Σ D (D_h: its demand, kWh)",
  settle: async (i: SettleInput): Promise<RuleOutcome> => {
    const total = i.demand.reduce((a, b) => a + b, 0);
    if (!(total > 0)) throw new InputError("--settlement demand", message.noDemand());
    const s = communitySaving(i);
    return { saving: i.demand.map((d) => (s * d) / total), exact: true };
  },
};
