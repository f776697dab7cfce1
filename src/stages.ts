/**
 * One answer per day (MODEL.md "One answer per day"): a day is solved in
 * stages on one persistent model, each keeping the optimum of the ones
 * before within a small slack.
 *
 * 1. cost: minimise the community's cost, `f*`;
 * 2. carry-over: the highest end-of-day battery level, group by group in
 *    group order (this fixes the next day's start, so every total);
 * 3. fair bills (unless `allocation: "solver"`): the leximin vector of
 *    savings `s[h] = r[h] − cost[h]` against each house's stand-alone cost.
 *    A round maximises the level `z` of the open houses; a house whose row
 *    has a dual price there cannot rise above it; one LP then lifts all
 *    other open houses above the level at once, again for those it left at
 *    the level, until one lifts none: those are fixed at the level.
 */
import { performance } from "node:perf_hooks";
import type { DayModel } from "./model/day.js";
import type { Basis, LpModel, SolveResult } from "./solver/types.js";

/** "fair": stage 3's leximin bills; "solver": the split is whatever optimal plan the solver returns. */
export type Allocation = "fair" | "solver";

/** LPs solved and milliseconds spent per stage. */
export interface StageStats {
  lps: { cost: number; carry: number; fair: number };
  ms: { cost: number; carry: number; fair: number };
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
}

/** A stage LP the solver did not solve to optimality. */
export class StageError extends Error {
  constructor(readonly stage: keyof StageStats["lps"], readonly status: string) {
    super(`${stage} stage: the LP is ${status}`);
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
}

/** MODEL.md's slacks: the cost within max(1e-5, 1e-8·|f*|), a fixed level within 1e-6·max(1, |v|). */
export const costSlack = (f: number, factor = 1) => factor * Math.max(1e-5, 1e-8 * Math.abs(f));
export const levelSlack = (v: number, factor = 1) => factor * 1e-6 * Math.max(1, Math.abs(v));

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
  const stats: StageStats = { lps: { cost: 0, carry: 0, fair: 0 }, ms: { cost: 0, carry: 0, fair: 0 }, slackFactor: factor, presolveFallback: false };
  const solve = (s: keyof StageStats["lps"], obj: Float64Array): SolveResult => {
    const t0 = performance.now();
    m.setObjective(obj);
    const r = m.solve();
    stats.lps[s]++;
    stats.ms[s] += performance.now() - t0;
    stats.presolveFallback ||= r.presolveFallback;
    if (!r.optimal) throw new StageError(s, r.status);
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
  m.setRowBound(stage.costRow, -Infinity, fStar + costSlack(fStar, factor));

  // 2. carry-over, group by group
  const costDual = r.colDual;
  for (const col of o.endLevelCols) {
    const { colLb, colUb } = m.current();
    const lb = colLb[col], ub = colUb[col];
    let level: number;
    if (r.x[col] >= ub - 1e-9) level = ub; // already as high as it can be: no LP needed
    else if (costDual && r.x[col] <= lb + 1e-9 && costDual[col] * levelSlack(lb, factor) >= costSlack(fStar, factor)) {
      // At its lower bound with reduced cost d in stage 1: by complementary slackness every plan
      // of cost f* ends there, and every plan within the cost slack ε at most ε/d higher — within
      // the level's slack. No LP needed.
      level = lb;
    } else level = (r = solve("carry", unit(col, -1))).x[col];
    m.setColBound(col, Math.min(ub, Math.max(lb, level - levelSlack(level, factor))), ub);
  }
  if (o.allocation === "solver") return { x: r.x, cost: fStar, stats, costBasis };

  // 3. fair bills: leximin savings
  const N = o.standalone.length;
  const costOf = (h: number, x: Float64Array) => {
    let c = 0;
    for (let k = day.costs.start[h]; k < day.costs.start[h + 1]; k++) c += day.costs.coef[k] * x[day.costs.col[k]];
    return c;
  };
  const saving = (h: number, x: Float64Array) => o.standalone[h] - costOf(h, x);
  const open = new Set<number>();
  for (let h = 0; h < N; h++) {
    open.add(h);
    m.setRowBound(stage.savingRow + h, -Infinity, o.standalone[h]);
  }
  const fixed: number[] = [];
  try {
    for (let round = 0; open.size > 0 && round <= N; round++) {
      // the level: max z with s[h] ≥ z for every open house
      const last = open.size === 1;
      m.setColBound(stage.zCol, -Infinity, Infinity);
      r = solve("fair", unit(stage.zCol, -1));
      const z = r.x[stage.zCol];
      // a house fixed at the level keeps it within MODEL.md's slack; while the round
      // checks who can rise, the open houses keep the level far more tightly, so that
      // the slack cannot be passed from one house to another and look like a rise
      const tol = levelSlack(z, factor);
      const floor = z - tol;
      const checkFloor = z - 0.05 * tol;
      m.setColBound(stage.zCol, checkFloor, checkFloor);
      const rises = new Set<number>();
      // a house whose saving row has a nonzero dual in the level LP cannot rise above the level
      // (every plan that keeps the others at z has it exactly at z): no check needed
      const atLevel = new Set<number>();
      if (r.rowDual) for (const h of open) if (Math.abs(r.rowDual[stage.savingRow + h]) > 1e-7) atLevel.add(h);
      const note = (x: Float64Array) => {
        for (const h of open) if (saving(h, x) > z + tol) rises.add(h);
      };
      // Lift LPs: one LP lifts every undecided house above the level at once (by up to 1
      // currency unit each); the houses it raises are free. It is solved again for those it
      // left at the level until one raises none of them: then none of them can rise at all
      // (if one could, that LP's optimum would be above 0), so all are blocked.
      const blocked: number[] = [];
      let undecided = [...open].filter((h) => !atLevel.has(h)).sort((a, b) => a - b);
      for (const h of open) if (last || atLevel.has(h)) blocked.push(h); // the level LP already raised the one open house as far as it goes, or its dual says it is blocked
      if (last) undecided = [];
      while (undecided.length > 0) {
        const lift = new Float64Array(nCols);
        for (const h of undecided) {
          m.setColBound(stage.tCol + h, 0, 1);
          lift[stage.tCol + h] = -1;
        }
        r = solve("fair", lift);
        for (const h of undecided) m.setColBound(stage.tCol + h, 0, 0);
        note(r.x);
        const still = undecided.filter((h) => !rises.has(h));
        if (still.length === undecided.length) {
          blocked.push(...still);
          break;
        }
        undecided = still;
      }
      // numerical safety: a round always fixes someone
      if (blocked.length === 0) blocked.push(...open);
      for (const h of blocked) {
        open.delete(h);
        fixed.push(h);
        m.setCoefficient(stage.savingRow + h, stage.zCol, 0);
        m.setRowBound(stage.savingRow + h, -Infinity, o.standalone[h] - floor);
      }
    }
    return { x: r.x, cost: fStar, stats, costBasis };
  } finally {
    for (const h of fixed) m.setCoefficient(stage.savingRow + h, stage.zCol, 1);
    m.setColBound(stage.zCol, 0, 0);
  }
}
