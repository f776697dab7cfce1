/**
 * The solver layer: {@link loadBackend} gives the named backend behind the
 * one interface of `types.ts`. HiGHS is the default.
 */
import type { SolverBackend, SolverName } from "./types.js";
import { SOLVER_NAMES } from "./solvers.js";

export type {
  Basis,
  LpModel,
  LpStatus,
  SolveHint,
  SolveOptions,
  SolveResult,
  SolverBackend,
  SolverName,
} from "./types.js";
export { primalViolation, PRIMAL_TOLERANCE } from "./mirror.js";

/**
 * How each backend of the registry (`solvers.ts`) is loaded: its module is imported on first use, so a
 * run loads the one solver it uses (glpk.js's code is not read by a HiGHS run; process start, issue 21).
 */
const LOADERS: Readonly<Record<SolverName, () => Promise<SolverBackend>>> = {
  highs: async () => (await import("./highs.js")).loadHighsBackend(),
  glpk: async () => (await import("./glpk.js")).loadGlpk(),
};

/**
 * The LP in CPLEX LP format (as `glpsol --lp` reads it), for comparisons with native GLPK; loads glpk.js.
 * @example await toCplexLp(buildDayModel(scenario, network, day, FULL_FEATURES, start).lp)
 */
export async function toCplexLp(lp: import("../lp/lp.js").SparseLp): Promise<string> {
  return (await import("./glpk.js")).toCplexLp(lp);
}

/** The default backend. */
export const DEFAULT_SOLVER: SolverName = "highs";

/**
 * The named backend, loaded once per process.
 * @example const highs = await loadBackend("highs"); const m = highs.open(lp); m.solve().objective; m.dispose();
 */
export function loadBackend(name: SolverName = DEFAULT_SOLVER): Promise<SolverBackend> {
  if (!Object.hasOwn(LOADERS, name))
    return Promise.reject(new RangeError(`no solver "${name}" (one of: ${SOLVER_NAMES.join(", ")})`));
  return LOADERS[name]();
}

/**
 * Solves one LP once and frees the model: for a look at a single day's LP.
 * @example (await solveLp(buildDayModel(s, network, day, FULL_FEATURES, [1.05, 1.05]).lp)).objective
 */
export async function solveLp(
  lp: import("../lp/lp.js").SparseLp,
  options: { solver?: SolverName; presolve?: boolean } = {},
): Promise<import("./types.js").SolveResult> {
  const m = (await loadBackend(options.solver)).open(lp, { presolve: options.presolve });
  try {
    return m.solve();
  } finally {
    m.dispose();
  }
}
