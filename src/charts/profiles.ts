/**
 * Demand and PV per house over a run of days (docs/model.md "Synthetic data").
 * The points come from `demandPvPoints` (profile-points.ts).
 */
import type { ProfilePoint } from "../profiles/points.js";
import { baseSpec, uniqueInOrder, type ChartSpec } from "./spec.js";

/**
 * Demand and PV of each house, one small panel per house. Units: kWh per
 * hour step on y; days on x.
 * @example demandPvChart(demandPvPoints(profiles, { firstDay: 1, days: 7 }))
 */
export function demandPvChart(points: readonly ProfilePoint[]): ChartSpec {
  if (points.length === 0) throw new RangeError("demandPvChart: no points");
  const first = points.reduce((m, v) => Math.min(m, v.day), Infinity);
  const last = points.reduce((m, v) => Math.max(m, v.day), first);
  const houses = uniqueInOrder(points.map((v) => v.house));
  return {
    ...baseSpec(
      `Demand and PV per house, days ${first}–${last}`,
      points.map((v) => ({ ...v })),
      "kWh per hour step; consumers have no PV",
    ),
    facet: { row: { field: "house", type: "nominal", title: null, sort: houses } },
    spec: {
      width: 640,
      height: 70,
      mark: { type: "line", strokeWidth: 1.2, interpolate: "step-after" },
      encoding: {
        x: {
          field: "time",
          type: "quantitative",
          title: "day",
          scale: { domain: [first, last + 1], nice: false },
          axis: { tickMinStep: 1, format: "d" },
        },
        y: { field: "kwh", type: "quantitative", title: "kWh/h" },
        color: {
          field: "series",
          type: "nominal",
          title: null,
          scale: { domain: ["demand", "PV"], range: ["#1f77b4", "#ff9f1c"] },
        },
        tooltip: [
          { field: "house", type: "nominal" },
          { field: "series", type: "nominal" },
          { field: "day", type: "ordinal" },
          { field: "hour", type: "ordinal" },
          { field: "kwh", type: "quantitative", format: ".3f", title: "kWh" },
        ],
      },
    },
    resolve: { scale: { y: "shared" } },
  };
}
