// The seasonal recipe (docs/data-formats.md "Synthetic profiles: recipes", docs/recipes.md):
// checked through properties of the sun and of the load shape, against published
// sunrise and sunset times, and pinned to golden values.
import { test } from "node:test";
import assert from "node:assert/strict";
import {
  buildNetwork,
  demoScenario,
  firstDays,
  generateProfiles,
  profileIndex,
  validateScenario,
  type Profiles,
  type Scenario,
} from "../../src/index.js";
import { sunriseSunset } from "../../src/profiles/recipes/sun.js";
import { calendarDay, loadShape, seasonFactor } from "../../src/profiles/recipes/seasonal.js";

const T = 24;
function place(
  latitude: number,
  longitude: number,
  utcOffset: number,
  extra: Record<string, unknown> = {},
  days = 365,
): Scenario {
  return validateScenario({
    ...demoScenario(),
    days,
    seed: 42,
    groups: [{ prosumers: 2, consumers: 2, battery: null }],
    synthetic: {
      recipe: "seasonal",
      latitude,
      longitude,
      utcOffset,
      startDate: "2025-01-01",
      annualDemandKwh: 3500,
      pvKwp: 5,
      ...extra,
    },
  });
}
const gen = (s: Scenario) => generateProfiles(s, buildNetwork(s));
const at = (p: Profiles, arr: Float64Array, d: number, h: number, t: number) => arr[profileIndex(p, d, h, t)];
/** kWh of house h over days [from, to) */
const sum = (p: Profiles, arr: Float64Array, h: number, from = 0, to = p.days) => {
  let s = 0;
  for (let d = from; d < to; d++) for (let t = 0; t < p.hours; t++) s += at(p, arr, d, h, t);
  return s;
};

const berlin = place(52.52, 13.405, 1);
const pBerlin = gen(berlin);

test("sunrise and sunset within 3 minutes of published times, at two places", () => {
  // local clock time of an instant, in minutes after midnight
  const local = (d: Date | null, offset: number) => {
    assert.ok(d);
    const ms = d.getTime() + offset * 3600e3;
    return (((ms / 60000) % 1440) + 1440) % 1440;
  };
  const near = (date: string, lat: number, lon: number, offset: number, rise: string | null, set: string | null) => {
    const [y, m, dd] = date.split("-").map(Number);
    const r = sunriseSunset(new Date(Date.UTC(y, m - 1, dd, 12) - offset * 3600e3), lat, lon); // local noon
    const min = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3));
    const gap = (a: number, b: number) => Math.min(Math.abs(a - b), 1440 - Math.abs(a - b));
    if (rise)
      assert.ok(
        gap(local(r.sunrise, offset), min(rise)) <= 3,
        `${date} sunrise ${local(r.sunrise, offset)} min vs ${rise}`,
      );
    if (set)
      assert.ok(gap(local(r.sunset, offset), min(set)) <= 3, `${date} sunset ${local(r.sunset, offset)} min vs ${set}`);
  };
  // Reykjavík (64.1466° N, 21.9426° W, UTC+0 all year), published by Iceland Insider, "How long are the
  // summer days in Iceland" (icelandinsider.is): on June 21 the sun rises at 2:55 and sets at 0:04
  // (4 minutes past midnight); on December 21 it rises at 11:21 and sets at 15:30.
  near("2025-06-21", 64.1466, -21.9426, 0, "02:55", "00:04");
  near("2025-12-21", 64.1466, -21.9426, 0, "11:21", "15:30");
  // Sydney Observatory (33.8597° S, 151.2048° E, AEDT = UTC+11), published by the Sydney Observatory
  // blog (N. Lomb, "Summer solstice 2008 and the earliest sunrise and the latest sunset", maas.museum,
  // 17 Dec 2008, citing the 2009 Australian Sky Guide): the Sun rises at 5:37 every day from
  // 1 to 10 December 2008; the latest sunset is 20:10, from 2 to 12 January 2009.
  for (const d of ["2008-12-01", "2008-12-05", "2008-12-10"]) near(d, -33.8597, 151.2048, 11, "05:37", null);
  for (const d of ["2009-01-02", "2009-01-07", "2009-01-12"]) near(d, -33.8597, 151.2048, 11, null, "20:10");
});

test("PV is exactly 0 in every hour the sun spends wholly below the horizon, and positive in full daylight", () => {
  const net = buildNetwork(berlin);
  let night = 0,
    day = 0;
  for (let d = 0; d < pBerlin.days; d++) {
    const { dateMs } = calendarDay("2025-01-01", d);
    const r = sunriseSunset(new Date(dateMs + 11 * 3600e3), 52.52, 13.405); // local noon (UTC+1)
    const rise = (r.sunrise!.getTime() - dateMs) / 3600e3 + 1,
      set = (r.sunset!.getTime() - dateMs) / 3600e3 + 1; // local hours
    for (let t = 0; t < T; t++)
      for (const h of net.prosumers) {
        const v = at(pBerlin, pBerlin.solar, d, h, t);
        if (t + 1 <= rise || t >= set) {
          assert.equal(v, 0, `day ${d + 1} hour ${t}`);
          night++;
        }
        if (t >= rise + 0.5 && t + 1 <= set - 0.5) {
          assert.ok(v > 0, `day ${d + 1} hour ${t}`);
          day++;
        }
      }
  }
  assert.ok(night > 2 * 365 * 8 && day > 2 * 365 * 6, `${night} night hours, ${day} daylight hours checked`);
  // consumers have none
  for (const h of net.houses.filter((x) => x.kind === "consumer"))
    assert.equal(sum(pBerlin, pBerlin.solar, h.index), 0);
  // Tromsø (69.65° N) around the winter solstice: polar night, no PV at all
  const tromso = gen(place(69.65, 18.96, 1, { startDate: "2025-12-10" }, 14));
  assert.equal(sum(tromso, tromso.solar, 0), 0);
});

test("summer PV above winter PV by latitude, reversed south of the equator", () => {
  // June vs December PV of prosumer 1 (days 152..181 and 334..363 of 2025)
  const ratio = (p: Profiles) => sum(p, p.solar, 0, 151, 181) / sum(p, p.solar, 0, 333, 363);
  const reykjavik = gen(place(64.1466, -21.9426, 0));
  const sydney = gen(place(-33.8688, 151.2093, 10));
  const singapore = gen(place(1.35, 103.82, 8));
  const rB = ratio(pBerlin),
    rR = ratio(reykjavik),
    rS = ratio(sydney),
    rSg = ratio(singapore);
  assert.ok(rR > rB && rB > 2, `Reykjavík ${rR} > Berlin ${rB} > 2`);
  assert.ok(rS < 0.7, `Sydney June/December ${rS} < 0.7`);
  assert.ok(rSg > 0.6 && rSg < 1.6, `Singapore ${rSg} near 1`);
  // Berlin's year: about 800–1000 kWh per kWp (PVGIS gives ≈ 950–1050 for well-oriented
  // roofs around Berlin; this recipe's sky is a plain uniform draw, so only the range is claimed)
  const perKwp = sum(pBerlin, pBerlin.solar, 0) / 5;
  assert.ok(perKwp > 750 && perKwp < 1100, `${perKwp} kWh/kWp`);
});

test("the load shape: night minimum, morning and evening peaks, weekends differ, winter above summer", () => {
  const hourly = (type: "weekday" | "saturday" | "sunday") =>
    Array.from({ length: 24 }, (_, t) => loadShape(type, t + 0.5));
  const wd = hourly("weekday"),
    sun = hourly("sunday");
  const argmax = (v: number[], from = 0, to = 24) => v.slice(from, to).indexOf(Math.max(...v.slice(from, to))) + from;
  const argmin = (v: number[]) => v.indexOf(Math.min(...v));
  assert.ok(argmin(wd) >= 1 && argmin(wd) <= 5, `night minimum at ${argmin(wd)}`);
  assert.ok(argmax(wd) >= 18 && argmax(wd) <= 20, `evening peak at ${argmax(wd)}`);
  const morning = argmax(wd, 5, 11);
  assert.ok(
    morning >= 6 && morning <= 8 && wd[morning] > wd[morning - 2] && wd[morning] > wd[morning + 2],
    "weekday morning peak",
  );
  assert.ok(argmax(sun, 5, 11) > morning, "Sundays start later");
  assert.ok(sun[12] > wd[12], "Sunday lunch above a weekday's midday");
  assert.ok(Math.min(...wd) / Math.max(...wd) < 0.4, "night well below the evening peak");
  // BDEW's dynamisation: 1.24 + 2.1e−3 − 7.02e−5 + 3.2e−7 − 3.92e−10 = 1.2420297 on 1 January;
  // for day 182: −3.92e−10·182⁴ + 3.2e−7·182³ − 7.02e−5·182² + 2.1e−3·182 + 1.24
  //            = −0.4302 + 1.9292 − 2.3253 + 0.3822 + 1.24 = 0.7959
  assert.ok(Math.abs(seasonFactor(1, 52) - 1.2420297) < 1e-6);
  assert.ok(Math.abs(seasonFactor(182, 52) - 0.7959) < 1e-3);
  assert.ok(Math.abs(seasonFactor(1, -33) - seasonFactor(183, 52)) < 1e-12, "south: half a year later");
  // in the generated year: January's demand above July's, for every house
  for (let h = 0; h < 4; h++)
    assert.ok(sum(pBerlin, pBerlin.demand, h, 0, 31) > 1.25 * sum(pBerlin, pBerlin.demand, h, 181, 212));
  // 2025-01-04 is a Saturday, 2025-01-05 a Sunday, 2025-01-06 a Monday
  assert.deepEqual(
    [3, 4, 5].map((d) => calendarDay("2025-01-01", d).type),
    ["saturday", "sunday", "weekday"],
  );
});

test("each house's year uses its annualDemandKwh (within 1.5 %: only the seeded noise differs)", () => {
  for (let h = 0; h < 4; h++) {
    const total = sum(pBerlin, pBerlin.demand, h);
    assert.ok(Math.abs(total / 3500 - 1) < 0.015, `house ${h}: ${total}`);
  }
  // per-house arrays: annual kWh per house, kWp per prosumer (same sky: PV exactly proportional)
  const s = place(52.52, 13.405, 1, { annualDemandKwh: [2000, 3000, 4000, 6000], pvKwp: [3, 6] });
  const p = gen(s);
  [2000, 3000, 4000, 6000].forEach((kwh, h) => assert.ok(Math.abs(sum(p, p.demand, h) / kwh - 1) < 0.015));
  for (let i = 0; i < p.days * T; i++) {
    const d = Math.floor(i / T),
      t = i % T;
    assert.equal(at(p, p.solar, d, 1, t), 2 * at(p, p.solar, d, 0, t));
  }
  // kWp per house: consumers' entries 0
  const q = gen(place(52.52, 13.405, 1, { pvKwp: [3, 6, 0, 0] }, 3));
  assert.deepEqual(q.solar, firstDays(p, 3).solar);
});

test("horizon independence and golden values (seed 42)", () => {
  const short = gen(place(52.52, 13.405, 1, {}, 10));
  assert.deepEqual(short, firstDays(pBerlin, 10));
  const other = gen({ ...berlin, seed: 7 });
  assert.notDeepEqual(other.demand.slice(0, 24), pBerlin.demand.slice(0, 24));
  // the generator's own first values, pinned: any change to the recipe or its streams shows here
  assert.deepEqual(
    [0, 8, 12, 19].map((t) => at(pBerlin, pBerlin.demand, 0, 0, t)),
    GOLDEN.demand,
  );
  assert.deepEqual(
    [8, 12, 15].map((t) => at(pBerlin, pBerlin.solar, 0, 0, t)),
    GOLDEN.solar,
  );
});

/** Berlin, seed 42, house g1h1, 1 January 2025: demand at hours 0, 8, 12, 19 and PV at hours 8, 12, 15 (kWh). */
const GOLDEN = {
  demand: [0.2517460089629894, 0.34126780595332107, 0.5885849274737979, 0.891338158415435],
  solar: [0.022617684503370674, 0.27957540838793155, 0.05333290319419075],
};

test("validation names the key of every mistake in `synthetic`", () => {
  const base = {
    ...demoScenario(),
    synthetic: {
      recipe: "seasonal",
      latitude: 52.5,
      longitude: 13.4,
      utcOffset: 1,
      startDate: "2025-01-01",
      annualDemandKwh: 3500,
      pvKwp: 5,
    },
  };
  const refuse = (synthetic: unknown, key: RegExp) =>
    assert.throws(
      () => validateScenario({ ...base, synthetic }),
      (e: Error) => key.test(e.message),
      JSON.stringify(synthetic),
    );
  const ok = base.synthetic;
  refuse("seasonal", /synthetic: must be an object/);
  refuse({ recipe: "sunny" }, /synthetic\.recipe: must be one of "demo", "seasonal"/);
  refuse({ recipe: "demo", latitude: 1 }, /synthetic\.latitude: is not a setting of the "demo" recipe/);
  refuse({ ...ok, lattitude: 1 }, /synthetic\.lattitude: is not a setting/);
  refuse({ ...ok, latitude: 91 }, /synthetic\.latitude: must be between -90 and 90/);
  refuse({ ...ok, longitude: "13" }, /synthetic\.longitude: must be a number/);
  refuse({ ...ok, utcOffset: 15 }, /synthetic\.utcOffset: must be between -12 and 14/);
  refuse({ ...ok, startDate: "2025-02-30" }, /synthetic\.startDate: must be a date written YYYY-MM-DD/);
  refuse({ ...ok, startDate: "1/1/2025" }, /synthetic\.startDate/);
  refuse({ ...ok, annualDemandKwh: -1 }, /synthetic\.annualDemandKwh: must not be negative/);
  refuse(
    { ...ok, annualDemandKwh: [1, 2] },
    /synthetic\.annualDemandKwh: a list needs one value per house \(5\), got 2/,
  );
  refuse({ ...ok, annualDemandKwh: [1, 2, 3, null, 5] }, /synthetic\.annualDemandKwh\[3\]: must be a number/);
  refuse({ ...ok, pvKwp: [1, 2] }, /synthetic\.pvKwp: a list needs one value per prosumer \(3\) or per house \(5\)/);
  refuse({ ...ok, pvKwp: [1, 2, 3, 4, 0] }, /synthetic\.pvKwp\[2\]: is for g1h3, a consumer/);
  refuse({ ...ok, pvKwp: "5" }, /synthetic\.pvKwp: must be a number or a list/);
  // what is accepted keeps its values
  assert.deepEqual(validateScenario(base).synthetic, ok);
  assert.deepEqual(validateScenario({ ...base, synthetic: { recipe: "demo" } }).synthetic, { recipe: "demo" });
  assert.equal(validateScenario(demoScenario()).synthetic, undefined);
  // a validated scenario survives its own JSON (scenario.json beside the results) unchanged
  assert.deepEqual(validateScenario(JSON.parse(JSON.stringify(berlin))), berlin);
});
