/**
 * `npm run demo [-- --scenario FILE --profiles FILE --prices FILE --days N --out DIR
 *   --pv PVGIS --demand METER --spot SPOT --tariff TERMS --zone ZONE --start DATE
 *   --solver highs|glpk --allocation fair|solver --settlement RULE --shapley-samples N --shapley-se E --workers N|auto
 *   --compare --quiet]`
 *
 * Runs a scenario (default: the 122-day demo of docs/model.md), prints the
 * cost tables and the audit, and writes the run's folder atomically
 * (docs/cli.md). Exit codes: 0 done; 1 the audit failed, a day could not be
 * solved or the results could not be written; 2 bad input (one line naming
 * the option, file, line or key).
 */
import { performance } from "node:perf_hooks";
import { parseOptions, usage, type Command } from "./options.js";
import { loadInputs, prepareOutput, runMain, solverLabel } from "./run.js";
import type { SolverName } from "../solver/index.js";
import type { Allocation } from "../stages/stages.js";
import { parseDecimal } from "../io/number.js";
import { buildNetwork } from "../community/network.js";
import { InputError } from "../errors/errors.js";
import { realDataOptions } from "./real-data.js";
import * as message from "../errors/messages.js";

/** `npm run demo`'s options and help. */
export const DEMO: Command = {
  name: "demo",
  synopsis: "npm run demo [-- OPTIONS]",
  about:
    "Solves one LP per day for a community (default: the 122-day demo), audits every day,\n" +
    "prints the cost per house and group, and writes the results folder.",
  options: [
    "scenario",
    "profiles",
    "prices",
    "pv",
    "demand",
    "spot",
    "tariff",
    "zone",
    "start",
    "kwp",
    "pv-year",
    "calibrate-pv",
    "fill-gaps",
    "accept-location",
    "days",
    ["out", { arg: "DIR", default: "results/demo" }],
    "solver",
    "allocation",
    "settlement",
    "shapley-samples",
    "shapley-se",
    "workers",
    "compare",
    "quiet",
    "help",
  ],
  epilog:
    "The results folder is replaced only when it is absent, empty or written by this tool: its\n" +
    ".p2p-cvpp-results marker lists the files the tool wrote, and only those are replaced. Anything\n" +
    "else in it (a file or folder of yours), or an unmarked folder, is refused and never touched.\n" +
    "Exit codes: 0 done; 1 the audit failed, a day could not be solved or writing failed; 2 bad input.\n" +
    "Read more: docs/cli.md (options, limits), docs/data-formats.md (files), docs/model.md (the LP).",
};

async function main(argv: string[]): Promise<number> {
  const parsed = parseOptions(DEMO, argv);
  if (!parsed) {
    process.stdout.write(usage(DEMO));
    return 0;
  }
  prefetchSolver(parsed.string("solver") as SolverName);
  // a run's modules, loaded once the options ask for a run: --help reads none of them (process start)
  const [
    { simulate },
    { costsByGroup, costTotals },
    { runFileSources, runSummary },
    { writeFolderAtomically },
    { textTable },
    { VIOLATION_FAMILIES },
    { settle, settlementRule },
    { settledHouseRows, settlementJson, settlementText },
  ] = await Promise.all([
    import("../simulation/simulate.js"),
    import("../results/tables.js"),
    import("../results/summary.js"),
    import("../io/folder.js"),
    import("../results/text-table.js"),
    import("../audit/audit.js"),
    import("../settlement/settle.js"),
    import("../settlement/report.js"),
  ]);
  const t0 = performance.now();
  const o = {
    scenario: parsed.string("scenario"),
    profiles: parsed.string("profiles"),
    days: parsed.wholeNumber("days"),
    out: parsed.string("out")!,
    quiet: parsed.flag("quiet"),
    compare: parsed.flag("compare"),
    workers: parsed.string("workers") === "auto" ? ("auto" as const) : parsed.wholeNumber("workers")!,
    solver: parsed.string("solver") as SolverName,
    allocation: parsed.string("allocation") as Allocation,
    settlement: settlementRule(parsed.string("settlement")!),
    shapley: {
      samples: parsed.wholeNumber("shapley-samples", 2),
      targetSe: positive(parsed.string("shapley-se"), "--shapley-se"),
    },
  };
  const real = realDataOptions(parsed);
  const pricesFile = parsed.string("prices");
  if (pricesFile !== undefined && real?.spot !== undefined) throw new InputError("--spot", message.spotAndPrices());
  prepareOutput(o.out, { ...o, more: [pricesFile, real?.pv, real?.demand, real?.spot, real?.calibratePv] });
  const inputs = await loadInputs(o);
  const { scenario } = inputs;
  // real-data readers and prices.csv are loaded only when a run uses them (process start, issue 21)
  const data = real
    ? (await import("../io/study-data.js")).loadStudyData(scenario, buildNetwork(scenario), inputs.profiles, {
        ...real,
        baseFromRecipe: o.profiles === undefined,
      })
    : null;
  for (const note of data?.notes ?? []) process.stderr.write(`note: ${note}\n`);
  const profiles = data?.profiles ?? inputs.profiles;
  const pricesCsv = pricesFile || data?.prices ? await import("../io/prices-csv.js") : null;
  const prices = pricesFile
    ? pricesCsv!.readPrices(pricesFile, { ...scenario, days: inputs.scenarioDays }, scenario.days)
    : data?.prices;
  const t1 = performance.now();
  const tty = process.stderr.isTTY && !o.quiet;
  const result = await simulate(scenario, profiles, {
    solver: o.solver,
    allocation: o.allocation,
    prices,
    workers: o.workers,
    onProgress: tty ? (p) => process.stderr.write(`\rsolving day ${p.day} of ${p.of}`) : undefined,
  });
  if (tty) process.stderr.write("\n");
  const compare = o.compare
    ? await (
        await import("../analysis/compare.js")
      ).runCompare(scenario, profiles, {
        solver: o.solver,
        allocation: o.allocation,
        prices,
        reuse: { full: result },
        onProgress: tty ? (p) => process.stderr.write(`\r${p.variant}: solving day ${p.day} of ${p.of}   `) : undefined,
      })
    : null;
  if (compare && tty) process.stderr.write("\n");
  const t2 = performance.now();
  const settlement = await settle(result, {
    workers: o.workers,
    rule: o.settlement,
    shapley: o.shapley,
    onRun: tty ? (n) => process.stderr.write(`\r${o.settlement}: coalition run ${n}`) : undefined,
  });
  if (tty && settlement.game && settlement.game.runs > 0) process.stderr.write("\n");
  const summary = runSummary(result, { inputMs: t1 - t0, settlementMs: performance.now() - t2 });
  if (compare) summary.compare = compare.summary;
  summary.settlement = settlementJson(settlement);
  const files = runFileSources(
    result,
    summary,
    { ...compare?.files, ...(prices ? { "prices.csv": pricesCsv!.pricesToCsv(prices) } : {}), ...data?.files },
    { settled: settlement.byHouse },
  );
  await writeFolderAtomically(o.out, files);

  const where = `Results: ${o.out}/ (${Object.keys(files).join(", ")})`;
  if (o.quiet) {
    process.stdout.write(`${where}${result.audit.ok ? "" : " — the audit FAILED"}\n`);
  } else {
    const a = result.audit;
    const out = [
      `${result.days.length} days, ${result.network.houses.length} houses in ${result.network.groups.length} groups, ` +
        `solved with ${solverLabel(result.solver)} in ${(result.timings.totalMs / 1000).toFixed(2)} s`,
      "",
      `Cost per house, currency units (cu) over ${result.days.length} days`,
      textTable(moneyHeaders(settledHouseRows(result, settlement))),
      "",
      `Cost per group, currency units (cu) over ${result.days.length} days`,
      textTable(moneyHeaders(costsByGroup(result))),
      "",
      `Overall: ${costTotals(result).overall.toFixed(2)}`,
      "",
      settlementText(settlement),
      "",
      `Audit: ${a.ok ? "ok" : `FAILED on days ${a.failedDays.join(", ")}`} — largest violation ` +
        `${Math.max(...VIOLATION_FAMILIES.map((f) => a.maxViolation[f])).toExponential(1)} kWh, ` +
        `cost error ${Math.max(a.maxHouseCostError, a.maxObjectiveError).toExponential(1)} (tolerance 1e-6)`,
      ...(compare ? ["", compare.text] : []),
      where,
      "",
    ];
    process.stdout.write(out.join("\n"));
  }
  return result.audit.ok && (compare?.auditOk ?? true) ? 0 : 1;
}

const MONEY_HEADERS: Readonly<Record<string, string>> = {
  cost: "cost (cu)",
  standaloneCost: "alone (cu)",
  saving: "saving (cu)",
  "settled bill": "settled bill (cu)",
  transfer: "transfer (cu)",
  "settled saving": "settled saving (cu)",
  "± se": "± se (cu)",
};

/** The cost tables' rows with the unit in the money columns' headers (cu: currency units). */
function moneyHeaders(rows: readonly object[]): Record<string, unknown>[] {
  return rows.map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [MONEY_HEADERS[k] ?? k, v])));
}

/**
 * Starts loading the solver while the run's modules load and its inputs are read and made: HiGHS's
 * WebAssembly compiles on V8's background threads meanwhile (process start). The run awaits the same load (the backend is loaded once
 * per process); a failure here is the run's to report, so it is ignored.
 */
function prefetchSolver(solver: SolverName): void {
  if (solver === "highs")
    import("../solver/highs.js").then(
      (m) => m.loadHighsBackend().catch(() => undefined),
      () => undefined,
    );
}

/** A number > 0 given to `option`, or undefined when not given. */
function positive(text: string | undefined, option: string): number | undefined {
  if (text === undefined) return undefined;
  const v = parseDecimal(text.trim());
  if (v === null || !(v > 0) || !Number.isFinite(v)) throw new InputError(option, message.positiveNumber(text));
  return v;
}

runMain(() => main(process.argv.slice(2)));
