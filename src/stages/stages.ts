/**
 * One answer per day (docs/model.md "One answer per day"): a day is solved in
 * stages on one persistent model, each keeping the optimum of the ones
 * before within a small slack.
 *
 * 1. cost: minimise the community's cost, `f*`;
 * 2. carry-over: the highest end-of-day battery level, group by group in
 *    group order (this fixes the next day's start, so every total);
 * 3. fair bills (unless `allocation: "solver"`): the leximin vector of
 *    savings `s[h] = r[h] − cost[h]` against each house's stand-alone cost.
 *    The rounds are in `fair.ts`.
 *
 * After stage 1 the model is fixed to the cost LP's optimal face
 * (`optimal-face.ts`), so stages 2 and 3 move only among cheapest plans.
 * Stage 3 runs on the reduced LP (`reduced.ts`) from plain data, a
 * {@link FairJob} ({@link runFairJob}), so that it can run in another thread.
 */
import { performance } from "node:perf_hooks";
import type { DayModel } from "../lp/day.js";
import type { Basis, LpModel, SolveHint, SolveResult } from "../solver/types.js";
import { costSlack, levelSlack } from "./slacks.js";
import { solveFairBills } from "./fair.js";
import { fixToOptimalFace } from "./optimal-face.js";
import { StageError, type StageName } from "./stage-error.js";
import { ReducedModel, reduceLp, type Reduction } from "./reduced.js";
import { lpSize, type LpSize, type StageLayout } from "../lp/day.js";
import type { CostExpressions } from "../lp/costs.js";
import { copyLp, type SparseLp } from "../lp/lp.js";

/** "fair": stage 3's leximin bills; "solver": the split is whatever optimal plan the solver returns (`ALLOCATIONS`). */
export type { Allocation } from "./allocations.js";
import type { Allocation } from "./allocations.js";

/** LPs solved and milliseconds spent per stage. */
export interface StageStats {
  lps: { cost: number; carry: number; fair: number };
  ms: { cost: number; carry: number; fair: number };
  /** simplex iterations per stage (backends that count them) */
  iterations: { cost: number; carry: number; fair: number };
  /** the fair stage's LP: the full LP's size and the reduced one's it was solved on (null: solved on the full LP) */
  fairLp?: { full: LpSize; reduced: LpSize | null };
  /** the slacks' factor the day needed (1, 10 or 100) */
  slackFactor: number;
  /** some LP was solved again without presolve */
  presolveFallback: boolean;
}

export interface StagesResult {
  /** the final plan's column values */
  x: Float64Array;
  /** stage 1's optimum, the community's cost */
  cost: number;
  stats: StageStats;
  /** the cost stage's optimal basis (for the next day's {@link StageOptions.costBasis}) */
  costBasis: Basis | null;
  /**
   * The carried battery levels, kWh, one per {@link StageOptions.endLevelCols} entry: stage 2's
   * plan's values. Stage 3 holds them (`x[endLevelCols[i]] === carried[i]`), so the next day's
   * start is known once stage 2 is done.
   */
  carried: Float64Array;
  /** with {@link StageOptions.deferFair}: the fair stage to run (`x` is then stage 2's plan) */
  fairJob?: FairJob;
}

export { StageError, type StageName } from "./stage-error.js";

/** A day solved without stage rows (allocation "solver") needs a carry-over LP: it needs the cost row. */
export class StageRowsNeeded extends Error {
  constructor() {
    super("the carry-over stage needs the stage rows");
  }
}

export interface StageOptions {
  allocation: Allocation;
  /** each house's stand-alone cost for the day, currency units */
  standalone: ArrayLike<number>;
  /** the column of `B[g, T−1]` for each group with a battery, in group order */
  endLevelCols: number[];
  /** the slacks' factor (1, then 10 and 100 where a stage comes back infeasible) */
  slackFactor?: number;
  /** the basis of the previous day's cost stage: today's cost LP starts from it (its objective is often the same, so only bounds moved) */
  costBasis?: Basis | null;
  /**
   * Opens a model of an LP (the backend's `open` with the run's options): given, stage 3 runs on
   * the reduced LP (`reduced.ts`: without the columns stages 1–2 fixed and the rows that cannot
   * bind); absent, on the day's model itself.
   */
  open?: (lp: SparseLp) => LpModel;
  /**
   * "carry": stop after stage 2 whatever the allocation, leaving `m` on the
   * cost LP's optimal face with the cost row and the carried levels bounded
   * (the bill ranges search that set)
   */
  stopAfter?: "carry";
  /**
   * With `open` and fair bills: stop after stage 2 and return the fair stage as plain data
   * ({@link StagesResult.fairJob}) instead of running it; {@link runFairJob} runs it, here or in a worker.
   */
  deferFair?: boolean;
}

export { costSlack, levelSlack } from "./slacks.js";

/**
 * Runs the stages on `m`, which holds `day`'s LP (built with `stageRows`)
 * with its stage rows free. Leaves the model's z coefficients as it found them.
 * @throws StageError if a stage LP is not solved to optimality
 */
export function solveStages(m: LpModel, day: DayModel, o: StageOptions): StagesResult {
  const stage = day.stage;
  if (!stage && (o.allocation !== "solver" || o.stopAfter))
    throw new Error("solveStages needs a model built with stageRows");
  const factor = o.slackFactor ?? 1;
  const nCols = m.nCols;
  const stats: StageStats = {
    lps: { cost: 0, carry: 0, fair: 0 },
    ms: { cost: 0, carry: 0, fair: 0 },
    iterations: { cost: 0, carry: 0, fair: 0 },
    slackFactor: factor,
    presolveFallback: false,
  };
  let lastBasis: Basis | null = null;
  const solve = (s: StageName, obj: Float64Array, hint?: SolveHint, model = m): SolveResult => {
    const t0 = performance.now();
    model.setObjective(obj);
    const r = model.solve(hint);
    stats.lps[s]++;
    stats.iterations[s] += r.iterations ?? 0;
    stats.ms[s] += performance.now() - t0;
    stats.presolveFallback ||= r.presolveFallback;
    if (!r.optimal) throw new StageError(s, r.lpStatus, r.status);
    // the reduced fair LP starts from the last stage-1–2 basis (a later bound change drops it)
    if (s === "carry" && o.open && o.allocation === "fair") lastBasis = m.basis();
    return r;
  };
  const unit = (col: number, v: number) => {
    const obj = new Float64Array(nCols);
    obj[col] = v;
    return obj;
  };

  // 1. cost
  const costObj = day.lp.obj;
  if (o.costBasis) m.setBasis(o.costBasis);
  let r = solve("cost", costObj);
  const costBasis = m.basis();
  lastBasis = costBasis;
  const fStar = r.objective;
  fixToOptimalFace(m, r.x, r.colDual, r.rowDual);
  if (stage) m.setRowBound(stage.costRow, -Infinity, fStar + costSlack(fStar, factor));
  // without stage rows (allocation "solver") a carry-over LP would have no cost row to keep it cheapest
  const carryLp = (col: number) => {
    if (!stage) throw new StageRowsNeeded();
    return solve("carry", unit(col, -1));
  };

  // 2. carry-over, group by group. A level the face fixed (its reduced cost is not 0, so every
  // cheapest plan ends there) or one already at the top needs no LP.
  for (const col of o.endLevelCols) {
    const { colLb, colUb } = m.current();
    const lb = colLb[col],
      ub = colUb[col];
    const level = lb === ub || r.x[col] >= ub - 1e-9 ? ub : (r = carryLp(col)).x[col];
    m.setColBound(col, Math.min(ub, Math.max(lb, level - levelSlack(level, factor))), ub);
  }
  // The carried levels are stage 2's plan's (inside their bounds: a solver may leave a hair outside).
  const { colLb, colUb } = m.current();
  const carried = Float64Array.from(o.endLevelCols, (col) => Math.min(colUb[col], Math.max(colLb[col], r.x[col])));
  const holdCarried = (x: Float64Array) => {
    for (let i = 0; i < carried.length; i++) x[o.endLevelCols[i]] = carried[i]; // a solver's hair off a fixed bound
    return x;
  };
  if (o.allocation === "solver" || o.stopAfter === "carry")
    return { x: holdCarried(r.x), cost: fStar, stats, costBasis, carried };

  // 3. fair bills: leximin savings, with every carried level held at stage 2's value (stage 2's plan
  // keeps them there, so the fair LPs stay feasible; a day's bills then depend on nothing after stage 2)
  m.setColBoundsAt(Int32Array.from(o.endLevelCols), carried, carried);
  if (!o.open) {
    stats.fairLp = { full: lpSize(m.current()), reduced: null };
    const fair = (obj: Float64Array) => solve("fair", obj, { planFeasible: true });
    const x = solveFairBills({ model: m, day, standalone: o.standalone, fStar, factor, solve: fair });
    return { x: holdCarried(x), cost: fStar, stats, costBasis, carried };
  }
  const job = fairJob(m.current(), day, o, { fStar, factor, carried, start: lastBasis });
  stats.fairLp = { full: lpSize(m.current()), reduced: lpSize(job.reduction.lp) };
  if (o.deferFair) return { x: holdCarried(r.x), cost: fStar, stats, costBasis, carried, fairJob: job };
  const out = runFairJob(job, o.open);
  addFairStats(stats, out.stats);
  return { x: out.x, cost: fStar, stats, costBasis, carried };
}

/**
 * The fair stage as plain data (numbers and typed arrays, no model): everything {@link runFairJob}
 * needs, so that it can run in another thread. Its arrays are its own (copies).
 */
export interface FairJob {
  /** the day's LP after stages 1–2: the optimal face fixed, the cost row bounded, the carried levels held */
  full: SparseLp;
  /** `full` without its fixed columns and the rows that cannot bind ({@link reduceLp}) */
  reduction: Reduction;
  /** the last stage-1–2 basis of `full`, cut down to the reduced LP's columns and rows (null: none) */
  start: Basis | null;
  stage: StageLayout;
  /** each house's cost as a linear form of `full`'s columns */
  costs: CostExpressions;
  /** each house's stand-alone cost for the day, currency units */
  standalone: Float64Array;
  /** stage 1's optimum, currency units */
  fStar: number;
  /** the slacks' factor (1, 10 or 100) */
  factor: number;
  /** the columns of the carried levels and their values (stage 2's), kWh */
  endLevelCols: Int32Array;
  carried: Float64Array;
}

/** What {@link runFairJob} returns: the plan in the full LP's columns, and the stage's LPs, iterations and ms. */
export interface FairOutcome {
  x: Float64Array;
  stats: { lps: number; iterations: number; ms: number; presolveFallback: boolean };
}

/** The fair stage's job from the full LP after stages 1–2 (copied: later changes to `full` do not reach it). */
function fairJob(
  full: SparseLp,
  day: DayModel,
  o: StageOptions,
  s: { fStar: number; factor: number; carried: Float64Array; start: Basis | null },
): FairJob {
  const copy = copyLp(full);
  const reduction = reduceLp(copy, day.stage!);
  const start = s.start && {
    colStatus: s.start.colStatus.filter((_, c) => reduction.colAt[c] >= 0),
    rowStatus: s.start.rowStatus.filter((_, r) => reduction.rowAt[r] >= 0),
  };
  const { costs } = day;
  return {
    full: copy,
    reduction,
    start,
    stage: { ...day.stage! },
    costs: { start: costs.start.slice(), col: costs.col.slice(), coef: costs.coef.slice() },
    standalone: Float64Array.from(o.standalone),
    fStar: s.fStar,
    factor: s.factor,
    endLevelCols: Int32Array.from(o.endLevelCols),
    carried: s.carried.slice(),
  };
}

/**
 * Stage 3 from its job alone, on a fresh model of the reduced LP (`open`): the same job gives the
 * same plan in any thread. The plan holds the carried levels.
 * @throws StageError if an LP is not optimal, or the rounds stop making progress
 * @example runFairJob(result.fairJob!, (lp) => backend.open(lp)).x // the fair plan, full columns
 */
export function runFairJob(job: FairJob, open: (lp: SparseLp) => LpModel): FairOutcome {
  const stats = { lps: 0, iterations: 0, ms: 0, presolveFallback: false };
  const t0 = performance.now();
  const inner = open(job.reduction.lp);
  if (job.start) inner.setBasis(job.start);
  const model = new ReducedModel(job.full, job.reduction, inner);
  try {
    const solve = (obj: Float64Array): SolveResult => {
      model.setObjective(obj);
      const r = model.solve({ planFeasible: true });
      stats.lps++;
      stats.iterations += r.iterations ?? 0;
      stats.presolveFallback ||= r.presolveFallback;
      if (!r.optimal) throw new StageError("fair", r.lpStatus, r.status);
      return r;
    };
    // the fair rounds read only the day's stage layout and cost forms
    const day = { stage: job.stage, costs: job.costs } as DayModel;
    const x = solveFairBills({ model, day, standalone: job.standalone, fStar: job.fStar, factor: job.factor, solve });
    for (let i = 0; i < job.carried.length; i++) x[job.endLevelCols[i]] = job.carried[i];
    return { x, stats };
  } finally {
    model.dispose();
    stats.ms = performance.now() - t0;
  }
}

/** Adds a fair stage's figures to a day's. */
export function addFairStats(stats: StageStats, f: FairOutcome["stats"]): void {
  stats.lps.fair += f.lps;
  stats.iterations.fair += f.iterations;
  stats.ms.fair += f.ms;
  stats.presolveFallback ||= f.presolveFallback;
}

/** Every typed array's buffer in a fair job, once each (to transfer it to a worker thread). */
export function fairJobBuffers(job: FairJob): ArrayBuffer[] {
  const { full, reduction: r, start, costs } = job;
  const arrays = [
    ...[full.colLb, full.colUb, full.obj, full.rowLb, full.rowUb, full.start, full.col, full.coef],
    ...[r.lp.colLb, r.lp.colUb, r.lp.obj, r.lp.rowLb, r.lp.rowUb, r.lp.start, r.lp.col, r.lp.coef],
    ...[r.cols, r.rows, r.colAt, r.rowAt, r.offset, r.value, r.impliedLb, r.impliedUb],
    ...[costs.start, costs.col, costs.coef],
    ...[job.standalone, job.endLevelCols, job.carried, ...(start ? [start.colStatus, start.rowStatus] : [])],
  ];
  return [...new Set(arrays.filter((a) => ArrayBuffer.isView(a)).map((a) => a.buffer as ArrayBuffer))];
}
