// Issue 20 items 3 and 5: --days N checks whole files the same way whatever
// N is (a defect in a row after day N is refused), a prices.csv may cover
// more days than --days (it is cut to them) but not fewer, the size guard
// counts the days solved, and absurd numbers in files are refused naming the
// file, the line and the value — each in one line, exit 2, no results folder.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DEMO_CLI } from "../helpers/cli-paths.js";
import { smallScenario } from "../helpers/small-scenario.js";

const tmp = mkdtempSync(join(tmpdir(), "p2p-days-"));
process.on("exit", () => rmSync(tmp, { recursive: true, force: true }));

const scenario = smallScenario(3);
// line 1 the header; day d, hour h, house k (0: g1h1, 1: g1h2) on line 2 + 4·(d−1) + 2·h + k
const ROWS = ["day,hour,house,demand_kwh,solar_kwh"];
for (let d = 1; d <= 3; d++) for (let h = 0; h < 2; h++) ROWS.push(`${d},${h},g1h1,0.5,0.25`, `${d},${h},g1h2,0.5,0`);
const prices = (days: number) =>
  [
    "day,hour,gridPurchase",
    ...Array.from({ length: days * 2 }, (_, i) => `${Math.floor(i / 2) + 1},${i % 2},${30 + i}`),
  ].join("\n");

let n = 0;
function run(files: Record<string, string>, args: string[]) {
  const dir = mkdtempSync(join(tmp, `c${n++}-`));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  const out = join(dir, "out");
  const r = spawnSync(process.execPath, [DEMO_CLI, ...args, "--out", out, "--quiet"], {
    cwd: dir,
    encoding: "utf8",
    timeout: 60_000,
  });
  return { status: r.status, stderr: r.stderr, out };
}
function refused(r: ReturnType<typeof run>, re: RegExp, what: string) {
  assert.equal(r.status, 2, `${what}: ${r.stderr}`);
  assert.match(r.stderr, re, what);
  assert.equal(r.stderr.trim().split("\n").length, 1, `${what}: one line`);
  assert.ok(!existsSync(r.out), `${what}: no results folder`);
}

test("--days 1: defects in profiles.csv rows after day 1 are refused like any other", () => {
  const edit = (line: number, text: string) => ROWS.map((l, i) => (i === line - 1 ? text : l)).join("\n");
  const s = JSON.stringify(scenario);
  const cases: [string, string, RegExp][] = [
    ["not a number", edit(10, "3,0,g1h1,abc,0.25"), /p\.csv:10: demand_kwh must be a finite number, got "abc"/],
    ["negative", edit(7, "2,1,g1h1,-1,0.25"), /p\.csv:7: demand_kwh must not be negative, got -1/],
    [
      "duplicate",
      [...ROWS, "3,1,g1h2,0.5,0"].join("\n"),
      /p\.csv:14: duplicate row for day 3, hour 1, house g1h2 \(first at line 13\)/,
    ],
    ["missing", ROWS.slice(0, 12).join("\n"), /p\.csv: missing row for day 3, hour 1, house g1h2/],
    ["unknown house", edit(8, "2,1,g9h9,0.5,0"), /p\.csv:8: unknown house "g9h9"/],
    ["PV on a consumer", edit(11, "3,0,g1h2,0.5,0.5"), /p\.csv:11: g1h2 is a consumer and has no PV/],
    [
      "absurd energy",
      edit(6, "2,0,g1h1,1e11,0.25"),
      /p\.csv:6: demand_kwh must be at most 10000 kWh .*got 100000000000/,
    ],
  ];
  for (const [what, csv, re] of cases)
    refused(
      run({ "s.json": s, "p.csv": csv }, ["--scenario", "s.json", "--profiles", "p.csv", "--days", "1"]),
      re,
      what,
    );
});

test("--days 1 with a prices.csv of the scenario's 3 days: accepted, and the run's prices.csv holds day 1", () => {
  const r = run({ "s.json": JSON.stringify(scenario), "p.csv": ROWS.join("\n"), "pr.csv": prices(3) }, [
    "--scenario",
    "s.json",
    "--profiles",
    "p.csv",
    "--prices",
    "pr.csv",
    "--days",
    "1",
  ]);
  assert.equal(r.status, 0, r.stderr);
  assert.equal(readFileSync(join(r.out, "prices.csv"), "utf8"), "day,hour,gridPurchase\n1,0,30\n1,1,31\n");
  // fewer days than --days: refused
  refused(
    run({ "s.json": JSON.stringify(scenario), "p.csv": ROWS.join("\n"), "pr.csv": prices(1) }, [
      "--scenario",
      "s.json",
      "--profiles",
      "p.csv",
      "--prices",
      "pr.csv",
      "--days",
      "2",
    ]),
    /pr\.csv: missing row for day 2, hour 0/,
    "prices too short",
  );
  // an absurd price, even on a day not solved
  refused(
    run(
      {
        "s.json": JSON.stringify(scenario),
        "p.csv": ROWS.join("\n"),
        "pr.csv": prices(3).replace("\n3,1,35", "\n3,1,1e300"),
      },
      ["--scenario", "s.json", "--profiles", "p.csv", "--prices", "pr.csv", "--days", "1"],
    ),
    /pr\.csv:7: gridPurchase must be at most 100000 .*got 1e\+300/,
    "absurd price",
  );
});

test("the size guard counts the days solved: days 1e7 with --days 1 runs, without --days it is refused", () => {
  // 2 houses, 24 hours, 1e7 days: the profiles alone are 20·1e7·2·24 bytes = 8.9 GiB, beyond the 4 GiB limit
  const s = JSON.stringify({ ...scenario, hoursPerDay: 24, days: 1e7 });
  refused(
    run({ "s.json": s }, ["--scenario", "s.json"]),
    /s\.json: is too large: .*1\.00e\+7 days need about .*profiles 8\.9 GiB/,
    "1e7 days",
  );
  const r = run({ "s.json": s }, ["--scenario", "s.json", "--days", "1"]);
  assert.equal(r.status, 0, r.stderr);
});
