/**
 * Demand and PV per house over a run of days as plain points, for the
 * demand/PV chart (charts/profiles.ts draws them; charts import types only).
 */
import { profileIndex, type Profiles } from "./profiles.js";

export interface WeekOptions {
  /** first day shown, 1-based (default 1) */
  firstDay?: number;
  /** number of days shown (default 7, fewer if the profiles end sooner) */
  days?: number;
}

/** One point of the demand/PV chart: kWh in the hour starting at `time`. */
export interface ProfilePoint {
  [field: string]: string | number;
  house: string;
  series: "demand" | "PV";
  day: number;
  hour: number;
  /** day + hour / hours: day 1 spans [1, 2) */
  time: number;
  kwh: number;
}

/**
 * Demand of every house, and PV of every house that has PV in the window
 * (consumers have none), hour by hour, kWh per hour step.
 * @throws RangeError when `firstDay` is outside the profiles
 * @example demandPvPoints(profiles, { firstDay: 1, days: 7 }).length // 7 · 24 · (houses + prosumers)
 */
export function demandPvPoints(p: Profiles, options: WeekOptions = {}): ProfilePoint[] {
  const first = options.firstDay ?? 1;
  const last = Math.min(p.days, first + (options.days ?? 7) - 1);
  if (!Number.isInteger(first) || first < 1 || first > p.days)
    throw new RangeError(`firstDay must be 1..${p.days}, got ${first}`);
  const T = p.hours;
  const out: ProfilePoint[] = [];
  p.houses.forEach((house, h) => {
    let hasPv = false;
    for (let d = first - 1; d < last && !hasPv; d++)
      for (let t = 0; t < T; t++)
        if (p.solar[profileIndex(p, d, h, t)] > 0) {
          hasPv = true;
          break;
        }
    for (const series of hasPv ? (["demand", "PV"] as const) : (["demand"] as const))
      for (let d = first - 1; d < last; d++)
        for (let t = 0; t < T; t++) {
          const i = profileIndex(p, d, h, t);
          out.push({
            house,
            series,
            day: d + 1,
            hour: t,
            time: d + 1 + t / T,
            kwh: series === "demand" ? p.demand[i] : p.solar[i],
          });
        }
  });
  return out;
}

/** A house's demand and PV summed over the days of a profile set, kWh. */
export interface ProfileTotal {
  [field: string]: string | number;
  house: string;
  demandKwh: number;
  solarKwh: number;
}

/**
 * Each house's demand and PV over all days of the profiles, kWh.
 * @example profileTotals(profiles)[0] // { house: "g1h1", demandKwh: …, solarKwh: … }
 */
export function profileTotals(p: Profiles): ProfileTotal[] {
  return p.houses.map((house, h) => {
    let demandKwh = 0,
      solarKwh = 0;
    for (let d = 0; d < p.days; d++)
      for (let t = 0; t < p.hours; t++) {
        const i = profileIndex(p, d, h, t);
        demandKwh += p.demand[i];
        solarKwh += p.solar[i];
      }
    return { house, demandKwh, solarKwh };
  });
}
