// Process start (issue 21 item 4): a plain `npm run demo` loads only what its run needs. Each
// command runs with a hook that records every module the process resolves; a plain run must
// not load glpk.js, the charts, the report, vega, resvg, tinypool or the CSV/JSONC readers, and
// `--help` none of the run's modules. The same recorder sees glpk.js and csv-parse when a run
// asks for them (so the check is not passing by recording nothing).
import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { spawnChecked } from "../helpers/spawn.js";
import { DEMO_CLI } from "../helpers/cli-paths.js";
import { tempDir } from "../helpers/tmp.js";

const tmp = tempDir("p2p-start-");
const HOOK = pathToFileURL(join(import.meta.dirname, "..", "helpers", "record-loads.mjs")).href;

/** Runs the demo with `args` and returns the exit code and the modules it resolved. */
function loads(name: string, args: readonly string[]): { status: number | null; stderr: string; urls: string[] } {
  const log = join(tmp, `${name}.log`);
  const env = { ...process.env, LOAD_LOG: log };
  const r = spawnChecked(process.execPath, ["--import", HOOK, DEMO_CLI, ...args], { env });
  const urls = existsSync(log) ? [...new Set(readFileSync(log, "utf8").split("\n").filter(Boolean))] : [];
  return { status: r.status, stderr: r.stderr, urls };
}

/** What a plain run does not need (module URLs). */
const NOT_ON_A_PLAIN_RUN: readonly [string, RegExp][] = [
  ["glpk.js", /\/node_modules\/glpk\.js\/|\/solver\/glpk\.js$/],
  ["the charts", /\/dist\/charts\//],
  ["the report", /\/dist\/report\//],
  ["vega", /\/node_modules\/vega/],
  ["resvg", /\/node_modules\/@resvg\//],
  ["tinypool", /\/node_modules\/tinypool\//],
  ["csv-parse", /\/node_modules\/csv-parse\//],
  ["jsonc-parser", /\/node_modules\/jsonc-parser\//],
];

const found = (urls: readonly string[], re: RegExp) => urls.filter((u) => re.test(u));

test("a plain demo run loads HiGHS and the simulation, and no glpk.js, chart, report or reader code", () => {
  const r = loads("plain", ["--days", "2", "--quiet", "--out", join(tmp, "plain")]);
  assert.equal(r.status, 0, r.stderr);
  // the recorder saw the run's own modules
  assert.ok(found(r.urls, /\/node_modules\/highs\//).length > 0, "HiGHS recorded");
  assert.ok(found(r.urls, /\/dist\/simulation\/simulate\.js$/).length > 0, "the simulation recorded");
  for (const [what, re] of NOT_ON_A_PLAIN_RUN) assert.deepEqual(found(r.urls, re), [], `a plain run loads no ${what}`);
});

test("--help loads none of a run's modules", () => {
  const r = loads("help", ["--help"]);
  assert.equal(r.status, 0, r.stderr);
  assert.ok(found(r.urls, /\/dist\/cli\/options\.js$/).length > 0, "the options recorded");
  // the help lists the solvers, allocations and settlement rules from their registries, and loads no more
  const ours = /\/dist\/(simulation|lp|audit|results|charts|report)\/|\/dist\/(stages\/stages|solver\/index)\.js$/;
  const theirs = /\/node_modules\/(highs|glpk\.js|tinypool|csv-parse|jsonc-parser)\/|\/dist\/solver\/(highs|glpk)\.js$/;
  assert.deepEqual(found(r.urls, ours), []);
  assert.deepEqual(found(r.urls, theirs), []);
});

test("the recorder sees glpk.js and the readers when a run uses them", () => {
  const first = join(tmp, "first");
  assert.equal(loads("first", ["--days", "1", "--quiet", "--out", first]).status, 0);
  const files = ["--scenario", join(first, "scenario.json"), "--profiles", join(first, "profiles.csv")];
  const r = loads("glpk", ["--solver", "glpk", ...files, "--quiet", "--out", join(tmp, "glpk")]);
  assert.equal(r.status, 0, r.stderr);
  for (const what of ["glpk.js", "csv-parse", "jsonc-parser"]) {
    const re = NOT_ON_A_PLAIN_RUN.find(([w]) => w === what)![1];
    assert.ok(found(r.urls, re).length > 0, `${what} recorded`);
  }
});
