/**
 * The run ledger: every fact of a solved run once, per (day, hour, house),
 * from which every results table is a fold (results.ts, analysis/kpis.ts,
 * analysis/savings.ts, the sweep rows, the energy-source chart).
 *
 * What it holds, and at which resolution:
 *
 * | quantity                                   | resolution          | unit           | source                                   |
 * |--------------------------------------------|---------------------|----------------|------------------------------------------|
 * | demand, PV                                 | day × hour × house  | kWh            | the profiles (`profileIndex`)            |
 * | grid purchase / sale, charge, discharge    | day × hour × house  | kWh            | the day's flows                          |
 * | bought / sold inside and between groups    | day × hour × house  | kWh            | the day's trades, split by group         |
 * | cost, stand-alone cost, saving of the hour | day × hour × house  | currency units | the hour's prices × the hour's flows     |
 * | bill, stand-alone cost, saving of the day  | day × house         | currency units | `DaySolution.houseCosts`, `standaloneCosts` |
 * | battery level, group charge and discharge  | day × hour × group  | kWh            | the day's flows                          |
 * | kWh traded per (seller, buyer)             | run                 | kWh            | the day's trades                         |
 *
 * The day's bill is the authoritative figure (the LP's cost expression of
 * the house, docs/model.md "Costs and objective", and under fair bills the
 * tie-broken split); every cost table sums the daily values. The hourly
 * cost is the same formula evaluated on one hour's flows and prices: it
 * tells *when* a house paid, and over a day it sums to the bill within the
 * auditor's tolerance (1e-6 · max(1, |bill|)), not bit for bit. Saving is
 * always stand-alone cost − cost (docs/model.md "Fair bills").
 *
 * Scopes (house → group → community) group the houses the way PyPSA's
 * `statistics` module groups components by bus carrier or country: a
 * {@link ScopeUnit} names a set of houses by id, and a fold sums over its
 * members. Everything is keyed by id; positions are internal.
 */
import type { SimulationResult } from "../simulation/simulate.js";
import type { Network } from "../community/network.js";
import { profileIndex } from "../profiles/profiles.js";
import { dayPrices, hourCost, standaloneHourCost } from "../prices/prices.js";

/** Where a figure is measured: one house, one group, or the whole community. */
export type Scope = "house" | "group" | "community";

/** The scopes from smallest to largest. */
export const SCOPES: readonly Scope[] = ["house", "group", "community"];

/** A set of houses a figure is summed over. */
export interface ScopeUnit {
  scope: Scope;
  /** house id (`g1h2`), group id (`g1`) or `community` */
  id: string;
  /** the group id; empty for the community */
  group: string;
  /** ids of the member houses, network order */
  houses: readonly string[];
}

/**
 * Every scope unit of a network: each house (network order), each group,
 * then the community.
 * @example scopeUnits(buildNetwork(demoScenario())).map(u => u.id)
 *   // ["g1h1", "g1h2", "g1h3", "g2h1", "g2h2", "g1", "g2", "community"]
 */
export function scopeUnits(network: Network): ScopeUnit[] {
  return [
    ...network.houses.map((h) => ({
      scope: "house" as const,
      id: h.id,
      group: network.groups[h.group].id,
      houses: [h.id],
    })),
    ...network.groups.map((g) => ({
      scope: "group" as const,
      id: g.id,
      group: g.id,
      houses: g.houses.map((h) => network.houses[h].id),
    })),
    { scope: "community" as const, id: "community", group: "", houses: network.houses.map((h) => h.id) },
  ];
}

/** The per-(day, hour, house) energy quantities, kWh. */
export const ENERGY_FIELDS = [
  "demand",
  "solar",
  "gridPurchase",
  "gridSale",
  "charge",
  "discharge",
  "boughtIntra",
  "boughtInter",
  "soldIntra",
  "soldInter",
] as const;
export type EnergyField = (typeof ENERGY_FIELDS)[number];

/** The per-(day, hour, house) money quantities, currency units. */
export const MONEY_FIELDS = ["cost", "standaloneCost", "saving"] as const;
export type MoneyField = (typeof MONEY_FIELDS)[number];

/** kWh one house sold to another over the run. */
export interface TradeTotal {
  seller: string;
  buyer: string;
  inter: boolean;
  kwh: number;
}

/** See the module comment. Arrays are indexed with {@link Ledger.at}, {@link Ledger.atDay}, {@link Ledger.atGroup}. */
export interface Ledger {
  network: Network;
  /** days solved */
  days: number;
  hours: number;
  /** kWh per (day, hour, house) */
  energy: Record<EnergyField, Float64Array>;
  /** currency units per (day, hour, house): the hour's share */
  money: Record<MoneyField, Float64Array>;
  /** currency units per (day, house): the day's bill, stand-alone cost and saving */
  day: Record<MoneyField, Float64Array>;
  /** the solver's objective per day (the community's cost), currency units */
  objective: Float64Array;
  /** battery level after the hour per (day, hour, group), kWh; NaN for a group without battery */
  level: Float64Array;
  /** kWh per (day, hour, group) into / out of the group's battery (houses' side) */
  groupCharge: Float64Array;
  groupDischarge: Float64Array;
  /** kWh per (seller, buyer) pair that traded, sellers then buyers in network order */
  trades: TradeTotal[];
  /** index of (0-based day, hour, house index) */
  at(day: number, hour: number, house: number): number;
  /** index of (0-based day, house index) */
  atDay(day: number, house: number): number;
  /** index of (0-based day, hour, group index) */
  atGroup(day: number, hour: number, group: number): number;
}

const ledgers = new WeakMap<SimulationResult, Ledger>();

/**
 * The ledger of a run (built once per result and cached).
 * @example
 *   const l = ledgerOf(await simulate(demoScenario(), profiles, { days: 7 }));
 *   l.energy.gridPurchase[l.at(0, 12, 0)] // kWh g1h1 bought from the grid on day 1, 12:00–13:00
 */
export function ledgerOf(r: SimulationResult): Ledger {
  let l = ledgers.get(r);
  if (!l) ledgers.set(r, (l = buildLedger(r)));
  return l;
}

/**
 * Builds the ledger of a run afresh (see {@link ledgerOf}, which caches it):
 * per (day, hour, house) kWh and currency units.
 * @example
 *   const l = buildLedger(r);
 *   total(l, "gridPurchase", scopeUnits(r.network)[0]) // kWh g1h1 (the first unit: houses, then groups, then the community) bought from the grid
 */
export function buildLedger(r: SimulationResult): Ledger {
  const { network, profiles, scenario } = r;
  const D = r.days.length,
    T = profiles.hours,
    N = network.houses.length,
    G = network.groups.length;
  const at = (d: number, t: number, h: number) => (d * T + t) * N + h;
  const atDay = (d: number, h: number) => d * N + h;
  const atGroup = (d: number, t: number, g: number) => (d * T + t) * G + g;
  const cells = D * T * N;
  const energy = Object.fromEntries(ENERGY_FIELDS.map((f) => [f, new Float64Array(cells)])) as Record<
    EnergyField,
    Float64Array
  >;
  const money = Object.fromEntries(MONEY_FIELDS.map((f) => [f, new Float64Array(cells)])) as Record<
    MoneyField,
    Float64Array
  >;
  const day = Object.fromEntries(MONEY_FIELDS.map((f) => [f, new Float64Array(D * N)])) as Record<
    MoneyField,
    Float64Array
  >;
  const objective = new Float64Array(D);
  const level = new Float64Array(D * T * G).fill(NaN);
  const groupCharge = new Float64Array(D * T * G),
    groupDischarge = new Float64Array(D * T * G);
  const pairKwh = new Map<number, number>();

  // one hour's flows of one house, refilled cell by cell (a fresh object per cell was most of the build's time)
  const e = {
    demand: 0,
    solar: 0,
    gridPurchase: 0,
    gridSale: 0,
    charge: 0,
    discharge: 0,
    boughtIntra: 0,
    boughtInter: 0,
    soldIntra: 0,
    soldInter: 0,
  };
  r.days.forEach((sol, d) => {
    const f = sol.flows;
    const p = dayPrices(scenario.prices, T, d, r.prices);
    objective[d] = sol.objective;
    for (const tr of f.trades) {
      const inter = network.houses[tr.seller].group !== network.houses[tr.buyer].group;
      const bought = inter ? energy.boughtInter : energy.boughtIntra,
        sold = inter ? energy.soldInter : energy.soldIntra;
      let total = 0;
      for (let t = 0; t < T; t++) {
        bought[at(d, t, tr.buyer)] += tr.kwh[t];
        sold[at(d, t, tr.seller)] += tr.kwh[t];
        total += tr.kwh[t];
      }
      const key = tr.seller * N + tr.buyer;
      pairKwh.set(key, (pairKwh.get(key) ?? 0) + total);
    }
    for (const h of network.houses) {
      let alone = 0;
      for (let t = 0; t < T; t++) {
        const i = at(d, t, h.index),
          pi = profileIndex(profiles, d, h.index, t),
          fi = h.index * T + t;
        energy.demand[i] = e.demand = profiles.demand[pi];
        energy.solar[i] = e.solar = profiles.solar[pi];
        energy.gridPurchase[i] = e.gridPurchase = f.gridPurchase[fi];
        energy.gridSale[i] = e.gridSale = f.gridSale[fi];
        energy.charge[i] = e.charge = f.charge[fi];
        energy.discharge[i] = e.discharge = f.discharge[fi];
        e.boughtIntra = energy.boughtIntra[i];
        e.boughtInter = energy.boughtInter[i];
        e.soldIntra = energy.soldIntra[i];
        e.soldInter = energy.soldInter[i];
        money.cost[i] = hourCost(p, t, e);
        money.standaloneCost[i] = standaloneHourCost(e.demand, e.solar, p.gridPurchase[t], p.gridSale[t]);
        money.saving[i] = money.standaloneCost[i] - money.cost[i];
        alone += money.standaloneCost[i];
      }
      // the day's figures: the solver's bill, and simulate's stand-alone cost (the same hour sums as `alone`; older results lack it)
      const k = atDay(d, h.index);
      day.cost[k] = sol.houseCosts[h.index];
      day.standaloneCost[k] = sol.standaloneCosts?.[h.index] ?? alone;
      day.saving[k] = day.standaloneCost[k] - day.cost[k];
    }
    for (const g of network.groups) {
      const levels = f.battery[g.index];
      for (let t = 0; t < T; t++) {
        if (levels) level[atGroup(d, t, g.index)] = levels[t];
        let ch = 0,
          dis = 0;
        for (const h of g.prosumers) ch += f.charge[h * T + t];
        for (const h of g.houses) dis += f.discharge[h * T + t];
        groupCharge[atGroup(d, t, g.index)] = ch;
        groupDischarge[atGroup(d, t, g.index)] = dis;
      }
    }
  });
  const trades = [...pairKwh.entries()]
    .sort((a, b) => a[0] - b[0])
    .map(([k, kwh]) => {
      const s = network.houses[Math.floor(k / N)],
        b = network.houses[k % N];
      return { seller: s.id, buyer: b.id, inter: s.group !== b.group, kwh };
    });
  return {
    network,
    days: D,
    hours: T,
    energy,
    money,
    day,
    objective,
    level,
    groupCharge,
    groupDischarge,
    trades,
    at,
    atDay,
    atGroup,
  };
}

/** House indices of a scope unit. */
export function memberIndices(l: Ledger, unit: ScopeUnit): number[] {
  return unit.houses.map((id) => {
    const i = l.network.indexOf.get(id);
    if (i === undefined) throw new RangeError(`house "${id}" is not in this run's network`);
    return i;
  });
}

/**
 * A run-long total of one per-(day, hour, house) quantity over a scope's houses.
 * @example total(l, "gridPurchase", unit) // kWh the unit's houses bought from the grid
 */
export function total(l: Ledger, field: EnergyField | MoneyField, unit: ScopeUnit): number {
  const a = (ENERGY_FIELDS as readonly string[]).includes(field)
    ? l.energy[field as EnergyField]
    : l.money[field as MoneyField];
  const members = memberIndices(l, unit);
  let s = 0;
  for (let d = 0; d < l.days; d++) for (let t = 0; t < l.hours; t++) for (const h of members) s += a[l.at(d, t, h)];
  return s;
}

/**
 * A scope's daily figure (bill, stand-alone cost or saving) for every day,
 * currency units: the sum of its houses' daily values.
 * @example daily(l, "cost", unit).length // days solved
 */
export function daily(l: Ledger, field: MoneyField, unit: ScopeUnit): number[] {
  const members = memberIndices(l, unit);
  const out: number[] = [];
  for (let d = 0; d < l.days; d++) {
    let s = 0;
    for (const h of members) s += l.day[field][l.atDay(d, h)];
    out.push(s);
  }
  return out;
}

/**
 * A scope's run total of a daily figure (summed day by day, currency units).
 * For the community's `cost` use {@link objectiveTotal}, which is the sum of the daily objectives.
 */
export function dailyTotal(l: Ledger, field: MoneyField, unit: ScopeUnit): number {
  const members = memberIndices(l, unit);
  let s = 0;
  for (const h of members) {
    let house = 0; // each house's total first, then the sum of those (the order the tables always used)
    for (let d = 0; d < l.days; d++) house += l.day[field][l.atDay(d, h)];
    s += house;
  }
  return s;
}

/** Σ of the daily objectives: the community's cost over the run, currency units. */
export function objectiveTotal(l: Ledger): number {
  return l.objective.reduce((s, v) => s + v, 0);
}
