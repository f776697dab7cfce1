/**
 * The core of the timestamped readers (meter files, spot prices): rows of
 * (instant, values) checked for order, duplicates, gaps and one resolution,
 * kept only inside the study's window on fixed slots, then resampled onto
 * the study's steps: energies summed (or split evenly), prices and other
 * means averaged (or repeated). Memory: one value per slot of the study's
 * window and column, whatever the file's length.
 */
import { InputError } from "../errors/errors.js";
import { stepMinutes, studyStartMs, studyTime, type StudyClock } from "./clock.js";

const MINUTE = 60_000;

/** Resolutions a file may have, minutes. */
export const RESOLUTIONS = [5, 10, 15, 30, 60] as const;

/** `energy`: each value is an amount per interval (summed); `mean`: an average over it (averaged). */
export type SeriesKind = "energy" | "mean";

/** Values on the study's window: slot i covers [start + i·r, start + (i+1)·r). */
export interface WindowSeries {
  kind: SeriesKind;
  resolutionMinutes: number;
  columns: Float64Array[];
}

/** What {@link SeriesBuilder} needs. */
export interface SeriesBuilderOptions {
  clock: StudyClock;
  kind: SeriesKind;
  columns: number;
  /** the file's resolution, minutes (default: the step between its first two rows) */
  resolutionMinutes?: number;
  /** fill a gap of at most this many minutes by linear interpolation (reported in `notes`); default 0: refuse every gap */
  fillGapsMinutes?: number;
  /** the rows' instants are their intervals' ends (default: starts) */
  stampsAtEnd?: boolean;
  file: string;
}

interface Row {
  t: number;
  values: Float64Array;
  line: number;
}

/**
 * Collects rows in time order. Refuses (one line naming the file and line):
 * a timestamp earlier than or equal to the previous one (out of order,
 * duplicate), a step that is not the file's resolution (mixed resolutions), a
 * gap (unless short enough to fill, then interpolated and noted), timestamps
 * that do not fall on the study's step boundaries; at the end, any study
 * slot without data.
 */
export class SeriesBuilder {
  readonly notes: string[] = [];
  private r: number | undefined;
  private first: Row | null = null;
  private prev: Row | null = null;
  private resolutionAt = 0;
  private columns: Float64Array[] = [];
  private seen = new Uint8Array(0);
  private readonly start: number;
  private readonly spanMinutes: number;
  private filled = 0;
  private firstT = NaN;

  constructor(private readonly o: SeriesBuilderOptions) {
    this.start = studyStartMs(o.clock);
    this.spanMinutes = o.clock.days * 1440;
    stepMinutes(o.clock);
    if (o.resolutionMinutes !== undefined) this.setResolution(o.resolutionMinutes, 0);
  }

  /** `file:line`, or the file alone for rows without lines (XML) */
  private at(line: number): string {
    return line ? `${this.o.file}:${line}` : this.o.file;
  }

  private setResolution(r: number, line: number): void {
    const s = stepMinutes(this.o.clock);
    if (!(RESOLUTIONS as readonly number[]).includes(r))
      throw new InputError(
        line ? this.at(line) : this.o.file,
        `rows are ${r} minutes apart; a file's resolution must be one of ${RESOLUTIONS.join(", ")} minutes`,
      );
    if (s % r !== 0 && r % s !== 0)
      throw new InputError(this.o.file, `a resolution of ${r} minutes does not fit the study's ${s}-minute steps`);
    this.r = r;
    this.resolutionAt = line;
    const slots = this.spanMinutes / r;
    this.columns = Array.from({ length: this.o.columns }, () => new Float64Array(slots));
    this.seen = new Uint8Array(slots);
  }

  /** Adds a row: its instant (UTC ms), raw values and line. */
  push(t: number, values: Float64Array, line: number): void {
    if (Number.isNaN(this.firstT)) this.firstT = t;
    const prev = this.prev;
    if (prev) {
      const delta = (t - prev.t) / MINUTE;
      if (delta === 0)
        throw new InputError(this.at(line), `duplicate timestamp ${this.stamp(t)} (first at line ${prev.line})`);
      if (delta < 0)
        throw new InputError(
          this.at(line),
          `timestamp ${this.stamp(t)} is earlier than line ${prev.line}'s (${this.stamp(prev.t)}); rows must be in time order`,
        );
      if (this.r === undefined) {
        this.setResolution(delta, line);
        this.store(this.first!);
      }
      const r = this.r!;
      if (delta % r !== 0)
        throw new InputError(
          this.at(line),
          `mixed resolutions: ${delta} minutes after ${prev.line ? `line ${prev.line}` : this.stamp(prev.t)}, but the file's resolution is ${r} minutes` +
            (this.resolutionAt > 1 ? ` (lines ${this.resolutionAt - 1}–${this.resolutionAt})` : ""),
        );
      if (delta > r) this.gap(prev, { t, values, line }, delta);
    }
    const row = { t, values, line };
    if (this.r === undefined) this.first = row;
    else this.store(row);
    this.prev = row;
  }

  private gap(a: Row, b: Row, delta: number): void {
    const r = this.r!;
    const missing = delta / r - 1;
    const limit = this.o.fillGapsMinutes ?? 0;
    if (missing * r > limit)
      throw new InputError(
        this.at(b.line),
        `gap: no data from ${this.stamp(a.t + r * MINUTE)} to ${this.stamp(b.t)} (${missing * r} minutes${a.line ? ` after line ${a.line}` : ""})` +
          (limit > 0
            ? `; longer than the ${limit} minutes that may be filled`
            : "; fill it in the file, or allow short gaps to be interpolated (--fill-gaps MIN, fillGapsMinutes)"),
      );
    for (let k = 1; k <= missing; k++) {
      const w = k / (missing + 1);
      const v = a.values.map((x, c) => x + w * (b.values[c] - x));
      this.store({ t: a.t + k * r * MINUTE, values: v, line: b.line });
    }
    this.filled += missing;
    this.notes.push(
      `${this.at(b.line)}: filled ${missing * r} minutes (${this.stamp(a.t + r * MINUTE)} to ${this.stamp(b.t)}) by linear interpolation`,
    );
  }

  private stamp(t: number): string {
    return `${new Date(t).toISOString().slice(0, 16)}Z`;
  }

  private store(row: Row): void {
    const r = this.r!;
    const off = (row.t - this.start) / MINUTE - (this.o.stampsAtEnd ? r : 0);
    if (((off % r) + r) % r !== 0)
      throw new InputError(
        this.at(row.line),
        `timestamp ${this.stamp(row.t)} does not start a ${r}-minute step of the study's clock (UTC${offsetText(this.o.clock.utcOffsetMinutes)})`,
      );
    const slot = off / r;
    if (slot < 0 || off >= this.spanMinutes) return;
    this.seen[slot] = 1;
    for (let c = 0; c < this.columns.length; c++) this.columns[c][slot] = row.values[c];
  }

  /**
   * The window's values.
   * @throws InputError when the file has fewer than two rows (no resolution) or no data for some of the study's time
   */
  finish(): WindowSeries {
    if (this.r === undefined) {
      if (!this.first) throw new InputError(this.o.file, "has no data rows");
      throw new InputError(this.o.file, "has a single data row; its resolution cannot be told (give it as an option)");
    }
    const missing = this.seen.indexOf(0);
    const shift = this.o.stampsAtEnd ? this.r * MINUTE : 0;
    if (missing >= 0) {
      const t = this.start + missing * this.r * MINUTE;
      const day = Math.floor((missing * this.r) / 1440) + 1;
      throw new InputError(
        this.o.file,
        `no data for study day ${day} (${studyTime(this.o.clock, t)} study time, ${this.stamp(t)}); ` +
          `the file covers ${this.stamp(this.firstT - shift)} to ${this.stamp(this.prev!.t + this.r * MINUTE - shift)}`,
      );
    }
    if (this.filled)
      this.notes.push(`${this.o.file}: ${this.filled} interval(s) of ${this.r} minutes interpolated in all`);
    return { kind: this.o.kind, resolutionMinutes: this.r, columns: this.columns };
  }
}

function offsetText(min: number): string {
  const sign = min < 0 ? "−" : "+";
  const a = Math.abs(min);
  return `${sign}${Math.floor(a / 60)}${a % 60 ? `:${String(a % 60).padStart(2, "0")}` : ""}`;
}

/**
 * One column of a window series on the study's steps: an energy column's
 * slots summed into each step (or split evenly when the file is coarser), a
 * mean column's averaged (or repeated).
 * @returns `days · stepsPerDay` values, index `day · stepsPerDay + step` (the column itself when the resolutions are equal)
 * @example toSteps({ kind: "energy", resolutionMinutes: 15, columns: [Float64Array.of(1, 1, 1, 1)] }, 0, clock) // [4] for one 60-minute step
 */
export function toSteps(series: WindowSeries, column: number, clock: StudyClock): Float64Array {
  const s = stepMinutes(clock),
    r = series.resolutionMinutes;
  const src = series.columns[column];
  if (r === s) return src; // the window's slots are the steps (not copied)
  const out = new Float64Array(clock.days * clock.stepsPerDay);
  if (r <= s) {
    const k = s / r;
    for (let i = 0; i < out.length; i++) {
      let sum = 0;
      for (let j = 0; j < k; j++) sum += src[i * k + j];
      out[i] = series.kind === "energy" ? sum : sum / k;
    }
  } else {
    const k = r / s;
    for (let i = 0; i < out.length; i++)
      out[i] = series.kind === "energy" ? src[Math.floor(i / k)] / k : src[Math.floor(i / k)];
  }
  return out;
}
