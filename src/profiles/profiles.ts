/**
 * Hourly demand and PV per house: synthetic profiles from the scenario's
 * recipe (`recipes/`), and `profiles.csv` out (docs/data-formats.md; reading it:
 * `io/profiles-csv.ts`).
 */
import type { Network } from "../community/network.js";
import type { Scenario } from "../community/scenario.js";
import { demoProfiles } from "./recipes/demo.js";
import { seasonalProfiles } from "./recipes/seasonal.js";
import { profileIndex, type Profiles } from "./layout.js";
import { checkHorizon, checkProfiles } from "./check.js";

export { dayProfiles, profileIndex, type DayProfiles, type Profiles } from "./layout.js";
export { DEMAND_TEMPLATES, SOLAR_TEMPLATES } from "./recipes/demo.js";

/**
 * Synthetic profiles (kWh per hour step) from the scenario's recipe
 * (`scenario.synthetic`, docs/data-formats.md "Synthetic profiles: recipes"): the
 * demo's (docs/model.md "Synthetic data", the default) or the seasonal one. Both
 * give the same numbers for the same seed on every machine, and the first N
 * days are the same whatever the scenario's `days`.
 * @example generateProfiles(demoScenario(), buildNetwork(demoScenario())).demand.length // => 122 * 5 * 24
 */
export function generateProfiles(
  scenario: Pick<Scenario, "days" | "hoursPerDay" | "seed" | "synthetic">,
  network: Network,
): Profiles {
  checkHorizon(scenario, "generateProfiles: scenario");
  const spec = scenario.synthetic;
  const p =
    spec?.recipe === "seasonal"
      ? seasonalProfiles({ ...scenario, synthetic: spec }, network)
      : demoProfiles(scenario, network);
  checkProfiles(p, "generateProfiles"); // a recipe's inputs out of range show here, never as NaN later
  return p;
}

export const PROFILE_COLUMNS = ["day", "hour", "house", "demand_kwh", "solar_kwh"] as const;

/**
 * `profiles.csv` text: header, then one row per (day, hour, house) in that
 * order; `demand_kwh` and `solar_kwh` in kWh per hour step. Numbers are
 * written in JavaScript's shortest round-trip form, so reading the file
 * back gives exactly the same profiles.
 * @example writeFileSync("profiles.csv", profilesToCsv(profiles)) // parseProfilesCsv reads it back exactly
 */
export function profilesToCsv(p: Profiles): string {
  return [...profilesCsvLines(p)].join("");
}

/** {@link profilesToCsv}'s text a line at a time (each with its `\n`), for writing it as it is made. */
export function* profilesCsvLines(p: Profiles): Generator<string> {
  yield PROFILE_COLUMNS.join(",") + "\n";
  for (let d = 0; d < p.days; d++)
    for (let t = 0; t < p.hours; t++)
      for (let h = 0; h < p.houses.length; h++) {
        const i = profileIndex(p, d, h, t);
        yield `${d + 1},${t},${p.houses[h]},${p.demand[i]},${p.solar[i]}\n`;
      }
}

/**
 * The first `days` days of a profile set (copies).
 * @example firstDays(demoExample().profiles, 7).days // => 7
 */
export function firstDays(p: Profiles, days: number): Profiles {
  const n = days * p.houses.length * p.hours;
  return { ...p, days, demand: p.demand.slice(0, n), solar: p.solar.slice(0, n) };
}
