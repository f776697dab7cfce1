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
 *    The rounds are in `fair-bills.ts`.
 *
 * After stage 1 the model is fixed to the cost LP's optimal face
 * (`optimal-face.ts`), so stages 2 and 3 move only among cheapest plans.
 */
import { performance } from "node:perf_hooks";
import type { DayModel } from "../lp/day.js";
import type { Basis, LpModel, SolveHint, SolveResult } from "../solver/types.js";
import { costSlack, levelSlack } from "./slacks.js";
import { solveFairBills } from "./fair.js";
import { fixToOptimalFace } from "./optimal-face.js";
import { StageError, type StageName } from "./stage-error.js";
import { ReducedModel, reduceLp } from "./reduced.js";
import { lpSize, type LpSize } from "../lp/day.js";
import type { SparseLp } from "../lp/lp.js";

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
}

export { StageError, type StageName } from "./stage-error.js";

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
}

export { costSlack, levelSlack } from "./slacks.js";

/**
 * Runs the stages on `m`, which holds `day`'s LP (built with `stageRows`)
 * with its stage rows free. Leaves the model's z coefficients as it found them.
 * @throws StageError if a stage LP is not solved to optimality
 */
export function solveStages(m: LpModel, day: DayModel, o: StageOptions): StagesResult {
  const stage = day.stage;
  if (!stage) throw new Error("solveStages needs a model built with stageRows");
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
    if (s !== "fair" && o.open) lastBasis = m.basis(); // the reduced fair LP starts from it (a later bound change drops it)
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
  const fStar = r.objective;
  fixToOptimalFace(m, r.x, r.colDual, r.rowDual);
  m.setRowBound(stage.costRow, -Infinity, fStar + costSlack(fStar, factor));

  // 2. carry-over, group by group. A level the face fixed (its reduced cost is not 0, so every
  // cheapest plan ends there) or one already at the top needs no LP.
  for (const col of o.endLevelCols) {
    const { colLb, colUb } = m.current();
    const lb = colLb[col],
      ub = colUb[col];
    const level = lb === ub || r.x[col] >= ub - 1e-9 ? ub : (r = solve("carry", unit(col, -1))).x[col];
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
  const x = holdCarried(
    fairStage(m, day, o, fStar, lastBasis, stats, (model, obj) => solve("fair", obj, { planFeasible: true }, model)),
  );
  return { x, cost: fStar, stats, costBasis, carried };
}

/** Stage 3 on the reduced LP where `o.open` is given (else on `m`); the plan in `m`'s columns. */
function fairStage(
  m: LpModel,
  day: DayModel,
  o: StageOptions,
  fStar: number,
  start: Basis | null,
  stats: StageStats,
  solve: (model: LpModel, obj: Float64Array) => SolveResult,
): Float64Array {
  const full = m.current();
  const fair = (model: LpModel) =>
    solveFairBills({
      model,
      day,
      standalone: o.standalone,
      fStar,
      factor: stats.slackFactor,
      solve: (obj) => solve(model, obj),
    });
  if (!o.open) {
    stats.fairLp = { full: lpSize(full), reduced: null };
    return fair(m);
  }
  const reduction = reduceLp(full, day.stage!);
  stats.fairLp = { full: lpSize(full), reduced: lpSize(reduction.lp) };
  const model = new ReducedModel(full, reduction, o.open(reduction.lp), start);
  try {
    return fair(model);
  } finally {
    model.dispose();
  }
}
