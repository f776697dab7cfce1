// `npm run demo -- --settlement RULE`: the settled columns, summary.json's settlement, and bad input
// (one line, exit code 2, nothing written). Runs the built CLI (npm run build first).
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { demoScenario, scenarioToJson, demoBattery } from "../../src/index.js";
import { DEMO_CLI } from "../helpers/cli-paths.js";
import { tempDir } from "../helpers/tmp.js";

const tmp = tempDir("p2p-settle-");
const run = (...args: string[]) =>
  spawnSync(process.execPath, [DEMO_CLI, ...args], { encoding: "utf8", timeout: 120_000 });

test("--settlement equal: settled columns in the table and costs-by-house.csv, checks in summary.json", () => {
  const out = join(tmp, "equal");
  const r = run("--days", "3", "--settlement", "equal", "--out", out);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /settled bill \(cu\)\s+transfer \(cu\)\s+settled saving \(cu\)/);
  assert.match(r.stdout, /Settlement: equal \(exact\)[\s\S]*individual rationality: ok/);
  const csv = readFileSync(join(out, "costs-by-house.csv"), "utf8").split("\n");
  assert.equal(csv[0], "house,group,kind,days,cost_cu,standalone_cost_cu,saving_cu,settled_bill_cu,transfer_cu");
  const s = JSON.parse(readFileSync(join(out, "summary.json"), "utf8")).settlement;
  assert.equal(s.rule, "equal");
  assert.equal(s.exact, true);
  // every house saves S / 5, and c_h = r_h − S/5
  const S = s.communitySaving as number;
  for (const h of Object.values(s.byHouse) as { saving: number; standalone: number; settledBill: number }[]) {
    assert.ok(Math.abs(h.saving - S / 5) < 1e-9 * Math.abs(S));
    assert.ok(Math.abs(h.settledBill - (h.standalone - S / 5)) < 1e-9 * Math.abs(S));
  }
  assert.equal(s.checks.budgetBalance.ok, true);
  assert.deepEqual(s.checks.individualRationality, { ok: true, houses: [] });
});

test("--settlement shapley-groups --shapley-samples: sampled, ± SE in the output", () => {
  const out = join(tmp, "sampled");
  const r = run("--days", "2", "--settlement", "shapley-groups", "--shapley-samples", "20", "--out", out);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /Settlement: shapley-groups \(sampled, ± SE: \d+ player orders/);
  assert.match(r.stdout, /± se/);
  const s = JSON.parse(readFileSync(join(out, "summary.json"), "utf8")).settlement;
  assert.equal(s.exact, false);
  assert.equal(typeof s.byHouse.g1h1.se, "number");
  // a budget that cannot reach the target reports the error it reached
  const short = run(
    "--days",
    "2",
    "--settlement",
    "shapley-houses",
    "--shapley-samples",
    "3",
    "--shapley-se",
    "1e-9",
    "--out",
    join(tmp, "short"),
  );
  assert.equal(short.status, 0, short.stderr);
  assert.match(
    short.stdout,
    /sampled, ± SE: 3 player orders, largest SE \d+\.\d+, target 1e-9 NOT reached within the budget/,
  );
});

test("bad input: an unknown rule names the choices; Shapley above the exact limit says the cost and how to sample; nothing written", () => {
  const out = join(tmp, "bad");
  const r = run("--settlement", "shapley", "--out", out);
  assert.equal(r.status, 2);
  assert.equal(
    r.stderr,
    'error: --settlement: must be one of none, equal, demand, shapley-groups, shapley-houses, got "shapley" (see --help)\n',
  );
  assert.equal(existsSync(out), false);
  // 13 groups of one prosumer: 13 players, above the exact limit of 12
  const file = join(tmp, "13.json");
  writeFileSync(
    file,
    scenarioToJson({
      ...demoScenario(),
      days: 1,
      groups: Array.from({ length: 13 }, () => ({ prosumers: 1, consumers: 0, battery: demoBattery(5.25) })),
    }),
  );
  const big = run("--scenario", file, "--settlement", "shapley-groups", "--out", out);
  assert.equal(big.status, 2, big.stderr);
  assert.match(
    big.stderr,
    /^error: --settlement shapley-groups: 13 players need 2\^13 − 2 = 8,190 horizon runs for the exact value, about .* per run .*; the exact limit is 12 players\. Sample instead: --shapley-samples N .*--shapley-se E/,
  );
  assert.equal(big.stderr.split("\n").length, 2, "one line");
  assert.equal(existsSync(out), false);
  const se = run("--shapley-se", "-1", "--out", out);
  assert.equal(se.status, 2);
  assert.match(se.stderr, /--shapley-se: must be a number > 0/);
});

test("--workers 2 and --workers 1 settle to the same summary.json; a bad count is refused", () => {
  const settled = (workers: string) => {
    const out = join(tmp, `workers-${workers}`);
    const r = run("--days", "2", "--settlement", "shapley-houses", "--workers", workers, "--out", out);
    assert.equal(r.status, 0, r.stderr);
    return { stdout: r.stdout, settlement: JSON.parse(readFileSync(join(out, "summary.json"), "utf8")).settlement };
  };
  const [one, two] = [settled("1"), settled("2")];
  assert.match(two.stdout, /30 coalition runs, [\d.]+ s on 2 worker threads/);
  assert.match(one.stdout, /30 coalition runs, [\d.]+ s\n/);
  assert.deepEqual(two.settlement, one.settlement);
  const bad = run("--workers", "0", "--out", join(tmp, "workers-bad"));
  assert.equal(bad.status, 2);
  assert.equal(bad.stderr, 'error: --workers: must be a whole number ≥ 1, got "0" (see --help)\n');
});
