/**
 * The public API of p2p-cvpp, as the notebooks and other programs import
 * it (`import { simulate } from "p2p-cvpp"`, or `../dist/index.js` from a
 * notebook of this repository).
 *
 * Every name is listed here by family, with no `export *`: what is not in
 * this file is internal and may change without notice (the command-line
 * tools import those modules directly). Units: energy in kWh per hour step,
 * money in currency units (the scenario's prices are currency units per
 * kWh), time in days (1-based) and hours of the day (0-based).
 * test/system/public-api.test.ts checks that every function and class listed here
 * has TSDoc with an `@example`.
 */

// ── Scenario & inputs ──────────────────────────────────────────────────────
// the scenario (groups, houses, batteries, prices), its network of houses,
// hourly demand and PV profiles, and the bundled examples
export {
  scenarioToJson,
  demoScenario,
  demoBattery,
  demoPrices,
  validateScenario,
  type Scenario,
  type GroupSpec,
  type Battery,
  type FlatPrices,
  type Prices,
} from "./community/scenario.js";
export { parseScenario, readScenario } from "./io/scenario-file.js";
export { groupsFromLists, type GroupLists } from "./community/groups.js";
export { buildNetwork, type Network, type House, type HouseKind, type GroupInfo } from "./community/network.js";
export {
  generateProfiles,
  dayProfiles,
  firstDays,
  profileIndex,
  type Profiles,
  type DayProfiles,
} from "./profiles/profiles.js";
export {
  parseProfilesCsv,
  readProfiles,
  type ParseProfilesOptions,
  type ReadProfilesOptions,
} from "./io/profiles-csv.js";
export { demoExample, generatedExample, handExample, type Example, type HouseHours } from "./examples/examples.js";
export { FULL_FEATURES, type Features } from "./community/features.js";

// ── Prices ─────────────────────────────────────────────────────────────────
// flat, hourly (24 values) or day-by-hour (prices.csv) prices, currency units per kWh
export {
  standaloneHourCost,
  type PriceKey,
  type PriceValue,
  type PriceTable,
  type HourPrices,
} from "./prices/prices.js";
export { pricesToCsv, parsePricesCsv, readPrices } from "./io/prices-csv.js";
export { touTariff, pricesFromGrid, type TariffBand } from "./analysis/year.js";

// ── Real data in ───────────────────────────────────────────────────────────
// PVGIS hourly files, meter exports, day-ahead spot prices with a retail tariff,
// on the study's clock (docs/data-formats.md "Real data")
export {
  stepMinutes,
  studyStartMs,
  standardOffsetMinutes,
  zoneOffsetMinutes,
  localInstants,
  parseStamp,
  checkZone,
  type StudyClock,
  type Stamp,
} from "./io/clock.js";
export {
  parsePvgis,
  readPvgis,
  pvgisPerHouse,
  type PvgisSeries,
  type PvgisMeta,
  type PvgisParseOptions,
  type PvgisScaleOptions,
  type PvgisProfiles,
} from "./io/pvgis.js";
export {
  parseMeterCsv,
  readMeterCsv,
  profilesFromSeries,
  METER_UNITS,
  type MeterOptions,
  type MeterSeries,
  type MeterUnit,
} from "./io/timeseries.js";
export { parseSpotCsv, readSpotCsv, spotPriceTable, type SpotOptions, type SpotSeries } from "./io/spot-prices.js";
export { parseEntsoeXml, type XmlPrice } from "./io/entsoe-xml.js";
export {
  parseSlpTable,
  readSlpTable,
  slpDemand,
  slpSeason,
  slpDay,
  dynamisation,
  GERMAN_STATES,
  type SlpTable,
  type SlpDay,
  type SlpOptions,
  type GermanState,
} from "./io/slp.js";
export { pvgisMonthlyYield, monthlyPvPerKwp, calibrateMonthlyPv } from "./io/calibrate.js";
export { loadStudyData, studyClockOf, KEEP_MAX_BYTES, type StudyDataOptions, type StudyData } from "./io/study-data.js";
export { retailPrices, DEFAULT_TARIFF, type RetailTariff } from "./prices/tariff.js";
export { parseTariff } from "./io/tariff-terms.js";

// ── Synthetic recipes ──────────────────────────────────────────────────────
// `"synthetic": { "recipe": … }` in scenario.json (docs/recipes.md)
export { type SyntheticSpec, type DemoRecipe, type SeasonalRecipe } from "./community/synthetic.js";

// ── Simulation ─────────────────────────────────────────────────────────────
// one LP per day, solved and audited, the battery level carried day to day
export { standaloneCosts } from "./simulation/standalone.js";
export { checkSimulateOptions } from "./simulation/check-options.js";
export {
  simulate,
  type SimulateOptions,
  type SimulationResult,
  type DaySolution,
  type PhaseTimings,
  type Progress,
} from "./simulation/simulate.js";
export type { DayFlows, TradeFlow } from "./flows/flows.js";

// ── Audit ──────────────────────────────────────────────────────────────────
// every day re-checked from the flows alone (the auditor shares no code with the model)
export { type DayAudit, type AuditSummary } from "./audit/audit.js";

// ── Results & ledger ───────────────────────────────────────────────────────
// per (day, hour, house) ledger and the tables folded from it
export { ledgerOf, total, daily, scopeUnits, type Ledger, type ScopeUnit } from "./results/ledger.js";
export {
  costsByHouse,
  costsByGroup,
  costsByDay,
  costTotals,
  flowRows,
  batteryRows,
  tradeMatrix,
  toCsv,
  type HouseCostRow,
  type GroupCostRow,
  type DayCostRow,
  type CostTotals,
  type MoneyTotals,
  type FlowRow,
  type BatteryRow,
  type TradeRow,
  type CsvOptions,
} from "./results/tables.js";
export {
  demandPvPoints,
  profileTotals,
  type ProfilePoint,
  type ProfileTotal,
  type WeekOptions,
} from "./profiles/points.js";

// ── KPIs, baselines & sweeps ───────────────────────────────────────────────
// what P2P trading is worth: the same days with features switched off,
// savings, fairness, KPIs, parameter sweeps (docs/analysis.md)
export {
  runBaselines,
  allAudited,
  type BaselineName,
  type BaselineOptions,
  type BaselineProgress,
  type BaselineRuns,
} from "./analysis/baselines.js";
export { savingsTable, flatSavingsRows, type SavingsRow, type FlatSavingsRow } from "./analysis/savings.js";
export { fairness, type Fairness } from "./analysis/fairness.js";
export { giniRsv } from "./analysis/gini.js";
export { kpiTable, type KpiOptions, type KpiRow } from "./analysis/kpis.js";
export {
  billRanges,
  type BillRanges,
  type BillRangeRow,
  type BillRangeTotal,
  type BillRangeOptions,
} from "./analysis/bill-range.js";
export {
  runCompare,
  compareReport,
  type CompareReport,
  type CompareSummary,
  type BaselineKpiRow,
} from "./analysis/compare.js";
export { parseParam, applyParam, applyPriceParam, type SweepParam } from "./analysis/params.js";
export { sweepVariants, type SweepVariant } from "./analysis/sweep-grid.js";
export { runSweep, type SweepOptions, type SweepProgress, type SweepResult } from "./analysis/sweep.js";
export { simulateOnWorker, type WorkerSimulateOptions } from "./analysis/sweep-pool.js";
export {
  bestVariant,
  firstReaching,
  flatSweepRows,
  type SweepRow,
  type SweepTable,
  type FlatSweepRow,
} from "./analysis/sweep-rows.js";

// ── Settlement ─────────────────────────────────────────────────────────────
// who pays what once money may move between members: rules, checks, Shapley (docs/model.md "Settlement")
export {
  settle,
  settleAll,
  settlementRule,
  savingTolerance,
  BUDGET_TOLERANCE,
  type SettleOptions,
  type Settlement,
  type HouseSettlement,
  type GroupSettlement,
  type SettlementChecks,
} from "./settlement/settle.js";
export { SETTLEMENT_RULES, SETTLEMENT_RULE_NAMES, type SettlementRule } from "./settlement/rules.js";
export type { ShapleyOptions, SettlementRuleSpec, SettleInput, RuleOutcome, GameOutcome } from "./settlement/types.js";
export {
  CoalitionCosts,
  coalitionCommunity,
  type CoalitionCommunity,
  type CoalitionStats,
} from "./settlement/coalition.js";
export {
  settledHouseRows,
  settlementText,
  settlementJson,
  rulesSavingsRows,
  type SettledHouseRow,
  type RuleSavingsRow,
} from "./settlement/report.js";
export {
  shapleyExact,
  shapleySampled,
  EXACT_SHAPLEY_LIMIT,
  MIN_SHAPLEY_SAMPLES,
  type Worth,
  type ShapleyValue,
  type SamplingOptions,
} from "./settlement/game.js";

// ── Year study ─────────────────────────────────────────────────────────────
// monthly folds for a long (seasonal) run (notebooks/year_study.ipynb)
export {
  monthlyGroupCosts,
  gridImportRows,
  batteryByMonth,
  houseSavings,
  yearHeadline,
  monthlyEnergy,
  type MonthGroupRow,
  type HourImportRow,
  type MonthBatteryRow,
  type HouseSavingRow,
  type YearHeadline,
  type MonthEnergyRow,
} from "./analysis/year.js";

// ── Charts ─────────────────────────────────────────────────────────────────
// pure Vega-Lite spec builders (plain rows in, spec out) and their renderer
export type { ChartSpec, UnitSpec, Encoding, Channel, DataRow, FieldType, Mark, MarkType } from "./charts/spec.js";
export { demandPvChart } from "./charts/profiles.js";
export {
  batteryDayChart,
  batteryHorizonChart,
  type BatteryBounds,
  type BatteryHorizonOptions,
} from "./charts/battery.js";
export {
  dailyCostChart,
  comparisonChart,
  costComparisonRows,
  changeChart,
  costChangeRows,
  type ComparisonRow,
  type ComparisonOptions,
  type ChangeRow,
} from "./charts/costs.js";
export { energySourcesChart, type EnergySourceRow } from "./charts/energy.js";
export { tradeMatrixChart } from "./charts/trades.js";
export { daysLabel, billRangeChart, type BillRangeChartInput } from "./charts/bill-range.js";
export { savingsPerHouseChart, type SavingsChartOptions } from "./charts/savings.js";
export { settlementChart, ruleSavingMarks, type RuleSavingMark } from "./charts/settlement.js";
export { sweepChart, type SweepMetric, type SweepChartOptions } from "./charts/sweep.js";
export {
  monthlyGroupChart,
  gridImportHeatmap,
  batteryMonthChart,
  houseSavingsChart,
  tariffComparisonChart,
  type TariffMonthRow,
} from "./charts/year.js";
export { renderSvg, svgToPng } from "./charts/render.js";

// ── Report/notebook ────────────────────────────────────────────────────────
// show-and-remember session, readable tables, exported files, the HTML report
export {
  Session,
  type SessionOptions,
  type SessionExportOptions,
  type Display,
  type ProgressBar,
} from "./report/session.js";
export { escapeHtml, htmlTable, type HtmlTableOptions } from "./report/table.js";
export {
  billRows,
  savingsDisplayRows,
  kpiDisplayRows,
  sweepDisplayRows,
  whatIfRows,
  type DisplayRow,
  type WhatIfLabels,
} from "./report/columns.js";
export { exportAll, exportFigure, exportTable, exportHtml, type ExportSet, type ExportedFile } from "./report/files.js";
export { exportCsvHeaders } from "./report/files.js";
export { exportedSummary } from "./report/session.js";
export {
  reportHtml,
  type Report,
  type ReportSection,
  type ReportItem,
  type ReportTable,
  type ReportFigure,
  type VegaBundles,
} from "./report/html.js";
export { installNotebookErrors } from "./report/notebook-errors.js";

// ── Errors ─────────────────────────────────────────────────────────────────
export { InputError, SolveError, WriteError } from "./errors/errors.js";

// ── Solver layer (advanced) ────────────────────────────────────────────────
// one day's LP, its readable rows, and the LP solvers (docs/solver.md)
export {
  buildDayModel,
  lpSize,
  type DayModel,
  type DayModelOptions,
  type Formulation,
  type LpSize,
  type StageLayout,
} from "./lp/day.js";
export type { ColumnMap, TradePair } from "./lp/columns.js";
export type { SparseLp } from "./lp/lp.js";
export { decompose, type Decomposition } from "./lp/decompose.js";
export { chooseFormulation } from "./lp/pooled.js";
export type { Allocation, StageStats } from "./stages/stages.js";
export {
  describeConstraints,
  modelCounts,
  columnBoundsText,
  ROW_RULES,
  type RowDescription,
  type RowFilter,
} from "./lp/describe.js";
export { type SolveResult, type SolverName } from "./solver/index.js";
// studies: study.json → content-addressed jobs, the results folder, the local runner (docs/scale-out.md)
export { parseStudy, readStudy, type StudySpec, type ParamValues, type Combine } from "./study/spec.js";
export { planStudy, type StudyJob, type StudyPlan, type FileInput } from "./study/jobs.js";
export { StudyStore } from "./study/store.js";
export {
  localRunner,
  runStudy,
  type Runner,
  type RunnerSink,
  type StudyProgress,
  type StudyRun,
  type StudyRunOptions,
} from "./study/runners.js";
