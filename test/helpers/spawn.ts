/**
 * Running a child process in a test, never waiting for ever: every child has
 * a time limit; past it the child is killed (SIGKILL) and the call throws an
 * Error saying which command did not exit, how long it was given, and what
 * it printed so far. A test that spawns anything goes through here (or
 * `run` of tools.ts, which has the same limit), so `npm test` cannot hang on
 * a child.
 */
import { spawnSync, type SpawnSyncOptions } from "node:child_process";

/** What a finished child gave. */
export interface ChildResult {
  status: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  ms: number;
}

/** The default time limit of a child, ms: a CLI run of the tests takes seconds. */
export const CHILD_TIMEOUT_MS = 180_000;

/** Thrown when a child did not exit within its time limit (it has been killed). */
export class ChildTimeoutError extends Error {}

function tail(text: string | undefined, n = 600): string {
  const t = (text ?? "").trim();
  return t.length > n ? `…${t.slice(-n)}` : t;
}

/**
 * Runs `cmd args` to the end, within `timeoutMs` (default {@link CHILD_TIMEOUT_MS}).
 * @throws ChildTimeoutError naming the command when it had to be killed
 * @example spawnChecked(process.execPath, ["-e", "1"]).status // => 0
 */
export function spawnChecked(
  cmd: string,
  args: readonly string[],
  options: Omit<SpawnSyncOptions, "encoding" | "timeout"> & { timeoutMs?: number } = {},
): ChildResult {
  const { timeoutMs = CHILD_TIMEOUT_MS, ...rest } = options;
  const t0 = performance.now();
  const r = spawnSync(cmd, args, {
    maxBuffer: 64 << 20,
    ...rest,
    encoding: "utf8",
    timeout: timeoutMs,
    killSignal: "SIGKILL",
  });
  const ms = performance.now() - t0;
  const timedOut = (r.error as NodeJS.ErrnoException | undefined)?.code === "ETIMEDOUT";
  if (timedOut)
    throw new ChildTimeoutError(
      `${[cmd, ...args].join(" ").slice(0, 300)} did not exit within ${timeoutMs / 1000} s and was killed ` +
        `(SIGKILL)\nstdout: ${tail(r.stdout)}\nstderr: ${tail(r.stderr)}`,
    );
  if (r.error) throw r.error;
  return { status: r.status, signal: r.signal, stdout: r.stdout ?? "", stderr: r.stderr ?? "", ms };
}
