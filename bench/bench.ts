/**
 * `npm run bench`: LP sizes and per-day timings for the demo and generated
 * communities, the demo as a whole process, presolve on/off, and glpk.js
 * against native glpsol where it is installed (Debian: glpk-utils).
 * Writes results/bench.json. Each case runs in its own process so its peak
 * memory is its own. Figures are medians; nothing here asserts a time.
 *
 *   npm run bench                      all cases
 *   BENCH_QUICK=1 npm run bench        fewer days, for a smoke run
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, writeFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { median } from "simple-statistics";
import {
  buildDayModel, buildNetwork, dayProfiles, demoExample, FULL_FEATURES, generatedExample, toCplexLp, solveLp, simulate,
  type Example,
} from "../src/index.js";

const quick = process.env.BENCH_QUICK === "1";
interface Case { name: string; make: () => Example; days: number }
const CASES: Case[] = [
  { name: "demo 2×(2+1|1+1)", make: demoExample, days: quick ? 20 : 122 },
  { name: "4×(3+2)", make: () => generatedExample(4, 3, 2, 7), days: quick ? 2 : 7 },
  { name: "10×(5+5)", make: () => generatedExample(10, 5, 5, 7), days: quick ? 1 : 7 },
  { name: "20×(5+5)", make: () => generatedExample(20, 5, 5, 3), days: quick ? 1 : 3 },
];

const round = (x: number, d = 2) => Math.round(x * 10 ** d) / 10 ** d;

/** One case, in this process: prints one JSON line. */
async function runCase(c: Case, presolve: boolean) {
  const ex = c.make();
  const t0 = performance.now();
  const r = await simulate(ex.scenario, ex.profiles, { days: c.days, presolve });
  const seconds = (performance.now() - t0) / 1000;
  const med = (f: (d: (typeof r.days)[number]) => number) => round(median(r.days.map(f)), 3);
  return {
    case: c.name, presolve, days: c.days, houses: r.network.houses.length, ...r.days[0].size,
    medianMsPerDay: {
      build: med((d) => d.timings.buildMs), solve: med((d) => d.timings.solveMs),
      extract: med((d) => d.timings.extractMs), audit: med((d) => d.timings.auditMs),
    },
    seconds: round(seconds, 3), peakRssMiB: round(process.resourceUsage().maxRSS / 1024, 1), auditOk: r.audit.ok,
  };
}

/** glpk.js (GLPK inside, ms) against glpsol on day 1's LP of a case. */
async function versusGlpsol(c: Case) {
  const which = spawnSync("glpsol", ["--version"], { encoding: "utf8" });
  if (which.status !== 0) return { case: c.name, glpsol: "not installed (apt-get install glpk-utils)" };
  const ex = c.make();
  const network = buildNetwork(ex.scenario);
  const model = buildDayModel(ex.scenario, network, dayProfiles(ex.profiles, 0), FULL_FEATURES,
    network.groups.map((g) => ex.scenario.groups[g.index].battery?.initial ?? null));
  const dir = mkdtempSync(join(tmpdir(), "bench-"));
  const file = join(dir, "day.lp");
  writeFileSync(file, await toCplexLp(model.lp));
  const out: Record<string, unknown> = { case: c.name, cols: model.lp.nCols };
  for (const presolve of [true, false]) {
    const js: number[] = [], nativeSolve: number[] = [], nativeProcess: number[] = [];
    const reps = model.lp.nCols > 50_000 ? 1 : 5;
    for (let i = 0; i < reps; i++) {
      js.push((await solveLp(model.lp, { solver: "glpk", presolve })).ms);
      const t = performance.now();
      const g = spawnSync("glpsol", ["--lp", file, presolve ? "--presol" : "--nopresol", "-o", join(dir, "solution.txt")], { encoding: "utf8" });
      nativeProcess.push(performance.now() - t);
      const used = /Time used:\s+([\d.]+) secs/.exec(g.stdout);
      nativeSolve.push(used ? Number(used[1]) * 1000 : NaN);
    }
    out[presolve ? "presolve" : "noPresolve"] = {
      glpkJsMs: round(median(js)), glpsolProcessMs: round(median(nativeProcess)), glpsolReportedSolveMs: round(median(nativeSolve)),
      ratioJsToGlpsolProcess: round(median(js) / median(nativeProcess)),
    };
  }
  rmSync(dir, { recursive: true, force: true });
  return out;
}

/** The demo as a user runs it: a whole `node dist/cli/demo.js` process, start to results written. */
function demoProcess(reps: number) {
  const dir = mkdtempSync(join(tmpdir(), "bench-demo-"));
  const times: number[] = [];
  for (let i = 0; i < reps; i++) {
    const t = performance.now();
    const r = spawnSync(process.execPath, ["dist/cli/demo.js", "--quiet", "--out", join(dir, "out")], { encoding: "utf8" });
    times.push(performance.now() - t);
    if (r.status !== 0) throw new Error(`demo failed: ${r.stderr}`);
  }
  rmSync(dir, { recursive: true, force: true });
  return { reps, medianSeconds: round(median(times) / 1000, 3), minSeconds: round(Math.min(...times) / 1000, 3) };
}

function child(name: string, presolve: boolean) {
  const r = spawnSync(process.execPath, ["--import", "tsx", process.argv[1], "--case", name, String(presolve)], { encoding: "utf8", maxBuffer: 1 << 26 });
  if (r.status !== 0) throw new Error(`case ${name} failed:\n${r.stderr}`);
  return JSON.parse(r.stdout.trim().split("\n").pop()!);
}

async function main() {
  const at = process.argv.indexOf("--case");
  if (at > 0) {
    const c = CASES.find((x) => x.name === process.argv[at + 1])!;
    console.log(JSON.stringify(await runCase(c, process.argv[at + 2] === "true")));
    return;
  }
  const cases = [];
  for (const c of CASES) {
    for (const presolve of c.name.startsWith("20") ? [true] : [true, false]) {
      process.stderr.write(`${c.name}, presolve ${presolve ? "on" : "off"} …\n`);
      cases.push(child(c.name, presolve));
    }
  }
  process.stderr.write("demo as a process …\n");
  const demo = demoProcess(quick ? 3 : 7);
  process.stderr.write("glpk.js against glpsol …\n");
  const native = [await versusGlpsol(CASES[0]), await versusGlpsol(CASES[2])];
  const report = { date: new Date().toISOString(), node: process.version, quick, demoProcess: demo, cases, versusGlpsol: native };
  mkdirSync("results", { recursive: true });
  writeFileSync("results/bench.json", JSON.stringify(report, null, 2) + "\n");
  console.log("case                presolve  days  rows     cols    nonZeros  build  solve (glpk)  audit  ms/day   total s  peak MiB");
  for (const c of cases)
    console.log(`${c.case.padEnd(20)}${String(c.presolve).padEnd(10)}${String(c.days).padStart(4)}  ${String(c.rows).padStart(6)} ${String(c.cols).padStart(8)} ${String(c.nonZeros).padStart(10)}  ` +
      `${String(c.medianMsPerDay.build).padStart(5)}  ${String(c.medianMsPerDay.solve).padStart(6)}  ${String(c.medianMsPerDay.audit).padStart(5)}  ${String(c.seconds).padStart(8)}  ${c.peakRssMiB}`);
  console.log(`demo as a process (node dist/cli/demo.js): median ${demo.medianSeconds} s over ${demo.reps} runs`);
  console.log("glpk.js vs glpsol (day 1):", JSON.stringify(native, null, 1));
  console.log("written: results/bench.json");
}

await main();
