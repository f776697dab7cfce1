/**
 * Day-ahead spot prices in €/MWh (docs/data-formats.md "Spot prices"), as
 * ENTSO-E's transparency platform and SMARD export them, or any timestamped
 * CSV with a column in €/MWh; hourly or 15-minute; averaged (or repeated)
 * onto the study's steps and turned into the project's {@link PriceTable}
 * with a retail tariff on top (`prices/tariff.ts`).
 */
import { InputError, echo } from "../errors/errors.js";
import { retailPrices, type RetailTariff } from "../prices/tariff.js";
import type { PriceTable } from "../prices/prices.js";
import type { StudyClock } from "./clock.js";
import { readFileSync } from "node:fs";
import { linesOfFile, linesOfText, type Line } from "./lines.js";
import { parseEntsoeXml } from "./entsoe-xml.js";
import { readError } from "./read-error.js";
import { SeriesBuilder, toSteps } from "./series.js";
import { cellNumber, readTimedHeader, timedRows, type StampOptions } from "./timestamped-csv.js";

/** Options of {@link parseSpotCsv} and {@link readSpotCsv}. */
export interface SpotOptions extends StampOptions {
  clock: StudyClock;
  /** the price column's name (default: the first whose name says €/MWh or EUR/MWh) */
  column?: string;
  /** gaps of at most this many minutes are interpolated and reported (default 0: refused) */
  fillGapsMinutes?: number;
}

/** Spot prices on the study's steps. */
export interface SpotSeries {
  /** €/MWh per study step (the mean of the file's intervals in it), index `day · stepsPerDay + step` */
  eurPerMwh: Float64Array;
  /** the column read */
  column: string;
  resolutionMinutes: number;
  notes: string[];
}

const PER_MWH = /(€|EUR)\s*\/\s*MWh/i;

/** The builder of one price column: hourly or finer steps, means over a step. */
const priceBuilder = (file: string, o: SpotOptions) =>
  new SeriesBuilder({ clock: o.clock, kind: "mean", columns: 1, fillGapsMinutes: o.fillGapsMinutes, file });

function readSpot(lines: Iterator<Line>, file: string, o: SpotOptions): SpotSeries {
  const header = readTimedHeader(lines, file);
  const at = `${file}:${header.line}`;
  const notes: string[] = [];
  const c = o.column !== undefined ? header.names.indexOf(o.column) : header.names.findIndex((n) => PER_MWH.test(n));
  if (c < 0)
    throw new InputError(
      at,
      o.column !== undefined
        ? `no column "${echo(o.column)}" (columns: ${echo(header.names.join(", "))})`
        : `no price column in €/MWh (a column named like "Day-ahead Price [EUR/MWh]" or "price [€/MWh]"; columns: ${echo(header.names.join(", "))})`,
    );
  const cet = /CET|CEST/.test(header.timeName) || /^(datum|datum von)$/i.test(header.timeName);
  const zone = o.zone ?? (cet ? "Europe/Berlin" : undefined);
  if (o.zone === undefined && zone) notes.push(`${file}: local times read in ${zone} (CET/CEST)`);
  const builder = priceBuilder(file, o);
  for (const row of timedRows(lines, header, file, { zone, zoneFrom: o.zoneFrom })) {
    const s = row.values[c];
    const v = cellNumber(s, header.delimiter);
    if (v === null)
      throw new InputError(
        `${file}:${row.line}`,
        `${echo(header.names[c])}: "${echo(s)}" is not a price (a missing price is a gap: fill it in the file)`,
      );
    builder.push(row.t, Float64Array.of(v), row.line);
  }
  const series = builder.finish();
  return {
    eurPerMwh: toSteps(series, 0, o.clock),
    column: header.names[c],
    resolutionMinutes: series.resolutionMinutes,
    notes: [...notes, ...builder.notes],
  };
}

function readXml(xml: string, file: string, o: SpotOptions): SpotSeries {
  const notes: string[] = [];
  const prices = parseEntsoeXml(xml, file, notes);
  const builder = priceBuilder(file, o);
  for (const p of prices) builder.push(p.t, Float64Array.of(p.eurPerMwh), 0);
  const series = builder.finish();
  return {
    eurPerMwh: toSteps(series, 0, o.clock),
    column: "price.amount",
    resolutionMinutes: series.resolutionMinutes,
    notes: [...notes, ...builder.notes],
  };
}

/**
 * Parses spot prices (ENTSO-E `MTU (CET/CEST)` intervals, SMARD `Datum von;…`
 * with decimal commas, a generic `time,price [EUR/MWh]`, or ENTSO-E's A44 XML
 * document, told by its first character `<`). Local times of
 * ENTSO-E and SMARD files are read in Europe/Berlin unless `zone` says
 * otherwise. Refuses as the meter reader does: an unknown header, no €/MWh
 * column, a missing price (`n/e`, `-`, empty), out of order, duplicates,
 * mixed resolutions, gaps, uncovered study days.
 * @example parseSpotCsv('"MTU (CET/CEST)","Day-ahead Price [EUR/MWh]"\n"01.01.2025 00:00 - 01.01.2025 01:00","12.5"\n…', { clock }).eurPerMwh[0] // 12.5
 */
export function parseSpotCsv(text: string, options: SpotOptions & { file?: string }): SpotSeries {
  const file = options.file ?? "spot.csv";
  if (text.trimStart().startsWith("<")) return readXml(text, file, options);
  return readSpot(linesOfText(text, file)[Symbol.iterator](), file, options);
}

/**
 * Reads spot prices from disk a chunk at a time (see {@link parseSpotCsv}).
 * @example readSpotCsv("entsoe.csv", { clock }).resolutionMinutes // 60 or 15
 */
export function readSpotCsv(path: string, options: SpotOptions): SpotSeries {
  const lines = linesOfFile(path)[Symbol.iterator]();
  const first = lines.next();
  if (!first.done && first.value.text.trimStart().startsWith("<")) {
    lines.return?.(undefined);
    let xml: string;
    try {
      xml = readFileSync(path, "utf8");
    } catch (e) {
      throw readError(path, e);
    }
    return readXml(xml, path, options);
  }
  return readSpot(first.done ? lines : prepend(first.value, lines), path, options);
}

function* prepend(first: Line, rest: Iterator<Line>): Generator<Line> {
  yield first;
  for (let n = rest.next(); !n.done; n = rest.next()) yield n.value;
}

/**
 * Spot prices with a retail tariff as the project's price table
 * (`simulate(scenario, profiles, { prices })`).
 * @example spotPriceTable(readSpotCsv("spot.csv", { clock }), clock, parseTariff("fees=0.15,vat=0.19")).table
 */
export function spotPriceTable(
  spot: SpotSeries,
  clock: Pick<StudyClock, "days" | "stepsPerDay">,
  tariff: RetailTariff,
): { table: PriceTable; notes: string[] } {
  const { table, peerFloored } = retailPrices(spot.eurPerMwh, clock.days, clock.stepsPerDay, tariff);
  const notes = [...spot.notes];
  if (peerFloored)
    notes.push(`${peerFloored} step(s) with a negative peer price were set to 0 (peer prices may not be negative)`);
  return { table, notes };
}
