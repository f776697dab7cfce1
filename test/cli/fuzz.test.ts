// Issue 7: generated malformed inputs (scenario.json, profiles.csv, command
// lines), a bounded number with a fixed seed. Each run must end within its
// time limit with exit code 2, one line on stderr naming a file or option,
// no stack trace, and no results folder. FUZZ_RUNS=N raises the count.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { DEMO_CLI, SWEEP_CLI } from "../helpers/cli-paths.js";
import { parseScenario } from "../../src/index.js";
import { smallScenario } from "../helpers/small-scenario.js";

const RUNS = Number(process.env.FUZZ_RUNS ?? 60);
const SEED = 20250707;
const tmp = mkdtempSync(join(tmpdir(), "p2p-fuzz-"));
process.on("exit", () => rmSync(tmp, { recursive: true, force: true }));

const base = smallScenario(1);
const CSV = [
  "day,hour,house,demand_kwh,solar_kwh",
  "1,0,g1h1,0.5,0.25",
  "1,0,g1h2,0.5,0",
  "1,1,g1h1,0.5,0.75",
  "1,1,g1h2,0.25,0",
];

const junk = fc.oneof(
  fc.constantFrom(
    "0x10",
    "0b101",
    "0o7",
    "Infinity",
    "-Infinity",
    "NaN",
    "",
    " ",
    "1e999",
    "-1",
    "1.5",
    "abc",
    "1,2",
    '"',
    "\u0000",
    "\uFEFF1",
    "١",
    "1_000",
    "0.5.5",
  ),
  fc.string({ maxLength: 12 }),
  fc.double(),
  fc.integer({ min: -1e12, max: 1e12 }),
);
const jsonJunk = fc.oneof(
  junk,
  fc.constant(null),
  fc.constant([]),
  fc.constant({}),
  fc.boolean(),
  fc.constant(1e9),
  fc.constant(-0.5),
);

/** A scenario with one value replaced, or its text broken. */
const badScenario = fc.oneof(
  fc
    .record({
      key: fc.constantFrom(
        "hoursPerDay",
        "days",
        "prices.gridPurchase",
        "prices.batteryUse",
        "groups",
        "groups.0.prosumers",
        "groups.0.consumers",
        "groups.0.battery.upper",
        "groups.0.battery.chargeEfficiency",
        "groups.0.battery.initial",
      ),
      value: jsonJunk,
    })
    .filter(({ key, value }) => !(key === "groups.0.consumers" && value === 1e9)) // a valid (huge) scenario, refused by size, also fine
    .map(({ key, value }) => {
      const s = structuredClone(base) as Record<string, unknown>;
      const path = key.split(".");
      let o = s as Record<string, unknown>;
      for (const p of path.slice(0, -1)) o = o[p] as Record<string, unknown>;
      o[path.at(-1)!] = value;
      return JSON.stringify(s);
    }),
  fc
    .record({
      cut: fc.nat(),
      insert: fc.constantFrom(",", "}", "{", '"', ":", "//", "\n", "\uFEFF", "0x1", '"days": 2,'),
    })
    .map(({ cut, insert }) => {
      const t = JSON.stringify(base, null, 1);
      const at = 1 + (cut % (t.length - 2));
      return t.slice(0, at) + insert + t.slice(at);
    }),
  fc.constant(JSON.stringify(base).replace('"days":1', '"days":1,"days":2')),
);

/** profiles.csv with one cell replaced, a line dropped, duplicated or cut. */
const badProfiles = fc.oneof(
  fc
    .record({ line: fc.integer({ min: 1, max: 4 }), col: fc.integer({ min: 0, max: 4 }), value: junk.map(String) })
    .filter(
      ({ col, value }) => !(col >= 3 && /^(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(value.trim()) && !/e999/.test(value)),
    ) // a valid number is no fault
    .map(({ line, col, value }) =>
      CSV.map((l, i) =>
        i === line
          ? l
              .split(",")
              .map((c, j) => (j === col ? value.replace(/[\n\r]/g, "x") : c))
              .join(",")
          : l,
      ).join("\n"),
    ),
  fc.integer({ min: 0, max: 4 }).map((drop) => CSV.filter((_, i) => i !== drop).join("\n")),
  fc.integer({ min: 1, max: 4 }).map((dup) => [...CSV, CSV[dup]].join("\n")),
  fc.nat().map((cut) => CSV.join("\n").slice(0, cut % 60)),
);

/** Command lines with a wrong option, value or argument. */
const badArgs = fc.oneof(
  fc.constantFrom(
    ["--days", "0"],
    ["--days", "-1"],
    ["--days", "0x2"],
    ["--days", "1.5"],
    ["--days"],
    ["--dayz", "1"],
    ["x"],
    ["--quiet=1"],
    ["--scenario"],
    ["--out"],
    ["--days", "1", "--days", "1"],
    ["-x"],
    ["--"],
    ["--days", "1e400"],
  ),
  fc
    .tuple(
      fc.constantFrom("--days", "--scenario", "--profiles", "--workers"),
      fc.string({ maxLength: 8 }).filter((s) => !/^\s*\d+\s*$/.test(s)),
    )
    .map(([o, v]) => [
      o,
      v === "" ? "\u0000" : `/nonexistent/${v}`.slice(0, o === "--days" || o === "--workers" ? 8 : 40),
    ]),
);

type Case =
  | { kind: "scenario"; text: string }
  | { kind: "profiles"; text: string }
  | { kind: "args"; args: readonly string[]; sweep: boolean };
const cases = fc.oneof(
  badScenario.map((text): Case => ({ kind: "scenario", text })),
  badProfiles.map((text): Case => ({ kind: "profiles", text })),
  fc.tuple(badArgs, fc.boolean()).map(([args, sweep]): Case => ({ kind: "args", args, sweep })),
);

function runOnce(
  c: Case,
  dir: string,
): Promise<{ code: number | null; stderr: string; ms: number; timedOut: boolean }> {
  const out = join(dir, "out");
  let args: string[];
  let script = DEMO_CLI;
  if (c.kind === "scenario") {
    writeFileSync(join(dir, "s.json"), c.text);
    args = ["--scenario", join(dir, "s.json")];
  } else if (c.kind === "profiles") {
    writeFileSync(join(dir, "s.json"), JSON.stringify(base));
    writeFileSync(join(dir, "p.csv"), c.text);
    args = ["--scenario", join(dir, "s.json"), "--profiles", join(dir, "p.csv")];
  } else {
    args = c.args.map((a) => a.replace("\u0000", ""));
    if (c.sweep) {
      script = SWEEP_CLI;
      args = ["--param", "battery.capacity=1", ...args];
    }
  }
  const t0 = performance.now();
  return new Promise((done) => {
    const child = spawn(process.execPath, [script, ...args, "--out", out], { stdio: ["ignore", "ignore", "pipe"] });
    let stderr = "";
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill("SIGKILL");
    }, 30_000);
    child.on("close", (code) => {
      clearTimeout(timer);
      done({ code, stderr, ms: performance.now() - t0, timedOut });
    });
  });
}

test(
  `${RUNS} malformed inputs: each refused in one line, exit 2, no stack trace, no hang, no results folder`,
  { timeout: 900_000 },
  async () => {
    const samples = fc.sample(cases, { numRuns: RUNS, seed: SEED });
    let refused = 0,
      valid = 0;
    let k = 0;
    const failures: string[] = [];
    // two at a time: the machine is shared
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
        !/\n\s+at |node:internal/.test(r.stderr) &&
        !existsSync(join(dir, "out"));
      // a mutation may by chance give a valid scenario (e.g. upper = 1): then the run must succeed
      const validByChance =
        c.kind === "scenario" &&
        (() => {
          try {
            parseScenario(c.text);
            return true;
          } catch {
            return false;
          }
        })();
      if (validByChance && r.code === 0 && existsSync(join(dir, "out", "summary.json"))) valid++;
      else if (ok) refused++;
      else
        failures.push(
          `${JSON.stringify(c).slice(0, 300)} → exit ${r.code}${r.timedOut ? " (timed out)" : ""}: ${r.stderr.slice(0, 300)}`,
        );
    });
    const workers = Array.from({ length: 2 }, async () => {
      for (let job = queue.shift(); job; job = queue.shift()) await job();
    });
    await Promise.all(workers);
    console.log(
      `# fuzz: ${samples.length} inputs tried, ${refused} refused cleanly, ${valid} valid by chance and solved (seed ${SEED})`,
    );
    assert.deepEqual(failures, []);
  },
);
