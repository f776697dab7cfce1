/**
 * Finding the outside programs the notebook tests use (Jupyter, a Python
 * with jupyter_client and nbclient, Chromium) and running commands.
 */
import { execFile, spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";

/** CI=true (or any value but "", "0", "false"): every test must run, none may skip. */
export const IN_CI = !!process.env.CI && !["0", "false"].includes(process.env.CI.toLowerCase());

function onPath(cmd: string): string | null {
  const r = spawnSync("sh", ["-c", `command -v "${cmd}"`], { encoding: "utf8", timeout: 10_000 });
  return r.status === 0 ? r.stdout.trim() : null;
}

/** A Python that imports the given modules: Jupyter's own first, then the system's. */
export function findPython(modules: string[]): string | null {
  const nbconvert = onPath("jupyter-nbconvert");
  const shebang = nbconvert ? /^#!\s*(\S+)/.exec(readFileSync(nbconvert, "utf8").split("\n")[0])?.[1] : undefined;
  for (const py of [process.env.PYTHON, shebang, "/usr/bin/python3", "python3"]) {
    if (!py) continue;
    const r = spawnSync(py, ["-c", modules.map((m) => `import ${m}`).join("; ")], {
      encoding: "utf8",
      timeout: 60_000,
    });
    if (r.status === 0) return py;
  }
  return null;
}

export interface Tools {
  python: string;
  nbconvert: string;
  chromium: string;
}

/** The tools, or the reason they cannot be found. */
export function findTools(): Tools | string {
  const nbconvert = onPath("jupyter-nbconvert");
  if (!nbconvert)
    return "jupyter-nbconvert is not installed (Debian: apt-get install jupyter-nbconvert python3-nbclient jupyter-notebook)";
  const python = findPython(["jupyter_client", "nbclient", "nbformat"]);
  if (!python) return "no Python imports jupyter_client, nbclient and nbformat";
  const chromium = [process.env.CHROMIUM_PATH, "/usr/bin/chromium", onPath("chromium")].find(
    (p): p is string => !!p && existsSync(p),
  );
  if (!chromium) return "Chromium is not installed (Debian: apt-get install chromium)";
  return { python, nbconvert, chromium };
}

export interface RunResult {
  stdout: string;
  stderr: string;
  ms: number;
}

/**
 * Runs a command; rejects with its output when it fails, and when it has not exited within
 * `timeoutMs` (default 300 s: it is killed, SIGKILL, and the rejection says so).
 */
export function run(
  cmd: string,
  args: string[],
  options: { cwd?: string; env?: NodeJS.ProcessEnv; timeoutMs?: number } = {},
): Promise<RunResult> {
  const t0 = performance.now();
  return new Promise((resolve, reject) => {
    const timeout = options.timeoutMs ?? 300_000;
    execFile(
      cmd,
      args,
      { cwd: options.cwd, env: options.env, timeout, killSignal: "SIGKILL", maxBuffer: 64 << 20, encoding: "utf8" },
      (err, stdout, stderr) => {
        const killed = err && (err as { killed?: boolean }).killed && performance.now() - t0 >= timeout;
        if (killed)
          reject(
            new Error(
              `${cmd} ${args.join(" ").slice(0, 300)} did not exit within ${timeout / 1000} s and was killed (SIGKILL)\n${stdout}\n${stderr}`,
            ),
          );
        else if (err) reject(new Error(`${cmd} ${args.join(" ")} failed: ${err.message}\n${stdout}\n${stderr}`));
        else resolve({ stdout, stderr, ms: performance.now() - t0 });
      },
    );
  });
}

/** Chromium flags for this machine's closed network (no background connections, no first-run UI). */
export const CHROMIUM_ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];
