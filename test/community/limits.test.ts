// Issue 16/20: the size guard's estimate is an upper bound of the LP that is
// really built — either formulation (a pooled day may fall back to the
// per-pair LP), with the stages' rows and columns — and is used on the days
// that will be solved (--days), not the scenario's.
import { test } from "node:test";
import assert from "node:assert/strict";
import {
  buildDayModel, buildNetwork, dayProfiles, demoBattery, demoPrices, FULL_FEATURES, generateProfiles, lpSize, type Scenario,
} from "../../src/index.js";
import { checkSize, estimateSize, sizeInput } from "../../src/community/limits.js";

const COMMUNITIES: [number, number, boolean][][] = [
  [[2, 1, true], [1, 1, true]], // the demo
  [[1, 0, false]], [[0, 3, true]], [[5, 5, true], [3, 2, false], [0, 4, true]], [[20, 10, true]],
  [[10, 10, true], [10, 10, true], [10, 10, false]], [[1, 1, false], [1, 1, false], [1, 1, false], [1, 1, false]],
  [[1, 1, true], [1, 0, false], [0, 1, true], [1, 1, false], [2, 0, true], [0, 2, false], [1, 1, true], [1, 1, true]], // G = 8
];

test("the size estimate bounds the built LPs (both formulations, with the stage rows)", () => {
  for (const [i, c] of COMMUNITIES.entries()) {
    for (const T of [24, 4]) {
      const s: Scenario = { hoursPerDay: T, days: 1, seed: i, prices: demoPrices(), groups: c.map(([p, n, b]) => ({ prosumers: p, consumers: n, battery: b ? demoBattery(5) : null })) };
      const net = buildNetwork(s);
      const day = dayProfiles(generateProfiles(s, net), 0);
      const start = s.groups.map((g) => g.battery?.initial ?? null);
      const e = estimateSize(sizeInput(s));
      for (const formulation of ["pair", "pooled"] as const) {
        const z = lpSize(buildDayModel(s, net, day, FULL_FEATURES, start, { formulation, stageRows: true, keepZeroColumns: true }).lp);
        const what = `${JSON.stringify(c)}, T ${T}, ${formulation}: built ${z.rows}/${z.cols}/${z.nonZeros}, estimate ${e.lpRows}/${e.lpColumns}/${e.lpNonZeros}`;
        assert.ok(z.cols <= e.lpColumns && z.rows <= e.lpRows && z.nonZeros <= e.lpNonZeros, what);
      }
    }
  }
});

test("the demo's day 1: the estimate holds the issue's 4 045 non-zeros (the old one said 1 536)", () => {
  // N = 5, P = 3, G = 2, T = 24: non-zeros 7·(2 + 20 + 34)·24 + 2·3·24 + 3·5 = 9567 ≥ 4045 (pair) and 6541 (pooled)
  assert.equal(estimateSize({ hoursPerDay: 24, days: 1, houses: 5, prosumers: 3, groups: 2 }).lpNonZeros, 9567);
});

test("the guard counts the days asked for: days 1e7 with 1 day to solve is accepted", () => {
  const s = { hoursPerDay: 24, days: 1e7, groups: [{ prosumers: 1, consumers: 1, battery: null }] };
  assert.throws(() => checkSize(s), /is too large/);
  assert.equal(checkSize(s, { days: 1 }).days, 1);
});
