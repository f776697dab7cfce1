/**
 * The pooled trade formulation. Trade prices depend only on whether seller
 * and buyer share a group, so each hour's trades can go through pools
 * instead of one column per (prosumer, other house) pair: one pool per
 * group (intra prices) and one between groups (inter prices), each split by
 * the seller's surplus class so that rule 7 holds — class S (sellers with
 * surplus) sells only to houses without surplus, class N (sellers without
 * surplus) to anyone. A house has one column per pool it sells into and one
 * per pool it buys from: O(houses × groups) columns instead of
 * O(prosumers × houses).
 *
 * It is a relaxation of docs/model.md's LP: rule 6's per-pair caps (a sale ≤ the
 * seller's PV, a prosumer's purchase ≤ its demand) hold only in aggregate
 * (column bounds: what one house can sell or buy in a pool if every pair were
 * at its cap), and the inter-group pool keeps its flows between different
 * groups only through one row per group (what the group's members sell and
 * buy together is at most the pool's volume: Hall's condition for a
 * complete multipartite market). `decompose.ts` splits a
 * solution into pair trades that respect every cap, or reports that it cannot,
 * and the day is then solved with the per-pair LP.
 */
import type { Scenario } from "../community/scenario.js";
import type { Network } from "../community/network.js";
import type { DayProfiles } from "../profiles/profiles.js";
import type { Features } from "../community/features.js";
import { MinSumsBuffer } from "./pool-caps.js";
import {
  layoutHouseColumns,
  type ColumnMap,
  type Pool,
  type PoolColumnInfo,
  type PoolMember,
  type PoolRow,
  type TradeColumns,
} from "./columns.js";

export type { Pool, PoolColumnInfo, PoolMember, PoolRow } from "./columns.js";

/**
 * The formulation with fewer trade columns per hour for this community: the
 * per-pair LP for small communities (the demo's 5 houses: 12 pair columns
 * against 32 pooled ones), pools from a few dozen houses on (100 houses in
 * 10 groups: 4 950 against 340). Both give the same plan costs, carried
 * levels and fair bills; only the work differs.
 * @example chooseFormulation(buildNetwork(demoScenario()), FULL_FEATURES) // => "pair"
 */
export function chooseFormulation(network: Network, features: Features): "pair" | "pooled" {
  const P = network.prosumers.length,
    N = network.houses.length;
  let pair = 0,
    pooled = 0;
  for (const g of network.groups) {
    const p = g.prosumers.length,
      n = g.houses.length;
    if (features.intraTrades) {
      pair += p * (n - 1);
      pooled += 2 * (p + n);
    }
    if (features.interTrades) pair += p * (N - n);
  }
  if (features.interTrades && network.groups.length > 1) pooled += 2 * (P + N + 1);
  return pooled < pair ? "pooled" : "pair";
}

/** A trade cap of rule 6 for seller s and buyer r in one hour (Infinity: none besides the seller's PV). */
export function pairCap(network: Network, day: DayProfiles, s: number, r: number, t: number): number {
  const T = day.hours;
  const rIsProsumer = network.houses[r].kind === "prosumer";
  return Math.min(day.solar[s * T + t], rIsProsumer ? day.demand[r * T + t] : Infinity);
}

/** Each member's aggregate cap in one pool, every hour, kWh: `sell[j·T+t]` (j-th seller), `buy[j·T+t]` (buyer). */
export interface PoolCaps {
  sell: Float64Array;
  buy: Float64Array;
}

/**
 * Rule 6 in aggregate for the pool of `group` (null: between groups) and class `cls`: what each
 * member could sell (buy) in it each hour with every pair at its cap — {@link PoolHourCaps}'s
 * numbers, the same operations on the same values, from arrays. Sellers are the pool's
 * prosumers and buyers its houses, in house order (the order of {@link Pool}'s members).
 */
export function poolCaps(network: Network, day: DayProfiles, group: number | null, cls: "S" | "N"): PoolCaps {
  const T = day.hours;
  const houses = network.houses;
  const inter = group === null;
  const surplus = (h: number, t: number) =>
    houses[h].kind === "prosumer" && day.solar[h * T + t] - day.demand[h * T + t] > 0;
  const inPool = (h: number) => inter || houses[h].group === group;
  const sellerIds = network.prosumers.filter(inPool);
  const buyerIds = houses.filter((h) => inPool(h.index)).map((h) => h.index);
  const sellerOk = (s: number, t: number) => (cls === "S") === surplus(s, t);
  const buyerOk = (r: number, t: number) => cls === "N" || !surplus(r, t); // rule 7
  const sell = new Float64Array(sellerIds.length * T),
    buy = new Float64Array(buyerIds.length * T);
  // this hour's eligible sellers' PV and buyers' caps by house (NaN: not eligible)
  const pv = new Float64Array(houses.length),
    cap = new Float64Array(houses.length);
  const sums = (n: number) => ({ s: new MinSumsBuffer(n), b: new MinSumsBuffer(n) });
  const all = sums(buyerIds.length);
  const byGroup = inter ? network.groups.map((g) => sums(g.houses.length)) : [];
  // Σ min(a, v) over the other side's eligible members that may trade with house h: between
  // groups not with h's own group (h included), in a group's pool not with h itself
  const against = (h: number, a: number, side: "s" | "b") => {
    let sum = all[side].sumMinInf(a);
    if (inter) sum -= byGroup[houses[h].group][side].sumMinInf(a);
    else {
      const self = side === "b" ? cap[h] : pv[h];
      if (!Number.isNaN(self)) sum -= Math.min(a, self);
    }
    return Math.max(0, sum); // rounding of the differences must not give a negative bound
  };
  for (let t = 0; t < T; t++) {
    for (const m of [all, ...byGroup]) (m.s.clear(), m.b.clear());
    for (const s of sellerIds) {
      pv[s] = NaN;
      if (!sellerOk(s, t)) continue;
      pv[s] = day.solar[s * T + t];
      all.s.push(pv[s]);
      if (inter) byGroup[houses[s].group].s.push(pv[s]);
    }
    for (const r of buyerIds) {
      cap[r] = NaN;
      if (!buyerOk(r, t)) continue;
      cap[r] = houses[r].kind === "prosumer" ? day.demand[r * T + t] : Infinity;
      all.b.push(cap[r]);
      if (inter) byGroup[houses[r].group].b.push(cap[r]);
    }
    for (const m of [all, ...byGroup]) (m.s.seal(), m.b.seal());
    sellerIds.forEach((s, j) => {
      if (!Number.isNaN(pv[s])) sell[j * T + t] = against(s, pv[s], "b");
    });
    buyerIds.forEach((r, j) => {
      if (!Number.isNaN(cap[r])) buy[j * T + t] = against(r, cap[r], "s");
    });
  }
  return { sell, buy };
}

/**
 * Lays out one day's columns in the pooled formulation. Every column is kept
 * (bounds 0 where the data allow nothing), so the LP's pattern is the same on
 * every day and a day changes only bounds.
 */
export function layoutPooledColumns(
  scenario: Pick<Scenario, "groups">,
  network: Network,
  day: DayProfiles,
  features: Features,
): ColumnMap {
  const T = day.hours;
  const base = layoutHouseColumns(scenario, network, day, features, true);
  const houses = network.houses;
  const pools: Pool[] = [];
  const poolColumns: PoolColumnInfo[] = [];
  const specs: { group: number | null; cls: "S" | "N" }[] = [];
  if (features.intraTrades)
    for (const g of network.groups) for (const cls of ["S", "N"] as const) specs.push({ group: g.index, cls });
  if (features.interTrades && network.groups.length > 1)
    for (const cls of ["S", "N"] as const) specs.push({ group: null, cls });

  for (const { group, cls } of specs) {
    const index = pools.length;
    const inPool = (h: number) => group === null || houses[h].group === group;
    const sellerIds = network.prosumers.filter(inPool);
    const buyerIds = houses.filter((h) => inPool(h.index)).map((h) => h.index);
    const member = (house: number, side: "buy" | "sell", ub: (t: number) => number): PoolMember => {
      const j = poolColumns.length;
      poolColumns.push({ pool: index, house, side });
      const col = new Int32Array(T);
      for (let t = 0; t < T; t++) col[t] = base.add("pool", j * T + t, 0, ub(t));
      return { house, col };
    };
    const caps = poolCaps(network, day, group, cls);
    const sellers = sellerIds.map((s, j) => member(s, "sell", (t) => caps.sell[j * T + t]));
    const buyers = buyerIds.map((r, j) => member(r, "buy", (t) => caps.buy[j * T + t]));
    const col = (m: PoolMember, sign: number) => [m.col, sign] as [Int32Array, number];
    const rows: PoolRow[] = [
      { terms: [...sellers.map((m) => col(m, 1)), ...buyers.map((m) => col(m, -1))], lb: 0, ub: 0 },
    ];
    if (group === null) {
      // Between groups, group g's houses buy only from other groups' sellers and sell only to
      // other groups' buyers: with the pool's volume V = Σ sales = Σ purchases, both say
      // (what g's members sell) + (what they buy) ≤ V, one row per group — against a column
      // holding V, so each row has g's members and one more term, not the whole pool
      const volume: PoolMember = { house: -1, col: new Int32Array(T) };
      const j = poolColumns.length;
      poolColumns.push({ pool: index, house: -1, side: "volume" });
      for (let t = 0; t < T; t++) volume.col[t] = base.add("pool", j * T + t, 0, Infinity);
      rows.push({ terms: [...sellers.map((m) => col(m, 1)), col(volume, -1)], lb: 0, ub: 0 });
      for (const g of network.groups) {
        const inG = (m: PoolMember) => houses[m.house].group === g.index;
        rows.push({
          terms: [
            ...sellers.filter(inG).map((m) => col(m, 1)),
            ...buyers.filter(inG).map((m) => col(m, 1)),
            col(volume, -1),
          ],
          lb: -Infinity,
          ub: 0,
        });
      }
    }
    pools.push({ index, group, cls, sellers, buyers, rows });
  }
  const trades: TradeColumns[] = pools.flatMap((p) => [
    ...p.sellers.map((m) => ({ house: m.house, side: "sell" as const, inter: p.group === null, col: m.col })),
    ...p.buyers.map((m) => ({ house: m.house, side: "buy" as const, inter: p.group === null, col: m.col })),
  ]);
  return base.finish({ pairs: [], x: new Int32Array(0), trades, pools, poolColumns });
}
