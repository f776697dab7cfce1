// Issue 20: generated misspelt keys, absurd but finite numbers, deep nesting,
// late defects under --days and bad prices.csv rows — a bounded number with a
// fixed seed (FUZZ_RUNS=N changes it). Each child runs with a timeout and
// must end with exit code 2, one line on stderr, no stack trace or library
// source, and no results folder. The counts are printed for the record.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { DEMO_CLI } from "../helpers/cli-paths.js";
import { smallScenario } from "../helpers/small-scenario.js";

const RUNS = Number(process.env.FUZZ_RUNS ?? 60);
const SEED = 20261206;
const CHILD_TIMEOUT_MS = 30_000;
const tmp = mkdtempSync(join(tmpdir(), "p2p-fuzz-absurd-"));
process.on("exit", () => rmSync(tmp, { recursive: true, force: true }));

const base = { ...smallScenario(3), synthetic: { recipe: "demo" } };
const ROWS = ["day,hour,house,demand_kwh,solar_kwh"];
for (let d = 1; d <= 3; d++) for (let h = 0; h < 2; h++) ROWS.push(`${d},${h},g1h1,0.5,0.25`, `${d},${h},g1h2,0.5,0`);
const PRICES = ["day,hour,gridPurchase,gridSale"];
for (let d = 1; d <= 3; d++) for (let h = 0; h < 2; h++) PRICES.push(`${d},${h},20,4`);

/** Every object path of the base scenario, and its keys. */
const OBJECTS: [string[], string[]][] = [
  [[], Object.keys(base)],
  [["prices"], Object.keys(base.prices)],
  [["groups", "0"], Object.keys(base.groups[0])],
  [["groups", "0", "battery"], Object.keys(base.groups[0].battery)],
  [["synthetic"], ["recipe"]],
];
/** Numbers beyond every limit of docs/data-formats.md "Value limits" (the largest is 1e6 kWh), up to a double's largest. */
const ABSURD = fc.constantFrom(1e6 + 1, 1e11, 1e12, 1e16, 1e20, 1e300, -1e300, 1.7976931348623157e308);
const NUMERIC = [
  "prices.gridPurchase",
  "prices.gridSale",
  "prices.batteryUse",
  "groups.0.battery.upper",
  "groups.0.battery.maxCharge",
  "groups.0.battery.maxDischarge",
  "groups.0.battery.dischargeFactor",
];

const at = (o: unknown, path: string[]) =>
  path.reduce((x, p) => (x as Record<string, unknown>)[p], o) as Record<string, unknown>;

/** A key renamed by one edit (a typo), or a new key, at some level. */
const misspelt = fc
  .record({ obj: fc.nat(), key: fc.nat(), edit: fc.constantFrom("drop", "double", "swap", "case", "new") })
  .map(({ obj, key, edit }) => {
    const s = structuredClone(base);
    const [path, keys] = OBJECTS[obj % OBJECTS.length];
    const target = at(s, path);
    const k = keys[key % keys.length];
    const i = 1 + (key % Math.max(1, k.length - 2));
    const typo =
      edit === "drop"
        ? k.slice(0, i) + k.slice(i + 1)
        : edit === "double"
          ? k.slice(0, i) + k[i] + k.slice(i)
          : edit === "swap"
            ? k.slice(0, i - 1) + k[i] + k[i - 1] + k.slice(i + 1)
            : edit === "case"
              ? k.toUpperCase()
              : "comment";
    if (typo === k) return JSON.stringify({ ...s, note: 1 });
    if (edit !== "new") {
      target[typo] = target[k];
      delete target[k]; // a misspelling replaces the key …
    } else target[typo] = "x"; // … or an unknown key is added
    return JSON.stringify(s);
  });

/** One number of the scenario made absurd. */
const absurdScenario = fc.record({ key: fc.constantFrom(...NUMERIC), v: ABSURD }).map(({ key, v }) => {
  const s = structuredClone(base);
  const path = key.split(".");
  at(s, path.slice(0, -1))[path.at(-1)!] = v;
  return JSON.stringify(s);
});

type Case =
  | { kind: "scenario"; text: string; what: string }
  | { kind: "profiles"; csv: string; days: number; what: string }
  | { kind: "prices"; csv: string; days: number; what: string };

const cases: fc.Arbitrary<Case> = fc.oneof(
  misspelt.map((text): Case => ({ kind: "scenario", text, what: "misspelt key" })),
  absurdScenario.map((text): Case => ({ kind: "scenario", text, what: "absurd number in scenario.json" })),
  fc
    .integer({ min: 65, max: 5000 })
    .map((n): Case => ({ kind: "scenario", text: `{"a":${"[".repeat(n)}${"]".repeat(n)}}`, what: `${n}-deep JSON` })),
  // a defect in a row after day 1, solved with --days 1
  fc
    .record({
      row: fc.integer({ min: 5, max: 12 }),
      bad: fc.constantFrom("abc", "-1", "1e11", "NaN", "1e300"),
      col: fc.constantFrom(3, 4),
    })
    .map(({ row, bad, col }): Case => ({
      kind: "profiles",
      days: 1,
      what: "late defect under --days 1",
      csv: ROWS.map((l, i) =>
        i === row
          ? l
              .split(",")
              .map((c, j) => (j === col ? bad : c))
              .join(",")
          : l,
      ).join("\n"),
    })),
  fc.integer({ min: 5, max: 12 }).map((row): Case => ({
    kind: "profiles",
    days: 1,
    what: "late missing row",
    csv: ROWS.filter((_, i) => i !== row).join("\n"),
  })),
  fc
    .integer({ min: 5, max: 12 })
    .map((row): Case => ({ kind: "profiles", days: 1, what: "late duplicate", csv: [...ROWS, ROWS[row]].join("\n") })),
  fc.record({ row: fc.integer({ min: 1, max: 6 }), v: ABSURD }).map(({ row, v }): Case => ({
    kind: "prices",
    days: 1,
    what: "absurd price in prices.csv",
    csv: PRICES.map((l, i) => (i === row ? `${l.split(",").slice(0, 2).join(",")},${v},4` : l)).join("\n"),
  })),
);

function runOnce(c: Case, dir: string): Promise<{ code: number | null; stderr: string; timedOut: boolean }> {
  const s = join(dir, "s.json"),
    p = join(dir, "p.csv"),
    pr = join(dir, "prices.csv");
  writeFileSync(s, c.kind === "scenario" ? c.text : JSON.stringify(base));
  let args = ["--scenario", s, "--days", "1"];
  if (c.kind === "profiles") {
    writeFileSync(p, c.csv);
    args = [...args, "--profiles", p];
  } else if (c.kind === "prices") {
    writeFileSync(pr, c.csv);
    args = [...args, "--prices", pr];
  }
  return new Promise((done) => {
    const child = spawn(process.execPath, [DEMO_CLI, ...args, "--out", join(dir, "out")], {
      stdio: ["ignore", "ignore", "pipe"],
    });
    let stderr = "";
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill("SIGKILL");
    }, CHILD_TIMEOUT_MS);
    child.on("close", (code) => {
      clearTimeout(timer);
      done({ code, stderr, timedOut });
    });
  });
}

test(
  `${RUNS} misspelt, absurd, deep and late-defect inputs: each refused in one line, exit 2, no stack, no results folder`,
  { timeout: 600_000 },
  async () => {
    const samples = fc.sample(cases, { numRuns: RUNS, seed: SEED });
    let refused = 0;
    let k = 0;
    const failures: string[] = [];
    const queue = samples.map((c) => async () => {
      const dir = join(tmp, `c${k++}`);
      mkdirSync(dir);
      const r = await runOnce(c, dir);
      const lines = r.stderr.trim().split("\n");
      const ok =
        !r.timedOut &&
        r.code === 2 &&
        lines.length === 1 &&
        /^error: .+ \(see --help\)$/.test(lines[0]) &&
        r.stderr.length < 1000 &&
        !/\n\s+at |node:internal/.test(r.stderr) &&
        !existsSync(join(dir, "out"));
      if (ok) refused++;
      else
        failures.push(
          `${c.what}: ${JSON.stringify(c).slice(0, 200)} → exit ${r.code}${r.timedOut ? " (timed out)" : ""}: ${r.stderr.slice(0, 300)}`,
        );
    });
    // two at a time: the machine is shared
    await Promise.all(
      Array.from({ length: 2 }, async () => {
        for (let job = queue.shift(); job; job = queue.shift()) await job();
      }),
    );
    console.log(`# fuzz (absurd): ${samples.length} inputs tried, ${refused} refused cleanly (seed ${SEED})`);
    assert.deepEqual(failures, []);
  },
);
