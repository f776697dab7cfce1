/**
 * The glpk.js backend: cold solves (glpk.js keeps no model between calls),
 * from an {@link LpMirror} that takes the changes. GLPK's WebAssembly module
 * is loaded once per process and reused.
 *
 * GLPK fails on some small valid days (kWh figures near its 1e-7 tolerance:
 * a charge efficiency of 0.001 next to 1e-7 kWh of PV, or PV equal to
 * demand to 7 digits): its simplex can cycle for ever on the presolved LP
 * ("numerical instability", stopped only by the time limit), its presolver
 * can answer "undefined" for a feasible LP or "optimal" for a point outside
 * it, and even without presolve it can call a feasible LP infeasible. So a
 * solve is a chain of attempts, the first that is optimal and inside the LP
 * ({@link primalViolation} within {@link PRIMAL_TOLERANCE}) wins:
 *
 * 1. presolved (unless `presolve: false`);
 * 2. without presolve;
 * 3. without presolve on the LP with every bound scaled by {@link SCALE}
 *    (kWh → Wh: the rows are homogeneous, so `x / SCALE` solves the LP;
 *    tiny figures move away from GLPK's absolute tolerances), checked
 *    against the unscaled LP.
 *
 * Each attempt stops at {@link attemptTimeLimitS} (the simplex can cycle
 * with or without presolve); if attempt 2 stopped there and 3 failed, one
 * last solve without presolve gets the whole `timeLimitS` (default 60 s), in
 * case the machine is slow rather than the LP cycling. If none wins,
 * attempt 2's status is reported (or its point, if GLPK called it optimal:
 * the audit judges it).
 */
import { errorLine } from "./error-line.js";
import { performance } from "node:perf_hooks";
import GLPK from "glpk.js/node";
import type { SparseLp } from "../lp/lp.js";
import { LpMirror, PRIMAL_TOLERANCE, objectiveAt, primalViolation } from "./mirror.js";
import type { LpModel, LpStatus, SolveHint, SolveOptions, SolveResult, SolverBackend } from "./types.js";

type Glpk = Awaited<ReturnType<typeof GLPK>>;
let loading: Promise<Glpk> | null = null;

/** The process's glpk.js backend, loaded on first use. */
export async function loadGlpk(): Promise<SolverBackend> {
  const glpk = await (loading ??= GLPK());
  return {
    name: "glpk",
    label: `GLPK ${glpk.version} (glpk.js)`,
    version: glpk.version,
    open: (lp, options = {}) => new GlpkModel(glpk, lp, options),
  };
}

/**
 * The LP in CPLEX LP format (as `glpsol --lp` reads it), for comparisons with native GLPK.
 * @example await toCplexLp(buildDayModel(scenario, network, day, FULL_FEATURES, start).lp) // "\\* Problem: day *\\ …"
 */
export async function toCplexLp(lp: SparseLp): Promise<string> {
  const glpk = await (loading ??= GLPK());
  return glpk.write(glpkInput(glpk, lp));
}

const name = (c: number) => `c${c}`;

/** The bounds' factor of attempt 3 (kWh → Wh). */
export const SCALE = 1000;

/**
 * Seconds one attempt may take before it is abandoned for the next: 0.2 ms
 * per matrix non-zero, at least 2 s, at most `timeLimitS` (the option,
 * default 60). glpk.js needed 5–14 ms per 1 000 non-zeros per LP on 2 shared
 * cores (6 to 100 houses), so this is 14× or more. An LP that cycles would
 * otherwise hold a 3-house day for the whole time limit.
 * @example attemptTimeLimitS(65, 60) // => 2 // (a 2-house hour); attemptTimeLimitS(623_470, 60) // 60 (100 houses)
 */
export function attemptTimeLimitS(nonZeros: number, timeLimitS: number): number {
  return Math.min(timeLimitS, Math.max(2, nonZeros * 2e-4));
}

function glpkInput(glpk: Glpk, lp: SparseLp, scale = 1) {
  const bounds = (lb: number, ub: number) => {
    lb *= scale;
    ub *= scale;
    const lo = Number.isFinite(lb),
      hi = Number.isFinite(ub);
    if (lo && hi) return { type: lb === ub ? glpk.GLP_FX : glpk.GLP_DB, lb, ub };
    if (lo) return { type: glpk.GLP_LO, lb, ub: 0 };
    if (hi) return { type: glpk.GLP_UP, lb: 0, ub };
    return { type: glpk.GLP_FR, lb: 0, ub: 0 };
  };
  // Every column is listed in the objective, in order, so GLPK's column j+1 is ours j.
  const objectiveVars = Array.from(lp.obj, (coef, c) => ({ name: name(c), coef }));
  const subjectTo = [];
  for (let r = 0; r < lp.nRows; r++) {
    const vars = [];
    for (let k = lp.start[r]; k < lp.start[r + 1]; k++) vars.push({ name: name(lp.col[k]), coef: lp.coef[k] });
    subjectTo.push({ name: `r${r}`, vars, bnds: bounds(lp.rowLb[r], lp.rowUb[r]) });
  }
  const colBounds = [];
  for (let c = 0; c < lp.nCols; c++) colBounds.push({ name: name(c), ...bounds(lp.colLb[c], lp.colUb[c]) });
  return {
    name: "day",
    objective: { direction: glpk.GLP_MIN, name: "cost", vars: objectiveVars },
    subjectTo,
    bounds: colBounds,
  };
}

/**
 * Row duals as GLPK gives them (by row name; the same for the Wh-scaled attempt, whose bounds
 * alone are scaled) and the reduced costs they imply, `d = c − Aᵀy`, HiGHS's convention.
 */
function duals(lp: SparseLp, dual: Record<string, number> | undefined): Pick<SolveResult, "rowDual" | "colDual"> {
  if (!dual) return {};
  const rowDual = new Float64Array(lp.nRows);
  const colDual = Float64Array.from(lp.obj);
  for (let r = 0; r < lp.nRows; r++) {
    const y = (rowDual[r] = dual[`r${r}`] ?? 0);
    if (y !== 0) for (let k = lp.start[r]; k < lp.start[r + 1]; k++) colDual[lp.col[k]] -= lp.coef[k] * y;
  }
  return { rowDual, colDual };
}

/** glpk.js does not pass on glp_simplex's return code: a stop at the time limit shows as the time taken. */
const hitLimit = (ms: number, limitS: number) => ms >= 0.95 * limitS * 1000;

class GlpkModel implements LpModel {
  private readonly mirror: LpMirror;
  private readonly statusName: Record<number, string>;
  private readonly statusOf: Record<number, LpStatus>;

  constructor(
    private readonly glpk: Glpk,
    lp: SparseLp,
    private readonly options: SolveOptions,
  ) {
    this.mirror = new LpMirror(lp);
    // glp_get_status's answers, read after "the LP is …"
    this.statusName = {
      [glpk.GLP_OPT]: "optimal",
      [glpk.GLP_FEAS]: "feasible, but GLPK stopped before proving it optimal",
      [glpk.GLP_INFEAS]: "infeasible at the point where GLPK stopped (not proven infeasible)",
      [glpk.GLP_NOFEAS]: "infeasible (no feasible solution exists)",
      [glpk.GLP_UNBND]: "unbounded (the cost can fall without limit)",
      [glpk.GLP_UNDEF]:
        "unsolved: GLPK returned no solution (numerical failure, or its presolver found the LP infeasible or unbounded)",
    };
    this.statusOf = {
      [glpk.GLP_OPT]: "optimal",
      [glpk.GLP_FEAS]: "stopped",
      [glpk.GLP_INFEAS]: "stopped",
      [glpk.GLP_NOFEAS]: "infeasible",
      [glpk.GLP_UNBND]: "unbounded",
      [glpk.GLP_UNDEF]: "error",
    };
  }

  get nCols() {
    return this.mirror.lp.nCols;
  }
  get nRows() {
    return this.mirror.lp.nRows;
  }
  setColBounds(lb: Float64Array, ub: Float64Array) {
    this.mirror.lp.colLb.set(lb);
    this.mirror.lp.colUb.set(ub);
  }
  setColBound(c: number, lb: number, ub: number) {
    this.mirror.lp.colLb[c] = lb;
    this.mirror.lp.colUb[c] = ub;
  }
  setColBoundsAt(cols: Int32Array, lb: Float64Array, ub: Float64Array) {
    for (let i = 0; i < cols.length; i++) {
      this.mirror.lp.colLb[cols[i]] = lb[i];
      this.mirror.lp.colUb[cols[i]] = ub[i];
    }
  }
  setRowBoundsAt(rows: Int32Array, lb: Float64Array, ub: Float64Array) {
    for (let i = 0; i < rows.length; i++) {
      this.mirror.lp.rowLb[rows[i]] = lb[i];
      this.mirror.lp.rowUb[rows[i]] = ub[i];
    }
  }
  setRowBounds(lb: Float64Array, ub: Float64Array) {
    this.mirror.lp.rowLb.set(lb);
    this.mirror.lp.rowUb.set(ub);
  }
  setRowBound(r: number, lb: number, ub: number) {
    this.mirror.lp.rowLb[r] = lb;
    this.mirror.lp.rowUb[r] = ub;
  }
  setObjective(obj: Float64Array) {
    this.mirror.lp.obj.set(obj);
  }
  setCoefficient(r: number, c: number, v: number) {
    this.mirror.setCoefficient(r, c, v);
  }
  current() {
    return this.mirror.lp;
  }
  basis() {
    return null;
  }
  setBasis() {
    /* cold solves: nothing to start from */
  }
  dispose() {
    /* glpk.js frees each problem after its solve */
  }

  solve(_hint?: SolveHint): SolveResult {
    const lp = this.mirror.lp;
    const presolve = this.options.presolve ?? true;
    const fullS = this.options.timeLimitS ?? 60;
    const limitS = attemptTimeLimitS(lp.start[lp.nRows], fullS);
    const inside = (r: SolveResult) => r.optimal && primalViolation(lp, r.x) <= PRIMAL_TOLERANCE;
    let ms = 0;
    if (presolve) {
      const first = this.once(true, limitS, 1);
      if (inside(first)) return first;
      ms += first.ms;
    }
    const plain = this.once(false, limitS, 1);
    ms += plain.ms;
    if (inside(plain)) return { ...plain, ms, presolveFallback: presolve };
    const scaled = this.once(false, limitS, SCALE);
    ms += scaled.ms;
    if (inside(scaled)) return { ...scaled, ms, presolveFallback: presolve };
    if (limitS < fullS && !plain.optimal && hitLimit(plain.ms, limitS)) {
      // a slow machine rather than a cycle? The whole time limit, as before the attempts had their own
      const last = this.once(false, fullS, 1);
      return { ...last, ms: ms + last.ms, presolveFallback: presolve };
    }
    return { ...plain, ms, presolveFallback: presolve };
  }

  private once(presolve: boolean, limitS: number, scale: number): SolveResult {
    const lp = this.mirror.lp;
    if (lp.nCols === 0) {
      // Nothing to decide (GLPK refuses an empty problem): optimal iff every row holds at 0.
      let feasible = true;
      for (let r = 0; r < lp.nRows; r++) feasible &&= lp.rowLb[r] <= 0 && 0 <= lp.rowUb[r];
      return {
        lpStatus: feasible ? "optimal" : "infeasible",
        status: feasible ? "optimal" : "infeasible",
        optimal: feasible,
        objective: 0,
        x: new Float64Array(0),
        ms: 0,
        presolveFallback: false,
      };
    }
    const glpk = this.glpk;
    const input = glpkInput(glpk, lp, scale);
    const t0 = performance.now();
    let out: ReturnType<typeof glpk.solve>;
    try {
      out = glpk.solve(input, { msglev: glpk.GLP_MSG_OFF, presol: presolve, tmlim: limitS });
    } catch (e) {
      // the stage, the day and the CLI name it in one line like any LP that is not solved
      const ms = performance.now() - t0;
      return {
        lpStatus: "error",
        status: `solver error (${errorLine(e)})`,
        optimal: false,
        objective: NaN,
        x: new Float64Array(lp.nCols),
        ms,
        presolveFallback: false,
      };
    }
    const ms = performance.now() - t0;
    const x = new Float64Array(lp.nCols);
    for (let c = 0; c < lp.nCols; c++) x[c] = (out.result.vars[name(c)] ?? 0) / scale;
    const code = out.result.status;
    const optimal = code === glpk.GLP_OPT;
    const stopped = !optimal && hitLimit(ms, limitS);
    const status = optimal
      ? "optimal"
      : stopped
        ? `unsolved: GLPK reached its time limit of ${limitS} s`
        : (this.statusName[code] ?? `unsolved: GLPK returned the unknown status ${code}`);
    const lpStatus: LpStatus = stopped ? "stopped" : (this.statusOf[code] ?? "error");
    return {
      lpStatus,
      status,
      optimal,
      objective: objectiveAt(lp, x),
      x,
      ms,
      presolveFallback: false,
      ...(optimal ? duals(lp, out.result.dual) : {}),
    };
  }
}
