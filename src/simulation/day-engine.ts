/**
 * One day, start to finish, on persistent solver models: build the day's LP
 * (its pattern is the same every day, so a day changes only bounds, costs
 * and changed coefficients), run the tie-break stages, and — in the pooled
 * formulation — split the pools into pair trades, falling back to the
 * per-pair LP for a day whose pools do not split or whose prices make
 * pooling unsafe. Models are kept between days (warm starts) and disposed
 * by {@link DayEngine.dispose}.
 */
import { performance } from "node:perf_hooks";
import type { Scenario } from "../community/scenario.js";
import type { Network } from "../community/network.js";
import type { DayProfiles } from "../profiles/profiles.js";
import type { Features } from "../community/features.js";
import type { HourPrices } from "../prices/prices.js";
import type { TradeFlow } from "../flows/flows.js";
import type { SparseLp } from "../lp/lp.js";
import type { DayModel, Formulation } from "../lp/day.js";
import { DayLpTemplate } from "../lp/day-template.js";
import { tradePairs, type TradePair } from "../lp/columns.js";
import { decompose } from "../lp/decompose.js";
import type { Basis, LpModel, SolverBackend } from "../solver/types.js";
import { solveStages, type Allocation, type StageStats } from "../stages/stages.js";
import { withSlackRetry } from "../stages/retry.js";

export interface DayEngineOptions {
  formulation: Formulation;
  allocation: Allocation;
  presolve: boolean;
}

/** What the engine hands back for a day. */
export interface EngineDay {
  model: DayModel;
  x: Float64Array;
  /** the community's cost, stage 1's optimum */
  cost: number;
  /** pair trades from the pools (pooled days only) */
  pairTrades?: TradeFlow[];
  /** the formulation that produced the answer */
  formulation: Formulation;
  /** pooled day solved again per pair: its pools did not split ("split"), or its prices make pooling unsafe ("prices") */
  fallback: "split" | "prices" | null;
  /** pool-hours split by max-flow after the greedy fill failed, and pool-hours with trades */
  poolHours: { maxFlow: number; active: number; failed: number };
  stats: StageStats;
  buildMs: number;
  /** the cost stage's optimal basis of the run that gave the answer (for another engine's {@link DayPin.costBasis}) */
  costBasis?: Basis | null;
}

/** End-of-day battery levels to hold a day's plan at ({@link DayEngine.solveDay}). */
export interface DayPin {
  /** per group: its end-of-day level, kWh, or null (no battery) */
  end: readonly (number | null)[];
  /** start the cost stage from this basis (another engine's {@link EngineDay.costBasis}), if the formulation matches */
  costBasis?: { formulation: Formulation; basis: Basis };
}

export class DayEngine {
  private readonly models = new Map<Formulation, LpModel>();
  /** each model's last cost-stage basis: the next day's cost LP starts from it */
  private readonly costBases = new Map<Formulation, Basis | null>();
  private readonly pairs: TradePair[];
  /** each formulation's LP structure, built on its first day */
  private readonly templates = new Map<Formulation, DayLpTemplate>();
  /** the pattern (`lp.col`) each model was last given */
  private readonly patterns = new Map<Formulation, Int32Array>();
  /** the day's pinned end levels, if any (set by solveDay for its runs) */
  private pin: DayPin | null = null;

  constructor(
    private readonly backend: SolverBackend,
    private readonly scenario: Scenario,
    private readonly network: Network,
    private readonly features: Features,
    private readonly options: DayEngineOptions,
  ) {
    this.pairs = tradePairs(network, features);
  }

  /**
   * Solves day `dayNumber` from battery levels `start`.
   * @param standalone - each house's stand-alone cost for the day
   * @param pin - `pin.end[g]`: hold group g's end-of-day level at this, kWh (the carried level another
   *   run's stage 2 chose; null: no battery); stage 2 then needs no LP and stage 3 cannot move it
   * @throws SolveError when a stage cannot be solved even with widened slacks
   */
  solveDay(
    dayNumber: number,
    day: DayProfiles,
    prices: HourPrices,
    start: (number | null)[],
    standalone: Float64Array,
    pin?: DayPin,
  ): EngineDay {
    this.pin = pin ?? null;
    let formulation = this.options.formulation;
    let fallback: EngineDay["fallback"] = null;
    if (formulation === "pooled" && peerSpreadNegative(prices)) {
      formulation = "pair";
      fallback = "prices";
    }
    let out = this.run(formulation, dayNumber, day, prices, start, standalone);
    if (formulation === "pooled") {
      const d = decompose(out.model, out.x, this.network, day);
      out.poolHours = { maxFlow: d.maxFlowHours, active: d.activeHours, failed: d.failed.length };
      if (d.trades && d.x) {
        out.pairTrades = d.trades;
        out.x = d.x; // bills and flows from the split trades, not the pools' rounding
      } else {
        const poolHours = out.poolHours;
        out = this.run("pair", dayNumber, day, prices, start, standalone);
        out.poolHours = poolHours;
        fallback = "split";
      }
    }
    return { ...out, fallback };
  }

  private run(
    formulation: Formulation,
    dayNumber: number,
    day: DayProfiles,
    prices: HourPrices,
    start: (number | null)[],
    standalone: Float64Array,
  ): EngineDay {
    const t0 = performance.now();
    let template = this.templates.get(formulation);
    if (!template) {
      const options = { pairs: this.pairs, formulation, stageRows: true };
      this.templates.set(
        formulation,
        (template = new DayLpTemplate(this.scenario, this.network, this.features, options)),
      );
    }
    const model = template.build(day, start, prices);
    if (this.pin) pinEndLevels(model, this.network, day.hours, this.pin);
    const lp = this.sync(formulation, model.lp);
    const buildMs = performance.now() - t0;
    const T = day.hours;
    const endLevelCols = this.network.groups.map((g) => model.cols.B[g.index * T + T - 1]).filter((c) => c >= 0);
    // a retry starts from the day's plain LP
    return withSlackRetry({ day: dayNumber, reset: () => this.sync(formulation, model.lp) }, (slackFactor) => {
      const given = this.pin?.costBasis?.formulation === formulation ? this.pin.costBasis.basis : undefined;
      const costBasis = given ?? this.costBases.get(formulation);
      const { allocation } = this.options;
      const open = (reduced: SparseLp) => this.backend.open(reduced, { presolve: this.options.presolve });
      const r = solveStages(lp, model, { allocation, standalone, endLevelCols, slackFactor, costBasis, open });
      this.costBases.set(formulation, r.costBasis);
      const poolHours = { maxFlow: 0, active: 0, failed: 0 };
      return {
        model,
        x: r.x,
        cost: r.cost,
        formulation,
        fallback: null,
        poolHours,
        stats: r.stats,
        buildMs,
        costBasis: r.costBasis,
      };
    });
  }

  /** The formulation's model, holding `lp` (opened on first use, then changed in place). */
  private sync(formulation: Formulation, lp: SparseLp): LpModel {
    const m = this.models.get(formulation);
    // a template's days share one pattern array: the same array is the same pattern
    const shared = this.patterns.get(formulation) === lp.col;
    this.patterns.set(formulation, lp.col);
    if (!m || (!shared && !samePattern(m.current(), lp))) {
      m?.dispose();
      const fresh = this.backend.open(lp, { presolve: this.options.presolve });
      this.models.set(formulation, fresh);
      this.costBases.delete(formulation);
      return fresh;
    }
    m.setColBounds(lp.colLb, lp.colUb);
    m.setRowBounds(lp.rowLb, lp.rowUb);
    m.setObjective(lp.obj);
    const cur = m.current();
    for (let r = 0; r < lp.nRows; r++)
      for (let k = lp.start[r]; k < lp.start[r + 1]; k++)
        if (cur.coef[k] !== lp.coef[k]) m.setCoefficient(r, lp.col[k], lp.coef[k]);
    return m;
  }

  /** Frees the solver models. */
  dispose(): void {
    for (const m of this.models.values()) m.dispose();
    this.models.clear();
  }
}

/** Some hour pays a seller more than its buyer pays (intra or inter): pooling could trade in circles. */
function peerSpreadNegative(p: HourPrices): boolean {
  for (let t = 0; t < p.gridPurchase.length; t++)
    if (p.peerSaleIntra[t] > p.peerPurchaseIntra[t] || p.peerSaleInter[t] > p.peerPurchaseInter[t]) return true;
  return false;
}

function samePattern(a: SparseLp, b: SparseLp): boolean {
  if (a.nCols !== b.nCols || a.nRows !== b.nRows || a.col.length !== b.col.length) return false;
  for (let r = 0; r <= a.nRows; r++) if (a.start[r] !== b.start[r]) return false;
  for (let k = 0; k < a.col.length; k++) if (a.col[k] !== b.col[k]) return false;
  return true;
}

/** Fixes each battery's end-of-day level column to `pin.end[g]` in the model's LP (before it reaches the solver). */
function pinEndLevels(model: DayModel, network: Network, T: number, pin: DayPin): void {
  for (const g of network.groups) {
    const col = model.cols.B[g.index * T + T - 1];
    const level = pin.end[g.index];
    if (col < 0 || level === null || level === undefined) continue;
    model.lp.colLb[col] = level;
    model.lp.colUb[col] = level;
  }
}
