/**
 * Stage 3 of "One answer per day" (docs/model.md): the fair bills, the leximin
 * vector of savings `s[h] = r[h] − cost[h]` against each house's stand-alone
 * cost `r[h]`, among the plans that keep stages 1 and 2.
 *
 * A round is one LP, the level LP with a lift in it: max z + w·Σ t[h] over
 * the open houses, with s[h] ≥ z + t[h], each lift t[h] between 0 and a small
 * step, and w = 1/(2 × open houses). Lowering z by δ would free each t[h] by
 * at most δ and gain at most δ/2, so z comes out at the level, the largest
 * smallest saving of the open houses, and the plan lifts every open house it
 * can above z, all at once. The houses it lifts are free. Those it leaves at
 * z are fixed there where its duals prove that no plan lifts any of them
 * (a bound on the lift LP over them alone, see {@link FairRounds.noneCanRise});
 * else lift LPs sort them: one lifts them all at once, the houses it raises
 * are free, and again for the rest until one raises none of them.
 *
 * A fixed house is held a small slack below its level ({@link savingSlack});
 * later levels absorb what the fixed houses leave, and where a plan puts
 * the rest is the solver's choice. So the last LP *settles*: it lifts every
 * house's floor by the same share of its slack, as far as they all go, which
 * puts each house back at its level to the solvers' precision.
 *
 * The rounds' state (open and fixed houses, the slack released, the last
 * plan) lives in one {@link FairRounds}; each round is `levelLift`, then
 * `lift` where its duals leave a house undecided, and the stage ends with
 * `settle`. Bound changes go to the solver in one call per batch.
 */
import { performance } from "node:perf_hooks";
import type { DayModel, StageLayout } from "../lp/day.js";
import { houseCost } from "../lp/costs.js";
import type { LpModel, SolveResult } from "../solver/types.js";
import { costSlack, savingSlack } from "./slacks.js";
import { StageError } from "./stage-error.js";

/** What the fair stage needs from the stages around it. */
export interface FairBillsInput {
  /** the model after stages 1 and 2, with the day's saving rows free */
  model: LpModel;
  day: DayModel;
  /** each house's stand-alone cost for the day, currency units */
  standalone: ArrayLike<number>;
  /** stage 1's optimum, the community's cost (its slack can pass from house to house) */
  fStar: number;
  /** the slacks' factor (1, 10 or 100) */
  factor: number;
  /** solves the model with this objective, counted as a fair-stage LP; throws if not optimal */
  solve: (obj: Float64Array) => SolveResult;
}

/** The lift step, in multiples of the rise tolerance: small, so that free houses do not compete for it. */
const LIFT_STEP = 4;

const filled = (n: number, v: number) => new Float64Array(n).fill(v);

/** The kinds of fair-stage LP, for {@link traceFairLps}. */
export type FairLpKind = "level" | "lift" | "settle";
let tracer: ((kind: FairLpKind, r: SolveResult, ms: number) => void) | null = null;
/**
 * Calls `f` after every fair-stage LP of this thread with its kind, result and wall ms (a bench's
 * breakdown; null stops it).
 */
export function traceFairLps(f: ((kind: FairLpKind, r: SolveResult, ms: number) => void) | null): void {
  tracer = f;
}

/** The fair stage's state, in one place: open and fixed houses, the slack released, the last plan. */
class FairRounds {
  readonly open = new Set<number>();
  readonly fixed: number[] = [];
  /** each fixed house's level slack (its floor is its level less this) */
  readonly slackOf: Float64Array;
  /** Σ of the slack that fixed houses' floors leave below their levels */
  released = 0;
  x: Float64Array;
  private readonly m: LpModel;
  private readonly stage: StageLayout;

  constructor(private readonly input: FairBillsInput) {
    this.m = input.model;
    this.stage = input.day.stage!;
    const n = input.standalone.length;
    this.slackOf = new Float64Array(n);
    this.x = new Float64Array(this.m.nCols);
    const houses = Int32Array.from({ length: n }, (_, h) => h);
    houses.forEach((h) => this.open.add(h));
    this.m.setRowBoundsAt(
      houses.map((h) => this.stage.savingRow + h),
      filled(n, -Infinity),
      Float64Array.from(input.standalone),
    );
  }

  private run(kind: FairLpKind, obj: Float64Array): SolveResult {
    if (!tracer) return this.input.solve(obj);
    const t0 = performance.now();
    const r = this.input.solve(obj);
    tracer(kind, r, performance.now() - t0);
    return r;
  }

  saving(h: number): number {
    return this.input.standalone[h] - houseCost(this.input.day.costs, h, this.x);
  }

  /** The objective `−column`. */
  private maximise(col: number): Float64Array {
    const obj = new Float64Array(this.m.nCols);
    obj[col] = -1;
    return obj;
  }

  /**
   * Fixes `houses` at level z: the saving row lets go through t[h] (nonbasic at 0, so the basis
   * stays feasible; freeing the row instead would move it and leave the simplex a phase 1), the
   * fix row holds the floor z less the saving slack.
   */
  fix(houses: readonly number[], z: number): void {
    const hs = houses.filter((h) => this.open.has(h));
    if (hs.length === 0) return;
    const tol = savingSlack(z, this.input.factor);
    const cols = Int32Array.from(hs, (h) => this.stage.tCol + h),
      rows = Int32Array.from(hs, (h) => this.stage.fixRow + h);
    this.m.setColBoundsAt(cols, filled(hs.length, -Infinity), filled(hs.length, 0));
    this.m.setRowBoundsAt(
      rows,
      filled(hs.length, -Infinity),
      Float64Array.from(hs, (h) => this.input.standalone[h] - (z - tol)),
    );
    for (const h of hs) {
      this.open.delete(h);
      this.fixed.push(h);
      this.slackOf[h] = tol;
      this.released += tol;
    }
  }

  /**
   * A rise smaller than what the slacks can pass around is no rise: the cost slack, the slack of
   * every house fixed below its level, and the open houses' check slack can all flow to one house.
   * Counting such hairs as rises frees a few houses per LP by spending slack.
   */
  riseTol(z: number): number {
    const tol = savingSlack(z, this.input.factor);
    return tol + costSlack(this.input.fStar, this.input.factor) + this.released + 0.05 * tol * this.open.size;
  }

  /**
   * The level LP with a lift in it: max z + w·Σ_open t[h], t[h] ∈ [0, step], w = 1/(2·open). Lowering
   * z by δ frees each t by at most δ, which gains at most δ/2: so z is the level z* of the open
   * houses, and the plan lifts every open house it can above z* by up to a step, all at once, as a
   * lift LP at z* would. Returns z*, the result and w (the lifts' weight, for their duals).
   */
  levelLift(step: number): { z: number; r: SolveResult; weight: number; open: number[] } {
    const open = [...this.open].sort((a, b) => a - b);
    const weight = 1 / (2 * open.length);
    const cols = Int32Array.from(open, (h) => this.stage.tCol + h);
    const obj = new Float64Array(this.m.nCols);
    obj[this.stage.zCol] = -1;
    for (const c of cols) obj[c] = -weight;
    this.m.setColBound(this.stage.zCol, -Infinity, Infinity);
    this.m.setColBoundsAt(cols, filled(cols.length, 0), filled(cols.length, step));
    const r = this.run("level", obj);
    this.x = r.x;
    this.m.setColBoundsAt(cols, filled(cols.length, 0), filled(cols.length, 0));
    return { z: r.x[this.stage.zCol], r, weight, open };
  }

  /** The smallest saving of the open houses in the last plan (at or below their level). */
  lowestOpen(): number {
    let low = Infinity;
    for (const h of this.open) low = Math.min(low, this.saving(h));
    return low;
  }

  /**
   * Lift LPs over `undecided` at level z (the open houses keep z within 5% of its slack, so that
   * the slack cannot look like a rise): returns the houses that cannot rise. One LP lifts every
   * undecided house at once; the houses it raises are free; again for the rest until one raises none.
   */
  lift(undecided: number[], z: number): number[] {
    const tol = savingSlack(z, this.input.factor),
      rise = this.riseTol(z);
    const floor = z - 0.05 * tol;
    this.m.setColBound(this.stage.zCol, floor, floor);
    while (undecided.length > 0) {
      const obj = new Float64Array(this.m.nCols);
      const cols = Int32Array.from(undecided, (h) => this.stage.tCol + h);
      for (const c of cols) obj[c] = -1;
      this.m.setColBoundsAt(cols, filled(cols.length, 0), filled(cols.length, LIFT_STEP * rise));
      const r = this.run("lift", obj);
      this.x = r.x;
      this.m.setColBoundsAt(cols, filled(cols.length, 0), filled(cols.length, 0));
      const still = undecided.filter((h) => this.saving(h) <= z + rise);
      if (still.length === undecided.length) return still; // none can rise (if one could, the optimum would be above 0)
      if (this.noneCanRise(r, undecided, still, rise)) return still;
      undecided = still;
    }
    return [];
  }

  /**
   * Whether the next lift LP, over `still` only, is known to raise none of them: this LP's duals
   * y bound its optimum by `Σ_still t[h] + Σ_freed |y[h]|·t[h]` (the two LPs differ only in the
   * freed houses' t, fixed at 0 in the next; y stays dual feasible there, and only the freed
   * houses' saving rows move, each by its t). Below half a rise, no plan puts one of them above
   * z + rise (one there would lift its t above a rise). The plan then is this one with the freed
   * houses' t at 0: the next LP's own starting point, optimal for it. For the level LP, whose lifts
   * weigh `weight` each, y/weight bounds the lift LP at its level the same way (z, free there and
   * so of zero reduced cost, is fixed in the lift LP, which keeps y dual feasible).
   */
  noneCanRise(r: SolveResult, undecided: number[], still: number[], rise: number, weight = 1): boolean {
    const y = r.rowDual;
    if (!y) return false;
    const { tCol, savingRow } = this.stage;
    const isStill = new Set(still);
    let bound = 0;
    for (const h of undecided) {
      const t = Math.max(0, r.x[tCol + h]);
      bound += isStill.has(h) ? t : (Math.abs(y[savingRow + h]) / weight) * t;
    }
    if (!(bound <= 0.5 * rise)) return false;
    for (const h of undecided) if (!isStill.has(h)) this.x[tCol + h] = 0;
    return true;
  }

  /**
   * The settling LP: every house sits on its floor or above it by slack the others released, and
   * where that slack lands is the solver's choice. Lifting every floor by the same share u of its
   * slack, as far as they all go (u ≈ the largest slack: back to the levels), leaves each house at
   * its level, whatever the solver. Only u's coefficients change (u is nonbasic at 0, so the plan
   * stays feasible and the primal simplex goes on from it).
   */
  settle(): Float64Array {
    if (this.fixed.length < 2) return this.x;
    // u's coefficients are the slacks over the largest (so at most 1: a solver drops matrix entries
    // as small as the slacks themselves, and an LP whose u meets no row is unbounded)
    const largest = Math.max(...this.fixed.map((h) => this.slackOf[h]));
    for (const h of this.fixed)
      this.m.setCoefficient(this.stage.fixRow + h, this.stage.uCol, this.slackOf[h] / largest);
    // z only meets the fixed houses' saving rows, which their t lets go: held where the last plan has
    // it, the plan stays feasible (moving it to 0 cost the primal simplex ~3x the iterations)
    const z = this.x[this.stage.zCol];
    this.m.setColBound(this.stage.zCol, z, z);
    this.m.setColBound(this.stage.uCol, 0, Infinity);
    this.x = this.run("settle", this.maximise(this.stage.uCol)).x;
    return this.x;
  }

  /**
   * Leaves the stage columns (every house's t, also after a round that threw) and u's coefficients as
   * the model was built (bounds of rows stay).
   */
  restore(): void {
    const { zCol, uCol, tCol, fixRow } = this.stage;
    this.m.setColBound(zCol, 0, 0);
    this.m.setColBound(uCol, 0, 0);
    for (const h of this.fixed) this.m.setCoefficient(fixRow + h, uCol, 1);
    const cols = Int32Array.from({ length: this.input.standalone.length }, (_, h) => tCol + h);
    this.m.setColBoundsAt(cols, filled(cols.length, 0), filled(cols.length, 0));
  }
}

/**
 * Rounds until every house is fixed. Each round fixes a house at least (the level LP's z is the
 * largest, so some open house cannot rise above it): at most N rounds; past 3N + 3 the rounds
 * are not making progress. The lift step is set from the last level (the first: the lowest open
 * saving of stage 2's plan, at or below it); a level that rose past what its step can show is
 * sorted by lift LPs at its own step.
 * @throws StageError (status "stopped") past that limit
 */
function runRounds(s: FairRounds, n: number): Float64Array {
  let step = LIFT_STEP * s.riseTol(s.lowestOpen());
  for (let round = 0; round <= 3 * n + 3; round++) {
    const { z, r, weight, open } = s.levelLift(step);
    const rise = s.riseTol(z);
    let blocked: number[];
    if (step < 2 * rise) blocked = s.lift(open, z);
    else {
      const still = open.filter((h) => s.saving(h) <= z + rise);
      // none lifted: none can rise (if one could, the lifts' part of the optimum would be above 0)
      const proven = still.length === open.length || s.noneCanRise(r, open, still, rise, weight);
      blocked = proven ? still : s.lift(still, z);
    }
    if (blocked.length === 0) blocked = open; // numerical safety: a round always fixes someone
    s.fix(blocked, z);
    if (s.open.size === 0) return s.settle();
    step = LIFT_STEP * s.riseTol(z);
  }
  throw new StageError(
    "fair",
    "stopped",
    `stopped after ${3 * n + 4} rounds with ${s.open.size} of ${n} houses not fixed`,
  );
}

/**
 * Runs the leximin rounds on `model` (only bounds, the objective and u's coefficients change; the
 * saving and fix rows keep their last bounds). Returns the last plan.
 * @throws StageError if an LP is not optimal, or the rounds stop making progress
 */
export function solveFairBills(input: FairBillsInput): Float64Array {
  const s = new FairRounds(input);
  try {
    return runRounds(s, input.standalone.length);
  } finally {
    s.restore();
  }
}
