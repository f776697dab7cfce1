/**
 * Days in order (docs/model.md "Days"): solve each day in stages
 * (`day-engine.ts`, `stages.ts`), read the flows back, audit them, carry the
 * battery level into the next day.
 */
import { performance } from "node:perf_hooks";
import type { Scenario } from "../community/scenario.js";
import { buildNetwork, type Network } from "../community/network.js";
import { dayProfiles, type DayProfiles, type Profiles } from "../profiles/profiles.js";
import { FULL_FEATURES, type Features } from "../community/features.js";
import type { DayFlows } from "../flows/flows.js";
import { extractFlows, lpSize, type Formulation, type LpSize } from "../lp/day.js";
import { evaluateCosts } from "../lp/costs.js";
import { chooseFormulation } from "../lp/pooled.js";
import { DEFAULT_SOLVER, loadBackend, type SolverBackend, type SolverName } from "../solver/index.js";
import { DayEngine } from "./day-engine.js";
import { checkSimulateOptions } from "./check-options.js";
import type { Allocation, StageStats } from "../stages/stages.js";
import { auditDay, summariseAudits, type AuditSummary, type DayAudit } from "../audit/audit.js";
import { InputError, SolveError } from "../errors/errors.js";
import { dayPrices, standaloneHourCost, type HourPrices, type PriceTable } from "../prices/prices.js";

/** Milliseconds spent in each phase. */
export interface PhaseTimings {
  buildMs: number;
  solveMs: number;
  extractMs: number;
  auditMs: number;
}

export interface DaySolution {
  /** 1-based */
  day: number;
  /** stage 1's optimum: the community's cost for the day, currency units */
  objective: number;
  /** each house's cost for the day (its bill), from the LP's cost expressions, currency units */
  houseCosts: Float64Array;
  /**
   * each house's stand-alone cost for the day (docs/model.md "Fair bills"): what it
   * would pay alone with its own PV and the grid; its saving is this minus its bill
   */
  standaloneCosts: Float64Array;
  flows: DayFlows;
  audit: DayAudit;
  /** the size of the LP that gave the answer (with the stages' rows and columns) */
  size: LpSize;
  timings: PhaseTimings;
  /** the formulation that gave the answer */
  formulation: Formulation;
  /** a pooled day solved per pair instead: its pools did not split into pair trades, or its prices make pooling unsafe */
  fallback: "split" | "prices" | null;
  /** pooled days: pool-hours with trades, split by max-flow, and that could not be split */
  poolHours: { active: number; maxFlow: number; failed: number };
  /** LPs and ms per stage (cost, carry-over, fair bills) */
  stages: StageStats;
  /** some LP was solved again without presolve */
  presolveFallback: boolean;
}

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
}

const LEVEL_SLACK = 1e-9;

/**
 * Solves the days in order, each in docs/model.md's stages, and audits each.
 * @throws SolveError if a day's LP is not solved to optimality
 * @example const r = await simulate(demoScenario(), profiles, { days: 7 }); r.audit.ok // true
 */
export async function simulate(scenario: Scenario, profiles: Profiles, options: SimulateOptions = {}): Promise<SimulationResult> {
  options = checkSimulateOptions(scenario, profiles, options);
  const t0 = performance.now();
  const network = buildNetwork(scenario);
  const features = options.features ?? { ...FULL_FEATURES };
  const n = options.days ?? profiles.days;
  if (!Number.isInteger(n) || n < 1 || n > profiles.days)
    throw new InputError("days", `must be a whole number from 1 to ${profiles.days} (the profiles' days), got ${n}`);
  if (profiles.houses.join() !== network.houses.map((h) => h.id).join())
    throw new InputError("profiles", `houses (${profiles.houses.join(", ")}) do not match the scenario's network`);
  const backend = options.backend ?? await loadBackend(options.solver ?? DEFAULT_SOLVER);
  const asked = options.formulation ?? "auto";
  const formulation = asked === "auto" ? chooseFormulation(network, features) : asked;
  const allocation = options.allocation ?? "fair";
  const presolve = options.presolve ?? true;
  const engine = new DayEngine(backend, scenario, network, features, { formulation, allocation, presolve });
  const batteryOf = (g: number) => (features.battery ? scenario.groups[g].battery : null);
  let levels: (number | null)[] = network.groups.map((g) => (batteryOf(g.index) ? (options.initialLevels?.[g.index] ?? batteryOf(g.index)!.initial) : null));
  const days: DaySolution[] = [];
  const total = { buildMs: 0, solveMs: 0, extractMs: 0, auditMs: 0 };
  try {
    for (let d = 0; d < n; d++) {
      const day = dayProfiles(profiles, d);
      levels.forEach((level, g) => {
        const b = batteryOf(g);
        if (b && level !== null && (level < b.lower - LEVEL_SLACK || level > b.upper + LEVEL_SLACK))
          throw new SolveError(d + 1, "infeasible", `group ${network.groups[g].id}'s battery starts at ${level} kWh, outside [lower, upper] = [${b.lower}, ${b.upper}]`);
      });
      const t1 = performance.now();
      const prices = dayPrices(scenario.prices, day.hours, d, options.prices);
      const standalone = standaloneCosts(day, prices);
      const e = engine.solveDay(d + 1, day, prices, levels, standalone);
      const t3 = performance.now();
      const flows = extractFlows(e.model, e.x, network, d + 1, e.pairTrades);
      const houseCosts = evaluateCosts(e.model.costs, e.x);
      const t4 = performance.now();
      const audit = auditDay(scenario, prices, network, day, features, flows, levels, { houseCosts, objective: e.cost, slackFactor: e.stats.slackFactor, standaloneCosts: standalone });
      const t5 = performance.now();
      const timings = { buildMs: e.buildMs, solveMs: t3 - t1 - e.buildMs, extractMs: t4 - t3, auditMs: t5 - t4 };
      for (const k of Object.keys(total) as (keyof PhaseTimings)[]) total[k] += timings[k];
      days.push({
        day: d + 1, objective: e.cost, houseCosts, standaloneCosts: standalone, flows, audit, size: lpSize(e.model.lp), timings,
        formulation: e.formulation, fallback: e.fallback, poolHours: e.poolHours, stages: e.stats, presolveFallback: e.stats.presolveFallback,
      });
      // the level carried, kept inside [lower, upper] (a solver may leave it 1e-8 outside)
      levels = flows.battery.map((b, g) => (b ? Math.min(batteryOf(g)!.upper, Math.max(batteryOf(g)!.lower, b[day.hours - 1])) : null));
      if (options.onProgress) {
        options.onProgress({ day: d + 1, of: n, objective: e.cost });
        await new Promise((r) => setImmediate(r));
      }
    }
  } finally {
    engine.dispose();
  }
  return {
    scenario, prices: options.prices, network, profiles, features, allocation, days, audit: summariseAudits(days.map((d) => d.audit)),
    solver: { name: backend.label, version: backend.version, backend: backend.name, formulation, presolve },
    timings: { ...total, totalMs: performance.now() - t0 },
  };
}

/**
 * Every house's stand-alone cost for one day (docs/model.md "Fair bills"), currency units.
 * @example standaloneCosts(dayProfiles(profiles, 0), dayPrices(demoPrices(), 24, 0))[0]
 */
export function standaloneCosts(day: DayProfiles, prices: HourPrices): Float64Array {
  const T = day.hours;
  const out = new Float64Array(day.demand.length / T);
  for (let h = 0; h < out.length; h++)
    for (let t = 0; t < T; t++)
      out[h] += standaloneHourCost(day.demand[h * T + t], day.solar[h * T + t], prices.gridPurchase[t], prices.gridSale[t]);
  return out;
}
