// Property tests over random networks, batteries, prices and profiles: every
// solution passes the independent audit, is no dearer than leaving the
// battery idle and trading nothing, and the files round-trip exactly.
import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import {
  buildNetwork,
  standaloneHourCost,
  parseProfilesCsv,
  parseScenario,
  profileIndex,
  simulate,
  type Profiles,
  type Scenario,
} from "../../src/index.js";
import { dayPrices } from "../../src/prices/prices.js";
import { profilesToCsv } from "../../src/profiles/profiles.js";
import { scenarioToJson } from "../../src/community/scenario.js";
import { FC_SEED, randomExample } from "../helpers/arbitraries.js";

const example = randomExample(2);

/** The cost of the always-feasible plan: battery idle, no trades, deficits from and surpluses to the grid. */
function idleCost(s: Scenario, p: Profiles, day: number): number {
  const network = buildNetwork(s);
  let cost = 0;
  for (const h of network.houses)
    for (let t = 0; t < p.hours; t++) {
      const i = profileIndex(p, day, h.index, t);
      const price = (k: "gridPurchase" | "gridSale") => dayPrices(s.prices, p.hours, day)[k][t];
      cost += standaloneHourCost(p.demand[i], p.solar[i], price("gridPurchase"), price("gridSale"));
    }
  return cost;
}

test("every solution of a random community passes the audit and beats the idle plan", async () => {
  await fc.assert(
    fc.asyncProperty(
      example,
      fc.boolean(),
      fc.boolean(),
      fc.boolean(),
      async ({ scenario: s, profiles }, battery, intraTrades, interTrades) => {
        const r = await simulate(s, profiles, { features: { battery, intraTrades, interTrades } });
        assert.ok(r.audit.ok, JSON.stringify(r.audit));
        // Day 1 starts from each battery's initial level; the idle plan keeps it there, so it is feasible.
        assert.ok(r.days[0].objective <= idleCost(s, profiles, 0) + 1e-6 * Math.max(1, Math.abs(r.days[0].objective)));
      },
    ),
    { numRuns: 200, seed: FC_SEED },
  );
});

test("scenario.json and profiles.csv round-trip exactly", () => {
  fc.assert(
    fc.property(example, ({ scenario: s, profiles }) => {
      const text = scenarioToJson(s);
      assert.equal(scenarioToJson(parseScenario(text)), text);
      const p2 = parseProfilesCsv(profilesToCsv(profiles), s, buildNetwork(s));
      assert.deepEqual(p2, profiles);
    }),
    { numRuns: 100, seed: FC_SEED },
  );
});
