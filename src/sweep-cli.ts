#!/usr/bin/env node
/**
 * `npm run sweep -- --param battery.capacity=0:10:1 [--param prices.gridPurchase=15:25:5] [--days N]
 *  [--scenario FILE --profiles FILE] [--out DIR] [--workers auto|N] [--quiet]`
 *
 * Solves the scenario (default: the 122-day demo) for every combination of
 * the parameters, under grid-only and full, and writes `sweep.csv` (one row
 * per variant × house, group and community) with the inputs and a
 * `summary.json`, atomically. Exit codes: 0 done; 1 an audit failed or a day
 * could not be solved; 2 bad input (the message names the option or file).
 */
import { parseArgs } from "node:util";
import { performance } from "node:perf_hooks";
import { scenarioToJson } from "./scenario.js";
import { profilesToCsv } from "./profiles.js";
import { writeFolderAtomically } from "./output.js";
import { textTable } from "./text-table.js";
import { loadInputs, parseDays, runMain } from "./cli-common.js";
import { InputError } from "./errors.js";
import { parseParam } from "./analysis/params.js";
import { bestVariant, firstReaching, runSweep, sweepCsv, type SweepRow } from "./analysis/sweep.js";

const USAGE = `Usage: npm run sweep -- --param NAME=GRID [--param NAME=GRID ...] [OPTIONS]

  --param NAME=GRID  a parameter and its values; GRID is start:stop:step (inclusive),
                     start:stop (step 1), a list a,b,c or one value. NAME is one of
                       battery.capacity        every group gets the demo's battery of C kWh
                                               (lower 0.2C, upper 0.8C, initial 0.2C, max charge and
                                               discharge 0.2C per hour); 0 = no battery
                       g<k>.battery.capacity   the same for group k only
                       battery.<key>           one battery figure of every group that has one
                       prices.<key>            one price, e.g. prices.gridPurchase
                       prices.demo             p_gb and the five other energy prices at the demo's ratios
  --scenario FILE    scenario JSON (DATA-FORMAT.md); default: the 122-day demo
  --profiles FILE    hourly profiles CSV; default: generated from the scenario's seed
  --days N           solve only the first N days
  --out DIR          results folder (default: results/sweep)
  --workers W        worker threads: auto (default) or a number (1 = none)
  --quiet            no progress, no tables
  -h, --help         this text

Example: npm run sweep -- --param battery.capacity=0:10:1 --param prices.gridPurchase=15:25:5
`;

interface Options {
  params: string[]; scenario?: string; profiles?: string; days?: number; out: string; workers: number | "auto"; quiet: boolean;
}

function options(argv: string[]): Options | null {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        param: { type: "string", multiple: true }, scenario: { type: "string" }, profiles: { type: "string" },
        days: { type: "string" }, out: { type: "string", default: "results/sweep" },
        workers: { type: "string", default: "auto" }, quiet: { type: "boolean", default: false },
        help: { type: "boolean", short: "h", default: false },
      },
      strict: true, allowPositionals: false,
    }));
  } catch (e) {
    throw new InputError("command line", `${(e as Error).message}\n\n${USAGE}`);
  }
  if (values.help) return null;
  if (!values.param?.length) throw new InputError("--param", `at least one is needed, e.g. --param battery.capacity=0:10:1\n\n${USAGE}`);
  const days = parseDays(values.days);
  let workers: number | "auto" = "auto";
  if (values.workers !== "auto") {
    workers = Number(values.workers);
    if (!Number.isInteger(workers) || workers < 1) throw new InputError("--workers", `must be "auto" or a whole number ≥ 1, got "${values.workers}"`);
  }
  return { params: values.param, scenario: values.scenario, profiles: values.profiles, days, out: values.out!, workers, quiet: values.quiet! };
}

async function main(argv: string[]): Promise<number> {
  const t0 = performance.now();
  const o = options(argv);
  if (!o) {
    process.stdout.write(USAGE);
    return 0;
  }
  const params = o.params.map(parseParam);
  const { scenario, profiles } = loadInputs(o);
  const tty = process.stderr.isTTY && !o.quiet;
  const result = await runSweep(scenario, profiles, params, {
    workers: o.workers,
    onProgress: tty ? (p) => process.stderr.write(`\rsolved ${p.daysDone} of ${p.daysTotal} days (${p.jobsDone} of ${p.jobs} runs)`) : undefined,
  });
  if (tty) process.stderr.write("\n");
  const seconds = (performance.now() - t0) / 1000;
  // the best value of the first parameter for every combination of the others
  const [first, ...others] = params;
  let fixed: Record<string, number>[] = [{}];
  for (const p of others) fixed = fixed.flatMap((c) => p.values.map((v) => ({ ...c, [p.name]: v })));
  const brief = (r: SweepRow | null) => (r ? { params: r.params, costFull: r.cost.full!, saving: r.saving } : null);
  const bests = fixed.map((within) => ({ within, best: bestVariant(result, within), most: firstReaching(result, 0.95, within) }));
  const summary = {
    params: params.map((p) => ({ name: p.name, values: p.values })),
    days: profiles.days, variants: result.variants.length, runs: result.jobs, workers: result.workers,
    auditOk: result.auditOk,
    best: bests.map((b) => ({ ...b.within, [first.name]: b.best.params[first.name], lowestCost: brief(b.best), firstReaching95PercentOfThatSaving: brief(b.most) })),
    seconds: Math.round(seconds * 1000) / 1000,
  };
  const files = {
    "sweep.csv": sweepCsv(result),
    "scenario.json": scenarioToJson(scenario),
    "profiles.csv": profilesToCsv(profiles),
    "summary.json": JSON.stringify(summary, null, 2) + "\n",
  };
  writeFolderAtomically(o.out, files);

  if (!o.quiet) {
    const community = result.rows.filter((r) => r.scope === "community").map((r) => ({
      ...r.params, "cost full": r.cost.full!, "cost grid-only": r.cost["grid-only"]!, saving: r.saving ?? NaN,
      "%": r.savingPct ?? NaN, "self-suff. %": 100 * (r.selfSufficiency ?? NaN), cycles: r.batteryCycles ?? 0, audit: r.auditOk ? "ok" : "FAILED",
    }));
    process.stdout.write([
      `${result.variants.length} variants × ${profiles.days} days: ${result.jobs} runs in ${seconds.toFixed(1)} s ` +
        `(${result.workers ? `${result.workers} worker threads` : "one thread"})`,
      "", "Community per variant (currency units over the days solved; saving = grid-only − full)", textTable(community),
      "", ...bests.map(({ within, best, most }) =>
        `${Object.keys(within).length ? `With ${Object.entries(within).map(([k, v]) => `${k}=${v}`).join(", ")}: lowest` : "Lowest"} ` +
        `community cost at ${first.name}=${best.params[first.name]} (${best.cost.full!.toFixed(2)}, saving ${best.saving?.toFixed(2)})` +
        (most ? `; 95 % of that saving from ${first.name}=${most.params[first.name]}` : "")),
      `Audit: ${result.auditOk ? "ok" : "FAILED"}`,
      `Results: ${o.out}/ (${Object.keys(files).join(", ")})`, "",
    ].join("\n"));
  }
  return result.auditOk ? 0 : 1;
}

runMain(() => main(process.argv.slice(2)));
