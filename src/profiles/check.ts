/**
 * Profiles built in code (a notebook, a script) checked like a read
 * `profiles.csv`: the layout's lengths, and every value a finite number of
 * kWh inside docs/data-formats.md's "Value limits" — so NaN never reaches a
 * solver and no result is NaN without an error.
 */
import { InputError } from "../errors/errors.js";
import { limitProblem } from "../community/value-limits.js";
import type { DayProfiles, Profiles } from "./layout.js";

/**
 * Refuses profiles whose arrays do not fit `days · houses · hours`, or that
 * hold a value that is not a finite number of kWh in the limits, naming the
 * house, day and hour.
 * @param where - the name errors give (e.g. "profiles")
 * @example checkProfiles({ days: 1, hours: 1, houses: ["g1h1"], demand: Float64Array.of(NaN), solar: Float64Array.of(0) })
 *   // throws "profiles: demand of g1h1 on day 1, hour 0: must be a finite number, got NaN"
 */
export function checkProfiles(p: Profiles, where = "profiles"): void {
  const fail = (problem: string): never => {
    throw new InputError(where, problem);
  };
  if (typeof p !== "object" || p === null) fail("must be an object { days, hours, houses, demand, solar }");
  for (const k of ["days", "hours"] as const)
    if (!Number.isSafeInteger(p[k]) || p[k] < 1) fail(`${k} must be a whole number ≥ 1, got ${String(p[k])}`);
  if (!Array.isArray(p.houses) || p.houses.length === 0) fail("houses must be a list of house ids");
  const n = p.days * p.houses.length * p.hours;
  for (const k of ["demand", "solar"] as const) {
    const a = p[k];
    if (!(a instanceof Float64Array) && !Array.isArray(a)) fail(`${k} must be a Float64Array`);
    if (a.length !== n) fail(`${k} has ${a.length} values; ${p.days} days × ${p.houses.length} houses × ${p.hours} hours need ${n}`);
    for (let i = 0; i < n; i++) {
      const problem = limitProblem("stepEnergy", a[i]);
      if (problem) {
        const hour = i % p.hours, house = Math.floor(i / p.hours) % p.houses.length, day = Math.floor(i / (p.hours * p.houses.length)) + 1;
        fail(`${k} of ${p.houses[house]} on day ${day}, hour ${hour}: ${problem}`);
      }
    }
  }
}

/**
 * {@link checkProfiles} for one day's slice (`houses` house ids, in order).
 * @example checkDayProfiles({ hours: 1, demand: Float64Array.of(1), solar: Float64Array.of(0) }, ["g1h1"]) // => undefined
 */
export function checkDayProfiles(day: DayProfiles, houses: readonly string[], where = "day"): void {
  checkProfiles({ days: 1, hours: day?.hours, houses: [...houses], demand: day?.demand, solar: day?.solar }, where);
}

/**
 * Refuses a horizon that cannot be generated: `days` and `hoursPerDay` whole
 * numbers ≥ 1, `seed` a finite number or a string.
 * @example checkHorizon({ days: 1, hoursPerDay: 0, seed: 1 }, "scenario") // throws "scenario: hoursPerDay: must be a whole number ≥ 1, got 0"
 */
export function checkHorizon(s: { days: unknown; hoursPerDay: unknown; seed?: unknown }, where: string): void {
  for (const k of ["days", "hoursPerDay"] as const)
    if (typeof s?.[k] !== "number" || !Number.isSafeInteger(s[k]) || (s[k] as number) < 1)
      throw new InputError(`${where}: ${k}`, `must be a whole number ≥ 1, got ${JSON.stringify(s?.[k]) ?? "nothing"}`);
  const seed = s.seed;
  if (seed !== undefined && typeof seed !== "string" && (typeof seed !== "number" || !Number.isFinite(seed)))
    throw new InputError(`${where}: seed`, `must be a finite number or a string, got ${String(seed)}`);
}
