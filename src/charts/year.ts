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
export function monthlyGroupChart(
  rows: readonly MonthGroupRow[],
  opts: { value: "cost" | "saving"; currency?: string },
): ChartSpec {
  const unit = opts.currency ?? "currency units";
  const groups = uniqueInOrder(rows.map((r) => r.group));
  const values: DataRow[] = rows.map((r) => ({
    month: r.month,
    group: r.group,
    days: r.days,
    cost: r.cost,
    gridOnly: r.gridOnly,
    saving: r.saving,
  }));
  const what = opts.value === "cost" ? "Cost" : "Saving against grid-only";
  return {
    ...baseSpec(`${what} per group and month`, values, `${unit} per month`),
    width: 720,
    height: 260,
    mark: "bar",
    encoding: {
      x: { field: "month", type: "ordinal", title: "month", axis: { labelAngle: 0 } },
      xOffset: { field: "group", type: "nominal", sort: groups },
      y: { field: opts.value, type: "quantitative", title: `${opts.value} (${unit}/month)` },
      color: { field: "group", type: "nominal", title: "group", scale: { domain: groups } },
      tooltip: [
        { field: "month", type: "ordinal" },
        { field: "group", type: "nominal" },
        { field: "days", type: "quantitative" },
        { field: "cost", type: "quantitative", format: ",.2f", title: `cost (${unit})` },
        { field: "gridOnly", type: "quantitative", format: ",.2f", title: `grid-only (${unit})` },
        { field: "saving", type: "quantitative", format: ",.2f", title: `saving (${unit})` },
      ],
    },
  };
}

/**
 * A heat map of the community's grid import: one cell per (day, hour),
 * colour in kWh. Day on x (1-based; with `startDate`, the calendar date with
 * months on the axis), hour of the day on y (0 at the top).
 * @param opts.startDate - the local date of day 1 (`YYYY-MM-DD`)
 * @example gridImportHeatmap(gridImportRows(result), { startDate: "2025-01-01" })
 */
export function gridImportHeatmap(rows: readonly HourImportRow[], opts: { startDate?: string } = {}): ChartSpec {
  const days = rows.reduce((m, r) => Math.max(m, r.day), 1);
  const start = opts.startDate ? Date.parse(`${opts.startDate}T00:00:00Z`) : NaN;
  const dateOf = (day: number) => new Date(start + (day - 1) * 86_400_000).toISOString().slice(0, 10);
  const values: DataRow[] = rows.map((r) => ({
    day: r.day,
    ...(opts.startDate ? { date: dateOf(r.day) } : {}),
    hour: r.hour,
    kwh: r.kwh,
  }));
  const x = opts.startDate
    ? {
        field: "date",
        type: "ordinal" as const,
        timeUnit: "utcyearmonthdate",
        title: null,
        axis: {
          values: values
            .filter((v) => String(v.date).endsWith("-01") && v.hour === 0)
            .map((v) => Date.parse(`${v.date}T00:00:00Z`)),
          labelExpr: "utcFormat(datum.value, '%b')",
          labelAngle: 0,
        },
      }
    : {
        field: "day",
        type: "ordinal" as const,
        title: "day",
        axis: { values: Array.from({ length: Math.ceil(days / 30) }, (_, i) => 1 + 30 * i), labelAngle: 0 },
      };
  return {
    ...baseSpec("Community grid import by day and hour", values, "Σ gb over all houses, kWh in the hour"),
    width: Math.max(300, Math.min(2 * days, 900)),
    height: 240,
    mark: { type: "rect" },
    encoding: {
      x,
      y: { field: "hour", type: "ordinal", title: "hour of the day" },
      color: { field: "kwh", type: "quantitative", title: "kWh", scale: { scheme: "viridis" } },
      tooltip: [
        { field: "day", type: "ordinal" },
        ...(opts.startDate ? [{ field: "date", type: "ordinal" as const }] : []),
        { field: "hour", type: "ordinal" },
        { field: "kwh", type: "quantitative", format: ".2f", title: "grid import (kWh)" },
      ],
    },
  };
}

/**
 * How full the community's batteries are, by month (rows) and hour of the
 * day (columns): the mean share of the usable range in use after the hour,
 * 0 % with every battery at its lower limit, 100 % at its upper limit.
 * @example batteryMonthChart(batteryByMonth(result, "2025-01-01"))
 */
export function batteryMonthChart(rows: readonly MonthBatteryRow[]): ChartSpec {
  const months = uniqueInOrder(rows.map((r) => r.month));
  const values: DataRow[] = rows.map((r) => ({
    month: r.month,
    hour: r.hour,
    usablePct: r.usablePct,
    storedKwh: r.storedKwh,
  }));
  return {
    ...baseSpec(
      {
        text: "Battery charge by month and hour",
        subtitle:
          "share of the usable range (lower to upper limit) in use after the hour, mean over the month's days, all groups' batteries together",
      },
      values,
    ),
    width: 560,
    height: 16 * months.length,
    mark: { type: "rect" },
    encoding: {
      x: { field: "hour", type: "ordinal", title: "hour of the day", axis: { labelAngle: 0 } },
      y: { field: "month", type: "ordinal", title: null, sort: months },
      color: {
        field: "usablePct",
        type: "quantitative",
        title: "% of usable range",
        scale: { domain: [0, 100], scheme: "blues" },
      },
      tooltip: [
        { field: "month", type: "ordinal" },
        { field: "hour", type: "ordinal" },
        { field: "usablePct", type: "quantitative", format: ".1f", title: "usable range in use (%)" },
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
export function houseSavingsChart(
  rows: readonly HouseSavingRow[],
  opts: { currency?: string; days?: number } = {},
): ChartSpec {
  const unit = opts.currency ?? "currency units";
  const period = opts.days ? ` over ${opts.days} days` : "";
  const values: DataRow[] = rows.map((r) => ({ ...r }));
  return {
    ...baseSpec(
      `Saving per house against grid-only${period}`,
      values,
      `${unit}; negative: the house pays more than alone`,
    ),
    width: Math.max(300, Math.min(14 * rows.length, 900)),
    height: 240,
    mark: "bar",
    encoding: {
      x: { field: "house", type: "nominal", title: "house", sort: rows.map((r) => r.house) },
      y: { field: "saving", type: "quantitative", title: `saving (${unit}${period})` },
      color: { field: "kind", type: "nominal", title: "kind", scale: { domain: ["prosumer", "consumer"] } },
      tooltip: [
        { field: "house", type: "nominal" },
        { field: "kind", type: "nominal" },
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
    width: 720,
    height: 260,
    mark: "bar",
    encoding: {
      x: { field: "month", type: "ordinal", title: "month", axis: { labelAngle: 0 } },
      xOffset: { field: "tariff", type: "nominal", sort: tariffs },
      y: { field: "cost", type: "quantitative", title: `community cost (${unit} per month)` },
      color: { field: "tariff", type: "nominal", title: "tariff", scale: { domain: tariffs } },
      tooltip: [
        { field: "tariff", type: "nominal" },
        { field: "month", type: "ordinal" },
        { field: "cost", type: "quantitative", format: ",.2f", title: `cost (${unit})` },
      ],
    },
  };
}
