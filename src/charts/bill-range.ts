/**
 * Who pays what, and how much of it the tie-break decides: per house, the
 * range of its bill over the community's cheapest plans (analysis/bill-range.ts),
 * with the fair bill and the stand-alone cost marked on it.
 */
import type { BillRanges } from "../analysis/bill-range.js";
import { baseSpec, type ChartSpec, type DataRow, type UnitSpec } from "./spec.js";

/** What {@link billRangeChart} needs of a {@link BillRanges}. */
export type BillRangeChartInput = Pick<BillRanges, "totals" | "days" | "allocation">;

const RANGE = "range over the cheapest plans";
const COLORS = { range: "#a8c5e2", fair: "#1d3557", standalone: "#e76f51" };

/** An amount for a label: no decimals from 100, one from 1, else two. */
function amount(v: number): string {
  const digits = Math.abs(v) >= 100 ? 0 : Math.abs(v) >= 1 ? 1 : 2;
  return v.toLocaleString("en-US", { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

/**
 * The days analysed, in words: "day 3", "days 1–7" or "days 3, 50, 100".
 * @example daysLabel([1, 2, 3]) // => "days 1–3"
 */
export function daysLabel(days: readonly number[]): string {
  if (days.length === 1) return `day ${days[0]}`;
  const consecutive = days.every((d, i) => i === 0 || d === days[i - 1] + 1);
  if (consecutive) return `days ${days[0]}–${days[days.length - 1]}`;
  return days.length <= 6 ? `days ${days.join(", ")}` : `${days.length} days (${days.slice(0, 4).join(", ")}, …)`;
}

/**
 * Per house (one row each, network order), a bar from the lowest to the
 * highest bill the house has among the plans of optimal community cost,
 * summed over the days analysed (its width is in the house's label); a diamond at the
 * bill the run reported (stage 3's fair bill, or the solver's pick when the
 * run's allocation is "solver") and a circle at the house's stand-alone cost
 * (its own PV and the grid only). Units: currency units over the days
 * analysed (negative: the house earned more than it paid).
 * @example await session.show("bill-ranges", billRangeChart(await billRanges(result, { days: 7 })))
 */
export function billRangeChart(ranges: BillRangeChartInput): ChartSpec {
  const fair = ranges.allocation === "fair" ? "fair bill (tie-break stage 3)" : "reported bill (the solver's pick)";
  const standalone = "stand-alone cost (own PV and grid only)";
  const label = (t: BillRangeChartInput["totals"][number]) => `${t.house}  (range ${amount(t.maxBill - t.minBill)})`;
  const houses = ranges.totals.map(label);
  const values = ranges.totals.flatMap((t): DataRow[] => [
    {
      house: t.house,
      label: label(t),
      group: t.group,
      what: RANGE,
      min: t.minBill,
      max: t.maxBill,
      width: t.maxBill - t.minBill,
    },
    { house: t.house, label: label(t), group: t.group, what: fair, value: t.fairBill },
    { house: t.house, label: label(t), group: t.group, what: standalone, value: t.standaloneCost },
  ]);
  const span = daysLabel(ranges.days);
  const xTitle = `bill, ${span} (currency units)`;
  const y = { field: "label", type: "nominal" as const, title: null, sort: houses, axis: { labelLimit: 300 } };
  const color = {
    field: "what",
    type: "nominal" as const,
    title: null,
    scale: { domain: [RANGE, fair, standalone], range: [COLORS.range, COLORS.fair, COLORS.standalone] },
    legend: { orient: "bottom", direction: "vertical", labelLimit: 400 },
  };
  const shape = {
    field: "what",
    type: "nominal" as const,
    title: null,
    scale: { domain: [RANGE, fair, standalone], range: ["square", "diamond", "circle"] },
  };
  const money = (field: string, title: string) => ({
    field,
    type: "quantitative" as const,
    format: ",.2f",
    title: `${title} (currency units)`,
  });
  const layers: UnitSpec[] = [
    { mark: { type: "rule", color: "#888", strokeDash: [3, 3] }, encoding: { x: { datum: 0, type: "quantitative" } } },
    {
      transform: [{ filter: { field: "what", equal: RANGE } }],
      mark: { type: "bar", height: 14, cornerRadius: 2 },
      encoding: {
        y,
        x: { field: "min", type: "quantitative", title: xTitle, scale: { zero: false, nice: false, padding: 14 } },
        x2: { field: "max" },
        color,
        tooltip: [
          { field: "house", type: "nominal" },
          { field: "group", type: "nominal" },
          money("min", "lowest bill"),
          money("max", "highest bill"),
          money("width", "range"),
        ],
      },
    },
    {
      transform: [{ filter: { field: "what", oneOf: [fair, standalone] } }],
      mark: { type: "point", filled: true, size: 90, opacity: 1, stroke: "white", strokeWidth: 0.8 },
      encoding: {
        y,
        x: { field: "value", type: "quantitative" },
        color,
        shape: shape,
        tooltip: [
          { field: "house", type: "nominal" },
          { field: "what", type: "nominal", title: "mark" },
          money("value", "bill"),
        ],
      },
    },
  ];
  return {
    ...baseSpec(
      {
        text: `Each house's bill over the community's cheapest plans, ${span}`,
        subtitle:
          `bar: the lowest to the highest bill the house has among the plans of optimal community cost (each day's range, summed); ` +
          `diamond: the ${ranges.allocation === "fair" ? "fair bill the model reports" : "bill the solver picked"}; circle: what the house would pay alone; below 0 the house earns`,
      },
      values,
      "currency units over the days analysed; negative = the house earned more than it paid",
    ),
    width: 560,
    height: Math.max(120, 26 * houses.length),
    layer: layers,
  };
}
