/**
 * Savings per house under every settlement rule (settlement/report.ts's
 * rows): one mark per rule beside each house, the zero line (below it a
 * house pays more than alone). Pure: rows in, Vega-Lite spec out.
 */
import type { RuleSavingsRow } from "../settlement/report.js";
import type { SettlementRule } from "../settlement/rules.js";
import { baseSpec, uniqueInOrder, type ChartSpec, type DataRow } from "./spec.js";

/** One mark: a house's settled saving under one rule, currency units. */
export interface RuleSavingMark extends DataRow {
  house: string;
  group: string;
  rule: string;
  saving: number;
}

/**
 * The marks of {@link settlementChart}: one per (house, rule) that has a saving, houses in row order.
 * @example ruleSavingMarks([{ house: "g1h1", group: "g1", none: -9, equal: 10 }]) // 2 marks
 */
export function ruleSavingMarks(rows: readonly RuleSavingsRow[]): RuleSavingMark[] {
  return rows.flatMap((r) =>
    (Object.entries(r) as [string, unknown][])
      .filter(([k, v]) => k !== "house" && k !== "group" && typeof v === "number")
      .map(([rule, v]) => ({ house: r.house, group: r.group, rule, saving: v as number })),
  );
}

const RULE_COLORS: Record<SettlementRule, string> = {
  none: "#8d99ae",
  equal: "#2a9d8f",
  demand: "#e9c46a",
  "shapley-groups": "#e76f51",
  "shapley-houses": "#6a4c93",
};

/**
 * Each house's settled saving under every rule: a point per rule, side by
 * side within the house's column, and the zero line; currency units over
 * `days` days (for the title).
 * @example await renderSvg(settlementChart(rulesSavingsRows(await settleAll(run)), 122))
 */
export function settlementChart(rows: readonly RuleSavingsRow[], days?: number): ChartSpec {
  const values = ruleSavingMarks(rows);
  const houses = uniqueInOrder(values.map((v) => v.house)),
    rules = uniqueInOrder(values.map((v) => v.rule));
  const span = days ? ` over ${days} day${days === 1 ? "" : "s"}` : "";
  const x = { field: "house", type: "nominal" as const, title: null, sort: houses, axis: { labelAngle: 0 } };
  return {
    ...baseSpec(
      {
        text: `Who saves what under each settlement rule${span}`,
        subtitle:
          "settled saving r_h − c_h per house, one mark per rule; currency units; below 0 the house pays more than alone",
      },
      values,
      "currency units; negative = the house pays more than alone",
    ),
    width: Math.max(240, 70 * houses.length),
    height: 260,
    layer: [
      {
        mark: { type: "point", filled: true, size: 90 },
        encoding: {
          x,
          xOffset: { field: "rule", type: "nominal", sort: rules },
          y: { field: "saving", type: "quantitative", title: "settled saving (currency units)" },
          color: {
            field: "rule",
            type: "nominal",
            title: "rule",
            sort: rules,
            scale: { domain: rules, range: rules.map((r) => RULE_COLORS[r as SettlementRule] ?? "#333") },
          },
          shape: { field: "rule", type: "nominal", sort: rules },
          tooltip: [
            { field: "house", type: "nominal" },
            { field: "rule", type: "nominal" },
            { field: "saving", type: "quantitative", format: ",.2f", title: "settled saving (currency units)" },
          ],
        },
      },
      { mark: { type: "rule", color: "#333", strokeWidth: 1 }, encoding: { y: { datum: 0, type: "quantitative" } } },
    ],
  };
}
