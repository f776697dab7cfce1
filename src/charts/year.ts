/**
 * Charts of a year's study (notebooks/year_study.ipynb): monthly costs and
 * savings per group, the community's grid import by day and hour, the
 * batteries' state of charge by month, savings per house, and a tariff
 * comparison. Pure builders: rows from `study/year.ts` in, Vega-Lite out.
 */
import type { HouseSavingRow, HourImportRow, MonthBatteryRow, MonthGroupRow } from "../analysis/year.js";
import { baseSpec, uniqueInOrder, type ChartSpec, type DataRow } from "./spec.js";

/**
 * Each group's cost or saving per calendar month, bars side by side.
 * Units: currency units per month on y.
 * @param value - `cost` (the group's bill) or `saving` (grid-only cost − bill)
 * @example monthlyGroupChart(monthlyGroupCosts(result, "2025-01-01"), { value: "saving", currency: "ct" })
 */
export function monthlyGroupChart(rows: readonly MonthGroupRow[], opts: { value: "cost" | "saving"; currency?: string }): ChartSpec {
  const unit = opts.currency ?? "currency units";
  const groups = uniqueInOrder(rows.map((r) => r.group));
  const values: DataRow[] = rows.map((r) => ({ month: r.month, group: r.group, days: r.days, cost: r.cost, gridOnly: r.gridOnly, saving: r.saving }));
  const what = opts.value === "cost" ? "Cost" : "Saving against grid-only";
  return {
    ...baseSpec(`${what} per group and month`, values, `${unit} per month`),
    width: 720, height: 260,
    mark: "bar",
    encoding: {
      x: { field: "month", type: "ordinal", title: "month", axis: { labelAngle: 0 } },
      xOffset: { field: "group", type: "nominal", sort: groups },
      y: { field: opts.value, type: "quantitative", title: `${what.toLowerCase()} (${unit} per month)` },
      color: { field: "group", type: "nominal", title: "group", scale: { domain: groups } },
      tooltip: [
        { field: "month", type: "ordinal" }, { field: "group", type: "nominal" }, { field: "days", type: "quantitative" },
        { field: "cost", type: "quantitative", format: ",.2f", title: `cost (${unit})` },
        { field: "gridOnly", type: "quantitative", format: ",.2f", title: `grid-only (${unit})` },
        { field: "saving", type: "quantitative", format: ",.2f", title: `saving (${unit})` },
      ],
    },
  };
}

/**
 * A heat map of the community's grid import: one cell per (day, hour),
 * colour in kWh. Day on x (1-based), hour of the day on y (0 at the top).
 * @example gridImportHeatmap(gridImportRows(result))
 */
export function gridImportHeatmap(rows: readonly HourImportRow[]): ChartSpec {
  const days = rows.reduce((m, r) => Math.max(m, r.day), 1);
  const values: DataRow[] = rows.map((r) => ({ day: r.day, hour: r.hour, kwh: r.kwh }));
  return {
    ...baseSpec("Community grid import by day and hour", values, "Σ gb over all houses, kWh in the hour"),
    width: Math.max(300, Math.min(2 * days, 900)), height: 240,
    mark: { type: "rect" },
    encoding: {
      x: { field: "day", type: "ordinal", title: "day", axis: { values: Array.from({ length: Math.ceil(days / 30) }, (_, i) => 1 + 30 * i), labelAngle: 0 } },
      y: { field: "hour", type: "ordinal", title: "hour of the day" },
      color: { field: "kwh", type: "quantitative", title: "kWh", scale: { scheme: "viridis" } },
      tooltip: [{ field: "day", type: "ordinal" }, { field: "hour", type: "ordinal" }, { field: "kwh", type: "quantitative", format: ".2f", title: "grid import (kWh)" }],
    },
  };
}

/**
 * The community's mean state of charge by hour of the day, one line per month.
 * Units: % of Σ b_upper on y; hour of the day (level after the hour) on x.
 * @example batteryMonthChart(batteryByMonth(result, "2025-01-01"))
 */
export function batteryMonthChart(rows: readonly MonthBatteryRow[]): ChartSpec {
  const months = uniqueInOrder(rows.map((r) => r.month));
  const values: DataRow[] = rows.map((r) => ({ month: r.month, hour: r.hour, socPct: r.socPct, storedKwh: r.storedKwh }));
  return {
    ...baseSpec("Battery state of charge by month", values, "mean over the month's days, all groups' batteries together"),
    width: 560, height: 260,
    mark: { type: "line", point: true },
    encoding: {
      x: { field: "hour", type: "quantitative", title: "hour of the day (level after the hour)", scale: { domain: [0, 23] } },
      y: { field: "socPct", type: "quantitative", title: "state of charge (% of upper limit)", scale: { domain: [0, 100] } },
      color: { field: "month", type: "ordinal", title: "month", sort: months, scale: { scheme: "turbo" } },
      tooltip: [
        { field: "month", type: "ordinal" }, { field: "hour", type: "quantitative" },
        { field: "socPct", type: "quantitative", format: ".1f", title: "state of charge (%)" },
        { field: "storedKwh", type: "quantitative", format: ".2f", title: "stored (kWh)" },
      ],
    },
  };
}

/**
 * Each house's saving against grid-only over the run, bars in house order,
 * coloured by kind. Units: currency units over the run on y.
 * @example houseSavingsChart(houseSavings(result), { currency: "ct", days: 365 })
 */
export function houseSavingsChart(rows: readonly HouseSavingRow[], opts: { currency?: string; days?: number } = {}): ChartSpec {
  const unit = opts.currency ?? "currency units";
  const period = opts.days ? ` over ${opts.days} days` : "";
  const values: DataRow[] = rows.map((r) => ({ ...r }));
  return {
    ...baseSpec(`Saving per house against grid-only${period}`, values, `${unit}; negative: the house pays more than alone`),
    width: Math.max(300, Math.min(14 * rows.length, 900)), height: 240,
    mark: "bar",
    encoding: {
      x: { field: "house", type: "nominal", title: "house", sort: rows.map((r) => r.house) },
      y: { field: "saving", type: "quantitative", title: `saving (${unit}${period})` },
      color: { field: "kind", type: "nominal", title: "kind", scale: { domain: ["prosumer", "consumer"] } },
      tooltip: [
        { field: "house", type: "nominal" }, { field: "kind", type: "nominal" },
        { field: "bill", type: "quantitative", format: ",.2f", title: `bill (${unit})` },
        { field: "gridOnly", type: "quantitative", format: ",.2f", title: `grid-only (${unit})` },
        { field: "saving", type: "quantitative", format: ",.2f", title: `saving (${unit})` },
        { field: "savingPct", type: "quantitative", format: ".1f", title: "saving (%)" },
      ],
    },
  };
}

/** A run's monthly community cost under one tariff. */
export interface TariffMonthRow {
  tariff: string;
  month: string;
  cost: number;
}

/**
 * The community's monthly cost under each tariff, bars side by side.
 * Units: currency units per month on y.
 * @example tariffComparisonChart([...rows("time of use", tou), ...rows("flat", flat)], { currency: "ct" })
 */
export function tariffComparisonChart(rows: readonly TariffMonthRow[], opts: { currency?: string } = {}): ChartSpec {
  const unit = opts.currency ?? "currency units";
  const tariffs = uniqueInOrder(rows.map((r) => r.tariff));
  const values: DataRow[] = rows.map((r) => ({ ...r }));
  return {
    ...baseSpec("Community cost per month by tariff", values, `${unit} per month`),
    width: 720, height: 260,
    mark: "bar",
    encoding: {
      x: { field: "month", type: "ordinal", title: "month", axis: { labelAngle: 0 } },
      xOffset: { field: "tariff", type: "nominal", sort: tariffs },
      y: { field: "cost", type: "quantitative", title: `community cost (${unit} per month)` },
      color: { field: "tariff", type: "nominal", title: "tariff", scale: { domain: tariffs } },
      tooltip: [{ field: "tariff", type: "nominal" }, { field: "month", type: "ordinal" }, { field: "cost", type: "quantitative", format: ",.2f", title: `cost (${unit})` }],
    },
  };
}
