/**
 * How much a house's bill depends on the tie-break (docs/model.md "One answer per
 * day"): on a chosen day, the lowest and the highest bill the house can have
 * among the plans that reach the community's optimal cost — the "optimal
 * face" — next to the bill the simulation reported (stage 3's fair bill) and
 * its stand-alone cost.
 *
 * Each day is rebuilt exactly as the simulation built it: the same per-pair
 * LP (`buildDayModel` with the stages' rows), the same prices, and the
 * battery levels the simulation started that day from (`flows.batteryStart`),
 * so the face is the one the simulation saw.
 */
import { performance } from "node:perf_hooks";
import type { SimulationResult } from "../simulation/simulate.js";
import { dayProfiles } from "../profiles/profiles.js";
import { dayPrices } from "../prices/prices.js";
import { buildDayModel, type DayModel } from "../lp/day.js";
import { tradePairs } from "../lp/columns.js";
import { evaluateCosts } from "../lp/costs.js";
import { costSlack, levelSlack } from "../stages/slacks.js";
import type { Allocation } from "../stages/stages.js";
import { DEFAULT_SOLVER, loadBackend, type LpModel, type SolverBackend, type SolverName } from "../solver/index.js";
import { InputError, SolveError } from "../errors/errors.js";

/** One house on one day, currency units. */
export interface BillRangeRow {
  /** 1-based day */
  day: number;
  /** house id, e.g. `g1h2` */
  house: string;
  /** its group's id, e.g. `g1` */
  group: string;
  /** the lowest bill the house has on any plan of optimal community cost */
  minBill: number;
  /** the highest bill the house has on any plan of optimal community cost */
  maxBill: number;
  /** the bill the simulation reported: stage 3's fair bill (or the solver's pick when the run's allocation is "solver") */
  fairBill: number;
  /** what the house would pay alone with its own PV and the grid (docs/model.md "Fair bills") */
  standaloneCost: number;
}

/** One house summed over the days analysed, currency units. */
export interface BillRangeTotal {
  house: string;
  group: string;
  /** the sum of the daily minima: the lowest total with every analysed day's plan chosen for this house */
  minBill: number;
  /** the sum of the daily maxima */
  maxBill: number;
  /** the sum of the reported bills */
  fairBill: number;
  standaloneCost: number;
}

/** What {@link billRanges} returns. */
export interface BillRanges {
  /** one row per day analysed and house, days in the order asked, houses in network order */
  rows: BillRangeRow[];
  /** one row per house (network order), summed over the days analysed */
  totals: BillRangeTotal[];
  /** the 1-based days analysed */
  days: number[];
  /** the run's allocation: whether `fairBill` is stage 3's fair bill or the solver's pick */
  allocation: Allocation;
  /** whether each day's end-of-day battery levels were held at the simulation's (see {@link BillRangeOptions.carryOver}) */
  carryOver: "free" | "fixed";
  /** LPs solved (1 + 2·N per day, more where a slack had to be widened) and wall time, ms */
  lps: number;
  ms: number;
}

/** Options of {@link billRanges}. */
export interface BillRangeOptions {
  /** the days to analyse: a number N for days 1..N, or a list of 1-based day numbers; each must be a day the result solved */
  days: number | readonly number[];
  /**
   * "free" (default): every plan of the day with the optimal community cost,
   * whatever battery level it leaves for the next day. "fixed": only those
   * that also end the day with the battery levels the simulation carried
   * (tie-break stage 2), a narrower range.
   */
  carryOver?: "free" | "fixed";
  /** "highs" (default) or "glpk" */
  solver?: SolverName;
  /** a backend object to use instead of `solver` */
  backend?: SolverBackend;
  /** the solver's presolver (default: as the simulation ran) */
  presolve?: boolean;
}

/**
 * For each chosen day and house, the lowest and highest bill over the day's
 * cheapest plans (the plans whose community cost is within docs/model.md's cost
 * slack `max(1e-5, 1e-8·|f*|)` of the optimum `f*`, times the slack factor the
 * simulation needed that day), next to the bill the simulation reported and
 * the house's stand-alone cost. A wide range means the house's bill is
 * decided by the tie-break rule, not by the data; the fair bill lies inside
 * it (within the slack).
 *
 * Each day is rebuilt from `result` (its profiles, prices, features and the
 * battery levels it started from), always in the per-pair formulation. The
 * community's cost is minimised once (f*), the cost row is kept at
 * `≤ f* + slack`, and each house's bill is minimised and maximised on that
 * face. With `carryOver: "free"` the end-of-day battery levels are not held
 * (a house's range then includes plans that would leave the next day a
 * different start); with `"fixed"` they are held at the simulation's carried
 * levels, within docs/model.md's level slack, as stage 2 holds them.
 *
 * Cost: `1 + 2·N` LPs per day for N houses, each a warm re-solve of the
 * day's LP on one persistent model (HiGHS keeps the basis between them;
 * glpk.js solves each cold). It is an analysis, not part of the simulation:
 * ask for a few days.
 *
 * Amounts in currency units; bills are the houses' costs of docs/model.md
 * "Costs and objective" (negative: the house earned more than it paid).
 * @throws InputError if `days` names a day the result did not solve
 * @throws SolveError if a day's LP cannot be solved even with the slack widened ×100
 * @example
 * const result = await simulate(scenario, profiles, { days: 7 });
 * const ranges = await billRanges(result, { days: 7 });
 * ranges.totals.map((t) => [t.house, t.minBill, t.fairBill, t.maxBill]);
 */
export async function billRanges(result: SimulationResult, options: BillRangeOptions): Promise<BillRanges> {
  const t0 = performance.now();
  const days = chosenDays(options.days, result.days.length);
  const carryOver = options.carryOver ?? "free";
  if (carryOver !== "free" && carryOver !== "fixed") throw new InputError("carryOver", `must be "free" or "fixed", got ${JSON.stringify(carryOver)}`);
  const backend = options.backend ?? await loadBackend(options.solver ?? DEFAULT_SOLVER);
  const presolve = options.presolve ?? result.solver.presolve;
  const { scenario, network, profiles, features } = result;
  const pairs = tradePairs(network, features);
  const houseIds = network.houses.map((h) => h.id);
  const rows: BillRangeRow[] = [];
  let lps = 0;
  for (const dayNumber of days) {
    const solved = result.days[dayNumber - 1];
    const day = dayProfiles(profiles, dayNumber - 1);
    const prices = dayPrices(scenario.prices, day.hours, dayNumber - 1, result.prices);
    const model = buildDayModel(scenario, network, day, features, solved.flows.batteryStart, {
      prices, pairs, keepZeroColumns: true, formulation: "pair", stageRows: true,
    });
    const endLevels = carryOver === "fixed" ? carriedLevels(model, solved.flows.battery, day.hours) : [];
    const lp = backend.open(model.lp, { presolve });
    try {
      const range = dayRange(lp, model, houseIds, endLevels, solved.stages.slackFactor, dayNumber);
      lps += range.lps;
      for (const h of network.houses)
        rows.push({
          day: dayNumber, house: h.id, group: network.groups[h.group].id,
          minBill: range.min[h.index], maxBill: range.max[h.index],
          fairBill: solved.houseCosts[h.index], standaloneCost: solved.standaloneCosts[h.index],
        });
    } finally {
      lp.dispose();
    }
  }
  const totals: BillRangeTotal[] = network.houses.map((h) => ({ house: h.id, group: network.groups[h.group].id, minBill: 0, maxBill: 0, fairBill: 0, standaloneCost: 0 }));
  const N = network.houses.length;
  rows.forEach((r, i) => {
    const t = totals[i % N];
    t.minBill += r.minBill;
    t.maxBill += r.maxBill;
    t.fairBill += r.fairBill;
    t.standaloneCost += r.standaloneCost;
  });
  return { rows, totals, days, allocation: result.allocation, carryOver, lps, ms: performance.now() - t0 };
}

/** The 1-based days asked for, checked against the days solved. */
function chosenDays(days: number | readonly number[], solved: number): number[] {
  const isDay = (d: number) => Number.isInteger(d) && d >= 1 && d <= solved;
  if (typeof days === "number") {
    if (!isDay(days)) throw new InputError("days", `must be a whole number from 1 to ${solved} (the days the result solved), got ${days}`);
    return Array.from({ length: days }, (_, i) => i + 1);
  }
  if (!Array.isArray(days) || days.length === 0) throw new InputError("days", "must be a number of days or a non-empty list of 1-based day numbers");
  const bad = days.find((d) => !isDay(d));
  if (bad !== undefined) throw new InputError("days", `day ${bad} is not one of the days the result solved (1 to ${solved})`);
  if (new Set(days).size !== days.length) throw new InputError("days", "lists a day twice");
  return [...days];
}

/** The end-of-day level column and the level the simulation carried, for each group with a battery. */
function carriedLevels(model: DayModel, battery: readonly (Float64Array | null)[], T: number): { col: number; level: number }[] {
  const out: { col: number; level: number }[] = [];
  battery.forEach((b, g) => {
    const col = model.cols.B[g * T + T - 1];
    if (b && col >= 0) out.push({ col, level: b[T - 1] });
  });
  return out;
}

/**
 * Stage 1, then each house's bill minimised and maximised with the cost row
 * at `≤ f* + slack`; on a non-optimal LP, everything again with the slacks
 * widened (×10, ×100), as the day engine does.
 */
function dayRange(
  m: LpModel, model: DayModel, houses: readonly string[], endLevels: { col: number; level: number }[], firstFactor: number, dayNumber: number,
): { min: Float64Array; max: Float64Array; lps: number } {
  const stage = model.stage!;
  const N = model.costs.start.length - 1;
  let lps = 0;
  const solve = (obj: Float64Array, what: string) => {
    m.setObjective(obj);
    const r = m.solve();
    lps++;
    if (!r.optimal) throw new RangeLpError(r.status, what);
    return r;
  };
  const factors = [firstFactor, firstFactor * 10, firstFactor * 100];
  let last: RangeLpError | null = null;
  for (const factor of factors) {
    try {
      m.setRowBound(stage.costRow, -Infinity, Infinity);
      const fStar = solve(model.lp.obj, "community cost").objective;
      m.setRowBound(stage.costRow, -Infinity, fStar + costSlack(fStar, factor));
      // from the day's own bounds, so a retry loosens what the try before set
      const { colLb, colUb } = model.lp;
      for (const { col, level } of endLevels) m.setColBound(col, Math.min(colUb[col], Math.max(colLb[col], level - levelSlack(level, factor))), colUb[col]);
      const min = new Float64Array(N), max = new Float64Array(N);
      for (let h = 0; h < N; h++) {
        const bill = new Float64Array(m.nCols);
        for (let k = model.costs.start[h]; k < model.costs.start[h + 1]; k++) bill[model.costs.col[k]] += model.costs.coef[k];
        min[h] = evaluateCosts(model.costs, solve(bill, `lowest bill of ${houses[h]}`).x)[h];
        for (let c = 0; c < bill.length; c++) bill[c] = -bill[c];
        max[h] = evaluateCosts(model.costs, solve(bill, `highest bill of ${houses[h]}`).x)[h];
      }
      return { min, max, lps };
    } catch (e) {
      if (!(e instanceof RangeLpError)) throw e;
      last = e;
      if (e.what === "community cost") break; // no slack to widen
    }
  }
  throw new SolveError(dayNumber, last!.status, `bill range: ${last!.what}`);
}

class RangeLpError extends Error {
  constructor(readonly status: string, readonly what: string) {
    super(`${what}: ${status}`);
  }
}
