import { handExample, type Battery, type Example } from "../../src/index.js";

/**
 * test/simulation/engine.test.ts's rule-6 case (worked out there), one hour a day, the same hour on each of
 * `days` days: g1's prosumer with a 3 kWh battery starting full, g2's two consumers (1.99 and 0.01 kWh).
 */
export function ruleSixExample(days = 1): Example {
  const battery: Battery = {
    lower: 0,
    upper: 3,
    initial: 3,
    maxCharge: 5,
    maxDischarge: 5,
    chargeEfficiency: 1,
    dischargeFactor: 1,
  };
  const each = (v: number) => Array<number>(days).fill(v);
  return handExample(
    [
      { prosumers: 1, consumers: 0, battery },
      { prosumers: 0, consumers: 2 },
    ],
    {
      g1h1: { demand: each(1), solar: each(1) },
      g2h1: { demand: each(1.99) },
      g2h2: { demand: each(0.01) },
    },
    {
      hoursPerDay: 1,
      days,
      prices: {
        gridPurchase: 20,
        gridSale: 4,
        peerPurchaseInter: 16,
        peerSaleInter: 6,
        peerPurchaseIntra: 14,
        peerSaleIntra: 10,
        batteryUse: 2,
      },
    },
  );
}
