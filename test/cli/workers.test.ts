// `npm run demo -- --workers N` (docs/cli.md): worker threads for the days' fair stage. The bills do not
// depend on it (docs/model.md "Days"); a bad value is one line and exit code 2, nothing written.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { DEMO_CLI } from "../helpers/cli-paths.js";
import { tempDir } from "../helpers/tmp.js";

const dir = tempDir("cvpp-workers-");
const run = (...args: string[]) =>
  spawnSync(process.execPath, [DEMO_CLI, ...args], { encoding: "utf8", timeout: 300_000 });

/** The numbers of a CSV file, row by row (text cells left out). */
const numbers = (file: string) =>
  readFileSync(file, "utf8")
    .trim()
    .split("\n")
    .slice(1)
    .map((line) =>
      line
        .split(",")
        .map(Number)
        .filter((v) => Number.isFinite(v)),
    );

test("--workers 2 gives the demo's bills of one thread (within 1e-6), --workers x is refused", () => {
  const one = run("--days", "3", "--workers", "1", "--quiet", "--out", join(dir, "one"));
  const two = run("--days", "3", "--workers", "2", "--quiet", "--out", join(dir, "two"));
  assert.equal(one.status, 0, one.stderr);
  assert.equal(two.status, 0, two.stderr);
  for (const f of ["costs-by-house.csv", "costs-by-day.csv"]) {
    const a = numbers(join(dir, "one", f)),
      b = numbers(join(dir, "two", f));
    assert.equal(a.length, b.length);
    a.forEach((row, i) =>
      row.forEach((v, k) =>
        assert.ok(Math.abs(v - b[i][k]) <= 1e-6 * Math.max(1, Math.abs(v)), `${f} row ${i}: ${v} vs ${b[i][k]}`),
      ),
    );
  }
  const bad = run("--workers", "x", "--out", join(dir, "bad"));
  assert.equal(bad.status, 2);
  assert.equal(bad.stderr.trim().split("\n").length, 1);
  assert.match(bad.stderr, /--workers/);
  assert.ok(!existsSync(join(dir, "bad")));
});
