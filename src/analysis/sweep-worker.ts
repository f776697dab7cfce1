/**
 * Worker-thread task of a sweep (sweep-pool.ts, run by tinypool): solves one
 * job, posts a `day` message on the task's port after every solved day and
 * an `end` message after the last, and answers with the result or the
 * error (serialised, so the caller gets the same error class back).
 */
import type { MessagePort } from "node:worker_threads";
import { solveSweepJob, type SweepJob, type SweepJobResult } from "./sweep-job.js";
import type { SimulationResult } from "../simulation/simulate.js";
import { InputError, SolveError } from "../errors/errors.js";

/** A task from the main thread. */
export interface TaskMessage {
  job: SweepJob;
  port: MessagePort;
  /** answer with the whole run too (simulateOnWorker), not only its KPI rows */
  keepRun?: boolean;
}

/** Messages on the task's port. */
export type PortMessage = { type: "day"; day: number; of: number } | { type: "end" };

/** The task's answer. */
export type WorkerReply =
  { ok: true; result: SweepJobResult; run?: SimulationResult } | { ok: false; error: SerialisedError };

export type SerialisedError =
  | { name: "InputError"; where: string; problem: string }
  | { name: "SolveError"; day: number; status: string; message: string }
  | { name: "Error"; message: string; stack?: string };

function serialise(e: unknown): SerialisedError {
  if (e instanceof InputError) return { name: "InputError", where: e.where, problem: e.problem };
  if (e instanceof SolveError) return { name: "SolveError", day: e.day, status: e.status, message: e.message };
  const err = e instanceof Error ? e : new Error(String(e));
  return { name: "Error", message: err.message, stack: err.stack };
}

/** Solves the task's job (see the module comment). */
export default async function solveTask({ job, port, keepRun }: TaskMessage): Promise<WorkerReply> {
  try {
    const { result, run } = await solveSweepJob(job, (day, of) =>
      port.postMessage({ type: "day", day, of } satisfies PortMessage),
    );
    return keepRun ? { ok: true, result, run } : { ok: true, result };
  } catch (e) {
    return { ok: false, error: serialise(e) };
  } finally {
    port.postMessage({ type: "end" } satisfies PortMessage); // the main thread closes the channel
  }
}
