/**
 * A timestamped CSV, as meter portals, SMARD and ENTSO-E export it: a header,
 * then one row per interval with its start time first (an `end`/`bis` column
 * after it, or an ENTSO-E interval `a - b`, is read for its start only).
 * Comma or semicolon separated (with `;`, a decimal comma is read: `-5,17`).
 * This module turns the lines into instants and cells; the readers decide
 * what the columns mean.
 */
import { parse } from "csv-parse/sync";
import { InputError, echo } from "../errors/errors.js";
import { checkZone, localInstants, parseStamp } from "./clock.js";
import type { Line } from "./lines.js";
import { parseDecimal } from "./number.js";
import * as message from "../errors/messages.js";

/** A header read: the columns after the time column(s), and how to split a line. */
export interface TimedHeader {
  /** the names of the value columns, as written */
  names: string[];
  /** index of the first value column */
  first: number;
  /** how many leading cells make the timestamp (2: SMARD's `Datum;Anfang`) */
  timeCells: number;
  delimiter: "," | ";";
  line: number;
  /** the time column's name, e.g. `MTU (CET/CEST)` */
  timeName: string;
}

const TIME_NAME =
  /^(time|timestamp|date|datetime|date ?time|zeit|zeitstempel|datum|datum von|von|from|start|mtu.*|time\s*\(utc\)|period.*|interval.*)$/i;
const END_NAME = /^(to|end|bis|datum bis|ende|time_?end|end ?time)$/i;
const CLOCK_NAME = /^(anfang|start|uhrzeit|time|hour)$/i;

function cells(text: string, delimiter: string, at: string): string[] {
  if (!text.includes('"')) return text.split(delimiter).map((f) => f.trim());
  try {
    return (parse(text, { delimiter, trim: true, relax_column_count: true }) as string[][])[0] ?? [];
  } catch (e) {
    throw new InputError(at, message.notValidCsv(echo(String((e as Error).message).split("\n")[0])));
  }
}

/**
 * Reads the header line: the first non-empty line not starting with `#`.
 * @throws InputError when the first column is not a time column
 */
export function readTimedHeader(lines: Iterator<Line>, file: string): TimedHeader {
  for (let n = lines.next(); !n.done; n = lines.next()) {
    const { text, line } = n.value;
    if (text.trim() === "" || text.startsWith("#")) continue;
    const delimiter =
      text.includes(";") && !text.includes(",") ? ";" : text.split(";").length > text.split(",").length ? ";" : ",";
    const head = cells(text, delimiter, `${file}:${line}`);
    const timeName = head[0] ?? "";
    if (!TIME_NAME.test(timeName))
      throw new InputError(
        `${file}:${line}`,
        `unknown header "${echo(text)}": the first column must be the interval's start time (e.g. time, timestamp, Datum von, MTU (CET/CEST))`,
      );
    let first = 1,
      timeCells = 1;
    if (/^(datum|date)$/i.test(timeName) && CLOCK_NAME.test(head[1] ?? "")) [first, timeCells] = [2, 2];
    if (END_NAME.test(head[first] ?? "")) first++;
    if (/^(ende|end)$/i.test(head[first] ?? "")) first++;
    if (head.length <= first)
      throw new InputError(`${file}:${line}`, `header "${echo(text)}" names no value column after the time`);
    return { names: head.slice(first), first, timeCells, delimiter, line, timeName };
  }
  throw new InputError(file, "is empty (expected a header: a time column, then value columns)");
}

/** A data row: its cells after the time, its instant and its line. */
export interface TimedRow {
  t: number;
  values: string[];
  line: number;
}

/** How timestamps without an offset are read. */
export interface StampOptions {
  /** IANA zone of timestamps written without an offset, e.g. `Europe/Berlin` */
  zone?: string;
  /** where the zone was given, for messages (e.g. `--zone`) */
  zoneFrom?: string;
}

/**
 * The data rows after the header, as instants (UTC ms). A timestamp with an
 * offset (`Z`, `+01:00`, or ENTSO-E's `(CET)`/`(CEST)`) is exact; one without
 * needs `zone`: a wall time the zone skips is refused, and a wall time the
 * zone repeats (the hour summer time ends) is the earliest of its instants
 * after the previous row's, so a file that writes that hour twice in order
 * reads right.
 */
export function* timedRows(
  lines: Iterator<Line>,
  header: TimedHeader,
  file: string,
  o: StampOptions,
): Generator<TimedRow> {
  if (o.zone !== undefined) checkZone(o.zone, o.zoneFrom ?? `${file}: zone`);
  let prev = -Infinity;
  for (let n = lines.next(); !n.done; n = lines.next()) {
    const { text, line } = n.value;
    if (text.trim() === "") continue;
    const at = `${file}:${line}`;
    const row = cells(text, header.delimiter, at);
    const stampText = row.slice(0, header.timeCells).join(" ");
    const t = instant(stampText, at, prev, o);
    if (row.length !== header.first + header.names.length)
      throw new InputError(
        at,
        `expected ${header.first + header.names.length} columns as the header (line ${header.line}) names, got ${row.length}`,
      );
    prev = t;
    yield { t, values: row.slice(header.first), line };
  }
}

const ZONE_ABBR: Record<string, number> = { UTC: 0, GMT: 0, CET: 60, CEST: 120, EET: 120, EEST: 180, WET: 0, WEST: 60 };

function instant(text: string, at: string, prev: number, o: StampOptions): number {
  let s = text.split(" - ")[0].trim();
  let abbr: number | undefined;
  const m = /\s*\(([A-Z]{3,4})\)$/.exec(s);
  if (m && ZONE_ABBR[m[1]] !== undefined) [s, abbr] = [s.slice(0, m.index), ZONE_ABBR[m[1]]];
  const stamp = parseStamp(s);
  if (!stamp)
    throw new InputError(
      at,
      `"${echo(text)}" is not a timestamp (ISO 8601 such as 2025-03-30T02:15+01:00, or DD.MM.YYYY HH:MM)`,
    );
  const off = stamp.offsetMinutes ?? abbr;
  if (off !== undefined) return stamp.wallMs - off * 60_000;
  if (o.zone === undefined)
    throw new InputError(
      at,
      `timestamp "${echo(text)}" has no UTC offset; give the file's time zone (e.g. --zone Europe/Berlin) or write offsets (+01:00)`,
    );
  const ts = localInstants(o.zone, stamp.wallMs);
  if (ts.length === 0)
    throw new InputError(
      at,
      `${echo(s)} does not exist in ${o.zone} (the clock skips that hour when summer time starts)`,
    );
  return ts.find((t) => t > prev) ?? ts[ts.length - 1];
}

/**
 * A cell as a number: decimal or scientific; with `;` files also a decimal
 * comma (`1.234,5` → 1234.5).
 * @returns null for anything else (empty, `-`, `n/e`, `0x10`)
 */
export function cellNumber(text: string, delimiter: string): number | null {
  let s = text.trim();
  if (delimiter === ";" && s.includes(",")) s = s.replace(/\./g, "").replace(",", ".");
  return parseDecimal(s);
}
