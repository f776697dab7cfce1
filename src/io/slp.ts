/**
 * Standard load profiles (docs/data-formats.md "Standard load profiles"):
 * a user-supplied BDEW table — H0 (1999: three seasons × three day types) or
 * H25 (2025: twelve months × three day types) — of 15-minute average power in
 * W for 1 000 kWh a year, turned into each house's demand in kWh per study
 * step, scaled to its annual kWh, with the German public holidays of a state
 * treated as Sundays (from `feiertagejs`) and 24 and 31 December as Saturdays.
 */
import { readFileSync } from "node:fs";
import { getHolidays } from "feiertagejs";
import { InputError, echo } from "../errors/errors.js";
import type { Network } from "../community/network.js";
import { dateMs, studyStartMs, zoneOffsetMinutes, type StudyClock } from "./clock.js";
import { linesOfText } from "./lines.js";
import { readError } from "./read-error.js";
import { toSteps } from "./series.js";
import { cellNumber } from "./timestamped-csv.js";
import type { MeterSeries } from "./timeseries.js";

/** A day's type in the BDEW tables: weekday (Werktag), Saturday, Sunday or public holiday. */
export type SlpDay = "weekday" | "saturday" | "sunday";

/** A BDEW table: 96 quarter-hour values (W at 1 000 kWh/a) per period and day type. */
export interface SlpTable {
  /** `season` (H0 1999: winter, summer, transition) or `month` (H25: 1..12) */
  periods: "season" | "month";
  /** key `period/day` (e.g. `winter/saturday`, `7/weekday`) → 96 values, 00:00–00:15 first */
  values: Map<string, Float64Array>;
}

const SEASON_WORDS: [RegExp, string][] = [
  [/^winter$/i, "winter"],
  [/^(sommer|summer)$/i, "summer"],
  [/^(übergangszeit|uebergangszeit|übergang|transition)$/i, "transition"],
];
const DAY_WORDS: [RegExp, SlpDay][] = [
  [/^(werktag|workday|weekday|wt)$/i, "weekday"],
  [/^(samstag|saturday|sa)$/i, "saturday"],
  [/^(sonntag|sunday|feiertag|holiday|ft|so)$/i, "sunday"],
];
const MONTHS = ["jan", "feb", "m(ä|ae|a)r", "apr", "ma[iy]", "jun", "jul", "aug", "sep", "o[ck]t", "nov", "de[cz]"].map(
  (m) => new RegExp(`^${m}`, "i"),
);

function keyOf(cell: string): { period: string; kind: "season" | "month"; day: SlpDay } | null {
  const words = cell.split(/[^\p{L}\d]+/u).filter((w) => w !== "");
  let period: string | undefined, kind: "season" | "month" | undefined, day: SlpDay | undefined;
  for (const w of words) {
    const s = SEASON_WORDS.find(([re]) => re.test(w));
    if (s) [period, kind] = [s[1], "season"];
    const m = MONTHS.findIndex((re) => re.test(w));
    if (!s && m >= 0 && !DAY_WORDS.some(([re]) => re.test(w))) [period, kind] = [String(m + 1), "month"];
    const d = DAY_WORDS.find(([re]) => re.test(w));
    if (d) day = d[1];
  }
  return period && kind && day ? { period, kind, day } : null;
}

/**
 * Parses a BDEW table as CSV: a header of a time column and one column per
 * (season or month, day type) — `Winter Samstag`, `summer_weekday`,
 * `Januar WT`, … — then 96 quarter-hour rows (00:00–00:15 first), W at
 * 1 000 kWh a year (decimal commas with `;`).
 * @throws InputError naming `file:line`: a header cell that names no period and day type, a pair twice or missing, mixed seasons and months, a row that is not 96 numbers ≥ 0, a count other than 96 rows
 * @example parseSlpTable(text, "h0.csv").values.get("winter/saturday")![0] // W in 00:00–00:15
 */
export function parseSlpTable(text: string, file = "slp.csv"): SlpTable {
  let header: { keys: string[]; line: number; delimiter: string } | null = null;
  let periods: SlpTable["periods"] | undefined;
  const values = new Map<string, Float64Array>();
  let rows = 0;
  for (const { text: raw, line } of linesOfText(text, file)) {
    if (raw.trim() === "" || raw.startsWith("#")) continue;
    const at = `${file}:${line}`;
    const delimiter = raw.includes(";") ? ";" : ",";
    const cells = raw.split(delimiter).map((c) => c.trim().replace(/^"|"$/g, ""));
    if (!header) {
      const keys = cells.slice(1).map((c) => {
        const k = keyOf(c);
        if (!k)
          throw new InputError(
            at,
            `unknown header cell "${echo(c)}": name a season (Winter, Sommer, Übergangszeit) or a month, and a day type (Werktag, Samstag, Sonntag)`,
          );
        if (periods && periods !== k.kind) throw new InputError(at, `header mixes seasons and months ("${echo(c)}")`);
        periods = k.kind;
        const key = `${k.period}/${k.day}`;
        if (values.has(key)) throw new InputError(at, `"${echo(c)}" repeats ${key}`);
        values.set(key, new Float64Array(96));
        return key;
      });
      const need = periods === "month" ? 36 : 9;
      if (keys.length !== need)
        throw new InputError(
          at,
          `expected ${need} value columns (${periods === "month" ? "12 months" : "3 seasons"} × 3 day types), got ${keys.length}`,
        );
      header = { keys, line, delimiter };
      continue;
    }
    if (rows === 96) throw new InputError(at, "more than 96 quarter-hour rows");
    if (cells.length !== header.keys.length + 1)
      throw new InputError(
        at,
        `expected ${header.keys.length + 1} columns as the header (line ${header.line}), got ${cells.length}`,
      );
    header.keys.forEach((k, c) => {
      const v = cellNumber(cells[c + 1], delimiter);
      if (v === null || v < 0)
        throw new InputError(at, `${k}: "${echo(cells[c + 1])}" is not a number ≥ 0 (W at 1 000 kWh a year)`);
      values.get(k)![rows] = v;
    });
    rows++;
  }
  if (!header)
    throw new InputError(file, "is empty (expected a header: a time column, then Winter Samstag, Winter Sonntag, …)");
  if (rows !== 96)
    throw new InputError(file, `has ${rows} quarter-hour rows, expected 96 (00:00–00:15 to 23:45–24:00)`);
  return { periods: periods!, values };
}

/**
 * Reads a BDEW table from disk (see {@link parseSlpTable}).
 * @example readSlpTable("h0.csv").periods // "season"
 */
export function readSlpTable(path: string): SlpTable {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (e) {
    throw readError(path, e);
  }
  return parseSlpTable(text, path);
}

/**
 * H0's season of a date (BDEW 1999): winter 1 November – 20 March, summer
 * 15 May – 14 September, transition otherwise.
 * @example slpSeason(3, 21) // "transition"
 */
export function slpSeason(month: number, day: number): "winter" | "summer" | "transition" {
  const md = month * 100 + day;
  if (md >= 1101 || md <= 320) return "winter";
  if (md >= 515 && md <= 914) return "summer";
  return "transition";
}

/**
 * BDEW's dynamisation factor of H0 for day of year t (1 = 1 January):
 * −3.92e-10·t⁴ + 3.2e-7·t³ − 7.02e-5·t² + 2.1e-3·t + 1.24.
 * @example dynamisation(1) // 1.242030119608
 */
export function dynamisation(t: number): number {
  return -3.92e-10 * t ** 4 + 3.2e-7 * t ** 3 - 7.02e-5 * t ** 2 + 2.1e-3 * t + 1.24;
}

/** German states as `feiertagejs` names them (`BUND`: nationwide holidays only). */
export const GERMAN_STATES = [
  "BW",
  "BY",
  "BE",
  "BB",
  "HB",
  "HE",
  "HH",
  "MV",
  "NI",
  "NW",
  "RP",
  "SL",
  "SN",
  "ST",
  "SH",
  "TH",
  "BUND",
] as const;

/** One of {@link GERMAN_STATES}. */
export type GermanState = (typeof GERMAN_STATES)[number];

const holidayCache = new Map<string, Set<string>>();
function isHoliday(date: string, state: GermanState): boolean {
  const key = `${date.slice(0, 4)}/${state}`;
  if (!holidayCache.has(key))
    holidayCache.set(key, new Set(getHolidays(Number(date.slice(0, 4)), state).map((h) => h.dateString)));
  return holidayCache.get(key)!.has(date);
}

/**
 * A date's BDEW day type: Sundays and the state's public holidays are
 * Sundays; Saturdays, and 24 and 31 December when not a Sunday, are Saturdays.
 * @example slpDay("2025-12-24", "BY") // "saturday"
 */
export function slpDay(date: string, state: GermanState): SlpDay {
  const wd = new Date(`${date}T00:00:00Z`).getUTCDay();
  if (wd === 0 || isHoliday(date, state)) return "sunday";
  if (wd === 6 || date.endsWith("-12-24") || date.endsWith("-12-31")) return "saturday";
  return "weekday";
}

/** Options of {@link slpDemand}. */
export interface SlpOptions {
  clock: StudyClock;
  /** kWh a year: one value for every house or one per house */
  annualKwh: number | readonly number[];
  /** the state whose public holidays count as Sundays (default `BUND`, the nationwide ones) */
  state?: GermanState;
  /** the profile's local time zone (default: the study's clock; `Europe/Berlin` for German profiles with summer time) */
  zone?: string;
  /** apply H0's dynamisation factor (default: true for season tables, false for H25's month tables) */
  dynamise?: boolean;
  /** scale so the 365 days from day 1 (366 with a 29 February) sum to `annualKwh` exactly (default true); false: the table × annualKwh / 1 000 */
  normalize?: boolean;
}

/** kWh per quarter hour at 1 000 kWh a year over the study's window, in study time. */
function quarters(table: SlpTable, o: SlpOptions, days: number): Float64Array {
  const start = studyStartMs(o.clock);
  const dyn = o.dynamise ?? table.periods === "season";
  const out = new Float64Array(days * 96);
  for (let q = 0; q < out.length; q++) {
    const t = start + q * 900_000;
    const off = o.zone ? zoneOffsetMinutes(o.zone, t) : o.clock.utcOffsetMinutes;
    const local = new Date(t + off * 60_000);
    const date = local.toISOString().slice(0, 10);
    const [m, d] = [local.getUTCMonth() + 1, local.getUTCDate()];
    const period = table.periods === "season" ? slpSeason(m, d) : String(m);
    const slot = local.getUTCHours() * 4 + Math.floor(local.getUTCMinutes() / 15);
    const w = table.values.get(`${period}/${slpDay(date, o.state ?? "BUND")}`)![slot];
    const doy = Math.round((dateMs(date)! - Date.UTC(local.getUTCFullYear(), 0, 1)) / 86_400_000) + 1;
    out[q] = ((w * 0.25) / 1000) * (dyn ? dynamisation(doy) : 1);
  }
  return out;
}

/**
 * Each house's demand from a BDEW table, kWh per study step (as a
 * {@link MeterSeries} that `profilesFromSeries` takes). The table's quarter
 * hours are local clock time in `zone` (with summer time), mapped onto the
 * study's clock; a 1 000 kWh/a quarter of w W holds w × 0.25 / 1000 kWh,
 * times the dynamisation factor of its day (H0), times annualKwh / 1 000 —
 * or, with `normalize` (the default), scaled so the year from day 1 sums to
 * `annualKwh`.
 * @example profilesFromSeries(network, clock, slpDemand(readSlpTable("h0.csv"), network, { clock, annualKwh: 3500, state: "BY", zone: "Europe/Berlin" }), pv)
 */
export function slpDemand(table: SlpTable, network: Network, o: SlpOptions): MeterSeries {
  const N = network.houses.length;
  const annual = typeof o.annualKwh === "number" ? new Array<number>(N).fill(o.annualKwh) : [...o.annualKwh];
  if (annual.length !== N)
    throw new InputError("annual kWh", `give one value or one per house (${N}), got ${annual.length}`);
  annual.forEach((v, h) => {
    if (!(v >= 0)) throw new InputError("annual kWh", `must be ≥ 0 for ${network.houses[h].id}, got ${v}`);
  });
  const window = quarters(table, o, o.clock.days);
  let scale = 1 / 1000; // kWh per 1 000 kWh/a → per kWh/a
  if (o.normalize ?? true) {
    const y0 = dateMs(o.clock.startDate)!;
    const d = new Date(y0);
    const yearDays = Math.round((Date.UTC(d.getUTCFullYear() + 1, d.getUTCMonth(), d.getUTCDate()) - y0) / 86_400_000);
    const year = quarters(table, { ...o, clock: { ...o.clock, days: yearDays } }, yearDays);
    scale = 1 / year.reduce((a, b) => a + b, 0);
  }
  const perKwh = toSteps({ kind: "energy", resolutionMinutes: 15, columns: [window] }, 0, o.clock);
  return {
    names: network.houses.map((h) => h.id),
    kwh: annual.map((a) => perKwh.map((v) => v * a * scale)),
    resolutionMinutes: 15,
    notes: [],
  };
}
