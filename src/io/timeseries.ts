/**
 * Smart-meter exports (docs/data-formats.md "Meter files"): a timestamp
 * column, then one column per house in W, kW (power: averaged over the
 * interval) or Wh, kWh (energy per interval), at 5 to 60 minutes, resampled to
 * the study's steps in kWh per step. Read a line at a time: memory is the
 * study's window, not the file.
 */
import { InputError, echo } from "../errors/errors.js";
import type { Network } from "../community/network.js";
import { profileIndex, type Profiles } from "../profiles/layout.js";
import type { StudyClock } from "./clock.js";
import { linesOfFile, linesOfText, type Line } from "./lines.js";
import { SeriesBuilder, toSteps } from "./series.js";
import { cellNumber, readTimedHeader, timedRows, type StampOptions } from "./timestamped-csv.js";

/** Units of a meter column: power (W, kW) or energy per interval (Wh, kWh). */
export const METER_UNITS = ["W", "kW", "Wh", "kWh"] as const;

/** One of {@link METER_UNITS}. */
export type MeterUnit = (typeof METER_UNITS)[number];

/** Options of {@link parseMeterCsv} and {@link readMeterCsv}. */
export interface MeterOptions extends StampOptions {
  /** the study's days and steps */
  clock: StudyClock;
  /** the unit of every column (default: read from each column's header, e.g. `g1h1 [kWh]`) */
  unit?: MeterUnit;
  /** the file's resolution, minutes (default: from its first two rows) */
  resolutionMinutes?: number;
  /** gaps of at most this many minutes are filled by linear interpolation and reported (default 0: refused) */
  fillGapsMinutes?: number;
  /** the timestamps are the intervals' ends (`00:15` for 00:00–00:15), as some meter portals write them (default: starts) */
  stampsAtEnd?: boolean;
}

/** A meter file on the study's steps. */
export interface MeterSeries {
  /** column names without their units, as in the header */
  names: string[];
  /** per column, kWh per study step, index `day · stepsPerDay + step` */
  kwh: Float64Array[];
  /** the file's resolution, minutes */
  resolutionMinutes: number;
  /** what was done that a user should know (gaps filled) */
  notes: string[];
}

const UNIT_IN_NAME = /^(.+?)(?:\s*[[(]\s*([^\])]*?)\s*[\])]|[\s_]+(W|kW|Wh|kWh))$/i;

function unitOf(name: string, at: string, given: MeterUnit | undefined): { name: string; unit: MeterUnit } {
  const m = UNIT_IN_NAME.exec(name);
  const written = m ? (m[2] ?? m[3]) : undefined;
  const bare = m ? m[1].trim() : name;
  if (written !== undefined) {
    const unit = METER_UNITS.find((u) => u.toLowerCase() === written.toLowerCase());
    if (!unit)
      throw new InputError(
        at,
        `column "${echo(name)}": unknown unit "${echo(written)}" (one of ${METER_UNITS.join(", ")})`,
      );
    if (given && given !== unit)
      throw new InputError(at, `column "${echo(name)}" is in ${unit}, but the unit given is ${given}`);
    return { name: bare, unit };
  }
  if (!given)
    throw new InputError(
      at,
      `column "${echo(name)}" names no unit: write it in the header (e.g. "${echo(name)} [kWh]") or give the unit (W, kW, Wh, kWh)`,
    );
  return { name, unit: given };
}

const TO_KWH: Record<MeterUnit, (v: number, r: number) => number> = {
  W: (v, r) => (v / 1000) * (r / 60),
  kW: (v, r) => v * (r / 60),
  Wh: (v) => v / 1000,
  kWh: (v) => v,
};

function readMeter(lines: Iterator<Line>, file: string, o: MeterOptions): MeterSeries {
  const header = readTimedHeader(lines, file);
  const at = `${file}:${header.line}`;
  const cols = header.names.map((n) => unitOf(n, at, o.unit));
  const names = cols.map((c) => c.name);
  const dup = names.find((n, i) => names.indexOf(n) !== i);
  if (dup !== undefined) throw new InputError(at, `column "${echo(dup)}" appears twice`);
  const builder = new SeriesBuilder({
    clock: o.clock,
    kind: "energy",
    columns: cols.length,
    resolutionMinutes: o.resolutionMinutes,
    fillGapsMinutes: o.fillGapsMinutes,
    file,
    stampsAtEnd: o.stampsAtEnd,
  });
  const convert = cols.map((c) => TO_KWH[c.unit]);
  for (const row of timedRows(lines, header, file, o)) {
    const v = new Float64Array(cols.length);
    row.values.forEach((s, c) => {
      const x = cellNumber(s, header.delimiter);
      if (x === null)
        throw new InputError(
          `${file}:${row.line}`,
          `${names[c]}: "${echo(s)}" is not a number (a missing value is a gap: fill it in the file)`,
        );
      if (x < 0) throw new InputError(`${file}:${row.line}`, `${names[c]}: must not be negative, got ${echo(s)}`);
      v[c] = x;
    });
    builder.push(row.t, v, row.line);
  }
  const series = builderWithUnits(builder, convert);
  return {
    names,
    kwh: names.map((_, c) => toSteps(series, c, o.clock)),
    resolutionMinutes: series.resolutionMinutes,
    notes: builder.notes,
  };
}

function builderWithUnits(builder: SeriesBuilder, convert: ((v: number, r: number) => number)[]) {
  const series = builder.finish();
  const r = series.resolutionMinutes;
  series.columns.forEach((col, c) => col.forEach((v, i) => (col[i] = convert[c](v, r))));
  return series;
}

/**
 * Parses a meter CSV's text onto the study's steps (kWh per step). Refuses,
 * naming `file:line`: an unknown header, an unknown or missing unit, a
 * value that is not a number or is negative, a timestamp without offset
 * when no zone is given, a local time the zone skips, rows out of order, a
 * duplicate, mixed resolutions, a gap (unless `fillGapsMinutes` allows it),
 * and a study day the file does not cover.
 * @example parseMeterCsv("time,g1h1 [kWh]\n2025-01-01T00:00+01:00,0.1\n...", { clock }).kwh[0]
 */
export function parseMeterCsv(text: string, options: MeterOptions & { file?: string }): MeterSeries {
  const file = options.file ?? "meter.csv";
  return readMeter(linesOfText(text, file)[Symbol.iterator](), file, options);
}

/**
 * Reads a meter CSV from disk a chunk at a time (see {@link parseMeterCsv}).
 * @example readMeterCsv("meter.csv", { clock, zone: "Europe/Berlin" }).names // ["g1h1", "g1h2", …]
 */
export function readMeterCsv(path: string, options: MeterOptions): MeterSeries {
  return readMeter(linesOfFile(path)[Symbol.iterator](), path, options);
}

/**
 * Profiles from real data: demand from a meter series (one column per house,
 * named by house id, or exactly one column per house in house order, noted in
 * `demand.notes`) and PV
 * per house (kWh per step; consumers get 0).
 * @param solar - per house in network order, kWh per step (e.g. from {@link pvgisPerHouse}); absent: no PV
 * @throws InputError for a column that is no house, or a house without a column
 * @example profilesFromSeries(network, clock, readMeterCsv("meter.csv", { clock }), pv)
 */
export function profilesFromSeries(
  network: Network,
  clock: Pick<StudyClock, "days" | "stepsPerDay">,
  demand: MeterSeries & { file?: string },
  solar?: Float64Array[],
): Profiles {
  const file = demand.file ?? "meter file";
  const N = network.houses.length,
    T = clock.stepsPerDay,
    D = clock.days;
  const byName = demand.names.every((n) => network.indexOf.has(n));
  if (!byName && demand.names.length !== N) {
    const bad = demand.names.find((n) => !network.indexOf.has(n))!;
    throw new InputError(
      file,
      `column "${echo(bad)}" is no house of the scenario (its houses are ${network.houses.map((h) => h.id).join(", ")}); name columns by house id, or give exactly one column per house`,
    );
  }
  const column = network.houses.map((h, i) => (byName ? demand.names.indexOf(h.id) : i));
  if (!byName)
    demand.notes.push(
      `${file}: columns ${demand.names.join(", ")} taken as houses ${network.houses.map((h) => h.id).join(", ")}, in order`,
    );
  const missing = column.findIndex((c) => c < 0);
  if (missing >= 0) throw new InputError(file, `no column for house ${network.houses[missing].id}`);
  const p: Profiles = {
    days: D,
    hours: T,
    houses: network.houses.map((h) => h.id),
    demand: new Float64Array(D * N * T),
    solar: new Float64Array(D * N * T),
  };
  for (let d = 0; d < D; d++)
    for (let h = 0; h < N; h++)
      for (let t = 0; t < T; t++) {
        const i = profileIndex(p, d, h, t);
        p.demand[i] = demand.kwh[column[h]][d * T + t];
        p.solar[i] = network.houses[h].kind === "consumer" ? 0 : (solar?.[h][d * T + t] ?? 0);
      }
  return p;
}
