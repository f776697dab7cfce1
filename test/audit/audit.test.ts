// The auditor must catch a wrong solution, family by family: each test breaks
// one solved flow and expects that family (and only a failing audit) to show it.
import { test } from "node:test";
import assert from "node:assert/strict";
import {
  buildNetwork,
  dayProfiles,
  FULL_FEATURES,
  handExample,
  simulate,
  type Battery,
  type DayFlows,
} from "../../src/index.js";
import { dayPrices } from "../../src/prices/prices.js";
import { type Violations, auditDay } from "../../src/audit/audit.js";

const battery: Battery = {
  lower: 1,
  upper: 5,
  initial: 2,
  maxCharge: 1,
  maxDischarge: 1,
  chargeEfficiency: 0.9,
  dischargeFactor: 1.1,
};
// g1: prosumers A, B and consumer C with a battery; g2: consumer D, no battery.
const ex = handExample(
  [
    { prosumers: 2, consumers: 1, battery },
    { prosumers: 0, consumers: 1 },
  ],
  {
    g1h1: { demand: [0.5, 1], solar: [2, 0] },
    g1h2: { demand: [0.5, 1], solar: [1.5, 0.2] },
    g1h3: { demand: [1, 1] },
    g2h1: { demand: [1, 1] },
  },
  { hoursPerDay: 2 },
);
const network = buildNetwork(ex.scenario);
const solved = await simulate(ex.scenario, ex.profiles);
const day = solved.days[0];

function copy(f: DayFlows): DayFlows {
  return {
    ...f,
    gridPurchase: f.gridPurchase.slice(),
    gridSale: f.gridSale.slice(),
    charge: f.charge.slice(),
    discharge: f.discharge.slice(),
    trades: f.trades.map((t) => ({ ...t, kwh: t.kwh.slice() })),
    battery: f.battery.map((b) => b && b.slice()),
  };
}
function audit(f: DayFlows, reported = { houseCosts: day.houseCosts, objective: day.objective }) {
  return auditDay(
    ex.scenario,
    dayPrices(ex.scenario.prices, ex.profiles.hours, 0),
    network,
    dayProfiles(ex.profiles, 0),
    FULL_FEATURES,
    f,
    [battery.initial, null],
    reported,
  );
}
function expectCaught(family: keyof Violations, f: DayFlows, atLeast: number) {
  const a = audit(f);
  assert.equal(a.ok, false, `audit should fail on ${family}`);
  assert.ok(a.violations[family] >= atLeast - 1e-12, `${family}: ${a.violations[family]} < ${atLeast}`);
}

test("the solved day passes, and recomputed costs match the solver's", () => {
  const a = audit(day.flows);
  assert.ok(a.ok, JSON.stringify(a.violations));
  assert.ok(a.houseCostError < 1e-9 && a.objectiveError < 1e-9);
});

test("a house buying 0.01 kWh more from the grid breaks its balance (rules 4/5)", () => {
  const f = copy(day.flows);
  f.gridPurchase[2 * 2 + 0] += 0.01; // g1h3, hour 0
  expectCaught("houseBalance", f, 0.01);
});

test("a battery level off by 0.01 breaks rule 1", () => {
  const f = copy(day.flows);
  f.battery[0]![1] += 0.01;
  expectCaught("batteryBalance", f, 0.01);
});

test("a day starting from the wrong level breaks the carry-over", () => {
  const f = copy(day.flows);
  f.batteryStart[0] = battery.initial + 0.5;
  expectCaught("batteryBalance", f, 0.5);
});

test("levels outside [lower, upper] break rule 2; a charge above the cap breaks rule 3", () => {
  const f = copy(day.flows);
  f.battery[0]![0] = battery.upper + 0.3;
  expectCaught("batteryBounds", f, 0.3);
  const g = copy(day.flows);
  g.charge[0 * 2 + 0] += 2; // A charges 2 kWh more in hour 0 (cap 1)
  expectCaught("chargeCap", g, 1);
  const h = copy(day.flows);
  h.discharge[2 * 2 + 1] += 2;
  expectCaught("dischargeCap", h, 1);
});

test("a sale above the seller's PV breaks rule 6", () => {
  const f = copy(day.flows);
  f.gridSale[1 * 2 + 1] = 0.5; // B's PV in hour 1 is 0.2
  expectCaught("prosumerBounds", f, 0.3);
});

test("a trade between two prosumers with surplus breaks rule 7", () => {
  const f = copy(day.flows);
  f.trades.push({ seller: 0, buyer: 1, kwh: Float64Array.of(0.1, 0) }); // both have surplus in hour 0
  expectCaught("surplusRule", f, 0.1);
});

test("a consumer selling, or a house without battery discharging, breaks the structure", () => {
  const f = copy(day.flows);
  f.trades.push({ seller: 2, buyer: 3, kwh: Float64Array.of(0.1, 0) }); // C is a consumer
  expectCaught("structure", f, 0.1);
  const g = copy(day.flows);
  g.discharge[3 * 2 + 0] = 0.2; // D's group has no battery
  expectCaught("structure", g, 0.2);
});

test("negative flows and wrong reported costs fail the audit", () => {
  const f = copy(day.flows);
  f.gridSale[0] = -0.2;
  expectCaught("nonNegative", f, 0.2);
  const costs = day.houseCosts.slice();
  costs[0] += 1;
  const a = audit(day.flows, { houseCosts: costs, objective: day.objective });
  assert.equal(a.ok, false);
  assert.ok(a.houseCostError > 1e-3);
  const b = audit(day.flows, { houseCosts: day.houseCosts, objective: day.objective + 1 });
  assert.equal(b.ok, false);
  assert.ok(b.objectiveError > 1e-3);
});
