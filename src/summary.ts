/**
 * What a run writes beside its results: `summary.json` and the CSV tables,
 * as file name → text. Pure: the caller decides where (atomically) to write.
 */
import type { SimulationResult } from "./simulate.js";
import type { AuditSummary } from "./audit.js";
import { scenarioToJson } from "./scenario.js";
import { profilesToCsv } from "./profiles.js";
import {
  batteryRows, costTotals, costsByDay, costsByGroup, costsByHouse, flowRows, toCsv, type CostTotals,
} from "./results.js";

export interface RunSummary {
  totals: CostTotals;
  days: { day: number; objective: number; rows: number; cols: number; nonZeros: number; presolveFallback: boolean }[];
  audit: AuditSummary;
  solver: { name: string; version: string };
  features: SimulationResult["features"];
  /** milliseconds per phase; the only part that changes between identical runs */
  timings: Record<string, number>;
  [extra: string]: unknown;
}

/** The summary of a run; `timings` adds phases measured outside `simulate` (load, write, …). */
export function runSummary(r: SimulationResult, timings: Record<string, number> = {}): RunSummary {
  const round = (ms: number) => Math.round(ms * 1000) / 1000;
  return {
    totals: costTotals(r),
    days: r.days.map((d) => ({ day: d.day, objective: d.objective, ...d.size, presolveFallback: d.presolveFallback })),
    audit: r.audit,
    solver: r.solver,
    features: r.features,
    timings: Object.fromEntries(Object.entries({ ...r.timings, ...timings }).map(([k, v]) => [k, round(v)])),
  };
}

/**
 * Every file of a run's folder: the inputs exactly as solved
 * (`scenario.json`, `profiles.csv`; feeding them back gives the same
 * result) and the result tables. `summary` is written as `summary.json`.
 */
export function runFiles(r: SimulationResult, summary: RunSummary, extra: Record<string, string> = {}): Record<string, string> {
  return {
    "scenario.json": scenarioToJson({ ...r.scenario, days: r.days.length }),
    "profiles.csv": profilesToCsv({ ...r.profiles, days: r.days.length }),
    "costs-by-house.csv": toCsv(costsByHouse(r)),
    "costs-by-group.csv": toCsv(costsByGroup(r)),
    "costs-by-day.csv": toCsv(costsByDay(r)),
    "flows.csv": toCsv(flowRows(r)),
    "battery.csv": toCsv(batteryRows(r)),
    ...extra,
    "summary.json": JSON.stringify(summary, null, 2) + "\n",
  };
}
