/**
 * A solver-side copy of an LP that can be changed in place: what a backend
 * without persistent models (glpk.js) solves from, and what every backend
 * checks its answers against ({@link primalViolation}).
 */
import { copyLp, rowActivity, type SparseLp } from "../lp/lp.js";

/** Tolerance of {@link primalViolation} before an answer is solved again without presolve. */
export const PRIMAL_TOLERANCE = 1e-7;

/** Rows longer than this are looked up through a map of their entries, shorter ones scanned. */
const LONG_ROW = 256;

/** A mutable copy of a {@link SparseLp}; its matrix pattern is fixed. */
export class LpMirror {
  readonly lp: SparseLp;
  /** the entries of each long row looked up so far: column → index into `col`/`coef` */
  private readonly longRows = new Map<number, Map<number, number>>();

  constructor(lp: SparseLp) {
    this.lp = copyLp(lp);
  }

  /** The index into `col`/`coef` of entry (row, col); throws if the pattern has none. */
  entryIndex(row: number, col: number): number {
    // a short row is scanned; a long one (a cost row) gets a map of its own entries, built once
    const { start, col: cols } = this.lp;
    let k: number | undefined;
    if (start[row + 1] - start[row] <= LONG_ROW) {
      for (let j = start[row]; j < start[row + 1] && k === undefined; j++) if (cols[j] === col) k = j;
    } else {
      let m = this.longRows.get(row);
      if (!m) {
        m = new Map();
        for (let j = start[row]; j < start[row + 1]; j++) m.set(cols[j], j);
        this.longRows.set(row, m);
      }
      k = m.get(col);
    }
    if (k === undefined) throw new Error(`LP has no entry at row ${row}, column ${col}`);
    return k;
  }

  setCoefficient(row: number, col: number, value: number): void {
    this.lp.coef[this.entryIndex(row, col)] = value;
  }
}

/**
 * The largest amount by which `x` breaks a column bound (absolute) or a row
 * of `lp` (relative to the bound's size, at least 1); 0 when it meets them all. GLPK's presolver has been seen to report
 * "optimal" for a point at −0.001 below a bound of 0, so every answer is
 * checked here before it is used, besides the independent audit.
 * @example primalViolation(lp, solution.x) <= PRIMAL_TOLERANCE
 */
export function primalViolation(lp: SparseLp, x: Float64Array): number {
  let worst = 0;
  for (let c = 0; c < lp.nCols; c++) worst = Math.max(worst, lp.colLb[c] - x[c], x[c] - lp.colUb[c]);
  for (let r = 0; r < lp.nRows; r++) {
    const v = rowActivity(lp, r, x);
    // rows relative to their bound's size (a cost row's bound can be in the thousands)
    // (a free side is skipped: −∞/∞ would be NaN)
    const lo = lp.rowLb[r],
      hi = lp.rowUb[r];
    if (lo > -Infinity) worst = Math.max(worst, (lo - v) / Math.max(1, Math.abs(lo)));
    if (hi < Infinity) worst = Math.max(worst, (v - hi) / Math.max(1, Math.abs(hi)));
  }
  return Number.isNaN(worst) ? Infinity : worst;
}

/** `obj · x` */
export function objectiveAt(lp: SparseLp, x: Float64Array): number {
  let s = 0;
  for (let c = 0; c < lp.nCols; c++) s += lp.obj[c] * x[c];
  return s;
}
