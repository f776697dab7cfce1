/**
 * Demand and PV per house over a run of days (MODEL.md "Synthetic data").
 */
import type { Profiles } from "../profiles.js";
import { baseSpec, type ChartSpec, type DataRow } from "./spec.js";

export interface WeekOptions {
  /** first day shown, 1-based (default 1) */
  firstDay?: number;
  /** number of days shown (default 7, fewer if the profiles end sooner) */
  days?: number;
}

/** One point of {@link demandPvChart}: kWh in the hour starting at `time`. */
export interface ProfilePoint extends DataRow {
  house: string;
  series: "demand" | "PV";
  day: number;
  hour: number;
  /** day + hour / hours: day 1 spans [1, 2) */
  time: number;
  kwh: number;
}

/**
 * The points of {@link demandPvChart}: demand of every house, and PV of
 * every house that has PV in the window (consumers have none).
 */
export function demandPvPoints(p: Profiles, options: WeekOptions = {}): ProfilePoint[] {
  const first = options.firstDay ?? 1;
  const last = Math.min(p.days, first + (options.days ?? 7) - 1);
  if (!Number.isInteger(first) || first < 1 || first > p.days) throw new RangeError(`firstDay must be 1..${p.days}, got ${first}`);
  const T = p.hours, N = p.houses.length;
  const out: ProfilePoint[] = [];
  p.houses.forEach((house, h) => {
    let hasPv = false;
    for (let d = first - 1; d < last && !hasPv; d++)
      for (let t = 0; t < T; t++) if (p.solar[(d * N + h) * T + t] > 0) { hasPv = true; break; }
    for (const series of hasPv ? (["demand", "PV"] as const) : (["demand"] as const))
      for (let d = first - 1; d < last; d++)
        for (let t = 0; t < T; t++) {
          const i = (d * N + h) * T + t;
          out.push({ house, series, day: d + 1, hour: t, time: d + 1 + t / T, kwh: series === "demand" ? p.demand[i] : p.solar[i] });
        }
  });
  return out;
}

/**
 * Demand and PV of each house, one small panel per house, over (by
 * default) the first week. Units: kWh per hour step on y; days on x.
 */
export function demandPvChart(p: Profiles, options: WeekOptions = {}): ChartSpec {
  const values = demandPvPoints(p, options);
  const first = options.firstDay ?? 1;
  const last = values.reduce((m, v) => Math.max(m, v.day), first);
  return {
    ...baseSpec(`Demand and PV per house, days ${first}–${last}`, values, "kWh per hour step; consumers have no PV"),
    facet: { row: { field: "house", type: "nominal", title: null, sort: p.houses } },
    spec: {
      width: 640, height: 70,
      mark: { type: "line", strokeWidth: 1.2, interpolate: "step-after" },
      encoding: {
        x: { field: "time", type: "quantitative", title: "day", scale: { domain: [first, last + 1], nice: false }, axis: { tickMinStep: 1, format: "d" } },
        y: { field: "kwh", type: "quantitative", title: "kWh/h" },
        color: { field: "series", type: "nominal", title: null, scale: { domain: ["demand", "PV"], range: ["#1f77b4", "#ff9f1c"] } },
        tooltip: [
          { field: "house", type: "nominal" }, { field: "series", type: "nominal" }, { field: "day", type: "ordinal" },
          { field: "hour", type: "ordinal" }, { field: "kwh", type: "quantitative", format: ".3f" },
        ],
      },
    },
    resolve: { scale: { y: "shared" } },
  };
}
