/**
 * One day start to finish on a {@link DayEngine}: solve it in stages, read
 * the flows back, audit them. In a run of days, stages 1–2 ({@link prepareDay})
 * and the reading back ({@link finishDay}) run in the main thread in day order;
 * the fair stage between them runs from plain data (`runFairJob`), here or
 * in a pool worker (`fair-worker.ts`), so a day's answer does not depend on
 * where it was solved.
 */
import { performance } from "node:perf_hooks";
import type { Scenario } from "../community/scenario.js";
import type { Network } from "../community/network.js";
import type { Features } from "../community/features.js";
import type { DayProfiles } from "../profiles/profiles.js";
import { standaloneHourCost, type HourPrices } from "../prices/prices.js";
import { extractFlows, lpSize } from "../lp/day.js";
import { evaluateCosts } from "../lp/costs.js";
import { auditDay } from "../audit/audit.js";
import type { DayEngine, EngineDay, PreparedDay } from "./day-engine.js";
import { StageError, type FairOutcome } from "../stages/stages.js";
import type { DayFlows } from "../flows/flows.js";
import type { Formulation, LpSize } from "../lp/day.js";
import type { StageStats } from "../stages/stages.js";
import type { DayAudit } from "../audit/audit.js";

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

/** What every day of a run shares. */
export interface DaySetup {
  scenario: Scenario;
  network: Network;
  features: Features;
}

/** One day to solve: its profiles and prices, and the levels it starts from. */
export interface DayTask {
  /** 1-based */
  dayNumber: number;
  day: DayProfiles;
  prices: HourPrices;
  /** battery level per group before the day, kWh (null: no battery) */
  start: (number | null)[];
}

/** A day after stages 1–2 on the main thread ({@link prepareDay}), waiting for its fair stage. */
export interface PreparedTask {
  task: DayTask;
  prepared: PreparedDay;
  /** ms of this thread's work on the day so far, build excepted */
  solveMs: number;
}

/**
 * Stages 1–2 of one day on `engine` (the chain of days): its carried levels are known at once,
 * its fair stage (`prepared.fairJob`, with fair bills) runs later, here or in a worker.
 * @throws SolveError when stage 1 or 2 cannot be solved even with widened slacks
 */
export function prepareDay(engine: DayEngine, t: DayTask): PreparedTask {
  const t0 = performance.now();
  const standalone = standaloneCosts(t.day, t.prices);
  const prepared = engine.prepareDay(t.dayNumber, t.day, t.prices, t.start, standalone);
  return { task: t, prepared, solveMs: performance.now() - t0 - prepared.buildMs };
}

/**
 * Finishes a prepared day with its fair stage's outcome (`null`: no fair stage; a StageError: it
 * failed, and the day is solved again here with wider slacks): reads it back and audits it.
 * @throws SolveError when the day cannot be solved again
 */
export function finishDay(
  engine: DayEngine,
  s: DaySetup,
  p: PreparedTask,
  fair: FairOutcome | StageError | null,
): DaySolution {
  const t1 = performance.now();
  const e = engine.finishDay(p.prepared, fair);
  const t = p.task,
    standalone = p.prepared.task.standalone;
  const t3 = performance.now();
  const fairMs = fair && !(fair instanceof StageError) ? fair.stats.ms : 0;
  const solveMs = p.solveMs + fairMs + (t3 - t1) - (e.buildMs - p.prepared.buildMs);
  return readBack(s, t, e, standalone, { buildMs: e.buildMs, solveMs, t3 });
}

/** Reads a solved day back (flows, bills) and audits it. */
function readBack(
  s: DaySetup,
  t: DayTask,
  e: EngineDay,
  standalone: Float64Array,
  ms: { buildMs: number; solveMs: number; t3: number },
): DaySolution {
  const flows = extractFlows(e.model, e.x, s.network, t.dayNumber, e.pairTrades);
  const houseCosts = evaluateCosts(e.model.costs, e.x);
  const t4 = performance.now();
  const audit = auditDay(s.scenario, t.prices, s.network, t.day, s.features, flows, t.start, {
    houseCosts,
    objective: e.cost,
    slackFactor: e.stats.slackFactor,
    standaloneCosts: standalone,
  });
  const t5 = performance.now();
  return {
    day: t.dayNumber,
    objective: e.cost,
    houseCosts,
    standaloneCosts: standalone,
    flows,
    audit,
    size: lpSize(e.model.lp),
    timings: { buildMs: ms.buildMs, solveMs: ms.solveMs, extractMs: t4 - ms.t3, auditMs: t5 - t4 },
    formulation: e.formulation,
    fallback: e.fallback,
    poolHours: e.poolHours,
    stages: e.stats,
    presolveFallback: e.stats.presolveFallback,
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
      out[h] += standaloneHourCost(
        day.demand[h * T + t],
        day.solar[h * T + t],
        prices.gridPurchase[t],
        prices.gridSale[t],
      );
  return out;
}
