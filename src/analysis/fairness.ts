/**
 * Who gains: per-house savings against a reference run, the share of houses
 * that gain and the Gini index of the savings (gini.ts).
 */
import { giniRsv } from "./gini.js";

/** A saving counts (as a gain, or as a loss) beyond 1e-6 · max(1, |reference cost|), the auditor's cost tolerance. */
export const SAVING_TOLERANCE = 1e-6;

/** `saving` is a gain against a reference cost `reference` (beyond the tolerance). */
export const gains = (saving: number, reference: number) => saving > SAVING_TOLERANCE * Math.max(1, Math.abs(reference));
/** `saving` is a loss: the house pays more than under the reference (beyond the tolerance). */
export const loses = (saving: number, reference: number) => -saving > SAVING_TOLERANCE * Math.max(1, Math.abs(reference));

export interface Fairness {
  /** houses whose saving is a gain, over all houses (0..1); `null` for no house */
  shareGaining: number | null;
  /** G_RSV of the savings (0..1); `null` for fewer than two houses or all savings 0 */
  savingsGini: number | null;
}

/**
 * Fairness of a set of houses, from each house's cost under the reference
 * run and under the run compared (currency units, same order).
 * @example fairness([20, 20], [10, 30]) // { shareGaining: 0.5, savingsGini: 0.5 }
 */
export function fairness(reference: readonly number[], cost: readonly number[]): Fairness {
  const savings = reference.map((r, k) => r - cost[k]);
  const n = savings.length;
  return {
    shareGaining: n ? savings.filter((s, k) => gains(s, reference[k])).length / n : null,
    savingsGini: giniRsv(savings),
  };
}
