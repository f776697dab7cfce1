/**
 * The only file that knows glpk.js. GLPK's WebAssembly module is loaded once
 * per process (a new instance per solve would leak WebAssembly memory) and
 * reused for every day.
 */
import { performance } from "node:perf_hooks";
import GLPK from "glpk.js/node";
import type { SparseLp } from "./model/lp.js";

export interface LpSolution {
  /** GLPK's status in words: "optimal", "infeasible", "unbounded", … */
  status: string;
  optimal: boolean;
  /** objective value */
  objective: number;
  /** column values, by column index */
  x: Float64Array;
  /** ms spent turning the LP into glpk.js's input, inside glpk.js, and reading the values back */
  timings: { prepareMs: number; glpkMs: number; readMs: number };
  /**
   * GLPK's presolver answered "optimal" with a point outside the LP's bounds
   * or rows, so the LP was solved again without it (see {@link primalViolation}).
   */
  presolveFallback: boolean;
}

export interface SolverOptions {
  /** GLPK's presolver (default: on; measured in the benchmark) */
  presolve?: boolean;
}

/** Tolerance of {@link primalViolation} before a solution is re-solved. */
export const PRIMAL_TOLERANCE = 1e-7;

/**
 * The largest amount by which `x` breaks a column bound or a row of `lp`.
 * GLPK's presolver has been seen to report "optimal" for a point with a
 * variable at −0.001 below its bound of 0 (a random community found by the
 * property test), so every solution is checked here before it is used —
 * besides the independent audit, which checks flows, not LP rows.
 */
export function primalViolation(lp: SparseLp, x: Float64Array): number {
  let worst = 0;
  for (let c = 0; c < lp.nCols; c++) worst = Math.max(worst, lp.colLb[c] - x[c], x[c] - lp.colUb[c]);
  for (let r = 0; r < lp.nRows; r++) {
    let v = 0;
    for (let k = lp.start[r]; k < lp.start[r + 1]; k++) v += lp.coef[k] * x[lp.col[k]];
    worst = Math.max(worst, lp.rowLb[r] - v, v - lp.rowUb[r]);
  }
  return worst;
}

export interface Solver {
  name: string;
  version: string;
  solve(lp: SparseLp, options?: SolverOptions): LpSolution;
  /** The LP in CPLEX LP format (as glpsol --lp reads it), for comparisons. */
  toCplexLp(lp: SparseLp): string;
}

type Glpk = Awaited<ReturnType<typeof GLPK>>;
let loading: Promise<Glpk> | null = null;

/** The process's GLPK solver, loaded on first use. */
export async function loadSolver(): Promise<Solver> {
  const glpk = await (loading ??= GLPK());
  const statusName: Record<number, string> = {
    [glpk.GLP_OPT]: "optimal", [glpk.GLP_FEAS]: "feasible but not proven optimal",
    [glpk.GLP_INFEAS]: "infeasible", [glpk.GLP_NOFEAS]: "infeasible (no feasible solution exists)",
    [glpk.GLP_UNBND]: "unbounded", [glpk.GLP_UNDEF]: "undefined (no solution; infeasible or unbounded)",
  };
  const bounds = (lb: number, ub: number) => {
    const lo = Number.isFinite(lb), hi = Number.isFinite(ub);
    if (lo && hi) return { type: lb === ub ? glpk.GLP_FX : glpk.GLP_DB, lb, ub };
    if (lo) return { type: glpk.GLP_LO, lb, ub: 0 };
    if (hi) return { type: glpk.GLP_UP, lb: 0, ub };
    return { type: glpk.GLP_FR, lb: 0, ub: 0 };
  };
  const name = (c: number) => `c${c}`;
  // Every column is listed in the objective, in order, so GLPK's column j+1 is ours j.
  const toInput = (lp: SparseLp) => {
    const objectiveVars = Array.from(lp.obj, (coef, c) => ({ name: name(c), coef }));
    const subjectTo = [];
    for (let r = 0; r < lp.nRows; r++) {
      const vars = [];
      for (let k = lp.start[r]; k < lp.start[r + 1]; k++) vars.push({ name: name(lp.col[k]), coef: lp.coef[k] });
      subjectTo.push({ name: `r${r}`, vars, bnds: bounds(lp.rowLb[r], lp.rowUb[r]) });
    }
    const colBounds = [];
    for (let c = 0; c < lp.nCols; c++) colBounds.push({ name: name(c), ...bounds(lp.colLb[c], lp.colUb[c]) });
    return { name: "day", objective: { direction: glpk.GLP_MIN, name: "cost", vars: objectiveVars }, subjectTo, bounds: colBounds };
  };
  return {
    name: "GLPK (glpk.js)",
    toCplexLp: (lp) => glpk.write(toInput(lp)),
    version: glpk.version,
    solve(lp, options = {}) {
      const presolve = options.presolve ?? true;
      const first = solveOnce(lp, presolve);
      if (!presolve || !first.optimal || primalViolation(lp, first.x) <= PRIMAL_TOLERANCE) return first;
      const again = solveOnce(lp, false);
      const t = (k: keyof LpSolution["timings"]) => first.timings[k] + again.timings[k];
      return { ...again, presolveFallback: true, timings: { prepareMs: t("prepareMs"), glpkMs: t("glpkMs"), readMs: t("readMs") } };
    },
  };

  function solveOnce(lp: SparseLp, presolve: boolean): LpSolution {
    if (lp.nCols === 0) {
      // Nothing to decide (GLPK refuses an empty problem): optimal iff every row holds at 0.
      let feasible = true;
      for (let r = 0; r < lp.nRows; r++) feasible &&= lp.rowLb[r] <= 0 && 0 <= lp.rowUb[r];
      return {
        status: feasible ? "optimal" : "infeasible", optimal: feasible, objective: 0, x: new Float64Array(0),
        timings: { prepareMs: 0, glpkMs: 0, readMs: 0 }, presolveFallback: false,
      };
    }
    const t0 = performance.now();
    const input = toInput(lp);
    const t1 = performance.now();
    const out = glpk.solve(input, { msglev: glpk.GLP_MSG_OFF, presol: presolve });
    const t2 = performance.now();
    const x = new Float64Array(lp.nCols);
    for (let c = 0; c < lp.nCols; c++) x[c] = out.result.vars[name(c)] ?? 0;
    const status = out.result.status;
    const timings = { prepareMs: t1 - t0, glpkMs: t2 - t1, readMs: performance.now() - t2 };
    return {
      status: statusName[status] ?? `status ${status}`, optimal: status === glpk.GLP_OPT, objective: out.result.z, x, timings,
      presolveFallback: false,
    };
  }
}
