/**
 * Worker-thread entry of the day pool (`day-pool.ts`): solves one day with
 * all its stages, its end-of-day battery levels pinned to the ones the main
 * thread's chain of days carried, and answers with the day's
 * {@link DaySolution} or its error. Each worker has its own solver; each day
 * its own {@link DayEngine}, warm-started from the chain's cost basis.
 */
import { loadBackend } from "../solver/index.js";
import { buildNetwork } from "../community/network.js";
import { InputError, SolveError } from "../errors/errors.js";
import { costSlack } from "../stages/stages.js";
import { DayEngine } from "./day-engine.js";
import { solveOneDay, type DaySetup } from "./one-day.js";
import type { DayJob, DayJobSetup, DayOutcome, SerialisedError } from "./day-pool.js";

let current: { runId: string; setup: DaySetup } | null = null;

/** The run's shared setup (its network built once per worker and run). */
function setupFor(runId: string, s: DayJobSetup): DaySetup {
  if (current?.runId !== runId)
    current = { runId, setup: { scenario: s.scenario, network: buildNetwork(s.scenario), features: s.features } };
  return current.setup;
}

function serialise(e: unknown): SerialisedError {
  if (e instanceof InputError) return { name: "InputError", where: e.where, problem: e.problem };
  if (e instanceof SolveError) return { name: "SolveError", day: e.day, status: e.status, message: e.message };
  const err = e instanceof Error ? e : new Error(String(e));
  return { name: "Error", message: err.message, stack: err.stack };
}

/**
 * Solves `job`'s day and checks that its cost is the chain's (within docs/model.md's cost slack).
 * @example const outcome = await solvePinnedDay(job); // { ok: true, day } or { ok: false, error }
 */
export default async function solvePinnedDay(job: DayJob): Promise<DayOutcome> {
  let engine: DayEngine | null = null;
  try {
    const setup = setupFor(job.runId, job.setup);
    // a fresh engine per day, started from the chain's cost basis: a day's answer depends on the
    // day alone, not on which days this worker solved before (the same bills with any worker count)
    engine = new DayEngine(await loadBackend(job.setup.solver), setup.scenario, setup.network, setup.features, {
      formulation: job.setup.formulation,
      allocation: "fair",
      presolve: job.setup.presolve,
    });
    const { day, cost: own } = solveOneDay(engine, setup, job.task, job.chainCost);
    const slack = costSlack(job.chainCost, day.stages.slackFactor);
    if (!(Math.abs(own - job.chainCost) <= slack))
      throw new SolveError(
        job.task.dayNumber,
        "inconsistent",
        `with its carried battery levels held, the day costs ` +
          `${own} against ${job.chainCost} in the chain of days (more than the cost slack ${slack.toExponential(1)} apart)`,
      );
    return { ok: true, day };
  } catch (e) {
    return { ok: false, error: serialise(e) };
  } finally {
    engine?.dispose();
  }
}
