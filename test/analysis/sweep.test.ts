// Sweeps: the grid syntax and parameter names, the table equal to solving
// each variant on its own (in this thread and in worker threads alike), and
// the CLIs (`npm run sweep`, `npm run demo -- --compare`) end to end.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnChecked } from "../helpers/spawn.js";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { availableParallelism } from "node:os";
import {
  applyParam,
  bestVariant,
  demoBattery,
  demoExample,
  demoScenario,
  firstDays,
  flatSweepRows,
  InputError,
  kpiTable,
  parseParam,
  runSweep,
  simulate,
  simulateOnWorker,
  sweepVariants,
  type SweepResult,
} from "../../src/index.js";
import { BASELINE_FEATURES } from "../../src/analysis/baselines.js";
import { parseGrid } from "../../src/analysis/params.js";
import { tempDir } from "../helpers/tmp.js";

test("grids: start:stop:step inclusive, lists, single values; clear refusals", () => {
  assert.deepEqual(parseGrid("0:10:1"), [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
  assert.deepEqual(parseGrid("0:1:0.1"), [0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1]);
  assert.deepEqual(parseGrid("15:25:5"), [15, 20, 25]);
  assert.deepEqual(parseGrid("2:4"), [2, 3, 4]);
  assert.deepEqual(parseGrid("15,20.93,25"), [15, 20.93, 25]);
  assert.deepEqual(parseGrid("7"), [7]);
  for (const bad of ["5:1", "0:1:0", "0:1:-1", "a", "1,,2", "1,1", "0:1:2:3", "0:1e6:1"])
    assert.throws(() => parseGrid(bad), InputError, bad);
  assert.deepEqual(parseParam("battery.capacity=0:2:1"), { name: "battery.capacity", values: [0, 1, 2] });
  assert.throws(() => parseParam("battery.size=1"), /unknown parameter "battery.size"/);
  assert.throws(() => parseParam("prices.grid=1"), /unknown parameter/);
  assert.throws(() => parseParam("battery.capacity"), /expected name=grid/);
  assert.throws(() => parseParam("battery.capacity=x"), /"x" is not a number/);
});

test("parameters change exactly what they name", () => {
  const demo = demoScenario();
  // capacity C: the demo's derivation, for every group; 0 = no battery
  const c10 = applyParam(demo, "battery.capacity", 10);
  for (const g of c10.groups) assert.deepEqual(g.battery, demoBattery(10));
  assert.deepEqual(c10.groups[0].battery, {
    lower: 2,
    upper: 8,
    initial: 2,
    maxCharge: 2,
    maxDischarge: 2,
    chargeEfficiency: 0.98,
    dischargeFactor: 1 / 0.96,
  });
  for (const g of applyParam(demo, "battery.capacity", 0).groups) assert.equal(g.battery, null);
  // the demo's own capacity gives the demo's batteries
  assert.deepEqual(applyParam(demo, "battery.capacity", 5.25).groups, demo.groups);
  // one group only; the other keeps its battery
  const g2 = applyParam(demo, "g2.battery.capacity", 0);
  assert.deepEqual(g2.groups[0].battery, demo.groups[0].battery);
  assert.equal(g2.groups[1].battery, null);
  assert.throws(() => applyParam(demo, "g3.battery.capacity", 1), /has 2 groups/);
  assert.throws(() => applyParam(demo, "battery.capacity", -1), /must not be negative/);
  // single figures and prices
  assert.equal(applyParam(demo, "battery.maxCharge", 0.5).groups[1].battery!.maxCharge, 0.5);
  assert.throws(() => applyParam(demo, "battery.upper", 0.5), /impossible scenario.*upper/);
  const p = applyParam(demo, "prices.gridPurchase", 30).prices;
  assert.deepEqual(p, { ...demo.prices, gridPurchase: 30 });
  const d = applyParam(demo, "prices.demo", 10).prices;
  assert.equal(d.gridPurchase, 10);
  assert.equal(d.peerSaleInter, 0.3 * 10);
  assert.equal(d.batteryUse, demo.prices.batteryUse);
  // the input is not changed
  assert.deepEqual(demo, demoScenario());
  // two parameters: the first varies slowest
  const v = sweepVariants(demo, [parseParam("battery.capacity=0,5"), parseParam("prices.gridPurchase=10,20,30")]);
  assert.deepEqual(
    v.map((x) => x.params),
    [0, 5].flatMap((c) => [10, 20, 30].map((g) => ({ "battery.capacity": c, "prices.gridPurchase": g }))),
  );
  assert.throws(
    () => sweepVariants(demo, [parseParam("battery.capacity=1"), parseParam("battery.capacity=2")]),
    /given twice/,
  );
});

/** What the sweep table must say for one variant, from solving it directly. */
async function single(scenario: ReturnType<typeof demoScenario>, profiles: ReturnType<typeof demoExample>["profiles"]) {
  const full = await simulate(scenario, profiles, { features: { ...BASELINE_FEATURES.full } });
  const grid = await simulate(scenario, profiles, { features: { ...BASELINE_FEATURES["grid-only"] } });
  return { full: kpiTable(full), grid: kpiTable(grid) };
}

function check(result: SweepResult, variant: number, expected: Awaited<ReturnType<typeof single>>) {
  const rows = result.rows.filter((r) => r.variant === variant);
  assert.equal(rows.length, expected.full.length);
  rows.forEach((r, i) => {
    const f = expected.full[i],
      g = expected.grid[i];
    assert.equal(r.id, f.id);
    // exactly equal, not close: the same LPs solved by the same deterministic solver
    assert.equal(r.cost.full, f.cost);
    assert.equal(r.cost["grid-only"], g.cost);
    assert.equal(r.saving, g.cost - f.cost);
    assert.equal(r.selfSufficiency, f.selfSufficiency);
    assert.equal(r.selfConsumption, f.selfConsumption);
    assert.equal(r.gridImportKwh, f.gridImportKwh);
    assert.equal(r.p2pInterKwh, f.p2pInterKwh);
    assert.equal(r.batteryCycles, f.batteryCycles);
    assert.equal(r.batteryLossKwh, f.batteryLossKwh);
  });
}

test("a sweep over two variants equals the two single runs exactly, in worker threads and in this thread", async () => {
  const ex = demoExample();
  const profiles = firstDays(ex.profiles, 3);
  const base = { ...ex.scenario, days: 3 };
  const params = [parseParam("battery.capacity=2,5.25")];
  const expected = [await single(applyParam(base, "battery.capacity", 2), profiles), await single(base, profiles)];
  const progress: number[] = [];
  const threaded = await runSweep(base, profiles, params, { workers: 2, onProgress: (p) => progress.push(p.daysDone) });
  const here = await runSweep(base, profiles, params, { workers: 1 });
  assert.equal(threaded.workers, 2);
  assert.equal(here.workers, 0);
  // grid-only does not depend on the batteries: one run serves both variants
  assert.equal(threaded.jobs, 3);
  for (const r of [threaded, here]) {
    assert.ok(r.auditOk);
    check(r, 1, expected[0]);
    check(r, 2, expected[1]);
  }
  assert.deepEqual(threaded.rows, here.rows);
  assert.deepEqual(flatSweepRows(threaded), flatSweepRows(here));
  // progress: one call per solved day of every run, counting up to all of them
  assert.deepEqual(
    progress,
    Array.from({ length: 9 }, (_, i) => i + 1),
  );
  // the demo's own capacity gives the demo's cost
  const demo = await simulate(base, profiles);
  assert.equal(
    threaded.rows.find((r) => r.variant === 2 && r.scope === "community")!.cost.full,
    kpiTable(demo).at(-1)!.cost,
  );
  // bigger battery, lower cost (a larger window contains every plan of a smaller one, shifted up)
  assert.equal(bestVariant(threaded).params["battery.capacity"], 5.25);
  // fairness rows exist for groups and the community only
  for (const r of threaded.rows) assert.equal(r.shareGaining === null, r.scope === "house");
});

test("an error in a worker reaches the caller as the same error", async () => {
  const ex = demoExample();
  const profiles = firstDays(ex.profiles, 2);
  // profiles whose houses do not match the scenario: simulate() refuses them inside each worker
  const wrong = { ...profiles, houses: profiles.houses.map((h) => `${h}x`) };
  await assert.rejects(
    runSweep({ ...ex.scenario, days: 2 }, wrong, [parseParam("battery.capacity=1,2,3")], { workers: 2 }),
    InputError,
  );
});

test("a sweep whose workers solve no day within idleTimeoutMs stops with one line, and its workers with it", async () => {
  const ex = demoExample();
  const profiles = firstDays(ex.profiles, 2);
  const params = [parseParam("battery.capacity=1,2,3")];
  const t0 = Date.now();
  // 1 ms: a cold worker loads modules and its solver for far longer, so the timeout fires before any day
  await assert.rejects(
    runSweep({ ...ex.scenario, days: 2 }, profiles, params, { workers: 2, idleTimeoutMs: 1 }),
    (e: Error) => /^sweep: no day solved on its 2 worker threads in 0\.001 s; stopped$/.test(e.message),
  );
  // the rejection waits for the pool's destruction; a hung worker would hold the test past its time limit
  assert.ok(Date.now() - t0 < 60_000);
});

/** A value without its wall-time fields (`timings`, `ms`, at any depth): what must not differ between two runs. */
function withoutTimings(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(withoutTimings);
  if (v instanceof Map || ArrayBuffer.isView(v) || v === null || typeof v !== "object") return v;
  return Object.fromEntries(
    Object.entries(v)
      .filter(([k]) => k !== "timings" && k !== "ms")
      .map(([k, x]) => [k, withoutTimings(x)]),
  );
}

test("simulateOnWorker: the same run as simulate in this thread, with a progress call per day; errors keep their class", async () => {
  const ex = demoExample();
  const profiles = firstDays(ex.profiles, 3);
  const scenario = { ...ex.scenario, days: 3 };
  const days: string[] = [];
  const there = await simulateOnWorker(scenario, profiles, { onProgress: (p) => days.push(`${p.day}/${p.of}`) });
  const here = await simulate(scenario, profiles);
  assert.deepEqual(days, ["1/3", "2/3", "3/3"]);
  assert.equal(there.days.length, 3);
  assert.deepEqual(withoutTimings(there), withoutTimings(here));
  assert.ok(there.audit.ok);
  const wrong = { ...profiles, houses: profiles.houses.map((h) => `${h}x`) };
  await assert.rejects(simulateOnWorker(scenario, wrong), InputError);
});

const DIST = join(import.meta.dirname, "..", "..", "dist");
const tmp = tempDir("p2p-analysis-");
const run = (cli: string, ...args: string[]) => spawnChecked(process.execPath, [join(DIST, cli), ...args]);

test("npm run sweep: writes sweep.csv with one row per variant and house, group, community", () => {
  const out = join(tmp, "sweep");
  const r = run(
    "cli/sweep.js",
    "--param",
    "battery.capacity=0,5.25",
    "--param",
    "prices.gridPurchase=20.93",
    "--days",
    "2",
    "--out",
    out,
  );
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /With prices.gridPurchase=20.93: lowest community cost at battery.capacity=5.25/);
  const lines = readFileSync(join(out, "sweep.csv"), "utf8").trim().split("\n");
  assert.match(
    lines[0],
    /^variant,battery\.capacity,prices\.gridPurchase,scope,id,group,cost_grid_only_cu,cost_full_cu,saving_cu,saving_pct,/,
  );
  assert.match(lines[0], /,grid_import_kwh,/, "energy columns end in _kwh");
  assert.equal(lines.length, 1 + 2 * (5 + 2 + 1));
  const summary = JSON.parse(readFileSync(join(out, "summary.json"), "utf8"));
  assert.equal(summary.best.length, 1);
  assert.deepEqual(summary.best[0].lowestCost.params, { "battery.capacity": 5.25, "prices.gridPurchase": 20.93 });
  assert.ok(existsSync(join(out, "scenario.json")) && existsSync(join(out, "profiles.csv")));
});

test("npm run sweep: a bad --param is one clear line, exit code 2, nothing written", () => {
  for (const [args, message] of [
    [["--param", "battery.size=1"], /unknown parameter "battery.size"/],
    [["--param", "battery.capacity=5:1"], /stop 1 is below start 5/],
    [["--param", "battery.upper=0.5"], /impossible scenario/],
    [["--param", "battery.capacity"], /expected name=grid/],
    [[], /at least one is needed/],
    [["--param", "battery.capacity=1", "--workers", "0"], /--workers/],
  ] as const) {
    const out = join(tmp, "bad");
    const r = run("cli/sweep.js", ...args, "--days", "1", "--out", out);
    assert.equal(r.status, 2, `${args.join(" ")}: ${r.stderr}`);
    assert.match(r.stderr, /^error: /);
    assert.match(r.stderr, message);
    assert.doesNotMatch(r.stderr, /\n\s+at /, "no stack trace");
    assert.equal(existsSync(out), false);
  }
});

test("npm run demo -- --compare: savings.csv, kpis.csv and summary.json's compare", () => {
  const out = join(tmp, "compare");
  const r = run("cli/demo.js", "--compare", "--days", "3", "--out", out);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /Cost under each baseline[\s\S]*community[\s\S]*KPIs/);
  const savings = readFileSync(join(out, "savings.csv"), "utf8").trim().split("\n");
  assert.equal(savings.length, 1 + 5 + 2 + 1);
  assert.match(
    savings[0],
    /^level,id,group,kind,cost_grid_only_cu,cost_battery_only_cu,cost_intra_only_cu,cost_full_cu,saving_vs_grid_only_cu,saving_pct_vs_grid_only,/,
  );
  const kpis = readFileSync(join(out, "kpis.csv"), "utf8").trim().split("\n");
  assert.equal(kpis.length, 1 + 4 * 8);
  assert.match(kpis[0], /^baseline,scope,id,group,demand_kwh,solar_kwh,grid_import_kwh,/);
  const s = JSON.parse(readFileSync(join(out, "summary.json"), "utf8"));
  assert.equal(s.compare.days, 3);
  // the full baseline is the run itself
  assert.ok(Math.abs(s.compare.totals.full - s.totals.overall) <= 1e-9 * Math.abs(s.totals.overall));
  assert.deepEqual(Object.values(s.compare.audit), [true, true, true, true]);
  assert.ok(s.compare.totals["grid-only"] >= s.compare.totals.full);
});

test("worker threads: 0 or at least 2, the same inside a Jupyter kernel as outside", async () => {
  const { insideKernel, poolSize } = await import("../../src/analysis/sweep-pool.js");
  assert.equal(insideKernel({}, ["node", "/x/node_modules/.bin/tslab", "kernel", "--config-path", "c.json"]), true);
  assert.equal(
    insideKernel({ JPY_PARENT_PID: "123" }, ["node", "dist/sweep-cli.js"]),
    false,
    "a command in a Jupyter terminal is not a kernel",
  );
  assert.equal(insideKernel({ CVPP_IN_KERNEL: "1" }, ["node"]), true, "the override wins");
  assert.equal(insideKernel({ CVPP_IN_KERNEL: "0" }, ["node", "tslab", "kernel"]), false);
  // 12 jobs × 122 days × 5 houses × 24 hours = 175 680 house-hours: enough work for workers, one per core
  const cores = availableParallelism();
  assert.equal(poolSize("auto", 12, 175_680), cores > 1 ? Math.min(cores, 12) : 0);
  assert.equal(poolSize(4, 12, 10), 4, "an explicit count is kept");
  assert.equal(poolSize(1, 12, 175_680), 0, "1 means this thread");
  assert.equal(poolSize(8, 3, 175_680), 3, "at most one per job");
  assert.equal(poolSize("auto", 12, 39_999), 0, "too little work");
  // the pool no longer asks whether it runs in a kernel
  const previous = process.env.CVPP_IN_KERNEL;
  process.env.CVPP_IN_KERNEL = "1";
  try {
    assert.equal(poolSize(2, 12, 175_680), 2, "inside a kernel too");
  } finally {
    if (previous === undefined) delete process.env.CVPP_IN_KERNEL;
    else process.env.CVPP_IN_KERNEL = previous;
  }
});
