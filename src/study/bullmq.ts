/**
 * The `bullmq` runner: the driver puts a study's jobs on a BullMQ queue in
 * Redis (job id = the job's key, so a job already queued or finished is not
 * added twice) and collects their outcomes; workers (`npm run worker`, on
 * any number of machines) take jobs one at a time.
 *
 * Faults: a job that throws is retried with exponential backoff (a job's
 * own bad input is not: it fails at once with its one line); a worker that
 * dies mid-job stops renewing its lock, and another worker's stalled-job
 * check puts the job back on the queue; a Redis that goes away is
 * reconnected to by every client, and jobs the new Redis does not know are
 * added again by the driver, which reads the jobs that events say ended,
 * and every few seconds all pending jobs (events are not kept while a
 * client is away). A Redis away for longer than the wait limit
 * (`--redis-wait`, default {@link REDIS_WAIT_MS} ms) ends the driver or
 * worker with a {@link RedisAwayError}.
 */
import { Job, Queue, QueueEvents, UnrecoverableError, Worker, type ConnectionOptions } from "bullmq";
import { Redis } from "ioredis";
import { InputError } from "../errors/errors.js";
import * as message from "../errors/messages.js";
import { runStudyJob, type JobOutcome } from "./job.js";
import type { StudyJob } from "./jobs.js";
import type { Runner } from "./runners.js";

/** The queue's name in Redis (one queue serves every study: jobs are keyed by content). */
export const QUEUE_NAME = "p2p-cvpp-study";

/** Times a job may lose its worker (killed, out of memory) before it fails: a job that kills every worker stops. */
export const MAX_STALLS = 25;

/** Attempts per job (the first and two retries), with backoff 1 s, 2 s. */
const ATTEMPTS = 3;

/** How long driver and workers wait for a Redis that went away, by default (ms). */
export const REDIS_WAIT_MS = 60_000;

/** Redis stayed away longer than the wait limit: the CLI prints the message alone and exits with code 1. */
export class RedisAwayError extends Error {
  override readonly name = "RedisAwayError";
  constructor(url: string, waitMs: number) {
    const o = redisOptions(url);
    super(message.redisAway(`${o.host}:${o.port}`, waitMs / 1000));
  }
}

/**
 * Watches a client's connection every second: `gaveUp` rejects with a
 * {@link RedisAwayError} once it has not been ready for longer than `waitMs`.
 */
function outageWatch(
  client: { status: string },
  url: string,
  waitMs: number,
): { gaveUp: Promise<never>; stop(): void } {
  let awaySince: number | null = null;
  let timer: NodeJS.Timeout | undefined;
  const gaveUp = new Promise<never>((_, reject) => {
    timer = setInterval(
      () => {
        if (client.status === "ready") awaySince = null;
        else if ((awaySince ??= Date.now()) + waitMs <= Date.now()) reject(new RedisAwayError(url, waitMs));
      },
      Math.min(1000, waitMs / 4),
    );
  });
  gaveUp.catch(() => clearInterval(timer));
  return { gaveUp, stop: () => clearInterval(timer) };
}

type RedisOptions = { host: string; port: number; username?: string; password?: string; db?: number; tls?: object };

/**
 * `redis://[user:pass@]HOST[:PORT][/DB]` (or `rediss://`) as connection options.
 * @example redisOptions("redis://127.0.0.1:6380").port // => 6380
 * @throws InputError naming --queue
 */
export function redisOptions(url: string): RedisOptions {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw new InputError("--queue", message.queueNotUrl(url));
  }
  if (u.protocol !== "redis:" && u.protocol !== "rediss:") throw new InputError("--queue", message.queueNotRedis(url));
  const db = u.pathname.length > 1 ? Number(u.pathname.slice(1)) : undefined;
  if (db !== undefined && !Number.isSafeInteger(db)) throw new InputError("--queue", message.queueDbNumber(url));
  return {
    host: u.hostname,
    port: u.port ? Number(u.port) : 6379,
    db,
    username: u.username ? decodeURIComponent(u.username) : undefined,
    password: u.password ? decodeURIComponent(u.password) : undefined,
    ...(u.protocol === "rediss:" ? { tls: {} } : {}),
  };
}

/**
 * Connects once, without retrying, so an unreachable queue fails at once.
 * @throws InputError naming --queue and the reason
 */
export async function checkQueue(url: string, timeoutMs = 3000): Promise<void> {
  const o = redisOptions(url);
  const r = new Redis({
    ...o,
    lazyConnect: true,
    connectTimeout: timeoutMs,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
    enableOfflineQueue: false,
  });
  let first: unknown = null;
  r.on("error", (e: unknown) => void (first ??= e));
  try {
    await r.connect();
    await r.ping();
  } catch (e) {
    const err = (first ?? e) as NodeJS.ErrnoException;
    const code = err.code ?? (err instanceof Error ? err.message : String(err));
    throw new InputError("--queue", message.queueUnreachable(`${o.host}:${o.port}`, code));
  } finally {
    r.disconnect();
  }
}

/** Connection options of the long-lived clients: wait for Redis (no request limit) and reconnect (watched: outageWatch). */
const connection = (url: string): ConnectionOptions => ({
  ...redisOptions(url),
  maxRetriesPerRequest: null,
  retryStrategy: (n: number) => Math.min(n * 100, 1000),
});

/** How often the driver reads every pending job's state, whatever the events said (ms). */
const FULL_ROUND_MS = 3000;

/**
 * The driver: enqueues the jobs and reports each outcome as it is found.
 * @param o.pollMs - the longest wait between rounds without an event (default 1000 ms)
 * @param o.redisWaitMs - how long Redis may be away before `run` rejects with a {@link RedisAwayError} (default {@link REDIS_WAIT_MS})
 */
export async function bullmqRunner(o: { url: string; pollMs?: number; redisWaitMs?: number }): Promise<Runner> {
  await checkQueue(o.url);
  return {
    name: "bullmq",
    async run(jobs, sink) {
      const queue = new Queue(QUEUE_NAME, { connection: connection(o.url) });
      queue.on("error", () => {}); // outages are ridden out by the loop below
      const add = (js: readonly StudyJob[]) =>
        queue.addBulk(
          js.map((j) => ({
            name: `job ${j.index}`,
            data: j,
            opts: {
              jobId: j.key,
              attempts: ATTEMPTS,
              backoff: { type: "exponential", delay: 1000 },
              removeOnComplete: { age: 86_400 },
              removeOnFail: { age: 86_400 },
            },
          })),
        );
      const t0 = Date.now();
      const pending = new Map(jobs.map((j) => [j.key, j]));
      // events say which jobs ended, so a round reads only those; every FULL_ROUND_MS a round reads
      // every pending job (events are lost while Redis is away, and a restarted Redis may have lost jobs)
      const events = new QueueEvents(QUEUE_NAME, { connection: connection(o.url) });
      events.on("error", () => {});
      const ended = new Set<string>();
      let wake: (() => void) | null = null;
      const onEnd = ({ jobId }: { jobId: string }) => {
        if (!pending.has(jobId)) return;
        ended.add(jobId);
        wake?.();
      };
      events.on("completed", onEnd);
      events.on("failed", onEnd);
      const watch = outageWatch(await queue.getBackend().client, o.url, o.redisWaitMs ?? REDIS_WAIT_MS);
      let away = false;
      watch.gaveUp.catch(() => (away = true));
      const main = async () => {
        await events.waitUntilReady();
        for (let i = 0; i < jobs.length; i += 500) await add(jobs.slice(i, i + 500));
        let lastFull = 0;
        while (pending.size > 0) {
          const full = Date.now() - lastFull >= FULL_ROUND_MS;
          const keys = full ? [...pending.keys()] : [...ended].filter((k) => pending.has(k));
          ended.clear();
          try {
            await collect(queue, keys, pending, t0, sink, add);
            if (full) lastFull = Date.now();
            sink.running?.(await queue.getActiveCount());
          } catch {
            lastFull = 0; // Redis away: a full round once it is back
          }
          if (pending.size > 0 && ended.size === 0)
            await new Promise<void>((r) => {
              const t = setTimeout(r, o.pollMs ?? 1000);
              wake = () => (clearTimeout(t), r());
            });
          wake = null;
        }
      };
      try {
        await Promise.race([main(), watch.gaveUp]);
      } finally {
        watch.stop();
        if (away) {
          // closing waits for Redis: let go of the connections instead
          void events.disconnect().catch(() => {});
          void queue.disconnect().catch(() => {});
        } else {
          await events.close().catch(() => {});
          await queue.close().catch(() => {});
        }
      }
    },
  };
}

/** One round: the given pending jobs' states; finished ones reported and dropped, lost ones added again. */
async function collect(
  queue: Queue,
  keys: readonly string[],
  pending: Map<string, StudyJob>,
  t0: number,
  sink: Parameters<Runner["run"]>[1],
  add: (js: readonly StudyJob[]) => Promise<unknown>,
): Promise<void> {
  for (let i = 0; i < keys.length; i += 100) {
    const batch = keys.slice(i, i + 100);
    const found = await Promise.all(
      batch.map(async (k) => {
        const job = await Job.fromId<StudyJob, JobOutcome>(queue, k);
        return [k, job, job ? await job.getState() : null] as const;
      }),
    );
    const lost: StudyJob[] = [];
    for (const [k, job, state] of found) {
      const mine = pending.get(k)!;
      if (!job) lost.push(mine);
      else if (state === "completed" && job.returnvalue) {
        pending.delete(k);
        sink.done(mine, job.returnvalue);
      } else if (state === "failed") {
        if ((job.finishedOn ?? 0) < t0)
          await job.retry("failed"); // an earlier study's failure: try again
        else {
          pending.delete(k);
          sink.done(mine, { ok: false, error: job.failedReason || message.jobFailedNoReason(mine.index) });
        }
      }
    }
    if (lost.length) await add(lost);
  }
}

export interface QueueWorkerOptions {
  url: string;
  /** ms a job stays locked without renewal before another worker's stalled check takes it up (default 30 000) */
  lockMs?: number;
  /** how long Redis may be away before `lost` rejects (default {@link REDIS_WAIT_MS}) */
  redisWaitMs?: number;
  /** called when a job ends here */
  onJob?: (e: { job: StudyJob; ok: boolean; ms: number; error?: string }) => void;
}

/**
 * A queue worker in this process: takes one job at a time until closed.
 * `lost` rejects with a {@link RedisAwayError} when Redis stays away longer than the wait limit.
 * @example const w = await startQueueWorker({ url: "redis://127.0.0.1:6379" }); … await w.close();
 */
export async function startQueueWorker(
  o: QueueWorkerOptions,
): Promise<{ close(): Promise<void>; lost: Promise<never>; disconnect(): void }> {
  await checkQueue(o.url);
  const lock = o.lockMs ?? 30_000;
  const worker = new Worker<StudyJob, JobOutcome>(
    QUEUE_NAME,
    async (job) => {
      const t = Date.now();
      const out = await runStudyJob(job.data).catch((e: unknown) => {
        o.onJob?.({ job: job.data, ok: false, ms: Date.now() - t, error: e instanceof Error ? e.message : String(e) });
        throw e;
      });
      o.onJob?.({ job: job.data, ok: out.ok, ms: Date.now() - t, error: out.ok ? undefined : out.error });
      if (!out.ok) throw new UnrecoverableError(out.error);
      return out;
    },
    {
      connection: connection(o.url),
      concurrency: 1,
      lockDuration: lock,
      stalledInterval: lock,
      maxStalledCount: MAX_STALLS,
    },
  );
  worker.on("error", () => {}); // connection errors: ioredis reconnects (watched below)
  const watch = outageWatch(await worker.getBackend().client, o.url, o.redisWaitMs ?? REDIS_WAIT_MS);
  return {
    close: () => worker.close().finally(() => watch.stop()),
    lost: watch.gaveUp,
    disconnect: () => {
      watch.stop();
      void worker.disconnect().catch(() => {});
    },
  };
}
