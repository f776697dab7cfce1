/**
 * What `full` saves each house against the baselines (analysis/savings.ts):
 * one panel per baseline, each with its own scale, so a baseline whose
 * savings are small next to another's still shows its bars; each bar is
 * labelled with its value.
 */
import type { Reference, SavingsRow } from "../analysis/savings.js";
import { baseSpec, uniqueInOrder, type ChartSpec, type DataRow } from "./spec.js";

/** One bar: a house's saving under `full` against one baseline, currency units. */
export interface SavingBar extends DataRow {
  /** the house id, with " (pays more)" when it pays more under `full` than under `grid-only` */
  house: string;
  group: string;
  /** the baseline compared with */
  against: Reference;
  /** cost under the baseline − cost under `full` (negative: the house pays more under `full`) */
  saving: number;
  /** the house pays more under `full` than under `grid-only` */
  paysMore: boolean;
  /** the value written on the bar ({@link savingLabel}) */
  label: string;
}

/**
 * A bar's value as written on it, currency units: whole numbers from 9.5 up (thousands separated), two
 * significant digits below (a saving of −0.3 reads "−0.3", not "0"), "0" under 0.005; minus as "−".
 * @example savingLabel(-0.3) // => "−0.3"
 * @example savingLabel(1234.4) // => "1,234"
 * @example savingLabel(0.004) // => "0"
 */
export function savingLabel(v: number): string {
  const a = Math.abs(v);
  if (!(a >= 0.005)) return "0";
  const text = a >= 9.5 ? Math.round(a).toLocaleString("en-US") : String(Number(a.toPrecision(2)));
  return v < 0 ? `\u2212${text}` : text;
}

/**
 * The bars of {@link savingsPerHouseChart}: every house row of the savings
 * table × every baseline in `against`.
 * @example savingBars(savingsTable(runs), ["grid-only"]).map(b => b.saving)
 */
export function savingBars(
  rows: readonly SavingsRow[],
  against: readonly Reference[] = ["grid-only", "battery-only", "intra-only"],
): SavingBar[] {
  return rows
    .filter((r) => r.level === "house")
    .flatMap((r) =>
      against.map((a) => ({
        house: r.paysMore ? `${r.id} (pays more)` : r.id,
        group: r.group,
        against: a,
        saving: r.saving[a],
        paysMore: r.paysMore,
        label: savingLabel(r.saving[a]),
      })),
    );
}

export interface SavingsChartOptions {
  /** baselines to compare with (default: all three) */
  against?: readonly Reference[];
  /** days solved, for the title */
  days?: number;
}

const AGAINST_COLORS: Record<Reference, string> = {
  "grid-only": "#8d99ae",
  "battery-only": "#2a9d8f",
  "intra-only": "#6a4c93",
};

/**
 * Savings per house, one panel per baseline (`full` against it), each with
 * its own y scale: currency units over the days solved; below the zero line
 * the house pays more under `full`. A house that pays more under `full`
 * than under `grid-only` is labelled "(pays more)".
 * @example await renderSvg(savingsPerHouseChart(report.savings, { days: 122 }))
 */
export function savingsPerHouseChart(rows: readonly SavingsRow[], options: SavingsChartOptions = {}): ChartSpec {
  const against = options.against ?? ["grid-only", "battery-only", "intra-only"];
  const values = savingBars(rows, against);
  const houses = uniqueInOrder(values.map((v) => v.house));
  const span = options.days ? ` over ${options.days} day${options.days === 1 ? "" : "s"}` : "";
  const x = { field: "house", type: "nominal" as const, title: null, sort: houses, axis: { labelAngle: -40 } };
  return {
    ...baseSpec(
      {
        text: `What full P2P saves each house${span}`,
        subtitle:
          "one panel per baseline, each with its own scale; currency units; below 0 the house pays more under full",
      },
      values,
      "currency units; negative = the house pays more under full",
    ),
    facet: {
      column: {
        field: "against",
        type: "nominal",
        title: "saving of full against",
        sort: [...against],
        header: { labelFontSize: 12, titleFontSize: 12 },
      },
    },
    spec: {
      width: Math.max(150, 34 * houses.length),
      height: 220,
      layer: [
        {
          mark: { type: "bar" },
          encoding: {
            x,
            y: { field: "saving", type: "quantitative", title: "saving (currency units)" },
            color: {
              field: "against",
              type: "nominal",
              legend: null,
              scale: { domain: [...against], range: against.map((a) => AGAINST_COLORS[a]) },
            },
            tooltip: [
              { field: "house", type: "nominal" },
              { field: "against", type: "nominal" },
              { field: "saving", type: "quantitative", format: ",.2f", title: "saving (currency units)" },
              { field: "paysMore", type: "nominal", title: "pays more than grid-only" },
            ],
          },
        },
        // the value above a positive bar, below a negative one: every layer keeps every row (a filtered,
        // empty layer would give its panel an infinite y extent, which vega reports as a warning)
        ...[
          ["datum.saving >= 0", -6],
          ["datum.saving < 0", 8],
        ].map(([test, dy]) => ({
          mark: { type: "text" as const, fontSize: 9, color: "#222", dy },
          encoding: {
            x,
            y: { field: "saving", type: "quantitative" as const },
            text: { condition: { test, field: "label", type: "nominal" as const }, value: "" },
          },
        })),
        { mark: { type: "rule", color: "#333", strokeWidth: 1 }, encoding: { y: { datum: 0, type: "quantitative" } } },
      ],
    },
    resolve: { scale: { y: "independent" } },
  };
}
