/**
 * Group battery levels `B[g,t]` (MODEL.md constraints 1–3) over the
 * horizon and over one day.
 */
import type { BatteryRow } from "../results.js";
import { baseSpec, uniqueInOrder, type ChartSpec, type DataRow, type UnitSpec } from "./spec.js";

/** A group battery's allowed range, kWh (`b_lower`, `b_upper`). */
export interface BatteryBounds {
  group: string;
  lower: number;
  upper: number;
}

function boundsLayer(bounds: readonly BatteryBounds[]): UnitSpec {
  const values: DataRow[] = bounds.flatMap((b) => [
    { group: b.group, bound: "lower", kwh: b.lower },
    { group: b.group, bound: "upper", kwh: b.upper },
  ]);
  return {
    data: { values },
    mark: { type: "rule", strokeDash: [4, 3], opacity: 0.6 },
    encoding: { y: { field: "kwh", type: "quantitative" }, color: { field: "group", type: "nominal" } },
  };
}

/**
 * Each group's battery level after every hour of the horizon, one panel
 * per group. Units: kWh on y; days on x (day d spans [d, d+1)). Dashed
 * rules: `b_lower`, `b_upper` of the group (when `bounds` names it).
 */
export function batteryHorizonChart(rows: readonly BatteryRow[], bounds: readonly BatteryBounds[] = []): ChartSpec {
  const T = rows.reduce((m, r) => Math.max(m, r.hour + 1), 1);
  const boundOf = new Map(bounds.map((b) => [b.group, b]));
  const values: DataRow[] = rows.map((r) => ({
    group: r.group, day: r.day, hour: r.hour, time: r.day + (r.hour + 1) / T, level: r.level,
    lower: boundOf.get(r.group)?.lower ?? null, upper: boundOf.get(r.group)?.upper ?? null,
  }));
  const groups = uniqueInOrder(rows.map((r) => r.group));
  const color = { field: "group", type: "nominal" as const, title: "group", scale: { domain: groups } };
  const rule = (field: "lower" | "upper", aggregate: "min" | "max"): UnitSpec => ({
    mark: { type: "rule", strokeDash: [4, 3], opacity: 0.7 },
    encoding: { y: { field, aggregate, type: "quantitative" }, color },
  });
  return {
    ...baseSpec("Battery level per group over the horizon", values, "B[g,t], kWh, after each hour"),
    facet: { row: { field: "group", type: "nominal", title: null, sort: groups } },
    spec: {
      width: 720, height: 110,
      layer: [
        {
          mark: { type: "line", strokeWidth: 0.7 },
          encoding: {
            x: { field: "time", type: "quantitative", title: "day", axis: { tickMinStep: 1, format: "d" }, scale: { nice: false, zero: false } },
            y: { field: "level", type: "quantitative", title: "kWh" },
            color,
          },
        },
        ...(bounds.length ? [rule("lower", "min"), rule("upper", "max")] : []),
      ],
    },
  };
}

/**
 * Each group's battery level after each hour of one day (points carry the
 * hour's group charge and discharge in the tooltip). Units: kWh on y; hour
 * of the day (0-based) on x. Dashed rules: `b_lower`, `b_upper`.
 * @param day - 1-based
 */
export function batteryDayChart(rows: readonly BatteryRow[], day: number, bounds: readonly BatteryBounds[] = []): ChartSpec {
  const today = rows.filter((r) => r.day === day);
  if (today.length === 0) throw new RangeError(`no battery rows for day ${day}`);
  const groups = uniqueInOrder(today.map((r) => r.group));
  const values = today.map((r) => ({ group: r.group, hour: r.hour, level: r.level, charge: r.charge, discharge: r.discharge }));
  const color = { field: "group", type: "nominal" as const, title: "group", scale: { domain: groups } };
  const x = { field: "hour", type: "quantitative" as const, title: "hour of the day (level after the hour)", scale: { domain: [0, Math.max(...today.map((r) => r.hour))] } };
  const level: UnitSpec = {
    layer: [
      { mark: { type: "line", point: true }, encoding: { x, y: { field: "level", type: "quantitative", title: "battery level (kWh)" }, color,
        tooltip: [{ field: "group", type: "nominal" }, { field: "hour", type: "ordinal" }, { field: "level", type: "quantitative", format: ".3f" },
          { field: "charge", type: "quantitative", format: ".3f" }, { field: "discharge", type: "quantitative", format: ".3f" }] } },
      ...(bounds.length ? [boundsLayer(bounds)] : []),
    ],
  };
  return {
    ...baseSpec(`Battery level per group on day ${day}`, values, "B[g,t], kWh"),
    width: 640, height: 220, ...level,
  };
}
