/**
 * The profiles' layout: demand and PV in kWh per step for every (day, house,
 * step), one flat array each, and a day's slice of them. Imports nothing; the
 * recipes and readers produce this shape, everything else reads it.
 */
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

/**
 * Index into {@link Profiles.demand} / `solar` (kWh per hour step) of a
 * 0-based day, house index and hour: `(day · houses + house) · hours + hour`.
 * @example profiles.demand[profileIndex(profiles, 1, 2, 12)] // kWh of the third house on day 2, 12:00–13:00
 */
export function profileIndex(p: Pick<Profiles, "houses" | "hours">, day: number, house: number, hour: number): number {
  return (day * p.houses.length + house) * p.hours + hour;
}

/**
 * The 0-based `day`'s slice (views, not copies): kWh per hour step,
 * index `house · hours + hour`.
 * @example dayProfiles(profiles, 0).demand[1 * profiles.hours + 12] // kWh of the second house on day 1, 12:00–13:00
 */
export function dayProfiles(p: Profiles, day: number): DayProfiles {
  const n = p.houses.length * p.hours;
  return {
    hours: p.hours,
    demand: p.demand.subarray(day * n, (day + 1) * n),
    solar: p.solar.subarray(day * n, (day + 1) * n),
  };
}
