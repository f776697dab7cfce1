// Bill ranges (src/analysis/bill-range.ts): each house's lowest and highest bill over the day's
// cheapest plans, worked out by hand on two tiny communities, checked against the fair bill on
// demo days, and drawn (src/charts/bill-range.ts).
import { test } from "node:test";
import assert from "node:assert/strict";
import {
  billRangeChart,
  billRanges,
  buildNetwork,
  demoScenario,
  generateProfiles,
  handExample,
  InputError,
  renderSvg,
  simulate,
  type Battery,
  type BillRangeRow,
} from "../../src/index.js";
import { daysLabel } from "../../src/charts/bill-range.js";

const near = (a: number, b: number, tol: number, what: string) =>
  assert.ok(Math.abs(a - b) <= tol, `${what}: ${a} vs ${b}`);
const ranges = (rows: readonly BillRangeRow[]) => rows.map((r) => [r.house, r.minBill, r.maxBill] as const);

// docs/model.md's cost slack: the face is every plan of cost ≤ f* + max(1e-5, 1e-8·|f*|), so a bill may reach 1e-5 past its exact bound.
const COST_SLACK = 1e-5;

test("two prosumers and a consumer: the prosumers' bills range over [−10, −4], the consumer's is fixed at 14", async () => {
  // One hour, one group without battery: prosumers g1h1, g1h2 (PV 1, demand 0), consumer g1h3 (demand 1).
  // p_gb 20, p_gs 4, p_buy_intra 14, p_sell_intra 10 (the engine test's case with fair bills −7/−7/14).
  // Each kWh g1h3 buys from a peer instead of the grid saves the community (20 − 14) + (10 − 4) = 12, so every
  // cheapest plan has g1h3 buy its whole 1 kWh from the prosumers: a from g1h1, 1 − a from g1h2, any a ∈ [0, 1];
  // the rest of the PV is sold to the grid. Community cost 14 − 10 − 4 = 0.
  // Bills: g1h3 = 14 on every cheapest plan: min = max = 14.
  //        g1h1 = −10a − 4(1 − a) = −4 − 6a: min −10 (a = 1), max −4 (a = 0); g1h2 likewise (a = 0, a = 1).
  // Fair bills (stage 3): −7, −7, 14, inside the ranges. Stand-alone costs: −4, −4, 20.
  const ex = handExample(
    [{ prosumers: 2, consumers: 1 }],
    {
      g1h1: { demand: [0], solar: [1] },
      g1h2: { demand: [0], solar: [1] },
      g1h3: { demand: [1] },
    },
    {
      hoursPerDay: 1,
      prices: {
        gridPurchase: 20,
        gridSale: 4,
        peerPurchaseIntra: 14,
        peerSaleIntra: 10,
        peerPurchaseInter: 16,
        peerSaleInter: 6,
      },
    },
  );
  const expected = [
    ["g1h1", -10, -4],
    ["g1h2", -10, -4],
    ["g1h3", 14, 14],
  ] as const;
  for (const solver of ["highs", "glpk"] as const) {
    const result = await simulate(ex.scenario, ex.profiles, { solver });
    const b = await billRanges(result, { days: 1, solver });
    assert.deepEqual(b.days, [1]);
    assert.equal(b.allocation, "fair");
    assert.equal(b.carryOver, "free");
    assert.equal(b.lps, 1 + 2 * 3, "one cost LP, then a min and a max per house");
    ranges(b.rows).forEach(([house, lo, hi], h) => {
      assert.equal(house, expected[h][0]);
      near(lo, expected[h][1], COST_SLACK, `${solver} ${house} lowest bill`);
      near(hi, expected[h][2], COST_SLACK, `${solver} ${house} highest bill`);
    });
    [-7, -7, 14].forEach((f, h) => near(b.rows[h].fairBill, f, COST_SLACK, `${solver} fair bill ${h}`));
    [-4, -4, 20].forEach((s, h) => near(b.rows[h].standaloneCost, s, 1e-12, `${solver} stand-alone ${h}`));
    assert.deepEqual(
      b.rows.map((r) => r.group),
      ["g1", "g1", "g1"],
    );
    // one day: the totals are the day's rows
    assert.deepEqual(
      b.totals.map((t) => [t.house, t.minBill, t.maxBill, t.fairBill, t.standaloneCost]),
      b.rows.map((r) => [r.house, r.minBill, r.maxBill, r.fairBill, r.standaloneCost]),
    );
  }
});

test("carryOver: holding the end-of-day battery level (stage 2) narrows a range to the fair bill", async () => {
  // One hour, one group: prosumer g1h1 (PV 1, demand 0), consumer g1h2 (demand 1), a free (beta 0) battery
  // starting at 1 kWh, charge efficiency 0.5, lossless discharge. p_gb 20, p_gs 0, p_buy_intra = p_sell_intra = 5.
  // g1h2 covers its 1 kWh from g1h1 (a kWh at 5, the community pays 5 − 5 = 0) or from the battery (1 − a, free);
  // g1h1's other 1 − a kWh go to the grid (0) or into the battery (free): every such plan costs 0, the optimum.
  // Bills: g1h1 −5a, g1h2 5a. Over all cheapest plans (carryOver "free"): g1h1 [−5, 0], g1h2 [0, 5].
  // End level: 1 − (1 − a) + 0.5·charge, charge ≤ 1 − a, so at most a + 0.5(1 − a) = 0.5 + 0.5a: stage 2's
  // highest level 1 needs a = 1. Holding it ("fixed") leaves one plan: g1h1 −5, g1h2 5, the fair bills.
  // Tolerance there: the level is held within 1e-6 twice (the run's stage 2 and here), a within 2·2e-6 of 1, a bill
  // within 5·4e-6 = 2e-5, plus the cost slack 1e-5.
  const battery: Battery = {
    lower: 0,
    upper: 4,
    initial: 1,
    maxCharge: 10,
    maxDischarge: 10,
    chargeEfficiency: 0.5,
    dischargeFactor: 1,
  };
  const ex = handExample(
    [{ prosumers: 1, consumers: 1, battery }],
    { g1h1: { demand: [0], solar: [1] }, g1h2: { demand: [1] } },
    {
      hoursPerDay: 1,
      prices: { gridPurchase: 20, gridSale: 0, batteryUse: 0, peerPurchaseIntra: 5, peerSaleIntra: 5 },
    },
  );
  const result = await simulate(ex.scenario, ex.profiles);
  near(result.days[0].flows.battery[0]![0], 1, 2e-6, "stage 2's end level");
  const free = await billRanges(result, { days: [1] });
  [
    [-5, 0],
    [0, 5],
  ].forEach(([lo, hi], h) => {
    near(free.rows[h].minBill, lo, COST_SLACK, `free ${free.rows[h].house} lowest`);
    near(free.rows[h].maxBill, hi, COST_SLACK, `free ${free.rows[h].house} highest`);
  });
  const fixed = await billRanges(result, { days: [1], carryOver: "fixed" });
  assert.equal(fixed.carryOver, "fixed");
  [-5, 5].forEach((b, h) => {
    near(fixed.rows[h].minBill, b, 3e-5, `fixed ${fixed.rows[h].house} lowest`);
    near(fixed.rows[h].maxBill, b, 3e-5, `fixed ${fixed.rows[h].house} highest`);
    near(fixed.rows[h].fairBill, b, COST_SLACK, `fair ${fixed.rows[h].house}`);
  });
});

test("demo days: every fair bill lies in its house's range, and the ranges bracket the community's cost", async () => {
  const scenario = demoScenario();
  const profiles = generateProfiles(scenario, buildNetwork(scenario));
  const result = await simulate(scenario, profiles, { days: 3 });
  const b = await billRanges(result, { days: [3, 1, 2] });
  assert.deepEqual(b.days, [3, 1, 2]);
  assert.equal(b.rows.length, 3 * 5);
  assert.deepEqual(
    b.rows.map((r) => r.day),
    [3, 3, 3, 3, 3, 1, 1, 1, 1, 1, 2, 2, 2, 2, 2],
    "days in the order asked, houses in network order",
  );
  assert.equal(b.lps, 3 * (1 + 2 * 5));
  for (const d of b.days) {
    const rows = b.rows.filter((r) => r.day === d);
    const f = result.days[d - 1].objective;
    const tol = 1e-5 * result.days[d - 1].stages.slackFactor;
    for (const r of rows) {
      assert.ok(
        r.minBill <= r.fairBill + tol,
        `day ${d} ${r.house}: lowest ${r.minBill} above the fair bill ${r.fairBill}`,
      );
      assert.ok(
        r.fairBill <= r.maxBill + tol,
        `day ${d} ${r.house}: highest ${r.maxBill} below the fair bill ${r.fairBill}`,
      );
    }
    // the bills of any cheapest plan sum to f*: the lowest bills sum to at most f*, the highest to at least f*
    assert.ok(rows.reduce((s, r) => s + r.minBill, 0) <= f + tol, `day ${d}: Σ lowest bills > f*`);
    assert.ok(rows.reduce((s, r) => s + r.maxBill, 0) >= f - tol, `day ${d}: Σ highest bills < f*`);
  }
  // the totals add the days up
  const g1h1 = b.rows.filter((r) => r.house === "g1h1");
  near(
    b.totals[0].minBill,
    g1h1.reduce((s, r) => s + r.minBill, 0),
    1e-9,
    "total lowest bill",
  );
  near(
    b.totals[0].fairBill,
    result.days.reduce((s, d) => s + d.houseCosts[0], 0),
    1e-9,
    "total fair bill",
  );
});

test("days that the result did not solve are refused, one line naming the option", async () => {
  const ex = handExample(
    [{ prosumers: 1, consumers: 1 }],
    { g1h1: { demand: [0], solar: [1] }, g1h2: { demand: [1] } },
    { hoursPerDay: 1 },
  );
  const result = await simulate(ex.scenario, ex.profiles);
  for (const days of [0, 2, 1.5, [2], [1, 1], []])
    await assert.rejects(
      billRanges(result, { days }),
      (e) => e instanceof InputError && /^days: /.test(e.message),
      JSON.stringify(days),
    );
});

test("billRangeChart: one row per house with its range in the label, a legend for bar, fair bill and stand-alone cost", async () => {
  const input = {
    days: [1, 2, 3],
    allocation: "fair" as const,
    totals: [
      { house: "g1h1", group: "g1", minBill: -10, maxBill: -4, fairBill: -7, standaloneCost: -4 },
      { house: "g1h3", group: "g1", minBill: 14, maxBill: 14, fairBill: 14, standaloneCost: 20 },
    ],
  };
  const spec = billRangeChart(input);
  const text = JSON.stringify(spec);
  assert.match(text, /days 1–3 \(currency units\)/, "the x axis names the days and the unit");
  const labels = [...new Set(spec.data.values.map((v) => v.label))];
  assert.deepEqual(labels, ["g1h1  (range 6.0)", "g1h3  (range 0.00)"]);
  assert.match(text, /"fair bill \(tie-break stage 3\)"/);
  assert.match(
    JSON.stringify(billRangeChart({ ...input, allocation: "solver" })),
    /the solver's pick/,
    "a solver split is not called fair",
  );
  const svg = await renderSvg(spec);
  assert.ok((svg.match(/<path/g) ?? []).length > 5, "the SVG has marks");
  assert.equal(daysLabel([7]), "day 7");
  assert.equal(daysLabel([3, 50, 100]), "days 3, 50, 100");
});
