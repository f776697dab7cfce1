// The year's folds (src/analysis/year.ts) on a hand-worked two-day run that
// straddles a month's end (day 1 = 2025-01-31, day 2 = 2025-02-01).
//
// One group, no battery: g1h1 (prosumer) and g1h2 (consumer), 2 hours a day.
// Prices: grid 20 / 4, peer inside the group 14 / 10 (currency units per kWh).
//   day 1: g1h1 has 2 kWh of PV at hour 0, g1h2 needs 1 kWh at hour 0.
//          Trading q kWh: g1h1 pays −10q − 4(2 − q) = −8 − 6q, g1h2 pays
//          14q + 20(1 − q) = 20 − 6q; the community 12 − 12q, cheapest at q = 1:
//          bills −14 and 14 (community 0); alone −8 and 20 (grid-only 12).
//   day 2: g1h2 needs 1 kWh at hour 1, nobody has PV: bill = alone = 20.
// Over the run: g1h1 bill −14, alone −8, saving 6 (75 % of |−8|);
//               g1h2 bill 34, alone 40, saving 6 (15 %);
// community cost 20, grid-only 32, saving 12 (37.5 %); demand 2, PV 2,
// grid import 1 (day 2, hour 1), export 1 (day 1, hour 0), self-sufficiency 50 %.
import { test } from "node:test";
import assert from "node:assert/strict";
import { handExample, simulate } from "../../src/index.js";
import {
  batteryByMonth,
  gridImportRows,
  houseSavings,
  monthlyGroupCosts,
  yearHeadline,
} from "../../src/analysis/year.js";

async function run() {
  const ex = handExample(
    [{ prosumers: 1, consumers: 1 }],
    {
      g1h1: { demand: [0, 0, 0, 0], solar: [2, 0, 0, 0] },
      g1h2: { demand: [1, 0, 0, 1] },
    },
    { hoursPerDay: 2, days: 2, prices: { peerPurchaseIntra: 14, peerSaleIntra: 10 } },
  );
  return simulate(ex.scenario, ex.profiles);
}

const close = (a: number, b: number) => assert.ok(Math.abs(a - b) < 1e-6, `${a} ≠ ${b}`);

test("monthly group costs split at the month's end", async () => {
  const rows = monthlyGroupCosts(await run(), "2025-01-31");
  assert.deepEqual(
    rows.map((r) => [r.month, r.group, r.days]),
    [
      ["2025-01", "g1", 1],
      ["2025-02", "g1", 1],
    ],
  );
  [
    [0, 12, 12],
    [20, 20, 0],
  ].forEach(([cost, gridOnly, saving], i) => {
    close(rows[i].cost, cost);
    close(rows[i].gridOnly, gridOnly);
    close(rows[i].saving, saving);
  });
});

test("each house's bill, grid-only cost and saving over the run", async () => {
  const rows = houseSavings(await run());
  assert.deepEqual(
    rows.map((r) => [r.house, r.kind]),
    [
      ["g1h1", "prosumer"],
      ["g1h2", "consumer"],
    ],
  );
  [
    [-14, -8, 6, 75],
    [34, 40, 6, 15],
  ].forEach(([bill, gridOnly, saving, pct], i) => {
    close(rows[i].bill, bill);
    close(rows[i].gridOnly, gridOnly);
    close(rows[i].saving, saving);
    close(rows[i].savingPct!, pct);
  });
});

test("the headline: cost, grid-only, saving, energy and self-sufficiency", async () => {
  const h = yearHeadline(await run());
  assert.equal(h.days, 2);
  const want = {
    cost: 20,
    gridOnly: 32,
    saving: 12,
    savingPct: 37.5,
    demandKwh: 2,
    solarKwh: 2,
    gridImportKwh: 1,
    gridExportKwh: 1,
    selfSufficiencyPct: 50,
  };
  for (const [k, v] of Object.entries(want)) close(h[k as keyof typeof want], v);
});

test("grid import by day and hour; no battery stores nothing", async () => {
  const r = await run();
  assert.deepEqual(
    gridImportRows(r).map((x) => [x.day, x.hour, Math.round(x.kwh * 1e9) / 1e9]),
    [
      [1, 0, 0],
      [1, 1, 0],
      [2, 0, 0],
      [2, 1, 1],
    ],
  );
  assert.deepEqual(
    batteryByMonth(r, "2025-01-31").map((x) => [x.month, x.hour, x.storedKwh, x.socPct, x.usablePct]),
    [
      ["2025-01", 0, 0, 0, 0],
      ["2025-01", 1, 0, 0, 0],
      ["2025-02", 0, 0, 0, 0],
      ["2025-02", 1, 0, 0, 0],
    ],
  );
});
