/**
 * Worker-thread entry of the day pool (`day-pool.ts`): runs one day's fair
 * stage from its plain-data job (`runFairJob`, the same function the main
 * thread runs when it has no workers), on a fresh model of the reduced LP,
 * and answers with the plan or the error. Each worker loads its own solver.
 */
import { loadBackend } from "../solver/index.js";
import { InputError, SolveError } from "../errors/errors.js";
import { runFairJob, StageError } from "../stages/stages.js";
import type { DayJob, DayOutcome, SerialisedError } from "./day-pool.js";

function serialise(e: unknown): SerialisedError {
  if (e instanceof StageError) return { name: "StageError", stage: e.stage, lpStatus: e.lpStatus, status: e.status };
  if (e instanceof InputError) return { name: "InputError", where: e.where, problem: e.problem };
  if (e instanceof SolveError) return { name: "SolveError", day: e.day, status: e.status, message: e.message };
  const err = e instanceof Error ? e : new Error(String(e));
  return { name: "Error", message: err.message, stack: err.stack };
}

/**
 * Runs `job`'s fair stage.
 * @example const outcome = await solveFairJob(job); // { ok: true, fair } or { ok: false, error }
 */
export default async function solveFairJob(job: DayJob): Promise<DayOutcome> {
  try {
    const backend = await loadBackend(job.solver);
    const fair = runFairJob(job.job, (lp) => backend.open(lp, { presolve: job.presolve }));
    return { ok: true, fair };
  } catch (e) {
    return { ok: false, error: serialise(e) };
  }
}
