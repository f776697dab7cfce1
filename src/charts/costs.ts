/**
 * Costs (docs/model.md "Costs and objective") per day and per group, and a
 * generic side-by-side comparison of runs.
 */
import type { CostTotals, DayCostRow } from "../results/tables.js";
import { baseSpec, uniqueInOrder, type ChartSpec, type DataRow } from "./spec.js";

/**
 * Each group's cost per day, one line per group. Units: currency units per
 * day on y (negative: the group earned more than it paid).
 * @example dailyCostChart(costsByDay(r), r.network.groups.map((g) => g.id))
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
  /** a line under the title, e.g. what changed between the runs */
  subtitle?: string;
  /** y axis title, with units */
  valueTitle?: string;
  categoryTitle?: string;
  /** legend title (default "run") */
  runTitle?: string;
  /** categories drawn in a panel of their own, with their own scale (default ["overall"]) */
  apart?: readonly string[];
}

/**
 * Bars side by side: one group of bars per category, one bar per run. The
 * `apart` categories (the overall total by default) get a panel of their
 * own with their own y scale, so the parts stay readable next to the
 * whole. A run without a value for a category has no bar there.
 * @example comparisonChart(costComparisonRows([{ label: "now", totals }, { label: "bigger battery", totals: t2 }]), { valueTitle: "cost (currency units)" })
 */
export function comparisonChart(rows: readonly ComparisonRow[], options: ComparisonOptions = {}): ChartSpec {
  const categories = uniqueInOrder(rows.map((r) => r.category));
  const runs = uniqueInOrder(rows.map((r) => r.run));
  const apart = (options.apart ?? ["overall"]).filter((c) => categories.includes(c));
  const parts = categories.filter((c) => !apart.includes(c));
  const panel = (cats: readonly string[], title: string | null) => ({
    width: Math.max(90, 26 * runs.length * cats.length + 30 * cats.length),
    height: 240,
    transform: [{ filter: { field: "category", oneOf: [...cats] } }],
    mark: { type: "bar" as const },
    encoding: {
      x: { field: "category", type: "nominal" as const, title, sort: [...cats], axis: { labelAngle: 0 } },
      xOffset: { field: "run", type: "nominal" as const, sort: runs },
      y: { field: "value", type: "quantitative" as const, title: options.valueTitle ?? "value" },
      color: { field: "run", type: "nominal" as const, title: options.runTitle ?? "run", scale: { domain: runs }, legend: { labelLimit: 400, orient: "bottom", direction: "vertical" } },
      tooltip: [{ field: "category", type: "nominal" as const }, { field: "run", type: "nominal" as const }, { field: "value", type: "quantitative" as const, format: ",.2f" }],
    },
  });
  const base = baseSpec(options.subtitle ? { text: options.title ?? "Comparison", subtitle: options.subtitle } : (options.title ?? "Comparison"), rows.map((r) => ({ ...r })));
  if (parts.length === 0 || apart.length === 0) return { ...base, ...panel(categories, options.categoryTitle ?? null) };
  return {
    ...base,
    hconcat: [panel(parts, options.categoryTitle ?? null), panel(apart, null)],
    resolve: { scale: { y: "independent" } },
  };
}

/**
 * Rows for {@link comparisonChart} from cost totals: each group, then
 * "overall", for every run. Units: currency units over the days solved.
 * @example costComparisonRows([{ label: "demo", totals: costTotals(r) }])
 */
export function costComparisonRows(runs: readonly { label: string; totals: CostTotals }[]): ComparisonRow[] {
  return runs.flatMap(({ label, totals }) => [
    ...Object.entries(totals.byGroup).map(([g, v]) => ({ category: g, run: label, value: v })),
    { category: "overall", run: label, value: totals.overall },
  ]);
}
