/**
 * Costs (MODEL.md "Costs and objective") per day and per group, and a
 * generic side-by-side comparison of runs.
 */
import type { CostTotals, DayCostRow } from "../results.js";
import { baseSpec, uniqueInOrder, type ChartSpec, type DataRow } from "./spec.js";

/**
 * Each group's cost per day, one line per group. Units: currency units per
 * day on y (negative: the group earned more than it paid).
 * @param groups - the group ids (`g1`, `g2`, …): the columns of `rows` to draw
 */
export function dailyCostChart(rows: readonly DayCostRow[], groups: readonly string[]): ChartSpec {
  const values = rows.flatMap((r) => groups.map((g) => ({ day: r.day, group: g, cost: r[g] })));
  return {
    ...baseSpec("Daily cost per group", values, "currency units per day"),
    width: 720, height: 220,
    mark: { type: "line", strokeWidth: 1.2, point: { size: 12 } },
    encoding: {
      x: { field: "day", type: "quantitative", title: "day", axis: { tickMinStep: 1, format: "d" }, scale: { nice: false, zero: false } },
      y: { field: "cost", type: "quantitative", title: "cost per day" },
      color: { field: "group", type: "nominal", title: "group", scale: { domain: [...groups] } },
      tooltip: [{ field: "day", type: "ordinal" }, { field: "group", type: "nominal" }, { field: "cost", type: "quantitative", format: ",.2f" }],
    },
  };
}

/** One bar of {@link comparisonChart}: one run's value for one category. */
export interface ComparisonRow extends DataRow {
  /** what is compared, e.g. a group id or "overall" */
  category: string;
  /** which run, e.g. "demo" or "battery 10.5 kWh" */
  run: string;
  value: number;
}

export interface ComparisonOptions {
  title?: string;
  /** y axis title, with units */
  valueTitle?: string;
  categoryTitle?: string;
}

/** Bars side by side: one group of bars per category, one bar per run. */
export function comparisonChart(rows: readonly ComparisonRow[], options: ComparisonOptions = {}): ChartSpec {
  const categories = uniqueInOrder(rows.map((r) => r.category));
  const runs = uniqueInOrder(rows.map((r) => r.run));
  return {
    ...baseSpec(options.title ?? "Comparison", rows.map((r) => ({ ...r }))),
    width: Math.max(240, 90 * categories.length), height: 240,
    mark: { type: "bar" },
    encoding: {
      x: { field: "category", type: "nominal", title: options.categoryTitle ?? null, sort: categories, axis: { labelAngle: 0 } },
      xOffset: { field: "run", type: "nominal", sort: runs },
      y: { field: "value", type: "quantitative", title: options.valueTitle ?? "value" },
      color: { field: "run", type: "nominal", title: "run", scale: { domain: runs } },
      tooltip: [{ field: "category", type: "nominal" }, { field: "run", type: "nominal" }, { field: "value", type: "quantitative", format: ",.2f" }],
    },
  };
}

/**
 * Rows for {@link comparisonChart} from cost totals: each group, then
 * "overall", for every run. Units: currency units over the days solved.
 */
export function costComparisonRows(runs: readonly { label: string; totals: CostTotals }[]): ComparisonRow[] {
  return runs.flatMap(({ label, totals }) => [
    ...Object.entries(totals.byGroup).map(([g, v]) => ({ category: g, run: label, value: v })),
    { category: "overall", run: label, value: totals.overall },
  ]);
}
