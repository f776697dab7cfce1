// The bullmq runner against a redis-server of the test's own
// (test/helpers/redis.ts): the same table as the local pool from three
// workers; workers killed with SIGKILL at random moments (STUDY_KILLS,
// default 3) and Redis stopped for seconds, each still ending with every row
// exactly once and the same table; a failing job alone; a Redis away for
// longer than --redis-wait ends driver and worker with one line; an
// unreachable queue at once.
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { existsSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import seedrandom from "seedrandom";
import { tempDir } from "../helpers/tmp.js";
import { HAVE_REDIS, startRedis, type TestRedis } from "../helpers/redis.js";
import { IN_CI } from "../helpers/tools.js";

const DIST = join(import.meta.dirname, "..", "..", "dist");
const STUDY = join(DIST, "cli", "study.js"),
  WORKER = join(DIST, "cli", "worker.js");
const KILLS = Number(process.env.STUDY_KILLS ?? 3);
const rowsIn = (d: string) => (existsSync(d) ? readdirSync(d).filter((f) => f.startsWith("row-")).length : 0);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const children = new Set<ChildProcess>();
/** A child with a hard time limit, killed when the file ends. */
function start(args: string[], limitMs = 240_000): ChildProcess & { out: () => string; done: Promise<number | null> } {
  const c = spawn(process.execPath, args, { stdio: ["ignore", "pipe", "pipe"] });
  let text = "";
  c.stdout!.on("data", (d) => (text += d));
  c.stderr!.on("data", (d) => (text += d));
  children.add(c);
  const t = setTimeout(() => c.kill("SIGKILL"), limitMs);
  const done = new Promise<number | null>((resolve) =>
    c.once("exit", (code) => {
      clearTimeout(t);
      children.delete(c);
      resolve(code);
    }),
  );
  return Object.assign(c, { out: () => text, done });
}
after(() => {
  for (const c of children) c.kill("SIGKILL");
});

const dir = tempDir("cvpp-bullmq-");
const study = join(dir, "study.json");
// 6 jobs of one day on the demo community
writeFileSync(
  study,
  JSON.stringify({ days: 1, params: { "groups[*].battery.capacity": [0, 5, 10], "prices.gridPurchase": [20, 25] } }),
);
// started at the top level: its after() hooks (stop, remove the folder) then belong to the file, not to a hook
const redis: TestRedis = HAVE_REDIS ? await startRedis() : (null as unknown as TestRedis);
let reference = "";

const worker = () => start([WORKER, "--queue", redis.url, "--lock", "2", "--quiet"]);
async function stopAll(ws: ChildProcess[]) {
  for (const w of ws) w.kill("SIGTERM");
  await Promise.all(ws.map((w) => (w as ReturnType<typeof start>).done));
}

describe(
  "npm run study --queue (BullMQ on Redis)",
  { skip: !HAVE_REDIS && !IN_CI ? "redis-server is not installed" : false, timeout: 600_000 },
  () => {
    before(async () => {
      const r = spawnSync(process.execPath, [STUDY, study, "--out", join(dir, "local"), "--workers", "2"], {
        encoding: "utf8",
        timeout: 180_000,
      });
      assert.equal(r.status, 0, r.stderr);
      reference = readFileSync(join(dir, "local", "table.csv"), "utf8");
    });

    it("gives the local pool's table from three workers", async () => {
      const ws = [worker(), worker(), worker()];
      const out = join(dir, "queue");
      const d = start([STUDY, study, "--queue", redis.url, "--out", out]);
      assert.equal(await d.done, 0, d.out());
      await stopAll(ws);
      assert.match(d.out(), /6 jobs: 0 already done, 6 solved, 0 failed, 0 duplicate results dropped/);
      assert.equal(readFileSync(join(out, "table.csv"), "utf8"), reference);
    });

    it(`finishes with every row once when workers are killed (SIGKILL) ${KILLS} times at random moments`, async () => {
      await redis.start(); // an empty Redis: nothing from the test before
      const rng = seedrandom("kills");
      const ws = [worker(), worker(), worker()];
      const out = join(dir, "kills");
      const d = start([STUDY, study, "--queue", redis.url, "--out", out], 480_000);
      let kills = 0;
      while (kills < KILLS && d.exitCode === null) {
        await sleep(300 + rng() * 1500);
        const i = Math.floor(rng() * ws.length);
        ws[i].kill("SIGKILL");
        await (ws[i] as ReturnType<typeof start>).done;
        ws[i] = worker();
        kills++;
      }
      assert.equal(await d.done, 0, d.out());
      await stopAll(ws);
      const summary = JSON.parse(readFileSync(join(out, "summary.json"), "utf8"));
      process.stdout.write(
        `# kills ${kills}, rows ${rowsIn(out)}, duplicates ${summary.duplicates}, table ${summary.tableSha256}\n`,
      );
      assert.equal(rowsIn(out), 6);
      assert.equal(summary.duplicates, 0);
      assert.equal(readFileSync(join(out, "table.csv"), "utf8"), reference);
    });

    it("reconnects and finishes when Redis is stopped for a few seconds", async () => {
      await redis.start();
      const ws = [worker(), worker(), worker()];
      const out = join(dir, "outage");
      const d = start([STUDY, study, "--queue", redis.url, "--out", out]);
      while (rowsIn(out) < 1 && d.exitCode === null) await sleep(50);
      await redis.stop();
      await sleep(3000);
      await redis.start();
      assert.equal(await d.done, 0, d.out());
      await stopAll(ws);
      assert.equal(readFileSync(join(out, "table.csv"), "utf8"), reference);
    });

    it("fails a job with a bad parameter alone, in one line", async () => {
      const bad = join(dir, "bad.json");
      writeFileSync(bad, JSON.stringify({ days: 1, params: { "groups[0].prosumers": [1, -1] } }));
      const ws = [worker()];
      const d = start([STUDY, bad, "--queue", redis.url, "--out", join(dir, "bad")]);
      assert.equal(await d.done, 1, d.out());
      await stopAll(ws);
      const errors = d
        .out()
        .split("\n")
        .filter((l) => l.startsWith("error:"));
      assert.equal(errors.length, 1, d.out());
      assert.match(errors[0], /^error: job 2 \(groups\[0\]\.prosumers=-1\): scenario: groups\[0\]\.prosumers/);
      assert.equal(rowsIn(join(dir, "bad")), 1);
    });

    it("gives up with one line, exit code 1, when Redis stays away longer than --redis-wait", async () => {
      // the driver alone (its jobs wait on the queue), then a worker alone; each has 3 s of patience:
      // after Redis stops, the watch (every 0.75 s) gives up between 3 and about 4 s; 20 s allows for a loaded machine
      const queuedJobs = () =>
        (
          spawnSync("redis-cli", ["-p", String(redis.port), "--scan", "--pattern", "bull:*"], {
            encoding: "utf8",
            timeout: 10_000,
          }).stdout ?? ""
        ).match(/:[0-9a-f]{64}$/gm)?.length ?? 0;
      const givesUp = async (p: ReturnType<typeof start>) => {
        await redis.stop();
        const t0 = Date.now();
        const code = await p.done;
        const s = (Date.now() - t0) / 1000;
        assert.equal(code, 1, p.out());
        const errors = p
          .out()
          .split("\n")
          .filter((l) => l.startsWith("error:"));
        assert.deepEqual(errors, [
          `error: --queue: Redis at 127.0.0.1:${redis.port} has been away for 3 s; gave up (--redis-wait S waits longer)`,
        ]);
        assert.ok(s >= 2.9 && s < 20, `gave up after ${s} s`);
      };
      await redis.start();
      const d = start([STUDY, study, "--queue", redis.url, "--out", join(dir, "away"), "--redis-wait", "3"], 60_000);
      while (queuedJobs() < 6 && d.exitCode === null) await sleep(100);
      await givesUp(d);
      await redis.start();
      const w = start([WORKER, "--queue", redis.url, "--redis-wait", "3"], 60_000);
      while (!w.out().includes("waiting for jobs") && w.exitCode === null) await sleep(100);
      await givesUp(w);
    });

    it("refuses an unreachable queue at once, in one line", async () => {
      for (const cli of [[STUDY, study], [WORKER]]) {
        const t0 = Date.now();
        const r = spawnSync(process.execPath, [...cli, "--queue", "redis://127.0.0.1:1"], {
          encoding: "utf8",
          timeout: 30_000,
        });
        assert.equal(r.status, 2, r.stderr);
        assert.match(r.stderr, /^error: --queue: cannot reach Redis at 127\.0\.0\.1:1 \(ECONNREFUSED\)/);
        assert.equal(r.stderr.trim().split("\n").length, 1);
        assert.ok(Date.now() - t0 < 10_000, "fast");
      }
    });
  },
);
