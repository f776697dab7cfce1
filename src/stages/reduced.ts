/**
 * The fair stage's LP without what the optimal face fixed (issue 21): after
 * stages 1 and 2 most columns are fixed (on a 100-house day about 65 %), yet
 * each would stay in every fair LP, and a simplex iteration costs more the
 * larger the LP. The reduced LP keeps the columns that can still move and
 * the stage columns (z, t, u), and the rows that can still bind: a row with
 * no kept column is met by the fixed values alone, and a row whose kept
 * columns cannot reach either bound never binds. Each kept row's bounds are
 * shifted by what its fixed columns contribute, so the savings stay linear
 * forms of the kept columns. Every point of the reduced LP, with the fixed
 * columns at their values, is a point of the full one and back: the same
 * LP, so the same leximin bills.
 *
 * {@link ReducedModel} speaks the full LP's column and row numbers, so the
 * fair rounds run on it unchanged; its answers are mapped back (fixed
 * columns at their values, dropped rows' duals 0).
 */
import type { SparseLp } from "../lp/lp.js";
import type { StageLayout } from "../lp/day.js";
import type { Basis, LpModel, SolveHint, SolveResult } from "../solver/types.js";

/** The reduced LP and the maps between it and the full one. */
export interface Reduction {
  lp: SparseLp;
  /** full column of each reduced column */
  cols: Int32Array;
  /** full row of each reduced row */
  rows: Int32Array;
  /** reduced index of each full column or row, −1 where it was dropped */
  colAt: Int32Array;
  rowAt: Int32Array;
  /** each full row's activity from the fixed columns */
  offset: Float64Array;
}

/**
 * The LP `full` without its fixed columns (`colLb === colUb`, the stage columns excepted) and
 * without the rows that cannot bind (the stage rows are always kept: their bounds change).
 * @example reduceLp(m.current(), day.stage!).lp.nCols // the columns the fair stage can move
 */
export function reduceLp(full: SparseLp, stage: StageLayout): Reduction {
  const keepCol = new Uint8Array(full.nCols);
  for (let c = 0; c < full.nCols; c++) keepCol[c] = full.colLb[c] < full.colUb[c] ? 1 : 0;
  const nHouses = stage.fixRow - stage.savingRow;
  keepCol[stage.zCol] = keepCol[stage.uCol] = 1;
  for (let h = 0; h < nHouses; h++) keepCol[stage.tCol + h] = 1;
  const isStageRow = (r: number) => r === stage.costRow || (r >= stage.savingRow && r < stage.fixRow + nHouses);

  const offset = new Float64Array(full.nRows);
  const rows: number[] = [];
  for (let r = 0; r < full.nRows; r++) {
    let lo = 0,
      hi = 0,
      kept = 0,
      off = 0;
    for (let k = full.start[r]; k < full.start[r + 1]; k++) {
      const c = full.col[k],
        a = full.coef[k];
      if (!keepCol[c]) {
        off += a * full.colLb[c];
        continue;
      }
      kept++;
      lo += a > 0 ? a * full.colLb[c] : a * full.colUb[c];
      hi += a > 0 ? a * full.colUb[c] : a * full.colLb[c];
    }
    offset[r] = off;
    // NaN (∞ − ∞) never compares true: such a row is kept
    const slack = 1e-9 * Math.max(1, Math.abs(full.rowLb[r]), Math.abs(full.rowUb[r]));
    const cannotBind = full.rowLb[r] - off <= lo - slack && hi + slack <= full.rowUb[r] - off;
    if (isStageRow(r) || (kept > 0 && !cannotBind)) rows.push(r);
  }
  const cols: number[] = [];
  for (let c = 0; c < full.nCols; c++) if (keepCol[c]) cols.push(c);
  const colAt = new Int32Array(full.nCols).fill(-1),
    rowAt = new Int32Array(full.nRows).fill(-1);
  cols.forEach((c, i) => (colAt[c] = i));
  rows.forEach((r, i) => (rowAt[r] = i));

  const start = new Int32Array(rows.length + 1),
    col: number[] = [],
    coef: number[] = [];
  rows.forEach((r, i) => {
    for (let k = full.start[r]; k < full.start[r + 1]; k++)
      if (keepCol[full.col[k]]) (col.push(colAt[full.col[k]]), coef.push(full.coef[k]));
    start[i + 1] = col.length;
  });
  const pick = (a: Float64Array, idx: number[]) => Float64Array.from(idx, (i) => a[i]);
  const lp: SparseLp = {
    nCols: cols.length,
    nRows: rows.length,
    colLb: pick(full.colLb, cols),
    colUb: pick(full.colUb, cols),
    obj: pick(full.obj, cols),
    rowLb: Float64Array.from(rows, (r) => full.rowLb[r] - offset[r]),
    rowUb: Float64Array.from(rows, (r) => full.rowUb[r] - offset[r]),
    start,
    col: Int32Array.from(col),
    coef: Float64Array.from(coef),
  };
  return { lp, cols: Int32Array.from(cols), rows: Int32Array.from(rows), colAt, rowAt, offset };
}

/**
 * The full LP's model over a reduced one: changes to kept columns and rows go through (row bounds
 * shifted by the fixed columns' activity); a change to a dropped column or row is refused.
 */
export class ReducedModel implements LpModel {
  private readonly full: SparseLp;
  /** the reduced objective, rebuilt in place by each {@link ReducedModel.setObjective} */
  private readonly obj: Float64Array;

  /** @param start - the full model's basis: the reduced LP starts from its kept columns' and rows' part */
  constructor(
    full: SparseLp,
    private readonly red: Reduction,
    private readonly inner: LpModel,
    start: Basis | null = null,
  ) {
    if (start)
      inner.setBasis({
        colStatus: start.colStatus.filter((_, c) => red.colAt[c] >= 0),
        rowStatus: start.rowStatus.filter((_, r) => red.rowAt[r] >= 0),
      });
    this.obj = new Float64Array(red.lp.nCols);
    this.full = {
      ...full,
      colLb: full.colLb.slice(),
      colUb: full.colUb.slice(),
      obj: full.obj.slice(),
      rowLb: full.rowLb.slice(),
      rowUb: full.rowUb.slice(),
      coef: full.coef.slice(),
    };
  }

  get nCols() {
    return this.full.nCols;
  }
  get nRows() {
    return this.full.nRows;
  }
  /** the reduced LP's size */
  get reduced() {
    return { rows: this.red.lp.nRows, cols: this.red.lp.nCols, nonZeros: this.red.lp.col.length };
  }

  private colOf(c: number): number {
    const i = this.red.colAt[c];
    if (i < 0) throw new Error(`the reduced LP has no column ${c} (fixed by stages 1–2)`);
    return i;
  }
  private rowOf(r: number): number {
    const i = this.red.rowAt[r];
    if (i < 0) throw new Error(`the reduced LP has no row ${r} (it cannot bind)`);
    return i;
  }

  setColBounds(lb: Float64Array, ub: Float64Array) {
    this.setColBoundsAt(
      this.red.cols,
      Float64Array.from(this.red.cols, (c) => lb[c]),
      Float64Array.from(this.red.cols, (c) => ub[c]),
    );
  }
  setColBound(c: number, lb: number, ub: number) {
    this.inner.setColBound(this.colOf(c), lb, ub);
    this.full.colLb[c] = lb;
    this.full.colUb[c] = ub;
  }
  setColBoundsAt(cols: Int32Array, lb: Float64Array, ub: Float64Array) {
    this.inner.setColBoundsAt(
      cols.map((c) => this.colOf(c)),
      lb,
      ub,
    );
    cols.forEach((c, i) => {
      this.full.colLb[c] = lb[i];
      this.full.colUb[c] = ub[i];
    });
  }
  setRowBounds(lb: Float64Array, ub: Float64Array) {
    this.setRowBoundsAt(
      this.red.rows,
      Float64Array.from(this.red.rows, (r) => lb[r]),
      Float64Array.from(this.red.rows, (r) => ub[r]),
    );
  }
  setRowBound(r: number, lb: number, ub: number) {
    const off = this.red.offset[r];
    this.inner.setRowBound(this.rowOf(r), lb - off, ub - off);
    this.full.rowLb[r] = lb;
    this.full.rowUb[r] = ub;
  }
  setRowBoundsAt(rows: Int32Array, lb: Float64Array, ub: Float64Array) {
    const off = Float64Array.from(rows, (r) => this.red.offset[r]);
    this.inner.setRowBoundsAt(
      rows.map((r) => this.rowOf(r)),
      lb.map((v, i) => v - off[i]),
      ub.map((v, i) => v - off[i]),
    );
    rows.forEach((r, i) => {
      this.full.rowLb[r] = lb[i];
      this.full.rowUb[r] = ub[i];
    });
  }
  setObjective(obj: Float64Array) {
    const { cols } = this.red;
    for (let i = 0; i < cols.length; i++) this.obj[i] = obj[cols[i]];
    this.full.obj.set(obj);
    this.inner.setObjective(this.obj);
  }
  setCoefficient(r: number, c: number, v: number) {
    this.inner.setCoefficient(this.rowOf(r), this.colOf(c), v);
    for (let k = this.full.start[r]; k < this.full.start[r + 1]; k++) if (this.full.col[k] === c) this.full.coef[k] = v;
  }

  solve(hint?: SolveHint): SolveResult {
    const r = this.inner.solve(hint);
    const { cols, rows } = this.red;
    const x = this.full.colLb.slice(); // the fixed columns' values; the kept ones below
    for (let i = 0; i < cols.length; i++) x[cols[i]] = r.x[i];
    let objective = 0;
    for (let c = 0; c < x.length; c++) objective += this.full.obj[c] * x[c];
    let rowDual: Float64Array | undefined, colDual: Float64Array | undefined;
    if (r.rowDual) {
      rowDual = new Float64Array(this.full.nRows);
      for (let i = 0; i < rows.length; i++) rowDual[rows[i]] = r.rowDual[i];
    }
    if (r.colDual) {
      colDual = new Float64Array(this.full.nCols);
      for (let i = 0; i < cols.length; i++) colDual[cols[i]] = r.colDual[i];
    }
    return { ...r, x, objective, rowDual, colDual };
  }
  basis(): Basis | null {
    return null;
  }
  setBasis(): void {
    /* the reduced model starts from its own */
  }
  current(): SparseLp {
    return this.full;
  }
  dispose(): void {
    this.inner.dispose();
  }
}
