/**
 * `npm run bench`: LP sizes, per-day medians of build / solve / decompose +
 * extract / audit, LPs and ms per tie-break stage, how often the pooled
 * formulation fell back to the per-pair LP, and peak memory, for the demo and
 * generated communities of 10 to 1 000 houses; HiGHS against glpk.js; fair
 * bills against the solver's split; per-pair against pooled; optionally a
 * year of 100 houses; and the demo as a whole process. Each case runs in its
 * own child process (`child.ts`), so its peak memory is its own. Figures are
 * medians, ratios side by side; nothing here asserts a time. Writes
 * results/bench.json. Environment: see `cases.ts`, and
 *
 *   BENCH_TIMEOUT_S=<s>    a case still running after this is stopped and reported (default 1800; quick 120;
 *                          BENCH_YEAR=1000 7200: the 2 hours)
 *   BENCH_DEMO_RUNS=<n>    runs of the demo process (default 5; quick 2, on 10 days)
 *   BENCH_OUT=<file>       where to write the results (default results/bench.json)
 *   BENCH_PROGRESS=<file>  each case appends "day d of n: s, load, MiB" to it every 10 days
 *   BENCH_WORKERS=<runs>   days in parallel: 100 houses with fair bills on 1, 2 and 4 worker threads,
 *                          <runs> runs each (medians); BENCH_WORKERS_DAYS=<n> days (default 365)
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { cpus, loadavg, tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { performance } from "node:perf_hooks";
import { median } from "simple-statistics";
import { benchCases } from "./cases.js";
import { casesTable, markdownTable, ratios, ratiosTable, type DemoProcess } from "./report.js";
import type { CaseFailure, CaseResult, CaseSpec } from "./spec.js";

const quick = process.env.BENCH_QUICK === "1";
const defaultTimeoutS = quick ? 120 : process.env.BENCH_YEAR === "1000" ? 7200 : 1800;
const timeoutS = Number(process.env.BENCH_TIMEOUT_S ?? defaultTimeoutS);
const outFile = process.env.BENCH_OUT ?? "results/bench.json";
const load1 = () => Math.round(loadavg()[0] * 100) / 100;

/** The line of a child's stderr that says what went wrong (Node's last line is only its version). */
function firstErrorLine(stderr: string): string | undefined {
  const lines = stderr
    .split("\n")
    .map((l) => l.trim())
    .filter(Boolean);
  return lines.find((l) => /error|abort|out of memory|heap/i.test(l)) ?? lines.find((l) => !l.startsWith("Node.js"));
}

/** Runs one case in a child process; a crash or a timeout becomes a {@link CaseFailure}. */
function runCase(spec: CaseSpec): CaseResult | CaseFailure {
  const before = load1();
  const r = spawnSync(process.execPath, ["--import", "tsx", "bench/child.ts", JSON.stringify(spec)], {
    encoding: "utf8",
    maxBuffer: 1 << 26,
    timeout: timeoutS * 1000,
    killSignal: "SIGKILL",
  });
  if (r.error || r.status !== 0) {
    const why =
      r.signal === "SIGKILL"
        ? `stopped after ${timeoutS} s (BENCH_TIMEOUT_S)`
        : (firstErrorLine(r.stderr) ?? `exit ${r.status}`);
    return { spec, error: why, load: [before, load1()] };
  }
  return JSON.parse(r.stdout.trim().split("\n").pop()!) as CaseResult;
}

/** The demo as a user runs it: a whole `node dist/cli/demo.js` process, into a fresh temporary folder each time. */
function demoProcess(runs: number, extra: string[]): DemoProcess | CaseFailure {
  const before = load1();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const dir = mkdtempSync(join(tmpdir(), "bench-demo-"));
    const args = ["--quiet", "--out", join(dir, "out"), ...extra];
    const t = performance.now();
    const r = spawnSync(process.execPath, ["dist/cli/demo.js", ...args], {
      encoding: "utf8",
      timeout: timeoutS * 1000,
      killSignal: "SIGKILL",
    });
    times.push((performance.now() - t) / 1000);
    rmSync(dir, { recursive: true, force: true });
    if (r.status !== 0) {
      const spec: CaseSpec = {
        name: "demo process",
        section: "allocation",
        community: "demo",
        days: 0,
        solver: "highs",
        formulation: "auto",
        allocation: "fair",
        presolve: true,
      };
      return {
        spec,
        error: `node dist/cli/demo.js failed: ${(r.stderr ?? "").trim().split("\n").pop()}`,
        load: [before, load1()],
      };
    }
  }
  return {
    runs,
    args: ["--quiet", "--out", "<fresh tmp>", ...extra],
    medianS: median(times),
    minS: Math.min(...times),
    maxS: Math.max(...times),
    load: [before, load1()],
  };
}

/** One worker count of the days-in-parallel section: medians over its runs. */
interface WorkersRow {
  workers: number;
  runs: number;
  medianS: number;
  medianCpuS: number;
  speedUp: number;
  load: [number, number];
  errors: string[];
  /** per day (medians, of the run with the median wall time): LPs, iterations and ms per stage, fair LP size */
  stages?: Pick<CaseResult, "lps" | "iterations" | "stageMs" | "fairLp">;
}

/**
 * Days in parallel (BENCH_WORKERS): the same community and days with fair bills on 1 (this thread),
 * 2 and 4 worker threads, each run in its own child; wall and CPU time medians, speed-up against 1.
 */
function workersSection(runs: number, days: number): WorkersRow[] {
  const rows: WorkersRow[] = [];
  for (const workers of [1, 2, 4]) {
    const before = load1();
    const spec: CaseSpec = {
      name: `100 houses fair, ${workers} workers`,
      section: "workers",
      community: houses10,
      days,
      solver: "highs",
      formulation: "auto",
      allocation: "fair",
      presolve: true,
      workers,
    };
    const done: CaseResult[] = [],
      errors: string[] = [];
    for (let k = 0; k < runs; k++) {
      process.stderr.write(`${spec.name} (${days} days), run ${k + 1} of ${runs} … `);
      const r = runCase(spec);
      if ("error" in r) errors.push(r.error);
      else done.push(r);
      process.stderr.write("error" in r ? `FAILED: ${r.error}\n` : `${r.simulateS} s, CPU ${r.cpuS} s\n`);
    }
    const medianS = done.length ? median(done.map((r) => r.simulateS)) : NaN;
    const mid = [...done].sort((a, b) => a.simulateS - b.simulateS)[Math.floor((done.length - 1) / 2)];
    rows.push({
      stages: mid && { lps: mid.lps, iterations: mid.iterations, stageMs: mid.stageMs, fairLp: mid.fairLp },
      workers,
      runs: done.length,
      medianS,
      medianCpuS: done.length ? median(done.map((r) => r.cpuS ?? NaN)) : NaN,
      speedUp: rows.length ? rows[0].medianS / medianS : 1,
      load: [before, load1()],
      errors,
    });
  }
  return rows;
}
const houses10 = { groups: 10, prosumers: 5, consumers: 5 };

/** A workers row's per-day stage figures as table cells: LPs, fair iterations, ms, fair LP columns full → reduced. */
function workerStages(s: WorkersRow["stages"]): string[] {
  if (!s) return ["", "", "", ""];
  const f = s.fairLp;
  return [
    `${s.lps.cost}/${s.lps.carry}/${s.lps.fair}`,
    String(s.iterations?.fair ?? ""),
    `${s.stageMs.cost.toFixed(0)}/${s.stageMs.carry.toFixed(0)}/${s.stageMs.fair.toFixed(0)}`,
    f ? `${f.fullCols} → ${f.reducedCols ?? "—"}` : "",
  ];
}

async function main() {
  const cases = benchCases();
  const results: (CaseResult | CaseFailure)[] = [];
  const t0 = performance.now();
  process.stderr.write(
    `bench: ${cases.length} cases${quick ? " (quick)" : ""}, ${cpus().length} cores, load ${loadavg()
      .map((x) => x.toFixed(2))
      .join(" ")}\n`,
  );
  // the demo process first (light), the heavy cases last
  const runs = Number(process.env.BENCH_DEMO_RUNS ?? (quick ? 2 : 5));
  let demo: DemoProcess | null = null;
  if (!process.env.BENCH_ONLY || new RegExp(process.env.BENCH_ONLY).test("demo process")) {
    process.stderr.write(`demo as a process × ${runs} …\n`);
    const d = demoProcess(runs, quick ? ["--days", "10"] : []);
    if ("error" in d) results.push(d);
    else demo = d;
  }
  let workers: WorkersRow[] | null = null;
  // written after every case, so a long run that is stopped still leaves what it measured
  const save = (complete: boolean) => {
    const report = {
      date: new Date().toISOString(),
      node: process.version,
      cores: cpus().length,
      quick,
      complete,
      note: "shared machine: other processes ran alongside; each case gives the 1-minute load average before → after",
      wallS: (performance.now() - t0) / 1000,
      demoProcess: demo,
      cases: results,
      ratios: ratios(results, demo),
      workers,
    };
    mkdirSync(dirname(outFile), { recursive: true });
    writeFileSync(outFile, JSON.stringify(report, null, 2) + "\n");
  };
  for (const spec of cases) {
    process.stderr.write(`${spec.name} (${spec.days} days) … `);
    const r = runCase(spec);
    results.push(r);
    process.stderr.write("error" in r ? `FAILED: ${r.error}\n` : `${r.simulateS} s, ${r.peakRssMiB} MiB\n`);
    save(false);
  }
  const workerRuns = Number(process.env.BENCH_WORKERS ?? 0);
  if (workerRuns > 0) {
    workers = workersSection(workerRuns, Number(process.env.BENCH_WORKERS_DAYS ?? 365));
    save(false);
  }
  save(true);
  const rs = ratios(results, demo);
  console.log(
    `\nPer-day medians in ms (dec+ext = pool decomposition and reading flows back); LPs and ms per stage c/k/f = cost/carry-over/fair;`,
  );
  console.log(
    `fallback days = split + prices; ${cpus().length} cores shared with other work (load = 1-minute load average before→after).\n`,
  );
  console.log(casesTable(results));
  console.log();
  console.log(ratiosTable(rs));
  if (workers) {
    console.log(
      `\nDays in parallel: 100 houses, fair bills, ${process.env.BENCH_WORKERS_DAYS ?? 365} days (medians; CPU = all threads)\n`,
    );
    console.log(
      markdownTable([
        [
          "workers",
          "runs",
          "run s",
          "CPU s",
          "speed-up",
          "LPs c/k/f",
          "fair its",
          "ms c/k/f",
          "fair cols",
          "load",
          "failed",
        ],
        ...workers.map((w) => [
          String(w.workers),
          String(w.runs),
          w.medianS.toFixed(2),
          w.medianCpuS.toFixed(1),
          w.speedUp.toFixed(2),
          ...workerStages(w.stages),
          `${w.load[0]}→${w.load[1]}`,
          w.errors.join("; "),
        ]),
      ]),
    );
  }
  console.log(`\nwritten: ${outFile}`);
}

await main();
