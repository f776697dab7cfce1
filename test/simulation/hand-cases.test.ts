// Cases small enough to solve by hand. Each expected optimum is worked out in
// the comments from docs/model.md, not taken from the code.
import { test } from "node:test";
import assert from "node:assert/strict";
import {
  buildDayModel,
  buildNetwork,
  dayProfiles,
  handExample,
  simulate,
  FULL_FEATURES,
  type Battery,
} from "../../src/index.js";
import { solveLp } from "../../src/solver/index.js";

// Within docs/model.md's slacks (cost 1e-5, levels 1e-6·max(1, |v|), added up over the stages: 5e-5 here): the
// tie-break stages may use them, so a plan's flows and
// bills can sit that far from the hand-worked optimum; the day's cost itself is exact to 1e-9.
const close = (actual: number, expected: number, what: string) =>
  assert.ok(Math.abs(actual - expected) < 5e-5, `${what}: expected ${expected}, got ${actual}`);

const prices = {
  gridPurchase: 20,
  gridSale: 4,
  peerPurchaseIntra: 14,
  peerSaleIntra: 10,
  peerPurchaseInter: 16,
  peerSaleInter: 6,
  batteryUse: 1,
};

test("one prosumer sells its surplus to its consumer neighbour (no battery)", async () => {
  // g1h1 prosumer: solar 2, demand 0.5 → surplus 1.5. g1h2 consumer: demand 1.
  // With gs = 1.5 + gb_p − x and gb_c = 1 − x the cost is
  //   20 gb_p − 4 gs + (14 − 10) x + 20 gb_c = 16 gb_p + 14 − 12 x,
  // so gb_p = 0 and x as large as gb_c ≥ 0 allows: x = 1, gs = 0.5.
  // Prosumer: −10·1 − 4·0.5 = −12. Consumer: 14·1 = 14. Total 2.
  const ex = handExample(
    [{ prosumers: 1, consumers: 1 }],
    {
      g1h1: { demand: [0.5], solar: [2] },
      g1h2: { demand: [1] },
    },
    { hoursPerDay: 1, prices },
  );
  const r = await simulate(ex.scenario, ex.profiles);
  assert.ok(r.audit.ok);
  close(r.days[0].objective, 2, "total");
  close(r.days[0].houseCosts[0], -12, "prosumer");
  close(r.days[0].houseCosts[1], 14, "consumer");
  const f = r.days[0].flows;
  assert.equal(f.trades.length, 1);
  close(f.trades[0].kwh[0], 1, "traded kWh");
  close(f.gridSale[0], 0.5, "grid sale");
});

test("the battery moves surplus to the evening; without one it is sold to the grid", async () => {
  // Battery lossless (eta 1), 0..10 kWh, starts empty, beta = 1.
  // Hour 0: prosumer solar 3, demand 1 (surplus 2); consumer demand 0.
  // Hour 1: no PV; both demand 1.
  // A surplus kWh is worth: sold to the grid 4; stored and used in hour 1 instead of
  // the grid, 20 − 2·beta = 18. Hour 1 can use 2 kWh, so both are stored:
  // hour 0: prosumer charges 2 (2·1); hour 1: each discharges 1 (1 each).
  // Total 4; prosumer 3, consumer 1.
  const battery: Battery = {
    lower: 0,
    upper: 10,
    initial: 0,
    maxCharge: 10,
    maxDischarge: 10,
    chargeEfficiency: 1,
    dischargeFactor: 1,
  };
  const data = { g1h1: { demand: [1, 1], solar: [3, 0] }, g1h2: { demand: [0, 1] } };
  const ex = handExample([{ prosumers: 1, consumers: 1, battery }], data, { hoursPerDay: 2, prices });
  const r = await simulate(ex.scenario, ex.profiles);
  assert.ok(r.audit.ok);
  close(r.days[0].objective, 4, "total");
  close(r.days[0].houseCosts[0], 3, "prosumer");
  close(r.days[0].houseCosts[1], 1, "consumer");
  close(r.days[0].flows.battery[0]![0], 2, "level after hour 0");
  close(r.days[0].flows.battery[0]![1], 0, "level after hour 1");

  // Without a battery: hour 0 sells 2 to the grid (−8); hour 1 both buy from the grid (40). Total 32.
  const noBattery = handExample([{ prosumers: 1, consumers: 1, battery: null }], data, { hoursPerDay: 2, prices });
  const r2 = await simulate(noBattery.scenario, noBattery.profiles);
  assert.ok(r2.audit.ok);
  close(r2.days[0].objective, 32, "total without battery");
  assert.equal(r2.days[0].flows.battery[0], null);
});

test("losses and caps: eta_c, eta_d and the charge limit shape the stored energy", async () => {
  // eta_c 0.5, eta_d 2, lower 0, upper 10, initial 0, maxCharge 1, maxDischarge 10, beta 1.
  // Hour 0: prosumer solar 3, demand 0 (surplus 3); consumer demand 0.
  // Hour 1: consumer demand 0.25, prosumer demand 0.
  // Charging c ≤ 1 stores 0.5c; delivering d costs 2d of level, so d ≤ 0.25c.
  // Serving the consumer's 0.25 kWh from the battery needs c = 1: cost beta·(1 + 0.25) = 1.25,
  // and the kWh charged is not sold to the grid (loses 4): 5.25 in all, against 20·0.25 = 5 from the
  // grid. So the grid wins: hour 1 consumer buys 0.25 (5), prosumer sells 3 (−12). Total −7.
  const battery: Battery = {
    lower: 0,
    upper: 10,
    initial: 0,
    maxCharge: 1,
    maxDischarge: 10,
    chargeEfficiency: 0.5,
    dischargeFactor: 2,
  };
  const ex = handExample(
    [{ prosumers: 1, consumers: 1, battery }],
    {
      g1h1: { demand: [0, 0], solar: [3, 0] },
      g1h2: { demand: [0, 0.25] },
    },
    { hoursPerDay: 2, prices: { ...prices, peerPurchaseIntra: 30, peerSaleIntra: 0 } },
  );
  const r = await simulate(ex.scenario, ex.profiles);
  assert.ok(r.audit.ok);
  close(r.days[0].objective, -7, "total");
  // At beta = 0 the battery costs nothing but the forgone sale: 4·1 = 4 < 5, so it is used:
  // charge 1 in hour 0 (level 0.5), sell 2, deliver 0.25 in hour 1 (level 0). Total −8.
  const free = handExample(
    [{ prosumers: 1, consumers: 1, battery }],
    {
      g1h1: { demand: [0, 0], solar: [3, 0] },
      g1h2: { demand: [0, 0.25] },
    },
    { hoursPerDay: 2, prices: { ...prices, peerPurchaseIntra: 30, peerSaleIntra: 0, batteryUse: 0 } },
  );
  const r2 = await simulate(free.scenario, free.profiles);
  assert.ok(r2.audit.ok);
  close(r2.days[0].objective, -8, "total at beta 0");
  close(r2.days[0].flows.battery[0]![0], 0.5, "level after hour 0");
});

test("the only cheap energy is in the other group: an inter-group trade happens", async () => {
  // g1: one consumer, demand 1. g2: one prosumer, solar 2, demand 0. No batteries.
  // Without trade: consumer 20, prosumer −4·2 = −8 → 12.
  // Inter trade x: cost 20(1 − x) + 16x − 6x − 4(2 − x) = 12 − 6x → x = 1:
  // consumer 16, prosumer −6 − 4 = −10, total 6.
  const ex = handExample(
    [
      { prosumers: 0, consumers: 1 },
      { prosumers: 1, consumers: 0 },
    ],
    {
      g1h1: { demand: [1] },
      g2h1: { demand: [0], solar: [2] },
    },
    { hoursPerDay: 1, prices },
  );
  const r = await simulate(ex.scenario, ex.profiles);
  assert.ok(r.audit.ok);
  close(r.days[0].objective, 6, "total");
  close(r.days[0].houseCosts[0], 16, "consumer in g1");
  close(r.days[0].houseCosts[1], -10, "prosumer in g2");
  assert.deepEqual(
    r.days[0].flows.trades.map((t) => [t.seller, t.buyer]),
    [[1, 0]],
  );
  // With inter-group trades switched off the consumer buys from the grid: total 12.
  const off = await simulate(ex.scenario, ex.profiles, { features: { ...FULL_FEATURES, interTrades: false } });
  close(off.days[0].objective, 12, "total without inter trades");
});

test("surplus rule (7): two prosumers with surplus may not trade, even when it pays", async () => {
  // Peer sale price 15 above purchase price 14: each trade earns the community 1 per kWh.
  // A: solar 2, demand 1; B: solar 2, demand 1. Both have surplus, so x[A,B] = x[B,A] = 0
  // and each sells 1 to the grid: −4 each, total −8. (Without rule 7 both would trade
  // 1 kWh, bounded by demand (rule 6): total −10.)
  const ex = handExample(
    [{ prosumers: 2, consumers: 0 }],
    {
      g1h1: { demand: [1], solar: [2] },
      g1h2: { demand: [1], solar: [2] },
    },
    { hoursPerDay: 1, prices: { ...prices, peerSaleIntra: 15 } },
  );
  const r = await simulate(ex.scenario, ex.profiles);
  assert.ok(r.audit.ok);
  close(r.days[0].objective, -8, "total");
  assert.equal(r.days[0].flows.trades.length, 0);
});

test("rule 6 keeps peer sale prices above purchase prices bounded, and binds", async () => {
  // Sale 15 > purchase 14. A: solar 2, demand 1 (surplus). B: solar 0.5, demand 1 (deficit).
  // Eliminating gs_A = 1 + gb_A + x_BA − x_AB and gb_B = 0.5 + gs_B + x_BA − x_AB:
  //   cost = 6 + 16 gb_A + 16 gs_B + 15 x_BA − 17 x_AB.
  // x_AB earns 17 per kWh; it is capped by rule 6 at demand_B = 1 and needs
  // gb_B ≥ 0, i.e. x_AB ≤ 0.5 + gs_B + x_BA. The cheapest way to open that gap is
  // x_BA (15 < 16 for gs_B), itself capped at solar_B = 0.5 (rule 6): x_AB = 1, x_BA = 0.5.
  // Cost 6 + 7.5 − 17 = −3.5. A: −15·1 + 14·0.5 − 4·gs_A(0.5) = −10; B: 14·1 − 15·0.5 = 6.5.
  // Without rule 6's caps this circular trade would be unbounded.
  const ex = handExample(
    [{ prosumers: 2, consumers: 0 }],
    {
      g1h1: { demand: [1], solar: [2] },
      g1h2: { demand: [1], solar: [0.5] },
    },
    { hoursPerDay: 1, prices: { ...prices, peerSaleIntra: 15 } },
  );
  const r = await simulate(ex.scenario, ex.profiles);
  assert.ok(r.audit.ok);
  close(r.days[0].objective, -3.5, "total");
  close(r.days[0].houseCosts[0], -10, "A");
  close(r.days[0].houseCosts[1], 6.5, "B");
  const kwh = (s: number, b: number) =>
    r.days[0].flows.trades.find((t) => t.seller === s && t.buyer === b)?.kwh[0] ?? 0;
  close(kwh(0, 1), 1, "x_AB at its rule-6 cap");
  close(kwh(1, 0), 0.5, "x_BA at its rule-6 cap");
});

test("the battery level is carried from one day to the next", async () => {
  // Day 1: prosumer surplus 2 at hour 0, nothing else: storing it (beta 1 per kWh) and then
  // never using it would cost 2 and lose the sale (8): the battery stays at its initial 5.
  // Day 2: consumer demand 1 at hour 0, no PV: it discharges 1 (cost 1) instead of the grid (20).
  // Day 1 total −8, day 2 total 1; the level after day 2 is 4 (eta 1).
  const battery: Battery = {
    lower: 0,
    upper: 10,
    initial: 5,
    maxCharge: 10,
    maxDischarge: 10,
    chargeEfficiency: 1,
    dischargeFactor: 1,
  };
  const ex = handExample(
    [{ prosumers: 1, consumers: 1, battery }],
    {
      g1h1: { demand: [0, 0], solar: [2, 0] },
      g1h2: { demand: [0, 1] },
    },
    { hoursPerDay: 1, days: 2, prices },
  );
  const r = await simulate(ex.scenario, ex.profiles);
  assert.ok(r.audit.ok);
  close(r.days[0].objective, -8, "day 1");
  close(r.days[1].objective, 1, "day 2");
  assert.equal(r.days[1].flows.batteryStart[0], r.days[0].flows.battery[0]![0]);
  close(r.days[1].flows.battery[0]![0], 4, "level after day 2");
});

test("a day with nothing to decide (no PV, no demand, no battery) costs 0", async () => {
  // Every variable is left out of the lean LP (rule 6 bounds them all by 0): it is empty,
  // and both solvers call an empty LP optimal at 0; the engine keeps the columns at bounds [0, 0].
  const ex = handExample([{ prosumers: 1, consumers: 0 }], { g1h1: { demand: [0], solar: [0] } }, { hoursPerDay: 1 });
  const lean = buildDayModel(ex.scenario, buildNetwork(ex.scenario), dayProfiles(ex.profiles, 0), FULL_FEATURES, [
    null,
  ]).lp;
  assert.equal(lean.nCols, 0);
  for (const solver of ["glpk", "highs"] as const) {
    const one = await solveLp(lean, { solver });
    assert.ok(one.optimal, solver);
    const r = await simulate(ex.scenario, ex.profiles, { solver });
    assert.ok(r.audit.ok);
    assert.equal(r.days[0].objective, 0);
    assert.equal(r.days[0].houseCosts[0], 0);
  }
});

test("a day that cannot be solved is an error naming the day and the cause", async () => {
  const battery: Battery = {
    lower: 1,
    upper: 2,
    initial: 1,
    maxCharge: 1,
    maxDischarge: 1,
    chargeEfficiency: 1,
    dischargeFactor: 1,
  };
  const ex = handExample([{ prosumers: 1, consumers: 1, battery }], { g1h2: { demand: [1] } }, { hoursPerDay: 1 });
  await assert.rejects(
    simulate(ex.scenario, ex.profiles, { initialLevels: [3] }),
    /day 1: the LP is infeasible \(group g1's battery starts at 3 kWh, outside \[lower, upper\] = \[1, 2\]\)/,
  );
});

test("GLPK's presolver returning a point below a bound is caught and the day re-solved", async () => {
  // Found by the property test: g1 has two consumers and a battery that can deliver 0.007 kWh an hour;
  // g2 one prosumer without PV. The only demand is g1h2's 0.006 kWh in hour 4 of day 1.
  // With the presolver GLPK reported "optimal" with dis = 0.007 and gb = −0.001 (below gb ≥ 0).
  // The true optimum: the battery covers the 0.006 kWh (beta 3.502 ≤ p_gb 9.739):
  // cost 3.502 · 0.006 = 0.021012.
  const b1: Battery = {
    lower: 1.508,
    upper: 6.501,
    initial: 6.4960070000000005,
    maxCharge: 0.186,
    maxDischarge: 0.007,
    chargeEfficiency: 0.672,
    dischargeFactor: 1.229,
  };
  const b2: Battery = {
    lower: 0,
    upper: 0.96,
    initial: 0.26016,
    maxCharge: 0.55,
    maxDischarge: 0.88,
    chargeEfficiency: 0.868,
    dischargeFactor: 1.085,
  };
  const ex = handExample(
    [
      { prosumers: 0, consumers: 2, battery: b1 },
      { prosumers: 1, consumers: 0, battery: b2 },
    ],
    {
      g1h2: { demand: [0, 0, 0, 0, 0.006, 0] },
    },
    {
      hoursPerDay: 6,
      prices: {
        gridPurchase: 9.739,
        gridSale: 16.156,
        peerPurchaseIntra: 13.789,
        peerPurchaseInter: 28.707,
        peerSaleIntra: 1.792,
        peerSaleInter: 0.007,
        batteryUse: 3.502,
      },
    },
  );
  const r = await simulate(ex.scenario, ex.profiles, {
    solver: "glpk",
    features: { battery: true, intraTrades: false, interTrades: false },
  });
  assert.ok(r.audit.ok, JSON.stringify(r.audit.maxViolation));
  close(r.days[0].objective, 3.502 * 0.006, "total");
  assert.equal(r.days[0].presolveFallback, true);
});
