/**
 * docs/model.md "Costs and objective": every house's daily cost as a linear
 * expression over the columns, and the objective as their sum.
 */
import type { HourPrices, PriceKey } from "../prices/prices.js";
import type { Network } from "../community/network.js";
import type { ColumnMap } from "./columns.js";

/** Sparse per-house cost expressions: house h's terms are `start[h] .. start[h+1]-1`. */
export interface CostExpressions {
  start: Int32Array;
  col: Int32Array;
  coef: Float64Array;
}

/** The prices a cost term can take, in {@link CostPattern.price}'s order. */
const COST_PRICE_KEYS = [
  "batteryUse",
  "gridPurchase",
  "gridSale",
  "peerPurchaseIntra",
  "peerPurchaseInter",
  "peerSaleIntra",
  "peerSaleInter",
] as const satisfies readonly PriceKey[];
type CostPriceKey = (typeof COST_PRICE_KEYS)[number];

/**
 * The pattern of every house's cost expression — which columns, and which hour's price
 * of which key (with its sign) each term takes — fixed for a run; {@link costCoefficients}
 * fills in a day's prices. Zero prices keep their term, so the pattern is the same every day.
 */
export interface CostPattern {
  hours: number;
  start: Int32Array;
  col: Int32Array;
  /** per term: `K·hours + t` for the price `COST_PRICE_KEYS[K]` of hour t */
  price: Int32Array;
  /** per term: 1 where the term is minus the price (a sale) */
  negative: Uint8Array;
}

/** Which price each house's cost terms take; the order of terms is the expressions' order. */
export function houseCostPattern(network: Network, cols: ColumnMap): CostPattern {
  const T = cols.hours;
  const N = network.houses.length;
  const K = (key: CostPriceKey) => COST_PRICE_KEYS.indexOf(key) * T;
  const battery = K("batteryUse"),
    gridPurchase = K("gridPurchase"),
    gridSale = K("gridSale");
  // every term, house by house in the expressions' order: `put(house, column, price, negative)`
  const visit = (put: (h: number, col: number, price: number, negative: number) => void) => {
    for (const h of network.houses) {
      for (let t = 0; t < T; t++) {
        const i = h.index * T + t;
        put(h.index, cols.ch[i], battery + t, 0);
        put(h.index, cols.dis[i], battery + t, 0);
        put(h.index, cols.gb[i], gridPurchase + t, 0);
        put(h.index, cols.gs[i], gridSale + t, 1);
      }
    }
    for (const { house, side, inter, col } of cols.trades) {
      const key: CostPriceKey =
        side === "buy"
          ? inter
            ? "peerPurchaseInter"
            : "peerPurchaseIntra"
          : inter
            ? "peerSaleInter"
            : "peerSaleIntra";
      const base = K(key),
        negative = side === "buy" ? 0 : 1;
      for (let t = 0; t < T; t++) put(house, col[t], base + t, negative);
    }
  };
  // a left-out column (-1) has no term
  const count = new Int32Array(N);
  visit((h, c) => {
    if (c >= 0) count[h]++;
  });
  const start = new Int32Array(N + 1);
  for (let h = 0; h < N; h++) start[h + 1] = start[h] + count[h];
  const col = new Int32Array(start[N]),
    price = new Int32Array(start[N]),
    negative = new Uint8Array(start[N]);
  const next = start.slice(0, N);
  visit((h, c, p, neg) => {
    if (c < 0) return;
    const k = next[h]++;
    col[k] = c;
    price[k] = p;
    negative[k] = neg;
  });
  return { hours: T, start, col, price, negative };
}

/** The cost expressions' coefficients for a day's prices: each term is its hour's price, or minus it. */
export function costCoefficients(pattern: CostPattern, prices: HourPrices): Float64Array {
  const T = pattern.hours;
  const table = new Float64Array(COST_PRICE_KEYS.length * T);
  COST_PRICE_KEYS.forEach((key, K) => {
    for (let t = 0; t < T; t++) table[K * T + t] = prices[key][t];
  });
  const coef = new Float64Array(pattern.col.length);
  for (let k = 0; k < coef.length; k++) {
    const p = table[pattern.price[k]];
    coef[k] = pattern.negative[k] ? -p : p;
  }
  return coef;
}

/** Each house's daily cost as a linear expression over the columns; every price is the hour's (`prices[key][t]`). */
export function houseCosts(prices: HourPrices, network: Network, cols: ColumnMap): CostExpressions {
  const pattern = houseCostPattern(network, cols);
  return { start: pattern.start, col: pattern.col, coef: costCoefficients(pattern, prices) };
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
