/**
 * The HiGHS backend (the `highs` npm package: HiGHS compiled to
 * WebAssembly). A model stays alive between solves: changes go in as bounds,
 * costs and coefficients and the next solve starts from the last basis.
 * HiGHS's WebAssembly memory is not garbage-collected: models must be
 * disposed. An answer that is not optimal or lies outside the LP is solved
 * again from scratch without presolve. The presolver (when on) runs on a
 * model's first solve; later solves start from the last optimal basis
 * without it, as a warm start should.
 */
import { performance } from "node:perf_hooks";
import * as highsPackage from "highs";
import type { Highs, Model } from "highs";
import type { SparseLp } from "../lp/lp.js";
import { errorLine } from "./error-line.js";
import { LpMirror, PRIMAL_TOLERANCE, objectiveAt, primalViolation } from "./mirror.js";
import {
  defaultTimeLimitS,
  type Basis,
  type LpModel,
  type LpStatus,
  type SolveHint,
  type SolveOptions,
  type SolveResult,
  type SolverBackend,
} from "./types.js";

/** HiGHS's `simplex_strategy` values. */
const SIMPLEX_DUAL = 1,
  SIMPLEX_PRIMAL = 4;

let loading: Promise<Highs> | null = null;
// The package is CommonJS-typed but ships an ES module whose default export is the loader.
const highsLoader = highsPackage.default as unknown as () => Promise<Highs>;

/** The process's HiGHS backend, loaded on first use. */
export async function loadHighsBackend(): Promise<SolverBackend> {
  const highs = await (loading ??= highsLoader().then((h) => (checkStatusCodes(h), h)));
  const v = highs.version;
  const version = `${v.major}.${v.minor}.${v.patch}`;
  return {
    name: "highs",
    label: `HiGHS ${version} (highs)`,
    version,
    open: (lp, options = {}) => new HighsModel(highs, lp, options),
  };
}

/** ±Infinity as HiGHS wants it. */
function finite(highs: Highs, a: Float64Array): Float64Array {
  const inf = highs.infinity;
  if (inf === Infinity) return a;
  return a.map((v) => (v === Infinity ? inf : v === -Infinity ? -inf : v));
}

/** The indices in increasing order, each once (the last entry wins), with their bounds: HiGHS's sets must increase strictly. */
function increasing(idx: Int32Array, lb: Float64Array, ub: Float64Array): [Int32Array, Float64Array, Float64Array] {
  let sorted = true;
  for (let k = 1; k < idx.length && sorted; k++) sorted = idx[k] > idx[k - 1];
  if (sorted) return [idx, lb, ub];
  const last = new Map<number, number>();
  idx.forEach((v, k) => last.set(v, k));
  const order = [...last.keys()].sort((a, b) => a - b).map((v) => last.get(v)!);
  return [
    Int32Array.from(order, (k) => idx[k]),
    Float64Array.from(order, (k) => lb[k]),
    Float64Array.from(order, (k) => ub[k]),
  ];
}

/** HiGHS's basis status "basic". */
const BASIC = 1,
  AT_LOWER = 0,
  AT_UPPER = 2;

/**
 * Row statuses that make `b` hold one basic entry per row, as HiGHS requires (a basis cut down
 * from a larger LP's, e.g. the fair stage's reduced LP, may have more or fewer): rows' slacks made
 * basic, or nonbasic at a finite bound, in row order. A singular result is HiGHS's to repair.
 */
function withBasicCount(b: Basis, lp: SparseLp): Int32Array {
  let basic = 0;
  for (const v of b.colStatus) basic += v === BASIC ? 1 : 0;
  for (const v of b.rowStatus) basic += v === BASIC ? 1 : 0;
  const rowStatus = Int32Array.from(b.rowStatus);
  for (let r = 0; r < lp.nRows && basic !== lp.nRows; r++) {
    if (basic < lp.nRows && rowStatus[r] !== BASIC) ((rowStatus[r] = BASIC), basic++);
    else if (
      basic > lp.nRows &&
      rowStatus[r] === BASIC &&
      (Number.isFinite(lp.rowLb[r]) || Number.isFinite(lp.rowUb[r]))
    )
      ((rowStatus[r] = Number.isFinite(lp.rowLb[r]) ? AT_LOWER : AT_UPPER), basic--);
  }
  return rowStatus;
}

class HighsModel implements LpModel {
  private readonly mirror: LpMirror;
  private model: Model;
  /** the model holds an optimal basis from its last solve: warm solves skip presolve */
  private warm = false;
  /** the objective changed since the last solve (primal simplex next) */
  private objectiveChanged = false;
  private basisRestored = false;
  private strategy = -1;
  private readonly all: (n: number) => { kind: "range"; from: number; to: number };

  constructor(
    private readonly highs: Highs,
    lp: SparseLp,
    private readonly options: SolveOptions,
  ) {
    this.mirror = new LpMirror(lp);
    this.all = (n) => ({ kind: "range", from: 0, to: n - 1 });
    this.model = this.create();
  }

  private create(): Model {
    this.pending = []; // the new model is made from the mirror, which holds every change
    this.warm = false;
    this.strategy = -1;
    const lp = this.mirror.lp,
      h = this.highs;
    let m: Model;
    try {
      m = h.createModel({
        numCols: lp.nCols,
        numRows: lp.nRows,
        colCost: lp.obj,
        colLower: finite(h, lp.colLb),
        colUpper: finite(h, lp.colUb),
        rowLower: finite(h, lp.rowLb),
        rowUpper: finite(h, lp.rowUb),
        matrix: {
          format: "csr",
          numRows: lp.nRows,
          numCols: lp.nCols,
          starts: lp.start,
          indices: lp.col,
          values: lp.coef,
        },
      });
    } catch (e) {
      return refusedModel(e);
    }
    m.options.set({
      output_flag: false,
      presolve: this.options.presolve === false ? "off" : "choose",
      time_limit: this.options.timeLimitS ?? defaultTimeLimitS(lp.nCols),
    });
    return m;
  }

  get nCols() {
    return this.mirror.lp.nCols;
  }
  get nRows() {
    return this.mirror.lp.nRows;
  }

  /*
   * Bound changes reach the mirror at once and HiGHS only before its next run, basis read or
   * basis change (`flush`), in the order made; a call that replaces every column's (row's) bounds
   * drops the column (row) changes still waiting, whose values it overwrites. HiGHS then sees the
   * same bounds at every run, and a day's face fixing costs no HiGHS call when no later LP needs it.
   */
  private pending: { rows: boolean; push: () => void }[] = [];

  private defer(rows: boolean, push: () => void) {
    this.pending.push({ rows, push });
  }
  private flush() {
    const todo = this.pending;
    this.pending = [];
    for (const p of todo) p.push();
  }

  setColBounds(lb: Float64Array, ub: Float64Array) {
    this.mirror.lp.colLb.set(lb);
    this.mirror.lp.colUb.set(ub);
    this.pending = this.pending.filter((p) => p.rows);
    if (lb.length) this.model.changeColsBounds(this.all(lb.length), finite(this.highs, lb), finite(this.highs, ub));
  }
  setColBound(c: number, lb: number, ub: number) {
    this.mirror.lp.colLb[c] = lb;
    this.mirror.lp.colUb[c] = ub;
    const f = finite(this.highs, Float64Array.of(lb, ub));
    this.defer(false, () =>
      this.model.changeColsBounds({ kind: "range", from: c, to: c }, f.subarray(0, 1), f.subarray(1)),
    );
  }
  setColBoundsAt(cols: Int32Array, lb: Float64Array, ub: Float64Array) {
    if (cols.length === 0) return;
    for (let i = 0; i < cols.length; i++) {
      this.mirror.lp.colLb[cols[i]] = lb[i];
      this.mirror.lp.colUb[cols[i]] = ub[i];
    }
    const [i, l, u] = increasing(cols.slice(), lb.slice(), ub.slice());
    this.defer(false, () =>
      this.model.changeColsBounds({ kind: "set", indices: i }, finite(this.highs, l), finite(this.highs, u)),
    );
  }
  setRowBoundsAt(rows: Int32Array, lb: Float64Array, ub: Float64Array) {
    if (rows.length === 0) return;
    for (let i = 0; i < rows.length; i++) {
      this.mirror.lp.rowLb[rows[i]] = lb[i];
      this.mirror.lp.rowUb[rows[i]] = ub[i];
    }
    const [i, l, u] = increasing(rows.slice(), lb.slice(), ub.slice());
    this.defer(true, () =>
      this.model.changeRowsBounds({ kind: "set", indices: i }, finite(this.highs, l), finite(this.highs, u)),
    );
  }
  setRowBounds(lb: Float64Array, ub: Float64Array) {
    this.mirror.lp.rowLb.set(lb);
    this.mirror.lp.rowUb.set(ub);
    this.pending = this.pending.filter((p) => !p.rows);
    if (lb.length) this.model.changeRowsBounds(this.all(lb.length), finite(this.highs, lb), finite(this.highs, ub));
  }
  setRowBound(r: number, lb: number, ub: number) {
    this.mirror.lp.rowLb[r] = lb;
    this.mirror.lp.rowUb[r] = ub;
    const f = finite(this.highs, Float64Array.of(lb, ub));
    this.defer(true, () =>
      this.model.changeRowsBounds({ kind: "range", from: r, to: r }, f.subarray(0, 1), f.subarray(1)),
    );
  }
  setObjective(obj: Float64Array) {
    // send only the costs that changed (a stage moves a handful of the LP's columns)
    const cur = this.mirror.lp.obj;
    const changed: number[] = [];
    for (let c = 0; c < obj.length; c++) if (obj[c] !== cur[c]) changed.push(c);
    if (changed.length === 0) return;
    this.objectiveChanged = true;
    cur.set(obj);
    if (changed.length > obj.length / 4) this.model.changeColsCost(this.all(obj.length), obj);
    else
      this.model.changeColsCost(
        { kind: "set", indices: Int32Array.from(changed) },
        Float64Array.from(changed, (c) => obj[c]),
      );
  }
  setCoefficient(r: number, c: number, v: number) {
    this.flush();
    this.mirror.setCoefficient(r, c, v);
    this.model.changeCoefficient(r, c, v);
  }
  current() {
    return this.mirror.lp;
  }
  basis(): Basis | null {
    if (!this.warm) return null;
    this.flush();
    const b = this.model.getBasis();
    return { colStatus: Int32Array.from(b.colStatus), rowStatus: Int32Array.from(b.rowStatus) };
  }
  setBasis(b: Basis) {
    if (b.colStatus.length !== this.nCols || b.rowStatus.length !== this.nRows) return;
    const rowStatus = withBasicCount(b, this.mirror.lp);
    this.flush();
    try {
      this.model.setBasis({ colStatus: b.colStatus, rowStatus });
      this.basisRestored = true;
    } catch {
      // HiGHS refused it: the next solve starts from scratch
    }
  }
  dispose() {
    this.model.dispose();
  }

  solve(hint: SolveHint = {}): SolveResult {
    const lp = this.mirror.lp;
    const first = this.run(hint.planFeasible === true);
    if (first.optimal && primalViolation(lp, first.x) <= PRIMAL_TOLERANCE) {
      // The model now holds an optimal basis: the next solves start from it. HiGHS would
      // presolve again on every run (about 10x the time of a warm simplex on a day's LP).
      if (!this.warm) this.model.options.set({ presolve: "off" });
      this.warm = true;
      return first;
    }
    // Solver trouble: start again from scratch, without presolve.
    this.model.dispose();
    this.model = this.create();
    this.model.options.set({ presolve: "off", simplex_strategy: SIMPLEX_DUAL });
    this.strategy = SIMPLEX_DUAL;
    const again = this.run();
    this.warm = again.optimal;
    if (!this.warm) this.model.options.set({ presolve: this.options.presolve === false ? "off" : "choose" });
    return {
      ...again,
      ms: first.ms + again.ms,
      iterations: (first.iterations ?? 0) + (again.iterations ?? 0),
      presolveFallback: true,
    };
  }

  private run(planFeasible = false): SolveResult {
    this.flush();
    const lp = this.mirror.lp;
    const t0 = performance.now();
    let status: number;
    // Primal simplex where the objective moved since the last optimum (a stage of the same
    // day: the last plan stays feasible or nearly so) or the caller says the plan is still
    // feasible, dual simplex where only bounds moved or a basis optimal for this objective was
    // restored (a new day).
    const primal = planFeasible
      ? this.warm || this.basisRestored
      : this.warm && !this.basisRestored && this.objectiveChanged;
    this.objectiveChanged = false;
    const strategy = primal ? SIMPLEX_PRIMAL : SIMPLEX_DUAL;
    if (strategy !== this.strategy) {
      this.model.options.set({ simplex_strategy: strategy });
      this.strategy = strategy;
    }
    this.basisRestored = false;
    try {
      status = this.model.run().modelStatus;
    } catch (e) {
      return {
        lpStatus: "error",
        status: `solver error (${errorLine(e)})`,
        optimal: false,
        objective: NaN,
        x: new Float64Array(lp.nCols),
        ms: performance.now() - t0,
        presolveFallback: false,
      };
    }
    const ms = performance.now() - t0;

    const lpStatus = STATUS_OF[status] ?? "error";
    const optimal = lpStatus === "optimal";
    if (!optimal)
      return {
        lpStatus,
        status: statusText(status),
        optimal,
        objective: NaN,
        x: new Float64Array(lp.nCols),
        ms,
        presolveFallback: false,
      };
    if (lp.nCols === 0)
      return {
        lpStatus,
        status: "optimal",
        optimal,
        objective: 0,
        x: new Float64Array(0),
        ms,
        presolveFallback: false,
      };
    // getSolution's arrays are the caller's own copies
    const sol = this.model.getSolution();
    const x = sol.colValue;
    const iterations = Number(this.model.info.get("simplex_iteration_count"));
    return {
      lpStatus,
      status: "optimal",
      optimal,
      objective: objectiveAt(lp, x),
      x,
      ms,
      iterations,
      presolveFallback: false,
      colDual: sol.colDual,
      rowDual: sol.rowDual,
    };
  }
}

/** HiGHS's model status codes (`highs.constants.modelStatus`) by name. */
const MODEL_STATUS = {
  notSet: 0,
  loadError: 1,
  modelError: 2,
  presolveError: 3,
  solveError: 4,
  postsolveError: 5,
  empty: 6,
  optimal: 7,
  infeasible: 8,
  unboundedOrInfeasible: 9,
  unbounded: 10,
  objectiveBound: 11,
  objectiveTarget: 12,
  timeLimit: 13,
  iterationLimit: 14,
  unknown: 15,
  solutionLimit: 16,
  interrupted: 17,
} as const;
type ModelStatusName = keyof typeof MODEL_STATUS;

/** Each HiGHS model status as data ("empty": nothing to decide, so optimal); any other code is an "error". */
const STATUS_OF: Record<number, LpStatus> = Object.fromEntries(
  Object.entries({
    empty: "optimal",
    optimal: "optimal",
    infeasible: "infeasible",
    unboundedOrInfeasible: "infeasible",
    unbounded: "unbounded",
    objectiveBound: "stopped",
    objectiveTarget: "stopped",
    timeLimit: "stopped",
    iterationLimit: "stopped",
    solutionLimit: "stopped",
    interrupted: "stopped",
  } satisfies Partial<Record<ModelStatusName, LpStatus>>).map(([k, v]) => [MODEL_STATUS[k as ModelStatusName], v]),
);

function statusText(code: number): string {
  const entry = Object.entries(MODEL_STATUS).find(([, v]) => v === code);
  const words: Record<string, string> = {
    unboundedOrInfeasible: "infeasible or unbounded",
    timeLimit: "stopped at the time limit",
  };
  return entry ? (words[entry[0]] ?? entry[0]) : `status ${code}`;
}

/**
 * The model HiGHS refused to take (`passModel` failed): every change is
 * ignored and every solve reports "solver error", so the stage, the day and
 * the CLI name it in one line like any LP that is not solved.
 */
function refusedModel(e: unknown): Model {
  const failure = new Error(`HiGHS could not take the LP: ${errorLine(e)}`);
  const options = { set: () => undefined };
  return new Proxy({} as Model, {
    get: (_t, key) =>
      key === "options"
        ? options
        : key === "run"
          ? () => {
              throw failure;
            }
          : () => undefined,
  });
}

/** The package's status codes are the ones above (checked once per process, when HiGHS loads). */
function checkStatusCodes(highs: Highs): void {
  for (const [k, v] of Object.entries(highs.constants.modelStatus))
    if (MODEL_STATUS[k as ModelStatusName] !== v)
      throw new Error(`highs: model status ${k} is ${v}, expected ${MODEL_STATUS[k as ModelStatusName]}`);
}
