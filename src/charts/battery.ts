/**
 * Group battery levels `B[g,t]` (docs/model.md constraints 1–3) over the
 * horizon and over one day. Over many days an hourly line reads as a
 * barcode, so the horizon chart shows each day's range (the band from the
 * day's lowest to its highest level after an hour) and the level the day
 * ends with; `week` shows seven days hour by hour instead.
 */
import type { BatteryRow } from "../results/tables.js";
import { baseSpec, uniqueInOrder, type ChartSpec, type DataRow, type UnitSpec } from "./spec.js";

/** A group battery's allowed range, kWh (`b_lower`, `b_upper`). */
export interface BatteryBounds {
  group: string;
  lower: number;
  upper: number;
}

export interface BatteryHorizonOptions {
  /** show 7 days from this 1-based day hour by hour, instead of every day's range */
  week?: number;
}

const BOUND_COLOR = "#444";
const BOUNDS_NOTE = "dashed lines: the battery's bounds b_lower and b_upper (constraint 2)";

/** Dashed rules at each panel's `lower` and `upper`, labelled at the right end. */
function boundLayers(x: string): UnitSpec[] {
  const rule = (field: "lower" | "upper"): UnitSpec => ({
    mark: { type: "rule", strokeDash: [5, 3], color: BOUND_COLOR, strokeWidth: 1 },
    encoding: { y: { field, aggregate: "min", type: "quantitative" } },
  });
  const label = (field: "lower" | "upper", text: string, dy: number): UnitSpec => ({
    mark: { type: "text", align: "right", dy, fontSize: 10, color: BOUND_COLOR },
    encoding: {
      x: { field: x, aggregate: "max", type: "quantitative" },
      y: { field, aggregate: "min", type: "quantitative" },
      text: { value: text },
    },
  });
  return [rule("lower"), rule("upper"), label("upper", "b_upper", -5), label("lower", "b_lower", 11)];
}

/**
 * Each group's battery over the horizon, one panel per group. Default:
 * per day, the band between the lowest and highest level after any hour
 * and a line at the level after the day's last hour; with `week`, the level
 * after every hour of seven days. Units: kWh on y; days on x. Dashed rules:
 * `b_lower` and `b_upper` of the group (when `bounds` names it), labelled.
 * @example batteryHorizonChart(batteryRows(r), bounds)             // 122 days as daily bands
 * @example batteryHorizonChart(batteryRows(r), bounds, { week: 50 }) // days 50–56, hour by hour
 */
export function batteryHorizonChart(
  rows: readonly BatteryRow[],
  bounds: readonly BatteryBounds[] = [],
  options: BatteryHorizonOptions = {},
): ChartSpec {
  const T = rows.reduce((m, r) => Math.max(m, r.hour + 1), 1);
  const boundOf = new Map(bounds.map((b) => [b.group, b]));
  const groups = uniqueInOrder(rows.map((r) => r.group));
  const withBounds = groups.some((g) => boundOf.has(g));
  const color = { field: "group", type: "nominal" as const, title: "group", scale: { domain: groups }, legend: null };
  const b = (g: string) => ({ lower: boundOf.get(g)?.lower ?? null, upper: boundOf.get(g)?.upper ?? null });
  const note = withBounds ? `; ${BOUNDS_NOTE}` : "";
  if (options.week !== undefined) {
    const first = options.week,
      last = first + 6;
    const week = rows.filter((r) => r.day >= first && r.day <= last);
    if (week.length === 0) throw new RangeError(`no battery rows for days ${first}–${last}`);
    const values: DataRow[] = week.map((r) => ({
      group: r.group,
      day: r.day,
      hour: r.hour,
      time: r.day + (r.hour + 1) / T,
      level: r.level,
      ...b(r.group),
    }));
    return {
      ...baseSpec(
        {
          text: `Battery level per group, days ${first}–${Math.min(last, Math.max(...week.map((r) => r.day)))}, hour by hour`,
          subtitle: `level after each hour, kWh${note}`,
        },
        values,
        "B[g,t], kWh, after each hour",
      ),
      facet: {
        row: {
          field: "group",
          type: "nominal",
          title: null,
          sort: groups,
          header: { labelAngle: 0, labelAlign: "left" },
        },
      },
      spec: {
        width: 680,
        height: 110,
        layer: [
          {
            mark: { type: "line", strokeWidth: 1.4 },
            encoding: {
              x: {
                field: "time",
                type: "quantitative",
                title: "day",
                axis: { tickMinStep: 1, format: "d" },
                scale: { nice: false, zero: false },
              },
              y: { field: "level", type: "quantitative", title: "level (kWh)" },
              color,
            },
          },
          ...(withBounds ? boundLayers("time") : []),
        ],
      },
    };
  }
  const days = new Map<
    string,
    { group: string; day: number; min: number; max: number; end: number; endHour: number }
  >();
  for (const r of rows) {
    const k = `${r.group}\u0000${r.day}`;
    const d = days.get(k);
    if (!d) days.set(k, { group: r.group, day: r.day, min: r.level, max: r.level, end: r.level, endHour: r.hour });
    else {
      d.min = Math.min(d.min, r.level);
      d.max = Math.max(d.max, r.level);
      if (r.hour >= d.endHour) {
        d.end = r.level;
        d.endHour = r.hour;
      }
    }
  }
  const values: DataRow[] = [...days.values()].map((d) => ({
    group: d.group,
    day: d.day,
    min: d.min,
    max: d.max,
    end: d.end,
    ...b(d.group),
  }));
  const x = {
    field: "day",
    type: "quantitative" as const,
    title: "day",
    axis: { tickMinStep: 1, format: "d" },
    scale: { nice: false, zero: false },
  };
  return {
    ...baseSpec(
      {
        text: "Battery level per group over the horizon",
        subtitle: `band: the lowest to the highest level after an hour, day by day, kWh${note}`,
      },
      values,
      "B[g,t], kWh: daily range",
    ),
    facet: {
      row: {
        field: "group",
        type: "nominal",
        title: null,
        sort: groups,
        header: { labelAngle: 0, labelAlign: "left" },
      },
    },
    spec: {
      width: 680,
      height: 110,
      layer: [
        {
          mark: { type: "area", opacity: 0.3 },
          encoding: {
            x,
            y: { field: "min", type: "quantitative", title: "level (kWh)" },
            y2: { field: "max" },
            color,
            tooltip: [
              { field: "day", type: "quantitative" },
              { field: "min", type: "quantitative", format: ".2f", title: "lowest (kWh)" },
              { field: "max", type: "quantitative", format: ".2f", title: "highest (kWh)" },
              { field: "end", type: "quantitative", format: ".2f", title: "end of day (kWh)" },
            ],
          },
        },
        ...(withBounds ? boundLayers("day") : []),
      ],
    },
  };
}

/**
 * Each group's battery level after each hour of one day (points carry the
 * hour's group charge and discharge in the tooltip). Units: kWh on y; hour
 * of the day (0-based) on x. Dashed rules: `b_lower`, `b_upper` per group,
 * in the group's colour.
 * @param day - 1-based
 * @example batteryDayChart(batteryRows(r), 1, bounds)
 */
export function batteryDayChart(
  rows: readonly BatteryRow[],
  day: number,
  bounds: readonly BatteryBounds[] = [],
): ChartSpec {
  const today = rows.filter((r) => r.day === day);
  if (today.length === 0) throw new RangeError(`no battery rows for day ${day}`);
  const groups = uniqueInOrder(today.map((r) => r.group));
  const values = today.map((r) => ({
    group: r.group,
    hour: r.hour,
    level: r.level,
    charge: r.charge,
    discharge: r.discharge,
  }));
  const color = { field: "group", type: "nominal" as const, title: "group", scale: { domain: groups } };
  const x = {
    field: "hour",
    type: "quantitative" as const,
    title: "hour of the day (level after the hour)",
    scale: { domain: [0, Math.max(...today.map((r) => r.hour))] },
  };
  const shown = bounds.filter((b) => groups.includes(b.group));
  // equal bounds in several groups would hide each other: draw them once, in grey, and say whose they are
  const same = shown.length > 1 && shown.every((b) => b.lower === shown[0].lower && b.upper === shown[0].upper);
  const boundRows: DataRow[] = (same ? [{ ...shown[0], group: shown.map((b) => b.group).join(", ") }] : shown).flatMap(
    (b) => [
      { group: b.group, bound: "b_lower", kwh: b.lower },
      { group: b.group, bound: "b_upper", kwh: b.upper },
    ],
  );
  const level: UnitSpec[] = [
    {
      mark: { type: "line", point: true },
      encoding: {
        x,
        y: { field: "level", type: "quantitative", title: "battery level (kWh)" },
        color,
        tooltip: [
          { field: "group", type: "nominal" },
          { field: "hour", type: "ordinal" },
          { field: "level", type: "quantitative", format: ".3f", title: "level (kWh)" },
          { field: "charge", type: "quantitative", format: ".3f", title: "charge (kWh)" },
          { field: "discharge", type: "quantitative", format: ".3f", title: "discharge (kWh)" },
        ],
      },
    },
  ];
  if (boundRows.length) {
    level.push({
      data: { values: boundRows },
      mark: { type: "rule", strokeDash: [5, 3], strokeWidth: 1 },
      encoding: {
        y: { field: "kwh", type: "quantitative" },
        ...(same ? { color: { value: BOUND_COLOR } } : { color }),
      },
    });
    level.push({
      data: { values: boundRows },
      mark: { type: "text", align: "left", x: 4, dy: -6, fontSize: 10 },
      encoding: {
        y: { field: "kwh", type: "quantitative" },
        text: { field: "label" },
        ...(same ? { color: { value: BOUND_COLOR } } : { color }),
      },
      transform: [{ calculate: same ? "datum.bound" : "datum.bound + ' ' + datum.group", as: "label" }],
    });
  }
  return {
    ...baseSpec(
      {
        text: `Battery level per group on day ${day}`,
        subtitle: `kWh after each hour${boundRows.length ? `; ${BOUNDS_NOTE}${same ? " (the same for every group)" : ""}` : ""}`,
      },
      values,
      "B[g,t], kWh",
    ),
    width: 640,
    height: 220,
    layer: level,
  };
}
