/**
 * Days in parallel (docs/model.md "Days"): days chain only through the
 * carried battery levels, which stage 2 fixes and stage 3 holds. So the main
 * thread runs the chain of days with stages 1–2 (and reads each day back and
 * audits it, in day order), and each day's fair stage runs from plain data
 * (`runFairJob`: the reduced LP, its maps, its start basis) on a pool of
 * worker threads (`fair-worker.ts`), each with its own solver and a fresh
 * model per day. A worker that fails, is killed or gives no answer in time
 * fails the whole run, with one line, and the pool is destroyed.
 */
import { availableParallelism } from "node:os";
import { isMainThread, Worker } from "node:worker_threads";
import type { LpStatus, SolverName } from "../solver/index.js";
import { InputError, SolveError } from "../errors/errors.js";
import { fairJobBuffers, StageError, type FairJob, type FairOutcome, type StageName } from "../stages/stages.js";
import { insideKernel } from "./kernel.js";

export { insideKernel };

/** One day's fair stage for a worker: the solver to open it with, and the job as plain data. */
export interface DayJob {
  /** 1-based, for messages */
  dayNumber: number;
  solver: SolverName;
  presolve: boolean;
  job: FairJob;
}

export type SerialisedError =
  | { name: "InputError"; where: string; problem: string }
  | { name: "SolveError"; day: number; status: string; message: string }
  | { name: "StageError"; stage: StageName; lpStatus: LpStatus; status: string }
  | { name: "Error"; message: string; stack?: string };

/**
 * A worker's answer: the fair plan and figures, or the error. A StageError (an LP of the fair
 * stage not optimal) is the day's to handle (it is solved again in the main thread); any other fails the run.
 */
export type DayOutcome = { ok: true; fair: FairOutcome } | { ok: false; error: SerialisedError };

/**
 * Below this many house-hours of fair-bill days (days × houses × hours)
 * "auto" solves in this thread. The workers take only the fair stage, as
 * plain data (no second build or stage 1), so what parallel costs is each
 * worker's start (modules, the solver's WebAssembly, a cold JIT): about
 * 0.5–1 s of CPU for 2 workers, measured (2026-12-06, 2-core machine under
 * a load of 12–17, so a rough guide) as 2 workers against this thread:
 * 100 houses × 3 days 5.6 s against 5.1 s CPU, the demo (5 houses) × 30
 * days 2.6 s against 2.0 s, × 120 days 3.1 s against 3.1 s. A 100-house
 * day is ~0.5 s of CPU, 0.3 s of it the fair stage, so 2 workers save
 * ~0.25 s a day on 2 cores: parallel pays from about 4 such days (10 000
 * house-hours); the threshold leaves a margin: 100 houses from 9 days on,
 * the demo's 122 days (14 640) in one thread.
 */
export const MIN_PARALLEL_DAY_WORK = 20_000;

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

/** A submitted job's promise, settled by the pool. */
interface Pending {
  day: number;
  resolve: (r: FairOutcome | StageError) => void;
  reject: (e: Error) => void;
}

/**
 * A pool of fair-stage workers (node:worker_threads; tinypool was tried, but it neither fails a
 * task whose worker exits nor finishes destroying such a pool). {@link DayPool.submit} gives each
 * job's outcome as a promise; the first failure of any worker rejects every pending one; always
 * {@link DayPool.destroy} (in `finally`).
 */
export class DayPool {
  private readonly workers: Worker[] = [];
  private readonly idle: Worker[] = [];
  private readonly queue: { job: DayJob; p: Pending }[] = [];
  private readonly busy = new Map<Worker, Pending>();
  private failure: Error | null = null;
  private timer: NodeJS.Timeout | null = null;
  private readonly idleMs: number;

  constructor(o: DayPoolOptions) {
    this.idleMs = o.idleTimeoutMs ?? 30 * 60_000;
    for (let i = 0; i < o.workers; i++) this.start(o.file);
  }

  /** The first failure, if any: the caller stops submitting. */
  get error(): Error | null {
    return this.failure;
  }

  /**
   * Queues one day's fair stage; its typed arrays are moved to the worker (unusable here after).
   * Resolves with the plan, or the StageError of an LP that was not optimal; rejects with the pool's first failure.
   */
  submit(job: DayJob): Promise<FairOutcome | StageError> {
    if (this.failure) return Promise.reject(this.failure);
    const out = new Promise<FairOutcome | StageError>((resolve, reject) => {
      this.queue.push({ job, p: { day: job.dayNumber, resolve, reject } });
    });
    this.feed();
    this.arm();
    return out;
  }

  /** Stops the workers (idempotent); pending jobs are rejected. */
  async destroy(): Promise<void> {
    this.fail(poolError(undefined, "the day workers were stopped"));
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
        { job, p } = this.queue.shift()!;
      this.busy.set(w, p);
      w.postMessage(job, fairJobBuffers(job.job));
    }
  }

  private answer(w: Worker, r: DayOutcome): void {
    const p = this.busy.get(w);
    if (this.failure || p === undefined) return;
    if (!r.ok && r.error.name !== "StageError") return this.fail(revive(r.error));
    this.busy.delete(w);
    this.idle.push(w);
    p.resolve(r.ok ? r.fair : (revive(r.error) as StageError));
    this.feed();
    this.arm();
  }

  private fail(e: Error): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (this.failure) return;
    this.failure = e;
    for (const p of this.busy.values()) p.reject(e);
    for (const { p } of this.queue.splice(0)) p.reject(e);
    this.busy.clear();
  }

  /** (Re)starts the watchdog while days are pending. */
  private arm(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (this.failure || this.busy.size + this.queue.length === 0) return;
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
  if (e.name === "StageError") return new StageError(e.stage, e.lpStatus, e.status);
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
