/**
 * The public API, as the notebook and other programs import it
 * (`import { ... } from "p2p-cvpp"` or `../dist/index.js`).
 */
export * from "./scenario.js";
export * from "./prices.js";
// prices.csv in and out, synthetic recipes (issue 9)
export { parsePricesCsv, readPrices, pricesToCsv, MAY_BE_NEGATIVE } from "./io/prices-csv.js";
export { RECIPES, type SyntheticSpec, type SeasonalRecipe, type DemoRecipe } from "./recipes/spec.js";
export { calendarDay, type CalendarDay } from "./recipes/seasonal.js";
export * from "./study/year.js";
export * from "./charts/year.js";
export * from "./network.js";
export * from "./profiles.js";
export { parseScenario, readScenario } from "./io/scenario-file.js";
export { parseProfilesCsv, readProfiles, type ReadProfilesOptions } from "./io/profiles-csv.js";
export { parseDecimal } from "./io/number.js";
export { checkSize, estimateSize, sizeInput, LIMITS, MAX_SWEEP_VARIANTS, type SizeEstimate, type SizeInput, type Limits } from "./limits.js";
export * from "./features.js";
export type * from "./flows.js";
export { InputError, SolveError, WriteError, echo } from "./errors.js";
export { installNotebookErrors } from "./notebook-errors.js";
export { buildDayModel, extractFlows, lpSize, type DayModel, type DayModelOptions, type Formulation, type LpSize, type StageLayout } from "./model/day.js";
export { decompose, type Decomposition } from "./model/decompose.js";
export { chooseFormulation } from "./model/pooled.js";
export { solveStages, type Allocation, type StageStats } from "./stages.js";
export { tradePairs, type ColumnMap, type TradePair } from "./model/columns.js";
export type { SparseLp } from "./model/lp.js";
export { loadBackend, solveLp, DEFAULT_SOLVER, primalViolation, toCplexLp, type LpModel, type SolveOptions, type SolveResult, type SolverBackend, type SolverName } from "./solver/index.js";
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
export { writeFolderAtomically, checkOutputFolder, recoverLeftovers, MARKER } from "./io/folder.js";
export { textTable } from "./text-table.js";
// baselines, savings, KPIs, parameter sweeps (issue 4)
export * from "./analysis/index.js";
