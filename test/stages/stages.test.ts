// The tie-break stages' shortcuts (src/stages.ts, src/fair-bills.ts): each saves LPs only where a
// proof says the LP would change nothing beyond docs/model.md's slacks, on both backends alike.
import { test } from "node:test";
import assert from "node:assert/strict";
import { buildDayModel, buildNetwork, dayProfiles, demoExample, generatedExample, handExample, simulate, FULL_FEATURES, type SimulationResult } from "../../src/index.js";
import { loadBackend } from "../../src/solver/index.js";
import { levelSlack } from "../../src/stages/slacks.js";
import { fixToOptimalFace } from "../../src/stages/optimal-face.js";

test("fair bills: the level LP's duals name the blocked houses, the next level LP checks the rest, one LP settles (3 LPs)", async () => {
  // The hand case of engine.test.ts: prosumers g1h1, g1h2 (PV 1) share the one sale to consumer g1h3
  // (demand 1). Savings 6a, 6(1 − a), 6 for a split a of the sale. Level LP: max z with all three ≥ z
  // gives z = 3 at a = 1/2; the rows of g1h1 and g1h2 carry the dual 1/2 each (raising either
  // lowers the other), g1h3's none (its saving is 6 > 3 in every plan). So g1h1 and g1h2 are fixed
  // at 3 and the level LP over g1h3 alone (6 > 3) both proves it free and fixes it: 2 LPs. The
  // settling LP lifts every floor back by its slack (g1h1 and g1h2 were fixed at 3 − 3e-6), so the
  // bills are the leximin ones to the solver's precision, not only within the slacks: 3 LPs.
  const ex = handExample([{ prosumers: 2, consumers: 1 }], {
    g1h1: { demand: [0], solar: [1] }, g1h2: { demand: [0], solar: [1] }, g1h3: { demand: [1] },
  }, { hoursPerDay: 1, prices: { gridPurchase: 20, gridSale: 4, peerPurchaseIntra: 14, peerSaleIntra: 10, peerPurchaseInter: 16, peerSaleInter: 6 } });
  for (const solver of ["highs", "glpk"] as const) {
    const r = await simulate(ex.scenario, ex.profiles, { solver, formulation: "pair" });
    assert.ok(r.audit.ok, solver);
    assert.equal(r.days[0].stages.lps.fair, 3, `${solver}: fair-stage LPs`);
    [-7, -7, 14].forEach((b, h) => assert.ok(Math.abs(r.days[0].houseCosts[h] - b) <= 1e-8, `${solver} bill ${h}: ${r.days[0].houseCosts[h]}`));
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
      r.days.forEach((d) => assert.equal(d.stages.lps.carry, 0, `${solver}, presolve ${presolve}, day ${d.day}: carry LPs`));
      runs.push(r);
    }
  for (const r of runs.slice(1))
    r.days.forEach((d, i) => {
      const ref = runs[0].days[i];
      assert.ok(Math.abs(d.objective - ref.objective) <= 1e-6 * Math.abs(ref.objective), `day ${d.day} cost`);
      d.flows.battery.forEach((lv, g) => {
        const a = lv![lv!.length - 1], b = ref.flows.battery[g]![lv!.length - 1];
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
    const m = buildDayModel(ex.scenario, net, dayProfiles(ex.profiles, d), FULL_FEATURES, net.groups.map(() => 2.1), {});
    const a = highs.open(m.lp), b = glpk.open(m.lp);
    const ra = a.solve(), rb = b.solve();
    a.dispose(); b.dispose();
    assert.ok(rb.colDual && rb.rowDual, "glpk gives duals");
    for (let c = 0; c < m.lp.nCols; c++) assert.ok(Math.abs(ra.colDual![c] - rb.colDual[c]) <= 1e-9, `day ${d} column ${c}`);
    for (let r = 0; r < m.lp.nRows; r++) assert.ok(Math.abs(ra.rowDual![r] - rb.rowDual[r]) <= 1e-9, `day ${d} row ${r}`);
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
      const m = buildDayModel(ex.scenario, net, dayProfiles(ex.profiles, d), FULL_FEATURES, net.groups.map(() => 2.1), {});
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
        assert.ok(Math.abs(min.objective - first.objective) <= tol, `${backend.name}, day ${d + 1}: min ${min.objective} vs f* ${first.objective}`);
        assert.ok(Math.abs(-max.objective - first.objective) <= 1e-7 * Math.max(1, Math.abs(first.objective)), `${backend.name}, day ${d + 1}: max ${-max.objective} vs f* ${first.objective}`);
        lp.dispose();
      }
    }
  }
});
