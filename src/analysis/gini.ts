/**
 * The Gini index of values that may be negative (savings can be: a house may
 * pay more in the community than alone).
 *
 * The ordinary Gini index, Σᵢ Σⱼ |yᵢ − yⱼ| / (2 N² μ), is meaningless when
 * some values are negative (μ can be 0 or negative and the index leaves
 * [0, 1]). Raffinetti, Siletti and Vernizzi keep the numerator and replace
 * μ by μ_RSV = (T⁺ + T⁻) / N, with T⁺ the sum of the positive values and T⁻
 * the absolute sum of the negative ones:
 *
 *     G_RSV = Σᵢ Σⱼ |yᵢ − yⱼ| / (2 N (T⁺ + T⁻))
 *
 * Their normalising case is the "polarised" distribution: all of T⁺ held by
 * one unit, −T⁻ by another, the rest 0. G_RSV lies in [0, 1]; with no
 * negative value it is the ordinary Gini index. This is the unweighted
 * form computed by the R package GiniWegNeg (`Gini_RSV`); the paper's
 * finite-sample form divides by 2 (N − 1)(T⁺ + T⁻) instead (multiply by
 * N / (N − 1) to get it), reaching 1 in the polarised case.
 *
 * E. Raffinetti, E. Siletti, A. Vernizzi (2015), On the Gini coefficient
 * normalization when attributes with negative values are considered,
 * Statistical Methods & Applications 24, 507–521, doi:10.1007/s10260-014-0293-4.
 * Earlier proposal: C.-N. Chen, T.-W. Tsaur, T.-S. Rhai (1982), The Gini
 * coefficient and negative income, Oxford Economic Papers 34, 473–478.
 */

import { InputError } from "../errors/errors.js";

/**
 * G_RSV of `values` (see the module comment): 0 when all values are equal,
 * `null` when there are fewer than two values or all are 0.
 * @example giniRsv([1, 1, 1, 1]) // => 0
 * @example giniRsv([0, 0, 0, 4]) // => 0.75 // (the ordinary Gini)
 * @example giniRsv([-7, 17]) // => 0.5 // 48 / (2·2·24)
 */
export function giniRsv(values: readonly number[]): number | null {
  if (!Array.isArray(values)) throw new InputError("giniRsv", `needs a list of numbers, got ${typeof values}`);
  values.forEach((v, k) => {
    if (typeof v !== "number" || !Number.isFinite(v))
      throw new InputError(`giniRsv: values[${k}]`, `must be a finite number, got ${String(v)}`);
  });
  const n = values.length;
  if (n < 2) return null;
  const y = [...values].sort((a, b) => a - b);
  // Σᵢ Σⱼ |yᵢ − yⱼ| = 2 Σᵢ (2i − n − 1) y₍ᵢ₎ for sorted y (i = 1..n)
  let pairs = 0,
    tPos = 0,
    tNeg = 0;
  y.forEach((v, k) => {
    pairs += 2 * (2 * (k + 1) - n - 1) * v;
    if (v > 0) tPos += v;
    else tNeg -= v;
  });
  const scale = tPos + tNeg;
  if (scale === 0) return null;
  return Math.max(0, pairs / (2 * n * scale));
}
