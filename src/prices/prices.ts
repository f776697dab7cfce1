/**
 * Prices by hour (docs/model.md "Parameters": every price may vary by hour).
 * A scenario's price is a number (flat) or an array of `hoursPerDay`
 * numbers (a time-of-use tariff, the same every day); a {@link PriceTable}
 * (from `prices.csv`) replaces some keys for every (day, hour). The LP, the
 * auditor and the stand-alone costs all read a day's prices through
 * {@link dayPrices}, so they always agree on the hour's price.
 */

/** The seven price keys of `scenario.json`, in their documented order. */
export const PRICE_KEYS = [
  "gridPurchase",
  "gridSale",
  "peerPurchaseIntra",
  "peerPurchaseInter",
  "peerSaleIntra",
  "peerSaleInter",
  "batteryUse",
] as const;

/** One of {@link PRICE_KEYS}. */
export type PriceKey = (typeof PRICE_KEYS)[number];

/** A price in currency units per kWh: flat, or one value per hour of the day (hour 0 first). */
export type PriceValue = number | readonly number[];

/**
 * Prices given per (day, hour), e.g. spot prices from `prices.csv`. Only the
 * keys present replace the scenario's price. Each series has `days · hours`
 * values at index `day · hours + hour` (0-based), currency units per kWh.
 */
export interface PriceTable {
  days: number;
  hours: number;
  series: Partial<Record<PriceKey, Float64Array>>;
}

/** One day's prices: every key as `hours` values, currency units per kWh. */
export type HourPrices = Record<PriceKey, Float64Array>;

/**
 * The prices of one day, hour by hour, currency units per kWh.
 * @param prices - the scenario's prices (flat or hourly)
 * @param hours - T, hours per day
 * @param day - 0-based day
 * @param table - optional per-(day, hour) prices that replace the keys they have
 * @example dayPrices({ ...demoPrices(), gridPurchase: [10, 30] }, 2, 0).gridPurchase // => [10, 30]
 */
export function dayPrices(
  prices: Readonly<Record<PriceKey, PriceValue>>,
  hours: number,
  day: number,
  table?: PriceTable,
): HourPrices {
  const out = {} as HourPrices;
  for (const k of PRICE_KEYS) {
    const series = table?.series[k];
    const v = prices[k];
    out[k] = series
      ? series.slice(day * hours, (day + 1) * hours)
      : typeof v === "number"
        ? new Float64Array(hours).fill(v)
        : Float64Array.from(v);
  }
  return out;
}

/**
 * House h's stand-alone cost for one hour (docs/model.md "Fair bills"): what it
 * would pay alone with its own PV and the grid, no battery and no trades.
 * A consumer pays `p_gb·d`; a prosumer pays `p_gb·max(0, d−s) − p_gs·max(0, s−d)`
 * when `p_gb ≥ p_gs`, else `p_gb·d − p_gs·s` (buying all and selling all is then cheapest).
 * @param demand - kWh in the hour
 * @param solar - kWh of PV in the hour (0 for a consumer)
 * @param gridPurchase - `p_gb` of the hour, currency units per kWh
 * @param gridSale - `p_gs` of the hour, currency units per kWh
 * @returns currency units (negative: the house earns)
 * @example standaloneHourCost(2, 3, 20, 4) // => -4 // sells the 1 kWh surplus
 */
export function standaloneHourCost(demand: number, solar: number, gridPurchase: number, gridSale: number): number {
  if (gridPurchase >= gridSale)
    return gridPurchase * Math.max(0, demand - solar) - gridSale * Math.max(0, solar - demand);
  return gridPurchase * demand - gridSale * solar;
}

/** A house's energy flows in one step, kWh (what {@link hourCost} prices). */
export interface HourFlows {
  charge: number;
  discharge: number;
  gridPurchase: number;
  gridSale: number;
  boughtIntra: number;
  boughtInter: number;
  soldIntra: number;
  soldInter: number;
}

/**
 * A house's cost of one step's flows at that step's prices (docs/model.md
 * "Costs and objective"): battery use on charge and discharge, grid and peer
 * purchases paid, grid and peer sales earned. The LP states the same sum as
 * linear expressions (`lp/costs.ts`); the auditor keeps its own copy on purpose.
 * @param prices - the day's prices (`dayPrices`), currency units per kWh
 * @param t - 0-based step of the day
 * @returns currency units (negative: the house earns)
 * @example hourCost(dayPrices(demoPrices(), 24, 0), 12, { charge: 0, discharge: 0, gridPurchase: 1, gridSale: 0, boughtIntra: 0, boughtInter: 0, soldIntra: 0, soldInter: 0 }) // => 20.93
 */
export function hourCost(prices: HourPrices, t: number, e: HourFlows): number {
  return (
    prices.batteryUse[t] * (e.charge + e.discharge) +
    prices.gridPurchase[t] * e.gridPurchase +
    prices.peerPurchaseIntra[t] * e.boughtIntra +
    prices.peerPurchaseInter[t] * e.boughtInter -
    prices.gridSale[t] * e.gridSale -
    prices.peerSaleIntra[t] * e.soldIntra -
    prices.peerSaleInter[t] * e.soldInter
  );
}
