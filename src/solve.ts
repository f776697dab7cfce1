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
}

export interface SolverOptions {
  /** GLPK's presolver (default: on; measured in the benchmark) */
  presolve?: boolean;
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
      if (lp.nCols === 0) {
        // Nothing to decide (GLPK refuses an empty problem): optimal iff every row holds at 0.
        let feasible = true;
        for (let r = 0; r < lp.nRows; r++) feasible &&= lp.rowLb[r] <= 0 && 0 <= lp.rowUb[r];
        return {
          status: feasible ? "optimal" : "infeasible", optimal: feasible, objective: 0, x: new Float64Array(0),
          timings: { prepareMs: 0, glpkMs: 0, readMs: 0 },
        };
      }
      const t0 = performance.now();
      const input = toInput(lp);
      const t1 = performance.now();
      const out = glpk.solve(input, { msglev: glpk.GLP_MSG_OFF, presol: options.presolve ?? true });
      const t2 = performance.now();
      const x = new Float64Array(lp.nCols);
      for (let c = 0; c < lp.nCols; c++) x[c] = out.result.vars[name(c)] ?? 0;
      const status = out.result.status;
      const timings = { prepareMs: t1 - t0, glpkMs: t2 - t1, readMs: performance.now() - t2 };
      return { status: statusName[status] ?? `status ${status}`, optimal: status === glpk.GLP_OPT, objective: out.result.z, x, timings };
    },
  };
}
