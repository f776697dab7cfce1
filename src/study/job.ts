/**
 * Runs one study job: the base scenario with the job's parameter values,
 * validated, its profiles (the file's or generated from the scenario's
 * seed) and prices, solved under `full` and the study's baselines with the
 * analysis room's sweep job (sweep-job.ts), reduced to the sweep table's
 * rows (sweep-rows.ts) plus, with a settlement rule, the settled bills. A
 * pure function of the job: the same rows on any machine and runner.
 */
import { InputError, SolveError } from "../errors/errors.js";
import { scenarioToJson, validateScenario, type Scenario } from "../community/scenario.js";
import { buildNetwork } from "../community/network.js";
import { checkSize } from "../community/limits.js";
import { firstDays, generateProfiles, type Profiles } from "../profiles/profiles.js";
import { parseProfilesCsv } from "../io/profiles-csv.js";
import { parsePricesCsv } from "../io/prices-csv.js";
import { applyPriceParam } from "../analysis/params.js";
import { BASELINE_FEATURES, BASELINES, type BaselineName } from "../analysis/baselines.js";
import { solveSweepJob, type SweepJobResult } from "../analysis/sweep-job.js";
import { flatSweepRows, variantRows, type FlatSweepRow } from "../analysis/sweep-rows.js";
import { settle, settlementRule } from "../settlement/settle.js";
import type { SimulationResult } from "../simulation/simulate.js";
import type { SolverName } from "../solver/index.js";
import type { Allocation } from "../stages/stages.js";
import type { PriceTable } from "../prices/prices.js";
import type { RetailTariff } from "../prices/tariff.js";
import * as message from "../errors/messages.js";
import type { StudyJob } from "./jobs.js";
import { isTariffParam, type TARIFF_PARAMS } from "./spec.js";
import { withParam } from "./params.js";

/** A job's rows (the sweep table's columns after `variant` and the parameters), or its one-line failure. */
export type JobOutcome = { ok: true; rows: FlatSweepRow[] } | { ok: false; error: string };

/**
 * Generated profiles of this process's recent jobs, keyed by everything a
 * recipe reads (the horizon, the seed, `synthetic`, each group's house
 * counts): jobs that sweep batteries or prices share one year of profiles.
 */
const generated = new Map<string, Profiles>();
const GENERATED_KEPT = 2;

function generatedProfiles(scenario: Scenario, network: ReturnType<typeof buildNetwork>): Profiles {
  const key = JSON.stringify([
    scenario.days,
    scenario.hoursPerDay,
    scenario.seed,
    scenario.synthetic ?? null,
    scenario.groups.map((g) => [g.prosumers, g.consumers]),
  ]);
  let p = generated.get(key);
  if (!p) {
    p = generateProfiles(scenario, network);
    if (generated.size >= GENERATED_KEPT) generated.delete(generated.keys().next().value!);
    generated.set(key, p);
  }
  return p;
}

/** The job's scenario, profiles and prices, validated. @throws InputError */
async function inputs(
  job: StudyJob,
): Promise<{ scenario: Scenario; profiles: Profiles; prices?: PriceTable; days: number }> {
  const applied = job.point.reduce((s, [n, v]) => withParam(s, n, v), job.base);
  const scenario = validateScenario(JSON.parse(scenarioToJson(applied)), "scenario");
  const days = job.days ?? scenario.days;
  checkSize(scenario, { days: scenario.days });
  const network = buildNetwork(scenario);
  const profiles = job.profiles
    ? parseProfilesCsv(job.profiles.text, { ...scenario, days }, network, { days, file: job.profiles.name })
    : firstDays(generatedProfiles(scenario, network), days);
  let prices = job.spot
    ? await spotPrices(job, scenario, days)
    : job.prices
      ? parsePricesCsv(job.prices.text, { days, hoursPerDay: scenario.hoursPerDay }, job.prices.name)
      : undefined;
  for (const [n, v] of job.point)
    if (prices && n.startsWith("prices.") && typeof v === "number") prices = applyPriceParam(prices, n, v);
  return { scenario, profiles, prices, days };
}

/** The tariff's terms with the job's `tariff.*` values. @throws InputError for a value out of its range */
export function jobTariff(job: Pick<StudyJob, "point" | "spot">): RetailTariff {
  const t: RetailTariff = { ...job.spot!.tariff };
  for (const [n, v] of job.point) {
    if (!isTariffParam(n) || typeof v !== "number") continue;
    const term = n.slice("tariff.".length) as (typeof TARIFF_PARAMS)[number];
    if ((term === "vat" || term === "peerShare") && !(v >= 0 && v <= 1))
      throw new InputError(n, message.tariffTermRange(term, "between 0 and 1", v));
    t[term] = v;
  }
  return t;
}

/** The job's spot prices on its days with its tariff on top. @throws InputError */
async function spotPrices(job: StudyJob, scenario: Scenario, days: number): Promise<PriceTable> {
  const s = job.spot!;
  // loaded by the jobs that need them (process start)
  const [{ parseSpotCsv, spotPriceTable }, { studyClockOf }] = await Promise.all([
    import("../io/spot-prices.js"),
    import("../io/study-data.js"),
  ]);
  const clock = studyClockOf({ ...scenario, days }, { start: s.start, zone: s.zone });
  const series = parseSpotCsv(s.file.text, { clock, zone: s.zone, file: s.file.name });
  return spotPriceTable(series, clock, jobTariff(job)).table;
}

/**
 * Checks once, before any job is enqueued or run, that the spot-price file
 * covers the days of every job: the file is read on each distinct study clock
 * of the jobs (their days, hours, start and zone after the parameters), so a
 * file that falls short is one refusal of the study, not a failure of each job.
 * A job whose parameters make no valid scenario is left to fail alone.
 * @example await checkStudyInputs(plan) // throws "spot.csv: no data for study day 2 (…)" for a file of one day
 * @throws InputError naming the file and the first study day and time it has no price for
 */
export async function checkStudyInputs(plan: { jobs: readonly StudyJob[] }): Promise<void> {
  const jobs = plan.jobs.filter((j) => j.spot !== undefined);
  if (jobs.length === 0) return;
  const [{ parseSpotCsv }, { studyClockOf }] = await Promise.all([
    import("../io/spot-prices.js"),
    import("../io/study-data.js"),
  ]);
  const seen = new Set<string>();
  for (const job of jobs) {
    const s = job.spot!;
    let scenario: Scenario;
    try {
      const applied = job.point.reduce((sc, [n, v]) => withParam(sc, n, v), job.base);
      const seasonal = applied.synthetic?.recipe === "seasonal" ? applied.synthetic : null;
      const clockKey = JSON.stringify([
        s.file.sha256,
        s.start,
        s.zone,
        job.days,
        applied.days,
        applied.hoursPerDay,
        seasonal,
      ]);
      if (seen.has(clockKey)) continue;
      seen.add(clockKey);
      scenario = validateScenario(JSON.parse(scenarioToJson(applied)), "scenario");
    } catch (e) {
      if (e instanceof InputError) continue; // the job's own failure, reported when it runs
      throw e;
    }
    const clock = studyClockOf({ ...scenario, days: job.days ?? scenario.days }, { start: s.start, zone: s.zone });
    parseSpotCsv(s.file.text, { clock, zone: s.zone, file: s.file.name });
  }
}

/** Solves a job (see the module comment). @throws InputError, SolveError */
export async function solveStudyJob(job: StudyJob): Promise<FlatSweepRow[]> {
  const { scenario, profiles, prices, days } = await inputs(job);
  const runs: Partial<Record<BaselineName, SweepJobResult>> = {};
  let full: SimulationResult | undefined;
  for (const b of BASELINES.filter((x) => x === "full" || job.baselines.includes(x))) {
    const r = await solveSweepJob({
      scenario,
      profiles,
      days,
      features: { ...BASELINE_FEATURES[b] },
      prices,
      solver: job.solver as SolverName,
      allocation: job.allocation as Allocation,
    });
    runs[b] = r.result;
    if (b === "full") full = r.run;
  }
  const rows = flatSweepRows({ params: [], rows: variantRows({ index: job.index, params: {}, scenario }, runs) });
  if (job.settlement !== "none") {
    const s = await settle(full!, { rule: settlementRule(job.settlement) });
    for (const r of rows) {
      const by = r.scope === "house" ? s.byHouse[String(r.id)] : r.scope === "group" ? s.byGroup[String(r.id)] : null;
      r.settledBill = by ? by.settledBill : s.communityCost;
      r.settledSaving = by ? by.saving : s.communitySaving;
    }
  }
  for (const r of rows) delete r.variant;
  return rows;
}

/**
 * {@link solveStudyJob} as an outcome: bad input or an unsolvable day is
 * the job's one-line failure naming the job and its parameters; anything
 * else (a bug) is thrown.
 * @example (await runStudyJob(job)).ok // true, or false with error "job 3 (groups[0].prosumers=-1): scenario: …"
 */
export async function runStudyJob(job: StudyJob): Promise<JobOutcome> {
  try {
    return { ok: true, rows: await solveStudyJob(job) };
  } catch (e) {
    if (e instanceof InputError || e instanceof SolveError) return { ok: false, error: failureLine(job, e.message) };
    throw e;
  }
}

/** `job N (params): problem`, on one line. */
export const failureLine = (job: Pick<StudyJob, "index" | "point">, problem: string) =>
  message.jobFailed(job.index, job.point, problem);
