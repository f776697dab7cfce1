/**
 * Running a study: the driver ({@link runStudy}) skips the jobs whose rows
 * the results folder already holds, hands the others to a runner, stores
 * each row under its key as it arrives (once: a second result for a key is
 * counted as a duplicate and dropped), and writes the table once every row
 * is in. Runners share one interface; `local` is here, `bullmq` in bullmq.ts.
 */
import { existsSync } from "node:fs";
import { availableParallelism } from "node:os";
import { performance } from "node:perf_hooks";
import Tinypool from "tinypool";
import type { FlatSweepRow } from "../analysis/sweep-rows.js";
import * as message from "../errors/messages.js";
import { InputError } from "../errors/errors.js";
import { checkStudyInputs, failureLine, runStudyJob, type JobOutcome } from "./job.js";
import { sha256, type StudyJob, type StudyPlan } from "./jobs.js";
import { StudyStore, studyCsv, type Manifest } from "./store.js";

/** What a runner reports to the driver. */
export interface RunnerSink {
  /**
   * a job's outcome (may come twice for one job; the driver keeps the first); resolves once its row is on
   * disk (a runner that solves in this thread waits for it, so the rows' writes get their turn)
   */
  done(job: StudyJob, outcome: JobOutcome): void | Promise<void>;
  /** jobs running now (runners that know) */
  running?(n: number): void;
}

/** Runs jobs somewhere and reports each outcome; resolves when every job has one. */
export interface Runner {
  readonly name: string;
  run(jobs: readonly StudyJob[], sink: RunnerSink): Promise<void>;
}

/** Progress of a study, after each outcome. */
export interface StudyProgress {
  done: number;
  failed: number;
  running: number;
  /** jobs of the study (those found finished included) */
  total: number;
  /** estimated seconds left, from the rate so far; null before the first result */
  etaSeconds: number | null;
}

export interface StudyRunOptions {
  runner: Runner;
  /** the results folder (none: rows kept in memory only) */
  store?: StudyStore;
  /** a slice of the study (shard runner): slice `index` (0-based) of `count`, jobs taken round-robin */
  shard?: { index: number; count: number };
  onProgress?: (p: StudyProgress) => void;
}

export interface StudyRun {
  /** the table as CSV (rows in job order), when every job of the study (or slice) finished */
  csv: string | null;
  /** sha256 of `csv` */
  csvSha256: string | null;
  /** jobs found finished in the results folder */
  reused: number;
  /** jobs solved now */
  solved: number;
  /** results dropped because their key was already in */
  duplicates: number;
  /** one line per failed job */
  failures: string[];
  seconds: number;
}

/**
 * Runs the plan's jobs (or the shard's slice) not yet in the results folder, once
 * {@link checkStudyInputs} finds the inputs cover every job.
 * @example const r = await runStudy(plan, { runner: localRunner({ workers: 2 }), store: new StudyStore("results/study") }); r.csvSha256
 */
export async function runStudy(plan: StudyPlan, o: StudyRunOptions): Promise<StudyRun> {
  const t0 = performance.now();
  await checkStudyInputs(plan); // before anything is written or enqueued
  const mine = o.shard ? plan.jobs.filter((j) => (j.index - 1) % o.shard!.count === o.shard!.index) : plan.jobs;
  o.store?.writeManifest(plan, o.shard);
  const rows = new Map<string, FlatSweepRow[]>();
  for (const j of mine) {
    const r = o.store?.read(j.key);
    if (r) rows.set(j.key, r);
  }
  const reused = rows.size;
  const todo = mine.filter((j) => !rows.has(j.key));
  const failures = new Map<string, string>();
  let duplicates = 0,
    running = 0;
  const progress = () => {
    const solved = rows.size - reused,
      left = mine.length - rows.size - failures.size,
      s = (performance.now() - t0) / 1000;
    o.onProgress?.({
      done: rows.size,
      failed: failures.size,
      running,
      total: mine.length,
      etaSeconds: solved > 0 ? (s / solved) * left : null,
    });
  };
  const writer = o.store ? rowWriter(o.store) : null;
  const sink: RunnerSink = {
    done(job, outcome) {
      if (rows.has(job.key)) {
        duplicates++;
        return;
      }
      let stored: Promise<void> | undefined;
      if (outcome.ok) {
        stored = writer?.add(job.key, outcome.rows);
        rows.set(job.key, outcome.rows);
        failures.delete(job.key);
      } else failures.set(job.key, outcome.error);
      progress();
      return stored;
    },
    running(n) {
      running = n;
    },
  };
  try {
    await o.runner.run(todo, sink);
  } catch (e) {
    await writer?.flush().catch(() => {}); // the rows that arrived are kept: the same study resumes from them
    throw e;
  }
  await writer?.flush();
  const complete = mine.every((j) => rows.has(j.key));
  const csv = complete ? studyCsv({ params: plan.params, jobs: mine }, (k) => rows.get(k)!) : null;
  return {
    csv,
    csvSha256: csv === null ? null : sha256(csv),
    reused,
    solved: rows.size - reused,
    duplicates,
    failures: mine.filter((j) => failures.has(j.key)).map((j) => failures.get(j.key)!),
    seconds: (performance.now() - t0) / 1000,
  };
}

/**
 * Stores rows as they arrive, in batches ({@link StudyStore.writeBatch}): one
 * batch on its way to the disk while the next gathers, so the driver's
 * event loop never waits for the disk and a study of many short jobs pays
 * one round of fsyncs per batch, not two per row.
 * @throws (from `add` after a failure, and from `flush`) the first write error
 */
function rowWriter(store: StudyStore) {
  let queue: { key: string; rows: FlatSweepRow[]; stored: () => void }[] = [];
  let busy: Promise<void> | null = null;
  let failed: unknown = null;
  const kick = () => {
    busy ??= (async () => {
      while (queue.length > 0 && failed === null) {
        const batch = queue;
        queue = [];
        await store.writeBatch(batch).catch((e: unknown) => void (failed = e));
        for (const b of batch) b.stored(); // a failure is thrown by add and flush, not here
      }
      if (failed !== null) for (const b of queue.splice(0)) b.stored();
    })().finally(() => {
      busy = null;
      if (queue.length > 0 && failed === null) kick(); // a row added after the loop's last look
    });
  };
  return {
    /** Queues a row; resolves once its batch is written (or failed: see flush). */
    add(key: string, rows: FlatSweepRow[]): Promise<void> {
      if (failed !== null) throw failed;
      const stored = new Promise<void>((resolve) => queue.push({ key, rows, stored: resolve }));
      kick();
      return stored;
    },
    /** Resolves once every row added is on disk. */
    async flush() {
      while ((busy !== null || queue.length > 0) && failed === null) {
        if (busy === null) kick();
        await busy;
      }
      if (failed !== null) throw failed;
    },
  };
}

/** This module's sibling (`.ts` under tsx, `.js` when built). */
const sibling = (name: string) =>
  new URL(`./${name}${import.meta.url.endsWith(".ts") ? ".ts" : ".js"}`, import.meta.url);

/**
 * The local runner: `workers` processes of a tinypool pool (child
 * processes, so it works inside a Jupyter kernel too), or this thread for
 * `workers` ≤ 1. A job that throws fails alone.
 * @example localRunner({ workers: 2 }).name // => "local"
 */
export function localRunner(o: { workers?: number | "auto" } = {}): Runner {
  return {
    name: "local",
    async run(jobs, sink) {
      const n = Math.min(
        jobs.length,
        o.workers === undefined || o.workers === "auto" ? availableParallelism() : Math.max(1, Math.floor(o.workers)),
      );
      const guarded = (job: StudyJob, p: Promise<JobOutcome>) =>
        p.then(
          (out) => sink.done(job, out),
          (e: unknown) =>
            sink.done(job, { ok: false, error: failureLine(job, e instanceof Error ? e.message : String(e)) }),
        );
      if (n <= 1) {
        for (const job of jobs) await guarded(job, runStudyJob(job));
        return;
      }
      const pool = new Tinypool({
        filename: sibling("pool-worker").href,
        runtime: "child_process",
        minThreads: n,
        maxThreads: n,
        execArgv: import.meta.url.endsWith(".ts") ? ["--import", "tsx"] : [],
      });
      try {
        await Promise.all(jobs.map((job) => guarded(job, pool.run(job) as Promise<JobOutcome>)));
      } finally {
        await pool.destroy();
      }
    },
  };
}

/**
 * `I/N` (0 ≤ I < N) or, for `N` alone, I from SLURM_ARRAY_TASK_ID or
 * JOB_COMPLETION_INDEX (Kubernetes Indexed Jobs).
 * @example parseShard("1/3") // => { index: 1, count: 3 }
 * @throws InputError naming --shard
 */
export function parseShard(text: string, env: NodeJS.ProcessEnv = process.env): { index: number; count: number } {
  const m = /^(?:(\d+)\/)?(\d+)$/.exec(text.trim());
  if (!m) throw new InputError("--shard", message.shardFormat(text));
  const count = Number(m[2]);
  const fromEnv = env.SLURM_ARRAY_TASK_ID ?? env.JOB_COMPLETION_INDEX;
  const iText = m[1] ?? fromEnv;
  if (iText === undefined) throw new InputError("--shard", message.shardIndexNeeded(text));
  const index = Number(iText);
  if (!(count >= 1) || !Number.isSafeInteger(index) || index < 0 || index >= count)
    throw new InputError("--shard", message.shardRange(iText, count));
  return { index, count };
}

/** What {@link mergeParts} found. */
export interface MergeResult {
  csv: string | null;
  csvSha256: string | null;
  manifest: Manifest;
  /** `job N (params) key` of every job no part has */
  missing: string[];
}

/** Rows per batch of a merge's writes (each batch: one round of fsyncs; a bound on the files open at once). */
const MERGE_BATCH = 256;

/**
 * Combines the rows of part folders of one study into `out`: the manifest
 * first, then the rows in batches ({@link StudyStore.writeBatch}), so a kill
 * leaves each row file whole or absent (a merge run again completes it).
 * @throws InputError for a folder without a study manifest, or parts of different studies; WriteError
 */
export async function mergeParts(dirs: readonly string[], out: StudyStore): Promise<MergeResult> {
  if (dirs.length === 0) throw new InputError("merge", message.mergeNeedsParts());
  let first: { dir: string; m: Manifest } | null = null;
  const stores = dirs.map((d) => {
    if (!existsSync(d)) throw new InputError(d, message.noSuchPart());
    const s = new StudyStore(d);
    const m = s.manifest();
    if (!m) throw new InputError(d, message.partWithoutStudy());
    if (first && m.study !== first.m.study)
      throw new InputError(d, message.partsOfTwoStudies(m.study, first.dir, first.m.study));
    first ??= { dir: d, m };
    return s;
  });
  const m = { ...first!.m, shard: undefined };
  const rows = new Map<string, FlatSweepRow[]>();
  for (const j of m.jobs)
    for (const s of stores) {
      const r = rows.has(j.key) ? null : s.read(j.key);
      if (r) rows.set(j.key, r);
    }
  out.writeFile("manifest.json", JSON.stringify(m) + "\n");
  const all = [...rows].map(([key, r]) => ({ key, rows: r }));
  for (let i = 0; i < all.length; i += MERGE_BATCH) await out.writeBatch(all.slice(i, i + MERGE_BATCH));
  const missing = m.jobs.filter((j) => !rows.has(j.key)).map((j) => message.missingJob(j.index, j.point, j.key));
  const csv = missing.length === 0 ? studyCsv(m, (k) => rows.get(k)!) : null;
  return { csv, csvSha256: csv === null ? null : sha256(csv), manifest: m, missing };
}
