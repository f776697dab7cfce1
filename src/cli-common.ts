/**
 * What the two commands (`npm run demo`, `npm run sweep`) share: reading the
 * scenario and profiles a user names (or the demo's), `--days`, and turning
 * errors into one message and an exit code.
 */
import { demoScenario, readScenario, type Scenario } from "./scenario.js";
import { buildNetwork } from "./network.js";
import { firstDays, generateProfiles, readProfiles, type Profiles } from "./profiles.js";
import { InputError, SolveError, WriteError } from "./errors.js";

/** `--days` as a whole number ≥ 1, or undefined when not given. */
export function parseDays(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const days = Number(value);
  if (!Number.isInteger(days) || days < 1) throw new InputError("--days", `must be a whole number ≥ 1, got "${value}"`);
  return days;
}

/**
 * The scenario (default: the demo) and its profiles (default: generated from
 * its seed), cut to the first `days` days.
 */
export function loadInputs(o: { scenario?: string; profiles?: string; days?: number }): { scenario: Scenario; profiles: Profiles } {
  const scenario = o.scenario ? readScenario(o.scenario) : demoScenario();
  if (o.days !== undefined && o.days > scenario.days)
    throw new InputError("--days", `${o.days} is more than the scenario's ${scenario.days} days`);
  const network = buildNetwork(scenario);
  const all = o.profiles ? readProfiles(o.profiles, scenario, network) : generateProfiles(scenario, network);
  const days = o.days ?? scenario.days;
  return { scenario: { ...scenario, days }, profiles: days < all.days ? firstDays(all, days) : all };
}

/**
 * Runs a command's `main`: its result is the exit code; bad input prints one
 * line and exits 2, a day that cannot be solved exits 1; anything else is a
 * bug and keeps its stack.
 */
export function runMain(main: () => Promise<number>): void {
  main().then(
    (code) => (process.exitCode = code),
    (e: unknown) => {
      if (e instanceof InputError || e instanceof SolveError || e instanceof WriteError) {
        const hint = e instanceof InputError ? " (see --help)" : "";
        process.stderr.write(`error: ${e.message.replace(/\s*\n\s*/g, " ")}${hint}\n`);
        process.exitCode = e instanceof InputError ? 2 : 1;
      } else {
        throw e;
      }
    },
  );
}
