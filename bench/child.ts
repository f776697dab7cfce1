/**
 * One bench case in its own process (so its peak memory is its own): runs
 * `simulate` with the case's options and prints one JSON line, a
 * {@link CaseResult}. Started by `bench.ts` as
 * `node --import tsx bench/child.ts '<CaseSpec as JSON>'`.
 */
import { appendFileSync } from "node:fs";
import { loadavg } from "node:os";
import { performance } from "node:perf_hooks";
import { median } from "simple-statistics";
import { demoExample, generatedExample, simulate, type DaySolution } from "../src/index.js";
import type { CaseResult, CaseSpec } from "./spec.js";

const round = (x: number, d = 3) => Math.round(x * 10 ** d) / 10 ** d;

/** With BENCH_PROGRESS=<file>: a line every 10 days appended to it (long cases: is it still going, and how fast). */
function progressLog(t0: number): ((p: { day: number; of: number }) => void) | undefined {
  const file = process.env.BENCH_PROGRESS;
  if (!file) return undefined;
  return ({ day, of }) => {
    if (day % 10 !== 0 && day !== of) return;
    const s = ((performance.now() - t0) / 1000).toFixed(1);
    appendFileSync(file, `day ${day} of ${of}: ${s} s, load ${loadavg()[0].toFixed(2)}, ${rssMiB()} MiB\n`);
  };
}

const rssMiB = () => Math.round(process.memoryUsage().rss / 2 ** 20);

async function run(spec: CaseSpec): Promise<CaseResult> {
  const load0 = loadavg()[0];
  const c = spec.community;
  const ex = c === "demo" ? demoExample() : generatedExample(c.groups, c.prosumers, c.consumers, spec.days);
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  const r = await simulate(ex.scenario, ex.profiles, {
    days: spec.days,
    solver: spec.solver,
    formulation: spec.formulation,
    allocation: spec.allocation,
    presolve: spec.presolve,
    workers: spec.workers ?? "auto",
    onProgress: progressLog(t0),
  });
  const simulateS = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  const days = r.days;
  const med = (f: (d: DaySolution) => number) => round(median(days.map(f)));
  const stageSum = (d: DaySolution) => d.stages.ms.cost + d.stages.ms.carry + d.stages.ms.fair;
  const sized = days.find((d) => d.formulation === spec.formulation) ?? days[0];
  const sum = (f: (d: DaySolution) => number) => days.reduce((s, d) => s + f(d), 0);
  return {
    spec,
    houses: r.network.houses.length,
    ...sized.size,
    medianMs: {
      build: med((d) => d.timings.buildMs),
      solve: med(stageSum),
      decomposeExtract: med((d) => d.timings.solveMs - stageSum(d) + d.timings.extractMs),
      audit: med((d) => d.timings.auditMs),
      total: med((d) => d.timings.buildMs + d.timings.solveMs + d.timings.extractMs + d.timings.auditMs),
    },
    lps: {
      cost: med((d) => d.stages.lps.cost),
      carry: med((d) => d.stages.lps.carry),
      fair: med((d) => d.stages.lps.fair),
      fairMax: Math.max(...days.map((d) => d.stages.lps.fair)),
      totalMedian: med((d) => d.stages.lps.cost + d.stages.lps.carry + d.stages.lps.fair),
    },
    stageMs: {
      cost: med((d) => d.stages.ms.cost),
      carry: med((d) => d.stages.ms.carry),
      fair: med((d) => d.stages.ms.fair),
    },
    iterations: {
      cost: med((d) => d.stages.iterations.cost),
      carry: med((d) => d.stages.iterations.carry),
      fair: med((d) => d.stages.iterations.fair),
    },
    fairLp: fairLp(days.find((d) => d.stages.fairLp)?.stages.fairLp),
    fallback: {
      splitDays: days.filter((d) => d.fallback === "split").length,
      priceDays: days.filter((d) => d.fallback === "prices").length,
      activePoolHours: sum((d) => d.poolHours.active),
      maxFlowPoolHours: sum((d) => d.poolHours.maxFlow),
      failedPoolHours: sum((d) => d.poolHours.failed),
    },
    presolveFallbackDays: days.filter((d) => d.presolveFallback).length,
    objectives: days.map((d) => d.objective),
    auditOk: r.audit.ok,
    simulateS: round(simulateS),
    cpuS: round((cpu.user + cpu.system) / 1e6),
    processS: round(performance.now() / 1000),
    peakRssMiB: round(process.resourceUsage().maxRSS / 1024, 1),
    solverLabel: `${r.solver.name} ${r.solver.version}`,
    load: [round(load0, 2), round(loadavg()[0], 2)],
  };
}

function fairLp(f: DaySolution["stages"]["fairLp"]): CaseResult["fairLp"] {
  return (
    f && {
      fullCols: f.full.cols,
      fullRows: f.full.rows,
      reducedCols: f.reduced?.cols ?? null,
      reducedRows: f.reduced?.rows ?? null,
    }
  );
}

const spec = JSON.parse(process.argv[2] ?? "null") as CaseSpec | null;
if (!spec) {
  process.stderr.write("usage: node --import tsx bench/child.ts '<CaseSpec as JSON>'\n");
  process.exit(2);
}
console.log(JSON.stringify(await run(spec)));
