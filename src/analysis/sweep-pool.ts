/**
 * Where a sweep's jobs run: one after the other in this thread, or on a
 * tinypool pool of worker threads (sweep-worker.ts), each taking the next
 * job when it finishes one. The same function (sweep-job.ts) solves a job wherever
 * it runs, so the results do not depend on the choice.
 *
 * Inside a Jupyter kernel (tslab) the pool is used as anywhere else. It once
 * was not: a notebook's Run All stopped silently at the sweep cell, which was
 * put down to worker threads; the cause was the kernel's zeromq sends (EBUSY
 * when a progress update is sent while the previous one is in flight), which
 * the notebook's Session now serialises (report/kernel.ts). Workers never
 * send outputs themselves: their progress comes to this thread on a message
 * port and leaves through the caller's `onProgress`.
 *
 * Every worker is stopped when the sweep ends, on the first failed job, when
 * a worker dies, and when no day has been solved for `idleTimeoutMs`.
 */
import { setMaxListeners } from "node:events";
import { availableParallelism } from "node:os";
import { MessageChannel } from "node:worker_threads";
import Tinypool from "tinypool";
import { InputError, SolveError } from "../errors/errors.js";
import { runSweepJob, type SweepJob, type SweepJobResult } from "./sweep-job.js";
import type { PortMessage, SerialisedError, TaskMessage, WorkerReply } from "./sweep-worker.js";
import type { SimulationResult } from "../simulation/simulate.js";
import type { Features } from "../community/features.js";
import { FULL_FEATURES } from "../community/features.js";
import type { Scenario } from "../community/scenario.js";
import type { Profiles } from "../profiles/profiles.js";
import type { SolverName } from "../solver/index.js";
import type { Allocation } from "../stages/stages.js";
import type { PriceTable } from "../prices/prices.js";

/** Whether this process is a Jupyter kernel (report/kernel.ts asks; the pool itself no longer does). */
export { insideKernel } from "../simulation/kernel.js";

/**
 * Below this many house-hours (jobs × days × houses × hours) "auto" runs in
 * this thread: each worker starts cold (modules, GLPK's WebAssembly, the
 * JIT), which costs more than it saves on small sweeps. Measured on the
 * demo (2 cores, wall time of `npm run sweep -- --param
 * battery.capacity=0:10:1 --days N`, 12 runs, best of 3): 15 days (21 600
 * house-hours) 0.98 s in one thread against 1.07 s with 2 workers; 30 days
 * (43 200) 1.57 s against 1.45 s; 60 days 2.92 s against 2.12 s; 122 days
 * 5.0 s against 3.8 s.
 */
export const MIN_PARALLEL_WORK = 40_000;

/**
 * The longest a sweep on workers may go without a solved day before it is
 * stopped as hung, ms (default of `idleTimeoutMs`): a day of 1 000 houses
 * with fair bills takes about 80 s on this machine; a cold worker loads its
 * solver first.
 */
export const SWEEP_IDLE_TIMEOUT_MS = 600_000;

/**
 * Worker threads to use for `jobs` jobs of `work` house-hours: 0 (this
 * thread) or at least 2. The same inside a Jupyter kernel (see the module comment).
 * @param requested - a number (1 = this thread) or "auto"
 * @example poolSize("auto", 12, 175_680) // => 2 // on a 2-core machine
 */
export function poolSize(requested: number | "auto" | undefined, jobs: number, work: number): number {
  const n =
    requested === undefined || requested === "auto"
      ? jobs > 1 && work >= MIN_PARALLEL_WORK
        ? Math.min(availableParallelism(), jobs)
        : 0
      : Math.min(Math.max(0, Math.floor(requested)), jobs);
  return n > 1 ? n : 0;
}

/** Callbacks of a pool run (after every solved day, after every finished job) and its timeout. */
export interface PoolEvents {
  onDay: () => void;
  onJob: () => void;
  /** on workers: stop the sweep when no day is solved for this long, ms (default {@link SWEEP_IDLE_TIMEOUT_MS}) */
  idleTimeoutMs?: number;
}

/**
 * Runs the jobs on `workers` threads (0: in this thread, in order).
 * @example const results = await runJobs(jobs, 0, { onDay() {}, onJob() {} })
 */
export function runJobs(jobs: readonly SweepJob[], workers: number, events: PoolEvents): Promise<SweepJobResult[]> {
  if (workers <= 1) return runHere(jobs, events);
  return runInWorkers(jobs, workers, events, false).then((done) => done.map((d) => d.result));
}

async function runHere(jobs: readonly SweepJob[], { onDay, onJob }: PoolEvents): Promise<SweepJobResult[]> {
  const out: SweepJobResult[] = [];
  for (const job of jobs) {
    out.push(await runSweepJob(job, onDay));
    onJob();
  }
  return out;
}

function revive(e: SerialisedError): Error {
  if (e.name === "InputError") return new InputError(e.where, e.problem);
  if (e.name === "SolveError") return Object.assign(new SolveError(e.day, e.status, ""), { message: e.message });
  const err = new Error(`in a sweep worker: ${e.message}`);
  if (e.stack) err.stack = `${err.message}\n(worker) ${e.stack}`;
  return err;
}

/**
 * sweep-worker next to this module as tinypool's worker file: the built
 * .js, or, when this module runs from source under tsx (tests), the .ts
 * behind a small bootstrap that registers tsx's loader first (worker
 * threads of Node 20 do not get it from `--import tsx`).
 */
function workerFile(): string {
  const here = import.meta.url;
  if (!here.endsWith(".ts")) return new URL("./sweep-worker.js", here).href;
  const api = import.meta.resolve("tsx/esm/api");
  const entry = new URL("./sweep-worker.ts", here).href;
  const boot =
    `const { register } = await import(${JSON.stringify(api)}); register();\n` +
    `const m = await import(${JSON.stringify(entry)}); export default m.default;`;
  return `data:text/javascript,${encodeURIComponent(boot)}`;
}

/** A job's answer from its worker: its KPI rows, and the whole run when asked for. */
interface Done {
  result: SweepJobResult;
  run?: SimulationResult;
}

/**
 * Runs the jobs on a tinypool pool of `n` worker threads, each taking the
 * next job when it finishes one. A job's days are reported on its own
 * message port, which carries an `end` message after the last day, so every
 * day is counted before the job is. The first failed job, a worker that
 * dies, or `idleTimeoutMs` without a solved day stops the pool and rejects
 * with one line; the pool is destroyed in every case.
 */
async function runInWorkers(
  jobs: readonly SweepJob[],
  n: number,
  { onDay, onJob, idleTimeoutMs = SWEEP_IDLE_TIMEOUT_MS }: PoolEvents,
  keepRun: boolean,
  label = "sweep",
): Promise<Done[]> {
  const pool = new Tinypool({ filename: workerFile(), minThreads: n, maxThreads: n });
  const abort = new AbortController();
  setMaxListeners(jobs.length + 10, abort.signal); // tinypool listens on it once per queued job
  let stop: (e: Error) => void = () => undefined;
  const stopped = new Promise<never>((_, reject) => {
    stop = (e) => {
      abort.abort();
      reject(e);
    };
  });
  stopped.catch(() => undefined); // raced below; never unhandled
  // tinypool reports a worker that dies outside a task here; the tasks queued for it would wait forever
  const threads = n === 1 ? "its worker thread" : `its ${n} worker threads`;
  pool.on("error", (e: unknown) => stop(new Error(`${label}: ${threads} died: ${String((e as Error)?.message ?? e)}`)));
  let timer: NodeJS.Timeout | undefined;
  const armTimer = () => {
    clearTimeout(timer);
    timer = setTimeout(
      () => stop(new Error(`${label}: no day solved on ${threads} in ${idleTimeoutMs / 1000} s; stopped`)),
      idleTimeoutMs,
    );
  };
  const day = () => {
    armTimer();
    onDay();
  };
  const one = (job: SweepJob) =>
    new Promise<Done>((resolve, reject) => {
      const { port1, port2 } = new MessageChannel();
      let reply: WorkerReply | null = null,
        ended = false;
      const finish = () => {
        if (!reply || !ended) return;
        port1.close();
        if (reply.ok) {
          onJob();
          resolve(reply);
        } else reject(revive(reply.error));
      };
      port1.on("message", (m: PortMessage) => {
        if (m.type === "day") day();
        else {
          ended = true;
          finish();
        }
      });
      const task = { job, port: port2, keepRun } satisfies TaskMessage;
      pool.run(task, { transferList: [port2], signal: abort.signal }).then(
        (r: WorkerReply) => {
          reply = r;
          finish();
        },
        (e: unknown) => {
          port1.close();
          reject(e instanceof Error ? e : new Error(String(e)));
        },
      );
    });
  armTimer();
  try {
    const all = Promise.all(jobs.map(one));
    all.catch((e: unknown) => stop(e instanceof Error ? e : new Error(String(e))));
    return await Promise.race([all, stopped]);
  } finally {
    clearTimeout(timer);
    abort.abort();
    await pool.destroy();
  }
}

/** {@link simulateOnWorker}'s options: simulate's (those a worker can take) and the worker's timeout. */
export interface WorkerSimulateOptions {
  /** solve only the first N days */
  days?: number;
  features?: Features;
  solver?: SolverName;
  allocation?: Allocation;
  prices?: PriceTable;
  /** called after each solved day (day 1-based, of days in all), in this thread */
  onProgress?: (p: { day: number; of: number }) => void;
  /** stop the run with an error when no day is solved for this long, ms (default {@link SWEEP_IDLE_TIMEOUT_MS}) */
  idleTimeoutMs?: number;
}

/**
 * `simulate(scenario, profiles, options)` on a worker thread of its own: the same result (the same
 * function solves it, and comes back structured-cloned), while this thread stays free for other work, such as
 * a second run in this thread or a notebook's charts. The worker is stopped when the run ends, fails or times out.
 * @example const flat = simulateOnWorker(flatScenario, profiles); … const flatResult = await flat;
 */
export async function simulateOnWorker(
  scenario: Scenario,
  profiles: Profiles,
  options: WorkerSimulateOptions = {},
): Promise<SimulationResult> {
  const { onProgress, idleTimeoutMs, features, ...rest } = options;
  const job: SweepJob = { scenario, profiles, features: { ...(features ?? FULL_FEATURES) }, ...rest };
  const of = options.days ?? profiles.days;
  let day = 0;
  const events: PoolEvents = { onDay: () => onProgress?.({ day: ++day, of }), onJob: () => undefined, idleTimeoutMs };
  const [done] = await runInWorkers([job], 1, events, true, "simulateOnWorker");
  return done.run!;
}
