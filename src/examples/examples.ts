/**
 * Named example scenarios, in one place for the tests, the benchmark and the
 * notebook: the demo, generated communities of any size, and small
 * hand-built days (see test/hand-cases.test.ts for their worked optima).
 */
import {
  demoBattery,
  demoPrices,
  demoScenario,
  type Battery,
  type Prices,
  type Scenario,
} from "../community/scenario.js";
import { buildNetwork } from "../community/network.js";
import { generateProfiles, profileIndex, type Profiles } from "../profiles/profiles.js";

export interface Example {
  scenario: Scenario;
  profiles: Profiles;
}

/**
 * The original demonstrator's 122-day run with its synthetic data (seed 42):
 * 5 houses in two groups, kWh per hour step.
 * @example
 *   const { scenario, profiles } = demoExample();
 *   const r = await simulate(scenario, profiles, { days: 7 });
 */
export function demoExample(): Example {
  const scenario = demoScenario();
  return { scenario, profiles: generateProfiles(scenario, buildNetwork(scenario)) };
}

/**
 * A community of `groups` groups, each with `prosumers` + `consumers`
 * houses, the demo's battery (5.25 kWh) and prices, synthetic data.
 * @example generatedExample(10, 5, 5, 7) // the benchmark's 10 × (5+5), one week
 */
export function generatedExample(
  groups: number,
  prosumers: number,
  consumers: number,
  days: number,
  seed: number | string = 42,
): Example {
  const scenario: Scenario = {
    ...demoScenario(),
    days,
    seed,
    groups: Array.from({ length: groups }, () => ({ prosumers, consumers, battery: demoBattery(5.25) })),
  };
  return { scenario, profiles: generateProfiles(scenario, buildNetwork(scenario)) };
}

/** Hourly kWh of one house for a hand-built example. */
export interface HouseHours {
  demand: number[];
  solar?: number[];
}

/**
 * A scenario with explicit hourly data: `houses[id]` gives each house's
 * demand and PV per hour, days in sequence (length = days · hoursPerDay),
 * kWh per hour step. Houses left out have no demand and no PV. Prices
 * default to grid purchase 20, grid sale 4, peer 14/10 inside and 16/6
 * between groups, battery use 2 (currency units per kWh).
 * @example
 *   // g1h1 (prosumer) has 2 kWh of PV at hour 0 and needs 1 kWh at hour 1; g1h2 needs 1 kWh each hour
 *   const ex = handExample([{ prosumers: 1, consumers: 1 }],
 *     { g1h1: { demand: [0, 1], solar: [2, 0] }, g1h2: { demand: [1, 1] } }, { hoursPerDay: 2 });
 *   (await simulate(ex.scenario, ex.profiles)).days[0].houseCosts // [6, 34]: −10 − 4 + 20 and 14 + 20
 */
export function handExample(
  groups: { prosumers: number; consumers: number; battery?: Battery | null }[],
  houses: Record<string, HouseHours>,
  opts: { hoursPerDay: number; days?: number; prices?: Partial<Prices> },
): Example {
  const days = opts.days ?? 1;
  const scenario: Scenario = {
    hoursPerDay: opts.hoursPerDay,
    days,
    seed: 0,
    prices: { ...demoPrices(20), ...opts.prices },
    groups: groups.map((g) => ({ prosumers: g.prosumers, consumers: g.consumers, battery: g.battery ?? null })),
  };
  const network = buildNetwork(scenario);
  const T = opts.hoursPerDay,
    N = network.houses.length;
  const profiles: Profiles = {
    days,
    hours: T,
    houses: network.houses.map((h) => h.id),
    demand: new Float64Array(days * N * T),
    solar: new Float64Array(days * N * T),
  };
  for (const [id, data] of Object.entries(houses)) {
    const h = network.indexOf.get(id);
    if (h === undefined) throw new Error(`handExample: no house ${id}`);
    for (let k = 0; k < days * T; k++) {
      const i = profileIndex(profiles, Math.floor(k / T), h, k % T);
      profiles.demand[i] = data.demand[k] ?? 0;
      profiles.solar[i] = data.solar?.[k] ?? 0;
    }
  }
  return { scenario, profiles };
}
