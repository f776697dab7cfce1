/**
 * A parameter sweep (analysis/sweep.ts) as a line chart: one KPI of one
 * scope (the community by default) against the first swept parameter, one
 * line per value of a second parameter.
 */
import type { SweepRow } from "../analysis/sweep.js";
import { baseSpec, uniqueInOrder, type ChartSpec, type DataRow } from "./spec.js";

/** What the y axis can show, with its axis title. */
export const SWEEP_METRICS = {
  saving: "saving against grid-only (currency units)",
  savingPct: "saving against grid-only (%)",
  costFull: "cost under full (currency units)",
  selfSufficiency: "self-sufficiency rate",
  selfConsumption: "self-consumption rate",
  gridImportKwh: "grid import (kWh)",
  batteryCycles: "equivalent full cycles",
} as const;
export type SweepMetric = keyof typeof SWEEP_METRICS;

/** "saving against grid-only (currency units)" → ["saving against grid-only", "(currency units)"] */
const axisLines = (title: string) => {
  const m = /^(.*) (\(.*\))$/.exec(title);
  return m ? [m[1], m[2]] : title;
};

/** One point of {@link sweepChart}. */
export interface SweepPoint extends DataRow {
  x: number;
  /** the second parameter's value as text, or "" */
  series: string;
  y: number | null;
  variant: number;
}

export interface SweepChartOptions {
  /** the parameter on the x axis (e.g. "battery.capacity") */
  x: string;
  /** a second parameter: one line per value */
  series?: string;
  /** default "saving" */
  metric?: SweepMetric;
  /** the house, group or "community" (default) */
  id?: string;
  /** x axis title (default: the parameter name) */
  xTitle?: string;
}

const valueOf = (r: SweepRow, m: SweepMetric): number | null => (m === "costFull" ? (r.cost.full ?? null) : r[m]);

/**
 * The points of {@link sweepChart}: one per variant, for the row `id`.
 * @example sweepPoints(result.rows, { x: "battery.capacity" })
 */
export function sweepPoints(rows: readonly SweepRow[], options: SweepChartOptions): SweepPoint[] {
  const id = options.id ?? "community",
    metric = options.metric ?? "saving";
  return rows
    .filter((r) => r.id === id)
    .map((r) => ({
      x: r.params[options.x],
      series: options.series ? String(r.params[options.series]) : "",
      y: valueOf(r, metric),
      variant: r.variant,
    }));
}

/**
 * A KPI against a swept parameter (e.g. the community's saving against
 * grid-only vs battery capacity in kWh), lines with points.
 * @example await renderSvg(sweepChart(result.rows, { x: "battery.capacity", xTitle: "battery capacity per group (kWh)" }))
 */
export function sweepChart(rows: readonly SweepRow[], options: SweepChartOptions): ChartSpec {
  const metric = options.metric ?? "saving";
  const values = sweepPoints(rows, options);
  const what = SWEEP_METRICS[metric].replace(/ \(.*\)$/, "");
  const title = `${options.id ?? "Community"}: ${what} vs ${(options.xTitle ?? options.x).replace(/ \(.*\)$/, "")}`;
  return {
    ...baseSpec(title, values, SWEEP_METRICS[metric]),
    width: 520,
    height: 280,
    mark: { type: "line", point: { size: 40 } },
    encoding: {
      // padding keeps the first and last points inside the plot
      x: {
        field: "x",
        type: "quantitative",
        title: options.xTitle ?? options.x,
        scale: { zero: false, nice: false, padding: 12 },
      },
      // the unit on a line of its own: Vega in Node over-estimates text width, and a long rotated title pads the plot
      y: { field: "y", type: "quantitative", title: axisLines(SWEEP_METRICS[metric]) },
      ...(options.series
        ? {
            color: {
              field: "series",
              type: "ordinal" as const,
              title: options.series,
              sort: uniqueInOrder(values.map((v) => v.series)),
            },
          }
        : {}),
      tooltip: [
        { field: "x", type: "quantitative", title: options.x },
        ...(options.series ? [{ field: "series", type: "nominal" as const, title: options.series }] : []),
        { field: "y", type: "quantitative", title: SWEEP_METRICS[metric], format: ",.2f" },
      ],
    },
  };
}
