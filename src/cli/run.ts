/**
 * What the two commands share: reading the scenario and profiles a user
 * names (or the demo's) within the size limits, checking the results
 * folder before any work, and turning errors into one line and an exit code.
 */
import type { Scenario } from "../community/scenario.js";
import type { Profiles } from "../profiles/profiles.js";
import { checkOutputFolder } from "../io/folder.js";
import { probeFolder } from "../io/probe-folder.js";
import { dirname, resolve } from "node:path";
import { InputError, SolveError, WriteError } from "../errors/errors.js";
import * as message from "../errors/messages.js";

/** The inputs a command names. */
export interface InputOptions {
  scenario?: string;
  profiles?: string;
  /** solve only the first N days */
  days?: number;
  /** further files the run reads (kept out of the results folder) */
  more?: (string | undefined)[];
}

/**
 * The scenario (default: the demo) and its profiles (default: generated from
 * its seed), cut to the first `days` days, and the scenario's own `days`
 * (files it names are checked for all of them). The size guard runs on the
 * days to solve, before any profile is allocated. The modules that read and make them are loaded
 * here, and the file readers only for files named: `--help` loads none of them (process start).
 * @throws InputError naming the file, line or key
 */
export async function loadInputs(
  o: InputOptions,
): Promise<{ scenario: Scenario; profiles: Profiles; scenarioDays: number }> {
  const [{ demoScenario }, { buildNetwork }, { firstDays, generateProfiles }, { checkSize }] = await Promise.all([
    import("../community/scenario.js"),
    import("../community/network.js"),
    import("../profiles/profiles.js"),
    import("../community/limits.js"),
  ]);
  for (const k of ["scenario", "profiles"] as const) {
    const path = o[k];
    if (path !== undefined && path.trim() === "") throw new InputError(`--${k}`, message.emptyFileName());
  }
  const scenario =
    o.scenario !== undefined ? (await import("../io/scenario-file.js")).readScenario(o.scenario) : demoScenario();
  if (o.days !== undefined && o.days > scenario.days)
    throw new InputError("--days", message.daysBeyondScenario(o.days, scenario.days));
  const days = o.days ?? scenario.days;
  // the guard counts what will be solved: a read file is checked whole but kept for `days`, and the
  // recipes draw the first `days` days alone (the same seed gives the same first days)
  checkSize(scenario, { days, where: o.scenario ?? "the demo scenario" });
  const network = buildNetwork(scenario);
  const all =
    o.profiles !== undefined
      ? (await import("../io/profiles-csv.js")).readProfiles(o.profiles, scenario, network, { days })
      : generateProfiles({ ...scenario, days }, network);
  return {
    scenario: { ...scenario, days },
    profiles: days < all.days ? firstDays(all, days) : all,
    scenarioDays: scenario.days,
  };
}

/**
 * Checks the results folder before any work (see `io/folder.ts`) and prints
 * what was recovered from interrupted runs.
 */
export function prepareOutput(out: string, inputs: InputOptions): void {
  if (out.trim() !== "") probeFolder(dirname(resolve(out)));
  for (const note of checkOutputFolder(out, { inputs: [inputs.scenario, inputs.profiles, ...(inputs.more ?? [])] }))
    process.stderr.write(`note: ${note}\n`);
}

/**
 * Runs a command's `main`: its result is the exit code. Bad input prints one
 * line and exits 2; a day that cannot be solved or results that cannot be
 * written, one line and exit 1; anything else is a bug and keeps its stack.
 */
export function runMain(main: () => Promise<number>): void {
  main().then(
    (code) => exitWhenWritten(code),
    (e: unknown) => {
      if (e instanceof InputError || e instanceof SolveError || e instanceof WriteError) {
        const hint = e instanceof InputError ? " (see --help)" : "";
        process.stderr.write(`error: ${e.message.replace(/\s*\n\s*/g, " ")}${hint}\n`);
        exitWhenWritten(e instanceof InputError ? 2 : 1);
      } else {
        throw e;
      }
    },
  );
}

/**
 * Exits with `code` once stdout and stderr have taken what was written: the command is done, and
 * nothing left open (a worker thread still shutting down, a timer of a library) may keep the
 * process waiting (the pattern of nodejs/node#54918).
 */
function exitWhenWritten(code: number): void {
  process.exitCode = code;
  let pending = 2;
  const done = () => {
    if (--pending === 0) process.exit(code);
  };
  process.stdout.write("", done);
  process.stderr.write("", done);
}

/**
 * The solver's name with its version once ("HiGHS 1.15.1 (highs)" already holds it).
 * @example solverLabel({ name: "HiGHS 1.15.1 (highs)", version: "1.15.1" }) // => "HiGHS 1.15.1 (highs)"
 * @example solverLabel({ name: "glpk.js", version: "5.0.0" }) // => "glpk.js 5.0.0"
 */
export function solverLabel(solver: { name: string; version: string }): string {
  return solver.version && !solver.name.includes(solver.version) ? `${solver.name} ${solver.version}` : solver.name;
}
