/**
 * What `full` saves each house against the baselines (analysis/savings.ts),
 * as grouped bars: one group of bars per house, one bar per baseline.
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
}

/**
 * The bars of {@link savingsPerHouseChart}: every house row of the savings
 * table × every baseline in `against`.
 * @example savingBars(savingsTable(runs), ["grid-only"]).map(b => b.saving)
 */
export function savingBars(rows: readonly SavingsRow[], against: readonly Reference[] = ["grid-only", "battery-only", "intra-only"]): SavingBar[] {
  return rows.filter((r) => r.level === "house").flatMap((r) =>
    against.map((a) => ({ house: r.paysMore ? `${r.id} (pays more)` : r.id, group: r.group, against: a, saving: r.saving[a], paysMore: r.paysMore })));
}

export interface SavingsChartOptions {
  /** baselines to compare with (default: all three) */
  against?: readonly Reference[];
  /** days solved, for the title */
  days?: number;
}

/**
 * Savings per house: y is the saving of `full` against each baseline over
 * the days solved (currency units; below the zero line the house pays
 * more under `full`). A house that pays more under `full` than under
 * `grid-only` is labelled "(pays more)".
 * @example await renderSvg(savingsPerHouseChart(report.savings, { days: 122 }))
 */
export function savingsPerHouseChart(rows: readonly SavingsRow[], options: SavingsChartOptions = {}): ChartSpec {
  const against = options.against ?? ["grid-only", "battery-only", "intra-only"];
  const values = savingBars(rows, against);
  const houses = uniqueInOrder(values.map((v) => v.house));
  const span = options.days ? ` over ${options.days} day${options.days === 1 ? "" : "s"}` : "";
  return {
    ...baseSpec(`What full P2P saves each house${span}`, values, "currency units; negative = the house pays more under full"),
    width: Math.max(300, 90 * houses.length), height: 260,
    layer: [
      {
        mark: { type: "bar" },
        encoding: {
          x: { field: "house", type: "nominal", title: "house", sort: houses, axis: { labelAngle: 0 } },
          xOffset: { field: "against", type: "nominal", sort: [...against] },
          y: { field: "saving", type: "quantitative", title: "saving of full (currency units)" },
          color: { field: "against", type: "nominal", title: "against", scale: { domain: [...against], range: ["#8d99ae", "#2a9d8f", "#6a4c93"] } },
          tooltip: [
            { field: "house", type: "nominal" }, { field: "against", type: "nominal" },
            { field: "saving", type: "quantitative", format: ",.2f" }, { field: "paysMore", type: "nominal", title: "pays more than grid-only" },
          ],
        },
      },
      { mark: { type: "rule", color: "#333" }, encoding: { y: { value: 0 } } },
    ],
  };
}
