// A coalition's own community keeps the scenario valid: per-house lists of the seasonal recipe are cut to its houses.
import { test } from "node:test";
import assert from "node:assert/strict";
import { validateScenario, type Scenario } from "../../src/index.js";
import { coalitionCommunity } from "../../src/settlement/coalition.js";
import type { Profiles } from "../../src/profiles/profiles.js";

// Two groups: g1 = prosumer g1h1 (house 0), consumer g1h2 (house 1); g2 = prosumer g2h1 (2), consumer g2h2 (3).
// annualDemandKwh is per house [1000, 2000, 3000, 4000]; pvKwp per prosumer [5, 7].
// The coalition {g1h2, g2h1} (houses 1 and 2) keeps g1 with one consumer and g2 with one prosumer:
// its demand list is [2000, 3000] (houses 1, 2 in network order) and its PV list [7] (g2h1 is the 2nd prosumer).
test("coalitionCommunity cuts the seasonal recipe's per-house and per-prosumer lists to the coalition", () => {
  const scenario: Scenario = validateScenario({
    hoursPerDay: 1,
    days: 1,
    seed: 1,
    prices: {
      gridPurchase: 30,
      gridSale: 8,
      peerPurchaseIntra: 20,
      peerPurchaseInter: 20,
      peerSaleIntra: 15,
      peerSaleInter: 15,
      batteryUse: 1,
    },
    groups: [
      { prosumers: 1, consumers: 1, battery: null },
      { prosumers: 1, consumers: 1, battery: null },
    ],
    synthetic: {
      recipe: "seasonal",
      latitude: 48,
      longitude: 8,
      utcOffset: 1,
      startDate: "2025-01-01",
      annualDemandKwh: [1000, 2000, 3000, 4000],
      pvKwp: [5, 7],
    },
  });
  const profiles: Profiles = {
    houses: ["g1h1", "g1h2", "g2h1", "g2h2"],
    days: 1,
    hours: 1,
    demand: Float64Array.from([1, 2, 3, 4]),
    solar: Float64Array.from([5, 0, 7, 0]),
  } as unknown as Profiles;
  const c = coalitionCommunity(scenario, profiles, [1, 2]);
  const syn = c.scenario.synthetic as { annualDemandKwh: number[]; pvKwp: number[] };
  assert.deepEqual(syn.annualDemandKwh, [2000, 3000]);
  assert.deepEqual(syn.pvKwp, [7]);
  assert.doesNotThrow(() => validateScenario(JSON.parse(JSON.stringify(c.scenario))));
});
