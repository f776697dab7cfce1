/**
 * Owns: the Shapley value of a cooperative game whose worth v(C) is given by
 * an (asynchronous) function of the coalition — exact (every coalition) or
 * sampled (random player orders, each player's value with its standard error).
 * Imports: errors only (and seedrandom); what a coalition is worth is the
 * caller's business (coalition.ts runs the community of a coalition).
 */
import seedrandom from "seedrandom";
import { InputError } from "../errors/errors.js";
import * as message from "../errors/messages.js";

/** The worth of a coalition: its players' indices in increasing order → v(C). v(∅) = 0 is never asked for. */
export type Worth = (players: readonly number[]) => Promise<number>;

/** Each player's Shapley value, and how it was obtained. */
export interface ShapleyValue {
  /** φ_i per player, in the unit of v */
  values: number[];
  /** standard error of each φ_i (sampled only; 0 for exact) */
  se: number[];
  /** every coalition's worth was used */
  exact: boolean;
  /** sampled: the player orders drawn */
  samples: number;
  /** sampled with a target: the target standard error (reached when every `se` is at most it) */
  targetSe?: number;
}

/**
 * Asks for the worths of many coalitions at once, before `worth` is asked for
 * them one by one (so a caller may compute them in parallel). Optional: the
 * values never depend on it.
 */
export type Prefetch = (coalitions: readonly (readonly number[])[]) => Promise<void>;

/** Coalitions per {@link Prefetch} batch of the exact value. */
const EXACT_BATCH = 4096;

/** Above this many players the exact value is not computed by default (2^12 − 1 = 4095 coalitions). */
export const EXACT_SHAPLEY_LIMIT = 12;

/** Player orders drawn before a target standard error may stop the sampling. */
export const MIN_SHAPLEY_SAMPLES = 10;

const members = (mask: number, n: number) => {
  const out: number[] = [];
  for (let i = 0; i < n; i++) if (mask & (1 << i)) out.push(i);
  return out;
};

/**
 * The exact Shapley value of an n-player game (n ≤ 30):
 * φ_i = Σ_{S ⊆ N∖{i}} |S|! (n − |S| − 1)! / n! · (v(S ∪ {i}) − v(S)).
 * Asks `worth` for each of the 2^n − 1 non-empty coalitions once, in increasing mask order
 * (`prefetch`, if given, for batches of them first).
 * @example await shapleyExact(2, async (c) => (c.length === 2 ? 10 : c[0] === 0 ? 4 : 2)) // values [6, 4]
 */
export async function shapleyExact(n: number, worth: Worth, prefetch?: Prefetch): Promise<ShapleyValue> {
  if (!Number.isInteger(n) || n < 1 || n > 30) throw new InputError("shapley", message.exactPlayers(n));
  const v = new Float64Array(1 << n);
  for (let from = 1; from < 1 << n; from += EXACT_BATCH) {
    const to = Math.min(1 << n, from + EXACT_BATCH);
    if (prefetch) await prefetch(Array.from({ length: to - from }, (_, k) => members(from + k, n)));
    for (let mask = from; mask < to; mask++) v[mask] = await worth(members(mask, n));
  }
  // weight[s] = s! (n − s − 1)! / n!, built as a product to stay finite
  const weight = Array.from({ length: n }, (_, s) => {
    let w = 1 / n;
    for (let k = 1; k <= s; k++) w *= k / (n - k);
    return w;
  });
  const values = new Array<number>(n).fill(0);
  for (let mask = 0; mask < 1 << n; mask++) {
    const size = popCount(mask);
    for (let i = 0; i < n; i++) if (!(mask & (1 << i))) values[i] += weight[size] * (v[mask | (1 << i)] - v[mask]);
  }
  return { values, se: new Array<number>(n).fill(0), exact: true, samples: 0 };
}

function popCount(x: number): number {
  let c = 0;
  for (; x; x &= x - 1) c++;
  return c;
}

/** How {@link shapleySampled} draws and when it stops. */
export interface SamplingOptions {
  /** the most player orders to draw (the budget), ≥ 2 */
  samples: number;
  /** stop once every player's standard error is at most this (after {@link MIN_SHAPLEY_SAMPLES} orders), in the unit of v */
  targetSe?: number;
  /** seed of the random orders (the same seed gives the same orders) */
  seed: number | string;
}

/**
 * The Shapley value estimated from random player orders (Castro, Gómez,
 * Tejada 2009): for each order, each player's marginal contribution
 * v(P ∪ {i}) − v(P) to the players P before it; φ_i is the mean over the
 * orders, its standard error the sample standard deviation / √orders.
 * Every order's contributions add up to v(N), so Σ φ_i = v(N) whatever the draw.
 * With `prefetch`, orders are drawn {@link MIN_SHAPLEY_SAMPLES} at a time and
 * their coalitions prefetched; the orders, and so the values, are the same
 * (a target error may stop within a batch, leaving some prefetched unused).
 * @example await shapleySampled(3, worth, { samples: 200, targetSe: 0.5, seed: 42 })
 */
export async function shapleySampled(
  n: number,
  worth: Worth,
  o: SamplingOptions,
  prefetch?: Prefetch,
): Promise<ShapleyValue> {
  if (!Number.isInteger(o.samples) || o.samples < 2)
    throw new InputError("shapley samples", message.wholeNumberAtLeast(2, String(o.samples)));
  const rng = seedrandom(String(o.seed));
  // Welford's running mean and sum of squared deviations, per player
  const mean = new Array<number>(n).fill(0),
    m2 = new Array<number>(n).fill(0);
  let m = 0;
  const se = () => mean.map((_, i) => (m < 2 ? Infinity : Math.sqrt(m2[i] / (m - 1) / m)));
  const ahead: number[][] = [];
  while (m < o.samples) {
    if (ahead.length === 0) {
      // the same rng calls in the same order with or without prefetch: the same orders
      const batch = prefetch ? Math.min(MIN_SHAPLEY_SAMPLES, o.samples - m) : 1;
      for (let k = 0; k < batch; k++) ahead.push(shuffled(n, rng));
      const prefixes = (ord: number[]) => ord.map((_, j) => ord.slice(0, j + 1).sort((a, b) => a - b));
      if (prefetch) await prefetch(ahead.flatMap(prefixes));
    }
    const order = ahead.shift()!;
    m++;
    let before: number[] = [],
      vBefore = 0;
    for (const i of order) {
      before = [...before, i].sort((a, b) => a - b);
      const vNow = await worth(before);
      const x = vNow - vBefore,
        d = x - mean[i];
      mean[i] += d / m;
      m2[i] += d * (x - mean[i]);
      vBefore = vNow;
    }
    if (o.targetSe !== undefined && m >= Math.min(MIN_SHAPLEY_SAMPLES, o.samples) && Math.max(...se()) <= o.targetSe)
      break;
  }
  return {
    values: mean,
    se: se(),
    exact: false,
    samples: m,
    ...(o.targetSe !== undefined ? { targetSe: o.targetSe } : {}),
  };
}

/** 0..n−1 in a random order (Fisher–Yates). */
function shuffled(n: number, rng: () => number): number[] {
  const a = Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(rng() * (i + 1));
    [a[i], a[j]] = [a[j], a[i]];
  }
  return a;
}
