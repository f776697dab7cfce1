/**
 * Owns: the registry of solver backends. {@link SolverName}, the CLI's
 * `--solver` choices and the option checks come from it; `index.ts` loads them.
 */

/** Every backend and its one-line description; the first is the default. */
export const SOLVERS = {
  highs: "HiGHS (the default; docs/solver.md)",
  glpk: "glpk.js, GLPK compiled to WebAssembly (docs/solver.md)",
} as const satisfies Record<string, string>;

/** A backend's name: a key of {@link SOLVERS}. */
export type SolverName = keyof typeof SOLVERS;

/** The backends' names, in registry order. */
export const SOLVER_NAMES = Object.keys(SOLVERS) as SolverName[];
