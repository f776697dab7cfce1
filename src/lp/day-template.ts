/**
 * A run's day LPs from one structure. With every column kept (`keepZeroColumns`, and the pooled
 * formulation always), a day's LP has the same rows, columns and pattern every day of a run: only
 * the day's data move — column bounds (PV, demand, the trade caps of rules 6–7), the rows'
 * right-hand sides (demand − PV, the battery's start) and the prices (the objective, the cost
 * expressions and the stage rows' coefficients built from them). {@link DayLpTemplate} builds the
 * first day with {@link buildDayModel} and keeps its structure; each later day fills fresh value
 * arrays into that structure, the same numbers `buildDayModel` gives, computed the same way.
 */
import type { Scenario } from "../community/scenario.js";
import type { Network } from "../community/network.js";
import type { DayProfiles } from "../profiles/profiles.js";
import type { Features } from "../community/features.js";
import type { HourPrices } from "../prices/prices.js";
import { pairColumnCap, type TradePair } from "./columns.js";
import { poolCaps } from "./pooled.js";
import { costCoefficients, houseCostPattern, objective, type CostPattern } from "./costs.js";
import { buildDayModel, type DayModel, type Formulation } from "./day.js";

/** Options of {@link DayLpTemplate}: those of `buildDayModel` that fix the structure. */
export interface DayTemplateOptions {
  formulation: Formulation;
  /** the trade pairs (per pair) */
  pairs?: TradePair[];
  /** add the tie-break stages' columns and rows */
  stageRows?: boolean;
}

/** Where a day's data enter the structure (built once, from the first day's model). */
interface Slots {
  base: DayModel;
  /** columns whose upper bound is a house's hour of demand (a prosumer's gb) or PV (gs): column, `h·T+t` */
  demandCol: Int32Array;
  demandAt: Int32Array;
  solarCol: Int32Array;
  solarAt: Int32Array;
  /** rows whose bounds are `demand − PV` (balance rows): row, `h·T+t` */
  balanceRow: Int32Array;
  balanceAt: Int32Array;
  /** rows whose bounds are a battery's start level (its first hour): row, group */
  startRow: Int32Array;
  startGroup: Int32Array;
  costs: CostPattern;
}

/**
 * Builds a run's day LPs, the same as `buildDayModel(…, { keepZeroColumns: true, … })` does for
 * each day, from one structure: the arrays that give the LP's shape (`lp.start`, `lp.col`, the
 * column map, the row info, the cost expressions' pattern) are shared by every day's model and
 * must not be changed; each day's values (bounds, objective, coefficients) are its own arrays.
 * @example new DayLpTemplate(s, network, FULL_FEATURES, { formulation: "pair" }).build(day, start, prices)
 */
export class DayLpTemplate {
  private slots: Slots | null = null;

  constructor(
    private readonly scenario: Pick<Scenario, "groups" | "prices">,
    private readonly network: Network,
    private readonly features: Features,
    private readonly options: DayTemplateOptions,
  ) {}

  /**
   * The LP of one day.
   * @param start - battery level per group before the day's first hour, kWh (null: no battery)
   */
  build(day: DayProfiles, start: (number | null)[], prices: HourPrices): DayModel {
    const s = this.slots;
    if (s && s.base.cols.hours === day.hours) return this.fill(s, day, start, prices);
    const model = buildDayModel(this.scenario, this.network, day, this.features, start, {
      prices,
      pairs: this.options.pairs,
      keepZeroColumns: true,
      formulation: this.options.formulation,
      stageRows: this.options.stageRows,
    });
    this.slots = this.slotsOf(model);
    return model;
  }

  private slotsOf(model: DayModel): Slots {
    const { cols, rows } = model;
    const T = cols.hours;
    const demandCol: number[] = [],
      demandAt: number[] = [],
      solarCol: number[] = [],
      solarAt: number[] = [];
    for (const h of this.network.houses) {
      if (h.kind !== "prosumer") continue;
      for (let t = 0; t < T; t++) {
        const i = h.index * T + t;
        if (cols.gb[i] >= 0) (demandCol.push(cols.gb[i]), demandAt.push(i));
        if (cols.gs[i] >= 0) (solarCol.push(cols.gs[i]), solarAt.push(i));
      }
    }
    const balanceRow: number[] = [],
      balanceAt: number[] = [],
      startRow: number[] = [],
      startGroup: number[] = [];
    rows.family.forEach((f, r) => {
      if (f === "balance") (balanceRow.push(r), balanceAt.push(rows.index[r] * T + rows.hour[r]));
      if (f === "battery" && rows.hour[r] === 0) (startRow.push(r), startGroup.push(rows.index[r]));
    });
    // private copies of the values that stay (the first day's model is the caller's to change)
    const lp = { ...model.lp, colLb: model.lp.colLb.slice(), colUb: model.lp.colUb.slice() };
    lp.rowLb = lp.rowLb.slice();
    lp.rowUb = lp.rowUb.slice();
    lp.coef = lp.coef.slice();
    const base: DayModel = { ...model, lp, cols: { ...cols, lb: cols.lb.slice(), ub: cols.ub.slice() } };
    return {
      base,
      demandCol: Int32Array.from(demandCol),
      demandAt: Int32Array.from(demandAt),
      solarCol: Int32Array.from(solarCol),
      solarAt: Int32Array.from(solarAt),
      balanceRow: Int32Array.from(balanceRow),
      balanceAt: Int32Array.from(balanceAt),
      startRow: Int32Array.from(startRow),
      startGroup: Int32Array.from(startGroup),
      costs: houseCostPattern(this.network, cols),
    };
  }

  /** The day's values in the structure of `s.base`. */
  private fill(s: Slots, day: DayProfiles, start: (number | null)[], prices: HourPrices): DayModel {
    const { base } = s;
    const cols = { ...base.cols, lb: base.cols.lb.slice(), ub: this.columnUpperBounds(s, day) };
    const costs = { start: s.costs.start, col: s.costs.col, coef: costCoefficients(s.costs, prices) };
    const obj = objective(costs, cols.nCols);
    const rowLb = base.lp.rowLb.slice(),
      rowUb = base.lp.rowUb.slice();
    for (let k = 0; k < s.balanceRow.length; k++) {
      const i = s.balanceAt[k];
      rowLb[s.balanceRow[k]] = rowUb[s.balanceRow[k]] = day.demand[i] - day.solar[i];
    }
    for (let k = 0; k < s.startRow.length; k++) {
      const g = s.startGroup[k];
      rowLb[s.startRow[k]] = rowUb[s.startRow[k]] = start[g] ?? this.scenario.groups[g].battery!.initial;
    }
    const { stage } = base;
    if (!stage) {
      const lp = { ...base.lp, colLb: cols.lb, colUb: cols.ub, obj, rowLb, rowUb };
      return { ...base, lp, cols, costs, start };
    }
    const n = base.lp.nCols;
    const grow = (a: Float64Array) => {
      const out = new Float64Array(n);
      out.set(a);
      return out;
    };
    const coef = base.lp.coef.slice();
    const { start: rs, col } = base.lp;
    // the stage rows' price-made coefficients (addStageRows): the cost row's are the objective's,
    // each house's saving and fix rows open with its cost terms
    for (let k = rs[stage.costRow]; k < rs[stage.costRow + 1]; k++) coef[k] = obj[col[k]];
    const N = costs.start.length - 1;
    for (let h = 0; h < N; h++) {
      const saving = rs[stage.savingRow + h] - costs.start[h],
        fix = rs[stage.fixRow + h] - costs.start[h];
      for (let j = costs.start[h]; j < costs.start[h + 1]; j++) coef[saving + j] = coef[fix + j] = costs.coef[j];
    }
    const lp = { ...base.lp, colLb: grow(cols.lb), colUb: grow(cols.ub), obj: grow(obj), rowLb, rowUb, coef };
    return { ...base, lp, cols, costs, start };
  }

  /** Every column's upper bound for the day: the first day's where it is data-free, the day's own elsewhere. */
  private columnUpperBounds(s: Slots, day: DayProfiles): Float64Array {
    const { cols } = s.base;
    const T = cols.hours;
    const ub = cols.ub.slice();
    for (let k = 0; k < s.demandCol.length; k++) ub[s.demandCol[k]] = day.demand[s.demandAt[k]];
    for (let k = 0; k < s.solarCol.length; k++) ub[s.solarCol[k]] = day.solar[s.solarAt[k]];
    cols.pairs.forEach(({ seller, buyer }, p) => {
      for (let t = 0; t < T; t++) ub[cols.x[p * T + t]] = pairColumnCap(this.network, day, seller, buyer, t);
    });
    for (const pool of cols.pools ?? []) {
      const caps = poolCaps(this.network, day, pool.group, pool.cls);
      pool.sellers.forEach((m, j) => {
        for (let t = 0; t < T; t++) ub[m.col[t]] = caps.sell[j * T + t];
      });
      pool.buyers.forEach((m, j) => {
        for (let t = 0; t < T; t++) ub[m.col[t]] = caps.buy[j * T + t];
      });
    }
    return ub;
  }
}
