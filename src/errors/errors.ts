/**
 * The library's three kinds of expected failure. Each prints as one line:
 * its `stack` is its message (a user's mistake or a machine's limit is not a
 * bug, so a Node stack trace would only hide the useful line — in a terminal
 * and in a notebook cell alike). Every other error is a bug and keeps its stack.
 *
 * Exit codes of the commands: {@link InputError} 2, {@link SolveError} and
 * {@link WriteError} 1.
 */

import { cannotWrite, echo, solveFailed, WRITE_PROBLEMS } from "./messages.js";

export { MAX_ECHO, echo } from "./messages.js";

/**
 * Makes an error print as its one-line `name: message`, without the stack
 * frames: `stack` is that line, and `console.log`/`console.error` (Node's
 * `util.inspect`, which tslab uses for a cell's error) show that line alone.
 */
function oneLine(e: Error): void {
  const line = `${e.name}: ${e.message}`;
  Object.defineProperty(e, "stack", { value: line, writable: true, configurable: true, enumerable: false });
  Object.defineProperty(e, Symbol.for("nodejs.util.inspect.custom"), {
    value: () => line,
    configurable: true,
    enumerable: false,
  });
}

/**
 * Errors caused by what a user brought (a scenario, a profiles file, a CLI
 * option, an output folder that holds their own files). The CLI prints
 * `message` alone, exits with code 2 and writes nothing.
 * @example new InputError("scenario.json: days", "must be at least 1, got 0").message
 *   // "scenario.json: days: must be at least 1, got 0"
 */
export class InputError extends Error {
  override readonly name = "InputError";
  /**
   * @param where - the file, `file:line` or `file: key` the problem is in
   * @param problem - what is wrong, in words a user can act on
   */
  constructor(
    readonly where: string,
    readonly problem: string,
  ) {
    super(`${where}: ${problem}`);
    oneLine(this);
  }
}

/**
 * A day's LP that the solver did not solve to optimality (infeasible,
 * unbounded, or stopped); `day` is 1-based. The CLI prints `message` alone.
 * @example new SolveError(3, "infeasible", "").message // => "day 3: the LP is infeasible"
 */
export class SolveError extends Error {
  override readonly name = "SolveError";
  constructor(
    readonly day: number,
    readonly status: string,
    detail: string,
  ) {
    super(solveFailed(day, status, detail));
    oneLine(this);
  }
}

/**
 * Writing results failed (no space, read-only, no permission, a path through
 * a file, a race with another run). The CLI prints it as one line and exits
 * with code 1; the earlier results are left as they were.
 * @example new WriteError("out/costs.csv", "ENOSPC").message
 *   // "cannot write out/costs.csv: no space left on the device (ENOSPC)"
 */
export class WriteError extends Error {
  override readonly name = "WriteError";
  /**
   * @param path - the file or folder that could not be written
   * @param code - the system's error code (`ENOSPC`, …), if any
   */
  constructor(
    readonly path: string,
    readonly code: string | undefined,
    detail?: string,
  ) {
    super(cannotWrite(path, code, detail));
    oneLine(this);
  }

  /** Wraps a Node file-system error as a WriteError about `path`. */
  static from(path: string, e: unknown): WriteError | InputError {
    if (e instanceof WriteError || e instanceof InputError) return e;
    const code = (e as NodeJS.ErrnoException).code;
    return new WriteError(
      path,
      code,
      code && WRITE_PROBLEMS[code] ? undefined : echo((e as Error).message ?? String(e)),
    );
  }
}
