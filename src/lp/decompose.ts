/**
 * From pools back to pairs: splits each pool's flows in each hour into
 * seller → buyer trades that respect docs/model.md's per-pair rules — rule 6
 * (a sale ≤ the seller's PV that hour; a purchase by a prosumer ≤ its
 * demand), no trade with oneself, and between groups only across groups.
 * A deterministic greedy fill (sellers and buyers in house order) is tried
 * first; where it leaves something over, an exact max-flow decides. If a
 * pool's hour cannot be split, the pooled plan is not a plan of docs/model.md's
 * LP and the caller solves the day with the per-pair formulation.
 */
import type { Network } from "../community/network.js";
import type { DayProfiles } from "../profiles/profiles.js";
import type { TradeFlow } from "../flows/flows.js";
import type { DayModel } from "./day.js";
import { pairCap } from "./pooled.js";
import { maxFlow } from "./max-flow.js";

/** Amounts below this (kWh) are solver noise: not traded, not missing. */
const EPS = 1e-9;
/** A pool-hour whose split leaves more than this (kWh) unplaced does not decompose. */
export const DECOMPOSE_TOLERANCE = 1e-7;
/**
 * A pool-hour whose sales and purchases differ by more than this (kWh) does not decompose. Within it,
 * the difference is the solver's residual on the pool's balance row (a fair plan read back from the
 * chain of reduced LPs has shown 1.3e-7 on a pool of 500 sellers), and the larger side is scaled down to
 * the smaller one's total before the split: each member gives up at most this much, half the
 * auditor's kWh tolerance (1e-6), so every house's balance stays within the audit's.
 */
export const BALANCE_TOLERANCE = 5e-7;

export interface Decomposition {
  /** the pair trades of the day (only when every pool-hour split) */
  trades: TradeFlow[] | null;
  /**
   * `x` with every pool column set to what its member trades in the split
   * (within {@link BALANCE_TOLERANCE} + {@link DECOMPOSE_TOLERANCE} of the solver's value): bills read
   * from it are the bills of the reported pair trades (only with `trades`)
   */
  x: Float64Array | null;
  /** pool-hours that needed the max-flow after the greedy fill */
  maxFlowHours: number;
  /** pool-hours that could not be split: `[pool, hour]` */
  failed: [number, number][];
  /** pool-hours with any trade */
  activeHours: number;
}

/**
 * Splits the pooled solution `x` of `model` into pair trades.
 * @example const d = decompose(model, x, network, day); d.trades ?? "solve per pair"
 */
export function decompose(model: DayModel, x: Float64Array, network: Network, day: DayProfiles): Decomposition {
  const T = day.hours;
  const byPair = new Map<number, Float64Array>();
  const N = network.houses.length;
  const add = (s: number, r: number, t: number, q: number) => {
    const k = s * N + r;
    let a = byPair.get(k);
    if (!a) byPair.set(k, (a = new Float64Array(T)));
    a[t] += q;
  };
  const out: Decomposition = { trades: null, x: null, maxFlowHours: 0, failed: [], activeHours: 0 };
  const placed = Float64Array.from(x);
  for (const pool of model.cols.pools ?? []) {
    for (let t = 0; t < T; t++) {
      const supply = pool.sellers.map((m) => Math.max(0, x[m.col[t]]));
      const need = pool.buyers.map((m) => Math.max(0, x[m.col[t]]));
      const S = sum(supply),
        D = sum(need);
      if (S <= EPS && D <= EPS) continue;
      out.activeHours++;
      if (Math.abs(S - D) > BALANCE_TOLERANCE) {
        out.failed.push([pool.index, t]);
        continue;
      }
      balance(supply, S, need, D);
      const cap = (i: number, j: number) => {
        const s = pool.sellers[i].house,
          r = pool.buyers[j].house;
        if (s === r || (pool.group === null && network.houses[s].group === network.houses[r].group)) return 0;
        return pairCap(network, day, s, r, t);
      };
      let split = greedy(supply, need, cap);
      if (!split) {
        out.maxFlowHours++;
        split = exact(supply, need, cap);
      }
      if (!split) {
        out.failed.push([pool.index, t]);
        continue;
      }
      for (const m of [...pool.sellers, ...pool.buyers]) placed[m.col[t]] = 0;
      for (const [i, j, q] of split) {
        add(pool.sellers[i].house, pool.buyers[j].house, t, q);
        placed[pool.sellers[i].col[t]] += q;
        placed[pool.buyers[j].col[t]] += q;
      }
    }
  }
  if (out.failed.length > 0) return out;
  out.x = placed;
  out.trades = [...byPair.entries()]
    .sort((a, b) => a[0] - b[0])
    .map(([k, kwh]) => ({ seller: Math.floor(k / N), buyer: k % N, kwh }));
  return out;
}

type Split = [number, number, number][];

const sum = (v: number[]) => v.reduce((a, b) => a + b, 0);

/** Scales the side with the larger total (`S` or `D`) down to the other's, in place. */
function balance(supply: number[], S: number, need: number[], D: number): void {
  const [side, f] = S > D ? [supply, D / S] : [need, S / D];
  if (f < 1) for (let i = 0; i < side.length; i++) side[i] *= f;
}

/** Fill buyers in order from sellers in order; null if anything is left over. */
function greedy(supply: number[], need: number[], cap: (i: number, j: number) => number): Split | null {
  const left = supply.slice();
  const out: Split = [];
  let unplaced = 0;
  for (let j = 0; j < need.length; j++) {
    let want = need[j];
    for (let i = 0; i < left.length && want > EPS; i++) {
      if (left[i] <= EPS) continue;
      const q = Math.min(left[i], want, cap(i, j));
      if (q <= 0) continue;
      out.push([i, j, q]);
      left[i] -= q;
      want -= q;
    }
    unplaced += Math.max(0, want);
  }
  for (const l of left) unplaced += Math.max(0, l);
  return unplaced <= DECOMPOSE_TOLERANCE ? out : null;
}

/** The exact split by max-flow (source → sellers → buyers → sink); null if it cannot place everything. */
function exact(supply: number[], need: number[], cap: (i: number, j: number) => number): Split | null {
  const nS = supply.length,
    nB = need.length;
  const source = nS + nB,
    sink = source + 1;
  const edges: [number, number, number][] = [];
  supply.forEach((v, i) => v > EPS && edges.push([source, i, v]));
  need.forEach((v, j) => v > EPS && edges.push([nS + j, sink, v]));
  const pairEdges: [number, number, number][] = [];
  for (let i = 0; i < nS; i++) {
    if (supply[i] <= EPS) continue;
    for (let j = 0; j < nB; j++) {
      if (need[j] <= EPS) continue;
      const c = cap(i, j);
      if (c > 0) {
        pairEdges.push([i, j, edges.length]);
        edges.push([i, nS + j, c]);
      }
    }
  }
  const { value, flow } = maxFlow(sink + 1, edges, source, sink);
  const total = Math.max(sum(supply), sum(need));
  if (total - value > DECOMPOSE_TOLERANCE) return null;
  return pairEdges.filter(([, , e]) => flow[e] > EPS).map(([i, j, e]) => [i, j, flow[e]]);
}
