// The CLI end to end: the 122-day demo audited; its own scenario.json and
// profiles.csv fed back give byte-identical tables; every refusal class of
// docs/data-formats.md gives one clear message, exit code 2 and no output folder.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnChecked } from "../helpers/spawn.js";
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { demoScenario, costTotals, demoExample, simulate } from "../../src/index.js";
import { tempDir } from "../helpers/tmp.js";

const CLI = join(import.meta.dirname, "..", "..", "dist", "cli", "demo.js");
const tmp = tempDir("p2p-cli-");
const run = (...args: string[]) => spawnChecked(process.execPath, [CLI, ...args]);
const json = (path: string) => JSON.parse(readFileSync(path, "utf8"));

test("the demo runs 122 days, passes the audit and writes every file", async () => {
  const out = join(tmp, "demo");
  const r = run("--out", out);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /Cost per house[\s\S]*g2h2[\s\S]*Cost per group[\s\S]*Overall: /);
  assert.deepEqual(readdirSync(out).sort(), [
    ".p2p-cvpp-results",
    "battery.csv",
    "costs-by-day.csv",
    "costs-by-group.csv",
    "costs-by-house.csv",
    "flows.csv",
    "profiles.csv",
    "scenario.json",
    "summary.json",
  ]);
  const s = json(join(out, "summary.json"));
  assert.equal(s.days.length, 122);
  assert.equal(s.audit.ok, true);
  assert.equal(s.days[0].cols > 0 && s.days[0].rows > 0, true);
  assert.match(s.solver.name, /HiGHS/);
  assert.equal(s.allocation, "fair");
  // the totals agree with one another and with the library's own run of the same demo
  const byGroup = Object.values(s.totals.byGroup as Record<string, number>).reduce((a, b) => a + b, 0);
  const byHouse = Object.values(s.totals.byHouse as Record<string, number>).reduce((a, b) => a + b, 0);
  const byDay = (s.days as { objective: number }[]).reduce((a, d) => a + d.objective, 0);
  for (const x of [byGroup, byHouse, byDay])
    assert.ok(Math.abs(x - s.totals.overall) < 1e-6 * Math.abs(s.totals.overall));
  const ex = demoExample();
  const lib = costTotals(await simulate(ex.scenario, ex.profiles));
  assert.equal(lib.overall, s.totals.overall);
  // The demo's scenario file is docs/data-formats.md's example.
  assert.deepEqual(json(join(out, "scenario.json")), JSON.parse(JSON.stringify(demoScenario())));
  // A house costs what the sum of its daily costs says.
  const daily = readFileSync(join(out, "costs-by-day.csv"), "utf8").trim().split("\n");
  // units in the header, as in every other CSV (currency units per day)
  assert.equal(daily[0], "day,total_cu,g1_cu,g2_cu,g1h1_cu,g1h2_cu,g1h3_cu,g2h1_cu,g2h2_cu");
  const col = daily[0].split(",").indexOf("g1h3_cu");
  const sum = daily.slice(1).reduce((a, line) => a + Number(line.split(",")[col]), 0);
  assert.ok(Math.abs(sum - s.totals.byHouse.g1h3) < 1e-3);
});

test("the files a run writes, fed back, give byte-identical results", () => {
  const a = join(tmp, "a"),
    b = join(tmp, "b");
  assert.equal(run("--days", "20", "--out", a, "--quiet").status, 0);
  const r = run("--scenario", join(a, "scenario.json"), "--profiles", join(a, "profiles.csv"), "--out", b, "--quiet");
  assert.equal(r.status, 0, r.stderr);
  for (const f of readdirSync(a).filter((f) => f !== "summary.json" && !f.startsWith(".")))
    assert.equal(readFileSync(join(b, f), "utf8"), readFileSync(join(a, f), "utf8"), f);
  const [sa, sb] = [json(join(a, "summary.json")), json(join(b, "summary.json"))];
  delete sa.timings;
  delete sb.timings;
  assert.deepEqual(sb, sa);
  assert.equal(sa.days.length, 20);
});

/** Runs the CLI on a broken input and checks the refusal. */
function refused(
  name: string,
  files: { scenario?: unknown; profiles?: string },
  expected: RegExp,
  extra: string[] = [],
) {
  const dir = mkdtempSync(join(tmp, "bad-"));
  const args = ["--out", join(dir, "out"), ...extra];
  if (files.scenario !== undefined) {
    const path = join(dir, "scenario.json");
    writeFileSync(path, typeof files.scenario === "string" ? files.scenario : JSON.stringify(files.scenario));
    args.push("--scenario", path);
  }
  if (files.profiles !== undefined) {
    const path = join(dir, "profiles.csv");
    writeFileSync(path, files.profiles);
    args.push("--profiles", path);
  }
  const r = run(...args);
  assert.equal(r.status, 2, `${name}: exit ${r.status}\n${r.stderr}`);
  assert.match(r.stderr, expected, name);
  assert.doesNotMatch(r.stderr, /\n\s+at /, `${name}: no stack trace`);
  assert.equal(r.stderr.trim().split("\n").length, 1, `${name}: one line`);
  assert.match(r.stderr, /^error: .*\(see --help\)\n$/, `${name}: one line with a hint`);
  assert.equal(existsSync(join(dir, "out")), false, `${name}: no output folder`);
}

const small = () => ({ ...demoScenario(), days: 1, hoursPerDay: 2 });
test("scenarios that cannot be right are refused, naming the key", () => {
  const s = small();
  const sc = (scenario: unknown) => ({ scenario });
  const bat = s.groups[0].battery!;
  const withBattery = (b: object) => ({ ...s, groups: [{ ...s.groups[0], battery: { ...bat, ...b } }] });
  refused("upper < lower", sc(withBattery({ upper: 0.5 })), /groups\[0\]\.battery\.upper.*below lower/);
  refused("initial outside", sc(withBattery({ initial: 5 })), /groups\[0\]\.battery\.initial.*outside/);
  refused(
    "negative price",
    sc({ ...s, prices: { ...s.prices, gridSale: -1 } }),
    /prices\.gridSale: must not be negative/,
  );
  refused(
    "missing price",
    sc({ ...s, prices: { ...s.prices, batteryUse: undefined } }),
    /prices\.batteryUse: must be a finite number/,
  );
  refused("negative battery figure", sc(withBattery({ maxCharge: -1 })), /battery\.maxCharge: must not be negative/);
  refused("efficiency 0", sc(withBattery({ chargeEfficiency: 0 })), /chargeEfficiency: must be in \(0, 1\]/);
  refused("efficiency > 1", sc(withBattery({ chargeEfficiency: 1.2 })), /chargeEfficiency: must be in \(0, 1\]/);
  refused("discharge factor < 1", sc(withBattery({ dischargeFactor: 0.9 })), /dischargeFactor: must be at least 1/);
  refused("no groups", sc({ ...s, groups: [] }), /groups: must name at least one group/);
  refused(
    "empty group",
    sc({ ...s, groups: [{ prosumers: 0, consumers: 0, battery: null }] }),
    /groups\[0\]: has no house/,
  );
  refused(
    "fractional count",
    sc({ ...s, groups: [{ prosumers: 1.5, consumers: 0 }] }),
    /groups\[0\]\.prosumers: must be a whole number/,
  );
  refused(
    "negative count",
    sc({ ...s, groups: [{ prosumers: -1, consumers: 2 }] }),
    /groups\[0\]\.prosumers: must be at least 0/,
  );
  refused("hoursPerDay 0", sc({ ...s, hoursPerDay: 0 }), /hoursPerDay: must be at least 1/);
  refused("days 0", sc({ ...s, days: 0 }), /days: must be at least 1/);
  refused("not JSON", sc("{ hoursPerDay: 24"), /scenario\.json:1:3: is not valid JSON/);
  refused("--days beyond", sc(s), /--days: 5 is more than the scenario's 1 days/, ["--days", "5"]);
  refused("bad --days", sc(s), /--days: must be a whole number/, ["--days", "two"]);
  refused("unknown option", sc(s), /command line: unknown option --dayz; did you mean --days\?/, ["--dayz", "2"]);
  refused("missing file", {}, /nope\.json: cannot be read \(ENOENT: no such file\)/, [
    "--scenario",
    join(tmp, "nope.json"),
  ]);
});

test("profiles that are not right are refused, naming the file and line", () => {
  const s = { ...small(), groups: [{ prosumers: 1, consumers: 1, battery: null }] };
  const rows = [
    "day,hour,house,demand_kwh,solar_kwh",
    "1,0,g1h1,0.5,0.1",
    "1,0,g1h2,0.5,0",
    "1,1,g1h1,0.5,0.2",
    "1,1,g1h2,0.4,0",
  ];
  const csv = (r: string[]) => r.join("\n") + "\n";
  const edit = (line: number, text: string) => csv(rows.map((r, i) => (i === line ? text : r)));
  refused(
    "missing row",
    { scenario: s, profiles: csv(rows.slice(0, 4)) },
    /profiles\.csv: missing row for day 1, hour 1, house g1h2/,
  );
  refused(
    "duplicate",
    { scenario: s, profiles: edit(4, "1,0,g1h2,0.4,0") },
    /profiles\.csv:5: duplicate row for day 1, hour 0, house g1h2 \(first at line 3\)/,
  );
  refused(
    "unknown house",
    { scenario: s, profiles: edit(2, "1,0,g9h1,0.5,0") },
    /profiles\.csv:3: unknown house "g9h1"/,
  );
  refused(
    "negative",
    { scenario: s, profiles: edit(3, "1,1,g1h1,-0.5,0.2") },
    /profiles\.csv:4: demand_kwh must not be negative/,
  );
  refused(
    "non-numeric",
    { scenario: s, profiles: edit(3, "1,1,g1h1,abc,0.2") },
    /profiles\.csv:4: demand_kwh must be a finite number, got "abc"/,
  );
  refused(
    "infinite",
    { scenario: s, profiles: edit(3, "1,1,g1h1,0.5,Infinity") },
    /profiles\.csv:4: solar_kwh must be a finite number/,
  );
  refused(
    "empty value",
    { scenario: s, profiles: edit(3, "1,1,g1h1,,0.2") },
    /profiles\.csv:4: demand_kwh must be a finite number, got ""/,
  );
  refused(
    "wrong column",
    { scenario: s, profiles: edit(0, "day,hour,house,demand,solar_kwh") },
    /profiles\.csv:1: header must be/,
  );
  refused("column count", { scenario: s, profiles: edit(2, "1,0,g1h2,0.5") }, /profiles\.csv:3: expected 5 columns/);
  refused(
    "consumer PV",
    { scenario: s, profiles: edit(2, "1,0,g1h2,0.5,0.3") },
    /profiles\.csv:3: g1h2 is a consumer and has no PV/,
  );
  refused(
    "hour out of range",
    { scenario: s, profiles: edit(2, "1,2,g1h2,0.5,0") },
    /profiles\.csv:3: hour 2 is out of range/,
  );
  refused(
    "day out of range",
    { scenario: s, profiles: edit(2, "2,0,g1h2,0.5,0") },
    /profiles\.csv:3: day 2 is out of range/,
  );
  refused(
    "fractional day",
    { scenario: s, profiles: edit(2, "1.5,0,g1h2,0.5,0") },
    /profiles\.csv:3: day must be a whole number/,
  );
  refused("empty file", { scenario: s, profiles: "" }, /profiles\.csv: is empty/);
});

test("a refused run leaves an existing results folder as it was", () => {
  const out = join(tmp, "keep");
  assert.equal(run("--days", "1", "--out", out, "--quiet").status, 0);
  const before = readFileSync(join(out, "summary.json"), "utf8");
  const bad = join(tmp, "bad.json");
  writeFileSync(bad, JSON.stringify({ ...small(), days: 0 }));
  assert.equal(run("--scenario", bad, "--out", out).status, 2);
  assert.equal(readFileSync(join(out, "summary.json"), "utf8"), before);
});

test("--prices with --compare: the baselines are solved at the file's prices too", () => {
  // The grid-only baseline (no battery, no trades) is every house alone with its own PV and the
  // grid: its total must equal the stand-alone costs of the fair bills, which use the file's prices.
  // Before the fix the baselines were solved at the scenario's prices (grid purchase 20, not 40).
  const T = demoScenario().hoursPerDay;
  const rows = ["day,hour,gridPurchase"];
  for (let d = 1; d <= 2; d++) for (let t = 0; t < T; t++) rows.push(`${d},${t},${t >= 17 && t < 21 ? 60 : 40}`);
  const prices = join(tmp, "spot.csv");
  writeFileSync(prices, rows.join("\n") + "\n");
  const out = join(tmp, "prices-compare");
  const r = run("--days", "2", "--prices", prices, "--compare", "--quiet", "--out", out);
  assert.equal(r.status, 0, r.stderr);
  const s = json(join(out, "summary.json"));
  const gridOnly = s.compare.totals["grid-only"];
  assert.ok(
    Math.abs(gridOnly - s.standalone.overall) <= 1e-6 * Math.abs(gridOnly),
    `grid-only ${gridOnly} vs stand-alone ${s.standalone.overall}`,
  );
  assert.ok(
    Math.abs(s.compare.totals.full - s.totals.overall) <= 1e-9 * Math.abs(s.totals.overall),
    "full is the run itself",
  );
  assert.match(s.compare.note, /fair bills/);
});
