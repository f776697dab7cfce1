/**
 * Reading `profiles.csv` (docs/data-formats.md): one line at a time, so a file of
 * any size is read in bounded memory and the first bad line stops the
 * reading. Numbers are decimal or scientific only (`0x10` is refused).
 */
import { parse } from "csv-parse/sync";
import { InputError, echo } from "../errors/errors.js";
import type { Network } from "../community/network.js";
import type { Scenario } from "../community/scenario.js";
import { PROFILE_COLUMNS, profileIndex, type Profiles } from "../profiles/profiles.js";
import { checkSize } from "../community/limits.js";
import { parseDecimal } from "./number.js";
import { limitProblem } from "../community/value-limits.js";
import { linesOfFile, linesOfText, type Line } from "./lines.js";
import * as message from "../errors/messages.js";

/** Options of {@link parseProfilesCsv} and {@link readProfiles}. */
export interface ReadProfilesOptions {
  /**
   * keep only the first `days` days (default: the scenario's); rows of
   * later days are checked like the others (the whole file is refused or
   * accepted whatever `days` is) but not kept
   */
  days?: number;
}

/** {@link parseProfilesCsv}'s options: {@link ReadProfilesOptions} and the file name its errors name. */
export interface ParseProfilesOptions extends ReadProfilesOptions {
  /** the file name error messages give (default `profiles.csv`) */
  file?: string;
}

function fields(text: string, at: string): string[] {
  if (!text.includes('"')) return text.split(",").map((f) => f.trim());
  try {
    const rows = parse(text, { trim: true, relax_column_count: true }) as string[][];
    return rows[0] ?? [];
  } catch (e) {
    throw new InputError(at, message.notValidCsv(echo(String((e as Error).message).split("\n")[0])));
  }
}

/**
 * The rows of days after the ones kept: checked like the others (a duplicate
 * or a missing row is refused) without keeping their values — one line
 * number per (house, hour) of each day the file has.
 */
class LateDays {
  private readonly seen = new Map<number, Int32Array>();
  constructor(private readonly cells: number) {}

  see(day: number, cell: number, line: number, at: string, what: string): void {
    let lines = this.seen.get(day);
    if (!lines) this.seen.set(day, (lines = new Int32Array(this.cells)));
    if (lines[cell]) throw new InputError(at, message.duplicateRow(what, lines[cell]));
    lines[cell] = line;
  }

  /** The first (day, house·T + hour) in days `from`+1..`to` with no row, or null. */
  missing(from: number, to: number): { day: number; cell: number } | null {
    for (let day = from + 1; day <= to; day++) {
      const lines = this.seen.get(day);
      const cell = lines ? lines.indexOf(0) : 0;
      if (cell >= 0) return { day, cell };
    }
    return null;
  }
}

function readLines(
  lines: Iterable<Line>,
  scenario: Pick<Scenario, "days" | "hoursPerDay">,
  network: Network,
  file: string,
  options: ReadProfilesOptions,
): Profiles {
  const T = scenario.hoursPerDay;
  const keep = options.days ?? scenario.days;
  if (!Number.isInteger(keep) || keep < 1 || keep > scenario.days)
    throw new InputError(file, `cannot keep ${keep} days of a scenario of ${scenario.days} days`);
  const N = network.houses.length;
  checkSize({
    hoursPerDay: T,
    days: keep,
    houses: N,
    prosumers: network.prosumers.length,
    groups: network.groups.length,
  });
  const houses = network.houses.map((h) => h.id);
  let p: Profiles | null = null;
  let seenAt = new Int32Array(0); // line number of the row that set each cell, 0 = unseen
  const late = new LateDays(N * T);
  for (const { text, line } of lines) {
    if (text.trim() === "") continue;
    const at = `${file}:${line}`;
    const record = fields(text, at);
    if (!p) {
      if (record.join(",") !== PROFILE_COLUMNS.join(","))
        throw new InputError(at, `header must be "${PROFILE_COLUMNS.join(",")}", got "${echo(record.join(","))}"`);
      p = {
        days: keep,
        hours: T,
        houses,
        demand: new Float64Array(keep * N * T),
        solar: new Float64Array(keep * N * T),
      };
      seenAt = new Int32Array(keep * N * T);
      continue;
    }
    if (record.length !== PROFILE_COLUMNS.length)
      throw new InputError(at, message.columnCount(PROFILE_COLUMNS, record.length));
    const [dayS, hourS, house, demS, solS] = record;
    const int = (s: string, name: string, lo: number, hi: number, what: string) => {
      const v = parseDecimal(s);
      if (v === null || !Number.isInteger(v))
        throw new InputError(at, message.cellWholeNumber(name, message.quoted(s)));
      if (v < lo || v > hi) throw new InputError(at, message.outOfRange(name, v, what));
      return v;
    };
    const day = int(dayS, "day", 1, scenario.days, `the scenario has days 1..${scenario.days}`);
    const hour = int(hourS, "hour", 0, T - 1, `the scenario has hours 0..${T - 1}`);
    const h = network.indexOf.get(house);
    if (h === undefined) {
      const list =
        houses.length > 8 ? `${houses.slice(0, 8).join(", ")}, … (${houses.length} in all)` : houses.join(", ");
      throw new InputError(at, `unknown house "${echo(house)}" (the scenario's houses are ${list})`);
    }
    const num = (s: string, name: string) => {
      const v = parseDecimal(s);
      if (v === null)
        throw new InputError(
          at,
          `${name} must be a finite number, got "${echo(s)}" (decimal or scientific notation only)`,
        );
      if (v < 0) throw new InputError(at, `${name} must not be negative, got ${echo(s)}`);
      const problem = limitProblem("stepEnergy", v);
      if (problem) throw new InputError(at, `${name} ${problem}`);
      return v;
    };
    const demand = num(demS, "demand_kwh");
    const solar = num(solS, "solar_kwh");
    if (solar > 0 && network.houses[h].kind === "consumer")
      throw new InputError(at, `${house} is a consumer and has no PV, but solar_kwh is ${echo(solS)} (it must be 0)`);
    if (day > keep) {
      late.see(day, h * T + hour, line, at, `day ${day}, hour ${hour}, house ${house}`);
      continue;
    }
    const i = profileIndex(p, day - 1, h, hour);
    if (seenAt[i])
      throw new InputError(at, message.duplicateRow(`day ${day}, hour ${hour}, house ${house}`, seenAt[i]));
    seenAt[i] = line;
    p.demand[i] = demand;
    p.solar[i] = solar;
  }
  if (!p) throw new InputError(file, message.emptyExpectingHeader(PROFILE_COLUMNS.join(",")));
  const missing = seenAt.indexOf(0);
  if (missing >= 0) {
    let count = 0;
    for (const v of seenAt) if (v === 0) count++;
    const hour = missing % T,
      h = Math.floor(missing / T) % N,
      day = Math.floor(missing / (T * N)) + 1;
    throw new InputError(file, message.missingRow(`day ${day}, hour ${hour}, house ${houses[h]}`, count - 1));
  }
  const gap = late.missing(keep, scenario.days);
  if (gap)
    throw new InputError(
      file,
      message.missingRow(`day ${gap.day}, hour ${gap.cell % T}, house ${houses[Math.floor(gap.cell / T)]}`),
    );
  return p;
}

/**
 * Parses `profiles.csv` text for a scenario and network. Refuses, naming
 * `file:line`, a wrong header or column count, a value that is not a
 * decimal number (`0x10`, `Infinity`, `""`), a negative one, a day or hour
 * out of range, an unknown house, a consumer with PV, a duplicate row, and
 * any missing (day, hour, house). kWh per hour step. `options.file` is
 * the name errors give (default `profiles.csv`).
 * @example parseProfilesCsv(profilesToCsv(p), scenario, network).demand // equal to p.demand
 */
export function parseProfilesCsv(
  text: string,
  scenario: Pick<Scenario, "days" | "hoursPerDay">,
  network: Network,
  options: ParseProfilesOptions = {},
): Profiles {
  const file = options.file ?? "profiles.csv";
  return readLines(linesOfText(text, file), scenario, network, file, options);
}

/**
 * Reads `profiles.csv` from disk a chunk at a time (see
 * {@link parseProfilesCsv}); stops at the first bad line. kWh per hour step.
 * @example readProfiles("results/demo/profiles.csv", scenario, network, { days: 7 })
 */
export function readProfiles(
  path: string,
  scenario: Pick<Scenario, "days" | "hoursPerDay">,
  network: Network,
  options: ReadProfilesOptions = {},
): Profiles {
  return readLines(linesOfFile(path), scenario, network, path, options);
}
