/**
 * Errors caused by what a user brought (a scenario, a profiles file, a CLI
 * option). The CLI prints `message` alone, exits with code 2 and writes
 * nothing; every other error is a bug and keeps its stack.
 */
export class InputError extends Error {
  override readonly name = "InputError";
  /**
   * @param where - the file, `file:line` or `file: key` the problem is in
   * @param problem - what is wrong, in words a user can act on
   */
  constructor(readonly where: string, readonly problem: string) {
    super(`${where}: ${problem}`);
  }
}

/** A day's LP that GLPK did not solve to optimality. */
export class SolveError extends Error {
  override readonly name = "SolveError";
  constructor(readonly day: number, readonly status: string, detail: string) {
    super(`day ${day}: the LP is ${status}${detail ? ` (${detail})` : ""}`);
  }
}
