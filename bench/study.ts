/**
 * `npm run bench:study`: what a study's job costs on each runner (docs/scale-out.md "What a job costs").
 *
 *   1. 100 small jobs (the demo, 1 day each) on the local pool (2 processes) and on BullMQ (2 workers on this
 *      machine, a redis-server of its own on a free loopback port): wall time, and the per-job difference;
 *   2. the scaling case: 400 jobs of STUDY_BENCH_DAYS days (default 2) on 1 and on 2 processes, local
 *      and BullMQ (workers started beforehand; each process loads the modules and warms up once);
 *   3. resuming that finished study of 400 jobs (`npm run study` end to end on the folder the local run wrote).
 *
 * Medians of STUDY_BENCH_RUNS runs (default 3), with the 1-minute load average beside each. Writes
 * results/bench-study.json. Nothing here asserts a time.
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { median } from "simple-statistics";

/** the built CLI (STUDY_BENCH_DIST: a copy of dist/, so a build during the bench does not change what it runs) */
const DIST = join(process.env.STUDY_BENCH_DIST ?? join(import.meta.dirname, "..", "dist"), "cli");
const RUNS = Number(process.env.STUDY_BENCH_RUNS ?? 3);
/** days per job of the 400-job study (few: the bench stays affordable; more days, a larger share for the solving) */
const DAYS = Number(process.env.STUDY_BENCH_DAYS ?? 2);
const tmp = mkdtempSync(join(tmpdir(), "cvpp-bench-study-"));
const load1 = () => Math.round(loadavg()[0] * 100) / 100;
const children = new Set<ChildProcess>();
process.on("exit", () => {
  for (const c of children) c.kill("SIGKILL");
  rmSync(tmp, { recursive: true, force: true });
});
for (const sig of ["SIGINT", "SIGTERM"] as const) process.on(sig, () => process.exit(130)); // the exit handler stops the children

const freePort = () =>
  new Promise<number>((resolve) => {
    const s = createServer().listen(0, "127.0.0.1", () => {
      const p = (s.address() as { port: number }).port;
      s.close(() => resolve(p));
    });
  });
/**
 * A background process; `ownSession`: in a session of its own (setsid), so the kernel's per-session fair
 * share (autogroup, on by default) gives it a share of its own, as a worker on its own machine has.
 */
function bg(cmd: string, args: string[], ownSession = false): ChildProcess {
  const c = spawn(cmd, args, { stdio: "ignore", detached: ownSession });
  children.add(c);
  const t = setTimeout(() => c.kill("SIGKILL"), 1_800_000);
  c.once("exit", () => (clearTimeout(t), children.delete(c)));
  return c;
}
const stop = (c: ChildProcess) =>
  new Promise<void>((r) => (c.exitCode !== null ? r() : (c.once("exit", () => r()), c.kill("SIGTERM"))));

function studyFile(name: string, body: object): string {
  const f = join(tmp, `${name}.json`);
  writeFileSync(f, JSON.stringify(body));
  return f;
}
/** Seconds of one `npm run study` (wall, process start included); `expect`: a line its output must have. */
function time(args: string[], expect?: RegExp): { s: number; load: number } {
  const load = load1(),
    t = performance.now();
  const r = spawnSync(process.execPath, [join(DIST, "study.js"), ...args, "--quiet"], {
    encoding: "utf8",
    timeout: 1_800_000,
  });
  if (r.status !== 0) throw new Error(`study ${args.join(" ")}: ${r.stderr}`);
  if (expect && !expect.test(r.stdout)) throw new Error(`study ${args.join(" ")}: ${r.stdout}`);
  return { s: (performance.now() - t) / 1000, load };
}
/** Median seconds over RUNS runs, each in a fresh results folder (and an empty Redis for BullMQ). */
async function medianOf(label: string, run: (out: string) => Promise<{ s: number; load: number }>) {
  const xs: { s: number; load: number }[] = [];
  for (let i = 0; i < RUNS; i++) xs.push(await run(join(tmp, `${label}-${i}`)));
  const r = {
    label,
    medianS: Math.round(median(xs.map((x) => x.s)) * 1000) / 1000,
    runs: xs.map((x) => Math.round(x.s * 1000) / 1000),
    load1: xs.map((x) => x.load),
  };
  process.stdout.write(`${label}: median ${r.medianS} s (runs ${r.runs.join(", ")}; load ${r.load1.join(", ")})\n`);
  return r;
}

const port = await freePort();
const redisDir = join(tmp, "redis");
mkdirSync(redisDir);
const redis = bg("redis-server", [
  "--port",
  String(port),
  "--bind",
  "127.0.0.1",
  "--dir",
  redisDir,
  "--save",
  "",
  "--appendonly",
  "no",
]);
await new Promise((r) => setTimeout(r, 500));
const url = `redis://127.0.0.1:${port}`;
const flush = () => spawnSync("redis-cli", ["-p", String(port), "flushall"]);

async function onQueue(study: string, workers: number, out: string, ownSession = false) {
  flush();
  const ws = Array.from({ length: workers }, () =>
    bg(process.execPath, [join(DIST, "worker.js"), "--queue", url, "--quiet"], ownSession),
  );
  await new Promise((r) => setTimeout(r, 1500)); // workers loaded, as on a cluster where they wait for work
  const r = time([study, "--queue", url, "--out", out]);
  await Promise.all(ws.map(stop));
  return r;
}

const small = studyFile("small", { days: 1, params: { "prices.gridPurchase": "15:24.9:0.1" } }); // 100 jobs
// the scaling case: 400 jobs (a price grid) of DAYS days each
const four = studyFile("four-hundred", { days: DAYS, params: { "prices.gridPurchase": "10:49.9:0.1" } });
const results: Record<string, unknown> = { when: new Date().toISOString(), runs: RUNS, days: DAYS };
const smallLocal = await medianOf("100 jobs × 1 day, local pool, 2 processes", async (out) =>
  time([small, "--workers", "2", "--out", out]),
);
const smallQueue = await medianOf("100 jobs × 1 day, BullMQ, 2 workers", (out) => onQueue(small, 2, out));
results.small = {
  local: smallLocal,
  bullmq: smallQueue,
  overheadMsPerJob: Math.round(((smallQueue.medianS - smallLocal.medianS) / 100) * 1000 * 10) / 10,
};
process.stdout.write(
  `per-job overhead of BullMQ over the local pool: ${(results.small as { overheadMsPerJob: number }).overheadMsPerJob} ms\n`,
);
const l1 = await medianOf(`400 jobs × ${DAYS} days, local, 1 process`, async (out) =>
  time([four, "--workers", "1", "--out", out]),
);
const l2 = await medianOf(`400 jobs × ${DAYS} days, local, 2 processes`, async (out) =>
  time([four, "--workers", "2", "--out", out]),
);
const q1 = await medianOf(`400 jobs × ${DAYS} days, BullMQ, 1 worker`, (out) => onQueue(four, 1, out));
const q2 = await medianOf(`400 jobs × ${DAYS} days, BullMQ, 2 workers`, (out) => onQueue(four, 2, out));
// the same with each worker in a session of its own (as on machines of their own): on a machine shared with
// other sessions, the kernel gives a session, not a process, its fair share, so two workers in one session
// share one session's CPU time
const q1s = await medianOf(`400 jobs × ${DAYS} days, BullMQ, 1 worker, own session`, (out) =>
  onQueue(four, 1, out, true),
);
const q2s = await medianOf(`400 jobs × ${DAYS} days, BullMQ, 2 workers, own sessions`, (out) =>
  onQueue(four, 2, out, true),
);
const ratio = (a: { medianS: number }, b: { medianS: number }) => Math.round((a.medianS / b.medianS) * 100) / 100;
results.scaling = { jobs: 400, days: DAYS, local1: l1, local2: l2, bullmq1: q1, bullmq2: q2, q1s, q2s };
const speedup = { local: ratio(l1, l2), bullmq: ratio(q1, q2), bullmqOwnSessions: ratio(q1s, q2s) };
Object.assign(results.scaling as object, { speedup });
process.stdout.write(
  `2 processes over 1: local ×${speedup.local}, BullMQ ×${speedup.bullmq}, ` +
    `BullMQ in own sessions ×${speedup.bullmqOwnSessions}\n`,
);

// resume: the 400-job study finished above by the local runner (its folder, as the tool left it)
const done = join(tmp, `400 jobs × ${DAYS} days, local, 2 processes-0`);
results.resume = await medianOf("resume a finished study of 400 jobs", async () =>
  time([four, "--out", done, "--workers", "2"], /^400 jobs: 400 already done, 0 solved/m),
);

await stop(redis);
mkdirSync("results", { recursive: true });
writeFileSync("results/bench-study.json", JSON.stringify(results, null, 2) + "\n");
process.stdout.write("Results: results/bench-study.json\n");
