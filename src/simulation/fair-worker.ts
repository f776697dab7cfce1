/**
 * Worker-thread entry of the day pool (`day-pool.ts`): solves one day with
 * all its stages, its end-of-day battery levels pinned to the ones the main
 * thread's chain of days carried, and answers with the day's
 * {@link DaySolution} or its error. Each worker keeps its own solver and
 * {@link DayEngine} for the run (warm starts between the days it solves).
 */
import { loadBackend } from "../solver/index.js";
import { buildNetwork } from "../community/network.js";
import { InputError, SolveError } from "../errors/errors.js";
import { costSlack } from "../stages/stages.js";
import { DayEngine } from "./day-engine.js";
import { solveOneDay, type DaySetup } from "./one-day.js";
import type { DayJob, DayJobSetup, DayOutcome, SerialisedError } from "./day-pool.js";

let current: { runId: string; engine: DayEngine; setup: DaySetup } | null = null;

async function engineFor(runId: string, s: DayJobSetup): Promise<{ engine: DayEngine; setup: DaySetup }> {
  if (current?.runId === runId) return current;
  current?.engine.dispose();
  current = null;
  const backend = await loadBackend(s.solver);
  const network = buildNetwork(s.scenario);
  const engine = new DayEngine(backend, s.scenario, network, s.features, {
    formulation: s.formulation, allocation: "fair", presolve: s.presolve,
  });
  current = { runId, engine, setup: { scenario: s.scenario, network, features: s.features } };
  return current;
}

function serialise(e: unknown): SerialisedError {
  if (e instanceof InputError) return { name: "InputError", where: e.where, problem: e.problem };
  if (e instanceof SolveError) return { name: "SolveError", day: e.day, status: e.status, message: e.message };
  const err = e instanceof Error ? e : new Error(String(e));
  return { name: "Error", message: err.message, stack: err.stack };
}

/**
 * Solves `job`'s day and checks that its cost is the chain's (within docs/model.md's cost slack).
 * @example await solvePinnedDay(job) // => { ok: true, day: { day: 3, … } }
 */
export default async function solvePinnedDay(job: DayJob): Promise<DayOutcome> {
  try {
    const { engine, setup } = await engineFor(job.runId, job.setup);
    const { day, cost: own } = solveOneDay(engine, setup, job.task, job.chainCost);
    const slack = costSlack(job.chainCost, day.stages.slackFactor);
    if (!(Math.abs(own - job.chainCost) <= slack))
      throw new SolveError(job.task.dayNumber, "inconsistent", `with its carried battery levels held, the day costs ` +
        `${own} against ${job.chainCost} in the chain of days (more than the cost slack ${slack.toExponential(1)} apart)`);
    return { ok: true, day };
  } catch (e) {
    return { ok: false, error: serialise(e) };
  }
}
