/**
 * One day's LP, assembled: columns (`columns.ts`), rows (`constraints.ts`),
 * costs and objective (`costs.ts`); and the way back from solved column
 * values to {@link DayFlows}.
 */
import type { Scenario } from "../community/scenario.js";
import type { Network } from "../community/network.js";
import type { DayProfiles } from "../profiles/profiles.js";
import type { Features } from "../community/features.js";
import type { DayFlows, TradeFlow } from "../flows/flows.js";
import { layoutColumns, tradePairs, type ColumnMap, type TradePair } from "./columns.js";
import { layoutPooledColumns } from "./pooled.js";
import { addConstraints, type RowInfo } from "./constraints.js";
import { houseCosts, objective, type CostExpressions } from "./costs.js";
import { RowBuilder, type SparseLp } from "./lp.js";
import { dayPrices, type HourPrices } from "../prices/prices.js";

/** The trade formulation: one column per (prosumer, other house) pair and hour, or pools (`pooled.ts`). */
export type { Formulation } from "./formulations.js";
import type { Formulation } from "./formulations.js";

/**
 * Where the tie-break stages (docs/model.md "One answer per day") act, when the
 * model was built with `stageRows`: columns `z` (the saving level) and
 * `t[h]` (a house's lift above it), the cost row `Σ cost ≤ f* + slack`, and
 * house h's saving row `cost[h] + z + t[h] ≤ r[h]` (so `s[h] = r[h] − cost[h] ≥ z + t[h]`),
 * and its fix row `cost[h] + u ≤ r[h] − floor` (a house fixed at a saving floor: only bounds change,
 * so the solver keeps its basis; `u`, the settling lift, raises every floor at once in the fair
 * stage's last LP). All start free (rows) or fixed at 0 (columns), so stage 1 is the plain LP.
 */
export interface StageLayout {
  zCol: number;
  /** `t[h]` is column `tCol + h` */
  tCol: number;
  costRow: number;
  /** house h's saving row is `savingRow + h` */
  savingRow: number;
  /** house h's fix row is `fixRow + h` */
  fixRow: number;
  /** `u`, the settling lift in every fix row (coefficient 1 as built) */
  uCol: number;
}

export interface DayModel {
  lp: SparseLp;
  cols: ColumnMap;
  rows: RowInfo;
  costs: CostExpressions;
  /** `B[g,-1]` per group the day was built from */
  start: (number | null)[];
  formulation: Formulation;
  stage?: StageLayout;
}

/** The size of an LP as GLPK sees it. */
export interface LpSize {
  rows: number;
  cols: number;
  nonZeros: number;
}

/**
 * An LP's size: rows, columns and non-zero coefficients.
 * @example lpSize(buildDayModel(demoExample().scenario, buildNetwork(demoExample().scenario), dayProfiles(demoExample().profiles, 0), FULL_FEATURES, [1.05, 1.05]).lp) // => { rows: 264, cols: 611, nonZeros: 1223 } // the demo's day 1 (without the stages' rows; summary.json's 275/727 has them)
 */
export function lpSize(lp: SparseLp): LpSize {
  return { rows: lp.nRows, cols: lp.nCols, nonZeros: lp.col.length };
}

/** Options of {@link buildDayModel}. */
export interface DayModelOptions {
  /** the day's prices hour by hour (default: the scenario's flat or hourly prices) */
  prices?: HourPrices;
  /** the trade pairs (computed once per run and reused) */
  pairs?: TradePair[];
  /** keep columns that can only be 0 (see `layoutColumns`; the pooled formulation always keeps them) */
  keepZeroColumns?: boolean;
  /** "pair" (default: docs/model.md's LP as written) or "pooled" */
  formulation?: Formulation;
  /** add the tie-break stages' columns and rows ({@link StageLayout}) */
  stageRows?: boolean;
}

/**
 * Builds the LP of one day.
 * @param start - battery level per group before the day's first hour, kWh (null: no battery)
 * @example buildDayModel(s, network, dayProfiles(profiles, 0), FULL_FEATURES, [1.05, 1.05]).lp.nCols
 */
export function buildDayModel(
  scenario: Pick<Scenario, "groups" | "prices">,
  network: Network,
  day: DayProfiles,
  features: Features,
  start: (number | null)[],
  options: DayModelOptions = {},
): DayModel {
  const formulation = options.formulation ?? "pair";
  const cols =
    formulation === "pooled"
      ? layoutPooledColumns(scenario, network, day, features)
      : layoutColumns(
          scenario,
          network,
          day,
          features,
          options.pairs ?? tradePairs(network, features),
          options.keepZeroColumns ?? false,
        );
  const builder = new RowBuilder();
  const rows = addConstraints(builder, scenario, network, day, cols, start);
  const costs = houseCosts(options.prices ?? dayPrices(scenario.prices, day.hours, 0), network, cols);
  const obj = objective(costs, cols.nCols);
  if (!options.stageRows)
    return { lp: builder.finish(cols.nCols, cols.lb, cols.ub, obj), cols, rows, costs, start, formulation };
  const stage = addStageRows(builder, cols, costs, obj);
  const n = cols.nCols + 2 + network.houses.length;
  const grow = (a: Float64Array) => {
    const out = new Float64Array(n);
    out.set(a);
    return out;
  };
  const lp = builder.finish(n, grow(cols.lb), grow(cols.ub), grow(obj));
  return { lp, cols, rows, costs, start, formulation, stage };
}

/** Appends the stages' rows (free) after the model's rows; their columns follow the model's. */
function addStageRows(rows: RowBuilder, cols: ColumnMap, costs: CostExpressions, obj: Float64Array): StageLayout {
  const zCol = cols.nCols,
    tCol = cols.nCols + 1;
  const priced = new Uint8Array(cols.nCols);
  for (const c of costs.col) priced[c] = 1;
  for (let c = 0; c < cols.nCols; c++) if (priced[c]) rows.term(c, obj[c]);
  const costRow = rows.close(-Infinity, Infinity);
  const houseCostTerms = (h: number) => {
    for (let k = costs.start[h]; k < costs.start[h + 1]; k++) rows.term(costs.col[k], costs.coef[k]);
    return rows;
  };
  let savingRow = -1;
  for (let h = 0; h + 1 < costs.start.length; h++) {
    houseCostTerms(h)
      .term(zCol, 1)
      .term(tCol + h, 1);
    const r = rows.close(-Infinity, Infinity);
    if (h === 0) savingRow = r;
  }
  const uCol = tCol + costs.start.length - 1;
  let fixRow = -1;
  for (let h = 0; h + 1 < costs.start.length; h++) {
    const r = houseCostTerms(h).term(uCol, 1).close(-Infinity, Infinity);
    if (h === 0) fixRow = r;
  }
  return { zCol, tCol, costRow, savingRow, fixRow, uCol };
}

/** Solver noise below this (kWh) is written as exactly 0. */
export const ZERO_TOLERANCE = 1e-9;

/**
 * Reads solved column values back into flows. Values within
 * {@link ZERO_TOLERANCE} of 0 become 0; nothing else is changed.
 * @param dayNumber - 1-based
 * @param pairTrades - the pooled formulation's trades, split into pairs (`decompose.ts`)
 */
export function extractFlows(
  model: DayModel,
  x: Float64Array,
  network: Network,
  dayNumber: number,
  pairTrades?: TradeFlow[],
): DayFlows {
  const { cols } = model;
  const T = cols.hours;
  const N = network.houses.length;
  const value = (c: number) => (c < 0 || Math.abs(x[c]) < ZERO_TOLERANCE ? 0 : x[c]);
  const family = (idx: Int32Array, n: number) => {
    const out = new Float64Array(n);
    for (let i = 0; i < n; i++) out[i] = value(idx[i]);
    return out;
  };
  const trades: TradeFlow[] = pairTrades
    ? pairTrades.map((tr) => ({ ...tr, kwh: tr.kwh.map((q) => (Math.abs(q) < ZERO_TOLERANCE ? 0 : q)) }))
    : [];
  cols.pairs.forEach(({ seller, buyer }, p) => {
    let kwh: Float64Array | null = null;
    for (let t = 0; t < T; t++) {
      const v = value(cols.x[p * T + t]);
      if (v !== 0) (kwh ??= new Float64Array(T))[t] = v;
    }
    if (kwh) trades.push({ seller, buyer, kwh });
  });
  return {
    day: dayNumber,
    hours: T,
    gridPurchase: family(cols.gb, N * T),
    gridSale: family(cols.gs, N * T),
    charge: family(cols.ch, N * T),
    discharge: family(cols.dis, N * T),
    trades,
    battery: network.groups.map((g) =>
      cols.B[g.index * T] < 0 ? null : family(cols.B.subarray(g.index * T, (g.index + 1) * T), T),
    ),
    batteryStart: network.groups.map((g) => (cols.B[g.index * T] < 0 ? null : model.start[g.index])),
  };
}
