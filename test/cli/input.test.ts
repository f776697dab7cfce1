// Issue 7, "Crashes and hangs" (size guards) and "Input strictness and
// clear messages": one test per item, each asserting the exit code, the one
// line on stderr, and that no results folder was written.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { buildNetwork, InputError, parseProfilesCsv, parseScenario, readProfiles } from "../../src/index.js";
import { checkSize, estimateSize } from "../../src/community/limits.js";
import { DEMO_CLI, SWEEP_CLI } from "../helpers/cli-paths.js";

const tmp = mkdtempSync(join(tmpdir(), "p2p-input-"));
process.on("exit", () => rmSync(tmp, { recursive: true, force: true }));
let n = 0;

interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
  ms: number;
}
function cli(script: string, args: string[]): Run {
  const t0 = performance.now();
  const r = spawnSync(process.execPath, [script, ...args], { encoding: "utf8", timeout: 60_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr, ms: performance.now() - t0 };
}
/** Writes the files, runs the command with a fresh --out, and returns the run and that folder. */
function run(args: string[], files: Record<string, string> = {}, script = DEMO_CLI): Run & { out: string } {
  const dir = join(tmp, `case-${++n}`);
  const out = join(dir, "out");
  rmSync(dir, { recursive: true, force: true });
  for (const [name, text] of Object.entries(files)) {
    mkdirp(dir);
    writeFileSync(join(dir, name), text);
  }
  const resolved = args.map((a) => (a in files ? join(dir, a) : a));
  return { ...cli(script, [...resolved, "--out", out]), out };
}
function mkdirp(d: string) {
  if (!existsSync(d)) spawnSync("mkdir", ["-p", d], { timeout: 10_000 });
}
/** Refused: exit 2, one line with the message and a --help hint, nothing written. */
function refused(r: Run & { out: string }, message: RegExp, what: string): void {
  assert.equal(r.status, 2, `${what}: exit ${r.status}\n${r.stderr}`);
  const lines = r.stderr.trim().split("\n");
  assert.equal(lines.length, 1, `${what}: one line, got ${lines.length}`);
  assert.match(lines[0], /^error: .*\(see --help\)$/, what);
  assert.match(lines[0], message, what);
  assert.equal(existsSync(r.out), false, `${what}: no results folder`);
}

const scenario = (extra: object = {}) => ({
  hoursPerDay: 2,
  days: 1,
  seed: 42,
  prices: {
    gridPurchase: 20,
    gridSale: 4,
    peerPurchaseIntra: 14,
    peerPurchaseInter: 16,
    peerSaleIntra: 10,
    peerSaleInter: 6,
    batteryUse: 2,
  },
  groups: [{ prosumers: 1, consumers: 1, battery: null }],
  ...extra,
});
const HEADER = "day,hour,house,demand_kwh,solar_kwh";
// 1 day × 2 hours × (g1h1 prosumer, g1h2 consumer)
const CSV = [HEADER, "1,0,g1h1,0.5,0.25", "1,0,g1h2,0.5,0", "1,1,g1h1,0.5,0.75", "1,1,g1h2,0.25,0"].join("\n") + "\n";
const withCell = (cell: string) => CSV.replace("1,1,g1h1,0.5,0.75", `1,1,g1h1,${cell},0.75`);

// ---- size guards ----

test("hoursPerDay 1e9 is refused with the numbers, with and without profiles, at once", () => {
  const s = JSON.stringify(scenario({ hoursPerDay: 1e9 }));
  const a = run(["--scenario", "s.json"], { "s.json": s });
  refused(
    a,
    /s\.json: is too large: 2 houses \(1 with PV\) in 1 group, 1\.00e\+9 hours a day, 1 day make a daily LP of up to 2\.30e\+10 columns; at most 1,000,000/,
    "1e9 hours",
  );
  const b = run(["--scenario", "s.json", "--profiles", "p.csv"], { "s.json": s, "p.csv": CSV });
  refused(b, /is too large/, "1e9 hours with profiles");
  assert.ok(a.ms < 10_000 && b.ms < 10_000, `refused in ${a.ms} and ${b.ms} ms`);
});

test("10 000 groups and a million prosumers are refused before anything is allocated", () => {
  const groups = Array.from({ length: 10_000 }, () => ({ prosumers: 1, consumers: 1, battery: null }));
  // 20 000 houses, 10 000 prosumers: pairs 10 000 · 19 999; columns (10 000 + 4·20 000 + 199 990 000)·24 + 2 + 20 000 = 4.80e9
  refused(
    run(["--scenario", "s.json"], { "s.json": JSON.stringify(scenario({ hoursPerDay: 24, groups })) }),
    /20,000 houses \(10,000 with PV\) in 10,000 groups.*4\.80e\+9 columns/,
    "10 000 groups",
  );
  refused(
    run(["--scenario", "s.json"], {
      "s.json": JSON.stringify(scenario({ groups: [{ prosumers: 1e6, consumers: 0, battery: null }] })),
    }),
    /1,000,000 houses \(1,000,000 with PV\)/,
    "a million prosumers",
  );
});

test("the size estimate: the demo's counts by hand, and the memory limit", () => {
  // demo: N = 5, P = 3, G = 2, T = 24: pairs 3·4 = 12 < pool columns 4·(3 + 5) + 2 = 34, so
  // columns (2 + 20 + 34)·24 + 2 + 5 = 1351, rows (6 + 5 + 8 + 4)·24 + 1 + 10 = 563,
  // non-zeros 7·1344 + 2·3·24 + 3·5 = 9567 (the built LPs: 727 / 275 / 4 045 per pair, 1 255 / 563 / 6 541 pooled)
  const e = estimateSize({ hoursPerDay: 24, days: 122, houses: 5, prosumers: 3, groups: 2 });
  assert.equal(e.lpColumns, 1351);
  assert.equal(e.lpRows, 563);
  assert.equal(e.lpNonZeros, 9567);
  assert.equal(e.profileBytes, 20 * 122 * 5 * 24);
  // 100 houses a day for 1e6 days: profiles alone are 20·1e6·100·24 bytes = 44.7 GiB
  assert.throws(
    () => checkSize({ hoursPerDay: 24, days: 1e6, houses: 100, prosumers: 50, groups: 2 }),
    (e: Error) => e instanceof InputError && /need about .* GiB \(profiles 44\.7 GiB/.test(e.message),
  );
});

test("a sweep of 1000 × 1000 values is refused; --max-variants raises the limit on purpose", () => {
  refused(
    run(["--param", "battery.capacity=0:999:1", "--param", "prices.gridPurchase=1:1000:1"], {}, SWEEP_CLI),
    /--param: the grid has 1,000,000 variants \(1000 × 1000\); at most 1,000 are run unless --max-variants says more/,
    "1e6 variants",
  );
  refused(
    run(["--param", "battery.capacity=1,2,3", "--max-variants", "2", "--days", "1"], {}, SWEEP_CLI),
    /3 variants \(3\); at most 2/,
    "3 > 2",
  );
  const ok = run(
    ["--param", "battery.capacity=1,2,3", "--max-variants", "3", "--days", "1", "--quiet", "--workers", "1"],
    {},
    SWEEP_CLI,
  );
  assert.equal(ok.status, 0, ok.stderr);
  assert.match(ok.stdout, /^Results: .*out\/ \(sweep\.csv, scenario\.json, profiles\.csv, summary\.json\)\n$/);
});

// ---- numbers: decimal and scientific notation only ----

test("0x10, 0b101, 0o7 in profiles.csv are refused naming file and line; 1e-1 is read", () => {
  for (const cell of ["0x10", "0b101", "0o7", "Infinity", "1_0", " "]) {
    const r = run(["--scenario", "s.json", "--profiles", "p.csv"], {
      "s.json": JSON.stringify(scenario()),
      "p.csv": withCell(cell),
    });
    refused(r, /p\.csv:4: demand_kwh must be a finite number, got .*decimal or scientific notation only/, cell);
  }
  for (const day of ["0x1", "1e0x"])
    refused(
      run(["--scenario", "s.json", "--profiles", "p.csv"], {
        "s.json": JSON.stringify(scenario()),
        "p.csv": CSV.replace("\n1,0,g1h1", `\n${day},0,g1h1`),
      }),
      /p\.csv:2: day must be a whole number/,
      day,
    );
  const s = scenario();
  const p = parseProfilesCsv(withCell("5e-1"), s, buildNetwork(s));
  assert.equal(p.demand[2], 0.5); // day 1, house 1 (g1h1), hour 1: index (0·2 + 0)·2 + 1
});

test("--days 0x2, --days -1, sweep values 0x10 are refused with a sensible line", () => {
  refused(run(["--days", "0x2"]), /--days: must be a whole number ≥ 1, got "0x2"/, "--days 0x2");
  const neg = run(["--days", "-1"]);
  refused(neg, /--days: must be a whole number ≥ 1, got "-1"/, "--days -1");
  assert.doesNotMatch(neg.stderr, /ambiguous/);
  refused(
    run(["--param", "battery.capacity=0x10"], {}, SWEEP_CLI),
    /"0x10" is not a number \(decimal or scientific notation/,
    "sweep 0x10",
  );
  refused(run(["--param", "prices.gridPurchase=1:0b11"], {}, SWEEP_CLI), /"0b11" is not a number/, "sweep 0b11");
  refused(
    run(["--scenario", "s.json"], { "s.json": JSON.stringify(scenario()).replace('"days":1', '"days":0x1') }),
    /s\.json:1:\d+: is not valid JSON/,
    "JSON 0x1",
  );
  refused(
    run(["--scenario", "s.json"], { "s.json": JSON.stringify(scenario({ days: "1" })) }),
    /days: must be a whole number, got "1"/,
    "JSON string number",
  );
});

// ---- JSON ----

test("a key given twice is refused naming the key and the line", () => {
  const text = JSON.stringify(scenario(), null, 2).replace('"batteryUse": 2', '"batteryUse": 2,\n    "batteryUse": 50');
  const line = text.split("\n").findIndex((l) => l.includes('"batteryUse": 50')) + 1;
  refused(
    run(["--scenario", "s.json"], { "s.json": text }),
    new RegExp(`s\\.json:${line}: key "prices\\.batteryUse" is given twice \\(first on line ${line - 1}\\)`),
    "duplicate",
  );
  assert.throws(
    () => parseScenario('{"groups": [{"prosumers": 1, "prosumers": 2}]}', "x.json"),
    /x\.json:1: key "groups\[0\]\.prosumers" is given twice/,
  );
});

test("a UTF-8 BOM is accepted in scenario.json and in profiles.csv, with the same results", () => {
  const s = JSON.stringify(scenario());
  const plain = run(["--scenario", "s.json", "--profiles", "p.csv", "--quiet"], { "s.json": s, "p.csv": CSV });
  const bom = run(["--scenario", "s.json", "--profiles", "p.csv", "--quiet"], {
    "s.json": `\uFEFF${s}`,
    "p.csv": `\uFEFF${CSV}`,
  });
  assert.equal(plain.status, 0, plain.stderr);
  assert.equal(bom.status, 0, bom.stderr);
  assert.equal(
    readFileSync(join(bom.out, "costs-by-house.csv"), "utf8"),
    readFileSync(join(plain.out, "costs-by-house.csv"), "utf8"),
  );
});

test("a JSON syntax error is one line with line:column", () => {
  const text = '{\n  "hoursPerDay": 2,\n  "days": 1,,\n}';
  refused(
    run(["--scenario", "s.json"], { "s.json": text }),
    /s\.json:3:13: is not valid JSON: a value expected|s\.json:3:\d+: is not valid JSON/,
    "syntax",
  );
  refused(run(["--scenario", "s.json"], { "s.json": "" }), /s\.json: is empty/, "empty");
});

// ---- messages ----

test("an unknown flag, a positional argument, a missing value: one line each with a hint", () => {
  refused(run(["--dayz", "2"]), /command line: unknown option --dayz; did you mean --days\?/, "unknown");
  refused(run(["extra"]), /command line: unexpected argument "extra"/, "positional");
  refused(run(["--scenario"]), /--scenario: needs a value/, "missing value at the end");
  refused(run(["--scenario", "--quiet"]), /--scenario: needs a value/, "missing value before a flag");
  refused(run(["--quiet=yes"]), /--quiet: takes no value/, "flag with a value");
  refused(run(["--days", "1", "--days", "2"]), /--days: is given twice/, "twice");
  refused(run(["--param"], {}, SWEEP_CLI), /--param: needs a value/, "sweep missing value");
});

test("echoed values are capped: a 5 MB junk line or value gives a short message", () => {
  const long = "x".repeat(200_000);
  const r = run(["--scenario", "s.json", "--profiles", "p.csv"], {
    "s.json": JSON.stringify(scenario()),
    "p.csv": withCell(long),
  });
  refused(r, /demand_kwh must be a finite number, got "x{80}…"/, "long cell");
  assert.ok(r.stderr.length < 400, `${r.stderr.length} characters`);
  const junk = run(["--scenario", "s.json", "--profiles", "p.csv"], {
    "s.json": JSON.stringify(scenario()),
    "p.csv": `${HEADER}\n${"y".repeat(5_000_000)}\n`,
  });
  refused(junk, /p\.csv:2: line is longer than 1048576 characters/, "5 MB line");
  const flag = run(["--days", "9".repeat(10_000)]);
  refused(flag, /--days: must be a whole number ≥ 1, got "9{80}…"/, "long flag value");
  assert.ok(flag.stderr.length < 300);
  refused(run([`--${"z".repeat(5000)}`]), /unknown option --z{80}…/, "long option name");
});

// ---- large files ----

test("a large profiles.csv with a bad line 2 is refused at once; --days 1 reads one day's worth", () => {
  // 60 days × 24 hours × 300 houses (one with PV) = 432 000 rows, about 12 MB
  const houses = 300;
  const s = scenario({ hoursPerDay: 24, days: 60, groups: [{ prosumers: 1, consumers: houses - 1, battery: null }] });
  const rows = [HEADER];
  for (let d = 1; d <= 60; d++)
    for (let t = 0; t < 24; t++)
      for (let h = 1; h <= houses; h++) rows.push(`${d},${t},g1h${h},0.512345678,${h === 1 ? "0.234567891" : "0"}`);
  const good = rows.join("\n") + "\n";
  assert.ok(good.length > 10e6, `${good.length} bytes`);
  const dir = mkdtempSync(join(tmp, "large-"));
  writeFileSync(join(dir, "bad.csv"), good.replace("\n1,0,g1h1,", "\n1,0,g1h1,abc"));
  writeFileSync(join(dir, "good.csv"), good);
  const network = buildNetwork(s);
  const t0 = performance.now();
  assert.throws(
    () => readProfiles(join(dir, "bad.csv"), s, network),
    /bad\.csv:2: demand_kwh must be a finite number, got "abc0\.512345678"/,
  );
  const badMs = performance.now() - t0;
  assert.ok(badMs < 1000, `the first error took ${badMs.toFixed(0)} ms`);
  const one = readProfiles(join(dir, "good.csv"), s, network, { days: 1 });
  assert.equal(one.days, 1);
  assert.equal(one.demand.length, 24 * houses);
  assert.equal(one.demand[0], 0.512345678);
});
