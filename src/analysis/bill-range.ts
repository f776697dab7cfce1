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
 * and solved by the same stage pipeline up to carry-over (`solveStages` with
 * `stopAfter: "carry"`, the same retry), so the face is the one the simulation saw.
 */
import { performance } from "node:perf_hooks";
import type { SimulationResult } from "../simulation/simulate.js";
import { dayProfiles } from "../profiles/profiles.js";
import { dayPrices } from "../prices/prices.js";
import { buildDayModel, type DayModel } from "../lp/day.js";
import { tradePairs } from "../lp/columns.js";
import { evaluateCosts } from "../lp/costs.js";
import { solveStages, StageError, type Allocation } from "../stages/stages.js";
import { withSlackRetry } from "../stages/retry.js";
import { DEFAULT_SOLVER, loadBackend, type LpModel, type SolverBackend, type SolverName } from "../solver/index.js";
import type { LpStatus } from "../solver/types.js";
import { InputError } from "../errors/errors.js";

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
 * battery levels it started from), always in the per-pair formulation, and
 * run through the stages up to carry-over (`solveStages`, `stopAfter:
 * "carry"`): the community's cost is minimised (f*), the model is fixed to
 * the cost LP's optimal face with the cost row at `≤ f* + slack`, and each
 * house's bill is minimised and maximised there. With `carryOver: "free"`
 * the carry-over stage is skipped (a house's range then includes plans that
 * would leave the next day a different start); with `"fixed"` stage 2 holds
 * the end-of-day levels at their highest, the simulation's carried levels,
 * within docs/model.md's level slack.
 *
 * Cost: `1 + 2·N` LPs per day for N houses (`"fixed"`: plus stage 2's, at
 * most one per battery), each a warm re-solve of the
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
  if (carryOver !== "free" && carryOver !== "fixed")
    throw new InputError("carryOver", `must be "free" or "fixed", got ${JSON.stringify(carryOver)}`);
  const backend = options.backend ?? (await loadBackend(options.solver ?? DEFAULT_SOLVER));
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
      prices,
      pairs,
      keepZeroColumns: true,
      formulation: "pair",
      stageRows: true,
    });
    const T = day.hours;
    const endLevelCols =
      carryOver === "fixed" ? network.groups.map((g) => model.cols.B[g.index * T + T - 1]).filter((c) => c >= 0) : [];
    const lp = backend.open(model.lp, { presolve });
    try {
      const range = dayRange(lp, model, {
        houses: houseIds,
        endLevelCols,
        standalone: solved.standaloneCosts,
        dayNumber,
        firstFactor: solved.stages.slackFactor,
      });
      lps += range.lps;
      for (const h of network.houses)
        rows.push({
          day: dayNumber,
          house: h.id,
          group: network.groups[h.group].id,
          minBill: range.min[h.index],
          maxBill: range.max[h.index],
          fairBill: solved.houseCosts[h.index],
          standaloneCost: solved.standaloneCosts[h.index],
        });
    } finally {
      lp.dispose();
    }
  }
  const totals: BillRangeTotal[] = network.houses.map((h) => ({
    house: h.id,
    group: network.groups[h.group].id,
    minBill: 0,
    maxBill: 0,
    fairBill: 0,
    standaloneCost: 0,
  }));
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
    if (!isDay(days))
      throw new InputError(
        "days",
        `must be a whole number from 1 to ${solved} (the days the result solved), got ${days}`,
      );
    return Array.from({ length: days }, (_, i) => i + 1);
  }
  if (!Array.isArray(days) || days.length === 0)
    throw new InputError("days", "must be a number of days or a non-empty list of 1-based day numbers");
  const bad = days.find((d) => !isDay(d));
  if (bad !== undefined)
    throw new InputError("days", `day ${bad} is not one of the days the result solved (1 to ${solved})`);
  if (new Set(days).size !== days.length) throw new InputError("days", "lists a day twice");
  return [...days];
}

/** What {@link dayRange} needs besides the model. */
interface DayRangeInput {
  houses: readonly string[];
  /** `B[g, T−1]` per group with a battery when the carried levels are held, else none */
  endLevelCols: number[];
  standalone: ArrayLike<number>;
  /** the slacks' factor the simulation needed that day */
  firstFactor: number;
  dayNumber: number;
}

/** Each house's lowest and highest bill of a day, and the LPs it took. */
type DayBills = { min: Float64Array; max: Float64Array; lps: number };

/**
 * The stages up to carry-over ({@link solveStages} with `stopAfter: "carry"`:
 * the optimal face, the cost row at `≤ f* + slack`, the carried levels held
 * when asked), then each house's bill minimised and maximised there; on a
 * non-optimal LP, everything again from the day's plain LP with the slacks
 * widened ({@link withSlackRetry}, as the day engine does).
 */
function dayRange(m: LpModel, model: DayModel, i: DayRangeInput): DayBills {
  const N = model.costs.start.length - 1;
  let lps = 0;
  const solve = (obj: Float64Array, what: string) => {
    m.setObjective(obj);
    const r = m.solve();
    lps++;
    if (!r.optimal) throw new BillLpError(r.lpStatus, r.status, what);
    return r;
  };
  const reset = () => {
    m.setColBounds(model.lp.colLb, model.lp.colUb);
    m.setRowBounds(model.lp.rowLb, model.lp.rowUb);
  };
  const detail = (e: StageError) =>
    `bill range: ${e instanceof BillLpError ? e.what : e.stage === "cost" ? "community cost" : `${e.stage} stage`}`;
  return withSlackRetry({ day: i.dayNumber, first: i.firstFactor, reset, detail }, (factor) => {
    const stages = solveStages(m, model, {
      allocation: "solver",
      stopAfter: "carry",
      standalone: i.standalone,
      endLevelCols: i.endLevelCols,
      slackFactor: factor,
    });
    lps += stages.stats.lps.cost + stages.stats.lps.carry;
    const min = new Float64Array(N),
      max = new Float64Array(N);
    for (let h = 0; h < N; h++) {
      const bill = new Float64Array(m.nCols);
      const { start, col, coef } = model.costs;
      for (let k = start[h]; k < start[h + 1]; k++) bill[col[k]] += coef[k];
      min[h] = evaluateCosts(model.costs, solve(bill, `lowest bill of ${i.houses[h]}`).x)[h];
      for (let c = 0; c < bill.length; c++) bill[c] = -bill[c];
      max[h] = evaluateCosts(model.costs, solve(bill, `highest bill of ${i.houses[h]}`).x)[h];
    }
    return { min, max, lps };
  });
}

/** A bill LP on the face that the solver did not solve to optimality: retried with widened slacks, as a late stage. */
class BillLpError extends StageError {
  constructor(
    lpStatus: LpStatus,
    status: string,
    readonly what: string,
  ) {
    super("fair", lpStatus, status);
  }
}
