/**
 * Hourly demand and PV per house: the demo's synthetic recipe (MODEL.md
 * "Synthetic data") with seedrandom, and `profiles.csv` out (DATA-FORMAT.md;
 * reading it: `io/profiles-csv.ts`).
 */
import seedrandom from "seedrandom";
import type { Network } from "./network.js";
import type { Scenario } from "./scenario.js";

/**
 * Demand and solar in kWh per hour step for every (day, house, hour).
 * Layout of both arrays: index `(day · houses + house) · hours + hour`
 * (all 0-based), so one day of one house is a contiguous run of `hours`.
 */
export interface Profiles {
  days: number;
  hours: number;
  /** house ids, in network order */
  houses: string[];
  demand: Float64Array;
  solar: Float64Array;
}

/** One day's slice of {@link Profiles}: index `house · hours + hour`. */
export interface DayProfiles {
  hours: number;
  demand: Float64Array;
  solar: Float64Array;
}

/** (scale, lo, hi) of demand profiles 1..5 (MODEL.md). */
export const DEMAND_TEMPLATES: ReadonlyArray<readonly [number, number, number]> = [
  [0.8, 0.1, 1.0], [1.0, 0.1, 1.2], [1.5, 0.2, 2.0], [0.8, 0.1, 1.0], [1.2, 0.2, 1.8],
];
/** (scale, hi) of solar profiles 1..3 (MODEL.md). */
export const SOLAR_TEMPLATES: ReadonlyArray<readonly [number, number]> = [
  [1.0, 1.5], [0.8, 1.2], [1.0, 1.5],
];

const clip = (v: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, v));

/** Index into {@link Profiles.demand} / `solar` (all 0-based). */
export function profileIndex(p: Pick<Profiles, "houses" | "hours">, day: number, house: number, hour: number): number {
  return (day * p.houses.length + house) * p.hours + hour;
}

/** The 0-based `day`'s slice (views, not copies). */
export function dayProfiles(p: Profiles, day: number): DayProfiles {
  const n = p.houses.length * p.hours;
  return {
    hours: p.hours,
    demand: p.demand.subarray(day * n, (day + 1) * n),
    solar: p.solar.subarray(day * n, (day + 1) * n),
  };
}

/** A day's draws: one factor and one noise vector shared by all houses. */
interface DayDraw { factor: number; noise: Float64Array }

function draws(rng: () => number, days: number, hours: number, lo: number, hi: number, sd: number): DayDraw[] {
  // Box–Muller on the seeded uniform stream, one normal per call.
  const normal = () => {
    const u1 = 1 - rng(); // (0, 1]
    const u2 = rng();
    return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
  };
  const out: DayDraw[] = [];
  for (let d = 0; d < days; d++) {
    const factor = lo + (hi - lo) * rng();
    const noise = new Float64Array(hours);
    for (let t = 0; t < hours; t++) noise[t] = sd * normal();
    out.push({ factor, noise });
  }
  return out;
}

/**
 * The demo's synthetic profiles for any network. House i (network order)
 * takes demand template i mod 5; the j-th prosumer takes solar template
 * j mod 3; consumers have no PV. All demand days are drawn first, then all
 * solar days, from one generator seeded with `scenario.seed`: the same seed
 * gives the same numbers on every machine.
 * @example generateProfiles(demoScenario(), buildNetwork(demoScenario())).demand.length // 122·5·24
 */
export function generateProfiles(scenario: Pick<Scenario, "days" | "hoursPerDay" | "seed">, network: Network): Profiles {
  const { days, hoursPerDay: T } = scenario;
  const rng = seedrandom(String(scenario.seed));
  const dem = draws(rng, days, T, 0.8, 1.2, 0.05);
  const sol = draws(rng, days, T, 0.7, 1.3, 0.03);
  const N = network.houses.length;
  const p: Profiles = {
    days, hours: T, houses: network.houses.map((h) => h.id),
    demand: new Float64Array(days * N * T), solar: new Float64Array(days * N * T),
  };
  let prosumerOrder = 0;
  for (const house of network.houses) {
    const [scale, lo, hi] = DEMAND_TEMPLATES[house.index % DEMAND_TEMPLATES.length];
    const solarTemplate = house.kind === "prosumer" ? SOLAR_TEMPLATES[prosumerOrder++ % SOLAR_TEMPLATES.length] : null;
    for (let d = 0; d < days; d++) {
      for (let t = 0; t < T; t++) {
        const i = profileIndex(p, d, house.index, t);
        const base = 0.5 + 0.3 * Math.sin((2 * Math.PI * t) / T + Math.PI / 4);
        p.demand[i] = clip(base * scale * dem[d].factor + dem[d].noise[t], lo, hi);
        if (solarTemplate) {
          const [sScale, sHi] = solarTemplate;
          const sBase = Math.max(0, 1.5 * Math.sin((Math.PI * t) / T));
          p.solar[i] = clip(sBase * sScale * sol[d].factor + sol[d].noise[t], 0, sHi);
        }
      }
    }
  }
  return p;
}

export const PROFILE_COLUMNS = ["day", "hour", "house", "demand_kwh", "solar_kwh"] as const;

/**
 * `profiles.csv` text: header, then one row per (day, hour, house) in that
 * order. Numbers are written in JavaScript's shortest round-trip form, so
 * reading the file back gives exactly the same profiles.
 */
export function profilesToCsv(p: Profiles): string {
  const lines = [PROFILE_COLUMNS.join(",")];
  for (let d = 0; d < p.days; d++)
    for (let t = 0; t < p.hours; t++)
      for (let h = 0; h < p.houses.length; h++) {
        const i = profileIndex(p, d, h, t);
        lines.push(`${d + 1},${t},${p.houses[h]},${p.demand[i]},${p.solar[i]}`);
      }
  return lines.join("\n") + "\n";
}

/** The first `days` days of a profile set (copies). */
export function firstDays(p: Profiles, days: number): Profiles {
  const n = days * p.houses.length * p.hours;
  return { ...p, days, demand: p.demand.slice(0, n), solar: p.solar.slice(0, n) };
}
