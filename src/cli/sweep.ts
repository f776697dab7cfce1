/**
 * `npm run sweep -- --param battery.capacity=0:10:1 [--param prices.gridPurchase=15:25:5] [--days N]
 *  [--scenario FILE --profiles FILE] [--out DIR] [--workers auto|N] [--max-variants N] [--quiet]`
 *
 * Solves the scenario (default: the 122-day demo) for every combination of
 * the parameters, under grid-only and full, and writes `sweep.csv` (one row
 * per variant × house, group and community) with the inputs and a
 * `summary.json`, atomically (docs/cli.md). Exit codes: 0 done; 1 an audit
 * failed, a day could not be solved or the results could not be written;
 * 2 bad input (one line naming the option or file).
 */
import { performance } from "node:perf_hooks";
import { scenarioToJson } from "../community/scenario.js";
import { profilesToCsv } from "../profiles/profiles.js";
import { writeFolderAtomically } from "../io/folder.js";
import { textTable } from "../results/text-table.js";
import { InputError } from "../errors/errors.js";
import { MAX_GRID_VALUES, SWEEP_KEYS, parseParam } from "../analysis/params.js";
import { bestVariant, firstReaching, runSweep, sweepCsv, type SweepRow } from "../analysis/sweep.js";
import { MAX_SWEEP_VARIANTS } from "../community/limits.js";
import { parseOptions, usage, type Command } from "./options.js";
import { loadInputs, prepareOutput, runMain } from "./run.js";
import * as message from "../errors/messages.js";

/** `npm run sweep`'s options and help. */
export const SWEEP: Command = {
  name: "sweep",
  synopsis: "npm run sweep -- --param NAME=GRID [--param NAME=GRID ...] [OPTIONS]",
  about:
    "Solves the scenario (default: the 122-day demo) for every combination of the parameters,\n" +
    "under grid-only and full trading, and writes sweep.csv, summary.json and the inputs.",
  options: [
    "param",
    "scenario",
    "profiles",
    "days",
    ["out", { default: "results/sweep" }],
    "workers",
    "max-variants",
    "quiet",
    "help",
  ],
  epilog: [
    "GRID is start:stop:step (inclusive), start:stop (step 1), a list a,b,c or one value;",
    `numbers in decimal or scientific notation; at most ${MAX_GRID_VALUES} values a parameter and`,
    `${MAX_SWEEP_VARIANTS} variants (all combinations) unless --max-variants N says more.`,
    "",
    "NAME is one of",
    "  battery.capacity        every group gets the demo's battery of C kWh (lower 0.2C, upper 0.8C,",
    "                          initial 0.2C, max charge and discharge 0.2C per hour); 0 = no battery",
    "  g<k>.battery.capacity   the same for group k only (g1, g2, ...)",
    "  battery.<key>           one battery figure of every group that has one; <key> is one of",
    `                          ${SWEEP_KEYS.battery.join(", ")}`,
    "  g<k>.battery.<key>      the same for group k only",
    "  prices.<key>            one price, currency units per kWh; <key> is one of",
    `                          ${SWEEP_KEYS.prices.join(", ")}`,
    "  prices.demo             gridPurchase and the five other energy prices at the demo's ratios",
    "",
    "Example: npm run sweep -- --param battery.capacity=0:10:1 --param prices.gridPurchase=15:25:5",
    "",
    "Exit codes: 0 done; 1 an audit failed, a day could not be solved or writing failed; 2 bad input.",
    "Read more: docs/cli.md, docs/data-formats.md, docs/model.md.",
  ].join("\n"),
};

async function main(argv: string[]): Promise<number> {
  const t0 = performance.now();
  const parsed = parseOptions(SWEEP, argv);
  if (!parsed) {
    process.stdout.write(usage(SWEEP));
    return 0;
  }
  const o = {
    scenario: parsed.string("scenario"),
    profiles: parsed.string("profiles"),
    days: parsed.wholeNumber("days"),
    out: parsed.string("out")!,
    quiet: parsed.flag("quiet"),
    workers: parsed.string("workers") === "auto" ? ("auto" as const) : parsed.wholeNumber("workers")!,
  };
  if (parsed.list("param").length === 0) throw new InputError("--param", message.paramNeeded());
  const params = parsed.list("param").map(parseParam);
  const maxVariants = parsed.wholeNumber("max-variants") ?? MAX_SWEEP_VARIANTS;
  const variants = params.reduce((n, p) => n * p.values.length, 1);
  if (variants > maxVariants)
    throw new InputError(
      "--param",
      message.tooManyVariants(
        variants,
        params.map((p) => p.values.length),
        maxVariants,
      ),
    );
  prepareOutput(o.out, o);
  const { scenario, profiles } = await loadInputs(o);
  const tty = process.stderr.isTTY && !o.quiet;
  const result = await runSweep(scenario, profiles, params, {
    workers: o.workers,
    onProgress: tty
      ? (p) => process.stderr.write(`\rsolved ${p.daysDone} of ${p.daysTotal} days (${p.jobsDone} of ${p.jobs} runs)`)
      : undefined,
  });
  if (tty) process.stderr.write("\n");
  const seconds = (performance.now() - t0) / 1000;
  // the best value of the first parameter for every combination of the others
  const [first, ...others] = params;
  let fixed: Record<string, number>[] = [{}];
  for (const p of others) fixed = fixed.flatMap((c) => p.values.map((v) => ({ ...c, [p.name]: v })));
  const brief = (r: SweepRow | null) => (r ? { params: r.params, costFull: r.cost.full!, saving: r.saving } : null);
  const bests = fixed.map((within) => ({
    within,
    best: bestVariant(result, within),
    most: firstReaching(result, 0.95, within),
  }));
  const summary = {
    params: params.map((p) => ({ name: p.name, values: p.values })),
    days: profiles.days,
    variants: result.variants.length,
    runs: result.jobs,
    workers: result.workers,
    auditOk: result.auditOk,
    best: bests.map((b) => ({
      ...b.within,
      [first.name]: b.best.params[first.name],
      lowestCost: brief(b.best),
      firstReaching95PercentOfThatSaving: brief(b.most),
    })),
    seconds: Math.round(seconds * 1000) / 1000,
  };
  const files = {
    "sweep.csv": sweepCsv(result),
    "scenario.json": scenarioToJson(scenario),
    "profiles.csv": profilesToCsv(profiles),
    "summary.json": JSON.stringify(summary, null, 2) + "\n",
  };
  await writeFolderAtomically(o.out, files);

  const where = `Results: ${o.out}/ (${Object.keys(files).join(", ")})`;
  if (o.quiet) {
    process.stdout.write(`${where}${result.auditOk ? "" : " — an audit FAILED"}\n`);
  } else {
    const community = result.rows
      .filter((r) => r.scope === "community")
      .map((r) => ({
        ...r.params,
        "cost full": r.cost.full!,
        "cost grid-only": r.cost["grid-only"]!,
        saving: r.saving ?? NaN,
        "% of grid-only": r.savingPct ?? NaN,
        "self-suff. %": 100 * (r.selfSufficiency ?? NaN),
        cycles: r.batteryCycles ?? 0,
        audit: r.auditOk ? "ok" : "FAILED",
      }));
    process.stdout.write(
      [
        `${result.variants.length} variants × ${profiles.days} days: ${result.jobs} runs in ${seconds.toFixed(1)} s ` +
          `(${result.workers ? `${result.workers} worker threads` : "one thread"})`,
        "",
        "Community per variant (currency units over the days solved; saving = grid-only − full)",
        textTable(community),
        "",
        ...bests.map(
          ({ within, best, most }) =>
            `${
              Object.keys(within).length
                ? `With ${Object.entries(within)
                    .map(([k, v]) => `${k}=${v}`)
                    .join(", ")}: lowest`
                : "Lowest"
            } ` +
            `community cost at ${first.name}=${best.params[first.name]} (${best.cost.full!.toFixed(2)}, saving ${best.saving?.toFixed(2)})` +
            (most ? `; 95 % of that saving from ${first.name}=${most.params[first.name]}` : ""),
        ),
        `Audit: ${result.auditOk ? "ok" : "FAILED"}`,
        where,
        "",
      ].join("\n"),
    );
  }
  return result.auditOk ? 0 : 1;
}

runMain(() => main(process.argv.slice(2)));
