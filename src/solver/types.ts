/**
 * The solver layer's one small interface. A backend opens a persistent
 * {@link LpModel} from a {@link SparseLp}; the model is changed in place
 * (bounds, objective, coefficients) and solved again, warm where the
 * backend can. Only files in `src/solver/` know a solver library.
 */
import type { SparseLp } from "../lp/lp.js";

/** The solver backends: the keys of `SOLVERS` (solvers.ts). */
export type { SolverName } from "./solvers.js";
import type { SolverName } from "./solvers.js";

/** Options of {@link SolverBackend.open}. */
export interface SolveOptions {
  /** the solver's presolver (default on); a failed presolved solve is retried without it */
  presolve?: boolean;
  /** seconds before a solve is abandoned and retried without presolve (default {@link defaultTimeLimitS}) */
  timeLimitS?: number;
}

/**
 * A solve's outcome as data: "optimal" (proven), "infeasible" (proven, or HiGHS's "infeasible or
 * unbounded"), "unbounded" (proven), "stopped" (a time or iteration limit, or GLPK stopped without a
 * proof) or "error" (the solver failed: numerical trouble, a bad model, an exception).
 */
export type LpStatus = "optimal" | "infeasible" | "unbounded" | "stopped" | "error";

/** The outcome of one solve. */
export interface SolveResult {
  /** the outcome; `optimal` is `lpStatus === "optimal"` */
  lpStatus: LpStatus;
  /** the outcome in the solver's words (for messages) */
  status: string;
  optimal: boolean;
  /** the objective's value at `x` */
  objective: number;
  /** column values, by column index */
  x: Float64Array;
  /** ms inside the solver library, including any retry */
  ms: number;
  /** simplex iterations, including any retry (backends that count them) */
  iterations?: number;
  /** the presolved solve failed or gave a point outside the LP, and it was solved again without presolve */
  presolveFallback: boolean;
  /** reduced costs, by column (backends that give them) */
  colDual?: Float64Array;
  /** row duals, by row (backends that give them) */
  rowDual?: Float64Array;
}

/** What the caller knows about the changes since the last solve (backends may ignore it). */
export interface SolveHint {
  /** the last plan is still feasible (e.g. only constraints it meets were loosened or tightened): a primal simplex starts from it */
  planFeasible?: boolean;
}

/** A simplex basis: each column's and row's status, in the backend's codes. */
export interface Basis {
  readonly colStatus: Int32Array;
  readonly rowStatus: Int32Array;
}

/** A model kept alive between solves; call {@link LpModel.dispose} when done. */
export interface LpModel {
  readonly nCols: number;
  readonly nRows: number;
  /** Replaces every column's bounds (±Infinity for none). */
  setColBounds(lb: Float64Array, ub: Float64Array): void;
  /** Changes one column's bounds. */
  setColBound(col: number, lb: number, ub: number): void;
  /** Changes the bounds of the listed columns, `lb[i]`/`ub[i]` for `cols[i]`: one call to the solver for a batch. */
  setColBoundsAt(cols: Int32Array, lb: Float64Array, ub: Float64Array): void;
  /** Replaces every row's bounds. */
  setRowBounds(lb: Float64Array, ub: Float64Array): void;
  /** Changes one row's bounds. */
  setRowBound(row: number, lb: number, ub: number): void;
  /** Changes the bounds of the listed rows, `lb[i]`/`ub[i]` for `rows[i]`: one call to the solver for a batch. */
  setRowBoundsAt(rows: Int32Array, lb: Float64Array, ub: Float64Array): void;
  /** Replaces the objective (minimised). */
  setObjective(obj: Float64Array): void;
  /** Changes the coefficient of an entry the LP was opened with (it may be or become 0). */
  setCoefficient(row: number, col: number, value: number): void;
  /** Solves from the current state (warm where the backend keeps a basis). */
  solve(hint?: SolveHint): SolveResult;
  /** The basis of the last optimal solve (null: none, or a backend without warm starts). */
  basis(): Basis | null;
  /** Starts the next solve from `basis` (one {@link LpModel.basis} gave for this model); ignored by backends without warm starts. */
  setBasis(basis: Basis): void;
  /** The LP as it stands now, as the model holds it (for checks). */
  current(): SparseLp;
  /** Frees the solver's memory; the model is unusable afterwards. */
  dispose(): void;
}

/** A solver library behind the interface. */
export interface SolverBackend {
  readonly name: SolverName;
  /** e.g. "HiGHS 1.15.3 (highs npm package)" */
  readonly label: string;
  readonly version: string;
  /** A persistent model of `lp` (copied: later changes to `lp` do not reach it). */
  open(lp: SparseLp, options?: SolveOptions): LpModel;
}

/**
 * The default time limit of one solve, seconds: 60, or 2 ms per column for
 * LPs above 30 000 columns (a cold solve of 1 000 houses, 220 000 columns,
 * takes 15–25 s of CPU; the limit is there to catch a solver that hangs).
 * @example defaultTimeLimitS(219_449) // => 438.898
 */
export function defaultTimeLimitS(nCols: number): number {
  return Math.max(60, nCols * 0.002);
}
