// Issue 20 item 4: the library's options objects checked like files —
// unknown keys and values named with the nearest known one, a partial
// `features` merged with the defaults, NaN refused before any LP, helpers
// that threw nothing and returned NaN now refuse, a folder that cannot be
// made is refused at once, and a model HiGHS refuses is a one-line solver error.
import { test } from "node:test";
import assert from "node:assert/strict";
import {
  buildNetwork,
  dayProfiles,
  demoPrices,
  exportTable,
  fairness,
  generateProfiles,
  giniRsv,
  InputError,
  simulate,
  standaloneCosts,
  WriteError,
  type Profiles,
  type Scenario,
} from "../../src/index.js";
import { loadBackend } from "../../src/solver/index.js";
import { dayPrices } from "../../src/prices/prices.js";

const scenario: Scenario = {
  hoursPerDay: 2,
  days: 1,
  seed: 42,
  prices: demoPrices(20),
  groups: [
    {
      prosumers: 2,
      consumers: 1,
      battery: {
        lower: 0,
        upper: 2,
        initial: 0,
        maxCharge: 1,
        maxDischarge: 1,
        chargeEfficiency: 1,
        dischargeFactor: 1,
      },
    },
  ],
};
// day 1: g1h1 has 2 kWh of PV and no demand in both hours, g1h2 and g1h3 need 1 kWh each, no PV
const profiles: Profiles = {
  days: 1,
  hours: 2,
  houses: ["g1h1", "g1h2", "g1h3"],
  demand: Float64Array.of(0, 0, 1, 1, 1, 1),
  solar: Float64Array.of(2, 2, 0, 0, 0, 0),
};

const refuses = async (options: object, re: RegExp, s: Scenario = scenario, p: Profiles = profiles) =>
  assert.rejects(
    simulate(s, p, options),
    (e: Error) => e instanceof InputError && re.test(e.message) && !e.message.includes("\n"),
    String(re),
  );

test("unknown keys and values of simulate()'s options are refused, naming them and the nearest known one", async () => {
  await refuses(
    { solver: "glkp" },
    /^simulate options: solver: "glkp" is not a solver \(one of: highs, glpk\); did you mean "glpk"\?$/,
  );
  await refuses({ solver: "cplex" }, /solver: "cplex" is not a solver \(one of: highs, glpk\)$/);
  await refuses({ allocation: "equal" }, /allocation: "equal" is not an allocation rule \(one of: fair, solver\)/);
  await refuses({ formulation: "magic" }, /formulation: "magic" is not a formulation \(one of: auto, pair, pooled\)/);
  await refuses({ presolve: "no" }, /presolve: must be true or false, got "no"/);
  await refuses({ initialLevels: [1, 2] }, /initialLevels: must be a list of 1 levels/);
  await refuses({ initialLevels: [NaN] }, /initialLevels\[0\]: must be a finite number of kWh or null, got NaN/);
  await refuses(
    { solverr: "highs" },
    /^simulate options: solverr: is not an option of simulate\(\) .*; did you mean "solver"\?$/,
  );
  await refuses({ features: { batery: false } }, /features\.batery: is not a feature .*; did you mean "battery"\?/);
  await refuses({ features: { battery: "no" } }, /features\.battery: must be true or false, got "no"/);
  await refuses(
    { prices: { days: 1, hours: 2, series: { gridPurchase: Float64Array.of(20, NaN) } } },
    /prices\.series\.gridPurchase\[1\]: \(day 1, hour 1\) must be a finite number, got NaN/,
  );
});

test("a partial features object keeps the other features on: { battery: false } still trades", async () => {
  // Without the battery, g1h1's 2 kWh an hour go to g1h2 and g1h3 (1 kWh each) at the intra peer price
  // 0.7·20 = 14 instead of being sold to the grid at 0.2·20 = 4 while they buy at 20: each hour the
  // buyers pay 2·14 = 28 and g1h1 earns 2·(0.5·20) = 20, so the day's cost is 2·(28 − 20) = 16.
  // With trading off as well, it would be 2·(2·20 − 2·4) = 64.
  const r = await simulate(scenario, profiles, { features: { battery: false } as never });
  assert.deepEqual(r.features, { battery: false, intraTrades: true, interTrades: true });
  assert.ok(Math.abs(r.days[0].objective - 16) < 1e-9, `cost ${r.days[0].objective}`);
});

test("NaN and absurd values in the scenario or profiles are refused before any LP, naming the value", async () => {
  await refuses({}, /^profiles: demand of g1h2 on day 1, hour 1: must be a finite number, got NaN$/, scenario, {
    ...profiles,
    demand: Float64Array.of(0, 0, 1, NaN, 1, 1),
  });
  await refuses({}, /profiles: solar of g1h1 on day 1, hour 0: must be at most 10000 kWh/, scenario, {
    ...profiles,
    solar: Float64Array.of(1e11, 2, 0, 0, 0, 0),
  });
  await refuses({}, /profiles: demand has 5 values; 1 days × 3 houses × 2 hours need 6/, scenario, {
    ...profiles,
    demand: Float64Array.of(0, 0, 1, 1, 1),
  });
  const s = structuredClone(scenario) as unknown as { groups: { battery: Record<string, unknown> }[] };
  s.groups[0].battery.upper = "4.2";
  await refuses(
    {},
    /^scenario: groups\[0\]\.battery\.upper: must be a finite number, got "4\.2"$/,
    s as unknown as Scenario,
  );
});

test("fairness, giniRsv, standaloneCosts and generateProfiles refuse bad input instead of returning NaN", () => {
  const oneLine = (re: RegExp) => (e: Error) => e instanceof InputError && re.test(e.message);
  assert.throws(() => giniRsv([1, NaN, 3]), oneLine(/^giniRsv: values\[1\]: must be a finite number, got NaN$/));
  assert.throws(
    () => fairness([1, 2], [1]),
    oneLine(/^fairness: needs two lists of costs of the same length, got 2 and 1$/),
  );
  assert.throws(
    () => fairness([1, 2], [1, Infinity]),
    oneLine(/^fairness: cost\[1\]: must be a finite number, got Infinity$/),
  );
  const day = dayProfiles(profiles, 0);
  assert.throws(
    () => standaloneCosts(day, dayPrices(demoPrices(), 1, 0)),
    oneLine(/standaloneCosts: prices\.gridPurchase: must hold 2 values/),
  );
  assert.throws(
    () => standaloneCosts({ ...day, demand: Float64Array.of(0, 0, 1, NaN, 1, 1) }, dayPrices(demoPrices(), 2, 0)),
    oneLine(/standaloneCosts: day: demand of house 2 on day 1, hour 1: must be a finite number, got NaN/),
  );
  // g1h2 alone buys 1 kWh at 20 each hour: 40 (hand-worked)
  assert.equal(standaloneCosts(day, dayPrices(demoPrices(20), 2, 0))[1], 40);
  const net = buildNetwork(scenario);
  assert.throws(
    () => generateProfiles({ ...scenario, hoursPerDay: 0 }, net),
    oneLine(/generateProfiles: scenario: hoursPerDay: must be a whole number ≥ 1, got 0/),
  );
  assert.throws(
    () => generateProfiles({ ...scenario, seed: NaN }, net),
    oneLine(/seed: must be a finite number or a string, got NaN/),
  );
});

test(
  "exportTable into a folder that cannot be made (/proc/x) is refused at once, not a loop",
  { timeout: 10_000 },
  () => {
    assert.throws(
      () => exportTable("/proc/x", "t", [{ a: 1 }]),
      (e: Error) =>
        e instanceof WriteError &&
        e.message === "cannot write /proc/x: a part of the path does not exist or cannot hold folders (ENOENT)",
    );
  },
);

test("an LP HiGHS refuses to take (passModel fails) is a one-line solver error, not the library's source", async () => {
  const highs = await loadBackend("highs");
  const lp = {
    nCols: 1,
    colLb: Float64Array.of(0),
    colUb: Float64Array.of(1e300),
    obj: Float64Array.of(1e300),
    nRows: 1,
    rowLb: Float64Array.of(1e20),
    rowUb: Float64Array.of(Infinity),
    start: Int32Array.of(0, 1),
    col: Int32Array.of(0),
    coef: Float64Array.of(1e300),
  };
  const m = highs.open(lp);
  const r = m.solve();
  m.dispose();
  assert.equal(r.optimal, false);
  assert.equal(r.status, "solver error (HiGHS could not take the LP: passModel failed with HiGHS status -1)");
});
