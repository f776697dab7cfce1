/**
 * The optimal face of the day's cost LP, from stage 1's duals: the later
 * stages ("One answer per day", docs/model.md) search among plans of cost
 * `f*`, and by complementary slackness every such plan keeps each column
 * with a non-zero reduced cost at the bound it sits on in stage 1, and each
 * inequality row with a non-zero dual at its active bound — for any optimal
 * duals, so whichever the solver returned. Fixing them there leaves the face
 * itself, the same set for every solver, presolve and column order; only
 * the cost row's slack then lets the later stages off it, through the
 * directions the duals price at 0.
 *
 * Without this, the cost slack ε (a currency amount) could be spent on a
 * priced column and passed to one house as a slightly larger saving, and
 * which house got it depended on the solver's path.
 */
import { rowActivity } from "../lp/lp.js";
import type { LpModel } from "../solver/types.js";

/** A reduced cost or dual price of at least this size (currency units per unit of the column or row) counts as non-zero. */
export const PRICED = 1e-6;
/** How close to a bound a stage-1 value must be to be fixed there (kWh or currency). */
const AT_BOUND = 1e-9;

/** How many columns and rows {@link fixToOptimalFace} fixed. */
export interface FaceFixes {
  cols: number;
  rows: number;
}

const boundAt = (v: number, lb: number, ub: number, tol: number): number | null => {
  if (Number.isFinite(lb) && Math.abs(v - lb) <= tol * Math.max(1, Math.abs(lb))) return lb;
  if (Number.isFinite(ub) && Math.abs(v - ub) <= tol * Math.max(1, Math.abs(ub))) return ub;
  return null;
};

/**
 * Fixes every priced column and inequality row of `m` at the bound stage 1's
 * plan `x` holds it on (only bounds change, so stage 1's basis stays
 * optimal). The model must be stage 1's, solved, with `colDual`/`rowDual`
 * its duals; backends without duals fix nothing.
 * @example fixToOptimalFace(m, r.x, r.colDual, r.rowDual) // { cols: 812, rows: 40 }
 */
export function fixToOptimalFace(
  m: LpModel,
  x: Float64Array,
  colDual?: Float64Array,
  rowDual?: Float64Array,
): FaceFixes {
  if (!colDual || !rowDual) return { cols: 0, rows: 0 };
  const lp = m.current();
  const cols: number[] = [],
    colAt: number[] = [];
  for (let c = 0; c < lp.nCols; c++) {
    const lb = lp.colLb[c],
      ub = lp.colUb[c];
    if (lb === ub || Math.abs(colDual[c]) < PRICED) continue;
    const at = boundAt(x[c], lb, ub, AT_BOUND);
    if (at !== null) (cols.push(c), colAt.push(at));
  }
  const rows: number[] = [],
    rowAt: number[] = [];
  for (let r = 0; r < lp.nRows; r++) {
    const lb = lp.rowLb[r],
      ub = lp.rowUb[r];
    if (lb === ub || Math.abs(rowDual[r]) < PRICED) continue;
    const at = boundAt(rowActivity(lp, r, x), lb, ub, AT_BOUND * 100);
    if (at !== null) (rows.push(r), rowAt.push(at));
  }
  // one call per family: a 100-house day fixes thousands of columns
  const at = Float64Array.from(colAt);
  m.setColBoundsAt(Int32Array.from(cols), at, at);
  const rat = Float64Array.from(rowAt);
  m.setRowBoundsAt(Int32Array.from(rows), rat, rat);
  return { cols: cols.length, rows: rows.length };
}
