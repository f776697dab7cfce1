/**
 * The trade matrix: kWh each prosumer sold to each other house, `Σ_t x[s,r,t]`
 * (docs/model.md "Variables"), as a heatmap.
 */
import type { TradeRow } from "../results/tables.js";
import { baseSpec, uniqueInOrder, type ChartSpec, type DataRow } from "./spec.js";

/** One cell of the heatmap. */
export interface TradeCell extends DataRow {
  seller: string;
  buyer: string;
  /** seller and buyer are in different groups */
  inter: boolean;
  kwh: number;
}

/**
 * Every (seller, buyer ≠ seller) cell, with 0 kWh where no trade happened.
 * @param sellers - the prosumers' ids (default: the sellers in `rows`)
 * @param buyers - every house id (default: the buyers in `rows`)
 * @param groupOf - house id → group id, to mark inter-group cells (default: the `g{n}` prefix of the id)
 */
export function tradeCells(
  rows: readonly TradeRow[],
  sellers: readonly string[] = uniqueInOrder(rows.map((r) => r.seller)),
  buyers: readonly string[] = uniqueInOrder(rows.map((r) => r.buyer)),
  groupOf: (house: string) => string = (h) => h.replace(/h\d+$/, ""),
): TradeCell[] {
  const kwh = new Map(rows.map((r) => [`${r.seller}\u0000${r.buyer}`, r.kwh]));
  return sellers.flatMap((seller) =>
    buyers
      .filter((b) => b !== seller)
      .map((buyer) => ({
        seller,
        buyer,
        inter: groupOf(seller) !== groupOf(buyer),
        kwh: kwh.get(`${seller}\u0000${buyer}`) ?? 0,
      })),
  );
}

/**
 * A cell's label: "–" for no trade at all, "<0.1" for a trade that rounds
 * to nothing, else the kWh with one decimal below 10 and none above.
 * @example tradeLabel(0) // => "–"
 * @example tradeLabel(0.04) // => "<0.1"
 * @example tradeLabel(3.26) // => "3.3"
 */
export function tradeLabel(kwh: number): string {
  if (kwh === 0) return "–";
  if (kwh < 0.05) return "<0.1";
  return kwh < 10 ? kwh.toFixed(1) : Math.round(kwh).toLocaleString("en-US");
}

/**
 * Seller (rows) × buyer (columns) heatmap of kWh traded over the days
 * solved, each cell labelled with its kWh ("–": no trade, "<0.1": a trade
 * too small to show). Cells between groups have a dark outline and an
 * "inter" tag.
 * @param sellers - the rows, in order (default: the sellers of `rows`, in order of appearance)
 * @param buyers - the columns, in order (default: the buyers of `rows`, in order of appearance)
 * @example tradeMatrixChart(tradeMatrix(r), sellers, houses)
 */
export function tradeMatrixChart(
  rows: readonly TradeRow[],
  sellers?: readonly string[],
  buyers?: readonly string[],
): ChartSpec {
  const cells = tradeCells(rows, sellers, buyers);
  const values = cells.map((c) => ({
    ...c,
    label: tradeLabel(c.kwh),
    pair: c.inter ? "between groups" : "inside a group",
  }));
  const ys = uniqueInOrder(values.map((v) => v.seller));
  const xs = buyers ? [...buyers] : uniqueInOrder(values.map((v) => v.buyer));
  const max = values.reduce((m, v) => Math.max(m, v.kwh), 0);
  return {
    ...baseSpec(
      {
        text: "P2P trades: kWh sold (seller × buyer)",
        subtitle:
          "Σ over days and hours of x[s,r,t], kWh; outlined cells: between groups; –: no trade; <0.1: a trade under 0.05 kWh",
      },
      values,
      "Σ over days and hours of x[s,r,t], kWh",
    ),
    width: Math.max(200, 70 * xs.length),
    height: Math.max(80, 45 * ys.length),
    encoding: {
      x: { field: "buyer", type: "nominal", title: "buyer", sort: xs, axis: { labelAngle: 0, orient: "top" } },
      y: { field: "seller", type: "nominal", title: "seller", sort: ys },
    },
    layer: [
      {
        mark: { type: "rect", strokeWidth: 2 },
        encoding: {
          // no trade at all: a grey cell, apart from the palest blue of a small trade
          color: {
            field: "kwh",
            type: "quantitative",
            title: "kWh",
            scale: { scheme: "blues", domain: [0, max || 1] },
            condition: { test: "datum.kwh === 0", value: "#f2f2f2" },
          },
          stroke: {
            field: "pair",
            type: "nominal",
            title: "pair",
            scale: { domain: ["inside a group", "between groups"], range: ["white", "#222"] },
            legend: { symbolFillColor: "#c6dbef", symbolStrokeWidth: 2 },
          },
          tooltip: [
            { field: "seller", type: "nominal" },
            { field: "buyer", type: "nominal" },
            { field: "pair", type: "nominal" },
            { field: "kwh", type: "quantitative", format: ",.2f", title: "kWh" },
          ],
        },
      },
      {
        mark: { type: "text", fontSize: 11 },
        encoding: {
          text: { field: "label" },
          color: { condition: { test: `datum.kwh > ${max / 2}`, value: "white" }, value: "black" },
        },
      },
      {
        transform: [{ filter: "datum.inter" }],
        mark: { type: "text", fontSize: 8, dy: 12, opacity: 0.8 },
        encoding: {
          text: { value: "inter" },
          color: { condition: { test: `datum.kwh > ${max / 2}`, value: "white" }, value: "#333" },
        },
      },
    ],
  };
}
