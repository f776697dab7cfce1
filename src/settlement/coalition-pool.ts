/**
 * Owns: where a batch of coalition runs goes — this thread, or a pool of
 * worker threads (tinypool; coalition-worker.ts), each worker with its own
 * solver. The same function (`runCoalitionJob`) solves a coalition wherever
 * it runs, so F(C), and every Shapley value built on it, does not depend on
 * the choice.
 *
 * Invariants: a pool is used only for a batch of at least 2 runs and
 * {@link MIN_PARALLEL_COALITION_WORK} house-hours, never inside a Jupyter
 * kernel; every run on a worker has a timeout; the first failed, stopped or
 * timed-out run fails the whole batch with one line ({@link CoalitionRunError});
 * whoever starts a pool destroys it (`close()`, in a `finally`).
 * Imports: errors, this room's coalition types.
 */
import { availableParallelism } from "node:os";
import Tinypool from "tinypool";
import { SolveError } from "../errors/errors.js";
import type { CoalitionJob, CoalitionRunner, RunnerChoice } from "./coalition.js";
import { insideKernel } from "../simulation/kernel.js";

/**
 * Below this many house-hours (Σ over the batch's coalitions of houses × days
 * × hours) a batch runs in this thread: each worker starts cold (modules,
 * the solver's WebAssembly, the JIT). The sweep's threshold
 * (analysis/sweep-pool.ts), confirmed on the demo: `shapley-groups` (2 runs,
 * 14 640 house-hours) is faster here, `shapley-houses` (28 runs, about
 * 220 000) on 2 workers (docs/model.md "Settlement").
 */
export const MIN_PARALLEL_COALITION_WORK = 40_000;

/** A coalition run on a worker never gets less than this, ms (a cold worker loads its solver first). */
export const MIN_COALITION_TIMEOUT_MS = 120_000;

/**
 * Worker threads for a batch of `runs` coalition runs of `work` house-hours:
 * 0 (this thread) or at least 2.
 * @param requested - a number (1 = this thread) or "auto" (by work, at most the cores)
 * @example coalitionWorkers(2, 28, 219_600, false) // => 2
 * @example coalitionWorkers("auto", 2, 14_640, false) // => 0
 */
export function coalitionWorkers(
  requested: number | "auto",
  runs: number,
  work: number,
  inKernel = insideKernel(),
): number {
  if (inKernel || runs < 2) return 0;
  const n =
    requested === "auto"
      ? work >= MIN_PARALLEL_COALITION_WORK
        ? Math.min(availableParallelism(), runs)
        : 0
      : Math.min(Math.max(0, Math.floor(requested)), runs);
  return n > 1 ? n : 0;
}

/**
 * A coalition run that failed, stopped or timed out on a worker thread: one
 * line, and the command's exit code 1 (as a day that cannot be solved).
 */
export class CoalitionRunError extends SolveError {
  constructor(message: string) {
    super(0, "stopped", "");
    this.message = message;
    const line = `${this.name}: ${message}`;
    Object.defineProperty(this, "stack", { value: line, writable: true, configurable: true, enumerable: false });
    Object.defineProperty(this, Symbol.for("nodejs.util.inspect.custom"), {
      value: () => line,
      configurable: true,
      enumerable: false,
    });
  }
}

/** The worker module: the built .js, or under tsx (tests) the .ts behind a bootstrap that registers tsx's loader. */
function workerFile(): string {
  const here = import.meta.url;
  if (!here.endsWith(".ts")) return new URL("./coalition-worker.js", here).href;
  const api = import.meta.resolve("tsx/esm/api");
  const entry = new URL("./coalition-worker.ts", here).href;
  const src =
    `import { register } from ${JSON.stringify(api)}; register(); ` +
    `const m = await import(${JSON.stringify(entry)}); export default m.default;`;
  return `data:text/javascript,${encodeURIComponent(src)}`;
}

/** A pool of `workers` threads running coalition jobs, each with a timeout. */
export class CoalitionPool implements CoalitionRunner {
  private readonly pool: Tinypool;
  /** the in-flight runs' abort handles: a dead worker or a timeout aborts them */
  private readonly live = new Set<AbortController>();
  /** a worker that died outside a run (e.g. while starting): every run then fails with it */
  private broken: Error | null = null;

  /**
   * @param workers - threads, ≥ 2
   * @param timeoutMs - the longest one coalition run may take on a worker, ms
   * @param resourceLimits - each worker's memory limits (a worker over them is killed; tests)
   */
  constructor(
    readonly workers: number,
    private readonly timeoutMs: number,
    resourceLimits?: { maxOldGenerationSizeMb?: number; maxYoungGenerationSizeMb?: number },
  ) {
    this.pool = new Tinypool({
      filename: workerFile(),
      minThreads: workers,
      maxThreads: workers,
      idleTimeout: 60_000,
      resourceLimits,
    });
    // tinypool reports a worker that dies without a run here; its queued runs would wait forever
    this.pool.on("error", (e: unknown) => {
      this.broken ??= e instanceof Error ? e : new Error(String(e));
      for (const c of this.live) c.abort();
    });
  }

  /** Runs the jobs on the workers, each taking the next when it finishes one; rejects on the first failure. */
  async runAll(jobs: readonly CoalitionJob[], done: (k: number, cost: number) => void): Promise<void> {
    let next = 0,
      failed = false;
    const lane = async () => {
      while (!failed && next < jobs.length) {
        const k = next++;
        const f = await this.runOne(jobs[k]).catch((e: unknown) => {
          failed = true;
          throw e;
        });
        done(k, f);
      }
    };
    await Promise.all(Array.from({ length: Math.min(this.workers, jobs.length) }, lane));
  }

  private async runOne(job: CoalitionJob): Promise<number> {
    const what = `coalition run of ${job.label ?? job.profiles.houses.join("+")}`;
    const failure = (e: Error) =>
      new CoalitionRunError(`${what} failed on a worker thread: ${e.message.replace(/\s*\n\s*/g, " ")}`);
    if (this.broken) throw failure(this.broken);
    // the timeout starts with the run (at most one job per worker is in flight: see runAll's lanes); the timer
    // keeps the process alive, so a run that never answers ends as an error, never as a silent exit
    const abort = new AbortController();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      abort.abort();
    }, this.timeoutMs);
    this.live.add(abort);
    try {
      const f: unknown = await this.pool.run(job, { signal: abort.signal });
      if (typeof f !== "number") throw new Error(`the worker answered ${typeof f}, not a cost`);
      return f;
    } catch (e) {
      if (timedOut)
        throw new CoalitionRunError(
          `${what}: no answer from its worker thread within ${this.timeoutMs / 1000} s; ` +
            "the worker was stopped (--workers 1 runs coalitions in this thread)",
        );
      throw failure(this.broken ?? (e instanceof Error ? e : new Error(String(e))));
    } finally {
      clearTimeout(timer);
      this.live.delete(abort);
    }
  }

  /** Stops every worker (running jobs are abandoned). */
  async destroy(): Promise<void> {
    for (const c of this.live) c.abort();
    await this.pool.destroy();
  }
}

/** How coalition batches are placed (settle's `workers` and `timeoutMs`). */
export interface PoolChoiceOptions {
  /** worker threads: "auto" (by work), or a number (1 = this thread) */
  workers: number | "auto";
  /** the longest one coalition run may take on a worker, ms */
  timeoutMs: number;
  /** override the kernel guess (tests) */
  inKernel?: boolean;
}

/**
 * A {@link RunnerChoice} that starts one pool on the first batch big enough
 * and keeps it for later batches, and `close()` that destroys it (call it in a `finally`).
 * @example const place = poolChoice({ workers: "auto", timeoutMs: 120_000 }); … await place.close();
 */
export function poolChoice(o: PoolChoiceOptions): {
  choose: RunnerChoice;
  close: () => Promise<void>;
  workers: () => number;
} {
  let pool: CoalitionPool | undefined;
  return {
    choose: async (runs, work) => {
      if (pool) return pool;
      const n = coalitionWorkers(o.workers, runs, work, o.inKernel ?? insideKernel());
      if (n > 1) pool = new CoalitionPool(n, Math.max(1, Math.round(o.timeoutMs)));
      return pool;
    },
    close: async () => {
      const p = pool;
      pool = undefined;
      await p?.destroy();
    },
    workers: () => pool?.workers ?? 0,
  };
}
