/**
 * Costs (docs/model.md "Costs and objective") per day and per group, and a
 * generic side-by-side comparison of runs.
 */
import type { CostTotals, DayCostRow } from "../results/tables.js";
import { baseSpec, uniqueInOrder, type ChartSpec, type DataRow } from "./spec.js";

/**
 * Each group's cost per day, one line per group; with `standalone` (the
 * same rows of stand-alone costs, `costsByDay(r, "standaloneCost")`) a
 * dashed line per group shows what its houses would pay alone, the grid-only
 * reference. Units: currency units per day on y (negative: the group earned
 * more than it paid).
 * @example dailyCostChart(costsByDay(r), r.network.groups.map((g) => g.id), { standalone: costsByDay(r, "standaloneCost") })
 * @param groups - the group ids (`g1`, `g2`, …): the columns of `rows` to draw
 */
export function dailyCostChart(
  rows: readonly DayCostRow[],
  groups: readonly string[],
  opts: { standalone?: readonly DayCostRow[] } = {},
): ChartSpec {
  const line = (rs: readonly DayCostRow[], run: string) =>
    rs.flatMap((r) => groups.map((g) => ({ day: r.day, group: g, ...(opts.standalone ? { run } : {}), cost: r[g] })));
  const RUN = "with trading",
    ALONE = "each house alone (grid only)";
  const values = [...line(rows, RUN), ...(opts.standalone ? line(opts.standalone, ALONE) : [])];
  return {
    ...baseSpec("Daily cost per group", values, "currency units per day"),
    width: 720,
    height: 220,
    mark: { type: "line", strokeWidth: 1.2 },
    encoding: {
      x: {
        field: "day",
        type: "quantitative",
        title: "day",
        axis: { tickMinStep: 1, format: "d" },
        scale: { nice: false, zero: false },
      },
      y: { field: "cost", type: "quantitative", title: "cost per day" },
      color: { field: "group", type: "nominal", title: "group", scale: { domain: [...groups] } },
      ...(opts.standalone
        ? {
            strokeDash: {
              field: "run",
              type: "nominal" as const,
              title: "cost",
              scale: {
                domain: [RUN, ALONE],
                range: [
                  [1, 0],
                  [4, 3],
                ],
              },
              legend: { labelLimit: 300 },
            },
          }
        : {}),
      tooltip: [
        { field: "day", type: "ordinal" },
        { field: "group", type: "nominal" },
        { field: "run", type: "nominal", title: "cost" },
        { field: "cost", type: "quantitative", format: ",.2f" },
      ],
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
      color: {
        field: "run",
        type: "nominal" as const,
        title: options.runTitle ?? "run",
        scale: { domain: runs },
        legend: { labelLimit: 400, orient: "bottom", direction: "vertical" },
      },
      tooltip: [
        { field: "category", type: "nominal" as const },
        { field: "run", type: "nominal" as const },
        { field: "value", type: "quantitative" as const, format: ",.2f" },
      ],
    },
  });
  const base = baseSpec(
    options.subtitle
      ? { text: options.title ?? "Comparison", subtitle: options.subtitle }
      : (options.title ?? "Comparison"),
    rows.map((r) => ({ ...r })),
  );
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

/** One bar of {@link changeChart}: what changed between two runs for one category, currency units. */
export interface ChangeRow extends DataRow {
  category: string;
  base: number;
  variant: number;
}

/**
 * The change between two runs per category (each group, then "overall"):
 * `variant − base` in currency units as bars from 0 (below 0: the variant is
 * cheaper), each labelled with the change in % of the base's magnitude, so
 * a change of a few % is as visible as its sign.
 * @example changeChart(costChangeRows(costTotals(a), costTotals(b)), { title: "Cost: bigger battery vs as given" })
 */
export function changeChart(
  rows: readonly ChangeRow[],
  options: { title?: string; subtitle?: string; valueTitle?: string } = {},
): ChartSpec {
  const values: DataRow[] = rows.map((r) => {
    const change = r.variant - r.base;
    const pct = Math.abs(r.base) >= 1e-9 ? (100 * change) / Math.abs(r.base) : null;
    return {
      ...r,
      change,
      pct,
      label: pct === null ? "" : `${pct > 0 ? "+" : ""}${pct.toFixed(1)} %`,
      side: change <= 0 ? "cheaper" : "dearer",
    };
  });
  const title = options.title ?? "Change in cost";
  return {
    ...baseSpec(options.subtitle ? { text: title, subtitle: options.subtitle } : title, values),
    width: Math.max(160, 70 * rows.length),
    height: 280,
    layer: [
      {
        mark: { type: "bar" },
        encoding: {
          x: {
            field: "category",
            type: "nominal",
            title: null,
            sort: rows.map((r) => r.category),
            axis: { labelAngle: 0 },
          },
          y: { field: "change", type: "quantitative", title: options.valueTitle ?? "change (currency units)" },
          color: {
            field: "side",
            type: "nominal",
            title: null,
            scale: { domain: ["cheaper", "dearer"], range: ["#4c9a62", "#c4553f"] },
          },
          tooltip: [
            { field: "category", type: "nominal" },
            { field: "base", type: "quantitative", format: ",.2f" },
            { field: "variant", type: "quantitative", format: ",.2f" },
            { field: "change", type: "quantitative", format: ",.2f" },
            { field: "pct", type: "quantitative", format: "+.1f", title: "change (%)" },
          ],
        },
      },
      {
        mark: { type: "text", dy: -8, fontSize: 11 },
        encoding: {
          x: { field: "category", type: "nominal", sort: rows.map((r) => r.category) },
          y: { field: "change", type: "quantitative" },
          text: { field: "label", type: "nominal" },
        },
      },
      { mark: { type: "rule", color: "#555" }, encoding: { y: { datum: 0, type: "quantitative" } } },
    ],
  };
}

/**
 * Rows for {@link changeChart} from two runs' cost totals: each group both
 * runs have, then "overall". Currency units.
 * @example costChangeRows({ overall: 10, byGroup: { g1: 10 }, byHouse: {} }, { overall: 9, byGroup: { g1: 9 }, byHouse: {} }).map((r) => r.category) // => ["g1", "overall"]
 */
export function costChangeRows(base: CostTotals, variant: CostTotals): ChangeRow[] {
  const groups = Object.keys(base.byGroup).filter((g) => g in variant.byGroup);
  return [
    ...groups.map((g) => ({ category: g, base: base.byGroup[g], variant: variant.byGroup[g] })),
    { category: "overall", base: base.overall, variant: variant.overall },
  ];
}
