/**
 * The solver layer: {@link loadBackend} gives the named backend behind the
 * one interface of `types.ts`. HiGHS is the default.
 */
import type { SolverBackend, SolverName } from "./types.js";
import { loadHighsBackend } from "./highs.js";
import { loadGlpk } from "./glpk.js";

export type { Basis, LpModel, LpStatus, SolveHint, SolveOptions, SolveResult, SolverBackend, SolverName } from "./types.js";
export { primalViolation, PRIMAL_TOLERANCE } from "./mirror.js";
export { toCplexLp } from "./glpk.js";

/** The default backend. */
export const DEFAULT_SOLVER: SolverName = "highs";

/**
 * The named backend, loaded once per process.
 * @example const highs = await loadBackend("highs"); const m = highs.open(lp); m.solve().objective; m.dispose();
 */
export function loadBackend(name: SolverName = DEFAULT_SOLVER): Promise<SolverBackend> {
  return name === "glpk" ? loadGlpk() : loadHighsBackend();
}

/**
 * Solves one LP once and frees the model: for a look at a single day's LP.
 * @example (await solveLp(buildDayModel(s, network, day, FULL_FEATURES, [1.05, 1.05]).lp)).objective
 */
export async function solveLp(lp: import("../lp/lp.js").SparseLp, options: { solver?: SolverName; presolve?: boolean } = {}): Promise<import("./types.js").SolveResult> {
  const m = (await loadBackend(options.solver)).open(lp, { presolve: options.presolve });
  try {
    return m.solve();
  } finally {
    m.dispose();
  }
}
