/**
 * The small scenario the input tests start from: one group of a prosumer and a consumer with a battery,
 * 2 hours a day, prices with every peer spread positive. Each call returns a fresh object to change.
 */
export function smallScenario(days: number) {
  return {
    hoursPerDay: 2,
    days,
    seed: 42,
    prices: {
      gridPurchase: 20,
      gridSale: 4,
      peerPurchaseIntra: 14,
      peerPurchaseInter: 16,
      peerSaleIntra: 10,
      peerSaleInter: 6,
      batteryUse: 2,
    },
    groups: [
      {
        prosumers: 1,
        consumers: 1,
        battery: {
          lower: 0.2,
          upper: 0.8,
          initial: 0.2,
          maxCharge: 0.2,
          maxDischarge: 0.2,
          chargeEfficiency: 0.98,
          dischargeFactor: 1.04,
        },
      },
    ],
  };
}
