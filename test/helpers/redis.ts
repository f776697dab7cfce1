/**
 * A redis-server of the test's own: a free loopback port, a temporary
 * folder, no persistence (`--save '' --appendonly no`), stopped when the
 * test file ends whatever happens. `stop()` and `start()` again (same port)
 * stand for an outage.
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { createServer, connect } from "node:net";
import { after } from "node:test";
import { tempDir } from "./tmp.js";

/** Whether redis-server can be started here. */
export const HAVE_REDIS = spawnSync("redis-server", ["--version"], { encoding: "utf8", timeout: 10_000 }).status === 0;

/** A free TCP port on 127.0.0.1 (the OS's pick). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

/** Resolves once something answers PING with PONG on the port, or rejects after `ms`. */
function waitReady(port: number, ms: number): Promise<void> {
  const until = Date.now() + ms;
  return new Promise((resolve, reject) => {
    const attempt = () => {
      const sock = connect(port, "127.0.0.1");
      const retry = () => {
        sock.destroy();
        if (Date.now() > until) reject(new Error(`redis-server on port ${port} not ready after ${ms} ms`));
        else setTimeout(attempt, 50);
      };
      sock.once("error", retry);
      sock.once("connect", () => sock.write("PING\r\n"));
      sock.once("data", (d) => {
        sock.destroy();
        if (d.toString().startsWith("+PONG")) resolve();
        else retry();
      });
    };
    attempt();
  });
}

export interface TestRedis {
  port: number;
  url: string;
  /** starts the server (again, on the same port) */
  start(): Promise<void>;
  /** stops it at once (SIGKILL; nothing is kept) */
  stop(): Promise<void>;
}

/**
 * Starts a redis-server for this test file. Call it at the file's top
 * level (not in a hook): it stops the server and removes its folder in
 * `after` hooks of the file.
 * @example const redis = await startRedis(); … redis.url // "redis://127.0.0.1:40123"
 */
export async function startRedis(timeoutMs = 10_000): Promise<TestRedis> {
  const port = await freePort();
  const dir = tempDir("cvpp-redis-");
  let child: ChildProcess | null = null;
  const stop = () =>
    new Promise<void>((resolve) => {
      const c = child;
      child = null;
      if (!c || c.exitCode !== null) return resolve();
      const t = setTimeout(resolve, 5000);
      c.once("exit", () => {
        clearTimeout(t);
        resolve();
      });
      c.kill("SIGKILL");
    });
  const start = async () => {
    await stop();
    child = spawn(
      "redis-server",
      ["--port", String(port), "--bind", "127.0.0.1", "--dir", dir, "--save", "", "--appendonly", "no"],
      { stdio: "ignore" },
    );
    await waitReady(port, timeoutMs);
  };
  after(stop);
  await start();
  return { port, url: `redis://127.0.0.1:${port}`, start, stop };
}
