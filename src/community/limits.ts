/**
 * Size guards: the work a scenario asks for, estimated from its counts alone
 * (before any profile is allocated or LP built), and refused with the
 * numbers when it cannot fit — instead of a `RangeError`, an out-of-memory
 * crash after minutes, or a loop that never ends.
 *
 * Counts (docs/model.md "Variables" and constraints 1–5), for N houses, P
 * prosumers, G groups, T hours, as upper bounds of either formulation
 * (`lp/formulations.ts`: a pooled day may fall back to the per-pair LP, so
 * both can be built) with the stages' rows and columns (`lp/day.ts`):
 * - columns: per hour G levels and 4 per house (discharge, grid purchase,
 *   charge, sale), plus the trades — one per ordered prosumer→house pair, or
 *   at most 4·(P+N)+2 pool columns (each house sells into and buys from at
 *   most two pools of its group and two between groups, plus two volumes);
 *   and the stages' 2 + N columns;
 * - rows: per hour 3·G battery rows and N balances, plus at most 4·G+4 pool
 *   rows; and the stages' 1 + 2·N rows;
 * - non-zeros: at most 7 per column of the day (a trade: two balances, the
 *   cost row, its seller's and buyer's saving and fixing rows), G+1 per pool
 *   volume column (2 per hour), and 3·N in the stages' columns.
 * The test (test/community/limits.test.ts) compares them with built LPs.
 */
import { totalmem } from "node:os";
import { InputError } from "../errors/errors.js";
import type { Scenario } from "./scenario.js";
import * as message from "../errors/messages.js";

/** The counts a size estimate starts from. */
export interface SizeInput {
  /** T */ hoursPerDay: number;
  /** D, days solved */ days: number;
  /** N */ houses: number;
  /** P */ prosumers: number;
  /** G */ groups: number;
}

/** What a run needs, at most (bytes are estimates, rounded up). */
export interface SizeEstimate extends SizeInput {
  /** ordered prosumer → house trade pairs, P·(N−1) */
  pairs: number;
  /** one day's LP, upper bounds */
  lpColumns: number;
  lpRows: number;
  lpNonZeros: number;
  /** one day's LP in memory while it is built and solved */
  lpBytes: number;
  /** demand and PV of every (day, house, hour) */
  profileBytes: number;
  /** the flows, battery levels and costs kept for every day */
  resultBytes: number;
  /** profiles + results + one day's LP */
  totalBytes: number;
}

/** The limits a run is held to. */
export interface Limits {
  /** memory a run may plan to use, bytes (default: half the machine's memory, at most 4 GiB) */
  memoryBytes: number;
  /**
   * columns of one day's LP (default 1 000 000; measured: a day of 2.15 million columns,
   * 300 prosumers, took 2.8 GB and 7 minutes with glpk.js)
   */
  lpColumns: number;
}

/** The default limits on this machine. */
export const LIMITS: Readonly<Limits> = Object.freeze({
  memoryBytes: Math.min(totalmem() / 2, 4 * 2 ** 30),
  lpColumns: 1_000_000,
});

/** Most variants a sweep runs unless told otherwise (`--max-variants`). */
export const MAX_SWEEP_VARIANTS = 1000;

/**
 * The counts of a scenario, without building its network (a million houses
 * are counted, not allocated).
 * @param days - days to solve (default: the scenario's)
 * @example sizeInput(demoScenario()) // => { hoursPerDay: 24, days: 122, houses: 5, prosumers: 3, groups: 2 }
 */
export function sizeInput(
  scenario: Pick<Scenario, "hoursPerDay" | "days" | "groups">,
  days = scenario.days,
): SizeInput {
  let houses = 0,
    prosumers = 0;
  for (const g of scenario.groups) {
    houses += g.prosumers + g.consumers;
    prosumers += g.prosumers;
  }
  return { hoursPerDay: scenario.hoursPerDay, days, houses, prosumers, groups: scenario.groups.length };
}

/**
 * Columns of one day's flows and trades (no stage columns), an upper bound: per hour, one per group,
 * four per house and `trades` trade columns (a per-pair LP's trade pairs, or a pooled LP's pool columns).
 * @example dayColumns(8, 5, 2, 24) // => 720 // (2 + 4·5 + 8)·24
 */
export const dayColumns = (trades: number, houses: number, groups: number, hours: number): number =>
  (groups + 4 * houses + trades) * hours;

/**
 * Upper bounds of one day's LP (columns, rows, non-zeros) and of the
 * memory a run needs, in bytes (see the module's comment for the counts).
 * @example estimateSize({ hoursPerDay: 24, days: 122, houses: 5, prosumers: 3, groups: 2 }).lpColumns // => 1351 // (2 + 4·5 + 4·8 + 2)·24 + 2 + 5
 */
export function estimateSize(s: SizeInput): SizeEstimate {
  const { hoursPerDay: T, days: D, houses: N, prosumers: P, groups: G } = s;
  const pairs = P * Math.max(0, N - 1);
  const flowColumns = dayColumns(Math.max(pairs, 4 * (P + N) + 2), N, G, T);
  const lpColumns = flowColumns + 2 + N;
  const lpRows = T * (3 * G + N + 4 * G + 4) + 1 + 2 * N;
  const lpNonZeros = 7 * flowColumns + 2 * (G + 1) * T + 3 * N;
  // the model's arrays, glpk.js's input objects and GLPK's own copy: measured 1.3 kB a column
  // (2.8 GB for 2.15 million columns and 4.3 million non-zeros); 1000 bytes a column, 100 a row and a non-zero
  const lpBytes = 1000 * lpColumns + 100 * (lpRows + lpNonZeros);
  const profileBytes = 20 * D * N * T; // two Float64Arrays, and a line number per cell while reading
  // per day: four house×hour flows, levels, costs, and at most one trade per LP row (a basic solution)
  const trades = Math.min(pairs, lpRows);
  const resultBytes = D * (32 * N * T + 8 * G * T + 16 * N + trades * (8 * T + 100));
  return {
    ...s,
    pairs,
    lpColumns,
    lpRows,
    lpNonZeros,
    lpBytes,
    profileBytes,
    resultBytes,
    totalBytes: lpBytes + profileBytes + resultBytes,
  };
}

/**
 * A byte count in words.
 * @example bytesText(3 * 2 ** 30) // => "3.0 GiB"
 */
export function bytesText(bytes: number): string {
  const units = ["bytes", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"];
  let u = 0;
  let v = bytes;
  while (v >= 1024 && u < units.length - 1) {
    v /= 1024;
    u++;
  }
  return u === 0 ? `${Math.round(v)} bytes` : `${v >= 1e4 ? v.toExponential(1) : v.toFixed(1)} ${units[u]}`;
}

const count = (n: number) => (n >= 1e7 ? n.toExponential(2) : n.toLocaleString("en-US"));
const many = (n: number, one: string, more = `${one}s`) => `${count(n)} ${n === 1 ? one : more}`;

/**
 * Refuses a run that cannot fit: one day's LP beyond {@link Limits.lpColumns}
 * columns, or an estimated memory beyond {@link Limits.memoryBytes}. The
 * message gives the counts and the estimate (memory in bytes).
 * @param what - a scenario, or its counts
 * @param options - `days` to solve (default: the scenario's), `limits` to
 *   override, `where` (the name errors give)
 * @throws InputError naming the numbers (the CLI exits with code 2)
 * @example checkSize(demoScenario()).totalBytes // a few MiB: accepted
 */
export function checkSize(
  what: SizeInput | Pick<Scenario, "hoursPerDay" | "days" | "groups">,
  options: { days?: number; limits?: Partial<Limits>; where?: string } = {},
): SizeEstimate {
  const input =
    typeof what.groups === "number"
      ? { ...(what as SizeInput), ...(options.days ? { days: options.days } : {}) }
      : sizeInput(what as Pick<Scenario, "hoursPerDay" | "days" | "groups">, options.days);
  const e = estimateSize(input);
  const limits = { ...LIMITS, ...options.limits };
  const where = options.where ?? "scenario";
  const shape =
    `${many(e.houses, "house")} (${count(e.prosumers)} with PV) in ${many(e.groups, "group")}, ` +
    `${many(e.hoursPerDay, "hour")} a day, ${many(e.days, "day")}`;
  if (e.lpColumns > limits.lpColumns)
    throw new InputError(where, message.tooManyColumns(shape, count(e.lpColumns), count(limits.lpColumns)));
  if (e.totalBytes > limits.memoryBytes)
    throw new InputError(
      where,
      message.tooMuchMemory(shape, {
        total: bytesText(e.totalBytes),
        profiles: bytesText(e.profileBytes),
        results: bytesText(e.resultBytes),
        lp: bytesText(e.lpBytes),
        limit: bytesText(limits.memoryBytes),
      }),
    );
  return e;
}
