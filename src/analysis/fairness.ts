/**
 * Who gains: per-house savings against a reference run, the share of houses
 * that gain and the Gini index of the savings (gini.ts).
 */
import { giniRsv } from "./gini.js";
import { InputError } from "../errors/errors.js";

/** A saving counts (as a gain, or as a loss) beyond 1e-6 · max(1, |reference cost|), the auditor's cost tolerance. */
export const SAVING_TOLERANCE = 1e-6;

/** `saving` is a gain against a reference cost `reference` (beyond the tolerance). */
export const gains = (saving: number, reference: number) =>
  saving > SAVING_TOLERANCE * Math.max(1, Math.abs(reference));
/** `saving` is a loss: the house pays more than under the reference (beyond the tolerance). */
export const loses = (saving: number, reference: number) =>
  -saving > SAVING_TOLERANCE * Math.max(1, Math.abs(reference));

export interface Fairness {
  /** houses whose saving is a gain, over all houses (0..1); `null` for no house */
  shareGaining: number | null;
  /** G_RSV of the savings (0..1); `null` for fewer than two houses or all savings 0 */
  savingsGini: number | null;
}

/**
 * Fairness of a set of houses, from each house's cost under the reference
 * run and under the run compared (currency units, same order).
 * @example fairness([20, 20], [10, 30]) // => { shareGaining: 0.5, savingsGini: 0.5 }
 */
export function fairness(reference: readonly number[], cost: readonly number[]): Fairness {
  if (!Array.isArray(reference) || !Array.isArray(cost) || reference.length !== cost.length)
    throw new InputError(
      "fairness",
      `needs two lists of costs of the same length, got ${reference?.length} and ${cost?.length}`,
    );
  for (const [name, list] of [
    ["reference", reference],
    ["cost", cost],
  ] as const)
    list.forEach((v, k) => {
      if (typeof v !== "number" || !Number.isFinite(v))
        throw new InputError(`fairness: ${name}[${k}]`, `must be a finite number, got ${String(v)}`);
    });
  const savings = reference.map((r, k) => r - cost[k]);
  const n = savings.length;
  return {
    shareGaining: n ? savings.filter((s, k) => gains(s, reference[k])).length / n : null,
    savingsGini: giniRsv(savings),
  };
}

/** {@link Fairness} of a scope's houses, with the scope's total saving. */
export interface ScopeFairness extends Fairness {
  /** Σ reference cost − Σ cost over the houses, currency units */
  saving: number;
}

/**
 * Savings and fairness of a set of houses, each house's cost looked up by
 * id under the reference run and under the run compared (currency units).
 * The one place the sweep and the KPI table compute fairness.
 * @example scopeFairness(["a", "b"], { a: 20, b: 20 }, { a: 10, b: 30 }) // => { saving: 0, shareGaining: 0.5, savingsGini: 0.5 }
 * @throws RangeError when a house has no cost in either table
 */
export function scopeFairness(
  houses: readonly string[],
  reference: Readonly<Record<string, number>>,
  cost: Readonly<Record<string, number>>,
): ScopeFairness {
  const get = (t: Readonly<Record<string, number>>, id: string) => {
    const v = t[id];
    if (v === undefined) throw new RangeError(`no cost for house "${id}"`);
    return v;
  };
  const ref = houses.map((h) => get(reference, h)),
    own = houses.map((h) => get(cost, h));
  return { saving: ref.reduce((a, b) => a + b, 0) - own.reduce((a, b) => a + b, 0), ...fairness(ref, own) };
}
