// Each baseline adds options to the one before (grid-only ⊂ battery-only ⊂
// intra-only ⊂ full), so on one day solved from the same starting battery
// level its optimum can only be lower or equal. Checked over random small
// communities, batteries, prices and profiles.
import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { buildNetwork, profileIndex, runBaselines, BASELINES, type Battery, type Profiles, type Scenario } from "../src/index.js";

// Figures in steps of 0.001 (kWh, currency): realistic magnitudes, with exact zeros and ties common.
const num = (max: number, min = 0) => fc.integer({ min: Math.round(min * 1000), max: Math.round(max * 1000) }).map((v) => v / 1000);
const kwh = fc.oneof(fc.constant(0), num(2));
const battery: fc.Arbitrary<Battery | null> = fc.option(
  fc.record({ lower: num(2), span: num(5), at: num(1), maxCharge: num(2), maxDischarge: num(2), chargeEfficiency: num(1, 0.5), dischargeFactor: num(1.5, 1) })
    .map(({ lower, span, at, ...b }) => ({ lower, upper: lower + span, initial: lower + at * span, ...b })),
  { nil: null },
);
const price = num(30);
const scenario: fc.Arbitrary<Scenario> = fc.record({
  hoursPerDay: fc.integer({ min: 1, max: 6 }),
  days: fc.constant(1),
  seed: fc.constant(1),
  prices: fc.record({
    gridPurchase: price, gridSale: price, peerPurchaseIntra: price, peerPurchaseInter: price,
    peerSaleIntra: price, peerSaleInter: price, batteryUse: num(5),
  }),
  groups: fc.array(
    fc.record({ prosumers: fc.integer({ min: 0, max: 3 }), consumers: fc.integer({ min: 0, max: 2 }), battery })
      .filter((g) => g.prosumers + g.consumers > 0),
    { minLength: 1, maxLength: 3 },
  ),
});
const example = scenario.chain((s) => {
  const network = buildNetwork(s);
  const n = s.hoursPerDay * network.houses.length;
  return fc.record({ demand: fc.array(kwh, { minLength: n, maxLength: n }), solar: fc.array(kwh, { minLength: n, maxLength: n }) })
    .map(({ demand, solar }) => {
      const profiles: Profiles = {
        days: 1, hours: s.hoursPerDay, houses: network.houses.map((h) => h.id),
        demand: Float64Array.from(demand), solar: Float64Array.from(solar),
      };
      for (const h of network.houses)
        if (h.kind === "consumer") for (let t = 0; t < s.hoursPerDay; t++) profiles.solar[profileIndex(profiles, 0, h.index, t)] = 0;
      return { scenario: s, profiles };
    });
});

test("one day from the same starting level: full ≤ intra-only ≤ battery-only ≤ grid-only", async () => {
  await fc.assert(
    fc.asyncProperty(example, async ({ scenario: s, profiles }) => {
      const runs = await runBaselines(s, profiles);
      const totals = BASELINES.map((b) => {
        assert.ok(runs[b].audit.ok, `${b}: ${JSON.stringify(runs[b].audit)}`);
        return runs[b].days[0].objective;
      });
      // BASELINES is ordered grid-only, battery-only, intra-only, full: each total ≤ the one before
      for (let k = 1; k < totals.length; k++)
        assert.ok(totals[k] <= totals[k - 1] + 1e-6 * Math.max(1, Math.abs(totals[k - 1])),
          `${BASELINES[k]} ${totals[k]} > ${BASELINES[k - 1]} ${totals[k - 1]}`);
    }),
    { numRuns: 150 },
  );
});
