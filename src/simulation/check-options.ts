/**
 * The library's options checked like files (issue 20): `simulate()`'s
 * options, scenario and profiles, before any LP is built. An unknown key or
 * value is refused with the nearest known one ("solver: "glkp" is not a
 * solver …; did you mean "glpk"?"), a partial `features` is merged with
 * {@link FULL_FEATURES}, and NaN never reaches a solver.
 */
import { InputError } from "../errors/errors.js";
import * as message from "../errors/messages.js";
import { didYouMean, unknownKey } from "../community/keys.js";
import { validateScenario, type Scenario } from "../community/scenario.js";
import { buildNetwork } from "../community/network.js";
import { FULL_FEATURES, type Features } from "../community/features.js";
import { limitProblem } from "../community/value-limits.js";
import { PRICE_KEYS, type HourPrices, type PriceTable } from "../prices/prices.js";
import { checkDayProfiles, checkProfiles } from "../profiles/check.js";
import { profileIndex, type DayProfiles, type Profiles } from "../profiles/profiles.js";
import { SOLVER_NAMES } from "../solver/solvers.js";
import { FORMULATION_NAMES } from "../lp/formulations.js";
import { ALLOCATION_NAMES } from "../stages/allocations.js";

/** The keys of `SimulateOptions` (simulate.ts); a key added there is added here. */
export const SIMULATE_OPTION_KEYS = [
  "days",
  "features",
  "onProgress",
  "prices",
  "initialLevels",
  "solver",
  "backend",
  "presolve",
  "formulation",
  "allocation",
  "workers",
] as const;

const FEATURE_KEYS = Object.keys(FULL_FEATURES) as (keyof Features)[];
const WHERE = "simulate options";

const fail = (key: string, problem: string): never => {
  throw new InputError(`${WHERE}: ${key}`, problem);
};
const shown = (v: unknown) => (typeof v === "number" ? String(v) : (JSON.stringify(v) ?? String(v)).slice(0, 60));

function oneOf(v: unknown, key: string, names: readonly string[], what: string): void {
  if (v === undefined || (typeof v === "string" && names.includes(v))) return;
  const near = typeof v === "string" ? didYouMean(v, names) : "";
  fail(key, message.notOneOf(shown(v), what, names, near));
}

/** A partial features object merged with {@link FULL_FEATURES}; unknown keys and non-booleans refused. */
function features(v: unknown): Features {
  if (v === undefined) return { ...FULL_FEATURES };
  if (typeof v !== "object" || v === null || Array.isArray(v))
    return fail("features", message.featuresObject(shown(v)));
  const bad = unknownKey(v, FEATURE_KEYS, "features", "a feature");
  if (bad) fail(bad[0], bad[1]);
  const f = { ...FULL_FEATURES, ...(v as Partial<Features>) };
  for (const k of FEATURE_KEYS) if (typeof f[k] !== "boolean") fail(`features.${k}`, message.trueOrFalse(shown(f[k])));
  return f;
}

function priceTable(t: PriceTable, scenario: Scenario): void {
  if (typeof t !== "object" || t === null || typeof t.series !== "object" || t.series === null)
    fail("prices", message.priceTableShape());
  if (t.hours !== scenario.hoursPerDay)
    fail("prices.hours", message.priceTableHours(scenario.hoursPerDay, shown(t.hours)));
  if (!Number.isSafeInteger(t.days) || t.days < 1) fail("prices.days", message.wholeNumberAtLeast(1, shown(t.days)));
  const bad = unknownKey(t.series, PRICE_KEYS, "prices.series", "a price key");
  if (bad) fail(bad[0], bad[1]);
  for (const [k, a] of Object.entries(t.series) as [string, Float64Array][]) {
    if (!a || a.length !== t.days * t.hours)
      fail(`prices.series.${k}`, message.priceSeriesLength(t.days * t.hours, a?.length));
    for (let i = 0; i < a.length; i++) {
      const problem = limitProblem("price", a[i]);
      if (problem) fail(`prices.series.${k}[${i}]`, message.priceAt(Math.floor(i / t.hours) + 1, i % t.hours, problem));
    }
  }
}

function initialLevels(v: unknown, scenario: Scenario): void {
  if (v === undefined) return;
  const G = scenario.groups.length;
  if (!Array.isArray(v) || v.length !== G) fail("initialLevels", message.initialLevelsList(G, shown(v)));
  (v as unknown[]).forEach((x, g) => {
    if (x !== null && (typeof x !== "number" || !Number.isFinite(x)))
      fail(`initialLevels[${g}]`, message.initialLevel(shown(x)));
  });
}

/**
 * Checks `simulate()`'s scenario, profiles and options and returns the
 * options with `features` complete. Throws an {@link InputError} (one line)
 * naming the key and value.
 * @example checkSimulateOptions(demoScenario(), profiles, { solver: "glkp" })
 *   // throws 'simulate options: solver: "glkp" is not a solver (one of: highs, glpk); did you mean "glpk"?'
 */
export function checkSimulateOptions<O extends object>(
  scenario: Scenario,
  profiles: Profiles,
  options: O | undefined,
): O {
  validateScenario(scenario, "scenario");
  checkProfiles(profiles, "profiles");
  const network = buildNetwork(scenario);
  network.houses.forEach((h, k) => {
    if (h.kind !== "consumer" || profiles.houses.length !== network.houses.length) return;
    for (let d = 0; d < profiles.days; d++)
      for (let t = 0; t < profiles.hours; t++)
        if (profiles.solar[profileIndex(profiles, d, k, t)] !== 0)
          throw new InputError("profiles", message.consumerSolar(h.id, d + 1, t));
  });
  if (options === undefined) return { features: { ...FULL_FEATURES } } as unknown as O;
  if (typeof options !== "object" || options === null || Array.isArray(options))
    return fail("(options)", message.optionsObject(shown(options)));
  const o = options as Record<string, unknown>;
  const bad = unknownKey(o, SIMULATE_OPTION_KEYS, "", "an option of simulate()");
  if (bad) fail(bad[0], bad[1]);
  oneOf(o.solver, "solver", SOLVER_NAMES, "a solver");
  oneOf(o.allocation, "allocation", ALLOCATION_NAMES, "an allocation rule");
  oneOf(o.formulation, "formulation", ["auto", ...FORMULATION_NAMES], "a formulation");
  if (o.presolve !== undefined && typeof o.presolve !== "boolean")
    fail("presolve", message.trueOrFalse(shown(o.presolve)));
  if (o.onProgress !== undefined && typeof o.onProgress !== "function")
    fail("onProgress", message.notAFunction(shown(o.onProgress)));
  if (o.backend !== undefined && typeof (o.backend as { open?: unknown })?.open !== "function")
    fail("backend", message.notABackend());
  if (o.days !== undefined && (typeof o.days !== "number" || !Number.isInteger(o.days)))
    fail("days", message.daysOfProfiles(profiles.days, shown(o.days)));
  if (o.workers !== undefined && o.workers !== "auto" && !(Number.isInteger(o.workers) && (o.workers as number) >= 0))
    fail("workers", message.workersValue(shown(o.workers)));
  initialLevels(o.initialLevels, scenario);
  if (o.prices !== undefined) priceTable(o.prices as PriceTable, scenario);
  return { ...options, features: features(o.features) };
}

/**
 * Checks the inputs of a day's stand-alone costs: profiles of finite kWh in
 * the limits, and the grid prices `hours` finite values each.
 * @throws InputError naming the value
 */
export function checkStandaloneInputs(day: DayProfiles, prices: HourPrices): void {
  const houses = Math.floor((day?.demand?.length ?? 0) / Math.max(1, day?.hours ?? 1));
  checkDayProfiles(
    day,
    Array.from({ length: houses }, (_, k) => `house ${k + 1}`),
    "standaloneCosts: day",
  );
  for (const k of ["gridPurchase", "gridSale"] as const) {
    const a = prices?.[k];
    if (!a || a.length < day.hours)
      throw new InputError(`standaloneCosts: prices.${k}`, message.hourValues(day.hours, a?.length ?? "none"));
    for (let t = 0; t < day.hours; t++)
      if (!Number.isFinite(a[t]))
        throw new InputError(`standaloneCosts: prices.${k}[${t}]`, message.finiteNumber(String(a[t])));
  }
}
