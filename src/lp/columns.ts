/**
 * The one map from the model's variables to LP columns (docs/model.md
 * "Variables"). Every family is an Int32Array indexed like the data —
 * (group, hour), (house, hour) or (trade pair, hour) — holding the column
 * number, or -1 where the variable is left out because it can only be 0:
 *
 * - a house without a battery in its group has no `ch`/`dis`;
 * - `gs[h,t]` and every sale `x[h,·,t]` are bounded by `solar[h,t]`
 *   (rule 6): without PV in that hour they are 0;
 * - a prosumer's `gb[h,t]` and every purchase `x[·,h,t]` are bounded by
 *   `demand[h,t]` (rule 6): with no demand they are 0;
 * - `x[s,r,t]` between two prosumers that both have surplus is 0 (rule 7).
 *
 * Leaving a zero-only column out is exactly the same LP, only smaller.
 * Column bounds carry the simple bounds (rule 2 and rule 6).
 */
import type { Battery, Scenario } from "../community/scenario.js";
import type { Network } from "../community/network.js";
import type { DayProfiles } from "../profiles/profiles.js";
import type { Features } from "../community/features.js";

/** An ordered seller → buyer pair that may trade (seller is a prosumer). */
export interface TradePair {
  seller: number;
  buyer: number;
  /** seller and buyer are in different groups */
  inter: boolean;
}

export type Family = "B" | "dis" | "gb" | "ch" | "gs" | "x" | "pool";

/**
 * One house's trade columns on one side of a trade, for every hour: a pair's
 * `x[s,r,·]` (a sale for s, a purchase for r), or a pooled formulation's sale
 * into / purchase from a pool. Balance rows and cost expressions read trades
 * only through these, so both formulations share them.
 */
export interface TradeColumns {
  house: number;
  side: "buy" | "sell";
  /** priced at the inter-group prices */
  inter: boolean;
  /** column per hour (-1: left out) */
  col: Int32Array;
}

export interface ColumnMap {
  hours: number;
  nCols: number;
  /** `B[g,t]` at `g·T+t` */ B: Int32Array;
  /** `dis[h,t]` at `h·T+t` */ dis: Int32Array;
  /** `gb[h,t]` */ gb: Int32Array;
  /** `ch[h,t]` */ ch: Int32Array;
  /** `gs[h,t]` */ gs: Int32Array;
  /** every pair the features allow, whether or not any hour has a column */
  pairs: TradePair[];
  /** `x[pairs[p],t]` at `p·T+t` */ x: Int32Array;
  /** per column */ lb: Float64Array;
  /** per column (Infinity = no upper bound) */ ub: Float64Array;
  /** per column: its family and the (index, hour) it stands for */
  family: Family[];
  key: Int32Array;
  /** every house's trade columns (from `x` here, from pools in `pooled.ts`) */
  trades: TradeColumns[];
  /** the pooled formulation's pools (absent for the per-pair LP) */
  pools?: Pool[];
  /** the pooled formulation's columns, for `key = member · T + t` */
  poolColumns?: PoolColumnInfo[];
}

/** The trade columns of the per-pair formulation: each pair is a sale for its seller and a purchase for its buyer. */
export function pairTradeColumns(pairs: readonly TradePair[], x: Int32Array, T: number): TradeColumns[] {
  return pairs.flatMap(({ seller, buyer, inter }, p) => {
    const col = x.subarray(p * T, (p + 1) * T);
    return [
      { house: seller, side: "sell" as const, inter, col },
      { house: buyer, side: "buy" as const, inter, col },
    ];
  });
}

/** All ordered pairs (prosumer s → house r ≠ s) that the features allow. */
export function tradePairs(network: Network, features: Features): TradePair[] {
  const pairs: TradePair[] = [];
  for (const s of network.prosumers)
    for (const r of network.houses) {
      if (r.index === s) continue;
      const inter = r.group !== network.houses[s].group;
      if (inter ? features.interTrades : features.intraTrades) pairs.push({ seller: s, buyer: r.index, inter });
    }
  return pairs;
}

/**
 * Lays out one day's columns.
 * @param keepZeroColumns - keep the columns that can only be 0, with upper bound 0
 *   (the LP as docs/model.md writes it; for tests that compare both forms)
 */
export function layoutColumns(
  scenario: Pick<Scenario, "groups">,
  network: Network,
  day: DayProfiles,
  features: Features,
  pairs: TradePair[] = tradePairs(network, features),
  keepZeroColumns = false,
): ColumnMap {
  const T = day.hours;
  const base = layoutHouseColumns(scenario, network, day, features, keepZeroColumns);
  const { add } = base;
  const x = new Int32Array(pairs.length * T).fill(-1);
  pairs.forEach(({ seller: s, buyer: r }, p) => {
    for (let t = 0; t < T; t++) {
      const cap = pairColumnCap(network, day, s, r, t);
      if (cap > 0 || keepZeroColumns) x[p * T + t] = add("x", p * T + t, 0, cap);
    }
  });
  return base.finish({ pairs, x, trades: pairTradeColumns(pairs, x, T) });
}

/**
 * The upper bound of `x[s,r,t]`, kWh: rule 6 (a sale ≤ the seller's PV, a prosumer's purchase ≤ its
 * demand) and rule 7 (none between two prosumers that both have surplus: 0).
 */
export function pairColumnCap(network: Network, day: DayProfiles, s: number, r: number, t: number): number {
  const T = day.hours;
  const buyerIsProsumer = network.houses[r].kind === "prosumer";
  const surplus = (h: number) => day.solar[h * T + t] - day.demand[h * T + t] > 0;
  if (buyerIsProsumer && surplus(s) && surplus(r)) return 0;
  return Math.min(day.solar[s * T + t], buyerIsProsumer ? day.demand[r * T + t] : Infinity);
}

/**
 * The columns every formulation has — `B`, `dis`, `gb`, `ch`, `gs` — and a
 * way to add more; `finish` completes the {@link ColumnMap}.
 */
export function layoutHouseColumns(
  scenario: Pick<Scenario, "groups">,
  network: Network,
  day: DayProfiles,
  features: Features,
  keepZeroColumns: boolean,
) {
  const T = day.hours;
  const N = network.houses.length;
  const G = network.groups.length;
  const lb: number[] = [],
    ub: number[] = [],
    family: Family[] = [],
    key: number[] = [];
  const add = (f: Family, k: number, lo: number, hi: number) => {
    lb.push(lo);
    ub.push(hi);
    family.push(f);
    key.push(k);
    return lb.length - 1;
  };
  const none = (n: number) => new Int32Array(n).fill(-1);
  const B = none(G * T),
    dis = none(N * T),
    gb = none(N * T),
    ch = none(N * T),
    gs = none(N * T);
  const batteryOf = (g: number): Battery | null => (features.battery ? scenario.groups[g].battery : null);

  for (let g = 0; g < G; g++) {
    const b = batteryOf(g);
    // rule 2: b_lower ≤ B[g,t] ≤ b_upper
    if (b) for (let t = 0; t < T; t++) B[g * T + t] = add("B", g * T + t, b.lower, b.upper);
  }
  for (const h of network.houses) {
    const hasBattery = batteryOf(h.group) !== null;
    const prosumer = h.kind === "prosumer";
    for (let t = 0; t < T; t++) {
      const i = h.index * T + t;
      const demand = day.demand[i],
        solar = day.solar[i];
      if (hasBattery) dis[i] = add("dis", i, 0, Infinity);
      // rule 6: a prosumer's gb ≤ its demand and gs ≤ its PV
      if (!prosumer) gb[i] = add("gb", i, 0, Infinity);
      else if (demand > 0 || keepZeroColumns) gb[i] = add("gb", i, 0, demand);
      if (prosumer && hasBattery) ch[i] = add("ch", i, 0, Infinity);
      if (prosumer && (solar > 0 || keepZeroColumns)) gs[i] = add("gs", i, 0, solar);
    }
  }
  const finish = (trade: Pick<ColumnMap, "pairs" | "x" | "trades" | "pools" | "poolColumns">): ColumnMap => ({
    hours: T,
    nCols: lb.length,
    B,
    dis,
    gb,
    ch,
    gs,
    ...trade,
    lb: Float64Array.from(lb),
    ub: Float64Array.from(ub),
    family,
    key: Int32Array.from(key),
  });
  return { add, finish };
}

// The pooled formulation's pools and their columns (built in pooled.ts).

/** A pool member's column per hour. */
export interface PoolMember {
  house: number;
  col: Int32Array;
}

/** A row repeated every hour: `lb ≤ Σ coef·col[t] ≤ ub`. */
export interface PoolRow {
  terms: [Int32Array, number][];
  lb: number;
  ub: number;
}

export interface Pool {
  /** 0-based pool number */
  index: number;
  /** the group whose houses trade in it, or null for the pool between groups */
  group: number | null;
  /** S: its sellers have surplus that hour (rule 7: they sell only to houses without); N: they have none */
  cls: "S" | "N";
  sellers: PoolMember[];
  buyers: PoolMember[];
  /** the pool's balance row and, between groups, its volume row and each group's row */
  rows: PoolRow[];
}

/** The column ids of pooled columns: `key = member · T + t` into this list. */
export interface PoolColumnInfo {
  pool: number;
  /** the member house (−1 for the pool's volume column) */
  house: number;
  /** a member's sale into or purchase from the pool, or the pool's volume (between groups) */
  side: "buy" | "sell" | "volume";
}
