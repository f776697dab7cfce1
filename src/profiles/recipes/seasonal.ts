/**
 * The seasonal recipe (docs/data-formats.md "Synthetic profiles: recipes";
 * docs/recipes.md gives the formulas and their sources).
 *
 * Demand: a parametric household load shape with the features of the BDEW
 * H0 standard load profile (night minimum, morning, midday and evening peaks,
 * weekday / Saturday / Sunday, more in winter than in summer through H0's
 * published dynamisation polynomial), scaled so that a noise-free 365-day
 * year from `startDate` uses exactly `annualDemandKwh`, times a little seeded
 * noise per house and day and per hour.
 *
 * PV: clear-sky irradiance on a panel tilted by the latitude (at most 45°)
 * and facing the equator, from the sun's
 * position (`sun.ts`), averaged over each hour step, times the day's
 * cloudiness (one seeded draw per day, the same for every house: one place,
 * one sky), times `pvKwp` and a performance ratio of 0.8. Exactly 0 while the
 * sun is below the horizon.
 *
 * Every random number comes from a stream named by the seed, the day and the
 * house (`random.ts`), so the first N days do not depend on the horizon.
 */
import type { Network } from "../../community/network.js";
import { profileIndex, type Profiles } from "../layout.js";
import { stream } from "./random.js";
import type { SeasonalRecipe } from "../../community/synthetic.js";
import { clearSkyPanel, sunPosition } from "./sun.js";

/**
 * Panel tilt from horizontal, degrees, for a latitude: the rule of thumb
 * "tilt = latitude" for year-round yield, capped at 45° (steeper roofs are rare);
 * panels face the equator.
 * @example panelTilt(52.52) // => 45
 */
export function panelTilt(latitude: number): number {
  return Math.min(Math.abs(latitude), 45);
}
/** kWh delivered per kWh of irradiance on 1 kWp (inverter, temperature, soiling, wiring losses). */
export const PERFORMANCE_RATIO = 0.8;
/** A day's sky lets through `CLOUD_MIN + (1 − CLOUD_MIN)·u` of the clear-sky irradiance, u ~ U(0, 1). */
export const CLOUD_MIN = 0.1;
/** Standard deviation of a house's demand factor per day (mean 1). */
export const DAY_NOISE_SD = 0.1;
/** Standard deviation of a house's demand factor per hour (mean 1). */
export const HOUR_NOISE_SD = 0.15;
/** A house's peaks are shifted by a constant U(−SHIFT, SHIFT) hours (some households rise earlier). */
export const PEAK_SHIFT_HOURS = 1;
/** Samples per hour when averaging over a step (every 5 minutes). */
const SAMPLES_PER_HOUR = 12;

/** A Gaussian bump of the load shape: centre (h), width σ (h), height (relative). */
type Peak = readonly [centre: number, width: number, height: number];
/** Day types of H0: working day, Saturday, Sunday (holidays are not modelled). */
export type DayType = "weekday" | "saturday" | "sunday";

/**
 * The load shape per day type: a night base plus morning, midday and evening
 * peaks (relative units; the scale comes from the annual consumption).
 */
export const LOAD_SHAPE: Readonly<Record<DayType, { base: number; peaks: readonly Peak[] }>> = {
  weekday: {
    base: 0.35,
    peaks: [
      [7.0, 1.0, 0.45],
      [12.5, 1.8, 0.35],
      [19.0, 2.0, 0.85],
    ],
  },
  saturday: {
    base: 0.35,
    peaks: [
      [9.0, 1.5, 0.55],
      [12.5, 1.8, 0.55],
      [19.0, 2.0, 0.85],
    ],
  },
  sunday: {
    base: 0.35,
    peaks: [
      [9.5, 1.5, 0.55],
      [12.5, 1.5, 0.75],
      [18.5, 2.0, 0.8],
    ],
  },
};

/**
 * The load shape's value at local clock time `x` hours (relative units).
 * Distances are taken around the clock, so a peak near midnight wraps.
 * @param shift - hours the house's peaks are moved by
 * @example loadShape("weekday", 19) > loadShape("weekday", 3.5) // => true // evening peak above night minimum
 */
export function loadShape(type: DayType, x: number, shift = 0): number {
  const { base, peaks } = LOAD_SHAPE[type];
  let v = base;
  for (const [c, w, a] of peaks) {
    const d = Math.abs(((((x - c - shift) % 24) + 36) % 24) - 12); // 0..12
    v += a * Math.exp(-(d * d) / (2 * w * w));
  }
  return v;
}

/**
 * BDEW H0's dynamisation factor for day of year n (1..366):
 * `F(n) = −3.92e−10·n⁴ + 3.2e−7·n³ − 7.02e−5·n² + 2.1e−3·n + 1.24`
 * (≈ 1.24 in early January, ≈ 0.8 in July). South of the equator the seasons
 * are swapped: F is taken half a year (182 days) later.
 * @example seasonFactor(1, 50) // ≈ 1.242
 */
export function seasonFactor(dayOfYear: number, latitude: number): number {
  const n = latitude < 0 ? ((dayOfYear - 1 + 182) % 365) + 1 : dayOfYear;
  return -3.92e-10 * n ** 4 + 3.2e-7 * n ** 3 - 7.02e-5 * n ** 2 + 2.1e-3 * n + 1.24;
}

/** A calendar day: UTC midnight of the local date in ms, its day of year (1-based) and its day type. */
export interface CalendarDay {
  dateMs: number;
  dayOfYear: number;
  type: DayType;
}

/**
 * The calendar day `d` days after `startDate` (YYYY-MM-DD).
 * @example calendarDay("2025-01-04", 0).type // => "saturday"
 */
export function calendarDay(startDate: string, d: number): CalendarDay {
  const [y, m, day] = startDate.split("-").map(Number);
  const dateMs = Date.UTC(y, m - 1, day + d);
  const date = new Date(dateMs);
  const dayOfYear = Math.round((dateMs - Date.UTC(date.getUTCFullYear(), 0, 1)) / 864e5) + 1;
  const dow = date.getUTCDay();
  return { dateMs, dayOfYear, type: dow === 0 ? "sunday" : dow === 6 ? "saturday" : "weekday" };
}

/** Means of `f(x)` over each of `T` steps of a day (x in local hours), sampled every 5 minutes. */
function stepMeans(T: number, f: (x: number) => number): Float64Array {
  const step = 24 / T;
  const S = Math.max(1, Math.ceil(step * SAMPLES_PER_HOUR));
  const out = new Float64Array(T);
  for (let t = 0; t < T; t++) {
    let sum = 0;
    for (let s = 0; s < S; s++) sum += f(t * step + ((s + 0.5) * step) / S);
    out[t] = sum / S;
  }
  return out;
}

/**
 * PV per kWp for each step of local day `d`: kWh per kWp before the cloud factor.
 * @example clearSkyDay({ latitude: 52.52, longitude: 13.4, utcOffset: 1, startDate: "2025-06-21" }, 0, 24)[3] // 0 (night)
 */
export function clearSkyDay(
  place: Pick<SeasonalRecipe, "latitude" | "longitude" | "utcOffset" | "startDate">,
  d: number,
  T: number,
): Float64Array {
  const { latitude, longitude, utcOffset } = place;
  const midnightUtc = calendarDay(place.startDate, d).dateMs - utcOffset * 3600e3;
  const panelAzimuth = latitude >= 0 ? 180 : 0;
  const tilt = panelTilt(latitude);
  const step = 24 / T;
  const mean = stepMeans(T, (x) =>
    clearSkyPanel(sunPosition(new Date(midnightUtc + x * 3600e3), latitude, longitude), tilt, panelAzimuth),
  );
  return mean.map((kw) => kw * step * PERFORMANCE_RATIO);
}

/** Per-house values of a number-or-array setting. */
function perHouse(network: Network, v: number | number[], perProsumer: boolean): Float64Array {
  const out = new Float64Array(network.houses.length);
  if (typeof v === "number") {
    for (const h of network.houses) out[h.index] = perProsumer && h.kind === "consumer" ? 0 : v;
  } else if (perProsumer && v.length === network.prosumers.length) {
    network.prosumers.forEach((h, j) => (out[h] = v[j]));
  } else {
    out.set(v);
  }
  return out;
}

/**
 * The seasonal recipe's profiles (kWh per hour step) for any network.
 * @param scenario - `days`, `hoursPerDay`, `seed` and the recipe's settings
 * @example seasonalProfiles({ days: 365, hoursPerDay: 24, seed: 42, synthetic: { recipe: "seasonal", latitude: 52.52, longitude: 13.4, utcOffset: 1, startDate: "2025-01-01", annualDemandKwh: 3500, pvKwp: 5 } }, network)
 */
export function seasonalProfiles(
  scenario: { days: number; hoursPerDay: number; seed: number | string; synthetic: SeasonalRecipe },
  network: Network,
): Profiles {
  const { days, hoursPerDay: T, seed, synthetic: spec } = scenario;
  const N = network.houses.length;
  const p: Profiles = {
    days,
    hours: T,
    houses: network.houses.map((h) => h.id),
    demand: new Float64Array(days * N * T),
    solar: new Float64Array(days * N * T),
  };
  const annual = perHouse(network, spec.annualDemandKwh, false);
  const kwp = perHouse(network, spec.pvKwp, true);
  // each house's peak shift, its day-type shapes (step means) and the scale K that makes a
  // noise-free 365-day year from startDate sum to its annual kWh
  const year = Array.from({ length: 365 }, (_, d) => calendarDay(spec.startDate, d));
  const houses = network.houses.map((h) => {
    const shift = PEAK_SHIFT_HOURS * (2 * stream(seed, `seasonal/house ${h.id}`).uniform() - 1);
    const shapes = {} as Record<DayType, Float64Array>;
    const totals = {} as Record<DayType, number>;
    for (const type of ["weekday", "saturday", "sunday"] as const) {
      shapes[type] = stepMeans(T, (x) => loadShape(type, x, shift)).map((v) => v * (24 / T));
      totals[type] = shapes[type].reduce((a, b) => a + b, 0);
    }
    const yearly = year.reduce((s, c) => s + seasonFactor(c.dayOfYear, spec.latitude) * totals[c.type], 0);
    return { id: h.id, shapes, scale: annual[h.index] / yearly };
  });
  for (let d = 0; d < days; d++) {
    const cal = calendarDay(spec.startDate, d);
    const season = seasonFactor(cal.dayOfYear, spec.latitude);
    const sky = CLOUD_MIN + (1 - CLOUD_MIN) * stream(seed, `seasonal/sky/day ${d + 1}`).uniform();
    const pv = kwp.some((k) => k > 0) ? clearSkyDay(spec, d, T) : null;
    houses.forEach((h, hi) => {
      const noise = stream(seed, `seasonal/demand/${h.id}/day ${d + 1}`);
      const dayFactor = Math.max(0, 1 + DAY_NOISE_SD * noise.normal());
      const shape = h.shapes[cal.type];
      for (let t = 0; t < T; t++) {
        const i = profileIndex(p, d, hi, t);
        p.demand[i] = h.scale * season * shape[t] * dayFactor * Math.max(0, 1 + HOUR_NOISE_SD * noise.normal());
        if (pv && kwp[hi] > 0) p.solar[i] = kwp[hi] * sky * pv[t];
      }
    });
  }
  return p;
}
