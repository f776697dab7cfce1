/**
 * Owns: the community's saving S = Σ r_h − F, shared by the rules.
 * Imports: settlement types only.
 */
import type { SettleInput } from "../types.js";

/**
 * S = Σ r_h − Σ b_h, currency units over the days solved.
 * @example communitySaving({ standalone: [10, 5], bills: [6, 4] } as SettleInput) // 5
 */
export function communitySaving(i: Pick<SettleInput, "standalone" | "bills">): number {
  return i.standalone.reduce((a, b) => a + b, 0) - i.bills.reduce((a, b) => a + b, 0);
}
