/**
 * PVGIS hourly output (the EU JRC's `seriescalc`, docs/data-formats.md
 * "PVGIS hourly files"), CSV or JSON: PV power `P` (W, for the kWp and
 * losses chosen on PVGIS) or plane-of-array irradiance only (`G(i)`, or
 * `Gb(i)`+`Gd(i)`+`Gr(i)`, W/m²). Timestamps `YYYYMMDD:HHMM` are UTC; the
 * minutes are an offset inside the hour, and each value is that hour's
 * average. The result is scaled to each prosumer's kWp and mapped from UTC to
 * the study's clock.
 */
import { readFileSync } from "node:fs";
import { InputError, echo } from "../errors/errors.js";
import type { Network } from "../community/network.js";
import { PERFORMANCE_RATIO } from "../profiles/recipes/seasonal.js";
import { dateMs, studyStartMs, type StudyClock } from "./clock.js";
import { linesOfText } from "./lines.js";
import { parseDecimal } from "./number.js";
import { readError } from "./read-error.js";
import { toSteps } from "./series.js";

const HOUR = 3_600_000;

/** What a PVGIS file says about its place and system (absent when the file does not say). */
export interface PvgisMeta {
  latitude?: number;
  longitude?: number;
  elevation?: number;
  /** e.g. `PVGIS-SARAH2` */
  database?: string;
  /** as written, e.g. `30 deg.` */
  slope?: string;
  azimuth?: string;
  /** the nominal power the `P` column is for, kW */
  peakPowerKw?: number;
  /** system losses, % */
  systemLossPercent?: number;
}

/** A PVGIS file read: one value per UTC hour from `startMs`. */
export interface PvgisSeries {
  meta: PvgisMeta;
  /** `power`: W of the file's system; `irradiance`: W/m² on the panel */
  kind: "power" | "irradiance";
  /** UTC ms of the first row's hour */
  startMs: number;
  /** hour averages: W (power) or W/m² (irradiance) */
  values: Float64Array;
  file: string;
}

const META: [RegExp, keyof PvgisMeta, "number" | "text"][] = [
  [/^latitude/i, "latitude", "number"],
  [/^longitude/i, "longitude", "number"],
  [/^elevation/i, "elevation", "number"],
  [/^radiation database/i, "database", "text"],
  [/^slope/i, "slope", "text"],
  [/^azimuth/i, "azimuth", "text"],
  [/^nominal power/i, "peakPowerKw", "number"],
  [/^system losses/i, "systemLossPercent", "number"],
];

/** UTC ms of the hour of a `YYYYMMDD:HHMM` stamp, or null. */
function hourOf(stamp: string): number | null {
  const m = /^(\d{4})(\d{2})(\d{2}):(\d{2})(\d{2})$/.exec(stamp);
  if (!m || +m[4] > 23 || +m[5] > 59) return null;
  const day = dateMs(`${m[1]}-${m[2]}-${m[3]}`);
  return day === null ? null : day + +m[4] * HOUR;
}

/** Which columns make the value: `P`, else `G(i)`, else `Gb(i)+Gd(i)+Gr(i)`. */
function valueColumns(
  names: string[],
  use: "power" | "irradiance" | undefined,
): { kind: PvgisSeries["kind"]; cols: string[] } | null {
  if (use !== "irradiance" && names.includes("P")) return { kind: "power", cols: ["P"] };
  if (names.includes("G(i)")) return { kind: "irradiance", cols: ["G(i)"] };
  if (["Gb(i)", "Gd(i)", "Gr(i)"].every((c) => names.includes(c)))
    return { kind: "irradiance", cols: ["Gb(i)", "Gd(i)", "Gr(i)"] };
  return null;
}

/** Options of {@link parsePvgis}. */
export interface PvgisParseOptions {
  /** the file name messages give (default `pvgis.csv`) */
  file?: string;
  /** read irradiance even when the file has `P` (default: `P` when present) */
  use?: "power" | "irradiance";
}

class HourSeq {
  values: number[] = [];
  start = NaN;
  private prevLine = 0;
  constructor(private readonly file: string) {}
  push(t: number, v: number, where: string, line: number): void {
    if (this.values.length === 0) this.start = t;
    const expected = this.start + this.values.length * HOUR;
    if (t !== expected) {
      const iso = (x: number) => new Date(x).toISOString().slice(0, 13) + "h UTC";
      const what = t < expected ? (t === expected - HOUR ? "duplicate hour" : "hour out of order") : "gap";
      throw new InputError(
        where,
        `${what}: ${iso(t)} follows ${iso(expected - HOUR)}${this.prevLine ? ` (line ${this.prevLine})` : ""}; PVGIS rows are consecutive hours`,
      );
    }
    if (!(v >= 0)) throw new InputError(where, `value must be a number ≥ 0, got ${v}`);
    this.values.push(v);
    this.prevLine = line;
  }
  done(meta: PvgisMeta, kind: PvgisSeries["kind"]): PvgisSeries {
    if (this.values.length === 0) throw new InputError(this.file, "has no hourly rows");
    return { meta, kind, startMs: this.start, values: Float64Array.from(this.values), file: this.file };
  }
}

function parseCsv(text: string, file: string, use: PvgisParseOptions["use"]): PvgisSeries {
  const meta: PvgisMeta = {};
  const lines = linesOfText(text, file);
  let names: string[] | null = null,
    pick: ReturnType<typeof valueColumns> = null,
    idx: number[] = [];
  const seq = new HourSeq(file);
  for (const { text: raw, line } of lines) {
    const at = `${file}:${line}`;
    const t = raw.trim();
    if (!names) {
      if (t === "") continue;
      if (/^time(\(UTC\))?,/.test(t)) {
        names = t.split(",").map((s) => s.trim());
        pick = valueColumns(names, use);
        if (!pick)
          throw new InputError(
            at,
            `PVGIS header "${echo(t)}" has neither P nor G(i) nor Gb(i), Gd(i), Gr(i) (download the hourly data with PV power or with irradiance components)`,
          );
        idx = pick.cols.map((c) => names!.indexOf(c));
        continue;
      }
      const kv = /^([^:]+):\s*(.*)$/.exec(t);
      if (!kv) throw new InputError(at, `unknown header line "${echo(t)}"; is this a PVGIS hourly (seriescalc) file?`);
      const spec = META.find(([re]) => re.test(kv[1].trim()));
      if (spec) {
        const value = kv[2].trim();
        if (spec[2] === "number") {
          const v = parseDecimal(value);
          if (v === null) throw new InputError(at, `${kv[1].trim()}: "${echo(value)}" is not a number`);
          (meta[spec[1]] as number) = v;
        } else (meta[spec[1]] as string) = value;
      }
      continue;
    }
    if (!/^\d{8}:\d{4}/.test(t)) break; // the footer: legend and copyright
    const f = t.split(",");
    if (f.length !== names.length)
      throw new InputError(at, `expected ${names.length} columns as the header names, got ${f.length}`);
    const hour = hourOf(f[0]);
    if (hour === null) throw new InputError(at, `"${echo(f[0])}" is not a PVGIS time (YYYYMMDD:HHMM)`);
    let v = 0;
    for (const i of idx) {
      const x = parseDecimal(f[i].trim());
      if (x === null) throw new InputError(at, `${names[i]}: "${echo(f[i])}" is not a number`);
      v += x;
    }
    seq.push(hour, Math.max(0, v), at, line);
  }
  if (!names)
    throw new InputError(
      file,
      "has no PVGIS column header (a line starting with time,); is this a PVGIS hourly (seriescalc) file?",
    );
  return seq.done(meta, pick!.kind);
}

type Json = Record<string, unknown>;
const obj = (v: unknown): Json => (typeof v === "object" && v !== null && !Array.isArray(v) ? (v as Json) : {});
const num = (v: unknown): number | undefined => (typeof v === "number" && Number.isFinite(v) ? v : undefined);

function parseJson(text: string, file: string, use: PvgisParseOptions["use"]): PvgisSeries {
  let root: Json;
  try {
    root = obj(JSON.parse(text));
  } catch (e) {
    throw new InputError(file, `is not valid JSON (${echo((e as Error).message)})`);
  }
  const inputs = obj(root.inputs),
    loc = obj(inputs.location),
    meteo = obj(inputs.meteo_data),
    pv = obj(inputs.pv_module);
  const fixed = obj(obj(inputs.mounting_system).fixed);
  const meta: PvgisMeta = {
    latitude: num(loc.latitude),
    longitude: num(loc.longitude),
    elevation: num(loc.elevation),
    database: typeof meteo.radiation_db === "string" ? meteo.radiation_db : undefined,
    slope: fixed.slope !== undefined ? String(obj(fixed.slope).value) : undefined,
    azimuth: fixed.azimuth !== undefined ? String(obj(fixed.azimuth).value) : undefined,
    peakPowerKw: num(pv.peak_power),
    systemLossPercent: num(pv.system_loss),
  };
  const hourly = obj(root.outputs).hourly;
  if (!Array.isArray(hourly) || hourly.length === 0)
    throw new InputError(file, "has no outputs.hourly array; is this a PVGIS hourly (seriescalc) JSON file?");
  const pick = valueColumns(Object.keys(obj(hourly[0])), use);
  if (!pick)
    throw new InputError(
      `${file}: outputs.hourly[0]`,
      `has neither P nor G(i) nor Gb(i), Gd(i), Gr(i) (keys: ${echo(Object.keys(obj(hourly[0])).join(", "))})`,
    );
  const seq = new HourSeq(file);
  hourly.forEach((row, i) => {
    const at = `${file}: outputs.hourly[${i}]`;
    const r = obj(row);
    const hour = typeof r.time === "string" ? hourOf(r.time) : null;
    if (hour === null)
      throw new InputError(
        at,
        r.time === undefined ? "has no time" : `time "${echo(String(r.time))}" is not a PVGIS time (YYYYMMDD:HHMM)`,
      );
    let v = 0;
    for (const c of pick.cols) {
      const x = num(r[c]);
      if (x === undefined)
        throw new InputError(at, `${c} must be a number, got ${r[c] === undefined ? "nothing" : echo(String(r[c]))}`);
      v += x;
    }
    seq.push(hour, Math.max(0, v), at, 0);
  });
  return seq.done(meta, pick.kind);
}

/**
 * Parses a PVGIS hourly file, CSV or JSON (told by its first character).
 * Refuses, naming the file and line (or JSON entry): header lines that are
 * not PVGIS's, a column header without `P` or irradiance, a bad time, a
 * duplicate, out-of-order or missing hour, a value that is not a number.
 * Negative values (PVGIS writes `-0.0`) read as 0.
 * @example parsePvgis(readFileSync("Timeseries_45.000_8.000_SA_30deg_0deg_2016_2016.csv", "utf8")).kind // "irradiance"
 */
export function parsePvgis(text: string, options: PvgisParseOptions = {}): PvgisSeries {
  const file = options.file ?? "pvgis.csv";
  return text.trimStart().startsWith("{") ? parseJson(text, file, options.use) : parseCsv(text, file, options.use);
}

/**
 * Reads a PVGIS hourly file from disk (see {@link parsePvgis}).
 * @example readPvgis("pvgis.json").meta.latitude // 45
 */
export function readPvgis(path: string, options: Omit<PvgisParseOptions, "file"> = {}): PvgisSeries {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (e) {
    throw readError(path, e);
  }
  return parsePvgis(text, { ...options, file: path });
}

/** Options of {@link pvgisPerHouse}. */
export interface PvgisScaleOptions {
  clock: StudyClock;
  /** kWp: one value for every prosumer, one per prosumer, or one per house (consumers 0) */
  kwp: number | readonly number[];
  /** a factor per house (shading, orientation), default 1 */
  factor?: readonly number[];
  /** irradiance files only: kWh per kWh/m² of irradiance on 1 kWp (default 0.8, as the seasonal recipe) */
  performanceRatio?: number;
  /** the file's year that stands for the study's first year (default: the study's own year if the file has it, else the file's first year) */
  year?: number;
  /** the scenario's place: a file more than 0.1° away is refused unless `acceptLocation` */
  place?: { latitude: number; longitude: number };
  acceptLocation?: boolean;
}

/** PV per house on the study's steps, and what the mapping did. */
export interface PvgisProfiles {
  /** per house in network order, kWh per step, index `day · stepsPerDay + step` */
  kwh: Float64Array[];
  /** the file's year used for the study's first year */
  year: number;
  notes: string[];
}

/**
 * kWp per house in network order from one value for every prosumer, one per prosumer or one per house (consumers 0).
 * @example kwpPerHouse(buildNetwork(demoScenario()), 5, "pvgis.csv") // [5, 5, 0, 5, 0]
 */
export function kwpPerHouse(network: Network, kwp: number | readonly number[], file: string): number[] {
  const N = network.houses.length,
    P = network.prosumers.length;
  const out = new Array<number>(N).fill(0);
  if (typeof kwp === "number") network.prosumers.forEach((h) => (out[h] = kwp));
  else if (kwp.length === P) network.prosumers.forEach((h, i) => (out[h] = kwp[i]));
  else if (kwp.length === N) kwp.forEach((v, h) => (out[h] = network.houses[h].kind === "consumer" ? 0 : v));
  else
    throw new InputError(
      `${file}: kWp`,
      `give one value, one per prosumer (${P}) or one per house (${N}), got ${kwp.length}`,
    );
  out.forEach((v, h) => {
    if (!(v >= 0)) throw new InputError(`${file}: kWp`, `must be ≥ 0 for ${network.houses[h].id}, got ${v}`);
  });
  return out;
}

/**
 * kWh per kWp in each UTC hour of the study's window, taken from the file's
 * `year`: a study date maps to the same month, day and clock hour in that
 * year (29 February is refused when that year has none).
 */
function hourlyPerKwp(p: PvgisSeries, o: PvgisScaleOptions, notes: string[]): { values: Float64Array; year: number } {
  const first = new Date(p.startMs).getUTCFullYear(),
    last = new Date(p.startMs + (p.values.length - 1) * HOUR).getUTCFullYear();
  const startYear = Number(o.clock.startDate.slice(0, 4));
  const year = o.year ?? (startYear >= first && startYear <= last ? startYear : first);
  if (year < first || year > last) throw new InputError(p.file, `has no year ${year}: it covers ${first}–${last}`);
  if (o.year === undefined && year !== startYear)
    notes.push(`${p.file}: year ${year} stands for the study's ${startYear}`);
  const perKwp = perKwpOf(p, o);
  const off = o.clock.utcOffsetMinutes;
  if (off % 60 !== 0)
    throw new InputError(p.file, `PVGIS hours are UTC hours; a study clock ${off} minutes from UTC would split them`);
  const start = studyStartMs(o.clock);
  const hours = o.clock.days * 24;
  const out = new Float64Array(hours);
  let borrowed = 0;
  for (let j = 0; j < hours; j++) {
    const local = new Date(start + j * HOUR + off * 60_000);
    const y = local.getUTCFullYear() - startYear + year,
      m = local.getUTCMonth(),
      d = local.getUTCDate();
    const day = Date.UTC(y, m, d);
    if (new Date(day).getUTCDate() !== d)
      throw new InputError(
        p.file,
        `year ${y} has no ${d} ${local.toLocaleString("en", { month: "long", timeZone: "UTC" })} (study day ${Math.floor(j / 24) + 1}); choose a leap year`,
      );
    let i = Math.round((day + local.getUTCHours() * HOUR - off * 60_000 - p.startMs) / HOUR);
    if (i < 0 || i >= p.values.length) {
      const near = i < 0 ? i + 24 : i - 24; // the same clock hour a day later or earlier, for the offset's hours at the file's edge
      if (
        Math.abs(off) >= 60 &&
        near >= 0 &&
        near < p.values.length &&
        (i < 0 ? -i : i - p.values.length + 1) <= Math.abs(off) / 60
      ) {
        i = near;
        borrowed++;
      } else {
        const iso = (x: number) => new Date(x).toISOString().slice(0, 13) + "h UTC";
        throw new InputError(
          p.file,
          `has no data for study day ${Math.floor(j / 24) + 1} (${local.toISOString().slice(0, 10)} mapped to year ${y}): ` +
            `it covers ${iso(p.startMs)} to ${iso(p.startMs + (p.values.length - 1) * HOUR)}; choose another year or fewer days`,
        );
      }
    }
    out[j] = perKwp[i];
  }
  if (borrowed)
    notes.push(
      `${p.file}: ${borrowed} hour(s) at the edge of the file's UTC year, shifted by the study's UTC offset, take the same clock hour of the neighbouring day`,
    );
  return { values: out, year };
}

function perKwpOf(p: PvgisSeries, o: PvgisScaleOptions): Float64Array {
  if (p.kind === "power") {
    const kw = p.meta.peakPowerKw;
    if (!(kw !== undefined && kw > 0))
      throw new InputError(p.file, "gives P but no nominal power (kWp) to scale it by");
    return p.values.map((w) => w / 1000 / kw);
  }
  const pr = o.performanceRatio ?? PERFORMANCE_RATIO;
  if (!(pr > 0 && pr <= 1)) throw new InputError(`${p.file}: performance ratio`, `must be in (0, 1], got ${pr}`);
  return p.values.map((g) => (g / 1000) * pr);
}

/**
 * PV per house from a PVGIS file: kWh per kWp in each hour (from `P` and
 * the file's nominal power, or from irradiance as G/1000 × performance
 * ratio), times each prosumer's kWp and factor, on the study's steps (an
 * hour's energy split evenly over its 15-minute steps). Study day 1 is
 * `clock.startDate` in the study's clock (UTC + `utcOffsetMinutes`); the
 * file's UTC hours are shifted onto it.
 * @throws InputError for a file of another place (unless accepted), a year the file lacks, a study day outside it
 * @example pvgisPerHouse(readPvgis("pvgis.csv"), network, { clock, kwp: 5 }).kwh[0] // kWh per step of g1h1
 */
export function pvgisPerHouse(p: PvgisSeries, network: Network, o: PvgisScaleOptions): PvgisProfiles {
  const notes: string[] = [];
  const { latitude, longitude } = p.meta;
  if (
    o.place &&
    latitude !== undefined &&
    longitude !== undefined &&
    (Math.abs(latitude - o.place.latitude) > 0.1 || Math.abs(longitude - o.place.longitude) > 0.1)
  ) {
    const what = `is for ${latitude}, ${longitude}, not the scenario's ${o.place.latitude}, ${o.place.longitude}`;
    if (!o.acceptLocation)
      throw new InputError(p.file, `${what} (accept it with --accept-location, or acceptLocation: true)`);
    notes.push(`${p.file}: ${what} (accepted)`);
  }
  const kwp = kwpPerHouse(network, o.kwp, p.file);
  const factor = o.factor ?? [];
  if (factor.length !== 0 && factor.length !== network.houses.length)
    throw new InputError(`${p.file}: factor`, `give one per house (${network.houses.length}), got ${factor.length}`);
  const { values, year } = hourlyPerKwp(p, o, notes);
  const perKwp = toSteps({ kind: "energy", resolutionMinutes: 60, columns: [values] }, 0, o.clock);
  const kwh = network.houses.map((_, h) => perKwp.map((v) => v * kwp[h] * (factor[h] ?? 1)));
  return { kwh, year, notes };
}
