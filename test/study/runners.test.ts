// `npm run study` on this machine: the local pool, three shards merged,
// resume, a killed driver, a failing job, and the rows against
// `npm run sweep`'s for the same variants (an independent code path: the
// sweep builds its own jobs and table).
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { spawn, spawnSync } from "node:child_process";
import { existsSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { tempDir } from "../helpers/tmp.js";
import { entsoeJune } from "../helpers/entsoe.js";

const DIST = join(import.meta.dirname, "..", "..", "dist");
const STUDY = join(DIST, "cli", "study.js");
const run = (cli: string, args: string[], cwd?: string) =>
  spawnSync(process.execPath, [cli, ...args], { encoding: "utf8", cwd, timeout: 120_000 });
const rowsIn = (dir: string) => readdirSync(dir).filter((f) => f.startsWith("row-"));

const dir = tempDir("cvpp-study-");
const study = join(dir, "study.json");
// 2 × 2 = 4 jobs of one day on the demo community (5 houses)
writeFileSync(
  study,
  JSON.stringify({ days: 1, params: { "groups[*].battery.capacity": [0, 5], "prices.gridPurchase": [20, 25] } }),
);
const local = join(dir, "local");

describe("npm run study (local and shard)", { timeout: 300_000 }, () => {
  it("runs every job on the local pool and writes the table", () => {
    const r = run(STUDY, [study, "--out", local, "--workers", "2"]);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /4 jobs: 0 already done, 4 solved, 0 failed/);
    assert.equal(rowsIn(local).length, 4);
    const lines = readFileSync(join(local, "table.csv"), "utf8").trim().split("\n");
    // 4 jobs × (5 houses + 2 groups + 1 community) rows and the header
    assert.equal(lines.length, 1 + 4 * 8);
    assert.match(
      lines[0],
      /^job,groups\[\*\]\.battery\.capacity,prices\.gridPurchase,scope,id,group,cost_grid_only_cu,cost_full_cu,/,
    );
  });

  it("has the rows of npm run sweep for the same variants", () => {
    const sweepOut = join(dir, "sweep");
    const r = run(join(DIST, "cli", "sweep.js"), [
      "--param",
      "battery.capacity=0,5",
      "--param",
      "prices.gridPurchase=20,25",
      "--days",
      "1",
      "--workers",
      "1",
      "--out",
      sweepOut,
      "--quiet",
    ]);
    assert.equal(r.status, 0, r.stderr);
    const tail = (text: string) =>
      text
        .trim()
        .split("\n")
        .map((l) => l.split(",").slice(3).join(","));
    // the same grid order (first parameter slowest), so after job/variant and the two parameters the rows agree
    assert.deepEqual(
      tail(readFileSync(join(local, "table.csv"), "utf8")),
      tail(readFileSync(join(sweepOut, "sweep.csv"), "utf8")),
    );
  });

  it("resumes a finished study without solving anything", () => {
    const r = run(STUDY, [study, "--out", local, "--workers", "1"]);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /4 jobs: 4 already done, 0 solved/);
  });

  it("gives the same table from three shards merged; names missing jobs; refuses another study's part", () => {
    const parts = [0, 1, 2].map((i) => join(dir, `part-${i}`));
    for (const [i, p] of parts.entries()) {
      const r = run(STUDY, [study, "--shard", `${i}/3`, "--out", p, "--workers", "1"]);
      assert.equal(r.status, 0, r.stderr);
    }
    // slices round-robin: jobs 1 and 4, job 2, job 3
    assert.deepEqual(
      parts.map((p) => rowsIn(p).length),
      [2, 1, 1],
    );
    const merged = join(dir, "merged");
    const partial = run(STUDY, ["merge", parts[0], parts[1], "--out", join(dir, "partial")]);
    assert.equal(partial.status, 1);
    assert.match(
      partial.stderr,
      /^missing: job 3 \(groups\[\*\]\.battery\.capacity=5, prices\.gridPurchase=20\) [0-9a-f]{64}$/m,
    );
    const r = run(STUDY, ["merge", ...parts, "--out", merged]);
    assert.equal(r.status, 0, r.stderr);
    assert.equal(readFileSync(join(merged, "table.csv"), "utf8"), readFileSync(join(local, "table.csv"), "utf8"));

    const other = join(dir, "other.json");
    writeFileSync(other, JSON.stringify({ days: 1, params: { "prices.gridPurchase": [30] } }));
    assert.equal(run(STUDY, [other, "--shard", "0/1", "--out", join(dir, "other-part")]).status, 0);
    const mixed = run(STUDY, ["merge", parts[0], join(dir, "other-part"), "--out", join(dir, "mixed")]);
    assert.equal(mixed.status, 2);
    assert.match(
      mixed.stderr,
      /^error: .*other-part: is a part of study [0-9a-f]{12}…, .*part-0 of study [0-9a-f]{12}…; parts of different studies are not merged/,
    );
  });

  it("fails a job with a bad parameter alone, in one line naming the job and the parameter", () => {
    const bad = join(dir, "bad.json");
    writeFileSync(bad, JSON.stringify({ days: 1, params: { "groups[0].prosumers": [1, -1] } }));
    const out = join(dir, "bad-out");
    const r = run(STUDY, [bad, "--out", out, "--workers", "2"]);
    assert.equal(r.status, 1);
    const errors = r.stderr
      .trim()
      .split("\n")
      .filter((l) => l.startsWith("error:"));
    assert.equal(errors.length, 1, r.stderr);
    assert.match(errors[0], /^error: job 2 \(groups\[0\]\.prosumers=-1\): scenario: groups\[0\]\.prosumers/);
    assert.equal(rowsIn(out).length, 1, "job 1's row is stored");
    assert.ok(!existsSync(join(out, "table.csv")), "no table with a row missing");
  });

  it("resumes after the driver is killed, with the same table", async () => {
    const out = join(dir, "killed");
    const child = spawn(process.execPath, [STUDY, study, "--out", out, "--workers", "1"], { stdio: "ignore" });
    const killer = setTimeout(() => child.kill("SIGKILL"), 60_000);
    // kill it once the first row is in (jobs run one at a time here, so others are not)
    while (!(existsSync(out) && rowsIn(out).length >= 1) && child.exitCode === null)
      await new Promise((r) => setTimeout(r, 50));
    child.kill("SIGKILL");
    clearTimeout(killer);
    const before = rowsIn(out).length;
    assert.ok(before >= 1 && before < 4, `${before} rows before the restart`);
    // a kill can land while a row is written: its temporary file is never read as a row, and every
    // row file is whole
    for (const f of readdirSync(out).filter((f) => /^row-.*\.json$/.test(f)))
      assert.doesNotThrow(() => JSON.parse(readFileSync(join(out, f), "utf8")), `${f} is whole`);
    const r = run(STUDY, [study, "--out", out, "--workers", "1"]);
    assert.equal(r.status, 0, r.stderr);
    assert.deepEqual(
      readdirSync(out).filter((f) => f.includes(".tmp-")),
      [],
      "the killed writer's temporary files are gone after the resume",
    );
    assert.match(r.stdout, new RegExp(`4 jobs: ${before} already done, ${4 - before} solved`));
    assert.equal(readFileSync(join(out, "table.csv"), "utf8"), readFileSync(join(local, "table.csv"), "utf8"));
  });

  it("refuses a spot-price file short of the study's days once, up front, writing nothing", () => {
    // ENTSO-E day-ahead export of 30 hours in Berlin's local time (CEST, UTC+2): 1 June 00:00 to 2 June 06:00,
    // i.e. 2025-05-31T22:00Z to 2025-06-02T04:00Z. The study runs 2 days from 1 June in the zone's standard
    // time (UTC+1), so study day 2 starts 2025-06-01T23:00Z and its first hour without a price is
    // 2025-06-02T04:00Z = 05:00 study time.
    writeFileSync(join(dir, "short-spot.csv"), entsoeJune(30));
    const spot = join(dir, "spot-study.json");
    // 3 jobs: without the check up front, each would fail on its own
    const body = { days: 2, spot: "short-spot.csv", start: "2025-06-01", zone: "Europe/Berlin", tariff: "vat=0" };
    writeFileSync(spot, JSON.stringify({ ...body, params: { "tariff.fees": [10, 15, 20] } }));
    const out = join(dir, "spot-out");
    const r = run(STUDY, [spot, "--out", out, "--workers", "2"]);
    assert.equal(r.status, 2, r.stderr);
    assert.deepEqual(r.stderr.trim().split("\n").length, 1, r.stderr);
    assert.match(
      r.stderr,
      /^error: short-spot\.csv: no data for study day 2 \(2025-06-02 05:00 study time, 2025-06-02T04:00Z\)/,
    );
    assert.equal(r.stdout, "");
    assert.ok(!existsSync(out), "no results folder");
  });

  it("refuses bad input in one line with exit code 2", () => {
    const cases: [string[], RegExp][] = [
      [[], /^error: command line: name a study file/],
      [[join(dir, "nope.json")], /nope\.json: cannot read the study file \(ENOENT\)/],
      [[study, "--shard", "0/2", "--queue", "redis://127.0.0.1:1"], /^error: --shard: goes not with --queue/],
      [[study, "--queue", "http://x"], /^error: --queue: "http:\/\/x": give redis:\/\/HOST:PORT/],
      [[study, "--redis-wait", "5"], /^error: --redis-wait: goes with --queue \(how long to wait for its Redis\)/],
    ];
    for (const [args, message] of cases) {
      const r = run(STUDY, args);
      assert.equal(r.status, 2, `${args.join(" ")}: ${r.stderr}`);
      assert.match(r.stderr, message);
      assert.equal(r.stderr.trim().split("\n").length, 1);
    }
  });
});
