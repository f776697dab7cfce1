/**
 * A solver-neutral sparse LP: minimise `obj · x` subject to
 * `rowLb ≤ A x ≤ rowUb` and `colLb ≤ x ≤ colUb`. Rows are stored in
 * compressed form: row i's entries are `start[i] .. start[i+1]-1` of
 * `col`/`coef`. The backends in `src/solver/` take it as it is (HiGHS as CSR arrays, glpk.js as its JSON).
 */
export interface SparseLp {
  nCols: number;
  colLb: Float64Array;
  colUb: Float64Array;
  obj: Float64Array;
  nRows: number;
  rowLb: Float64Array;
  rowUb: Float64Array;
  start: Int32Array;
  col: Int32Array;
  coef: Float64Array;
}

/**
 * Row r's activity `A[r] · x` for column values `x`.
 * @example rowActivity(lp, 0, x) // Σ_k coef[k]·x[col[k]] over row 0's entries
 */
export function rowActivity(lp: SparseLp, r: number, x: ArrayLike<number>): number {
  let v = 0;
  for (let k = lp.start[r]; k < lp.start[r + 1]; k++) v += lp.coef[k] * x[lp.col[k]];
  return v;
}

/** Appends rows one at a time (terms in typed arrays that double as they fill). */
export class RowBuilder {
  private readonly lbs: number[] = [];
  private readonly ubs: number[] = [];
  private readonly starts: number[] = [0];
  private cols = new Int32Array(1024);
  private coefs = new Float64Array(1024);
  /** terms so far */
  private n = 0;

  /** Adds a term to the row being built; a column of -1 (left out) is skipped. */
  term(col: number, coef: number): this {
    if (col >= 0) {
      if (this.n === this.cols.length) this.grow();
      this.cols[this.n] = col;
      this.coefs[this.n++] = coef;
    }
    return this;
  }

  private grow(): void {
    const cols = new Int32Array(2 * this.cols.length),
      coefs = new Float64Array(2 * this.coefs.length);
    cols.set(this.cols);
    coefs.set(this.coefs);
    this.cols = cols;
    this.coefs = coefs;
  }

  /** Closes the row being built with bounds `lb ≤ row ≤ ub`; returns its index. */
  close(lb: number, ub: number): number {
    this.lbs.push(lb);
    this.ubs.push(ub);
    this.starts.push(this.n);
    return this.lbs.length - 1;
  }

  /** Number of terms in the row being built. */
  get pending(): number {
    return this.n - this.starts[this.starts.length - 1];
  }

  /** Drops the row being built. */
  discard(): void {
    this.n = this.starts[this.starts.length - 1];
  }

  finish(nCols: number, colLb: Float64Array, colUb: Float64Array, obj: Float64Array): SparseLp {
    return {
      nCols,
      colLb,
      colUb,
      obj,
      nRows: this.lbs.length,
      rowLb: Float64Array.from(this.lbs),
      rowUb: Float64Array.from(this.ubs),
      start: Int32Array.from(this.starts),
      col: this.cols.slice(0, this.n),
      coef: this.coefs.slice(0, this.n),
    };
  }
}

/**
 * A copy of `lp` that shares no array with it (later changes to either do not reach the other).
 * @example const mine = copyLp(model.current()); // changing mine leaves the model as it was
 */
export const copyLp = (lp: SparseLp): SparseLp => ({
  nCols: lp.nCols,
  nRows: lp.nRows,
  colLb: lp.colLb.slice(),
  colUb: lp.colUb.slice(),
  obj: lp.obj.slice(),
  rowLb: lp.rowLb.slice(),
  rowUb: lp.rowUb.slice(),
  start: lp.start.slice(),
  col: lp.col.slice(),
  coef: lp.coef.slice(),
});
