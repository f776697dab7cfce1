// Issue 20 items 2, 3 and 4b: unknown keys refused at every level of
// scenario.json (with the key's path and the nearest known key), the value
// limits at their edge and one step past, deep JSON refused in one line, and
// the written scenario.json carrying only known keys.
import { test } from "node:test";
import assert from "node:assert/strict";
import { demoScenario, InputError, parseScenario, scenarioToJson, validateScenario } from "../../src/index.js";
import { VALUE_LIMITS, limitProblem } from "../../src/community/value-limits.js";
import { didYouMean } from "../../src/community/keys.js";
import { deepNestingLine, parseJsonStrict } from "../../src/io/json.js";
import { smallScenario } from "../helpers/small-scenario.js";

const base = () => smallScenario(1);
type Raw = ReturnType<typeof base> & Record<string, unknown>;
const refuses = (raw: unknown, re: RegExp) =>
  assert.throws(
    () => validateScenario(raw, "s.json"),
    (e: Error) => e instanceof InputError && re.test(e.message) && !e.message.includes("\n"),
    String(re),
  );

test("an unknown key is refused at every level, naming its path and the nearest known key", () => {
  const top: Raw = { ...base(), dayz: 1 };
  refuses(top, /^s\.json: dayz: is not a key of a scenario \(its keys: .*\); did you mean "days"\?$/);
  const price: Raw = base();
  (price.prices as Record<string, number>).gridSell = 4;
  refuses(price, /^s\.json: prices\.gridSell: is not a price key .*; did you mean "gridSale"\?$/);
  const group: Raw = base();
  (group.groups[0] as Record<string, unknown>).batery = group.groups[0].battery;
  refuses(group, /^s\.json: groups\[0\]\.batery: is not a key of a group .*; did you mean "battery"\?$/);
  const battery: Raw = base();
  (battery.groups[0].battery as Record<string, number>).maxCharg = 1;
  refuses(
    battery,
    /^s\.json: groups\[0\]\.battery\.maxCharg: is not a key of a battery .*; did you mean "maxCharge"\?$/,
  );
  refuses(
    { ...base(), synthetic: { recipe: "demo", sead: 1 } },
    /^s\.json: synthetic\.sead: is not a setting of the "demo" recipe/,
  );
  // far from every key: no guess
  refuses({ ...base(), zzzzzzzz: 1 }, /^s\.json: zzzzzzzz: is not a key of a scenario \(its keys: [^)]*\)$/);
});

test("did you mean: close keys only (edit distance ≤ 2, or a third of the key), case ignored", () => {
  assert.equal(didYouMean("Battery", ["battery"]), '; did you mean "battery"?'); // distance 0 ignoring case
  assert.equal(didYouMean("gridSell", ["gridSale", "gridPurchase"]), '; did you mean "gridSale"?'); // 2 edits
  assert.equal(didYouMean("colour", ["battery"]), ""); // 6 edits
});

test("the written scenario.json carries only known keys (a script's extra keys are left out)", () => {
  const s = { ...demoScenario(), note: "mine" } as ReturnType<typeof demoScenario>;
  (s.groups[0] as unknown as Record<string, unknown>).batery = 1;
  const json = JSON.parse(scenarioToJson(s)) as Record<string, unknown>;
  assert.deepEqual(Object.keys(json), ["hoursPerDay", "days", "seed", "prices", "groups"]);
  assert.deepEqual(Object.keys((json.groups as object[])[0]), ["prosumers", "consumers", "battery"]);
  assert.deepEqual(parseScenario(scenarioToJson(demoScenario())), demoScenario()); // and reads back as it was
});

test("value limits: each at its edge is accepted, one step past is refused naming key and value", () => {
  const withValue = (path: string[], v: number): Raw => {
    const s = base() as Raw;
    let o = s as Record<string, unknown>;
    for (const p of path.slice(0, -1)) o = o[p] as Record<string, unknown>;
    o[path.at(-1)!] = v;
    return s;
  };
  // a battery of 1e6 kWh (upper = initial = lower edge cases kept consistent: lower 0)
  const cases: [string[], number, number][] = [
    [["prices", "gridPurchase"], 1e5, 100000.5],
    [["prices", "batteryUse"], 1e5, 2e5],
    [["groups", "0", "battery", "maxCharge"], 1e6, 1000001],
    [["groups", "0", "battery", "maxDischarge"], 1e6, 1.5e6],
    [["groups", "0", "battery", "dischargeFactor"], 1000, 1000.001],
  ];
  for (const [path, edge, past] of cases) {
    assert.doesNotThrow(() => validateScenario(withValue(path, edge), "s.json"), path.join("."));
    refuses(
      withValue(path, past),
      new RegExp(`${path.slice(-1)[0]}: must be at most ${edge} .*Value limits.*got ${past}`),
    );
  }
  const big = base();
  Object.assign(big.groups[0].battery, { lower: 0, initial: 1e6, upper: 1e6 });
  assert.doesNotThrow(() => validateScenario(big, "s.json"));
  Object.assign(big.groups[0].battery, { upper: 1e6 + 1 });
  refuses(big, /battery\.upper: must be at most 1000000 kWh .*got 1000001/);
  // chargeEfficiency: 0.001 is the edge, 0.0009 past it; above 1 stays "(0, 1]"
  assert.doesNotThrow(() =>
    validateScenario(withValue(["groups", "0", "battery", "chargeEfficiency"], 0.001), "s.json"),
  );
  refuses(
    withValue(["groups", "0", "battery", "chargeEfficiency"], 0.0009),
    /chargeEfficiency: must be at least 0\.001 .*got 0\.0009/,
  );
  // the values: dischargeFactor 1e300 and a price of 1e300
  refuses(
    withValue(["groups", "0", "battery", "dischargeFactor"], 1e300),
    /dischargeFactor: must be at most 1000 .*got 1e\+300/,
  );
  refuses(
    withValue(["prices", "gridSale"], 1e300),
    /prices\.gridSale: must be at most 100000 currency units per kWh .*got 1e\+300/,
  );
  // per-step energy: 1e4 kWh is the edge
  assert.equal(limitProblem("stepEnergy", VALUE_LIMITS.stepEnergy.max), null);
  assert.match(limitProblem("stepEnergy", 1e11)!, /must be at most 10000 kWh .*got 100000000000/);
  assert.match(limitProblem("stepEnergy", NaN)!, /must be a finite number, got NaN/);
});

test("JSON nested 5 000 deep is refused in one line before any recursive parser runs", () => {
  const text = `{"a": ${"[".repeat(5000)}${"]".repeat(5000)}}`;
  assert.equal(deepNestingLine(text), 1);
  assert.throws(
    () => parseJsonStrict(text, "s.json"),
    (e: Error) =>
      e instanceof InputError &&
      e.message === "s.json:1: nests objects and arrays more than 64 deep; is it the right file?",
  );
  // 64 deep is read; brackets inside strings do not count
  assert.deepEqual(
    parseJsonStrict(`${"[".repeat(64)}${"]".repeat(64)}`, "x.json"),
    JSON.parse(`${"[".repeat(64)}${"]".repeat(64)}`),
  );
  assert.deepEqual(parseJsonStrict(`{"a": "${"[".repeat(100)}\\"{"}`, "x.json"), { a: `${"[".repeat(100)}"{` });
});
