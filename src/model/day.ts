/**
 * One day's LP, assembled: columns (`columns.ts`), rows (`constraints.ts`),
 * costs and objective (`costs.ts`); and the way back from solved column
 * values to {@link DayFlows}.
 */
import type { Scenario } from "../scenario.js";
import type { Network } from "../network.js";
import type { DayProfiles } from "../profiles.js";
import type { Features } from "../features.js";
import type { DayFlows, TradeFlow } from "../flows.js";
import { layoutColumns, tradePairs, type ColumnMap, type TradePair } from "./columns.js";
import { addConstraints, type RowInfo } from "./constraints.js";
import { houseCosts, objective, type CostExpressions } from "./costs.js";
import { RowBuilder, type SparseLp } from "./lp.js";
import { dayPrices, type HourPrices } from "../prices.js";

export interface DayModel {
  lp: SparseLp;
  cols: ColumnMap;
  rows: RowInfo;
  costs: CostExpressions;
  /** `B[g,-1]` per group the day was built from */
  start: (number | null)[];
}

/** The size of an LP as GLPK sees it. */
export interface LpSize {
  rows: number;
  cols: number;
  nonZeros: number;
}

export function lpSize(lp: SparseLp): LpSize {
  return { rows: lp.nRows, cols: lp.nCols, nonZeros: lp.col.length };
}

/** Options of {@link buildDayModel}. */
export interface DayModelOptions {
  /** the day's prices hour by hour (default: the scenario's flat or hourly prices) */
  prices?: HourPrices;
  /** the trade pairs (computed once per run and reused) */
  pairs?: TradePair[];
  /** keep columns that can only be 0 (see `layoutColumns`) */
  keepZeroColumns?: boolean;
}

/**
 * Builds the LP of one day.
 * @param start - battery level per group before the day's first hour, kWh (null: no battery)
 * @example buildDayModel(s, network, dayProfiles(profiles, 0), FULL_FEATURES, [1.05, 1.05]).lp.nCols
 */
export function buildDayModel(
  scenario: Pick<Scenario, "groups" | "prices">, network: Network, day: DayProfiles, features: Features,
  start: (number | null)[], options: DayModelOptions = {},
): DayModel {
  const pairs = options.pairs ?? tradePairs(network, features);
  const cols = layoutColumns(scenario, network, day, features, pairs, options.keepZeroColumns ?? false);
  const builder = new RowBuilder();
  const rows = addConstraints(builder, scenario, network, day, cols, start);
  const costs = houseCosts(options.prices ?? dayPrices(scenario.prices, day.hours, 0), network, cols);
  const lp = builder.finish(cols.nCols, cols.lb, cols.ub, objective(costs, cols.nCols));
  return { lp, cols, rows, costs, start };
}

/** Solver noise below this (kWh) is written as exactly 0. */
export const ZERO_TOLERANCE = 1e-9;

/**
 * Reads solved column values back into flows. Values within
 * {@link ZERO_TOLERANCE} of 0 become 0; nothing else is changed.
 * @param dayNumber - 1-based
 */
export function extractFlows(model: DayModel, x: Float64Array, network: Network, dayNumber: number): DayFlows {
  const { cols } = model;
  const T = cols.hours;
  const N = network.houses.length;
  const value = (c: number) => (c < 0 || Math.abs(x[c]) < ZERO_TOLERANCE ? 0 : x[c]);
  const family = (idx: Int32Array, n: number) => {
    const out = new Float64Array(n);
    for (let i = 0; i < n; i++) out[i] = value(idx[i]);
    return out;
  };
  const trades: TradeFlow[] = [];
  cols.pairs.forEach(({ seller, buyer }, p) => {
    let kwh: Float64Array | null = null;
    for (let t = 0; t < T; t++) {
      const v = value(cols.x[p * T + t]);
      if (v !== 0) (kwh ??= new Float64Array(T))[t] = v;
    }
    if (kwh) trades.push({ seller, buyer, kwh });
  });
  return {
    day: dayNumber, hours: T,
    gridPurchase: family(cols.gb, N * T), gridSale: family(cols.gs, N * T),
    charge: family(cols.ch, N * T), discharge: family(cols.dis, N * T), trades,
    battery: network.groups.map((g) => (cols.B[g.index * T] < 0 ? null : family(cols.B.subarray(g.index * T, (g.index + 1) * T), T))),
    batteryStart: network.groups.map((g) => (cols.B[g.index * T] < 0 ? null : model.start[g.index])),
  };
}
