/**
 * `prices.csv` (docs/data-formats.md): prices that change by day and hour, in and
 * out. Long format, one row per (day, hour): `day,hour` then one or more of
 * the seven price keys; the keys given replace the scenario's price for
 * every hour, the others keep it.
 */
import { readFileSync } from "node:fs";
import { parse } from "csv-parse/sync";
import { InputError } from "../errors/errors.js";
import { PRICE_KEYS, type PriceKey, type PriceTable } from "../prices/prices.js";
import type { Scenario } from "../community/scenario.js";
import { parseDecimal } from "./number.js";
import { limitProblem } from "../community/value-limits.js";
import * as message from "../errors/messages.js";
import { readError } from "./read-error.js";

/** The keys that may be negative (spot hours with surplus power); every other price is ≥ 0. */
export const MAY_BE_NEGATIVE: readonly PriceKey[] = ["gridPurchase", "gridSale"];

/**
 * Parses `prices.csv` text for a scenario (its `days` and `hoursPerDay`).
 * Refuses, naming `file:line` and the column: a header that is not `day,hour`
 * followed by one or more distinct price keys; a row with another number of
 * columns; a day or hour that is not a whole number in range; a value that is
 * not a decimal number; a negative value for a key other than gridPurchase
 * and gridSale; a duplicate (day, hour); a missing (day, hour).
 * @param text - the file's text
 * @param scenario - `days` and `hoursPerDay`
 * @param file - the name used in messages
 * @param keep - days returned (default: all the scenario's): the file must cover days 1..K for some K
 *   from `keep` to the scenario's days, and every row is checked whatever `keep` is
 * @returns the prices per (day, hour), currency units per kWh
 * @example parsePricesCsv("day,hour,gridPurchase\n1,0,30\n1,1,-5\n", { days: 1, hoursPerDay: 2 }).series.gridPurchase // => [30, -5]
 */
export function parsePricesCsv(
  text: string,
  scenario: Pick<Scenario, "days" | "hoursPerDay">,
  file = "prices.csv",
  keep = scenario.days,
): PriceTable {
  const { days, hoursPerDay: T } = scenario;
  let rows: { record: string[]; info: { lines: number } }[];
  try {
    rows = parse(text, {
      info: true,
      skip_empty_lines: true,
      relax_column_count: true,
      trim: true,
    }) as unknown as typeof rows;
  } catch (e) {
    const err = e as { lines?: number; message: string };
    throw new InputError(`${file}${err.lines ? `:${err.lines}` : ""}`, message.notValidCsv(err.message));
  }
  const expected = `day,hour followed by one or more of ${PRICE_KEYS.join(", ")}`;
  if (rows.length === 0) throw new InputError(file, message.emptyExpectingHeader(expected));
  const header = rows[0].record;
  const headAt = `${file}:${rows[0].info.lines}`;
  if (header[0] !== "day" || header[1] !== "hour")
    throw new InputError(headAt, `header must start with day,hour, got "${header.join(",")}"`);
  if (header.length < 3) throw new InputError(headAt, `header names no price column (expected ${expected})`);
  const keys: PriceKey[] = [];
  for (const name of header.slice(2)) {
    const key = PRICE_KEYS.find((k) => k === name);
    if (!key) throw new InputError(headAt, `unknown column "${name}" (price columns are ${PRICE_KEYS.join(", ")})`);
    if (keys.includes(key)) throw new InputError(headAt, `column "${name}" appears twice`);
    keys.push(key);
  }
  // the file covers days 1..covered: at least the days kept, at most the scenario's, every row of them checked
  let covered = Math.min(keep, days);
  for (let r = 1; r < rows.length; r++) {
    const d = parseDecimal(rows[r].record[0] ?? "");
    if (d !== null && Number.isInteger(d) && d <= days && d > covered) covered = d;
  }
  const series: PriceTable["series"] = {};
  for (const k of keys) series[k] = new Float64Array(covered * T);
  const seenAt = new Int32Array(covered * T); // line of the row that set each (day, hour), 0 = unseen
  for (let r = 1; r < rows.length; r++) {
    const { record, info } = rows[r];
    const at = `${file}:${info.lines}`;
    if (record.length !== header.length) throw new InputError(at, message.columnCount(header, record.length));
    const whole = (s: string, name: string, lo: number, hi: number, what: string) => {
      const v = parseDecimal(s);
      if (v === null || !Number.isInteger(v))
        throw new InputError(at, message.cellWholeNumber(name, message.quoted(s)));
      if (v < lo || v > hi) throw new InputError(at, message.outOfRange(name, v, what));
      return v;
    };
    const day = whole(record[0], "day", 1, days, `the scenario has days 1..${days}`);
    const hour = whole(record[1], "hour", 0, T - 1, `the scenario has hours 0..${T - 1}`);
    const i = (day - 1) * T + hour;
    if (seenAt[i]) throw new InputError(at, message.duplicateRow(`day ${day}, hour ${hour}`, seenAt[i]));
    seenAt[i] = info.lines;
    keys.forEach((k, c) => {
      const s = record[c + 2];
      const v = parseDecimal(s);
      if (v === null) throw new InputError(at, `${k} must be a number (decimal or scientific notation), got "${s}"`);
      if (v < 0 && !MAY_BE_NEGATIVE.includes(k))
        throw new InputError(at, `${k} must not be negative, got ${s} (only ${MAY_BE_NEGATIVE.join(" and ")} may be)`);
      const problem = limitProblem("price", v);
      if (problem) throw new InputError(at, `${k} ${problem}`);
      series[k]![i] = v;
    });
  }
  const missing = seenAt.indexOf(0);
  if (missing >= 0) {
    const count = seenAt.reduce((n, v) => n + (v === 0 ? 1 : 0), 0);
    throw new InputError(
      file,
      message.missingRow(
        `day ${Math.floor(missing / T) + 1}, hour ${missing % T}`,
        count - 1,
        `every (day, hour) of days 1..${covered} × ${T} hours must appear once`,
      ),
    );
  }
  const n = Math.min(keep, covered);
  if (n < covered) for (const k of keys) series[k] = series[k]!.slice(0, n * T);
  return { days: n, hours: T, series };
}

/**
 * Reads `prices.csv` from disk (see {@link parsePricesCsv}).
 * @param path - the file
 * @param scenario - `days` and `hoursPerDay`
 * @param keep - days returned (default: all the scenario's); the whole file is checked whatever it is
 * @throws InputError naming the path when it cannot be read, or `path:line` for a bad row
 * @example const table = readPrices("spot.csv", scenario); await simulate(scenario, profiles, { prices: table })
 */
export function readPrices(
  path: string,
  scenario: Pick<Scenario, "days" | "hoursPerDay">,
  keep = scenario.days,
): PriceTable {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (e) {
    throw readError(path, e);
  }
  return parsePricesCsv(text, scenario, path, keep);
}

/** A number as `prices.csv` writes it: JavaScript's shortest round-trip form, keeping −0. */
const cell = (v: number) => (Object.is(v, -0) ? "-0" : String(v));

/**
 * `prices.csv` text for a prices table: header `day,hour` and its keys in
 * {@link PRICE_KEYS} order, then one row per (day, hour) in order. Reading
 * it back with {@link parsePricesCsv} gives exactly the same table.
 * @example pricesToCsv({ days: 1, hours: 2, series: { gridSale: Float64Array.of(4, -1.5) } }) // => "day,hour,gridSale\n1,0,4\n1,1,-1.5\n"
 */
export function pricesToCsv(table: PriceTable): string {
  const keys = PRICE_KEYS.filter((k) => table.series[k]);
  const lines = [["day", "hour", ...keys].join(",")];
  for (let d = 0; d < table.days; d++)
    for (let t = 0; t < table.hours; t++) {
      const i = d * table.hours + t;
      lines.push([String(d + 1), String(t), ...keys.map((k) => cell(table.series[k]![i]))].join(","));
    }
  return lines.join("\n") + "\n";
}
