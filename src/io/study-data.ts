/**
 * A study from real files (docs/cli.md "Real data"): a PVGIS file for PV, a
 * meter file for demand, spot prices with a retail tariff, all on one study
 * clock. What the command line and notebooks call; each part is optional and
 * replaces only its own part of the profiles or prices.
 */
import { readFileSync, statSync } from "node:fs";
import { basename } from "node:path";
import { InputError, echo } from "../errors/errors.js";
import type { Network } from "../community/network.js";
import type { Scenario } from "../community/scenario.js";
import { profileIndex, type Profiles } from "../profiles/layout.js";
import type { PriceTable } from "../prices/prices.js";
import { DEFAULT_TARIFF, type RetailTariff } from "../prices/tariff.js";
import { checkZone, dateMs, standardOffsetMinutes, type StudyClock } from "./clock.js";
import { pvgisPerHouse, readPvgis } from "./pvgis.js";
import { profilesFromSeries, readMeterCsv } from "./timeseries.js";
import { calibrateMonthlyPv, monthlyPvPerKwp, pvgisMonthlyYield } from "./calibrate.js";
import { readSpotCsv, spotPriceTable } from "./spot-prices.js";

/** The files and settings of a real-data study. */
export interface StudyDataOptions {
  /** PVGIS hourly file (CSV or JSON) */
  pv?: string;
  /** meter CSV, one column per house */
  demand?: string;
  /** spot prices CSV in €/MWh */
  spot?: string;
  /** the tariff on top of spot (default: spot alone) */
  tariff?: RetailTariff;
  /** IANA zone: the study runs in its standard time, and local timestamps are read in it */
  zone?: string;
  /** local date of day 1, `YYYY-MM-DD` (default: the seasonal recipe's `startDate`) */
  start?: string;
  /** kWp: one for every prosumer or one per prosumer (default: the seasonal recipe's, else a PVGIS power file's own) */
  kwp?: number[];
  /** PVGIS: the file's year for the study's first year */
  pvYear?: number;
  /** a PVGIS file whose monthly yield the seasonal recipe's PV is scaled to (instead of `pv`) */
  calibratePv?: string;
  /** meter and spot files: gaps of at most this many minutes are interpolated (and noted); default 0 */
  fillGapsMinutes?: number;
  /** use a PVGIS file of another place than the seasonal recipe's (noted) */
  acceptLocation?: boolean;
  /** the base profiles come from the scenario's recipe (checked: a seasonal recipe's dates must be the study's) */
  baseFromRecipe?: boolean;
}

/** What a real-data study brings. */
export interface StudyData {
  clock: StudyClock;
  /** demand and/or solar replaced in `base` */
  profiles: Profiles;
  prices?: PriceTable;
  /** what the readers did that a user should know */
  notes: string[];
  /** the given files, to keep beside the results: `given-<role>-<name>` (role pv, demand, spot, calibrate-pv) → text */
  files: Record<string, string>;
}

/** Largest given file copied into the results folder, bytes. */
export const KEEP_MAX_BYTES = 64 << 20;

/**
 * The study's clock: day 1 from `start` (or the seasonal recipe's
 * `startDate`), in the standard time of `zone` (or the recipe's `utcOffset`).
 * @throws InputError when neither gives a date or a clock
 * @example studyClockOf({ ...demoScenario(), days: 7 }, { start: "2025-06-01", zone: "Europe/Berlin" }).utcOffsetMinutes // 60
 */
export function studyClockOf(
  scenario: Pick<Scenario, "days" | "hoursPerDay" | "synthetic">,
  o: Pick<StudyDataOptions, "start" | "zone">,
): StudyClock {
  const seasonal = scenario.synthetic?.recipe === "seasonal" ? scenario.synthetic : undefined;
  const startDate = o.start ?? seasonal?.startDate;
  if (startDate === undefined)
    throw new InputError("--start", "real data needs the study's first day (e.g. --start 2025-01-01)");
  if (dateMs(startDate) === null)
    throw new InputError("--start", `must be a date written YYYY-MM-DD, got "${echo(startDate)}"`);
  let utcOffsetMinutes: number;
  if (o.zone !== undefined) {
    checkZone(o.zone, "--zone");
    utcOffsetMinutes = standardOffsetMinutes(o.zone, Number(startDate.slice(0, 4)));
  } else if (seasonal) utcOffsetMinutes = Math.round(seasonal.utcOffset * 60);
  else
    throw new InputError(
      "--zone",
      "real data needs the study's time zone (e.g. --zone Europe/Berlin; the study runs in its standard time)",
    );
  return { startDate, days: scenario.days, stepsPerDay: scenario.hoursPerDay, utcOffsetMinutes };
}

function keep(path: string, role: string, files: Record<string, string>, notes: string[]): void {
  const size = statSync(path).size;
  if (size > KEEP_MAX_BYTES) {
    notes.push(
      `${path}: ${size} bytes, not copied into the results folder (over ${KEEP_MAX_BYTES} bytes); profiles.csv and prices.csv there repeat the run`,
    );
    return;
  }
  files[`given-${role}-${basename(path)}`] = readFileSync(path, "utf8");
}

const fmt = (v: number[]) => v.map((x) => (Number.isNaN(x) ? "–" : x.toFixed(0))).join(" ");

function calibrate(
  scenario: Scenario,
  network: Network,
  profiles: Profiles,
  clock: StudyClock,
  file: string,
  notes: string[],
  files: Record<string, string>,
): void {
  const spec = scenario.synthetic;
  if (spec?.recipe !== "seasonal")
    throw new InputError(
      "--calibrate-pv",
      "scales the seasonal recipe's PV; the scenario's synthetic recipe is not seasonal",
    );
  const target = pvgisMonthlyYield(readPvgis(file));
  const before = monthlyPvPerKwp(profiles, clock, network, spec.pvKwp);
  profiles.solar.set(calibrateMonthlyPv(profiles, clock, network, spec.pvKwp, target).solar);
  notes.push(
    `${file}: the seasonal recipe's PV per kWp by month (Jan–Dec, kWh/kWp) ${fmt(before)} scaled to the file's ${fmt(target)}`,
  );
  keep(file, "calibrate-pv", files, notes);
}

/**
 * Reads the given files onto the study's clock and puts them into `base`
 * (the generated or read profiles): demand from the meter file, PV from the
 * PVGIS file, prices from spot with the tariff.
 * @example loadStudyData(scenario, network, generateProfiles(scenario, network), { pv: "pvgis.csv", zone: "Europe/Berlin", start: "2025-01-01", kwp: [5] })
 */
export function loadStudyData(scenario: Scenario, network: Network, base: Profiles, o: StudyDataOptions): StudyData {
  const clock = studyClockOf({ ...scenario, days: base.days }, o);
  const seasonalStart = scenario.synthetic?.recipe === "seasonal" ? scenario.synthetic.startDate : undefined;
  if (
    o.baseFromRecipe &&
    seasonalStart !== undefined &&
    seasonalStart !== clock.startDate &&
    (o.pv === undefined || o.demand === undefined)
  )
    throw new InputError(
      "--start",
      `${clock.startDate} is not the seasonal recipe's startDate ${seasonalStart}, whose generated ${o.pv === undefined ? "PV" : "demand"} would be for other days; set startDate in the scenario, or give both --pv and --demand`,
    );
  const notes: string[] = [],
    files: Record<string, string> = {};
  const profiles: Profiles = { ...base, demand: base.demand.slice(), solar: base.solar.slice() };
  const seasonal = scenario.synthetic?.recipe === "seasonal" ? scenario.synthetic : undefined;
  if (o.demand !== undefined) {
    const meter = readMeterCsv(o.demand, {
      clock,
      zone: o.zone,
      zoneFrom: "--zone",
      fillGapsMinutes: o.fillGapsMinutes,
    });
    const p = profilesFromSeries(network, clock, { ...meter, file: o.demand });
    profiles.demand.set(p.demand);
    notes.push(...meter.notes);
    keep(o.demand, "demand", files, notes);
  }
  if (o.pv !== undefined) {
    const pv = readPvgis(o.pv);
    const kwp = o.kwp ?? (seasonal ? seasonal.pvKwp : pv.kind === "power" ? pv.meta.peakPowerKw : undefined);
    if (kwp === undefined)
      throw new InputError(
        "--kwp",
        `${o.pv} gives irradiance only: give each prosumer's kWp (e.g. --kwp 5 or --kwp 5,4,3)`,
      );
    const place = seasonal ? { latitude: seasonal.latitude, longitude: seasonal.longitude } : undefined;
    const r = pvgisPerHouse(pv, network, {
      clock,
      kwp: Array.isArray(kwp) && kwp.length === 1 ? kwp[0] : kwp,
      year: o.pvYear,
      place,
      acceptLocation: o.acceptLocation,
    });
    const T = clock.stepsPerDay,
      N = network.houses.length;
    for (let d = 0; d < clock.days; d++)
      for (let h = 0; h < N; h++)
        profiles.solar.set(r.kwh[h].subarray(d * T, (d + 1) * T), profileIndex(profiles, d, h, 0));
    notes.push(...r.notes);
    keep(o.pv, "pv", files, notes);
  }
  if (o.calibratePv !== undefined) calibrate(scenario, network, profiles, clock, o.calibratePv, notes, files);
  let prices: PriceTable | undefined;
  if (o.spot !== undefined) {
    const s = readSpotCsv(o.spot, { clock, zone: o.zone, zoneFrom: "--zone", fillGapsMinutes: o.fillGapsMinutes });
    const t = spotPriceTable(s, clock, o.tariff ?? DEFAULT_TARIFF);
    prices = t.table;
    notes.push(...t.notes);
    keep(o.spot, "spot", files, notes);
  }
  return { clock, profiles, prices, notes, files };
}
