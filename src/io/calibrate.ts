/**
 * Climate for the seasonal recipe (docs/recipes.md "Calibrated to a place's
 * monthly yield"): the recipe's PV is a clear-sky shape with a seeded
 * cloudiness and no climate, so its monthly kWh per kWp can be scaled, month
 * by month, to a real place's — e.g. the monthly means of a PVGIS file. The
 * recipe's hour shapes and day-to-day cloudiness stay; only each calendar
 * month's total changes.
 */
import { InputError } from "../errors/errors.js";
import type { Network } from "../community/network.js";
import { profileIndex, type Profiles } from "../profiles/layout.js";
import { PERFORMANCE_RATIO } from "../profiles/recipes/seasonal.js";
import { dateMs, type StudyClock } from "./clock.js";
import { kwpPerHouse, type PvgisSeries } from "./pvgis.js";

const HOUR = 3_600_000;
const DAY = 86_400_000;
const daysIn = (y: number, m: number) => new Date(Date.UTC(y, m + 1, 0)).getUTCDate();

/**
 * A PVGIS file's mean yield per calendar month, kWh per kWp (P over its
 * nominal kWp, or irradiance × performance ratio), averaged over the file's
 * complete months in UTC.
 * @returns 12 values, January first
 * @throws InputError when some month has no complete month in the file
 * @example pvgisMonthlyYield(readPvgis("pvgis.csv"))[5] // June, kWh/kWp
 */
export function pvgisMonthlyYield(p: PvgisSeries, o: { performanceRatio?: number } = {}): number[] {
  const perKwp =
    p.kind === "power" ? 1 / 1000 / (p.meta.peakPowerKw ?? NaN) : (o.performanceRatio ?? PERFORMANCE_RATIO) / 1000;
  if (!Number.isFinite(perKwp)) throw new InputError(p.file, "gives P but no nominal power (kWp) to scale it by");
  const sum = new Array<number>(12).fill(0),
    count = new Array<number>(12).fill(0);
  const end = p.startMs + p.values.length * HOUR;
  for (let t = Date.UTC(new Date(p.startMs).getUTCFullYear(), new Date(p.startMs).getUTCMonth()); t < end;) {
    const d = new Date(t),
      y = d.getUTCFullYear(),
      m = d.getUTCMonth();
    const next = Date.UTC(y, m + 1);
    if (t >= p.startMs && next <= end) {
      let s = 0;
      for (let i = (t - p.startMs) / HOUR; i < (next - p.startMs) / HOUR; i++) s += p.values[i];
      sum[m] += s * perKwp;
      count[m]++;
    }
    t = next;
  }
  const missing = count.findIndex((c) => c === 0);
  if (missing >= 0)
    throw new InputError(
      p.file,
      `has no complete ${new Date(Date.UTC(2000, missing)).toLocaleString("en", { month: "long", timeZone: "UTC" })}; a monthly yield needs every month`,
    );
  return sum.map((s, m) => s / count[m]);
}

/**
 * The profiles' PV per kWp in each calendar month, kWh per kWp, over the
 * study's days of that month scaled to the whole month (mean over the
 * houses with PV); NaN for months the study lacks.
 * @example monthlyPvPerKwp(profiles, clock, network, 5) // 12 values
 */
export function monthlyPvPerKwp(
  p: Profiles,
  clock: Pick<StudyClock, "startDate">,
  network: Network,
  kwp: number | readonly number[],
): number[] {
  const k = kwpPerHouse(network, kwp, "PV");
  const total = k.reduce((a, b) => a + b, 0);
  const sum = new Array<number>(12).fill(0),
    days = new Array<number>(12).fill(0),
    full = new Array<number>(12).fill(0);
  const N = p.houses.length,
    T = p.hours;
  for (let d = 0; d < p.days; d++) {
    const date = new Date(dateMs(clock.startDate)! + d * DAY),
      m = date.getUTCMonth();
    days[m]++;
    full[m] = daysIn(date.getUTCFullYear(), m);
    for (let h = 0; h < N; h++) for (let t = 0; t < T; t++) sum[m] += p.solar[profileIndex(p, d, h, t)];
  }
  return sum.map((s, m) => (days[m] ? (s / total) * (full[m] / days[m]) : NaN));
}

/**
 * Scales each house's PV month by month so that its kWh per kWp in every
 * calendar month of the study is `monthly[m]` (per whole month; a partial
 * month at the study's ends gets its share by days). Returns new profiles.
 * @param monthly - 12 values, kWh per kWp, January first (e.g. {@link pvgisMonthlyYield})
 * @example calibrateMonthlyPv(generateProfiles(s, net), clock, net, 5, pvgisMonthlyYield(readPvgis("pvgis.csv")))
 */
export function calibrateMonthlyPv(
  p: Profiles,
  clock: Pick<StudyClock, "startDate">,
  network: Network,
  kwp: number | readonly number[],
  monthly: readonly number[],
): Profiles {
  if (monthly.length !== 12 || monthly.some((v) => !(v >= 0)))
    throw new InputError("monthly yield", "give 12 values ≥ 0, kWh per kWp, January first");
  const k = kwpPerHouse(network, kwp, "PV");
  const N = p.houses.length,
    T = p.hours;
  const solar = p.solar.slice();
  // per (month, house): the profiles' kWh and the study's days in that month
  const key = (d: number) => new Date(dateMs(clock.startDate)! + d * DAY);
  const sums = new Map<string, number>(),
    days = new Map<string, number>();
  for (let d = 0; d < p.days; d++) {
    const date = key(d),
      mk = `${date.getUTCFullYear()}-${date.getUTCMonth()}`;
    days.set(mk, (days.get(mk) ?? 0) + 1);
    for (let h = 0; h < N; h++) {
      let s = 0;
      for (let t = 0; t < T; t++) s += p.solar[profileIndex(p, d, h, t)];
      sums.set(`${mk}/${h}`, (sums.get(`${mk}/${h}`) ?? 0) + s);
    }
  }
  for (let d = 0; d < p.days; d++) {
    const date = key(d),
      y = date.getUTCFullYear(),
      m = date.getUTCMonth(),
      mk = `${y}-${m}`;
    for (let h = 0; h < N; h++) {
      const have = sums.get(`${mk}/${h}`)!;
      if (have <= 0 || k[h] <= 0) continue;
      const want = monthly[m] * k[h] * (days.get(mk)! / daysIn(y, m));
      for (let t = 0; t < T; t++) solar[profileIndex(p, d, h, t)] *= want / have;
    }
  }
  return { ...p, solar };
}
