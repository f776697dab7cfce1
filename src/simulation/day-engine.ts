/**
 * One day, start to finish, on persistent solver models: build the day's LP
 * (its pattern is the same every day, so a day changes only bounds, costs
 * and changed coefficients), run the tie-break stages, and — in the pooled
 * formulation — split the pools into pair trades, falling back to the
 * per-pair LP for a day whose pools do not split or whose prices make
 * pooling unsafe. Models are kept between days (warm starts) and disposed
 * by {@link DayEngine.dispose}.
 *
 * A run of days uses {@link DayEngine.prepareDay} (stages 1–2, in day order:
 * they fix the day's cost and carried levels, and leave the fair stage as a
 * plain-data job) and {@link DayEngine.finishDay} (with the job's outcome, in
 * day order); {@link DayEngine.solveDay} runs every stage at once.
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
import {
  addFairStats,
  costSlack,
  solveStages,
  StageError,
  StageRowsNeeded,
  type Allocation,
  type FairJob,
  type FairOutcome,
  type StageStats,
} from "../stages/stages.js";
import { withSlackRetry } from "../stages/retry.js";
import { SolveError } from "../errors/errors.js";
import { pairLpTooLarge } from "../errors/messages.js";
import { dayColumns, LIMITS } from "../community/limits.js";

export interface DayEngineOptions {
  formulation: Formulation;
  allocation: Allocation;
  presolve: boolean;
  /**
   * Build the day's LP with the stages' rows (default: unless allocation "solver", whose cost stage
   * needs none of them: at 100 houses the plain LP has ~1/3 fewer non-zeros and solves ~1/3 faster;
   * its days move to the LP with them from the first day whose carry-over needs an LP)
   */
  stageRows?: boolean;
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
  /** the fair stage still to run ({@link DayEngine.prepareDay} with fair bills) */
  fairJob?: FairJob;
}

/** One day's inputs, as the engine runs it. */
interface RunTask {
  dayNumber: number;
  day: DayProfiles;
  prices: HourPrices;
  start: (number | null)[];
  standalone: Float64Array;
  /** stop after stage 2 with the fair stage as a job */
  defer: boolean;
  /** skip the slacks' factors up to this one */
  above: number;
}

/** A day after stages 1–2 ({@link DayEngine.prepareDay}): `x` is stage 2's plan, `fairJob` the fair stage to run. */
export interface PreparedDay extends EngineDay {
  task: Omit<RunTask, "defer" | "above">;
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
  /** the coefficients (`lp.coef`) each model was last given */
  private readonly coefs = new Map<Formulation, Float64Array>();
  /** the day's pinned end levels, if any (set by solveDay for its runs) */
  private pin: DayPin | null = null;
  /**
   * The engine that solves again, in day order, a prepared day whose fair stage failed or whose
   * pools did not split: its own models, so the chain's warm starts never depend on when that happened.
   */
  private again: DayEngine | null = null;
  /**
   * Build the days' LPs with the stages' rows: always with fair bills; with allocation "solver" from
   * the first day whose carry-over needs an LP on (the cost row keeps that LP among the cheapest plans)
   */
  private stageRows: boolean;
  /** the run asked for the per-pair formulation (else a per-pair LP is a pooled day's fallback) */
  private pairChosen: boolean;

  constructor(
    private readonly backend: SolverBackend,
    private readonly scenario: Scenario,
    private readonly network: Network,
    private readonly features: Features,
    private readonly options: DayEngineOptions,
  ) {
    this.pairs = tradePairs(network, features);
    this.stageRows = options.stageRows ?? options.allocation !== "solver";
    this.pairChosen = options.formulation === "pair";
  }

  /**
   * Solves day `dayNumber` from battery levels `start`, every stage in this thread.
   * @param standalone - each house's stand-alone cost for the day
   * @param pin - `pin.end[g]`: hold group g's end-of-day level at this, kWh (the carried level another
   *   run's stage 2 chose; null: no battery); stage 2 then needs no LP and stage 3 cannot move it
   * @param above - widen the slacks to more than this factor at once (a pinned day whose fair stage failed at it)
   * @throws SolveError when a stage cannot be solved even with widened slacks
   */
  solveDay(
    dayNumber: number,
    day: DayProfiles,
    prices: HourPrices,
    start: (number | null)[],
    standalone: Float64Array,
    pin?: DayPin,
    above = 0,
  ): EngineDay {
    this.pin = pin ?? null;
    let formulation = this.options.formulation;
    let fallback: EngineDay["fallback"] = null;
    if (formulation === "pooled" && peerSpreadNegative(prices)) {
      formulation = "pair";
      fallback = "prices";
    }
    const task = { dayNumber, day, prices, start, standalone, defer: false, above };
    let out = this.run(formulation, task);
    if (formulation === "pooled") {
      const d = decompose(out.model, out.x, this.network, day);
      out.poolHours = { maxFlow: d.maxFlowHours, active: d.activeHours, failed: d.failed.length };
      if (d.trades && d.x) {
        out.pairTrades = d.trades;
        out.x = d.x; // bills and flows from the split trades, not the pools' rounding
      } else {
        const poolHours = out.poolHours;
        out = this.run("pair", task);
        out.poolHours = poolHours;
        fallback = "split";
      }
    }
    return { ...out, fallback };
  }

  /**
   * Stages 1–2 of day `dayNumber` (with fair bills: the fair stage as plain data, to run with
   * `runFairJob` here or in a worker; then {@link DayEngine.finishDay}, in day order).
   * The carried levels are known when this returns.
   * @throws SolveError when stage 1 or 2 cannot be solved even with widened slacks
   */
  prepareDay(
    dayNumber: number,
    day: DayProfiles,
    prices: HourPrices,
    start: (number | null)[],
    standalone: Float64Array,
  ): PreparedDay {
    this.pin = null;
    const pooledUnsafe = this.options.formulation === "pooled" && peerSpreadNegative(prices);
    const formulation = pooledUnsafe ? "pair" : this.options.formulation;
    const task = { dayNumber, day, prices, start, standalone, defer: true, above: 0 };
    const out = this.run(formulation, task);
    if (formulation !== "pooled") return { ...out, task, fallback: pooledUnsafe ? "prices" : null };
    // the pooled LP is a relaxation where its pools do not split: then its cost and carried levels are
    // not the day's, and the chain takes them from the per-pair LP
    const d = decompose(out.model, out.x, this.network, day);
    const poolHours = { maxFlow: d.maxFlowHours, active: d.activeHours, failed: d.failed.length };
    if (!d.trades || !d.x) return { ...this.run("pair", task), poolHours, task, fallback: "split" };
    const split = out.fairJob ? {} : { pairTrades: d.trades, x: d.x }; // no fair stage: stage 2's plan is the answer
    return { ...out, ...split, poolHours, task, fallback: null };
  }

  /**
   * Finishes a prepared day with its fair stage's outcome (null: allocation "solver"; a StageError:
   * the fair stage failed, and the day is solved again here with its carried levels held and wider
   * slacks). Pooled days are split into pair trades, or solved again per pair with the carried levels held.
   * @throws SolveError when the day cannot be solved again
   */
  finishDay(p: PreparedDay, fair: FairOutcome | StageError | null): EngineDay {
    if (fair instanceof StageError) return this.solveAgain(p, p.formulation === "pooled", p.stats.slackFactor);
    const stats = structuredClone(p.stats);
    if (fair) addFairStats(stats, fair.stats);
    const out: EngineDay = { ...p, x: fair?.x ?? p.x, stats, fairJob: undefined };
    if (p.formulation !== "pooled" || !fair) return out;
    const d = decompose(p.model, out.x, this.network, p.task.day);
    out.poolHours = { maxFlow: d.maxFlowHours, active: d.activeHours, failed: d.failed.length };
    if (d.trades && d.x) return { ...out, pairTrades: d.trades, x: d.x }; // bills from the split trades
    const again = this.solveAgain(p, false, 0, stats);
    return { ...again, poolHours: out.poolHours, fallback: "split" };
  }

  /** `p`'s day again, every stage here, its carried levels held, per pair unless `pooled`. */
  private solveAgain(p: PreparedDay, pooled: boolean, above: number, before = p.stats): EngineDay {
    this.again ??= new DayEngine(this.backend, this.scenario, this.network, this.features, {
      ...this.options,
      formulation: pooled ? "pooled" : "pair",
    });
    const again = this.again;
    again.options.formulation = pooled ? "pooled" : "pair";
    again.pairChosen = this.pairChosen;
    const t = p.task;
    const end = this.network.groups.map((g) => {
      const col = p.model.cols.B[g.index * t.day.hours + t.day.hours - 1];
      return col >= 0 ? p.x[col] : null;
    });
    const costBasis = p.costBasis ? { formulation: p.formulation, basis: p.costBasis } : undefined;
    const e = again.solveDay(t.dayNumber, t.day, t.prices, t.start, t.standalone, { end, costBasis }, above);
    const slack = costSlack(p.cost, e.stats.slackFactor);
    if (!(Math.abs(e.cost - p.cost) <= slack))
      throw new SolveError(
        t.dayNumber,
        "inconsistent",
        `with its carried battery levels held, the day costs ` +
          `${e.cost} against ${p.cost} in the chain of days (more than the cost slack ${slack.toExponential(1)} apart)`,
      );
    const stats = structuredClone(e.stats);
    for (const k of ["cost", "carry", "fair"] as const) {
      stats.lps[k] += before.lps[k];
      stats.ms[k] += before.ms[k];
      stats.iterations[k] += before.iterations[k];
    }
    // the chain's cost and carried levels stand; the day's plan is the one solved again
    return { ...e, cost: p.cost, stats, buildMs: e.buildMs + p.buildMs, fallback: e.fallback ?? p.fallback };
  }

  /**
   * Refuses a per-pair LP beyond {@link LIMITS}' columns (a pooled day whose pools do not split, or
   * whose prices make pooling unsafe, falls back to it): at 1 000 houses it has about 12 million,
   * which HiGHS's 2 GiB of WebAssembly memory cannot hold (it aborted).
   * @throws SolveError naming the day, the columns and the limit
   */
  private checkPairSize(task: RunTask): void {
    const { houses, groups } = this.network;
    const columns = dayColumns(this.pairs.length, houses.length, groups.length, task.day.hours);
    if (columns > LIMITS.lpColumns)
      throw new SolveError(
        task.dayNumber,
        "too large to solve per pair",
        pairLpTooLarge(columns, LIMITS.lpColumns, this.pairChosen),
      );
  }

  private run(formulation: Formulation, task: RunTask): EngineDay {
    if (formulation === "pair") this.checkPairSize(task);
    const { day, prices, start } = task;
    const t0 = performance.now();
    let template = this.templates.get(formulation);
    if (!template) {
      const options = { pairs: this.pairs, formulation, stageRows: this.stageRows };
      this.templates.set(
        formulation,
        (template = new DayLpTemplate(this.scenario, this.network, this.features, options)),
      );
    }
    const model = template.build(day, start, prices);
    if (this.pin) pinEndLevels(model, this.network, day.hours, this.pin);
    const lp = this.sync(formulation, model.lp);
    const buildMs = performance.now() - t0;
    try {
      return this.runStages(formulation, task, model, lp, buildMs);
    } catch (e) {
      if (!(e instanceof StageRowsNeeded)) throw e;
      // this day and every later one on the LP with the stage rows (a fresh model of a new pattern)
      this.stageRows = true;
      this.templates.clear();
      const out = this.run(formulation, task);
      return { ...out, buildMs: out.buildMs + buildMs };
    }
  }

  /** The stages of `task` on the formulation's model `lp`, which holds the day's `model`. */
  private runStages(formulation: Formulation, task: RunTask, model: DayModel, lp: LpModel, buildMs: number) {
    const { dayNumber, standalone } = task;
    const T = task.day.hours;
    const endLevelCols = this.network.groups.map((g) => model.cols.B[g.index * T + T - 1]).filter((c) => c >= 0);
    let failed: StageError | null = null;
    // a retry starts from the day's plain LP
    return withSlackRetry(
      { day: dayNumber, reset: () => this.sync(formulation, model.lp) },
      (slackFactor): EngineDay => {
        if (slackFactor <= task.above) throw (failed ??= new StageError("fair", "infeasible", "fair stage"));
        const given = this.pin?.costBasis?.formulation === formulation ? this.pin.costBasis.basis : undefined;
        const costBasis = given ?? this.costBases.get(formulation);
        const { allocation } = this.options;
        const open = (reduced: SparseLp) => this.backend.open(reduced, { presolve: this.options.presolve });
        const o = { allocation, standalone, endLevelCols, slackFactor, costBasis, open, deferFair: task.defer };
        const r = solveStages(lp, model, o);
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
          fairJob: r.fairJob,
        };
      },
    );
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
      this.coefs.set(formulation, lp.coef);
      this.costBases.delete(formulation);
      return fresh;
    }
    m.setColBounds(lp.colLb, lp.colUb);
    m.setRowBounds(lp.rowLb, lp.rowUb);
    m.setObjective(lp.obj);
    // a template's days without stage rows share one coefficient array: the model holds it already
    const sameCoef = shared && this.coefs.get(formulation) === lp.coef;
    this.coefs.set(formulation, lp.coef);
    if (sameCoef) return m;
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
    this.again?.dispose();
    this.again = null;
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
