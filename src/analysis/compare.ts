/**
 * The comparison a planner reads first (`npm run demo -- --compare`): the
 * four baselines' costs, the savings of `full` against each, the flagged
 * houses and the KPIs, as tables, files and text.
 */
import type { Scenario } from "../community/scenario.js";
import type { Profiles } from "../profiles/profiles.js";
import { unitCsv } from "../results/tables.js";
import { textTable } from "../results/text-table.js";
import {
  allAudited,
  BASELINES,
  runBaselines,
  type BaselineName,
  type BaselineOptions,
  type BaselineRuns,
} from "./baselines.js";
import { flaggedHouses, flatSavingsRows, savingsTable, type SavingsRow } from "./savings.js";
import { kpiTable, type KpiRow } from "./kpis.js";

/** A KPI row of one baseline run (savings and fairness against `grid-only`). */
export type BaselineKpiRow = { baseline: BaselineName } & KpiRow;

export interface CompareReport {
  savings: SavingsRow[];
  /** KPIs of every baseline run, `grid-only` first, `full` last */
  kpis: BaselineKpiRow[];
  /** houses that pay more under `full` than under `grid-only` */
  flagged: string[];
  /** every baseline passed its audit on every day */
  auditOk: boolean;
  /** what goes into summary.json under `compare` */
  summary: CompareSummary;
  /** `savings.csv` and `kpis.csv` */
  files: Record<string, string>;
  /** the tables as terminal text */
  text: string;
}

export interface CompareSummary {
  days: number;
  /** community total per baseline, currency units */
  totals: Record<BaselineName, number>;
  audit: Record<BaselineName, boolean>;
  flaggedHouses: string[];
  savings: ReturnType<typeof flatSavingsRows>;
  kpis: BaselineKpiRow[];
  note: string;
}

/** What the per-house figures are, by the full run's allocation (summary.json's `compare.note` and the text). */
const NOTE: Record<"fair" | "solver", string> = {
  fair: "Per-house figures are the fair bills: among the community's cheapest plans, the one whose smallest saving is largest (leximin; docs/model.md).",
  solver:
    "Per-house figures are the solver's pick among equally cheap splits (--allocation solver); quote group and community figures.",
};

/** null → "" for CSV cells and "–" for text cells */
const cells = <R extends object>(rows: readonly R[], empty: string) =>
  rows.map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, v === null ? empty : v])));

/**
 * Builds the comparison from solved baselines: savings (currency units over
 * the days solved), KPIs (kWh, shares, cycles) and the houses flagged.
 * @example
 *   const report = compareReport(await runBaselines(ex.scenario, ex.profiles, { days: 7 }));
 *   report.flagged // houses paying more under full than grid-only
 */
export function compareReport(runs: BaselineRuns): CompareReport {
  const savings = savingsTable(runs);
  const flagged = flaggedHouses(savings);
  const reference = runs["grid-only"];
  const kpis = BASELINES.flatMap((b) => kpiTable(runs[b], { reference }).map((k) => ({ baseline: b, ...k })));
  const flat = flatSavingsRows(savings);
  const days = runs.full.days.length;
  const community = savings[savings.length - 1];
  const summary: CompareSummary = {
    days,
    totals: community.cost,
    audit: Object.fromEntries(BASELINES.map((b) => [b, runs[b].audit.ok])) as Record<BaselineName, boolean>,
    flaggedHouses: flagged,
    savings: flat,
    kpis,
    note: NOTE[runs.full.allocation],
  };
  const files = {
    "savings.csv": unitCsv(cells(flat, "")),
    "kpis.csv": unitCsv(cells(kpis, "")),
  };
  return {
    savings,
    kpis,
    flagged,
    auditOk: allAudited(runs),
    summary,
    files,
    text: compareText(savings, kpis, flagged, days, runs.full.allocation),
  };
}

/** `text` broken at spaces into lines of at most `width` characters. */
function wrap(text: string, width: number): string {
  const lines: string[] = [];
  for (const word of text.split(" ")) {
    if (lines.length && (lines.at(-1)! + " " + word).length <= width) lines[lines.length - 1] += " " + word;
    else lines.push(word);
  }
  return lines.join("\n");
}

function compareText(
  savings: readonly SavingsRow[],
  kpis: readonly BaselineKpiRow[],
  flagged: readonly string[],
  days: number,
  allocation: "fair" | "solver",
): string {
  // each table fits ~120 columns: short headers, said in full in the line above the table
  const costs = savings.map((r) => ({
    id: r.id,
    ...Object.fromEntries(BASELINES.map((b) => [b, r.cost[b]])),
    "saved vs g-o": r.saving["grid-only"],
    "% of g-o": r.savingPct["grid-only"] ?? "–",
    "vs batt.-only": r.saving["battery-only"],
    "vs intra-only": r.saving["intra-only"],
  }));
  const pct = (x: number | null) => (x === null ? "–" : `${(100 * x).toFixed(1)} %`);
  const shown = kpis.filter((k) => k.baseline === "full" || k.scope === "community");
  const energy = shown.map((k) => ({
    run: k.baseline,
    id: k.id,
    "self-cons.": pct(k.selfConsumption),
    "self-suff.": pct(k.selfSufficiency),
    "grid in kWh": k.gridImportKwh,
    "grid out kWh": k.gridExportKwh,
    "peak kWh/h": k.peakGridImportKwh,
    "P2P intra kWh": k.p2pIntraKwh,
    "P2P inter kWh": k.p2pInterKwh,
  }));
  const battery = shown.map((k) => ({
    run: k.baseline,
    id: k.id,
    "battery kWh": k.batteryThroughputKwh,
    cycles: k.batteryCycles ?? "–",
    "loss kWh": k.batteryLossKwh,
    gaining: k.shareGaining === null ? "–" : pct(k.shareGaining),
    gini: k.savingsGini ?? "–",
  }));
  return [
    `Cost under each baseline and what full saves, currency units over ${days} days (g-o: grid-only;`,
    "saved = the baseline's cost − full's; % of g-o = saved vs grid-only in % of the grid-only cost)",
    textTable(costs),
    flagged.length
      ? `Paying MORE under full than under grid-only: ${flagged.join(", ")}`
      : "No house pays more under full than under grid-only.",
    wrap(NOTE[allocation], 120),
    "",
    "KPIs, energy (full run per house and group; every baseline for the community): self-cons. = % of the PV used inside",
    "the scope, self-suff. = % of the demand not bought from the grid; peak = the largest grid import in one hour",
    textTable(cells(energy, "–")),
    "",
    "KPIs, battery and fairness: battery kWh charged and discharged, full cycles, losses; gaining = % of the houses that",
    "save against grid-only; gini = Gini index of their savings",
    textTable(cells(battery, "–")),
    "",
  ].join("\n");
}

/**
 * Solves the baselines and builds the comparison (see {@link runBaselines}
 * for the options, {@link compareReport} for the units).
 * @example const report = await runCompare(ex.scenario, ex.profiles, { days: 30 }); console.log(report.text)
 */
export async function runCompare(
  scenario: Scenario,
  profiles: Profiles,
  options: BaselineOptions = {},
): Promise<CompareReport> {
  return compareReport(await runBaselines(scenario, profiles, options));
}
