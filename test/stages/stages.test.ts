// The tie-break stages' shortcuts (src/stages.ts, src/fair-bills.ts): each saves LPs only where a
// proof says the LP would change nothing beyond docs/model.md's slacks, on both backends alike.
import { test } from "node:test";
import fc from "fast-check";
import assert from "node:assert/strict";
import {
  buildDayModel,
  buildNetwork,
  dayProfiles,
  demoExample,
  generatedExample,
  handExample,
  simulate,
  standaloneCosts,
  FULL_FEATURES,
  type SimulationResult,
} from "../../src/index.js";
import { loadBackend, primalViolation } from "../../src/solver/index.js";
import { dayPrices } from "../../src/prices/prices.js";
import { solveStages } from "../../src/stages/stages.js";
import { houseCost } from "../../src/lp/costs.js";
import { levelSlack } from "../../src/stages/slacks.js";
import { fixToOptimalFace } from "../../src/stages/optimal-face.js";
import { randomExample } from "../helpers/arbitraries.js";

test("fair bills: one level LP with the lifts in it per round, its duals prove the blocked houses, one LP settles (3 LPs)", async () => {
  // The hand case of engine.test.ts: prosumers g1h1, g1h2 (PV 1) share the one sale to consumer g1h3
  // (demand 1). Savings 6a, 6(1 − a), 6 for a split a of the sale. Round 1's LP, max z + (t1 + t2 + t3)/6
  // with s[h] ≥ z + t[h] and each t[h] in [0, a small step], gives z = 3 at a = 1/2 (a rise of z by δ
  // is worth δ; the lifts together at most δ/2) and lifts g1h3 by its step (its saving is 6 in every
  // plan); g1h1 and g1h2 stay at 3. Its duals prove them blocked: the lift LP over them alone is
  // bounded by t1 + t2 + 6·|y3|·t3 = 0 (g1h3's saving row does not bind, y3 = 0). So they are fixed at
  // 3, and round 2's LP over g1h3 alone gives z = 6 and fixes it: 2 LPs. The settling LP lifts every
  // floor back by its slack (g1h1 and g1h2 were fixed at 3 − 3e-8), so the bills are the leximin ones to
  // the solver's precision, not only within the slacks: 3 LPs.
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
  for (const solver of ["highs", "glpk"] as const) {
    const r = await simulate(ex.scenario, ex.profiles, { solver, formulation: "pair" });
    assert.ok(r.audit.ok, solver);
    assert.equal(r.days[0].stages.lps.fair, 3, `${solver}: fair-stage LPs`);
    [-7, -7, 14].forEach((b, h) =>
      assert.ok(Math.abs(r.days[0].houseCosts[h] - b) <= 1e-8, `${solver} bill ${h}: ${r.days[0].houseCosts[h]}`),
    );
  }
});

test("carry-over: an end level the optimal face fixes needs no LP, on either backend, presolve on or off", async () => {
  // 2 groups of 5 prosumers + 5 consumers, the demo's battery and prices: every evening the batteries
  // end empty (1.05 kWh, the lower bound), where raising the level would cost ≈ 20 per kWh: a
  // reduced cost that is not 0, so every cheapest plan ends there and the optimal face fixes it.
  const ex = generatedExample(2, 5, 5, 4);
  const runs: SimulationResult[] = [];
  for (const solver of ["highs", "glpk"] as const)
    for (const presolve of [true, false]) {
      const r = await simulate(ex.scenario, ex.profiles, { solver, presolve, allocation: "solver" });
      assert.ok(r.audit.ok);
      r.days.forEach((d) =>
        assert.equal(d.stages.lps.carry, 0, `${solver}, presolve ${presolve}, day ${d.day}: carry LPs`),
      );
      runs.push(r);
    }
  for (const r of runs.slice(1))
    r.days.forEach((d, i) => {
      const ref = runs[0].days[i];
      assert.ok(Math.abs(d.objective - ref.objective) <= 1e-6 * Math.abs(ref.objective), `day ${d.day} cost`);
      d.flows.battery.forEach((lv, g) => {
        const a = lv![lv!.length - 1],
          b = ref.flows.battery[g]![lv!.length - 1];
        assert.ok(Math.abs(a - b) <= levelSlack(b), `day ${d.day} group ${g} end level ${a} vs ${b}`);
        assert.ok(Math.abs(b - 1.05) <= levelSlack(1.05), `day ${d.day} group ${g} ends at its lower bound`);
      });
    });
});

test("glpk.js's duals (row duals, and reduced costs c − Aᵀy) are HiGHS's on the demo's first days", async () => {
  // Both stage shortcuts read duals; with the same duals both backends take the same path.
  const ex = demoExample();
  const net = buildNetwork(ex.scenario);
  const [highs, glpk] = [await loadBackend("highs"), await loadBackend("glpk")];
  for (const d of [1, 2, 3]) {
    const m = buildDayModel(
      ex.scenario,
      net,
      dayProfiles(ex.profiles, d),
      FULL_FEATURES,
      net.groups.map(() => 2.1),
      {},
    );
    const a = highs.open(m.lp),
      b = glpk.open(m.lp);
    const ra = a.solve(),
      rb = b.solve();
    a.dispose();
    b.dispose();
    assert.ok(rb.colDual && rb.rowDual, "glpk gives duals");
    for (let c = 0; c < m.lp.nCols; c++)
      assert.ok(Math.abs(ra.colDual![c] - rb.colDual[c]) <= 1e-9, `day ${d} column ${c}`);
    for (let r = 0; r < m.lp.nRows; r++)
      assert.ok(Math.abs(ra.rowDual![r] - rb.rowDual[r]) <= 1e-9, `day ${d} row ${r}`);
  }
});

test("optimal face: fixing stage 1's priced columns and rows leaves only cheapest plans (max cost = min cost = f*), on either backend's duals", async () => {
  // Complementary slackness: in every optimal plan a column with a non-zero reduced cost sits at
  // its bound, and an inequality row with a non-zero dual at its active bound. So once they are
  // fixed there, the LP's most expensive plan costs f* too, whichever backend's duals chose them;
  // and the stage-1 plan is still in it (min cost f*). The demo's days 1–3 and a 2-group day.
  const [highs, glpk] = [await loadBackend("highs"), await loadBackend("glpk")];
  for (const ex of [demoExample(), generatedExample(2, 3, 3, 1)]) {
    const net = buildNetwork(ex.scenario);
    for (let d = 0; d < Math.min(3, ex.profiles.days); d++) {
      const m = buildDayModel(
        ex.scenario,
        net,
        dayProfiles(ex.profiles, d),
        FULL_FEATURES,
        net.groups.map(() => 2.1),
        {},
      );
      for (const backend of [highs, glpk]) {
        const lp = backend.open(m.lp);
        const first = lp.solve();
        assert.ok(first.optimal);
        const fixes = fixToOptimalFace(lp, first.x, first.colDual, first.rowDual);
        assert.ok(fixes.cols > 0, `${backend.name}, day ${d + 1}: some column is priced`);
        const min = lp.solve();
        lp.setObjective(m.lp.obj.map((c) => -c));
        const max = lp.solve();
        assert.ok(min.optimal && max.optimal);
        const tol = 1e-9 * Math.max(1, Math.abs(first.objective));
        assert.ok(
          Math.abs(min.objective - first.objective) <= tol,
          `${backend.name}, day ${d + 1}: min ${min.objective} vs f* ${first.objective}`,
        );
        assert.ok(
          Math.abs(-max.objective - first.objective) <= 1e-7 * Math.max(1, Math.abs(first.objective)),
          `${backend.name}, day ${d + 1}: max ${-max.objective} vs f* ${first.objective}`,
        );
        lp.dispose();
      }
    }
  }
});

test("stage 3 never moves a carried level: the fair plan ends each battery day at stage 2's value", async () => {
  // docs/model.md "One answer per day": the carried level is stage 2's value and stage 3 holds it, so a
  // day's bills depend on nothing after stage 2. Stage 2 alone (allocation "solver") and stages 2 + 3
  // (allocation "fair") must report the same carried levels, bit for bit, on the same backend; the fair
  // plan must end every battery there and still be a plan of the day's LP (not a patched entry): every
  // row within the solvers' tolerance 1e-7. Cases: a free lossless battery whose level stage 2 alone
  // fixes (engine.test.ts's hand case: ends at 1 kWh), and generated communities with batteries.
  const battery = {
    lower: 0,
    upper: 4,
    initial: 0,
    maxCharge: 10,
    maxDischarge: 10,
    chargeEfficiency: 1,
    dischargeFactor: 1,
  };
  const cases = [
    handExample(
      [
        { prosumers: 1, consumers: 1, battery },
        { prosumers: 1, consumers: 1 },
      ],
      {
        g1h1: { demand: [1, 1], solar: [3, 0] },
        g1h2: { demand: [0.5, 1] },
        g2h1: { demand: [0, 0], solar: [2, 0] },
        g2h2: { demand: [1, 1] },
      },
      { hoursPerDay: 2, prices: { gridPurchase: 20, gridSale: 0, batteryUse: 0 } },
    ),
    generatedExample(2, 3, 3, 3, 7),
    generatedExample(3, 2, 2, 2, 11),
    ...[23, 33, 39, 40].map((i) => fc.sample(randomExample(1), { numRuns: 41, seed: 5 })[i]), // see the next test
  ];
  for (const ex of cases) {
    const net = buildNetwork(ex.scenario);
    for (const solver of ["highs", "glpk"] as const) {
      const backend = await loadBackend(solver);
      for (let d = 0; d < ex.profiles.days; d++) {
        const day = dayProfiles(ex.profiles, d);
        const start = ex.scenario.groups.map((g) => g.battery?.initial ?? null);
        const prices = dayPrices(ex.scenario.prices, day.hours, d);
        const model = buildDayModel(ex.scenario, net, day, FULL_FEATURES, start, {
          prices,
          keepZeroColumns: true,
          stageRows: true,
        });
        const T = day.hours;
        const endLevelCols = net.groups.map((g) => model.cols.B[g.index * T + T - 1]).filter((c) => c >= 0);
        const standalone = standaloneCosts(day, prices);
        const run = (allocation: "fair" | "solver") => {
          const m = backend.open(model.lp);
          try {
            return { ...solveStages(m, model, { allocation, standalone, endLevelCols }), lp: m.current() };
          } finally {
            m.dispose();
          }
        };
        const two = run("solver"),
          three = run("fair");
        const what = `${solver}, ${ex.scenario.groups.length} groups, day ${d + 1}`;
        assert.deepEqual([...three.carried], [...two.carried], `${what}: carried levels`);
        endLevelCols.forEach((c, i) => {
          assert.equal(three.x[c], three.carried[i], `${what}: fair plan's end level ${i}`);
          assert.equal(three.lp.colLb[c], three.carried[i], `${what}: stage 3 held level ${i} from below`);
          assert.equal(three.lp.colUb[c], three.carried[i], `${what}: stage 3 held level ${i} from above`);
        });
        // the day's rows and columns (the stage columns z, t, u are the fair stage's own: free here)
        const dayLp = { ...model.lp, colLb: model.lp.colLb.slice(), colUb: model.lp.colUb.slice() };
        for (let c = model.cols.nCols; c < model.lp.nCols; c++)
          [dayLp.colLb[c], dayLp.colUb[c]] = [-Infinity, Infinity];
        assert.ok(primalViolation(dayLp, three.x) <= 1e-7, `${what}: the fair plan is a plan of the day's LP`);
      }
    }
  }
});

test("stage 3 never moves a carried level: whole runs carry the same levels with fair bills as with the solver's split", async () => {
  // Random 1-day communities (seed 5; before stage 3 held the levels, its LPs moved samples 23, 33,
  // 39 and 40's levels by 1e-16 to 4e-10 kWh): the level a day carries is stage 2's, bit for bit,
  // whether stage 3 runs or not, on both backends.
  const samples = fc.sample(randomExample(1), { numRuns: 41, seed: 5 });
  for (const solver of ["highs", "glpk"] as const)
    for (const [i, { scenario, profiles }] of samples.entries()) {
      const fair = await simulate(scenario, profiles, { solver, formulation: "pair" });
      const split = await simulate(scenario, profiles, { solver, formulation: "pair", allocation: "solver" });
      fair.days.forEach((d, k) =>
        d.flows.battery.forEach((lv, g) => {
          if (lv)
            assert.equal(
              lv[lv.length - 1],
              split.days[k].flows.battery[g]![lv.length - 1],
              `${solver}, sample ${i}, group ${g}`,
            );
        }),
      );
    }
});

test("stage 3 on the reduced LP (fixed columns and rows that cannot bind left out) gives the full LP's bills, on either backend", async () => {
  // reduced.ts: every point of the reduced LP with the fixed columns at their values is a point of
  // the full one and back, so the leximin bills are the same (docs/model.md: within 1e-6 relative);
  // the reduced LP has fewer columns (the face fixes most of a day's). The demo's days 1–3, 2 groups.
  for (const ex of [demoExample(), generatedExample(2, 3, 3, 2, 3)]) {
    const net = buildNetwork(ex.scenario);
    for (const solver of ["highs", "glpk"] as const) {
      const backend = await loadBackend(solver);
      for (let d = 0; d < Math.min(3, ex.profiles.days); d++) {
        const day = dayProfiles(ex.profiles, d);
        const prices = dayPrices(ex.scenario.prices, day.hours, d);
        const model = buildDayModel(
          ex.scenario,
          net,
          day,
          FULL_FEATURES,
          ex.scenario.groups.map((g) => g.battery?.initial ?? null),
          { prices, keepZeroColumns: true, stageRows: true },
        );
        const T = day.hours;
        const endLevelCols = net.groups.map((g) => model.cols.B[g.index * T + T - 1]).filter((c) => c >= 0);
        const o = { allocation: "fair" as const, standalone: standaloneCosts(day, prices), endLevelCols };
        const run = (reduce: boolean) => {
          const m = backend.open(model.lp);
          try {
            return solveStages(m, model, reduce ? { ...o, open: (lp) => backend.open(lp) } : o);
          } finally {
            m.dispose();
          }
        };
        const full = run(false),
          reduced = run(true);
        const what = `${solver}, ${ex.scenario.groups.length} groups, day ${d + 1}`;
        const size = reduced.stats.fairLp!;
        assert.ok(size.reduced && size.reduced.cols < size.full.cols, `${what}: ${JSON.stringify(size)}`);
        net.houses.forEach((_, h) => {
          const a = houseCost(model.costs, h, reduced.x),
            b = houseCost(model.costs, h, full.x);
          assert.ok(Math.abs(a - b) <= 1e-6 * Math.max(1, Math.abs(b)), `${what}, house ${h}: ${a} vs ${b}`);
        });
      }
    }
  }
});
