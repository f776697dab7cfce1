// The day's LP: its size against an independent implementation's count, and
// leaving out zero-only columns changes nothing but the size.
import { test } from "node:test";
import assert from "node:assert/strict";
import {
  buildDayModel,
  buildNetwork,
  dayProfiles,
  demoExample,
  FULL_FEATURES,
  generatedExample,
} from "../../src/index.js";
import { solveLp } from "../../src/solver/index.js";

const start = (ex: ReturnType<typeof demoExample>) => ex.scenario.groups.map((g) => g.battery?.initial ?? null);

test("the demo's day LP as docs/model.md writes it has 720 columns and 264 rows", () => {
  // An independent implementation (vectorised Python + HiGHS, issue 2) counts 720 columns and
  // 264 rows for the demo's daily LP with simple bounds as column bounds:
  // columns B 2·24 + dis 5·24 + gb 5·24 + ch 3·24 + gs 3·24 + x 12 pairs·24 = 720;
  // rows: battery 48 + charge cap 48 + discharge cap 48 + balance 120 = 264.
  const ex = demoExample();
  const net = buildNetwork(ex.scenario);
  const full = buildDayModel(ex.scenario, net, dayProfiles(ex.profiles, 0), FULL_FEATURES, start(ex), {
    keepZeroColumns: true,
  });
  assert.equal(full.lp.nCols, 720);
  assert.equal(full.lp.nRows, 264);
  const lean = buildDayModel(ex.scenario, net, dayProfiles(ex.profiles, 0), FULL_FEATURES, start(ex));
  assert.ok(lean.lp.nCols < 720, `${lean.lp.nCols}`);
  assert.equal(lean.lp.nRows, 264);
});

test("leaving out the zero-only columns gives the same optimum", async () => {
  for (const ex of [demoExample(), generatedExample(3, 2, 2, 5, 7)]) {
    const net = buildNetwork(ex.scenario);
    for (let d = 0; d < 5; d++) {
      const day = dayProfiles(ex.profiles, d);
      const a = await solveLp(
        buildDayModel(ex.scenario, net, day, FULL_FEATURES, start(ex), { keepZeroColumns: true }).lp,
      );
      const b = await solveLp(buildDayModel(ex.scenario, net, day, FULL_FEATURES, start(ex)).lp);
      assert.ok(a.optimal && b.optimal);
      assert.ok(
        Math.abs(a.objective - b.objective) <= 1e-9 * Math.max(1, Math.abs(a.objective)),
        `day ${d + 1}: ${a.objective} vs ${b.objective}`,
      );
    }
  }
});

test("presolve on or off, GLPK and HiGHS, per pair or pooled: the same optimum", async () => {
  const ex = demoExample();
  const net = buildNetwork(ex.scenario);
  for (let d = 0; d < 10; d++) {
    const day = dayProfiles(ex.profiles, d);
    const lp = buildDayModel(ex.scenario, net, day, FULL_FEATURES, start(ex)).lp;
    const pooled = buildDayModel(ex.scenario, net, day, FULL_FEATURES, start(ex), { formulation: "pooled" }).lp;
    const ref = await solveLp(lp, { solver: "glpk", presolve: true });
    for (const [what, other] of [
      ["glpk, no presolve", await solveLp(lp, { solver: "glpk", presolve: false })],
      ["highs", await solveLp(lp, { solver: "highs" })],
      ["highs, no presolve", await solveLp(lp, { solver: "highs", presolve: false })],
      ["highs, pooled", await solveLp(pooled, { solver: "highs" })],
    ] as const) {
      assert.ok(other.optimal, what);
      assert.ok(
        Math.abs(ref.objective - other.objective) <= 1e-9 * Math.abs(ref.objective),
        `day ${d + 1}, ${what}: ${other.objective} vs ${ref.objective}`,
      );
    }
  }
});
