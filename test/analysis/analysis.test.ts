// Baselines, savings and KPIs on cases small enough to solve by hand. Every
// expected figure is worked out in the comments from docs/model.md, not taken
// from the code.
import { test } from "node:test";
import assert from "node:assert/strict";
import {
  buildNetwork,
  compareReport,
  fairness,
  giniRsv,
  handExample,
  kpiTable,
  runBaselines,
  savingsTable,
  type Battery,
  type DayFlows,
  type KpiRow,
  type Profiles,
  type Scenario,
  type SimulationResult,
  type DaySolution,
  FULL_FEATURES,
} from "../../src/index.js";
import { dayPrices } from "../../src/prices/prices.js";
import { BASELINE_FEATURES } from "../../src/analysis/baselines.js";
import { auditDay, summariseAudits } from "../../src/audit/audit.js";
import { flaggedHouses } from "../../src/analysis/savings.js";

// Within docs/model.md's slacks (cost 1e-5, levels 1e-6·max(1, |v|), added up over the stages: 5e-5 here): the
// tie-break stages may use them, so a plan's flows and
// bills can sit that far from the hand-worked optimum; the day's cost itself is exact to 1e-9.
const close = (actual: number | null, expected: number, what: string) =>
  assert.ok(actual !== null && Math.abs(actual - expected) < 5e-5, `${what}: expected ${expected}, got ${actual}`);

// beta = 3: storing a kWh costs 6 (charge + discharge), a same-hour intra trade
// costs the community 14 − 10 = 4, an inter trade 16 − 6 = 10; every kWh of
// surplus not sold to the grid forgoes 4.
const prices = {
  gridPurchase: 20,
  gridSale: 4,
  peerPurchaseIntra: 14,
  peerSaleIntra: 10,
  peerPurchaseInter: 16,
  peerSaleInter: 6,
  batteryUse: 3,
};
const lossless: Battery = {
  lower: 0,
  upper: 10,
  initial: 0,
  maxCharge: 10,
  maxDischarge: 10,
  chargeEfficiency: 1,
  dischargeFactor: 1,
};

test("each baseline's optimum on a two-group day worked out by hand", async () => {
  // g1: prosumer g1h1 + consumer g1h2, lossless battery 0..10 starting empty. g2: consumer g2h1, no battery.
  // Hour 0: g1h1 solar 3, demand 0; g1h2 demand 1; g2h1 demand 1. Hour 1: g1h2 demand 1, nothing else.
  // The 3 kWh of surplus exactly cover the 3 kWh of demand; each demand kWh takes its cheapest source.
  //
  // grid-only: g1h1 sells 3 (−12); g1h2 buys 2 (40); g2h1 buys 1 (20). Total 48.
  // battery-only: g1h2's kWh in hour 0 via the battery (charge and draw in the same hour) costs 6 + 4
  //   forgone = 10 < 20, in hour 1 likewise 10 < 20; g2h1 cannot reach g1's battery.
  //   g1h1: charges 2 (6), sells 1 (−4) → 2. g1h2: draws 2 (6). g2h1: 20. Total 28.
  // intra-only: hour 0 g1h2 buys from g1h1 instead (4 + 4 = 8 < 10); hour 1 still from the battery.
  //   g1h1: −10 + 3 − 4 = −11. g1h2: 14 + 3 = 17. g2h1: 20. Total 26.
  // full: g2h1 buys g1h1's last kWh (10 + 4 = 14 < 20) instead of the grid; g1h1 sells nothing to the grid.
  //   g1h1: −10 + 3 − 6 = −13. g1h2: 17. g2h1: 16. Total 20.
  const ex = handExample(
    [
      { prosumers: 1, consumers: 1, battery: lossless },
      { prosumers: 0, consumers: 1 },
    ],
    {
      g1h1: { demand: [0, 0], solar: [3, 0] },
      g1h2: { demand: [1, 1] },
      g2h1: { demand: [1, 0] },
    },
    { hoursPerDay: 2, prices },
  );
  const runs = await runBaselines(ex.scenario, ex.profiles);
  const expected = {
    "grid-only": [-12, 40, 20, 48],
    "battery-only": [2, 6, 20, 28],
    "intra-only": [-11, 17, 20, 26],
    full: [-13, 17, 16, 20],
  } as const;
  for (const [b, [h1, h2, h3, total]] of Object.entries(expected) as [keyof typeof expected, readonly number[]][]) {
    const r = runs[b];
    assert.ok(r.audit.ok, `${b} audited`);
    assert.deepEqual(r.features, BASELINE_FEATURES[b]);
    close(r.days[0].objective, total, `${b} total`);
    [h1, h2, h3].forEach((c, h) => close(r.days[0].houseCosts[h], c, `${b} ${r.network.houses[h].id}`));
  }
  // Options switched off leave no trace in the flows.
  assert.equal(runs["grid-only"].days[0].flows.battery[0], null);
  assert.equal(runs["battery-only"].days[0].flows.trades.length, 0);
  assert.ok(
    runs["intra-only"].days[0].flows.trades.every(
      (t) => runs.full.network.houses[t.seller].group === runs.full.network.houses[t.buyer].group,
    ),
  );

  // Savings of full: against grid-only g1h1 −12 − (−13) = 1, g1h2 40 − 17 = 23, g2h1 20 − 16 = 4;
  // g1 28 − 4 = 24, g2 4, community 28 (58.33 % of 48). Against battery-only: g1h1 15, g1h2 −11, g2h1 4, community 8.
  const rows = savingsTable(runs);
  const by = (id: string) => rows.find((r) => r.id === id)!;
  close(by("g1h1").saving["grid-only"], 1, "g1h1 vs grid-only");
  close(by("g1h2").saving["grid-only"], 23, "g1h2 vs grid-only");
  close(by("g2h1").saving["grid-only"], 4, "g2h1 vs grid-only");
  close(by("g1").saving["grid-only"], 24, "g1 vs grid-only");
  close(by("g2").saving["grid-only"], 4, "g2 vs grid-only");
  close(by("community").saving["grid-only"], 28, "community vs grid-only");
  close(by("community").savingPct["grid-only"], (100 * 28) / 48, "community % vs grid-only");
  close(by("g1h1").saving["battery-only"], 15, "g1h1 vs battery-only");
  close(by("g1h2").saving["battery-only"], -11, "g1h2 vs battery-only");
  close(by("community").saving["battery-only"], 8, "community vs battery-only");
  close(by("community").saving["intra-only"], 6, "community vs intra-only");
  close(by("g1h1").savingPct["grid-only"], (100 * 1) / 12, "g1h1 % of |−12|");
  assert.deepEqual(flaggedHouses(rows), []);

  // Fairness against grid-only: savings (1, 23, 4) all gains; Σᵢⱼ|yᵢ − yⱼ| = 2(3 + 22 + 19) = 88,
  // T⁺ = 28, G = 88 / (2·3·28) = 0.5238…; in g1, (1, 23): 44 / (2·2·24) = 0.4583…
  const k = kpiTable(runs.full, { reference: runs["grid-only"] });
  const kc = k.find((r) => r.scope === "community")!;
  close(kc.shareGaining, 1, "share gaining");
  close(kc.savingsGini, 88 / 168, "gini community");
  close(k.find((r) => r.id === "g1")!.savingsGini, 44 / 96, "gini g1");
  close(kc.saving, 28, "community saving in the KPI table");
  assert.equal(k.find((r) => r.id === "g1h1")!.shareGaining, null);

  // The report: CSVs with one row per house, group and the community; one KPI row per baseline and scope.
  const report = compareReport(runs);
  assert.equal(report.files["savings.csv"].trim().split("\n").length, 1 + 3 + 2 + 1);
  assert.equal(report.files["kpis.csv"].trim().split("\n").length, 1 + 4 * (3 + 2 + 1));
  assert.deepEqual(report.summary.totals, by("community").cost);
  assert.match(report.text, /No house pays more/);
});

test("a house that pays more under full than under grid-only is flagged", async () => {
  // g1: prosumer g1h1 + consumer g1h2, lossless battery, beta 3. Hour 0: g1h1 solar 1 (no demand).
  // Hour 1: g1h2 demand 1 (no PV anywhere). A trade needs PV in the same hour, so only the battery helps.
  // grid-only: g1h1 sells 1 (−4), g1h2 buys 1 (20): 16.
  // battery-only = intra-only = full: g1h1 charges 1 (3), g1h2 draws 1 (3): 6 < 16.
  // g1h1 pays 3 instead of earning 4: saving −7 (−175 % of |−4|), flagged; g1h2 saves 17.
  // Fairness: one of two houses gains; savings (−7, 17): Σᵢⱼ|yᵢ − yⱼ| = 48, T⁺ + T⁻ = 24, G = 48 / (2·2·24) = 0.5.
  const ex = handExample(
    [{ prosumers: 1, consumers: 1, battery: lossless }],
    {
      g1h1: { demand: [0, 0], solar: [1, 0] },
      g1h2: { demand: [0, 1] },
    },
    { hoursPerDay: 2, prices },
  );
  const runs = await runBaselines(ex.scenario, ex.profiles);
  for (const b of ["battery-only", "intra-only", "full"] as const) close(runs[b].days[0].objective, 6, b);
  close(runs["grid-only"].days[0].objective, 16, "grid-only");
  const rows = savingsTable(runs);
  assert.deepEqual(flaggedHouses(rows), ["g1h1"]);
  const g1h1 = rows.find((r) => r.id === "g1h1")!;
  close(g1h1.saving["grid-only"], -7, "g1h1 saving");
  close(g1h1.savingPct["grid-only"], -175, "g1h1 saving %");
  assert.equal(rows.find((r) => r.id === "community")!.paysMore, false);
  const kc = kpiTable(runs.full, { reference: runs["grid-only"] }).at(-1)!;
  close(kc.shareGaining, 0.5, "share gaining");
  close(kc.savingsGini, 0.5, "gini");
  const report = compareReport(runs);
  assert.deepEqual(report.flagged, ["g1h1"]);
  assert.match(report.text, /Paying MORE under full than under grid-only: g1h1/);
  assert.match(report.files["savings.csv"], /\nhouse,g1h1,g1,prosumer,-4,3,3,3,-7,-175,.*,true\n/);
});

test("giniRsv: the ordinary Gini for non-negative values, RSV's normalisation with negative ones", () => {
  assert.equal(giniRsv([5, 5, 5]), 0);
  close(giniRsv([0, 0, 0, 4]), 0.75, "one holds all (ordinary Gini (N−1)/N)");
  close(giniRsv([1, 2, 3, 4]), 0.25, "Σ|yᵢ−yⱼ| = 20, 20 / (2·4·10)");
  close(giniRsv([-7, 17]), 0.5, "(−7, 17)");
  // polarised: T⁺ to one, −T⁻ to another, the rest 0: Σᵢⱼ|yᵢ−yⱼ| = 2(N−1)(T⁺+T⁻) → (N−1)/N
  close(giniRsv([-3, 0, 0, 5]), 0.75, "polarised, N = 4");
  assert.equal(giniRsv([0, 0]), null);
  assert.equal(giniRsv([3]), null);
  // order does not matter, scale does not matter
  close(giniRsv([4, -1, 2]), giniRsv([-2, 8, 4])!, "scale-free");
  assert.deepEqual(fairness([20, 20], [10, 30]), { shareGaining: 0.5, savingsGini: 0.5 });
});

/**
 * A day built by hand (not solved), checked by the auditor, for the KPI formulas.
 * g1: prosumers g1h1, g1h2, consumer g1h3; battery lower 1, upper 5, initial 1, eta_c 0.8, eta_d 1.25.
 * g2: consumer g2h1, no battery. T = 2.
 *   hour 0: g1h1 solar 4 demand 1: charges 1, sells 1 to g1h3, 0.5 to g2h1, 0.5 to the grid.
 *           g1h2 (no PV) buys its 1 from the grid. g1h3: 1 from g1h1 + 1 grid. g2h1: 0.5 from g1h1 + 0.5 grid.
 *           level 1 + 0.8·1 = 1.8.
 *   hour 1: g1h1 demand 1: 0.4 from the battery, 0.6 grid. g1h2 solar 1 demand 0.5: sells 0.5 to g2h1.
 *           g1h3 demand 1: 0.2 battery + 0.8 grid. g2h1 demand 2: 0.5 from g1h2 + 1.5 grid.
 *           level 1.8 − 1.25·0.6 = 1.05.
 */
function handBuiltDay(): SimulationResult {
  const battery: Battery = {
    lower: 1,
    upper: 5,
    initial: 1,
    maxCharge: 3,
    maxDischarge: 3,
    chargeEfficiency: 0.8,
    dischargeFactor: 1.25,
  };
  const scenario: Scenario = {
    hoursPerDay: 2,
    days: 1,
    seed: 0,
    prices,
    groups: [
      { prosumers: 2, consumers: 1, battery },
      { prosumers: 0, consumers: 1, battery: null },
    ],
  };
  const network = buildNetwork(scenario);
  // houses g1h1, g1h2, g1h3, g2h1; per-house arrays [hour 0, hour 1]
  const hh = (...v: number[][]) => Float64Array.from(v.flat());
  const profiles: Profiles = {
    days: 1,
    hours: 2,
    houses: network.houses.map((h) => h.id),
    demand: hh([1, 1], [1, 0.5], [2, 1], [1, 2]),
    solar: hh([4, 0], [0, 1], [0, 0], [0, 0]),
  };
  const flows: DayFlows = {
    day: 1,
    hours: 2,
    gridPurchase: hh([0, 0.6], [1, 0], [1, 0.8], [0.5, 1.5]),
    gridSale: hh([0.5, 0], [0, 0], [0, 0], [0, 0]),
    charge: hh([1, 0], [0, 0], [0, 0], [0, 0]),
    discharge: hh([0, 0.4], [0, 0], [0, 0.2], [0, 0]),
    trades: [
      { seller: 0, buyer: 2, kwh: hh([1, 0]) },
      { seller: 0, buyer: 3, kwh: hh([0.5, 0]) },
      { seller: 1, buyer: 3, kwh: hh([0, 0.5]) },
    ],
    battery: [hh([1.8, 1.05]), null],
    batteryStart: [1, null],
  };
  const audit = auditDay(
    scenario,
    dayPrices(scenario.prices, 2, 0),
    network,
    { hours: 2, demand: profiles.demand, solar: profiles.solar },
    FULL_FEATURES,
    flows,
    [1, null],
    { houseCosts: new Float64Array(4), objective: 0 },
  );
  const zero = { buildMs: 0, solveMs: 0, extractMs: 0, auditMs: 0 };
  const objective = audit.houseCosts.reduce((a, b) => a + b, 0);
  return {
    scenario,
    allocation: "solver",
    network,
    profiles,
    features: { ...FULL_FEATURES },
    // the solver's bookkeeping (LP size, timings, …) is left out: the KPIs never read it
    days: [{ day: 1, objective, houseCosts: audit.houseCosts, flows, audit } as DaySolution],
    audit: summariseAudits([audit]),
    solver: { name: "by hand", version: "", backend: "highs", formulation: "pair", presolve: true },
    timings: { ...zero, totalMs: 0 },
  };
}

test("KPI formulas on a hand-built day", () => {
  const r = handBuiltDay();
  // the hand-built plan obeys every constraint (only its reported costs are dummies)
  for (const [family, v] of Object.entries(r.days[0].audit.violations)) assert.ok(v <= 1e-9, `${family} ${v}`);
  const rows = kpiTable(r);
  const k = (id: string) => rows.find((x) => x.id === id)!;
  const expect = (id: string, want: Partial<Record<keyof KpiRow, number | null>>) => {
    for (const [key, v] of Object.entries(want)) {
      const got = k(id)[key as keyof KpiRow] as number | null;
      if (v === null) assert.equal(got, null, `${id}.${key}`);
      else close(got, v, `${id}.${key}`);
    }
  };
  // g1h1: D 2, S 4; I = gb 0.6 + dis 0.4 = 1, E = gs 0.5 + ch 1 + sold 1.5 = 3 → SCR 1/4, SSR 1/2 (1 kWh used directly).
  // loss 0.2·1 + 0.25·0.4 = 0.3.
  expect("g1h1", {
    demandKwh: 2,
    solarKwh: 4,
    gridImportKwh: 0.6,
    gridExportKwh: 0.5,
    peakGridImportKwh: 0.6,
    selfConsumption: 0.25,
    selfSufficiency: 0.5,
    p2pIntraKwh: 1,
    p2pInterKwh: 0.5,
    batteryChargeKwh: 1,
    batteryDischargeKwh: 0.4,
    batteryThroughputKwh: 1.4,
    batteryCycles: null,
    batteryLossKwh: 0.3,
  });
  // g1h2: D 1.5, S 1; I = 1, E = 0.5 → SCR 0.5, SSR 1/3.
  expect("g1h2", {
    selfConsumption: 0.5,
    selfSufficiency: 1 / 3,
    p2pIntraKwh: 0,
    p2pInterKwh: 0.5,
    peakGridImportKwh: 1,
    batteryLossKwh: 0,
  });
  // g1h3: D 3, I = 1.8 + 0.2 + 1 = 3 → SSR 0; no PV → SCR null. loss 0.25·0.2.
  expect("g1h3", {
    selfConsumption: null,
    selfSufficiency: 0,
    gridImportKwh: 1.8,
    p2pIntraKwh: 1,
    batteryLossKwh: 0.05,
  });
  expect("g2h1", { selfSufficiency: 0, gridImportKwh: 2, peakGridImportKwh: 1.5, p2pInterKwh: 1, p2pIntraKwh: 0 });
  // g1: D 6.5, S 5; I = Σgb 3.4 (+ nothing bought from g2), E = Σgs 0.5 + sold to g2 1 = 1.5 →
  // SCR 3.5/5 = 0.7, SSR 3.1/6.5. Peak: hour 0 0 + 1 + 1 = 2, hour 1 0.6 + 0.8 = 1.4 → 2.
  // Battery: in 1, out 0.6; level moved 0.8·1 + 1.25·0.6 = 1.55 over 2·(5 − 1) = 8 → 0.19375 cycles;
  // losses 0.2 + 0.25·0.6 = 0.35 (= charged − delivered − level gained: 1 − 0.6 − 0.05).
  expect("g1", {
    demandKwh: 6.5,
    solarKwh: 5,
    gridImportKwh: 3.4,
    gridExportKwh: 0.5,
    peakGridImportKwh: 2,
    selfConsumption: 0.7,
    selfSufficiency: 3.1 / 6.5,
    p2pIntraKwh: 1,
    p2pInterKwh: 1,
    batteryThroughputKwh: 1.6,
    batteryCycles: 1.55 / 8,
    batteryLossKwh: 0.35,
  });
  // g2: I = gb 2 + bought from g1 1 = D → SSR 0; no battery.
  expect("g2", {
    selfSufficiency: 0,
    selfConsumption: null,
    p2pInterKwh: 1,
    p2pIntraKwh: 0,
    batteryCycles: null,
    peakGridImportKwh: 1.5,
  });
  // community: D 9.5, S 5, I = 5.4, E = 0.5 → SCR 0.9, SSR 4.1/9.5. Peak: hour 0 2.5, hour 1 2.9.
  // Each trade counted once: intra 1, inter 1. Balance: S + I − E − losses − level gained = 5 + 5.4 − 0.5 − 0.35 − 0.05 = 9.5 = D.
  expect("community", {
    demandKwh: 9.5,
    solarKwh: 5,
    gridImportKwh: 5.4,
    gridExportKwh: 0.5,
    peakGridImportKwh: 2.9,
    selfConsumption: 0.9,
    selfSufficiency: 4.1 / 9.5,
    p2pIntraKwh: 1,
    p2pInterKwh: 1,
    batteryCycles: 1.55 / 8,
    batteryLossKwh: 0.35,
    shareGaining: null,
    savingsGini: null,
    saving: null,
  });
  // Costs (prices above): g1h1 −10 − 3 − 2 + 3·1.4 + 20·0.6 = 1.2; community = Σ houses; one day: mean = quantiles = cost.
  // g1h2 20 − 3 = 17; g1h3 14 + 36 + 0.6 = 50.6; g2h1 16 + 40 = 56.
  expect("g1h1", { cost: 1.2 });
  expect("community", {
    cost: 1.2 + 17 + 50.6 + 56,
    costDailyMean: 124.8,
    costDailyMedian: 124.8,
    costDailyP10: 124.8,
    costDailyP90: 124.8,
  });
});
