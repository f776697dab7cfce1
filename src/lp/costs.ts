/**
 * docs/model.md "Costs and objective": every house's daily cost as a linear
 * expression over the columns, and the objective as their sum.
 */
import type { HourPrices } from "../prices/prices.js";
import type { Network } from "../community/network.js";
import type { ColumnMap } from "./columns.js";

/** Sparse per-house cost expressions: house h's terms are `start[h] .. start[h+1]-1`. */
export interface CostExpressions {
  start: Int32Array;
  col: Int32Array;
  coef: Float64Array;
}

/** Each house's daily cost as a linear expression over the columns; every price is the hour's (`prices[key][t]`). */
export function houseCosts(prices: HourPrices, network: Network, cols: ColumnMap): CostExpressions {
  const T = cols.hours;
  const terms: [number, number][][] = network.houses.map(() => []);
  const put = (h: number, col: number, coef: number) => {
    // zero prices keep their term: the expression's pattern is the same on every day
    if (col >= 0) terms[h].push([col, coef]);
  };
  for (const h of network.houses) {
    for (let t = 0; t < T; t++) {
      const i = h.index * T + t;
      put(h.index, cols.ch[i], prices.batteryUse[t]);
      put(h.index, cols.dis[i], prices.batteryUse[t]);
      put(h.index, cols.gb[i], prices.gridPurchase[t]);
      put(h.index, cols.gs[i], -prices.gridSale[t]);
    }
  }
  for (const { house, side, inter, col } of cols.trades) {
    const price =
      side === "buy"
        ? inter
          ? prices.peerPurchaseInter
          : prices.peerPurchaseIntra
        : inter
          ? prices.peerSaleInter
          : prices.peerSaleIntra;
    for (let t = 0; t < T; t++) put(house, col[t], side === "buy" ? price[t] : -price[t]);
  }
  const start = new Int32Array(network.houses.length + 1);
  terms.forEach((ts, h) => (start[h + 1] = start[h] + ts.length));
  const col = new Int32Array(start[start.length - 1]);
  const coef = new Float64Array(col.length);
  terms.flat().forEach(([c, v], k) => {
    col[k] = c;
    coef[k] = v;
  });
  return { start, col, coef };
}

/** The objective: the sum of all houses' cost expressions, per column. */
export function objective(costs: CostExpressions, nCols: number): Float64Array {
  const obj = new Float64Array(nCols);
  for (let k = 0; k < costs.col.length; k++) obj[costs.col[k]] += costs.coef[k];
  return obj;
}

/** House h's cost for column values `x`, currency units. */
export function houseCost(costs: CostExpressions, h: number, x: Float64Array): number {
  let s = 0;
  for (let k = costs.start[h]; k < costs.start[h + 1]; k++) s += costs.coef[k] * x[costs.col[k]];
  return s;
}

/** Each house's cost for solved column values `x`. */
export function evaluateCosts(costs: CostExpressions, x: Float64Array): Float64Array {
  return Float64Array.from({ length: costs.start.length - 1 }, (_, h) => houseCost(costs, h, x));
}
