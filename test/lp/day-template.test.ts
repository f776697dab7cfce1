// A run's day LPs from one structure (src/lp/day-template.ts) are the LPs buildDayModel builds:
// every row, column, bound and coefficient the same, bit for bit, day after day — with the
// day's PV and demand, the battery's start and the prices (hour by hour, some 0) all moving.
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
import { DayLpTemplate } from "../../src/lp/day-template.js";
import { tradePairs } from "../../src/lp/columns.js";
import { dayPrices, type HourPrices } from "../../src/prices/prices.js";
import type { Features } from "../../src/community/features.js";
import type { Scenario } from "../../src/community/scenario.js";
import type { Profiles } from "../../src/profiles/profiles.js";
import type { Formulation } from "../../src/lp/day.js";

/** Bitwise equality of two typed arrays (so −0 against 0 counts as a difference too). */
function sameBits(a: ArrayLike<number> & { buffer: ArrayBufferLike }, b: typeof a, what: string) {
  assert.equal(a.length, b.length, `${what}: length`);
  const x = new Uint8Array(a.buffer, (a as Float64Array).byteOffset, (a as Float64Array).byteLength);
  const y = new Uint8Array(b.buffer, (b as Float64Array).byteOffset, (b as Float64Array).byteLength);
  assert.ok(Buffer.compare(x, y) === 0, `${what}: values differ`);
}

/** Day d's prices: the scenario's, with every key scaled by an hour- and day-dependent factor (hour 3: all 0). */
function pricesOf(s: Scenario, hours: number, d: number): HourPrices {
  const p = dayPrices(s.prices, hours, d);
  for (const k of Object.keys(p) as (keyof HourPrices)[])
    p[k] = p[k].map((v, t) => (t === 3 ? 0 : v * (1 + ((d * 7 + t * 3 + k.length) % 11) / 10)));
  return p;
}

function compareRun(s: Scenario, profiles: Profiles, features: Features, formulation: Formulation, days: number) {
  const network = buildNetwork(s);
  const pairs = tradePairs(network, features);
  const template = new DayLpTemplate(s, network, features, { formulation, pairs, stageRows: true });
  for (let d = 0; d < days; d++) {
    const day = dayProfiles(profiles, d);
    const prices = pricesOf(s, day.hours, d);
    const start = s.groups.map((g, i) => (g.battery ? g.battery.lower + ((d + i) % 3) * 0.4 : null));
    const want = buildDayModel(s, network, day, features, start, {
      prices,
      pairs,
      keepZeroColumns: true,
      formulation,
      stageRows: true,
    });
    const got = template.build(day, start, prices);
    const at = `${formulation}, day ${d + 1}`;
    assert.equal(got.lp.nCols, want.lp.nCols, at);
    assert.equal(got.lp.nRows, want.lp.nRows, at);
    for (const k of ["colLb", "colUb", "obj", "rowLb", "rowUb", "start", "col", "coef"] as const)
      sameBits(got.lp[k], want.lp[k], `${at}: lp.${k}`);
    for (const k of ["lb", "ub", "key", "B", "dis", "gb", "ch", "gs", "x"] as const)
      sameBits(got.cols[k], want.cols[k], `${at}: cols.${k}`);
    for (const k of ["start", "col", "coef"] as const) sameBits(got.costs[k], want.costs[k], `${at}: costs.${k}`);
    assert.deepEqual(got.rows, want.rows, at);
    assert.deepEqual(got.stage, want.stage, at);
    assert.deepEqual(got.start, want.start, at);
  }
}

test("the demo's days from one structure are buildDayModel's LPs, per pair and pooled", () => {
  const ex = demoExample();
  for (const f of ["pair", "pooled"] as const) compareRun(ex.scenario, ex.profiles, FULL_FEATURES, f, 5);
});

test("a generated community's days, a group without a battery and partial features, are buildDayModel's LPs", () => {
  const ex = generatedExample(3, 3, 2, 4, 7);
  const s: Scenario = {
    ...ex.scenario,
    groups: ex.scenario.groups.map((g, i) => (i === 1 ? { ...g, battery: null } : g)),
  };
  const featureSets: Features[] = [
    FULL_FEATURES,
    { battery: true, intraTrades: true, interTrades: false },
    { battery: false, intraTrades: false, interTrades: true },
  ];
  for (const features of featureSets)
    for (const f of ["pair", "pooled"] as const) compareRun(s, ex.profiles, features, f, 4);
});
