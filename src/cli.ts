#!/usr/bin/env node
/**
 * `npm run demo [-- --scenario FILE --profiles FILE --days N --out DIR]`
 *
 * Runs a scenario (default: the 122-day demo of MODEL.md), prints the cost
 * tables and the audit, and writes the run's folder atomically.
 * Exit codes: 0 done; 1 the audit failed or a day could not be solved;
 * 2 bad input (the message names the file, line or key).
 */
import { parseArgs } from "node:util";
import { performance } from "node:perf_hooks";
import { simulate } from "./simulate.js";
import { costsByGroup, costsByHouse, costTotals } from "./results.js";
import { runFiles, runSummary } from "./summary.js";
import { checkOutputFolder, writeFolderAtomically } from "./io/folder.js";
import { textTable } from "./text-table.js";
import { loadInputs, parseDays, runMain } from "./cli-common.js";
import { InputError } from "./errors.js";
import { VIOLATION_FAMILIES } from "./audit.js";

const USAGE = `Usage: npm run demo [-- OPTIONS]

  --scenario FILE   scenario JSON (DATA-FORMAT.md); default: the 122-day demo
  --profiles FILE   hourly profiles CSV; default: generated from the scenario's seed
  --days N          solve only the first N days
  --out DIR         results folder (default: results/demo)
  --compare         also solve grid-only, battery-only and intra-only; print and write
                    savings.csv and kpis.csv (and the same in summary.json)
  --quiet           no progress, no tables
  -h, --help        this text
`;

interface Options { scenario?: string; profiles?: string; days?: number; out: string; quiet: boolean; compare: boolean }

function options(argv: string[]): Options | null {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        scenario: { type: "string" }, profiles: { type: "string" }, days: { type: "string" },
        out: { type: "string", default: "results/demo" }, quiet: { type: "boolean", default: false },
        compare: { type: "boolean", default: false },
        help: { type: "boolean", short: "h", default: false },
      },
      strict: true, allowPositionals: false,
    }));
  } catch (e) {
    throw new InputError("command line", `${(e as Error).message}\n\n${USAGE}`);
  }
  if (values.help) return null;
  const days = parseDays(values.days);
  return { scenario: values.scenario, profiles: values.profiles, days, out: values.out!, quiet: values.quiet!, compare: values.compare! };
}

async function main(argv: string[]): Promise<number> {
  const t0 = performance.now();
  const o = options(argv);
  if (!o) {
    process.stdout.write(USAGE);
    return 0;
  }
  for (const note of checkOutputFolder(o.out, { inputs: [o.scenario, o.profiles] })) process.stderr.write(`note: ${note}\n`);
  const { scenario, profiles } = loadInputs(o);
  const t1 = performance.now();
  const tty = process.stderr.isTTY && !o.quiet;
  const result = await simulate(scenario, profiles, {
    onProgress: tty ? (p) => process.stderr.write(`\rsolving day ${p.day} of ${p.of}`) : undefined,
  });
  if (tty) process.stderr.write("\n");
  const compare = o.compare
    ? await (await import("./analysis/compare.js")).runCompare(scenario, profiles, {
      reuse: { full: result },
      onProgress: tty ? (p) => process.stderr.write(`\r${p.variant}: solving day ${p.day} of ${p.of}   `) : undefined,
    })
    : null;
  if (compare && tty) process.stderr.write("\n");
  const summary = runSummary(result, { inputMs: t1 - t0 });
  if (compare) summary.compare = compare.summary;
  const files = runFiles(result, summary, compare?.files);
  writeFolderAtomically(o.out, files);

  if (!o.quiet) {
    const a = result.audit;
    const out = [
      `${result.days.length} days, ${result.network.houses.length} houses in ${result.network.groups.length} groups, ` +
        `solved with ${result.solver.name} ${result.solver.version} in ${(result.timings.totalMs / 1000).toFixed(2)} s`,
      "", "Cost per house", textTable(costsByHouse(result)),
      "", "Cost per group", textTable(costsByGroup(result)),
      "", `Overall: ${costTotals(result).overall.toFixed(2)}`,
      "", `Audit: ${a.ok ? "ok" : `FAILED on days ${a.failedDays.join(", ")}`} — largest violation ` +
        `${Math.max(...VIOLATION_FAMILIES.map((f) => a.maxViolation[f])).toExponential(1)} kWh, ` +
        `cost error ${Math.max(a.maxHouseCostError, a.maxObjectiveError).toExponential(1)} (tolerance 1e-6)`,
      ...(compare ? ["", compare.text] : []),
      `Results: ${o.out}/ (${Object.keys(files).join(", ")})`, "",
    ];
    process.stdout.write(out.join("\n"));
  }
  return result.audit.ok && (compare?.auditOk ?? true) ? 0 : 1;
}

runMain(() => main(process.argv.slice(2)));
