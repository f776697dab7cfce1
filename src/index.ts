/**
 * The public API, as the notebook and other programs import it
 * (`import { ... } from "p2p-cvpp"` or `../dist/index.js`).
 */
export * from "./scenario.js";
export * from "./prices.js";
export * from "./network.js";
export * from "./profiles.js";
export * from "./features.js";
export type * from "./flows.js";
export { InputError, SolveError } from "./errors.js";
export { buildDayModel, extractFlows, lpSize, type DayModel, type LpSize } from "./model/day.js";
export { tradePairs, type ColumnMap, type TradePair } from "./model/columns.js";
export type { SparseLp } from "./model/lp.js";
export { loadSolver, type Solver, type LpSolution, type SolverOptions } from "./solve.js";
export * from "./simulate.js";
export * from "./audit.js";
export * from "./results.js";
export * from "./ledger.js";
export * from "./profile-points.js";
export * from "./groups.js";
// charts (pure Vega-Lite spec builders + SVG/PNG rendering), readable LP rows, exports (issue 3)
export * from "./charts/index.js";
export * from "./model/describe.js";
export * from "./report/index.js";
export * from "./examples.js";
export { runSummary, runFiles, type RunSummary } from "./summary.js";
export { writeFolderAtomically } from "./output.js";
export { textTable } from "./text-table.js";
// baselines, savings, KPIs, parameter sweeps (issue 4)
export * from "./analysis/index.js";
