/**
 * The glpk.js backend: cold solves (glpk.js keeps no model between calls),
 * from an {@link LpMirror} that takes the changes. GLPK's WebAssembly module
 * is loaded once per process and reused. A presolved answer that is not
 * optimal, or lies outside the LP, is solved again without the presolver.
 */
import { performance } from "node:perf_hooks";
import GLPK from "glpk.js/node";
import type { SparseLp } from "../model/lp.js";
import { LpMirror, PRIMAL_TOLERANCE, objectiveAt, primalViolation } from "./mirror.js";
import type { LpModel, SolveOptions, SolveResult, SolverBackend } from "./types.js";

type Glpk = Awaited<ReturnType<typeof GLPK>>;
let loading: Promise<Glpk> | null = null;

/** The process's glpk.js backend, loaded on first use. */
export async function loadGlpk(): Promise<SolverBackend> {
  const glpk = await (loading ??= GLPK());
  return {
    name: "glpk", label: `GLPK ${glpk.version} (glpk.js)`, version: glpk.version,
    open: (lp, options = {}) => new GlpkModel(glpk, lp, options),
  };
}

/** The LP in CPLEX LP format (as `glpsol --lp` reads it), for comparisons with native GLPK. */
export async function toCplexLp(lp: SparseLp): Promise<string> {
  const glpk = await (loading ??= GLPK());
  return glpk.write(glpkInput(glpk, lp));
}

const name = (c: number) => `c${c}`;

function glpkInput(glpk: Glpk, lp: SparseLp) {
  const bounds = (lb: number, ub: number) => {
    const lo = Number.isFinite(lb), hi = Number.isFinite(ub);
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
  return { name: "day", objective: { direction: glpk.GLP_MIN, name: "cost", vars: objectiveVars }, subjectTo, bounds: colBounds };
}

class GlpkModel implements LpModel {
  private readonly mirror: LpMirror;
  private readonly statusName: Record<number, string>;

  constructor(private readonly glpk: Glpk, lp: SparseLp, private readonly options: SolveOptions) {
    this.mirror = new LpMirror(lp);
    this.statusName = {
      [glpk.GLP_OPT]: "optimal", [glpk.GLP_FEAS]: "feasible but not proven optimal",
      [glpk.GLP_INFEAS]: "infeasible", [glpk.GLP_NOFEAS]: "infeasible (no feasible solution exists)",
      [glpk.GLP_UNBND]: "unbounded", [glpk.GLP_UNDEF]: "undefined (no solution; infeasible or unbounded)",
    };
  }

  get nCols() { return this.mirror.lp.nCols; }
  get nRows() { return this.mirror.lp.nRows; }
  setColBounds(lb: Float64Array, ub: Float64Array) { this.mirror.lp.colLb.set(lb); this.mirror.lp.colUb.set(ub); }
  setColBound(c: number, lb: number, ub: number) { this.mirror.lp.colLb[c] = lb; this.mirror.lp.colUb[c] = ub; }
  setRowBounds(lb: Float64Array, ub: Float64Array) { this.mirror.lp.rowLb.set(lb); this.mirror.lp.rowUb.set(ub); }
  setRowBound(r: number, lb: number, ub: number) { this.mirror.lp.rowLb[r] = lb; this.mirror.lp.rowUb[r] = ub; }
  setObjective(obj: Float64Array) { this.mirror.lp.obj.set(obj); }
  setCoefficient(r: number, c: number, v: number) { this.mirror.setCoefficient(r, c, v); }
  current() { return this.mirror.lp; }
  basis() { return null; }
  setBasis() { /* cold solves: nothing to start from */ }
  dispose() { /* glpk.js frees each problem after its solve */ }

  solve(): SolveResult {
    const lp = this.mirror.lp;
    const presolve = this.options.presolve ?? true;
    const first = this.once(presolve);
    if (!presolve || (first.optimal && primalViolation(lp, first.x) <= PRIMAL_TOLERANCE)) return first;
    const again = this.once(false);
    return { ...again, ms: first.ms + again.ms, presolveFallback: true };
  }

  private once(presolve: boolean): SolveResult {
    const lp = this.mirror.lp;
    if (lp.nCols === 0) {
      // Nothing to decide (GLPK refuses an empty problem): optimal iff every row holds at 0.
      let feasible = true;
      for (let r = 0; r < lp.nRows; r++) feasible &&= lp.rowLb[r] <= 0 && 0 <= lp.rowUb[r];
      return { status: feasible ? "optimal" : "infeasible", optimal: feasible, objective: 0, x: new Float64Array(0), ms: 0, presolveFallback: false };
    }
    const glpk = this.glpk;
    const input = glpkInput(glpk, lp);
    const t0 = performance.now();
    const out = glpk.solve(input, { msglev: glpk.GLP_MSG_OFF, presol: presolve, tmlim: this.options.timeLimitS ?? 60 });
    const ms = performance.now() - t0;
    const x = new Float64Array(lp.nCols);
    for (let c = 0; c < lp.nCols; c++) x[c] = out.result.vars[name(c)] ?? 0;
    const status = out.result.status;
    return {
      status: this.statusName[status] ?? `status ${status}`, optimal: status === glpk.GLP_OPT,
      objective: objectiveAt(lp, x), x, ms, presolveFallback: false,
    };
  }
}
