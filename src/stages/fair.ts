/**
 * Stage 3 of "One answer per day" (docs/model.md): the fair bills, the leximin
 * vector of savings `s[h] = r[h] − cost[h]` against each house's stand-alone
 * cost `r[h]`, among the plans that keep stages 1 and 2.
 *
 * A round has a level `z`, the largest smallest saving of the open houses
 * (the level LP: max z with s[h] ≥ z for every open house). A house whose
 * saving row carries a dual price in that LP cannot rise above z: it is
 * fixed there. Whether the other open houses can all rise together is asked
 * of the next level LP over them: if its level is higher, they all can, and
 * that LP starts the next round (one LP a round where the duals name every
 * blocked house). If not, lift LPs sort them: one LP lifts every undecided
 * house above z at once (by up to a small step each); the houses it raises
 * are free; it is solved again for those it left at z until one raises none
 * of them, and those are fixed at z.
 *
 * A fixed house is held a small slack below its level ({@link savingSlack});
 * later levels absorb what the fixed houses leave, and where a plan puts
 * the rest is the solver's choice. So the last LP *settles*: it lifts every
 * house's floor by the same share of its slack, as far as they all go, which
 * puts each house back at its level to the solvers' precision.
 */
import type { DayModel } from "../lp/day.js";
import { houseCost } from "../lp/costs.js";
import type { LpModel, SolveResult } from "../solver/types.js";
import { costSlack, savingSlack } from "./slacks.js";

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

/** A dual price this large on a saving row marks its house as blocked at the level. */
const DUAL_BLOCKED = 1e-7;
/** The lift step, in multiples of the rise tolerance: small, so that free houses do not compete for it. */
const LIFT_STEP = 4;

/**
 * Runs the leximin rounds on `model` (only bounds and the objective change;
 * the saving and fix rows keep their last bounds). Returns the last plan.
 */
export function solveFairBills(input: FairBillsInput): Float64Array {
  const { model: m, day, standalone, fStar, factor, solve } = input;
  const stage = day.stage!;
  const N = standalone.length;
  const nCols = m.nCols;
  const saving = (h: number, x: Float64Array) => standalone[h] - houseCost(day.costs, h, x);

  const open = new Set<number>();
  for (let h = 0; h < N; h++) {
    open.add(h);
    m.setRowBound(stage.savingRow + h, -Infinity, standalone[h]);
  }
  /** Σ of the slack that fixed houses' floors leave below their levels */
  let released = 0;
  const fixed: number[] = [];
  /** each fixed house's level slack (its floor is its level less this) */
  const slackOf = new Float64Array(N);
  const fix = (h: number, z: number) => {
    const tol = savingSlack(z, factor);
    open.delete(h);
    // The saving row lets go through t[h] (nonbasic at 0, so the basis stays feasible; freeing
    // the row instead would move it and leave the simplex a phase 1), the fix row holds the floor.
    m.setColBound(stage.tCol + h, -Infinity, 0);
    m.setRowBound(stage.fixRow + h, -Infinity, standalone[h] - (z - tol));
    fixed.push(h);
    slackOf[h] = tol;
    released += tol;
  };
  // A rise smaller than what the slacks can pass around is no rise: the cost slack, the slack
  // of every house fixed below its level, and the open houses' check slack can all flow to one
  // house. Counting such hairs as rises frees a few houses per LP by spending slack.
  const riseTol = (z: number) => {
    const tol = savingSlack(z, factor);
    return tol + costSlack(fStar, factor) + released + 0.05 * tol * open.size;
  };
  let x: Float64Array = new Float64Array(nCols);
  /** max z with s[h] ≥ z for the open houses; the houses whose rows carry a dual price */
  const levelLp = () => {
    m.setColBound(stage.zCol, -Infinity, Infinity);
    const obj = new Float64Array(nCols);
    obj[stage.zCol] = -1;
    const r = solve(obj);
    x = r.x;
    const priced = r.rowDual ? [...open].filter((h) => Math.abs(r.rowDual![stage.savingRow + h]) > DUAL_BLOCKED) : [];
    return { z: r.x[stage.zCol], priced };
  };
  /**
   * Lift LPs over `undecided` at level z (the open houses keep z within 5% of its slack, so
   * that the slack cannot look like a rise): returns the houses that cannot rise.
   */
  const blockedByLifts = (undecided: number[], z: number): number[] => {
    const tol = savingSlack(z, factor), rise = riseTol(z);
    const floor = z - 0.05 * tol;
    m.setColBound(stage.zCol, floor, floor);
    while (undecided.length > 0) {
      const obj = new Float64Array(nCols);
      for (const h of undecided) {
        m.setColBound(stage.tCol + h, 0, LIFT_STEP * rise);
        obj[stage.tCol + h] = -1;
      }
      x = solve(obj).x;
      for (const h of undecided) m.setColBound(stage.tCol + h, 0, 0);
      const still = undecided.filter((h) => saving(h, x) <= z + rise);
      if (still.length === undecided.length) return still; // none of them can rise (if one could, the LP's optimum would be above 0)
      undecided = still;
    }
    return [];
  };

  /**
   * The settling LP: every house sits on its floor or above it by slack the others released,
   * and where that slack lands is the solver's choice. Lifting every floor by the same share u
   * of its slack, as far as they all go (u ≈ the largest slack: back to the levels), leaves each
   * house at its level, whatever the solver. Only u's coefficients change (u is nonbasic at 0, so the plan
   * stays feasible and the primal simplex goes on from it).
   */
  const settle = (): Float64Array => {
    if (fixed.length < 2) return x;
    // u's coefficients are the slacks over the largest (so at most 1: a solver drops matrix entries
    // as small as the slacks themselves, and an LP whose u meets no row is unbounded)
    const largest = Math.max(...fixed.map((h) => slackOf[h]));
    for (const h of fixed) m.setCoefficient(stage.fixRow + h, stage.uCol, slackOf[h] / largest);
    m.setColBound(stage.zCol, 0, 0);
    m.setColBound(stage.uCol, 0, Infinity);
    const obj = new Float64Array(nCols);
    obj[stage.uCol] = -1;
    x = solve(obj).x;
    return x;
  };

  try {
    let { z, priced } = levelLp();
    for (let guard = 0; open.size > 0 && guard <= 3 * N + 3; guard++) {
      if (open.size === 1) priced = [...open]; // the level LP raised the one open house as far as it goes
      for (const h of priced) fix(h, z);
      if (open.size === 0) break;
      // Can all the others rise above z together? The level LP over them answers it.
      const next = levelLp();
      if (next.z > z + riseTol(z)) {
        ({ z, priced } = next); // yes: none of them is blocked at z; a new round at the higher level
        continue;
      }
      // No: some are blocked at z. The check's duals name some of them, lift LPs the rest.
      for (const h of next.priced) fix(h, z);
      let blocked = blockedByLifts([...open].sort((a, b) => a - b), z);
      if (blocked.length === 0 && next.priced.length === 0) blocked = [...open]; // numerical safety: a pass always fixes someone
      for (const h of blocked) fix(h, z);
      if (open.size === 0) break;
      ({ z, priced } = levelLp());
    }
    return settle();
  } finally {
    m.setColBound(stage.zCol, 0, 0);
    m.setColBound(stage.uCol, 0, 0);
    for (const h of fixed) {
      m.setCoefficient(stage.fixRow + h, stage.uCol, 1);
      m.setColBound(stage.tCol + h, 0, 0);
    }
  }
}
