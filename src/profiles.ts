/**
 * Hourly demand and PV per house: synthetic profiles from the scenario's
 * recipe (`recipes/`), and `profiles.csv` in and out (DATA-FORMAT.md).
 */
import { readFileSync } from "node:fs";
import { parse } from "csv-parse/sync";
import { InputError } from "./errors.js";
import type { Network } from "./network.js";
import type { Scenario } from "./scenario.js";
import { demoProfiles } from "./recipes/demo.js";
import { seasonalProfiles } from "./recipes/seasonal.js";

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

export { DEMAND_TEMPLATES, SOLAR_TEMPLATES } from "./recipes/demo.js";

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

/**
 * Synthetic profiles (kWh per hour step) from the scenario's recipe
 * (`scenario.synthetic`, DATA-FORMAT.md "Synthetic profiles: recipes"): the
 * demo's (MODEL.md "Synthetic data", the default) or the seasonal one. Both
 * give the same numbers for the same seed on every machine, and the first N
 * days are the same whatever the scenario's `days`.
 * @example generateProfiles(demoScenario(), buildNetwork(demoScenario())).demand.length // 122·5·24
 */
export function generateProfiles(
  scenario: Pick<Scenario, "days" | "hoursPerDay" | "seed" | "synthetic">, network: Network,
): Profiles {
  const spec = scenario.synthetic;
  if (spec?.recipe === "seasonal") return seasonalProfiles({ ...scenario, synthetic: spec }, network);
  return demoProfiles(scenario, network);
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

/**
 * Parses `profiles.csv` text for a scenario and network. Refuses, naming
 * `file:line`, a wrong header or column count, a non-numeric, negative or
 * non-finite value, a day or hour out of range, an unknown house, a
 * consumer with PV, a duplicate row, and any missing (day, hour, house).
 */
export function parseProfilesCsv(
  text: string, scenario: Pick<Scenario, "days" | "hoursPerDay">, network: Network, file = "profiles.csv",
): Profiles {
  const { days, hoursPerDay: T } = scenario;
  const N = network.houses.length;
  let rows: { record: string[]; info: { lines: number } }[];
  try {
    rows = parse(text, { info: true, skip_empty_lines: true, relax_column_count: true, trim: true }) as unknown as typeof rows;
  } catch (e) {
    const err = e as { lines?: number; message: string };
    throw new InputError(`${file}${err.lines ? `:${err.lines}` : ""}`, `is not valid CSV (${err.message})`);
  }
  if (rows.length === 0) throw new InputError(file, "is empty (expected the header day,hour,house,demand_kwh,solar_kwh)");
  const header = rows[0].record;
  if (header.join(",") !== PROFILE_COLUMNS.join(","))
    throw new InputError(`${file}:${rows[0].info.lines}`, `header must be "${PROFILE_COLUMNS.join(",")}", got "${header.join(",")}"`);
  const p: Profiles = {
    days, hours: T, houses: network.houses.map((h) => h.id),
    demand: new Float64Array(days * N * T), solar: new Float64Array(days * N * T),
  };
  const seenAt = new Int32Array(days * N * T); // line number of the row that set each cell, 0 = unseen
  for (let r = 1; r < rows.length; r++) {
    const { record, info } = rows[r];
    const at = `${file}:${info.lines}`;
    if (record.length !== PROFILE_COLUMNS.length)
      throw new InputError(at, `expected ${PROFILE_COLUMNS.length} columns (${PROFILE_COLUMNS.join(",")}), got ${record.length}`);
    const [dayS, hourS, house, demS, solS] = record;
    const int = (s: string, name: string, lo: number, hi: number, what: string) => {
      const v = Number(s);
      if (s === "" || !Number.isInteger(v)) throw new InputError(at, `${name} must be a whole number, got "${s}"`);
      if (v < lo || v > hi) throw new InputError(at, `${name} ${v} is out of range: ${what}`);
      return v;
    };
    const day = int(dayS, "day", 1, days, `the scenario has days 1..${days}`);
    const hour = int(hourS, "hour", 0, T - 1, `the scenario has hours 0..${T - 1}`);
    const h = network.indexOf.get(house);
    if (h === undefined) throw new InputError(at, `unknown house "${house}" (the scenario's houses are ${p.houses.join(", ")})`);
    const num = (s: string, name: string) => {
      const v = Number(s);
      if (s === "" || !Number.isFinite(v)) throw new InputError(at, `${name} must be a finite number, got "${s}"`);
      if (v < 0) throw new InputError(at, `${name} must not be negative, got ${s}`);
      return v;
    };
    const demand = num(demS, "demand_kwh");
    const solar = num(solS, "solar_kwh");
    if (solar > 0 && network.houses[h].kind === "consumer")
      throw new InputError(at, `${house} is a consumer and has no PV, but solar_kwh is ${solS} (it must be 0)`);
    const i = profileIndex(p, day - 1, h, hour);
    if (seenAt[i]) throw new InputError(at, `duplicate row for day ${day}, hour ${hour}, house ${house} (first at line ${seenAt[i]})`);
    seenAt[i] = info.lines;
    p.demand[i] = demand;
    p.solar[i] = solar;
  }
  const missing = seenAt.indexOf(0);
  if (missing >= 0) {
    const count = seenAt.reduce((n, v) => n + (v === 0 ? 1 : 0), 0);
    const hour = missing % T, h = Math.floor(missing / T) % N, day = Math.floor(missing / (T * N)) + 1;
    throw new InputError(file, `missing row for day ${day}, hour ${hour}, house ${p.houses[h]}` +
      (count > 1 ? ` (and ${count - 1} more missing rows)` : ""));
  }
  return p;
}

/** Reads `profiles.csv` from disk (see {@link parseProfilesCsv}). */
export function readProfiles(path: string, scenario: Pick<Scenario, "days" | "hoursPerDay">, network: Network): Profiles {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (e) {
    throw new InputError(path, `cannot be read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
  return parseProfilesCsv(text, scenario, network, path);
}

/** The first `days` days of a profile set (copies). */
export function firstDays(p: Profiles, days: number): Profiles {
  const n = days * p.houses.length * p.hours;
  return { ...p, days, demand: p.demand.slice(0, n), solar: p.solar.slice(0, n) };
}
