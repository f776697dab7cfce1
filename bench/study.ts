/**
 * `npm run bench:study`: what a study's job costs on each runner (docs/scale-out.md "What a job costs").
 *
 *   1. 100 small jobs (the demo, 1 day each) on the local pool (2 processes) and on BullMQ (2 workers on this
 *      machine, a redis-server of its own on a free loopback port): wall time, and the per-job difference;
 *   2. a larger study (STUDY_BENCH_BIG jobs of 7 days, default 24) on 1 and on 2 processes, local and BullMQ;
 *   3. resuming a finished study of 400 jobs (`npm run study` end to end, every row already in the folder).
 *
 * Medians of STUDY_BENCH_RUNS runs (default 3), with the 1-minute load average beside each. Writes
 * results/bench-study.json. Nothing here asserts a time.
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { median } from "simple-statistics";
import { parseStudy } from "../src/study/spec.js";
import { planStudy } from "../src/study/jobs.js";

const DIST = join(import.meta.dirname, "..", "dist", "cli");
const RUNS = Number(process.env.STUDY_BENCH_RUNS ?? 3);
const BIG = Number(process.env.STUDY_BENCH_BIG ?? 24);
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
function bg(cmd: string, args: string[]): ChildProcess {
  const c = spawn(cmd, args, { stdio: "ignore" });
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
/** Seconds of one `npm run study` (wall, process start included). */
function time(args: string[]): { s: number; load: number } {
  const load = load1(),
    t = performance.now();
  const r = spawnSync(process.execPath, [join(DIST, "study.js"), ...args, "--quiet"], {
    encoding: "utf8",
    timeout: 1_800_000,
  });
  if (r.status !== 0) throw new Error(`study ${args.join(" ")}: ${r.stderr}`);
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

async function onQueue(study: string, workers: number, out: string) {
  flush();
  const ws = Array.from({ length: workers }, () =>
    bg(process.execPath, [join(DIST, "worker.js"), "--queue", url, "--quiet"]),
  );
  await new Promise((r) => setTimeout(r, 1500)); // workers loaded, as on a cluster where they wait for work
  const r = time([study, "--queue", url, "--out", out]);
  await Promise.all(ws.map(stop));
  return r;
}

const small = studyFile("small", { days: 1, params: { "prices.gridPurchase": "15:24.9:0.1" } }); // 100 jobs
const big = studyFile("big", {
  days: 7,
  params: { "groups[*].battery.capacity": Array.from({ length: BIG }, (_, i) => i / 2) },
});
const results: Record<string, unknown> = { when: new Date().toISOString(), runs: RUNS };
const smallLocal = await medianOf("100 jobs, local pool, 2 processes", async (out) =>
  time([small, "--workers", "2", "--out", out]),
);
const smallQueue = await medianOf("100 jobs, BullMQ, 2 workers", (out) => onQueue(small, 2, out));
results.small = {
  local: smallLocal,
  bullmq: smallQueue,
  overheadMsPerJob: Math.round(((smallQueue.medianS - smallLocal.medianS) / 100) * 1000 * 10) / 10,
};
process.stdout.write(
  `per-job overhead of BullMQ over the local pool: ${(results.small as { overheadMsPerJob: number }).overheadMsPerJob} ms\n`,
);
const big1 = await medianOf(`${BIG} jobs × 7 days, local, 1 process`, async (out) =>
  time([big, "--workers", "1", "--out", out]),
);
const big2 = await medianOf(`${BIG} jobs × 7 days, local, 2 processes`, async (out) =>
  time([big, "--workers", "2", "--out", out]),
);
const bigQ1 = await medianOf(`${BIG} jobs × 7 days, BullMQ, 1 worker`, (out) => onQueue(big, 1, out));
const bigQ2 = await medianOf(`${BIG} jobs × 7 days, BullMQ, 2 workers`, (out) => onQueue(big, 2, out));
results.big = {
  jobs: BIG,
  local1: big1,
  local2: big2,
  bullmq1: bigQ1,
  bullmq2: bigQ2,
  speedupLocal: big1.medianS / big2.medianS,
  speedupBullmq: bigQ1.medianS / bigQ2.medianS,
};

// resume: 400 finished jobs (one real row copied under every key: resuming reads files, it does not check numbers)
const four = studyFile("four-hundred", { days: 1, params: { "prices.gridPurchase": "10:49.9:0.1" } });
const plan = planStudy(parseStudy(JSON.parse(spawnSync("cat", [four], { encoding: "utf8" }).stdout)), four);
const done = join(tmp, "resume");
time([studyFile("one", { days: 1, params: { "prices.gridPurchase": [10] } }), "--out", done, "--workers", "1"]);
const row = readdirSync(done).find((f) => f.startsWith("row-"))!;
const text = spawnSync("cat", [join(done, row)], { encoding: "utf8" }).stdout;
for (const j of plan.jobs)
  writeFileSync(join(done, `row-${j.key}.json`), text.replace(/"key":"[0-9a-f]{64}"/, `"key":"${j.key}"`));
copyFileSync(join(done, row), join(tmp, "spare.json"));
results.resume = await medianOf("resume a finished study of 400 jobs", async () =>
  time([four, "--out", done, "--workers", "2"]),
);

await stop(redis);
mkdirSync("results", { recursive: true });
writeFileSync("results/bench-study.json", JSON.stringify(results, null, 2) + "\n");
process.stdout.write("Results: results/bench-study.json\n");
