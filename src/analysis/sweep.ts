/**
 * Parameter sweeps: a scenario solved for every combination of one or more
 * parameters over a grid (sweep-grid.ts), under `grid-only` and `full` (or
 * the baselines asked for), as one tidy table (sweep-rows.ts): one row per
 * variant and house, group or community.
 *
 * Work is split into jobs, one per distinct (scenario, features) pair — a
 * `grid-only` run does not depend on the batteries, so variants that differ
 * only there share it — and the jobs run here or on worker threads
 * (sweep-pool.ts). Each job is the same function wherever it runs, and
 * GLPK is deterministic, so the table is the same as solving the variants
 * one by one.
 */
import type { Profiles } from "../profiles/profiles.js";
import type { Scenario } from "../community/scenario.js";
import type { Features } from "../community/features.js";
import type { SweepParam } from "./params.js";
import { BASELINE_FEATURES, BASELINES, type BaselineName } from "./baselines.js";
import type { SweepJob } from "./sweep-job.js";
import { sweepVariants, type SweepVariant } from "./sweep-grid.js";
import { poolSize, runJobs } from "./sweep-pool.js";
import { variantRows, type SweepRow } from "./sweep-rows.js";

export { sweepVariants, type SweepVariant } from "./sweep-grid.js";
export { MIN_PARALLEL_WORK, insideKernel } from "./sweep-pool.js";
export {
  bestVariant,
  firstReaching,
  flatSweepRows,
  sweepCsv,
  variantRows,
  type FlatSweepRow,
  type SweepRow,
  type SweepTable,
} from "./sweep-rows.js";

export interface SweepProgress {
  /** days solved so far, over all jobs */
  daysDone: number;
  daysTotal: number;
  jobsDone: number;
  jobs: number;
}

export interface SweepOptions {
  /** solve only the first N days of each variant */
  days?: number;
  /** runs per variant (default `grid-only` and `full`; `full` is always run) */
  baselines?: readonly BaselineName[];
  /**
   * worker threads: a number (1 = all in this thread), or "auto" (default):
   * one per core, at most one per job, and none when the sweep is too small
   * for workers to pay off (under `MIN_PARALLEL_WORK` house-hours); the same
   * inside a Jupyter kernel (sweep-pool.ts).
   */
  workers?: number | "auto";
  /** on workers: stop the sweep with an error when no day is solved for this long, ms (default 10 min) */
  idleTimeoutMs?: number;
  /** called after every solved day of every job (from the worker threads too) */
  onProgress?: (p: SweepProgress) => void;
}

/** {@link runVariants}'s options: a sweep's options and the parameter columns' order. */
export interface RunVariantsOptions extends SweepOptions {
  /** the parameter columns, in order (default: the first variant's parameters, in their order) */
  paramNames?: readonly string[];
}

export interface SweepResult {
  params: string[];
  variants: SweepVariant[];
  rows: SweepRow[];
  /** worker threads used (0 = all in this thread) */
  workers: number;
  /** distinct runs solved */
  jobs: number;
  auditOk: boolean;
}

/**
 * Runs a sweep: every combination of `params` applied to `base`. Costs and
 * savings in the rows are currency units over the days solved, energies kWh.
 * @example
 *   const s = await runSweep(demoScenario(), profiles, [parseParam("battery.capacity=0:10:1")], { days: 30 });
 *   bestVariant(s) // the capacity with the lowest community cost
 */
export async function runSweep(
  base: Scenario,
  profiles: Profiles,
  params: readonly SweepParam[],
  options: SweepOptions = {},
): Promise<SweepResult> {
  return runVariants(sweepVariants(base, params), profiles, { ...options, paramNames: params.map((p) => p.name) });
}

/**
 * Runs given variants (see {@link runSweep}); `options.paramNames` orders
 * the parameter columns. Costs in the rows are currency units over the
 * days solved, energies kWh.
 * @example
 *   const variants = sweepVariants(demoScenario(), [parseParam("battery.capacity=0,5")]);
 *   const s = await runVariants(variants, profiles, { days: 7, paramNames: ["battery.capacity"] });
 *   s.rows.length // 2 variants × (houses + groups + community) × 2 runs
 */
export async function runVariants(
  variants: readonly SweepVariant[],
  profiles: Profiles,
  options: RunVariantsOptions = {},
): Promise<SweepResult> {
  const paramNames = options.paramNames ?? Object.keys(variants[0]?.params ?? {});
  const baselines = BASELINES.filter((b) => b === "full" || (options.baselines ?? ["grid-only"]).includes(b));
  const jobs: SweepJob[] = [];
  const keyIndex = new Map<string, number>();
  /** job index per (variant, baseline) */
  const jobOf = variants.map(
    (v) =>
      Object.fromEntries(
        baselines.map((b) => {
          const job = canonicalJob(v.scenario, BASELINE_FEATURES[b], profiles, options.days);
          const key = JSON.stringify([job.scenario, job.features]);
          if (!keyIndex.has(key)) keyIndex.set(key, jobs.push(job) - 1);
          return [b, keyIndex.get(key)!];
        }),
      ) as Partial<Record<BaselineName, number>>,
  );

  const days = options.days ?? profiles.days;
  const workers = poolSize(options.workers, jobs.length, jobs.length * days * profiles.houses.length * profiles.hours);
  const progress: SweepProgress = { daysDone: 0, daysTotal: jobs.length * days, jobsDone: 0, jobs: jobs.length };
  const results = await runJobs(jobs, workers, {
    onDay: () => {
      progress.daysDone++;
      options.onProgress?.({ ...progress });
    },
    onJob: () => {
      progress.jobsDone++;
    },
    idleTimeoutMs: options.idleTimeoutMs,
  });
  const rows = variants.flatMap((v, vi) =>
    variantRows(v, Object.fromEntries(baselines.map((b) => [b, results[jobOf[vi][b]!]]))),
  );
  return {
    params: [...paramNames],
    variants: [...variants],
    rows,
    workers,
    jobs: jobs.length,
    auditOk: rows.every((r) => r.auditOk),
  };
}

/** A job in its canonical form: without the battery feature the batteries play no part, so they are left out of the key and the scenario. */
function canonicalJob(
  scenario: Scenario,
  features: Readonly<Features>,
  profiles: Profiles,
  days: number | undefined,
): SweepJob {
  const s = features.battery
    ? scenario
    : { ...scenario, groups: scenario.groups.map((g) => ({ ...g, battery: null })) };
  return { scenario: s, profiles, features: { ...features }, days };
}
