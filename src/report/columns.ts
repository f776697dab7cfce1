/**
 * Tables as a reader sees them: readable headers with units, percentages
 * as percent, empty cells where a figure has no meaning (`null` → ""), and
 * few enough columns to fit a notebook's output area (about 985 px). The
 * notebook and the HTML report show these; the CLI's CSV files keep the
 * machine names (`csvHeader`).
 */
import type { BaselineKpiRow } from "../analysis/compare.js";
import type { SavingsRow } from "../analysis/savings.js";
import type { SweepRow } from "../analysis/sweep-rows.js";
import type { CostTotals, HouseCostRow } from "../results/tables.js";
import type { Cell } from "./table.js";

/** A displayed row: header → cell. */
export type DisplayRow = Record<string, Cell>;

const pct = (x: number | null | undefined) => (x === null || x === undefined ? null : 100 * x);

/**
 * Who pays what: each house's bill, what it would pay alone (its own PV and
 * the grid) and the saving, currency units over the days solved.
 * @example billRows(costsByHouse(r)) // [{ house: "g1h1", group: "g1", kind: "prosumer", bill: …, "alone": …, saving: …, "saving (%)": … }, …]
 */
export function billRows(houses: readonly HouseCostRow[]): DisplayRow[] {
  return houses.map((h) => ({
    house: h.house,
    group: h.group,
    kind: h.kind,
    bill: h.cost,
    "stand-alone cost": h.standaloneCost,
    saving: h.saving,
    "saving (%)": Math.abs(h.standaloneCost) < 1e-9 ? null : (100 * h.saving) / Math.abs(h.standaloneCost),
  }));
}

/**
 * The savings table for reading: one row per house, group and the
 * community; cost under each baseline and what `full` saves against each
 * (currency units over the days solved); the percentage against grid-only;
 * "yes" where a house pays more under full than under grid-only.
 * @example savingsDisplayRows(savingsTable(runs))[0]["saved vs grid-only"]
 */
export function savingsDisplayRows(rows: readonly SavingsRow[]): DisplayRow[] {
  return rows.map((r) => ({
    "": r.id,
    kind: r.kind || r.level,
    "grid-only": r.cost["grid-only"],
    "battery-only": r.cost["battery-only"],
    "intra-only": r.cost["intra-only"],
    full: r.cost.full,
    "saved vs grid-only": r.saving["grid-only"],
    "(%)": r.savingPct["grid-only"],
    "vs battery-only": r.saving["battery-only"],
    "vs intra-only": r.saving["intra-only"],
    "pays more": r.paysMore ? "yes" : "",
  }));
}

/**
 * The KPI table in two parts that each fit the page: energy (shares in %,
 * energy in kWh) and battery, cost and fairness (kWh, cycles, currency
 * units over the days solved, fairness against grid-only).
 * @example kpiDisplayRows(report.kpis).energy[0]["self-sufficiency (%)"]
 */
export function kpiDisplayRows(kpis: readonly BaselineKpiRow[]): { energy: DisplayRow[]; battery: DisplayRow[] } {
  return {
    energy: kpis.map((k) => ({
      run: k.baseline,
      "": k.id,
      "self-consumption (%)": pct(k.selfConsumption),
      "self-sufficiency (%)": pct(k.selfSufficiency),
      "grid import (kWh)": k.gridImportKwh,
      "grid export (kWh)": k.gridExportKwh,
      "peak import (kWh/h)": k.peakGridImportKwh,
      "P2P intra (kWh)": k.p2pIntraKwh,
      "P2P inter (kWh)": k.p2pInterKwh,
    })),
    battery: kpis.map((k) => ({
      run: k.baseline,
      "": k.id,
      "battery throughput (kWh)": k.batteryThroughputKwh,
      "full cycles": k.batteryCycles,
      "losses (kWh)": k.batteryLossKwh,
      cost: k.cost,
      "mean per day": k.costDailyMean,
      "saved vs grid-only": k.saving,
      "houses gaining (%)": pct(k.shareGaining),
      "Gini of savings": k.savingsGini,
    })),
  };
}

/**
 * The community's rows of a sweep for reading: the parameters, cost under
 * full and grid-only and the saving (currency units over the days solved),
 * the saving in %, self-sufficiency in %, battery cycles.
 * @example sweepDisplayRows(sweep.rows, sweep.params)
 */
export function sweepDisplayRows(rows: readonly SweepRow[], params: readonly string[], id = "community"): DisplayRow[] {
  return rows
    .filter((r) => r.id === id)
    .map((r) => ({
      ...Object.fromEntries(params.map((p) => [p, r.params[p]])),
      "cost full": r.cost.full ?? null,
      "cost grid-only": r.cost["grid-only"] ?? null,
      saving: r.saving,
      "saving (%)": r.savingPct,
      "self-sufficiency (%)": pct(r.selfSufficiency),
      "full cycles": r.batteryCycles,
    }));
}

/** Labels of {@link whatIfRows}. */
export interface WhatIfLabels {
  /** the run as it was, e.g. "battery 5.25 kWh" */
  base: string;
  /** the changed run, e.g. "battery 10.5 kWh" */
  variant: string;
}

/**
 * The what-if comparison: each group's and the overall cost in both runs,
 * the change, and the change in % of the first run's cost. A group only
 * one run has leaves the other run's cell and the change in % empty (there
 * is no base to compare with), as does a base of 0.
 * @example whatIfRows(costTotals(a), costTotals(b), { base: "as given", variant: "with g3" }).at(-1)!.total // "overall"
 */
export function whatIfRows(base: CostTotals, variant: CostTotals, labels: WhatIfLabels): DisplayRow[] {
  const groups = [...new Set([...Object.keys(base.byGroup), ...Object.keys(variant.byGroup)])];
  const row = (total: string, a: number | undefined, b: number | undefined): DisplayRow => ({
    total,
    [labels.base]: a ?? null,
    [labels.variant]: b ?? null,
    change: a !== undefined && b !== undefined ? b - a : null,
    "change (%)": a !== undefined && b !== undefined && Math.abs(a) >= 1e-9 ? (100 * (b - a)) / Math.abs(a) : null,
  });
  return [
    ...groups.map((g) => row(g, base.byGroup[g], variant.byGroup[g])),
    row("overall", base.overall, variant.overall),
  ];
}
