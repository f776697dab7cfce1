/**
 * Days in parallel (docs/model.md "Days"): days chain only through the
 * carried battery levels, which stage 2 fixes and stage 3 holds. So the main
 * thread runs the chain of days with stages 1–2 only, and each day's full
 * solve (stages 1–3, its end levels pinned to the chain's) runs on a pool of
 * worker threads (`fair-worker.ts`), each with its own solver.
 * Results come back in day order; a worker that fails, is killed or gives no
 * answer in time fails the whole run, with one line, and the pool is
 * destroyed.
 */
import { availableParallelism } from "node:os";
import { isMainThread, Worker } from "node:worker_threads";
import type { Scenario } from "../community/scenario.js";
import type { Features } from "../community/features.js";
import type { Formulation } from "../lp/day.js";
import type { SolverName } from "../solver/index.js";
import { InputError, SolveError } from "../errors/errors.js";
import type { DaySolution, DayTask } from "./one-day.js";
import { insideKernel } from "./kernel.js";

export { insideKernel };

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
 * than it saves on small runs. Measured on this 2-core machine under a load
 * of 14–30 (other jobs; so a rough guide, not a tuned figure): the demo
 * (5 houses) for 20 days, 2 workers 15.6 s against 11.4 s in one thread;
 * 100 houses for 12 days (28 800 house-hours), 58.9 s against 71.8 s, CPU
 * time 16.1 s against 17.2 s; for 20 days, see the bench's BENCH_WORKERS.
 * 100 000 house-hours is 100 houses from 42 days on, never the demo.
 */
export const MIN_PARALLEL_DAY_WORK = 100_000;

/**
 * Worker threads for `days` fair-bill days of `work` house-hours: 0 (this thread) or at least 2.
 * @param requested - a number (0 or 1: this thread) or "auto" (default: none inside a worker thread)
 * @example dayWorkers(4, 10, 1_000_000, false) // => 4
 * @example dayWorkers("auto", 7, 7 * 24 * 10, false) // => 0
 */
export function dayWorkers(
  requested: number | "auto" | undefined,
  days: number,
  work: number,
  inKernel = insideKernel(),
  main = isMainThread,
): number {
  if (inKernel || days < 2) return 0;
  // "auto" inside a worker (a sweep's or a settlement's job) stays there: the outer pool uses the cores
  const n =
    requested === undefined || requested === "auto"
      ? work >= MIN_PARALLEL_DAY_WORK && main
        ? availableParallelism()
        : 0
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
 * A pool of day workers (node:worker_threads; tinypool was tried, but it
 * neither fails a task whose worker exits nor finishes destroying such a
 * pool). {@link DayPool.submit} the days in order, then
 * {@link DayPool.results}; always {@link DayPool.destroy} (in `finally`).
 */
export class DayPool {
  private readonly workers: Worker[] = [];
  private readonly idle: Worker[] = [];
  private readonly queue: { k: number; job: DayJob }[] = [];
  private readonly got: (DaySolution | undefined)[] = [];
  /** each busy worker's job: its index in submission order and its day number */
  private readonly busy = new Map<Worker, { k: number; day: number }>();
  private jobs = 0;
  private done = 0;
  private reported = 0;
  private failure: Error | null = null;
  private settle: { resolve: (d: DaySolution[]) => void; reject: (e: Error) => void } | null = null;
  private readonly all: DaySolution[] = [];
  private timer: NodeJS.Timeout | null = null;
  private readonly idleMs: number;

  constructor(
    o: DayPoolOptions,
    private readonly onDay?: (d: DaySolution) => void,
  ) {
    this.idleMs = o.idleTimeoutMs ?? 30 * 60_000;
    for (let i = 0; i < o.workers; i++) this.start(o.file);
  }

  /** The first failure, if any: the caller stops submitting. */
  get error(): Error | null {
    return this.failure;
  }

  /** Queues one day (in day order). */
  submit(job: DayJob): void {
    this.queue.push({ k: this.jobs++, job });
    this.feed();
    this.arm();
  }

  /** Every submitted day's solution, in day order; rejects with the first failure. */
  results(): Promise<DaySolution[]> {
    if (this.failure) return Promise.reject(this.failure);
    if (this.done === this.jobs) return Promise.resolve(this.all);
    return new Promise((resolve, reject) => {
      this.settle = { resolve, reject };
    });
  }

  /** Stops the workers (idempotent). */
  async destroy(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const ws = this.workers.splice(0);
    await Promise.all(ws.map((w) => w.terminate()));
  }

  private start(file?: URL): void {
    const w = workerOf(file);
    this.workers.push(w);
    this.idle.push(w);
    w.on("message", (r: DayOutcome) => this.answer(w, r));
    w.on("error", (e) =>
      this.fail(poolError(this.busy.get(w)?.day, `a day worker failed${this.onWhich(w)}: ${firstLine(e)}`)),
    );
    w.on("exit", (code) => {
      if (this.workers.includes(w))
        this.fail(poolError(this.busy.get(w)?.day, `a day worker stopped${this.onWhich(w)} (exit code ${code})`));
    });
  }

  private onWhich(w: Worker): string {
    const b = this.busy.get(w);
    return b === undefined ? "" : ` on day ${b.day}`;
  }

  private feed(): void {
    while (!this.failure && this.idle.length && this.queue.length) {
      const w = this.idle.shift()!,
        { k, job } = this.queue.shift()!;
      this.busy.set(w, { k, day: job.task.dayNumber });
      w.postMessage(job);
    }
  }

  private answer(w: Worker, r: DayOutcome): void {
    const k = this.busy.get(w)?.k;
    if (this.failure || k === undefined) return;
    if (!r.ok) return this.fail(revive(r.error));
    this.busy.delete(w);
    this.idle.push(w);
    this.done++;
    this.got[k] = r.day;
    // report the days that are now complete, in day order
    while (this.got[this.reported] !== undefined) {
      const d = this.got[this.reported]!;
      this.got[this.reported++] = undefined;
      this.all.push(d);
      this.onDay?.(d);
    }
    this.feed();
    this.arm();
    if (this.done === this.jobs && this.settle) this.settle.resolve(this.all);
  }

  private fail(e: Error): void {
    if (this.failure) return;
    this.failure = e;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.settle?.reject(e);
  }

  /** (Re)starts the watchdog while days are pending. */
  private arm(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (this.failure || this.done >= this.jobs) return;
    this.timer = setTimeout(
      () =>
        this.fail(
          poolError(
            Math.min(...[...this.busy.values()].map((b) => b.day)),
            `no day came back from the day workers for ${Math.round(this.idleMs / 1000)} s; stopped`,
          ),
        ),
      this.idleMs,
    );
  }
}

/** A failure of the pool as the CLI reports a day that could not be solved: one line, exit code 1. */
function poolError(day: number | undefined, message: string): SolveError {
  return Object.assign(new SolveError(Number.isFinite(day) ? day! : 0, "unsolved", ""), { message });
}

const firstLine = (e: unknown) => (e instanceof Error ? e.message : String(e)).split("\n")[0];

function revive(e: SerialisedError): Error {
  if (e.name === "InputError") return new InputError(e.where, e.problem);
  if (e.name === "SolveError") return Object.assign(new SolveError(e.day, e.status, ""), { message: e.message });
  const err = poolError(undefined, `in a day worker: ${firstLine(e.message)}`);
  if (e.stack) err.stack = `${err.message}\n(worker) ${e.stack}`;
  return err;
}

/**
 * A worker running `file` (default: fair-worker next to this module): the
 * built .js; from source under tsx (tests), behind a small bootstrap that
 * registers tsx's loader first (Node 20's worker threads do not get it from
 * `--import tsx`). The module's default export answers each message.
 */
function workerOf(file?: URL): Worker {
  const here = import.meta.url;
  const url = file ?? new URL(here.endsWith(".ts") ? "./fair-worker.ts" : "./fair-worker.js", here);
  const ts = url.href.endsWith(".ts");
  const api = ts
    ? `const { register } = await import(${JSON.stringify(import.meta.resolve("tsx/esm/api"))}); register();\n`
    : "";
  const boot =
    `import { parentPort } from "node:worker_threads";\n${api}` +
    `const { default: handle } = await import(${JSON.stringify(url.href)});\n` +
    `parentPort.on("message", async (job) => parentPort.postMessage(await handle(job)));`;
  return new Worker(new URL(`data:text/javascript,${encodeURIComponent(boot)}`));
}
