/**
 * Days in parallel (docs/model.md "Days"): days chain only through the
 * carried battery levels, which stage 2 fixes and stage 3 holds. So the main
 * thread runs the chain of days with stages 1–2 only, and each day's full
 * solve (stages 1–3, its end levels pinned to the chain's) runs on a pool of
 * worker threads (`fair-worker.ts`, tinypool), each with its own solver.
 * Results come back in day order; a worker that fails, is killed or gives no
 * answer in time fails the whole run, with one line, and the pool is
 * destroyed.
 */
import { availableParallelism } from "node:os";
import { Tinypool } from "tinypool";
import type { Scenario } from "../community/scenario.js";
import type { Features } from "../community/features.js";
import type { Formulation } from "../lp/day.js";
import type { SolverName } from "../solver/index.js";
import { InputError, SolveError } from "../errors/errors.js";
import type { DayTask } from "./one-day.js";
import type { DaySolution } from "./simulate.js";

/** What every day of a run shares, sent with each job (small: no profiles). */
export interface DayJobSetup {
  scenario: Scenario;
  features: Features;
  solver: SolverName;
  formulation: Formulation;
  presolve: boolean;
}

/** One day for a worker: the run it belongs to, the day, and the chain's cost for it (currency units). */
export interface DayJob {
  runId: string;
  setup: DayJobSetup;
  task: DayTask;
  chainCost: number;
}

export type SerialisedError =
  | { name: "InputError"; where: string; problem: string }
  | { name: "SolveError"; day: number; status: string; message: string }
  | { name: "Error"; message: string; stack?: string };

/** A worker's answer. */
export type DayOutcome = { ok: true; day: DaySolution } | { ok: false; error: SerialisedError };

/**
 * Below this many house-hours of fair-bill days (days × houses × hours)
 * "auto" solves in this thread: each worker starts cold (modules, the
 * solver's WebAssembly, the JIT) and solves stage 1 again, which costs more
 * than it saves on small runs. Measured on this 2-core machine (loaded): see
 * docs/performance notes in bench/ ("days in parallel").
 */
export const MIN_PARALLEL_DAY_WORK = 100_000;

/**
 * True when this process is tslab's Jupyter kernel (it runs as `tslab kernel …`).
 * `CVPP_IN_KERNEL=1|0` overrides the guess. Worker threads inside the kernel
 * once stopped a notebook's Run All silently, so days run in this thread there.
 * @example insideKernel({}, ["node", "demo.js"]) // => false
 */
export function insideKernel(env: NodeJS.ProcessEnv = process.env, argv: readonly string[] = process.argv): boolean {
  if (env.CVPP_IN_KERNEL === "1") return true;
  if (env.CVPP_IN_KERNEL === "0") return false;
  return argv.some((a) => /tslab/.test(a)) && argv.includes("kernel");
}

/**
 * Worker threads for `days` fair-bill days of `work` house-hours: 0 (this thread) or at least 2.
 * @param requested - a number (0 or 1: this thread) or "auto" (default)
 * @example dayWorkers(4, 10, 1_000_000, false) // => 4
 * @example dayWorkers("auto", 7, 7 * 24 * 10, false) // => 0
 */
export function dayWorkers(requested: number | "auto" | undefined, days: number, work: number, inKernel = insideKernel()): number {
  if (inKernel || days < 2) return 0;
  const n = requested === undefined || requested === "auto"
    ? (work >= MIN_PARALLEL_DAY_WORK ? availableParallelism() : 0)
    : Math.min(Math.max(0, Math.floor(requested)), days);
  return n > 1 ? n : 0;
}

/** Options of a {@link DayPool}. */
export interface DayPoolOptions {
  workers: number;
  /** fail the run when no day comes back for this long while some are pending, ms (default 30 min) */
  idleTimeoutMs?: number;
  /** the worker module (default: fair-worker next to this one; tests pass a faulty one) */
  file?: URL;
}

/**
 * A pool of day workers. {@link DayPool.submit} the days in order, then
 * {@link DayPool.results}; always {@link DayPool.destroy} (in `finally`).
 */
export class DayPool {
  private readonly pool: Tinypool;
  private readonly pending: Promise<DaySolution>[] = [];
  private failure: Error | null = null;
  private failed!: (e: Error) => void;
  private readonly failedPromise: Promise<never>;
  private timer: NodeJS.Timeout | null = null;
  private done = 0;
  private readonly got: (DaySolution | undefined)[] = [];
  private reported = 0;
  private readonly idleMs: number;

  constructor(o: DayPoolOptions, private readonly onDay?: (d: DaySolution) => void) {
    this.idleMs = o.idleTimeoutMs ?? 30 * 60_000;
    this.pool = new Tinypool({ filename: workerFile(o.file), minThreads: o.workers, maxThreads: o.workers, isolateWorkers: false });
    this.failedPromise = new Promise<never>((_, reject) => { this.failed = reject; });
    this.failedPromise.catch(() => undefined);
  }

  /** The first failure, if any: the caller stops submitting. */
  get error(): Error | null { return this.failure; }

  /** Queues one day (in day order). */
  submit(job: DayJob): void {
    const p = (this.pool.run(job) as Promise<DayOutcome>).then((r) => {
      if (!r.ok) throw revive(r.error);
      return r.day;
    }, (e: unknown) => {
      throw new Error(`a day worker stopped on day ${job.task.dayNumber}: ${e instanceof Error ? e.message : String(e)}`);
    });
    const k = this.pending.length;
    p.then((d) => this.progress(k, d), (e: Error) => this.fail(e));
    this.pending.push(p);
    this.arm();
  }

  /** Every submitted day's solution, in day order. */
  async results(): Promise<DaySolution[]> {
    if (this.failure) throw this.failure;
    return Promise.race([Promise.all(this.pending), this.failedPromise]);
  }

  /** Stops the workers (idempotent). */
  async destroy(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.pool.destroy();
  }

  /** Day k came back: report it, and the days after it that came back earlier, in day order. */
  private progress(k: number, d: DaySolution): void {
    this.done++;
    this.arm();
    this.got[k] = d;
    while (this.got[this.reported] !== undefined) {
      this.onDay?.(this.got[this.reported]!);
      this.got[this.reported++] = undefined;
    }
  }

  private fail(e: Error): void {
    if (this.failure) return;
    this.failure = e;
    if (this.timer) clearTimeout(this.timer);
    this.failed(e);
  }

  /** (Re)starts the watchdog while days are pending. */
  private arm(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (this.failure || this.done >= this.pending.length) return;
    this.timer = setTimeout(() => this.fail(new Error(
      `no day came back from the day workers for ${Math.round(this.idleMs / 1000)} s; stopped`)), this.idleMs);
  }
}

function revive(e: SerialisedError): Error {
  if (e.name === "InputError") return new InputError(e.where, e.problem);
  if (e.name === "SolveError") return Object.assign(new SolveError(e.day, e.status, ""), { message: e.message });
  const err = new Error(`in a day worker: ${e.message}`);
  if (e.stack) err.stack = `${err.message}\n(worker) ${e.stack}`;
  return err;
}

/**
 * The worker module's path: the built .js; from source under tsx (tests), a
 * bootstrap that registers tsx's loader first (Node 20's worker threads do
 * not get it from `--import tsx`).
 */
function workerFile(file?: URL): string {
  const here = import.meta.url;
  const url = file ?? new URL(here.endsWith(".ts") ? "./fair-worker.ts" : "./fair-worker.js", here);
  if (!url.href.endsWith(".ts")) return url.href;
  const api = JSON.stringify(import.meta.resolve("tsx/esm/api"));
  const boot = `const { register } = await import(${api}); register();\n` +
    `const m = await import(${JSON.stringify(url.href)}); export default m.default;`;
  return `data:text/javascript,${encodeURIComponent(boot)}`;
}
