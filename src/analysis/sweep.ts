/**
 * Parameter sweeps: a scenario solved for every combination of one or more
 * parameters over a grid (params.ts), under `grid-only` and `full` (or the
 * baselines asked for), as one tidy table: one row per variant and house,
 * group or community.
 *
 * Work is split into jobs, one per distinct (scenario, features) pair — a
 * `grid-only` run does not depend on the batteries, so variants that differ
 * only there share it — and the jobs run in worker threads when there is
 * enough work for more than one core to pay off ({@link SweepOptions.workers}).
 * Each job is the same function wherever it runs, and GLPK is deterministic,
 * so the table is the same as solving the variants one by one.
 */
import { availableParallelism } from "node:os";
import { Worker } from "node:worker_threads";
import type { Profiles } from "../profiles.js";
import type { Scenario } from "../scenario.js";
import type { Features } from "../features.js";
import { InputError, SolveError } from "../errors.js";
import { applyParam, type SweepParam } from "./params.js";
import { BASELINE_FEATURES, BASELINES, type BaselineName } from "./baselines.js";
import { runSweepJob, type SweepJob, type SweepJobResult } from "./sweep-job.js";
import type { JobMessage, SerialisedError, WorkerMessage } from "./sweep-worker.js";
import { fairness } from "./fairness.js";
import type { KpiRow, KpiScope } from "./kpis.js";

/** One combination of parameter values. */
export interface SweepVariant {
  /** 1-based, in grid order (the first parameter varies slowest) */
  index: number;
  /** parameter name → value */
  params: Record<string, number>;
  scenario: Scenario;
}

/**
 * Every combination of the parameters' values applied to `base`.
 * @example sweepVariants(demoScenario(), [parseParam("battery.capacity=0:10:1")]).length // 11
 * @throws InputError for a repeated parameter or a value that makes an impossible scenario
 */
export function sweepVariants(base: Scenario, params: readonly SweepParam[]): SweepVariant[] {
  const names = params.map((p) => p.name);
  const dup = names.find((n, i) => names.indexOf(n) !== i);
  if (dup) throw new InputError(`--param ${dup}`, "is given twice");
  let combos: Record<string, number>[] = [{}];
  for (const p of params) combos = combos.flatMap((c) => p.values.map((v) => ({ ...c, [p.name]: v })));
  return combos.map((c, i) => ({
    index: i + 1, params: c,
    scenario: Object.entries(c).reduce((s, [name, v]) => applyParam(s, name, v), base),
  }));
}

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
   * for workers to pay off (under {@link MIN_PARALLEL_WORK} house-hours).
   */
  workers?: number | "auto";
  /** called after every solved day of every job (from the worker threads too) */
  onProgress?: (p: SweepProgress) => void;
}

/**
 * Below this many house-hours (jobs × days × houses × hours) "auto" runs in
 * this thread: each worker starts cold (modules, GLPK's WebAssembly, the
 * JIT), which costs more than it saves on small sweeps. Measured on the
 * demo (2 cores, wall time of `npm run sweep -- --param
 * battery.capacity=0:10:1 --days N`, 12 runs, best of 3): 15 days (21 600
 * house-hours) 0.98 s in one thread against 1.07 s with 2 workers; 30 days
 * (43 200) 1.57 s against 1.45 s; 60 days 2.92 s against 2.12 s; 122 days
 * 5.0 s against 3.8 s (README, "Parameter sweeps").
 */
export const MIN_PARALLEL_WORK = 40_000;

/** One row of the sweep table (currency units and kWh over the days solved). */
export interface SweepRow {
  variant: number;
  params: Record<string, number>;
  scope: KpiScope;
  id: string;
  group: string;
  /** cost under each baseline run */
  cost: Partial<Record<BaselineName, number>>;
  /** cost["grid-only"] − cost.full; `null` without a grid-only run */
  saving: number | null;
  /** 100 · saving / |cost["grid-only"]|; `null` without a base */
  savingPct: number | null;
  /** fairness of `full` against `grid-only` over the scope's houses (null for a house row) */
  shareGaining: number | null;
  savingsGini: number | null;
  /** KPIs of the `full` run (kpis.ts) */
  selfConsumption: number | null;
  selfSufficiency: number | null;
  gridImportKwh: number;
  gridExportKwh: number;
  peakGridImportKwh: number;
  p2pIntraKwh: number;
  p2pInterKwh: number;
  batteryThroughputKwh: number;
  batteryCycles: number | null;
  batteryLossKwh: number;
  /** every run of the variant passed its audit */
  auditOk: boolean;
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
 * Runs a sweep: every combination of `params` applied to `base`.
 * @example
 *   const s = await runSweep(demoScenario(), profiles, [parseParam("battery.capacity=0:10:1")], { days: 30 });
 *   bestVariant(s) // the capacity with the lowest community cost
 */
export async function runSweep(base: Scenario, profiles: Profiles, params: readonly SweepParam[], options: SweepOptions = {}): Promise<SweepResult> {
  return runVariants(sweepVariants(base, params), profiles, options, params.map((p) => p.name));
}

/** Runs given variants (see {@link runSweep}); `paramNames` orders the parameter columns. */
export async function runVariants(
  variants: readonly SweepVariant[], profiles: Profiles, options: SweepOptions = {},
  paramNames: readonly string[] = Object.keys(variants[0]?.params ?? {}),
): Promise<SweepResult> {
  const baselines = BASELINES.filter((b) => b === "full" || (options.baselines ?? ["grid-only"]).includes(b));
  const jobs: SweepJob[] = [];
  const keyIndex = new Map<string, number>();
  /** job index per (variant, baseline) */
  const jobOf = variants.map((v) => Object.fromEntries(baselines.map((b) => {
    const job = canonicalJob(v.scenario, BASELINE_FEATURES[b], profiles, options.days);
    const key = JSON.stringify([job.scenario, job.features]);
    if (!keyIndex.has(key)) keyIndex.set(key, jobs.push(job) - 1);
    return [b, keyIndex.get(key)!];
  })) as Partial<Record<BaselineName, number>>);

  const days = options.days ?? profiles.days;
  const work = jobs.length * days * profiles.houses.length * profiles.hours;
  const workers = options.workers === undefined || options.workers === "auto"
    ? (jobs.length > 1 && work >= MIN_PARALLEL_WORK ? Math.min(availableParallelism(), jobs.length) : 0)
    : Math.min(Math.max(0, Math.floor(options.workers)), jobs.length);
  const progress: SweepProgress = { daysDone: 0, daysTotal: jobs.length * days, jobsDone: 0, jobs: jobs.length };
  const onDay = () => {
    progress.daysDone++;
    options.onProgress?.({ ...progress });
  };
  const onJob = () => {
    progress.jobsDone++;
  };
  const results = workers > 1 ? await runInWorkers(jobs, workers, onDay, onJob) : await runHere(jobs, onDay, onJob);

  const rows: SweepRow[] = [];
  for (const [vi, v] of variants.entries()) {
    const res = (b: BaselineName) => (jobOf[vi][b] === undefined ? null : results[jobOf[vi][b]!]);
    const full = res("full")!, grid = res("grid-only");
    const houseIdx = full.kpis.flatMap((k, i) => (k.scope === "house" ? [i] : []));
    const auditOk = baselines.every((b) => res(b)!.auditOk);
    full.kpis.forEach((k, i) => {
      const cost = Object.fromEntries(baselines.map((b) => [b, res(b)!.kpis[i].cost])) as Partial<Record<BaselineName, number>>;
      const saving = grid ? grid.kpis[i].cost - k.cost : null;
      const members = houseIdx.filter((h) => k.scope === "community" || (k.scope === "group" && full.kpis[h].group === k.id));
      const fair = grid && k.scope !== "house"
        ? fairness(members.map((h) => grid.kpis[h].cost), members.map((h) => full.kpis[h].cost))
        : { shareGaining: null, savingsGini: null };
      rows.push({
        variant: v.index, params: v.params, scope: k.scope, id: k.id, group: k.group, cost,
        saving, savingPct: grid && saving !== null && Math.abs(grid.kpis[i].cost) >= 1e-9 ? (100 * saving) / Math.abs(grid.kpis[i].cost) : null,
        ...fair,
        selfConsumption: k.selfConsumption, selfSufficiency: k.selfSufficiency,
        gridImportKwh: k.gridImportKwh, gridExportKwh: k.gridExportKwh, peakGridImportKwh: k.peakGridImportKwh,
        p2pIntraKwh: k.p2pIntraKwh, p2pInterKwh: k.p2pInterKwh,
        batteryThroughputKwh: k.batteryThroughputKwh, batteryCycles: k.batteryCycles, batteryLossKwh: k.batteryLossKwh,
        auditOk,
      });
    });
  }
  return {
    params: [...paramNames], variants: [...variants], rows, workers: workers > 1 ? workers : 0, jobs: jobs.length,
    auditOk: rows.every((r) => r.auditOk),
  };
}

/** A job in its canonical form: without the battery feature the batteries play no part, so they are left out of the key and the scenario. */
function canonicalJob(scenario: Scenario, features: Readonly<Features>, profiles: Profiles, days: number | undefined): SweepJob {
  const s = features.battery ? scenario : { ...scenario, groups: scenario.groups.map((g) => ({ ...g, battery: null })) };
  return { scenario: s, profiles, features: { ...features }, days };
}

async function runHere(jobs: readonly SweepJob[], onDay: () => void, onJob: () => void): Promise<SweepJobResult[]> {
  const out: SweepJobResult[] = [];
  for (const job of jobs) {
    out.push(await runSweepJob(job, onDay));
    onJob();
  }
  return out;
}

function revive(e: SerialisedError): Error {
  if (e.name === "InputError") return new InputError(e.where, e.problem);
  if (e.name === "SolveError") return Object.assign(new SolveError(e.day, e.status, ""), { message: e.message });
  const err = new Error(`in a sweep worker: ${e.message}`);
  if (e.stack) err.stack = `${err.message}\n(worker) ${e.stack}`;
  return err;
}

/**
 * A worker running sweep-worker next to this module: the built .js, or,
 * when this module runs from source under tsx (tests, notebooks), the .ts
 * behind a small bootstrap that registers tsx's loader first (worker threads
 * of Node 20 do not get it from `--import tsx`).
 */
function startWorker(): Worker {
  const here = import.meta.url;
  if (!here.endsWith(".ts")) return new Worker(new URL("./sweep-worker.js", here));
  const api = import.meta.resolve("tsx/esm/api");
  const entry = new URL("./sweep-worker.ts", here).href;
  return new Worker(`import(${JSON.stringify(api)}).then(({ register }) => { register(); return import(${JSON.stringify(entry)}); });`, { eval: true });
}

/** Runs the jobs on `n` worker threads, each taking the next job when it finishes one. */
function runInWorkers(jobs: readonly SweepJob[], n: number, onDay: () => void, onJob: () => void): Promise<SweepJobResult[]> {
  return new Promise((resolve, reject) => {
    const results: SweepJobResult[] = new Array(jobs.length);
    const pool: Worker[] = [];
    let next = 0, done = 0, failed = false;
    const stop = () => Promise.all(pool.map((w) => w.terminate()));
    const fail = (e: Error) => {
      if (failed) return;
      failed = true;
      stop().then(() => reject(e), () => reject(e));
    };
    const feed = (w: Worker) => {
      if (next < jobs.length) {
        const id = next++;
        w.postMessage({ id, job: jobs[id] } satisfies JobMessage);
      }
    };
    for (let k = 0; k < n; k++) {
      const w = startWorker();
      pool.push(w);
      w.on("message", (m: WorkerMessage) => {
        if (failed) return;
        if (m.type === "day") onDay();
        else if (m.type === "error") fail(revive(m.error));
        else {
          results[m.id] = m.result;
          onJob();
          if (++done === jobs.length) stop().then(() => resolve(results), reject);
          else feed(w);
        }
      });
      w.on("error", (e) => fail(e));
      w.on("exit", (code) => {
        if (!failed && done < jobs.length && code !== 0) fail(new Error(`a sweep worker stopped with exit code ${code}`));
      });
      feed(w);
    }
  });
}

/** Community rows of the variants whose parameters include every value in `within`. */
function communityRows(result: SweepResult, within: Record<string, number>): SweepRow[] {
  return result.rows.filter((r) => r.scope === "community" && Object.entries(within).every(([k, v]) => r.params[k] === v));
}

/**
 * The variant with the lowest community cost under `full` (the first of
 * equal ones, in variant order), among those matching `within` (e.g.
 * `{ "prices.gridPurchase": 20 }` to pick a battery size per grid price).
 * @example bestVariant(await runSweep(s, p, [parseParam("battery.capacity=0:10:1")])).params // { "battery.capacity": 10 }
 * @throws Error when no variant matches
 */
export function bestVariant(result: SweepResult, within: Record<string, number> = {}): SweepRow {
  const rows = communityRows(result, within);
  if (rows.length === 0) throw new Error(`bestVariant: no variant has ${JSON.stringify(within)}`);
  return rows.reduce((best, r) => (r.cost.full! < best.cost.full! ? r : best));
}

/**
 * The first variant (in variant order) matching `within` whose community
 * saving against `grid-only` reaches `share` of the best one's: over an
 * increasing grid, the smallest value that gets most of the benefit.
 * `null` without a grid-only run or without a positive saving.
 * @example firstReaching(result, 0.95)?.params // e.g. { "battery.capacity": 6 }
 */
export function firstReaching(result: SweepResult, share: number, within: Record<string, number> = {}): SweepRow | null {
  const best = bestVariant(result, within);
  if (best.saving === null || best.saving <= 0) return null;
  return communityRows(result, within).find((r) => r.saving !== null && r.saving >= share * best.saving!) ?? null;
}

/** A sweep row as one flat record (CSV): `variant`, the parameters, `scope, id, group`, `cost<Baseline>`, then the KPIs (camelCase, like the other CSV files). */
export type FlatSweepRow = Record<string, string | number | boolean | null>;

/** `grid-only` → `GridOnly` */
const pascal = (s: string) => s.split("-").map((w) => w[0].toUpperCase() + w.slice(1)).join("");

/** Flattens the sweep table for CSV (`sweep.csv`); parameter columns keep their names (`battery.capacity`). */
export function flatSweepRows(result: SweepResult): FlatSweepRow[] {
  return result.rows.map((r) => {
    const out: FlatSweepRow = { variant: r.variant };
    for (const p of result.params) out[p] = r.params[p];
    out.scope = r.scope;
    out.id = r.id;
    out.group = r.group;
    for (const b of BASELINES) if (r.cost[b] !== undefined) out[`cost${pascal(b)}`] = r.cost[b]!;
    const { variant: _v, params: _p, scope: _s, id: _i, group: _g, cost: _c, ...rest } = r;
    Object.assign(out, rest);
    return out;
  });
}
