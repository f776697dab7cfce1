// The synthetic recipe of docs/model.md, checked through relations the formulas
// imply rather than by re-running the formulas.
import { test } from "node:test";
import assert from "node:assert/strict";
import seedrandom from "seedrandom";
import {
  buildNetwork,
  demoScenario,
  firstDays,
  generateProfiles,
  generatedExample,
  profileIndex,
} from "../../src/index.js";
import { DEMAND_TEMPLATES } from "../../src/profiles/recipes/demo.js";

const s = demoScenario();
const net = buildNetwork(s);
const p = generateProfiles(s, net);
const T = s.hoursPerDay;
const at = (arr: Float64Array, d: number, h: number, t: number) => arr[profileIndex(p, d, h, t)];

test("the demo network: ids, prosumers first, two groups", () => {
  assert.deepEqual(
    net.houses.map((h) => `${h.id}:${h.kind[0]}`),
    ["g1h1:p", "g1h2:p", "g1h3:c", "g2h1:p", "g2h2:c"],
  );
  assert.deepEqual(net.prosumers, [0, 1, 3]);
  assert.deepEqual(
    net.groups.map((g) => g.houses),
    [
      [0, 1, 2],
      [3, 4],
    ],
  );
});

test("golden values: seed 42's first numbers, worked from docs/model.md's formulas and the seeded streams", () => {
  // Day 1's demand draws come from seedrandom("42/demo/demand/day 1") (ARC4): its first three
  // uniforms, as the seedrandom library gives them on every machine, are
  const u = seedrandom("42/demo/demand/day 1");
  assert.deepEqual([u(), u(), u()], [0.1564312681450975, 0.3950605345733262, 0.9187444297507085]);
  // so the day's factor is f = 0.8 + 0.4·0.15643127 = 0.86257251, and hour 0's noise (Box–Muller on
  // the next two) n_0 = 0.05·sqrt(−2·ln(1 − 0.39506053))·cos(2π·0.91874443) = 0.05·1.0026136·0.8724599 = 0.0437372.
  // base(0) = 0.5 + 0.3·sin(π/4) = 0.7121320; g1h1 (template 1, scale 0.8):
  // demand = clip(0.7121320·0.8·0.86257251 + 0.0437372, 0.1, 1.0) = 0.4914139 + 0.0437372 = 0.5351511.
  assert.ok(Math.abs(at(p.demand, 0, 0, 0) - 0.5351511) < 1e-6);
  // The generator's own first values, pinned to the last digit: any change of recipe, stream
  // naming or draw order shows up here.
  assert.deepEqual(
    [0, 1, 12].map((t) => at(p.demand, 0, 0, t)),
    [0.5351508016499382, 0.5035155961808843, 0.15868322096391962],
  );
  assert.deepEqual(
    [0, 1, 12].map((t) => at(p.demand, 0, 2, t)),
    [0.9651366617111727, 0.9622880115384126, 0.3324981159833125],
  );
  assert.equal(at(p.solar, 0, 0, 12), 1.0744109759552534);
  assert.equal(at(p.solar, 1, 0, 12), 1.2669633439303019);
  // another seed gives other numbers
  const other = generateProfiles({ ...s, seed: 43 }, net);
  assert.notDeepEqual(other.demand.slice(0, T), p.demand.slice(0, T));
});

test("horizon independence: N-day and M-day profiles agree on the first N days", () => {
  for (const [n, m] of [
    [1, 122],
    [30, 122],
    [7, 400],
  ]) {
    const short = generateProfiles({ ...s, days: n }, net);
    const long = generateProfiles({ ...s, days: m }, net);
    assert.deepEqual(short, firstDays(long, n), `${n} vs ${m} days`);
  }
  // and a day's numbers do not depend on the network's other houses: g1h1 of the demo and of a 50-house community
  const big = generatedExample(5, 5, 5, 3).profiles;
  for (let t = 0; t < T; t++) assert.equal(big.demand[profileIndex(big, 2, 0, t)], at(p.demand, 2, 0, t));
});

test("each house's demand stays within its template's clip range; consumers have no PV", () => {
  net.houses.forEach((h) => {
    const [, lo, hi] = DEMAND_TEMPLATES[h.index];
    for (let d = 0; d < p.days; d++)
      for (let t = 0; t < T; t++) {
        const v = at(p.demand, d, h.index, t);
        assert.ok(v >= lo && v <= hi, `${h.id} day ${d + 1} hour ${t}: ${v}`);
        if (h.kind === "consumer") assert.equal(at(p.solar, d, h.index, t), 0);
        else assert.ok(at(p.solar, d, h.index, t) >= 0 && at(p.solar, d, h.index, t) <= 1.5);
      }
  });
});

test("one factor and one noise vector per day are shared by all houses", () => {
  // demand profiles 1 and 4 share (scale, lo, hi) = (0.8, 0.1, 1.0): g1h1 and g2h1 are identical,
  // and so are solar profiles 1 and 3 (g1h1's and g2h1's PV).
  for (let i = 0; i < p.days * T; i++) {
    const d = Math.floor(i / T),
      t = i % T;
    assert.equal(at(p.demand, d, 0, t), at(p.demand, d, 3, t));
    assert.equal(at(p.solar, d, 0, t), at(p.solar, d, 3, t));
  }
  // Where neither is clipped, demand_3 − demand_2 = base(t) · f · (1.5 − 1.0): the same f ∈ [0.8, 1.2] every hour.
  for (let d = 0; d < p.days; d++) {
    const fs: number[] = [];
    for (let t = 0; t < T; t++) {
      const a = at(p.demand, d, 2, t),
        b = at(p.demand, d, 1, t);
      if (a <= 0.2 || a >= 2.0 || b <= 0.1 || b >= 1.2) continue;
      fs.push((a - b) / ((0.5 + 0.3 * Math.sin((2 * Math.PI * t) / T + Math.PI / 4)) * 0.5));
    }
    assert.ok(fs.length > 12, `day ${d + 1}: too few unclipped hours`);
    for (const f of fs) {
      assert.ok(f >= 0.8 - 1e-9 && f <= 1.2 + 1e-9, `day ${d + 1}: factor ${f}`);
      assert.ok(Math.abs(f - fs[0]) < 1e-9, `day ${d + 1}: factors differ`);
    }
  }
});

test("the daily factors and noise look like U(0.8, 1.2) and N(0, 0.05)", () => {
  const big = generatedExample(1, 1, 1, 2000).profiles; // g1h1: demand template 1, unclipped most hours
  const noise: number[] = [];
  for (let d = 0; d < big.days; d++) {
    // template 1 and template 2 (scale 1.0) differ by base·f·0.2 where neither is clipped: recover f,
    // then the noise n_t = demand − base·0.8·f.
    const t = 12,
      base = 0.5 + 0.3 * Math.sin((2 * Math.PI * t) / T + Math.PI / 4);
    const a = big.demand[profileIndex(big, d, 0, t)],
      b = big.demand[profileIndex(big, d, 1, t)];
    if (a <= 0.1 || a >= 1.0 || b <= 0.1 || b >= 1.2) continue;
    const f = (b - a) / (base * 0.2);
    noise.push(a - base * 0.8 * f);
  }
  const mean = noise.reduce((x, y) => x + y, 0) / noise.length;
  const sd = Math.sqrt(noise.reduce((x, y) => x + (y - mean) ** 2, 0) / noise.length);
  assert.ok(noise.length > 1500);
  assert.ok(Math.abs(mean) < 0.005, `mean ${mean}`);
  assert.ok(Math.abs(sd - 0.05) < 0.005, `sd ${sd}`);
});

test("extra houses take the five demand and three solar templates in turn", () => {
  const ex = generatedExample(2, 4, 3, 1); // 14 houses, 8 prosumers
  const n = buildNetwork(ex.scenario);
  // house 0 and house 5 share demand template 1; prosumers 0 and 3 (houses 0 and 3) share solar template 1
  for (let t = 0; t < T; t++) {
    assert.equal(
      ex.profiles.demand[profileIndex(ex.profiles, 0, 0, t)],
      ex.profiles.demand[profileIndex(ex.profiles, 0, 5, t)],
    );
    assert.equal(
      ex.profiles.solar[profileIndex(ex.profiles, 0, n.prosumers[0], t)],
      ex.profiles.solar[profileIndex(ex.profiles, 0, n.prosumers[3], t)],
    );
  }
});
