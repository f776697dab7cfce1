/**
 * The demo's synthetic recipe (docs/model.md "Synthetic data"): one sinusoidal
 * demand and one PV shape, five demand and three solar templates, one factor
 * and one noise vector per day shared by all houses.
 *
 * Each day draws from its own two streams, `demo/demand/day d` and
 * `demo/solar/day d` (see `random.ts`), so day d's numbers do not depend on
 * how many days the scenario has. (The original drew all demand days first,
 * then all solar days, from one generator: there, changing `days` changed
 * every solar day.)
 */
import type { Network } from "../../community/network.js";
import { profileIndex, type Profiles } from "../layout.js";
import { stream } from "./random.js";

/** (scale, lo, hi) of demand profiles 1..5 (docs/model.md). */
export const DEMAND_TEMPLATES: ReadonlyArray<readonly [number, number, number]> = [
  [0.8, 0.1, 1.0],
  [1.0, 0.1, 1.2],
  [1.5, 0.2, 2.0],
  [0.8, 0.1, 1.0],
  [1.2, 0.2, 1.8],
];
/** (scale, hi) of solar profiles 1..3 (docs/model.md). */
export const SOLAR_TEMPLATES: ReadonlyArray<readonly [number, number]> = [
  [1.0, 1.5],
  [0.8, 1.2],
  [1.0, 1.5],
];

const clip = (v: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, v));

/** A day's draws: one factor and one noise vector shared by all houses. */
interface DayDraw {
  factor: number;
  noise: Float64Array;
}

function dayDraw(seed: number | string, path: string, hours: number, lo: number, hi: number, sd: number): DayDraw {
  const s = stream(seed, path);
  const factor = lo + (hi - lo) * s.uniform();
  const noise = new Float64Array(hours);
  for (let t = 0; t < hours; t++) noise[t] = sd * s.normal();
  return { factor, noise };
}

/**
 * The demo's synthetic profiles (kWh per hour step) for any network. House i
 * (network order) takes demand template i mod 5; the j-th prosumer takes solar
 * template j mod 3; consumers have no PV. Day d (1-based) draws its demand
 * factor U(0.8, 1.2) and noise N(0, 0.05) from the stream `demo/demand/day d`
 * and its solar factor U(0.7, 1.3) and noise N(0, 0.03) from `demo/solar/day d`.
 * @param scenario - `days`, `hoursPerDay` and `seed`
 * @example demoProfiles({ days: 2, hoursPerDay: 24, seed: 42 }, buildNetwork(demoScenario())).demand.length // => 2 * 5 * 24
 */
export function demoProfiles(
  scenario: { days: number; hoursPerDay: number; seed: number | string },
  network: Network,
): Profiles {
  const { days, hoursPerDay: T, seed } = scenario;
  const N = network.houses.length;
  const p: Profiles = {
    days,
    hours: T,
    houses: network.houses.map((h) => h.id),
    demand: new Float64Array(days * N * T),
    solar: new Float64Array(days * N * T),
  };
  const templates = network.houses.map((house) => ({
    house,
    demand: DEMAND_TEMPLATES[house.index % DEMAND_TEMPLATES.length],
    solar:
      house.kind === "prosumer"
        ? SOLAR_TEMPLATES[network.prosumers.indexOf(house.index) % SOLAR_TEMPLATES.length]
        : null,
  }));
  for (let d = 0; d < days; d++) {
    const dem = dayDraw(seed, `demo/demand/day ${d + 1}`, T, 0.8, 1.2, 0.05);
    const sol = dayDraw(seed, `demo/solar/day ${d + 1}`, T, 0.7, 1.3, 0.03);
    for (const {
      house,
      demand: [scale, lo, hi],
      solar,
    } of templates)
      for (let t = 0; t < T; t++) {
        const i = profileIndex(p, d, house.index, t);
        const base = 0.5 + 0.3 * Math.sin((2 * Math.PI * t) / T + Math.PI / 4);
        p.demand[i] = clip(base * scale * dem.factor + dem.noise[t], lo, hi);
        if (solar) {
          const [sScale, sHi] = solar;
          const sBase = Math.max(0, 1.5 * Math.sin((Math.PI * t) / T));
          p.solar[i] = clip(sBase * sScale * sol.factor + sol.noise[t], 0, sHi);
        }
      }
  }
  return p;
}
