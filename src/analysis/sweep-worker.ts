/**
 * Worker-thread entry of a sweep (sweep.ts): takes jobs one by one from the
 * main thread, answers each with its result or its error, and posts
 * progress after every solved day.
 */
import { parentPort } from "node:worker_threads";
import { runSweepJob, type SweepJob } from "./sweep-job.js";
import { InputError, SolveError } from "../errors/errors.js";

/** Messages from the main thread. */
export interface JobMessage { id: number; job: SweepJob }

/** Messages to the main thread. */
export type WorkerMessage =
  | { type: "day"; id: number; day: number; of: number }
  | { type: "done"; id: number; result: Awaited<ReturnType<typeof runSweepJob>> }
  | { type: "error"; id: number; error: SerialisedError };

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

const port = parentPort;
if (port) {
  port.on("message", ({ id, job }: JobMessage) => {
    runSweepJob(job, (day, of) => port.postMessage({ type: "day", id, day, of } satisfies WorkerMessage)).then(
      (result) => port.postMessage({ type: "done", id, result } satisfies WorkerMessage),
      (e: unknown) => port.postMessage({ type: "error", id, error: serialise(e) } satisfies WorkerMessage),
    );
  });
}
