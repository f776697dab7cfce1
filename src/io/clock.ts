/**
 * Time for the real-data readers (docs/data-formats.md "Real data: time and
 * steps"): a study runs on one fixed clock, its zone's standard time (no
 * daylight saving), so every study day has exactly `stepsPerDay` steps; files
 * written in UTC, with an offset, or in a named IANA zone's local time (23- and
 * 25-hour days) are all mapped to instants first, then onto that clock.
 *
 * Zones come from Node's own ICU data through `Intl.DateTimeFormat` (every
 * IANA zone, kept current with Node): only two things are needed, a zone's
 * offset at an instant and the instants of a local wall-clock time, so no date
 * library is added.
 */
import { InputError, echo } from "../errors/errors.js";

const MINUTE = 60_000;
const DAY = 86_400_000;

/** The study's clock: which instants its days and steps are. */
export interface StudyClock {
  /** local date of day 1, `YYYY-MM-DD` */
  startDate: string;
  /** days in the study */
  days: number;
  /** steps per day (the scenario's `hoursPerDay`): 24 = hours, 96 = 15 minutes */
  stepsPerDay: number;
  /** minutes the study's clock is ahead of UTC (a zone's standard time: 60 for Europe/Berlin) */
  utcOffsetMinutes: number;
}

/**
 * Minutes per step of a clock: 1440 / stepsPerDay, a whole number.
 * @throws InputError when a day does not split into whole minutes
 * @example stepMinutes({ stepsPerDay: 96 }) // 15
 */
export function stepMinutes(clock: Pick<StudyClock, "stepsPerDay">): number {
  const m = 1440 / clock.stepsPerDay;
  if (!Number.isInteger(m))
    throw new InputError(
      "scenario: hoursPerDay",
      `${clock.stepsPerDay} steps do not split a day into whole minutes (use 24, 48 or 96)`,
    );
  return m;
}

/** UTC milliseconds of a `YYYY-MM-DD` date's midnight, or null when it is not a real date. */
export function dateMs(date: string): number | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!m) return null;
  const ms = Date.UTC(+m[1], +m[2] - 1, +m[3]);
  return new Date(ms).toISOString().slice(0, 10) === date ? ms : null;
}

/**
 * The instant (UTC ms) where the study's day 1 starts.
 * @example studyStartMs({ startDate: "2025-01-01", utcOffsetMinutes: 60 }) // Date.UTC(2024, 11, 31, 23)
 */
export function studyStartMs(clock: Pick<StudyClock, "startDate" | "utcOffsetMinutes">): number {
  const ms = dateMs(clock.startDate);
  if (ms === null)
    throw new InputError("start date", `must be a date written YYYY-MM-DD, got "${echo(clock.startDate)}"`);
  return ms - clock.utcOffsetMinutes * MINUTE;
}

/** The study's local clock time of an instant, `YYYY-MM-DD HH:MM` (for messages). */
export function studyTime(clock: Pick<StudyClock, "utcOffsetMinutes">, ms: number): string {
  return new Date(ms + clock.utcOffsetMinutes * MINUTE).toISOString().slice(0, 16).replace("T", " ");
}

const formats = new Map<string, Intl.DateTimeFormat>();

/**
 * Checks an IANA zone name (e.g. `Europe/Berlin`).
 * @throws InputError naming `where` for an unknown zone
 * @example checkZone("Europe/Berlin", "--zone") // no error
 */
export function checkZone(zone: string, where: string): void {
  if (formats.has(zone)) return;
  try {
    formats.set(
      zone,
      new Intl.DateTimeFormat("en-US", {
        timeZone: zone,
        hourCycle: "h23",
        year: "numeric",
        month: "numeric",
        day: "numeric",
        hour: "numeric",
        minute: "numeric",
      }),
    );
  } catch {
    throw new InputError(where, `unknown time zone "${echo(zone)}" (an IANA name such as Europe/Berlin)`);
  }
}

/**
 * Minutes `zone`'s clock is ahead of UTC at instant `ms` (Node's ICU data).
 * @example zoneOffsetMinutes("Europe/Berlin", Date.UTC(2025, 6, 1)) // 120
 */
export function zoneOffsetMinutes(zone: string, ms: number): number {
  // an hour whose first and last minute have the same offset has it throughout (zones change at most once an hour)
  const key = `${zone} ${Math.floor(ms / HOUR)}`;
  let o = hourOffsets.get(key);
  if (o === undefined) {
    const start = Math.floor(ms / HOUR) * HOUR;
    const a = offsetAt(zone, start),
      b = offsetAt(zone, start + HOUR - MINUTE);
    o = a === b ? a : null;
    if (hourOffsets.size > 100_000) hourOffsets.clear();
    hourOffsets.set(key, o);
  }
  return o ?? offsetAt(zone, ms);
}

const HOUR = 3_600_000;
const hourOffsets = new Map<string, number | null>();

function offsetAt(zone: string, ms: number): number {
  checkZone(zone, "time zone");
  const parts = formats.get(zone)!.formatToParts(new Date(Math.floor(ms / MINUTE) * MINUTE));
  const get = (t: string) => Number(parts.find((p) => p.type === t)!.value);
  const wall = Date.UTC(get("year"), get("month") - 1, get("day"), get("hour"), get("minute"));
  return Math.round((wall - Math.floor(ms / MINUTE) * MINUTE) / MINUTE);
}

/**
 * A zone's standard offset in a year: the smaller of its offsets on 1 January
 * and 1 July (summer time is the larger one), minutes ahead of UTC.
 * @example standardOffsetMinutes("Europe/Berlin", 2025) // 60
 */
export function standardOffsetMinutes(zone: string, year: number): number {
  return Math.min(zoneOffsetMinutes(zone, Date.UTC(year, 0, 1)), zoneOffsetMinutes(zone, Date.UTC(year, 6, 1)));
}

/**
 * The instants (UTC ms, ascending) at which `zone`'s clock shows the wall
 * time `wallMs` (a local time written as if it were UTC): one normally, none
 * in the hour skipped when summer time starts, two in the hour repeated when
 * it ends.
 * @example localInstants("Europe/Berlin", Date.UTC(2025, 9, 26, 2, 30)).length // 2
 */
export function localInstants(zone: string, wallMs: number): number[] {
  const offsets = new Set([-DAY / 2, 0, DAY / 2].map((d) => zoneOffsetMinutes(zone, wallMs + d)));
  return [...offsets]
    .map((o) => wallMs - o * MINUTE)
    .filter((t) => zoneOffsetMinutes(zone, t) * MINUTE === wallMs - t)
    .sort((a, b) => a - b);
}

/** A timestamp as written: its wall-clock time (as if UTC) and its offset in minutes, if it has one. */
export interface Stamp {
  wallMs: number;
  offsetMinutes: number | null;
}

const ISO = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?\s*(Z|[+-]\d{2}:?\d{2})?$/;
const DOTTED = /^(\d{2})([./])(\d{2})\2(\d{4})[ ,]+(\d{2}):(\d{2})(?::(\d{2}))?$/;

/**
 * Parses `2025-03-30T02:15:00+01:00`, `2025-03-30 02:15Z`, `2025-03-30T02:15`
 * (no offset), `30.03.2025 02:15` (SMARD, ENTSO-E) or `30/03/2025 02:15:00`
 * (ENTSO-E's newer exports; day first; no offset).
 * @returns null when the text is none of these or not a real date and time
 * @example parseStamp("2025-01-01T00:15+01:00") // { wallMs: Date.UTC(2025, 0, 1, 0, 15), offsetMinutes: 60 }
 */
export function parseStamp(text: string): Stamp | null {
  let y: number, mo: number, d: number, h: number, mi: number, s: number, off: string | undefined;
  const iso = ISO.exec(text);
  if (iso) [y, mo, d, h, mi, s, off] = [+iso[1], +iso[2], +iso[3], +iso[4], +iso[5], +(iso[6] ?? 0), iso[7]];
  else {
    const dot = DOTTED.exec(text);
    if (!dot) return null;
    [d, mo, y, h, mi, s] = [+dot[1], +dot[3], +dot[4], +dot[5], +dot[6], +(dot[7] ?? 0)];
  }
  if (h > 23 || mi > 59 || s > 59) return null;
  const wallMs = Date.UTC(y, mo - 1, d, h, mi, s);
  const back = new Date(wallMs);
  if (back.getUTCDate() !== d || back.getUTCMonth() !== mo - 1) return null;
  let offsetMinutes: number | null = null;
  if (off !== undefined) {
    if (off === "Z") offsetMinutes = 0;
    else {
      const m = /^([+-])(\d{2}):?(\d{2})$/.exec(off)!;
      offsetMinutes = (m[1] === "-" ? -1 : 1) * (+m[2] * 60 + +m[3]);
    }
  }
  return { wallMs, offsetMinutes };
}
