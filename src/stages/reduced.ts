/**
 * The fair stage's LP without what the optimal face fixed (issue 21): after
 * stages 1 and 2 most columns are fixed (on a 100-house day about 65 %), yet
 * each would stay in every fair LP, and a simplex iteration costs more the
 * larger the LP. The reduced LP keeps the columns that can still move and
 * the stage columns (z, t, u), and the rows that can still bind: a row with
 * no kept column is met by the fixed values alone, a row with one kept column
 * is a bound on that column (it moves into the column's bounds, and where it
 * fixes the column, the column goes too, which can leave another row with
 * one), and a row whose kept columns cannot reach either bound never binds.
 * Each kept row's bounds are shifted by what its dropped columns contribute,
 * so the savings stay linear forms of the kept columns. Every point of the
 * reduced LP, with the dropped columns at their values, is a point of the
 * full one and back: the same LP, so the same leximin bills.
 *
 * {@link ReducedModel} speaks the full LP's column and row numbers, so the
 * fair rounds run on it unchanged; its answers are mapped back (dropped
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
  /** each full row's activity from the dropped columns */
  offset: Float64Array;
  /** each full column's value where it was dropped (its fixed bound, or what a dropped row fixes it at) */
  value: Float64Array;
  /** the bounds dropped rows imply on each reduced column (±Infinity: none), kept through later bound changes */
  impliedLb: Float64Array;
  impliedUb: Float64Array;
}

/** How far outside a column's bounds a value a row implies may lie and still be taken (clamped), relative. */
const IMPLIED_TOL = 1e-9;

/**
 * Drops the rows with one column left (not a stage row, not a stage column): such a row is a bound
 * on its column (`lb ≤ a·x + offset ≤ ub`), so it moves into the column's bounds, and a column that
 * an equality row (or two bounds that meet) fixes is dropped too, at that value. Repeated until no
 * row has one column left: a dropped column can leave another row with one. The set of points is
 * the same (up to rounding of `(b − offset)/a`).
 */
function dropSingletonRows(
  full: SparseLp,
  stageRow: (r: number) => boolean,
  keepCol: Uint8Array,
  pinned: Uint8Array,
  value: Float64Array,
  lb: Float64Array,
  ub: Float64Array,
): Uint8Array {
  const dropRow = new Uint8Array(full.nRows);
  for (let changed = true; changed;) {
    changed = false;
    for (let r = 0; r < full.nRows; r++) {
      if (dropRow[r] || stageRow(r)) continue;
      let kept = 0,
        only = -1,
        a = 0,
        off = 0;
      for (let k = full.start[r]; k < full.start[r + 1] && kept < 2; k++) {
        const c = full.col[k];
        if (!keepCol[c]) off += full.coef[k] * value[c];
        else if (full.coef[k] !== 0) (kept++, (only = c), (a = full.coef[k]));
      }
      if (kept !== 1 || pinned[only]) continue;
      let lo = (full.rowLb[r] - off) / a,
        hi = (full.rowUb[r] - off) / a;
      if (a < 0) [lo, hi] = [hi, lo];
      const l = Math.max(lb[only], lo),
        u = Math.min(ub[only], hi);
      const slack =
        IMPLIED_TOL * Math.max(1, Math.abs(Number.isFinite(l) ? l : 0), Math.abs(Number.isFinite(u) ? u : 0));
      if (!(l <= u + slack)) continue; // (NaN too) a row the solver meets only at its tolerance: it stays
      dropRow[r] = 1;
      changed = true;
      lb[only] = Math.min(l, u);
      ub[only] = Math.max(l, u);
      if (Number.isFinite(l) && Number.isFinite(u) && u - l <= slack)
        ((keepCol[only] = 0), (value[only] = Math.min(Math.max(0.5 * (l + u), lb[only]), ub[only])));
    }
  }
  return dropRow;
}

/**
 * The LP `full` without its fixed columns (`colLb === colUb`, the stage columns excepted), without
 * the rows with one column left (their bound moves to the column) and the columns they fix, and
 * without the rows that cannot bind (the stage rows are always kept: their bounds change).
 * @example reduceLp(m.current(), day.stage!).lp.nCols // the columns the fair stage can move
 */
export function reduceLp(full: SparseLp, stage: StageLayout): Reduction {
  const keepCol = new Uint8Array(full.nCols),
    pinned = new Uint8Array(full.nCols); // the stage columns: their bounds change, so they are kept as they are
  for (let c = 0; c < full.nCols; c++) keepCol[c] = full.colLb[c] < full.colUb[c] ? 1 : 0;
  const nHouses = stage.fixRow - stage.savingRow;
  keepCol[stage.zCol] = keepCol[stage.uCol] = pinned[stage.zCol] = pinned[stage.uCol] = 1;
  for (let h = 0; h < nHouses; h++) keepCol[stage.tCol + h] = pinned[stage.tCol + h] = 1;
  const isStageRow = (r: number) => r === stage.costRow || (r >= stage.savingRow && r < stage.fixRow + nHouses);
  const value = full.colLb.slice(),
    lb = full.colLb.slice(),
    ub = full.colUb.slice();
  const dropRow = dropSingletonRows(full, isStageRow, keepCol, pinned, value, lb, ub);

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
        off += a * value[c];
        continue;
      }
      kept++;
      lo += a > 0 ? a * lb[c] : a * ub[c];
      hi += a > 0 ? a * ub[c] : a * lb[c];
    }
    offset[r] = off;
    if (dropRow[r]) continue;
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
    colLb: pick(lb, cols),
    colUb: pick(ub, cols),
    obj: pick(full.obj, cols),
    rowLb: Float64Array.from(rows, (r) => full.rowLb[r] - offset[r]),
    rowUb: Float64Array.from(rows, (r) => full.rowUb[r] - offset[r]),
    start,
    col: Int32Array.from(col),
    coef: Float64Array.from(coef),
  };
  const implied = (a: Float64Array, orig: Float64Array, none: number) =>
    Float64Array.from(cols, (c) => (a[c] === orig[c] ? none : a[c]));
  return {
    lp,
    cols: Int32Array.from(cols),
    rows: Int32Array.from(rows),
    colAt,
    rowAt,
    offset,
    value,
    impliedLb: implied(lb, full.colLb, -Infinity),
    impliedUb: implied(ub, full.colUb, Infinity),
  };
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
    const i = this.colOf(c);
    this.inner.setColBound(i, Math.max(lb, this.red.impliedLb[i]), Math.min(ub, this.red.impliedUb[i]));
    this.full.colLb[c] = lb;
    this.full.colUb[c] = ub;
  }
  /** (a reduced column keeps the bounds dropped rows imply on it) */
  setColBoundsAt(cols: Int32Array, lb: Float64Array, ub: Float64Array) {
    const idx = cols.map((c) => this.colOf(c));
    const { impliedLb, impliedUb } = this.red;
    this.inner.setColBoundsAt(
      idx,
      lb.map((v, k) => Math.max(v, impliedLb[idx[k]])),
      ub.map((v, k) => Math.min(v, impliedUb[idx[k]])),
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
    const x = this.red.value.slice(); // the dropped columns' values; the kept ones below
    for (let i = 0; i < cols.length; i++) x[cols[i]] = r.x[i];
    let objective = 0;
    for (let c = 0; c < x.length; c++) objective += this.full.obj[c] * x[c];
    let rowDual: Float64Array | undefined;
    if (r.rowDual) {
      rowDual = new Float64Array(this.full.nRows);
      for (let i = 0; i < rows.length; i++) rowDual[rows[i]] = r.rowDual[i];
    }
    const out: SolveResult = { ...r, x, objective, rowDual, colDual: undefined };
    // the reduced costs mapped back only when read (the fair rounds read row duals only)
    const reduced = r.colDual,
      nCols = this.full.nCols;
    if (reduced)
      Object.defineProperty(out, "colDual", {
        enumerable: true,
        configurable: true,
        get() {
          const d = new Float64Array(nCols);
          for (let i = 0; i < cols.length; i++) d[cols[i]] = reduced[i];
          Object.defineProperty(out, "colDual", { value: d, enumerable: true });
          return d;
        },
      });
    return out;
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
