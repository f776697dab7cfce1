/**
 * Days in order (docs/model.md "Days"): solve each day in stages
 * (`day-engine.ts`, `stages.ts`), read the flows back, audit them, carry the
 * battery level into the next day.
 */
import { performance } from "node:perf_hooks";
import type { Scenario } from "../community/scenario.js";
import { buildNetwork, type Network } from "../community/network.js";
import { dayProfiles, type Profiles } from "../profiles/profiles.js";
import { FULL_FEATURES, type Features } from "../community/features.js";
import type { Formulation } from "../lp/day.js";
import { chooseFormulation } from "../lp/pooled.js";
import { DEFAULT_SOLVER, loadBackend, type SolverBackend, type SolverName } from "../solver/index.js";
import { DayEngine } from "./day-engine.js";
import { checkSimulateOptions, SIMULATE_OPTION_KEYS } from "./check-options.js";
import type { Allocation } from "../stages/stages.js";
import { summariseAudits, type AuditSummary } from "../audit/audit.js";
import {
  finishDay,
  prepareDay,
  type DaySetup,
  type DaySolution,
  type DayTask,
  type PhaseTimings,
  type PreparedTask,
} from "./one-day.js";
import { DayPool, dayWorkers } from "./day-pool.js";
import { runFairJob, StageError, type FairJob, type FairOutcome } from "../stages/stages.js";
import type { SparseLp } from "../lp/lp.js";
import type { LpModel } from "../solver/types.js";
import { InputError, SolveError } from "../errors/errors.js";
import { dayPrices, type PriceTable } from "../prices/prices.js";

export type { DaySolution, PhaseTimings } from "./one-day.js";

export interface SimulationResult {
  scenario: Scenario;
  /** the per-(day, hour) prices the run used besides the scenario's, if any */
  prices?: PriceTable;
  network: Network;
  profiles: Profiles;
  features: Features;
  /** "fair": every bill is stage 3's leximin; "solver": the split among houses is the solver's choice */
  allocation: Allocation;
  days: DaySolution[];
  audit: AuditSummary;
  /** the backend (`highs` or `glpk`), its label and version, and the formulation used (days may fall back to "pair") */
  solver: { name: string; version: string; backend: SolverName; formulation: Formulation; presolve: boolean };
  /** summed over days, plus the whole call's wall time */
  timings: PhaseTimings & { totalMs: number };
}

export interface Progress {
  /** 1-based day just solved */
  day: number;
  /** days to solve in all */
  of: number;
  objective: number;
}

export interface SimulateOptions {
  /** solve only the first N days (default: all of the profiles' days) */
  days?: number;
  features?: Features;
  /** called after each day; the loop yields to the event loop after each call so displays can update */
  onProgress?: (p: Progress) => void;
  /** prices per (day, hour) that replace the scenario's for the keys they have (`prices.csv`) */
  prices?: PriceTable;
  /** battery level per group before day 1 (default: each battery's `initial`) */
  initialLevels?: (number | null)[];
  /** "highs" (default) or "glpk" */
  solver?: SolverName;
  /** a backend object to use instead of `solver` (e.g. a wrapped one, in tests) */
  backend?: SolverBackend;
  /** the solver's presolver (default on) */
  presolve?: boolean;
  /**
   * "auto" (default: whichever has fewer trade columns, {@link chooseFormulation}),
   * "pooled" (pools per group and hour, split exactly into docs/model.md's pair trades,
   * with a per-pair fallback) or "pair" (docs/model.md's LP as written)
   */
  formulation?: Formulation | "auto";
  /** "fair" (default: stage 3's leximin bills) or "solver" */
  allocation?: Allocation;
  /**
   * worker threads for the fair stage of the days (`day-pool.ts`): "auto" (default: as many as
   * cores when the run is large enough, day-pool.ts's MIN_PARALLEL_DAY_WORK), 0 or 1 (this thread), or N;
   * always this thread inside a Jupyter kernel and with a `backend` object
   */
  workers?: number | "auto";
}

const LEVEL_SLACK = 1e-9;

/**
 * Solves the days in order, each in docs/model.md's stages, and audits each.
 * With fair bills on enough work, the days' fair stages run on worker threads
 * (`day-pool.ts`) while this thread carries the battery from day to day.
 * @throws SolveError if a day's LP is not solved to optimality
 * @example const r = await simulate(demoScenario(), profiles, { days: 7 }); r.audit.ok // true
 */
export async function simulate(
  scenario: Scenario,
  profiles: Profiles,
  options: SimulateOptions = {},
): Promise<SimulationResult> {
  options = checkSimulateOptions(scenario, profiles, options);
  const t0 = performance.now();
  const network = buildNetwork(scenario);
  const features = options.features ?? { ...FULL_FEATURES };
  const n = options.days ?? profiles.days;
  if (!Number.isInteger(n) || n < 1 || n > profiles.days)
    throw new InputError("days", `must be a whole number from 1 to ${profiles.days} (the profiles' days), got ${n}`);
  if (profiles.houses.join() !== network.houses.map((h) => h.id).join())
    throw new InputError("profiles", `houses (${profiles.houses.join(", ")}) do not match the scenario's network`);
  const backend = options.backend ?? (await loadBackend(options.solver ?? DEFAULT_SOLVER));
  const asked = options.formulation ?? "auto";
  const formulation = asked === "auto" ? chooseFormulation(network, features) : asked;
  const allocation = options.allocation ?? "fair";
  const presolve = options.presolve ?? true;
  // a backend object given by the caller cannot be sent to a worker: its days run here
  const workers =
    allocation === "fair" && !options.backend
      ? dayWorkers(options.workers, n, n * network.houses.length * profiles.hours)
      : 0;
  const setup: DaySetup = { scenario, network, features };
  const run: DaysRun = { profiles, n, setup, options, backend, formulation, allocation, presolve };
  const days = await runDays(run, workers);
  const total = { buildMs: 0, solveMs: 0, extractMs: 0, auditMs: 0 };
  for (const d of days) for (const k of Object.keys(total) as (keyof PhaseTimings)[]) total[k] += d.timings[k];
  return {
    scenario,
    prices: options.prices,
    network,
    profiles,
    features,
    allocation,
    days,
    audit: summariseAudits(days.map((d) => d.audit)),
    solver: { name: backend.label, version: backend.version, backend: backend.name, formulation, presolve },
    timings: { ...total, totalMs: performance.now() - t0 },
  };
}

/** What the two ways of running the days share. */
interface DaysRun {
  profiles: Profiles;
  n: number;
  setup: DaySetup;
  options: SimulateOptions;
  backend: SolverBackend;
  formulation: Formulation;
  allocation: Allocation;
  presolve: boolean;
}

/** Battery level per group before day 1 (default: each battery's `initial`), kWh; null without battery. */
function initialLevels(r: DaysRun): (number | null)[] {
  return r.setup.network.groups.map((g) => {
    const b = batteryOf(r, g.index);
    return b ? (r.options.initialLevels?.[g.index] ?? b.initial) : null;
  });
}

const batteryOf = (r: DaysRun, g: number) => (r.setup.features.battery ? r.setup.scenario.groups[g].battery : null);

/** Day d's task (0-based d) from battery levels `levels`, after checking they are inside the batteries' bounds. */
function dayTask(r: DaysRun, d: number, levels: (number | null)[]): DayTask {
  levels.forEach((level, g) => {
    const b = batteryOf(r, g);
    if (b && level !== null && (level < b.lower - LEVEL_SLACK || level > b.upper + LEVEL_SLACK))
      throw new SolveError(
        d + 1,
        "infeasible",
        `group ${r.setup.network.groups[g].id}'s battery starts at ${level} kWh, outside [lower, upper] = [${b.lower}, ${b.upper}]`,
      );
  });
  const day = dayProfiles(r.profiles, d);
  return {
    dayNumber: d + 1,
    day,
    prices: dayPrices(r.setup.scenario.prices, day.hours, d, r.options.prices),
    start: levels,
  };
}

/** The level carried per group, kept inside [lower, upper] (a solver may leave it 1e-8 outside). */
function carried(r: DaysRun, ends: (number | null)[]): (number | null)[] {
  return ends.map((v, g) =>
    v === null ? null : Math.min(batteryOf(r, g)!.upper, Math.max(batteryOf(r, g)!.lower, v)),
  );
}

async function progress(r: DaysRun, day: number, objective: number): Promise<void> {
  if (!r.options.onProgress) return;
  r.options.onProgress({ day, of: r.n, objective });
  await new Promise((res) => setImmediate(res));
}

/**
 * The days in order. This thread runs the chain of days (stages 1–2, which fix the carried levels)
 * and reads each day back and audits it, in day order; each day's fair stage runs from plain data
 * (`runFairJob`) in this thread (`workers` 0) or on a pool of `workers` threads, at most 2 per
 * worker in flight (for memory) while this thread goes on with the next days.
 */
async function runDays(r: DaysRun, workers: number): Promise<DaySolution[]> {
  const { scenario, network, features } = r.setup;
  const engine = new DayEngine(r.backend, scenario, network, features, {
    formulation: r.formulation,
    allocation: r.allocation,
    presolve: r.presolve,
  });
  const pool = workers > 1 ? new DayPool({ workers }) : null;
  const open = (lp: SparseLp) => r.backend.open(lp, { presolve: r.presolve });
  const flight: { p: PreparedTask; fair: Promise<FairOutcome | StageError | null> }[] = [];
  const days: DaySolution[] = [];
  const finishFirst = async () => {
    const { p, fair } = flight[0];
    const outcome = await fair;
    flight.shift();
    const day = finishDay(engine, r.setup, p, outcome);
    days.push(day);
    await progress(r, day.day, day.objective);
  };
  let levels = initialLevels(r);
  try {
    for (let d = 0; d < r.n; d++) {
      while (flight.length >= 2 * Math.max(1, workers)) await finishFirst();
      const task = dayTask(r, d, levels);
      const p = prepareDay(engine, task);
      const T = task.day.hours;
      levels = carried(
        r,
        network.groups.map((g) => {
          const col = p.prepared.model.cols.B[g.index * T + T - 1];
          return col >= 0 && batteryOf(r, g.index) ? p.prepared.x[col] : null;
        }),
      );
      const job = p.prepared.fairJob;
      p.prepared.fairJob = undefined;
      const fair = !job
        ? Promise.resolve(null)
        : pool
          ? pool.submit({ dayNumber: task.dayNumber, solver: r.backend.name, presolve: r.presolve, job })
          : Promise.resolve(fairHere(job, open));
      fair.catch(() => undefined); // a pool failure is thrown where the day is awaited
      flight.push({ p, fair });
      if (!pool) await finishFirst();
      else await new Promise((res) => setImmediate(res)); // lets the pool take answers and hand out days
    }
    while (flight.length) await finishFirst();
    return days;
  } finally {
    engine.dispose();
    await pool?.destroy();
  }
}

/** A fair stage in this thread: its plan, or the StageError of an LP that was not optimal. */
function fairHere(job: FairJob, open: (lp: SparseLp) => LpModel): FairOutcome | StageError {
  try {
    return runFairJob(job, open);
  } catch (e) {
    if (e instanceof StageError) return e;
    throw e;
  }
}

export { standaloneCosts } from "./one-day.js";

/** Every key of {@link SimulateOptions} is in check-options.ts's list (else this line does not compile). */
type UncheckedOption = Exclude<keyof SimulateOptions, (typeof SIMULATE_OPTION_KEYS)[number]>;
export const SIMULATE_KEYS_COMPLETE: [UncheckedOption] extends [never] ? true : UncheckedOption = true;
