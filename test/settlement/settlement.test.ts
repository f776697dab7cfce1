// Settlement rules on hand-worked communities (docs/model.md "Settlement").
import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import {
  CoalitionCosts,
  coalitionCommunity,
  demoExample,
  handExample,
  profileIndex,
  settle,
  settleAll,
  settlementRule,
  simulate,
  SETTLEMENT_RULE_NAMES,
  type Battery,
  type Settlement,
} from "../../src/index.js";
import { FC_SEED, randomExample } from "../helpers/arbitraries.js";

// Within the stages' slacks (docs/model.md: cost within 1e-5 per day).
const close = (actual: number, expected: number, what: string, tol = 5e-5) =>
  assert.ok(Math.abs(actual - expected) <= tol, `${what}: expected ${expected}, got ${actual}`);
const savings = (s: Settlement) => Object.fromEntries(Object.entries(s.byHouse).map(([id, h]) => [id, h.saving]));

// The issue's prices: grid 30/8, peer purchase 20 and peer sale 15 (inside and between groups), battery use 1.
const issuePrices = {
  gridPurchase: 30,
  gridSale: 8,
  peerPurchaseIntra: 20,
  peerPurchaseInter: 20,
  peerSaleIntra: 15,
  peerSaleInter: 15,
  batteryUse: 1,
};

// Two groups, one hour, no batteries. g1: prosumer g1h1 (PV 2, no demand) + consumer g1h2 (demand 1); g2: consumer g2h1 (demand 1).
// Stand-alone: r(g1h1) = −8·2 = −16, r(g1h2) = 30, r(g2h1) = 30; Σ r = 44.
// Selling 1 kWh to a peer instead of the grid gains the seller 15 − 8 = 7 and saves the buyer 30 − 20 = 10, so every
// consumer of a coalition that holds g1h1 buys from it:
//   F({g1}) = −15 − 8 + 20 = −3                 v({g1}) = 14 − (−3) = 17
//   F({g2}) = 30                                 v({g2}) = 0
//   F({g1, g2}) = −15 − 15 + 20 + 20 = 10        v(N) = 44 − 10 = 34
// Shapley, groups: φ_g1 = ½ [v({g1}) + v(N) − v({g2})] = ½ (17 + 34) = 25.5; φ_g2 = ½ [0 + 34 − 17] = 8.5.
// Inside g1 equally: g1h1 and g1h2 save 12.75 each; g2h1 saves 8.5.
// Shapley, houses (1 = g1h1, 2 = g1h2, 3 = g2h1): v({h}) = 0 for each (alone = stand-alone), v({1,2}) = 17,
// v({1,3}) = −16 + 30 − (−15 − 8 + 20) = 17 (group structure kept: g1 with g1h1, g2 with g2h1), v({2,3}) = 0, v(N) = 34.
// Marginal contributions over the 6 orders: house 1: 0, 0, 17, 17, 34, 34 → φ1 = 102/6 = 17;
// house 2: 0, 0, 17 (after 1), 0 (after 3), 17, 17 (last) → φ2 = 51/6 = 8.5; house 3 the same by symmetry: 8.5.
const twoGroups = () =>
  handExample(
    [
      { prosumers: 1, consumers: 1 },
      { prosumers: 0, consumers: 1 },
    ],
    {
      g1h1: { demand: [0], solar: [2] },
      g1h2: { demand: [1] },
      g2h1: { demand: [1] },
    },
    { hoursPerDay: 1, prices: issuePrices },
  );

test("shapley-groups on two groups: the values from the four coalition costs", async () => {
  const ex = twoGroups();
  const run = await simulate(ex.scenario, ex.profiles);
  const costs = new CoalitionCosts(run);
  close(await costs.cost([0, 1]), -3, "F({g1})");
  close(await costs.cost([2]), 30, "F({g2})");
  close(await costs.cost([0, 1, 2]), 10, "F(N)");
  const s = await settle(run, { rule: "shapley-groups", costs });
  assert.equal(s.exact, true);
  close(s.game!.values[0], 25.5, "φ_g1");
  close(s.game!.values[1], 8.5, "φ_g2");
  close(s.byHouse.g1h1.saving, 12.75, "g1h1");
  close(s.byHouse.g1h2.saving, 12.75, "g1h2");
  close(s.byHouse.g2h1.saving, 8.5, "g2h1");
  close(s.byGroup.g1.alone!, 17, "v({g1})");
  close(s.byGroup.g2.alone!, 0, "v({g2})");
  assert.deepEqual(s.checks.groupRationality, { ok: true, groups: [] });
  assert.equal(s.game!.runs, 0, "every coalition was already in the cache");
});

test("shapley-houses on three houses", async () => {
  const ex = twoGroups();
  const run = await simulate(ex.scenario, ex.profiles);
  const s = await settle(run, { rule: "shapley-houses" });
  close(s.byHouse.g1h1.saving, 17, "φ(g1h1)");
  close(s.byHouse.g1h2.saving, 8.5, "φ(g1h2)");
  close(s.byHouse.g2h1.saving, 8.5, "φ(g2h1)");
  // 2^3 − 1 coalitions, the whole community's run reused
  assert.equal(s.game!.runs, 6);
  // settled bills c_h = r_h − φ_h: −33, 21.5, 21.5; Σ = 10 = F
  close(s.byHouse.g1h1.settledBill, -33, "c(g1h1)");
  close(s.checks.budgetBalance.settledTotal, 10, "Σ c");
  assert.ok(s.checks.budgetBalance.ok);
  close(s.checks.transfersSum, 0, "Σ transfers", 1e-9);
});

test("a coalition's community keeps its groups' structure and batteries, ids renumbered", () => {
  const b: Battery = {
    lower: 0,
    upper: 2,
    initial: 1,
    maxCharge: 1,
    maxDischarge: 1,
    chargeEfficiency: 1,
    dischargeFactor: 1,
  };
  const ex = handExample(
    [
      { prosumers: 2, consumers: 1, battery: b },
      { prosumers: 1, consumers: 1, battery: b },
    ],
    { g1h2: { demand: [0.5], solar: [1] }, g1h3: { demand: [2] }, g2h2: { demand: [3] } },
    { hoursPerDay: 1 },
  );
  // g1h2 (index 1), g1h3 (2), g2h2 (4): group 1 keeps 1 prosumer + 1 consumer and its battery, group 2 a consumer and its battery
  const c = coalitionCommunity(ex.scenario, ex.profiles, [4, 1, 2]);
  assert.deepEqual(c.scenario.groups, [
    { prosumers: 1, consumers: 1, battery: b },
    { prosumers: 0, consumers: 1, battery: b },
  ]);
  assert.deepEqual(c.profiles.houses, ["g1h1", "g1h2", "g2h1"]);
  assert.deepEqual([...c.profiles.demand], [0.5, 2, 3]);
  assert.deepEqual([...c.profiles.solar], [1, 0, 0]);
});

// The issue's example in small: one group, prosumer g1h1 (PV 1 at hour 0) and consumer g1h2 (demand 1 at hour 1),
// a lossless battery, the issue's prices. Alone: g1h1 sells 1 to the grid (−8), g1h2 buys 1 (30): Σ r = 22.
// The only cheapest plan: g1h1 charges 1 (pays 1), g1h2 draws 1 (pays 1): F = 2, S = 20.
// none: g1h1 saves −8 − 1 = −9 (named by the check), g1h2 29. equal: 10 each. demand: D = (0, 1): g1h1 0, g1h2 20.
test("individual rationality: `none` names the house that pays more than alone; equal and demand pass", async () => {
  const lossless: Battery = {
    lower: 0,
    upper: 5,
    initial: 0,
    maxCharge: 5,
    maxDischarge: 5,
    chargeEfficiency: 1,
    dischargeFactor: 1,
  };
  const ex = handExample(
    [{ prosumers: 1, consumers: 1, battery: lossless }],
    { g1h1: { demand: [0, 0], solar: [1, 0] }, g1h2: { demand: [0, 1] } },
    { hoursPerDay: 2, prices: issuePrices },
  );
  const run = await simulate(ex.scenario, ex.profiles);
  const all = await settleAll(run);
  close(all.none.byHouse.g1h1.saving, -9, "none g1h1");
  assert.deepEqual(all.none.checks.individualRationality, { ok: false, houses: ["g1h1"] });
  close(all.equal.byHouse.g1h1.saving, 10, "equal g1h1");
  close(all.equal.byHouse.g1h1.transfer, -9 - 10 + 0, "equal g1h1 transfer: c − b = (r − 10) − (r + 9)", 5e-5);
  close(all.demand.byHouse.g1h1.saving, 0, "demand g1h1");
  close(all.demand.byHouse.g1h2.saving, 20, "demand g1h2");
  for (const r of ["equal", "demand", "shapley-groups", "shapley-houses"] as const)
    assert.ok(all[r].checks.individualRationality.ok, `${r}: ${JSON.stringify(all[r].checks.individualRationality)}`);
});

test("the issue's prices on the demo's network (day 1): `none` names g1h1, g1h2 and g2h1; the other rules pass", async () => {
  const { scenario, profiles } = demoExample();
  const run = await simulate({ ...scenario, prices: issuePrices }, profiles, { days: 1 });
  const all = await settleAll(run);
  assert.deepEqual(all.none.checks.individualRationality.houses, ["g1h1", "g1h2", "g2h1"]);
  for (const r of ["equal", "demand", "shapley-groups", "shapley-houses"] as const)
    assert.ok(all[r].checks.individualRationality.ok, r);
});

test("equal and demand on the 122-day demo: S / N and S · D_h / Σ D", async () => {
  const { scenario, profiles } = demoExample();
  const run = await simulate(scenario, profiles, { allocation: "solver" });
  const all = await settleAll(run, {});
  // README: the community pays 51 477.08 against 82 191.77 alone: S = 30 714.69, S / 5 = 6 142.94
  close(all.equal.communitySaving, 30714.69, "S", 0.01);
  for (const h of Object.values(all.equal.byHouse)) close(h.saving, 6142.94, "S / 5", 0.01);
  // D_h summed here from the profiles; the demo's demand profiles 1 (g1h1) and 4 (g2h1) are the same template, so equal shares
  const T = profiles.hours;
  const D = profiles.houses.map((_, h) => {
    let s = 0;
    for (let d = 0; d < 122; d++) for (let t = 0; t < T; t++) s += profiles.demand[profileIndex(profiles, d, h, t)];
    return s;
  });
  const total = D.reduce((a, b) => a + b, 0);
  profiles.houses.forEach((id, h) =>
    close(all.demand.byHouse[id].saving, (30714.69 * D[h]) / total, `demand ${id}`, 0.01),
  );
  close(all.demand.byHouse.g1h1.saving, all.demand.byHouse.g2h1.saving, "same template, same share", 1e-9);
  for (const r of SETTLEMENT_RULE_NAMES) {
    assert.ok(all[r].checks.budgetBalance.ok, `${r} budget`);
    assert.ok(Math.abs(all[r].checks.transfersSum) < 1e-6, `${r} transfers ${all[r].checks.transfersSum}`);
  }
  assert.equal(all.none.byHouse.g1h1.transfer, 0);
});

test("equal and demand are individually rational on random communities", async () => {
  await fc.assert(
    fc.asyncProperty(randomExample(2), async ({ scenario, profiles }) => {
      const run = await simulate(scenario, profiles, { allocation: "solver" });
      const eq = await settle(run, { rule: "equal" });
      assert.ok(eq.checks.individualRationality.ok, JSON.stringify(eq.checks));
      assert.ok(eq.checks.budgetBalance.ok, JSON.stringify(eq.checks.budgetBalance));
      if (profiles.demand.some((d) => d > 0)) {
        const dm = await settle(run, { rule: "demand" });
        assert.ok(dm.checks.individualRationality.ok, JSON.stringify(dm.checks));
        assert.ok(dm.checks.budgetBalance.ok, JSON.stringify(dm.checks.budgetBalance));
      }
    }),
    { numRuns: 60, seed: FC_SEED },
  );
});

test("bad input: an unknown rule names the choices; Shapley above the exact limit says the cost and how to sample", async () => {
  assert.throws(
    () => settlementRule("shapley"),
    /--settlement: unknown rule "shapley"; one of: none, equal, demand, shapley-groups, shapley-houses/,
  );
  const ex = twoGroups();
  const run = await simulate(ex.scenario, ex.profiles);
  await assert.rejects(
    settle(run, { rule: "shapley-houses", shapley: { exactLimit: 2 } }),
    /--settlement shapley-houses: 3 players need 2\^3 − 2 = 6 horizon runs for the exact value, about \d+ s at [\d.]+ s per run .*--shapley-samples N/,
  );
  // with a budget it samples: 3 players, the values within their errors of 17, 8.5, 8.5
  const s = await settle(run, { rule: "shapley-houses", shapley: { exactLimit: 2, samples: 400, seed: 1 } });
  assert.equal(s.exact, false);
  [17, 8.5, 8.5].forEach((v, k) =>
    assert.ok(Math.abs(s.game!.values[k] - v) <= 4 * s.game!.se[k] + 1e-9, `player ${k}`),
  );
  close(
    s.game!.values.reduce((a, b) => a + b, 0),
    34,
    "Σ φ = v(N) whatever the draw",
  );
  assert.ok(s.byHouse.g1h1.se! > 0);
});

// What the model fixes does not depend on the solver, presolve or the houses' order: neither do the Shapley values
// (each coalition's cost is a stage-1 optimum, its battery chain fixed by stage 2).
test("Shapley values are the same with glpk, presolve off and two prosumers' data swapped", async () => {
  const { scenario, profiles } = demoExample();
  const days = 3;
  const values = async (opts: { solver?: "highs" | "glpk"; presolve?: boolean }, p = profiles) => {
    const run = await simulate(scenario, p, { days, allocation: "solver", ...opts });
    const g = await settle(run, { rule: "shapley-groups" });
    const h = await settle(run, { rule: "shapley-houses" });
    return [...g.game!.values, ...h.game!.values];
  };
  const base = await values({});
  for (const [what, v] of [
    ["glpk", await values({ solver: "glpk" })],
    ["presolve off", await values({ presolve: false })],
  ] as const)
    v.forEach((x, i) => close(x, base[i], `${what} value ${i}`, 1e-5 * days));
  // g1h1 and g1h2 (both prosumers of g1) swap their demand and PV: their house values swap, the groups' stay
  const swapped = { ...profiles, demand: profiles.demand.slice(), solar: profiles.solar.slice() };
  for (let d = 0; d < days; d++)
    for (let t = 0; t < profiles.hours; t++) {
      const [a, b] = [profileIndex(profiles, d, 0, t), profileIndex(profiles, d, 1, t)];
      [swapped.demand[a], swapped.demand[b]] = [profiles.demand[b], profiles.demand[a]];
      [swapped.solar[a], swapped.solar[b]] = [profiles.solar[b], profiles.solar[a]];
    }
  const sw = await values({}, swapped);
  const expected = [base[0], base[1], base[3], base[2], base[4], base[5], base[6]];
  sw.forEach((x, i) => close(x, expected[i], `swapped value ${i}`, 1e-5 * days));
});

test("shapley-groups on random communities: Σ φ_g = S, the budget balances, no group loses alone", async () => {
  await fc.assert(
    fc.asyncProperty(randomExample(2, 3), async ({ scenario, profiles }) => {
      const run = await simulate(scenario, profiles, { allocation: "solver" });
      const g = await settle(run, { rule: "shapley-groups" });
      const tol = 1e-9 * Math.max(1, Math.abs(g.communityCost));
      assert.ok(Math.abs(g.game!.values.reduce((a, b) => a + b, 0) - g.communitySaving) <= tol, "Σ φ_g = S");
      assert.ok(g.checks.budgetBalance.ok, JSON.stringify(g.checks.budgetBalance));
      // every coalition saves: v({g}) ≥ 0 within the stages' slack
      for (const x of Object.values(g.byGroup)) assert.ok(x.alone! >= -1e-5 * scenario.days, `v({g}) = ${x.alone}`);
    }),
    { numRuns: 40, seed: FC_SEED },
  );
});
