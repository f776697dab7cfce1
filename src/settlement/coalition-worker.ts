/**
 * Owns: the worker-thread entry of the coalition pool (coalition-pool.ts):
 * tinypool calls its default export with one coalition's job; each worker
 * thread loads its own solver on its first job.
 * Imports: this room's coalition runs.
 */
import { runCoalitionJob, type CoalitionJob } from "./coalition.js";

/** F(C) of one coalition, currency units (see {@link runCoalitionJob}). */
export default function coalitionCost(job: CoalitionJob): Promise<number> {
  return runCoalitionJob(job);
}
