/**
 * What a run writes beside its results: `summary.json` and the CSV tables,
 * as file name → text. Pure: the caller decides where (atomically) to write.
 */
import type { SimulationResult } from "../simulation/simulate.js";
import type { AuditSummary } from "../audit/audit.js";
import { scenarioToJson } from "../community/scenario.js";
import { profilesCsvLines } from "../profiles/profiles.js";
import {
  batteryCsvLines,
  costTotals,
  costsByDay,
  costsByGroup,
  costsByHouse,
  dayCostsCsv,
  flowCsvLines,
  standaloneTotals,
  unitCsv,
  type CostTotals,
  type MoneyTotals,
} from "./tables.js";

/** What the numbers of a run's files are measured in (summary.json's `units`). */
export interface RunUnits {
  /** the unit of every cost, bill and saving: the unit the scenario's prices are given in, per kWh */
  currency: string;
  /** CSV columns ending in `_cu` are in currency units; `_kwh` in kWh */
  columns: string;
  energy: "kWh";
  /** what cost totals are summed over */
  period: string;
}

export interface RunSummary {
  /** units and period of every figure below and in the CSV files */
  units: RunUnits;
  /** each house's bill, summed over the days (`overall`: Σ of the daily objectives), currency units */
  totals: CostTotals;
  /** what each house would have paid alone with its own PV and the grid (docs/model.md "Fair bills"), currency units */
  standalone: MoneyTotals;
  /** standalone − totals, per house, group and overall, currency units */
  saving: MoneyTotals;
  days: { day: number; objective: number; rows: number; cols: number; nonZeros: number; presolveFallback: boolean }[];
  audit: AuditSummary;
  solver: SimulationResult["solver"];
  /** "fair": bills are docs/model.md's stage 3 (leximin savings); "solver": the split among houses is the solver's choice */
  allocation: SimulationResult["allocation"];
  features: SimulationResult["features"];
  /** milliseconds per phase; the only part that changes between identical runs */
  timings: Record<string, number>;
  [extra: string]: unknown;
}

/** The summary of a run; `timings` adds phases measured outside `simulate` (load, write, …). */
export function runSummary(r: SimulationResult, timings: Record<string, number> = {}): RunSummary {
  const round = (ms: number) => Math.round(ms * 1000) / 1000;
  const { standalone, saving } = standaloneTotals(r);
  return {
    units: runUnits(r.days.length),
    totals: costTotals(r),
    standalone,
    saving,
    days: r.days.map((d) => ({ day: d.day, objective: d.objective, ...d.size, presolveFallback: d.presolveFallback })),
    audit: r.audit,
    solver: r.solver,
    allocation: r.allocation,
    features: r.features,
    timings: Object.fromEntries(Object.entries({ ...r.timings, ...timings }).map(([k, v]) => [k, round(v)])),
  };
}

/**
 * The units note of a run over `days` days.
 * @example runUnits(122).period // => "122 days (day 1 to day 122)"
 */
export function runUnits(days: number): RunUnits {
  return {
    currency: "currency units (cu): the unit the scenario's prices are given in, per kWh",
    columns: "CSV columns ending in _cu are currency units (in costs-by-day.csv, per day), _kwh kWh",
    energy: "kWh",
    period: `${days} day${days === 1 ? "" : "s"} (day 1 to day ${days})`,
  };
}

/** Each house's settled bill and transfer (a settlement's `byHouse`), currency units over the days solved. */
export type SettledBills = Readonly<Record<string, { settledBill: number; transfer: number }>>;

/** Optional columns of a run's files. */
export interface RunFilesOptions {
  /** adds `settled_bill_cu` and `transfer_cu` to costs-by-house.csv */
  settled?: SettledBills;
}

/**
 * Every file of a run's folder: the inputs exactly as solved
 * (`scenario.json`, `profiles.csv`; feeding them back gives the same
 * result) and the result tables. `summary` is written as `summary.json`.
 */
export function runFiles(
  r: SimulationResult,
  summary: RunSummary,
  extra: Record<string, string> = {},
  options: RunFilesOptions = {},
): Record<string, string> {
  const sources = runFileSources(r, summary, extra, options);
  return Object.fromEntries(
    Object.entries(sources).map(([f, text]) => [f, typeof text === "string" ? text : [...text].join("")]),
  );
}

/**
 * {@link runFiles}, with the large tables (`profiles.csv`, `flows.csv`, `battery.csv`) as their lines, made as
 * they are read (each iterable again from the start): `io/folder.ts` writes them a piece at a time, so a long
 * run's tables are never held as whole strings. The same names, in the same order, and the same text.
 */
export function runFileSources(
  r: SimulationResult,
  summary: RunSummary,
  extra: Record<string, string> = {},
  options: RunFilesOptions = {},
): Record<string, string | Iterable<string>> {
  const days = r.days.length;
  const settled = (house: string) =>
    options.settled
      ? { settledBill: options.settled[house].settledBill, transfer: options.settled[house].transfer }
      : {};
  const profiles = { ...r.profiles, days };
  return {
    "scenario.json": scenarioToJson({ ...r.scenario, days: r.days.length }),
    "profiles.csv": { [Symbol.iterator]: () => profilesCsvLines(profiles)[Symbol.iterator]() },
    "costs-by-house.csv": unitCsv(
      costsByHouse(r).map((h) => ({
        house: h.house,
        group: h.group,
        kind: h.kind,
        days,
        cost: h.cost,
        standaloneCost: h.standaloneCost,
        saving: h.saving,
        ...settled(h.house),
      })),
      { settledBill: "settled_bill_cu", transfer: "transfer_cu" },
    ),
    "costs-by-group.csv": unitCsv(
      costsByGroup(r).map((g) => ({
        group: g.group,
        houses: g.houses,
        days,
        cost: g.cost,
        standaloneCost: g.standaloneCost,
        saving: g.saving,
      })),
    ),
    "costs-by-day.csv": dayCostsCsv(costsByDay(r)),
    "flows.csv": flowCsvLines(r),
    "battery.csv": batteryCsvLines(r),
    ...extra,
    "summary.json": JSON.stringify(summary, null, 2) + "\n",
  };
}
