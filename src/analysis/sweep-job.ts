/**
 * One unit of a sweep's work: one scenario variant solved under one set of
 * features, reduced to its audit verdict and KPI rows. The same function
 * runs in the main thread and in the worker threads, so a sweep's numbers do
 * not depend on where a job ran.
 */
import type { Features } from "../community/features.js";
import type { Profiles } from "../profiles/profiles.js";
import type { Scenario } from "../community/scenario.js";
import { simulate } from "../simulation/simulate.js";
import type { SimulationResult } from "../simulation/simulate.js";
import type { SolverName } from "../solver/index.js";
import type { Allocation } from "../stages/stages.js";
import type { PriceTable } from "../prices/prices.js";
import { kpiTable, type KpiRow } from "./kpis.js";

export interface SweepJob {
  scenario: Scenario;
  profiles: Profiles;
  features: Features;
  /** solve only the first N days */
  days?: number;
  /** the run's solver, allocation and prices table (simulate's defaults when absent) */
  solver?: SolverName;
  allocation?: Allocation;
  prices?: PriceTable;
}

export interface SweepJobResult {
  auditOk: boolean;
  /** {@link kpiTable} of the run, without a reference */
  kpis: KpiRow[];
}

/** Solves a job; `onDay` is called after each solved day. */
export async function runSweepJob(job: SweepJob, onDay?: (day: number, of: number) => void): Promise<SweepJobResult> {
  return (await solveSweepJob(job, onDay)).result;
}

/** {@link runSweepJob}, keeping the run too (a study settles it). */
export async function solveSweepJob(
  job: SweepJob,
  onDay?: (day: number, of: number) => void,
): Promise<{ result: SweepJobResult; run: SimulationResult }> {
  const run = await simulate(job.scenario, job.profiles, {
    days: job.days,
    features: job.features,
    solver: job.solver,
    allocation: job.allocation,
    prices: job.prices,
    onProgress: onDay ? (p) => onDay(p.day, p.of) : undefined,
  });
  return { result: { auditOk: run.audit.ok, kpis: kpiTable(run) }, run };
}
