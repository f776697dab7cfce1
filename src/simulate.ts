/**
 * Days in order (MODEL.md "Days"): build the day's LP, solve it, read the
 * flows back, audit them, carry the battery level into the next day.
 */
import { performance } from "node:perf_hooks";
import type { Scenario } from "./scenario.js";
import { buildNetwork, type Network } from "./network.js";
import { dayProfiles, type DayProfiles, type Profiles } from "./profiles.js";
import { FULL_FEATURES, type Features } from "./features.js";
import type { DayFlows } from "./flows.js";
import { buildDayModel, extractFlows, lpSize, type LpSize } from "./model/day.js";
import { tradePairs } from "./model/columns.js";
import { evaluateCosts } from "./model/costs.js";
import { loadSolver, type LpSolution, type SolverOptions } from "./solve.js";
import { auditDay, summariseAudits, type AuditSummary, type DayAudit } from "./audit.js";
import { InputError, SolveError } from "./errors.js";
import { dayPrices, standaloneHourCost, type HourPrices, type PriceTable } from "./prices.js";

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
  /** the solver's objective: the community's cost for the day */
  objective: number;
  /** each house's cost for the day (its bill), from the LP's cost expressions, currency units */
  houseCosts: Float64Array;
  /**
   * each house's stand-alone cost for the day (MODEL.md "Fair bills"): what it
   * would pay alone with its own PV and the grid; its saving is this minus its bill
   */
  standaloneCosts: Float64Array;
  flows: DayFlows;
  audit: DayAudit;
  size: LpSize;
  timings: PhaseTimings;
  /** inside the solve phase: preparing glpk.js's input, GLPK itself, reading values back (ms) */
  solverTimings: LpSolution["timings"];
  /** GLPK's presolver gave an infeasible point and the day was solved again without it */
  presolveFallback: boolean;
}

export interface SimulationResult {
  scenario: Scenario;
  /** the per-(day, hour) prices the run used besides the scenario's, if any */
  prices?: PriceTable;
  network: Network;
  profiles: Profiles;
  features: Features;
  days: DaySolution[];
  audit: AuditSummary;
  solver: { name: string; version: string };
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
  solver?: SolverOptions;
}

const LEVEL_SLACK = 1e-9;

/**
 * Solves the days in order and audits each.
 * @throws SolveError if a day's LP is not solved to optimality
 * @example const r = await simulate(demoScenario(), profiles, { days: 7 }); r.audit.ok // true
 */
export async function simulate(scenario: Scenario, profiles: Profiles, options: SimulateOptions = {}): Promise<SimulationResult> {
  const t0 = performance.now();
  const network = buildNetwork(scenario);
  const features = options.features ?? { ...FULL_FEATURES };
  const n = options.days ?? profiles.days;
  if (!Number.isInteger(n) || n < 1 || n > profiles.days)
    throw new InputError("days", `must be a whole number from 1 to ${profiles.days} (the profiles' days), got ${n}`);
  if (profiles.houses.join() !== network.houses.map((h) => h.id).join())
    throw new InputError("profiles", `houses (${profiles.houses.join(", ")}) do not match the scenario's network`);
  const solver = await loadSolver();
  const pairs = tradePairs(network, features);
  const batteryOf = (g: number) => (features.battery ? scenario.groups[g].battery : null);
  let levels: (number | null)[] = network.groups.map((g) => (batteryOf(g.index) ? (options.initialLevels?.[g.index] ?? batteryOf(g.index)!.initial) : null));
  const days: DaySolution[] = [];
  const total = { buildMs: 0, solveMs: 0, extractMs: 0, auditMs: 0 };
  for (let d = 0; d < n; d++) {
    const day = dayProfiles(profiles, d);
    levels.forEach((level, g) => {
      const b = batteryOf(g);
      if (b && level !== null && (level < b.lower - LEVEL_SLACK || level > b.upper + LEVEL_SLACK))
        throw new SolveError(d + 1, "infeasible", `group ${network.groups[g].id}'s battery starts at ${level} kWh, outside [lower, upper] = [${b.lower}, ${b.upper}]`);
    });
    const t1 = performance.now();
    const prices = dayPrices(scenario.prices, day.hours, d, options.prices);
    const model = buildDayModel(scenario, network, day, features, levels, { prices, pairs });
    const t2 = performance.now();
    const sol = solver.solve(model.lp, options.solver);
    const t3 = performance.now();
    if (!sol.optimal) throw new SolveError(d + 1, sol.status, "");
    const flows = extractFlows(model, sol.x, network, d + 1);
    const houseCosts = evaluateCosts(model.costs, sol.x);
    const t4 = performance.now();
    const audit = auditDay(scenario, prices, network, day, features, flows, levels, { houseCosts, objective: sol.objective });
    const t5 = performance.now();
    const timings = { buildMs: t2 - t1, solveMs: t3 - t2, extractMs: t4 - t3, auditMs: t5 - t4 };
    for (const k of Object.keys(total) as (keyof PhaseTimings)[]) total[k] += timings[k];
    days.push({ day: d + 1, objective: sol.objective, houseCosts, standaloneCosts: standaloneCosts(day, prices), flows, audit, size: lpSize(model.lp), timings, solverTimings: sol.timings, presolveFallback: sol.presolveFallback });
    levels = flows.battery.map((b) => (b ? b[day.hours - 1] : null));
    if (options.onProgress) {
      options.onProgress({ day: d + 1, of: n, objective: sol.objective });
      await new Promise((r) => setImmediate(r));
    }
  }
  return {
    scenario, prices: options.prices, network, profiles, features, days, audit: summariseAudits(days.map((d) => d.audit)),
    solver: { name: solver.name, version: solver.version },
    timings: { ...total, totalMs: performance.now() - t0 },
  };
}

/**
 * Every house's stand-alone cost for one day (MODEL.md "Fair bills"), currency units.
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
