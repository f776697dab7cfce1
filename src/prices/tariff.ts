/**
 * A retail tariff on top of day-ahead spot prices (docs/prices.md "Spot
 * prices with a retail tariff"), step by step:
 *
 *     gridPurchase = (spot + fees) × (1 + vat)
 *     gridSale     = spot, or a fixed feed-in price
 *     peer prices  = gridSale + peerShare × (gridPurchase − gridSale), at least 0
 *
 * (peerShare 0.5, the midpoint, by default: buyer and seller share the
 * spread equally). Negative spot steps pass through to gridPurchase and
 * gridSale. All in the study's currency units per kWh.
 */
import type { PriceTable } from "./prices.js";

/** The tariff's terms, currency units per kWh. */
export interface RetailTariff {
  /** grid fees, levies and supplier margin added to spot before VAT, currency units per kWh (default 0) */
  fees: number;
  /** VAT as a fraction, e.g. 0.19 (default 0) */
  vat: number;
  /** `spot` (default) or a fixed feed-in price, currency units per kWh */
  feedIn: "spot" | number;
  /** where peer prices sit between gridSale (0) and gridPurchase (1) (default 0.5, the midpoint) */
  peerShare: number;
  /** the study's currency unit: `EUR` (default; spot €/MWh ÷ 1000) or `ct` (÷ 10) */
  unit: "EUR" | "ct";
}

/** The tariff when nothing is given: spot alone, no fees, no VAT, feed-in at spot, peers at the midpoint, in €. */
export const DEFAULT_TARIFF: RetailTariff = { fees: 0, vat: 0, feedIn: "spot", peerShare: 0.5, unit: "EUR" };

/**
 * The prices of every step from spot prices and a tariff, as a
 * {@link PriceTable} that `simulate` takes as is (`batteryUse` stays the
 * scenario's).
 * @param spotEurPerMwh - spot per step, €/MWh, index `day · hours + step`
 * @returns the table and how many steps had a peer price raised to 0
 * @example retailPrices(Float64Array.of(100, -20), 1, 2, { ...DEFAULT_TARIFF, fees: 0.15, vat: 0.19 }).table.series.gridPurchase // [0.2975, 0.1547]
 */
export function retailPrices(
  spotEurPerMwh: Float64Array,
  days: number,
  hours: number,
  tariff: RetailTariff,
): { table: PriceTable; peerFloored: number } {
  const n = days * hours;
  if (spotEurPerMwh.length !== n)
    throw new RangeError(`spot has ${spotEurPerMwh.length} values, not ${days} × ${hours}`);
  const perKwh = tariff.unit === "ct" ? 0.1 : 0.001;
  const gp = new Float64Array(n),
    gs = new Float64Array(n),
    peer = new Float64Array(n);
  let peerFloored = 0;
  for (let i = 0; i < n; i++) {
    const spot = spotEurPerMwh[i] * perKwh;
    gp[i] = (spot + tariff.fees) * (1 + tariff.vat);
    gs[i] = tariff.feedIn === "spot" ? spot : tariff.feedIn;
    const p = gs[i] + tariff.peerShare * (gp[i] - gs[i]);
    if (p < 0) peerFloored++;
    peer[i] = Math.max(0, p);
  }
  return {
    table: {
      days,
      hours,
      series: {
        gridPurchase: gp,
        gridSale: gs,
        peerPurchaseIntra: peer,
        peerPurchaseInter: peer.slice(),
        peerSaleIntra: peer.slice(),
        peerSaleInter: peer.slice(),
      },
    },
    peerFloored,
  };
}
