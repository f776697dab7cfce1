// Issue 20 item 6: nothing a test spawns can hang the suite. A child that
// never exits is killed by its time limit and reported with the command and
// the limit; a child that exits is returned as usual. And every spawn in
// test/ states a time limit (or goes through a helper that does).
import { test } from "node:test";
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { ChildTimeoutError, spawnChecked } from "../helpers/spawn.js";
import { run } from "../helpers/tools.js";

const TEST_ROOT = join(import.meta.dirname, "..");

test("a child that never exits is killed by its time limit and reported", () => {
  const t0 = performance.now();
  assert.throws(
    () =>
      spawnChecked(process.execPath, ["-e", "console.log('started'); setInterval(() => {}, 1000)"], {
        timeoutMs: 1500,
      }),
    (e: Error) =>
      e instanceof ChildTimeoutError &&
      /-e .* did not exit within 1\.5 s and was killed \(SIGKILL\)/.test(e.message) &&
      /stdout: started/.test(e.message),
  );
  const s = (performance.now() - t0) / 1000;
  assert.ok(s < 10, `returned after ${s.toFixed(1)} s`);
  assert.equal(spawnChecked(process.execPath, ["-e", "process.exit(3)"], { timeoutMs: 30_000 }).status, 3);
});

test("tools.run: a child past its time limit is killed and the rejection names it", async () => {
  await assert.rejects(
    run(process.execPath, ["-e", "setInterval(() => {}, 1000)"], { timeoutMs: 1500 }),
    /did not exit within 1\.5 s and was killed/,
  );
});

test("every spawnSync, spawn, execFile and execFileSync in test/ has a time limit", () => {
  const files = (dir: string): string[] =>
    readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
      e.isDirectory() ? files(join(dir, e.name)) : /\.m?ts$/.test(e.name) ? [join(dir, e.name)] : [],
    );
  const missing: string[] = [];
  for (const f of files(TEST_ROOT)) {
    const lines = readFileSync(f, "utf8").split("\n");
    lines.forEach((line, i) => {
      if (!/\b(spawnSync|spawn|execFile|execFileSync|execSync)\(/.test(line) || /^\s*(\/\/|\*|import)/.test(line))
        return;
      // the call's arguments may continue on the next lines; a kill timer counts as a limit for spawn
      const call = lines.slice(i, i + 25).join("\n");
      const timer = /\bspawn\(/.test(line) && /setTimeout|kill\(/.test(lines.slice(i, i + 30).join("\n"));
      if (!/timeout/i.test(call) && !timer) missing.push(`${relative(TEST_ROOT, f)}:${i + 1}: ${line.trim()}`);
    });
  }
  assert.deepEqual(missing, [], "calls without a time limit");
});
