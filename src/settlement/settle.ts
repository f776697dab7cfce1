/**
 * Owns: settling a run by a rule (docs/model.md "Settlement"): each house's
 * settled bill, transfer and saving, per group, and the checks every
 * settlement gets (individual and group rationality, budget balance, the
 * transfers' sum), in a JSON-ready shape (summary.json's `settlement`).
 * Imports: simulation (types), results (the run's bills), errors, and the
 * rules, the game and the coalition cache of this room.
 */
import type { SimulationResult } from "../simulation/simulate.js";
import { costsByHouse } from "../results/tables.js";
import { InputError } from "../errors/errors.js";
import { CoalitionCosts } from "./coalition.js";
import type { poolChoice } from "./coalition-pool.js";
import { SETTLEMENT_RULES, SETTLEMENT_RULE_NAMES, type SettlementRule } from "./rules.js";
import type { GameOutcome, RuleOutcome, SettleInput, ShapleyOptions } from "./types.js";
import * as message from "../errors/messages.js";

/** How {@link settle} settles a run. */
export interface SettleOptions {
  /** the rule (default `none`) */
  rule?: SettlementRule;
  shapley?: ShapleyOptions;
  /** coalition costs already computed for this run (share one across rules: each coalition is then run once) */
  costs?: CoalitionCosts;
  /** called after each coalition run (Shapley rules) with the runs made so far */
  onRun?: (runs: number) => void;
  /**
   * worker threads for the coalition runs: "auto" (default: by work, at most
   * the cores, none inside a Jupyter kernel) or a number (1 = this thread);
   * the values are the same either way
   */
  workers?: number | "auto";
  /** the longest one coalition run may take on a worker thread, ms (default: 30 × the run's wall time, ≥ 2 min) */
  timeoutMs?: number;
}

/** One house's settlement over the days solved, currency units. */
export interface HouseSettlement {
  /** b_h, the bill from the flows */
  bill: number;
  /** r_h, what it would pay alone */
  standalone: number;
  /** c_h */
  settledBill: number;
  /** c_h − b_h, paid into (> 0) or out of (< 0) the community account */
  transfer: number;
  /** r_h − c_h */
  saving: number;
  /** standard error of `saving` (sampled Shapley only) */
  se?: number;
}

/** One group's settlement: the sums of its houses', and its game values for `shapley-groups`. */
export interface GroupSettlement {
  bill: number;
  standalone: number;
  settledBill: number;
  transfer: number;
  saving: number;
  se?: number;
  /** v({g}): what the group saves as a community of its own (`shapley-groups`) */
  alone?: number;
}

/** The checks of a settlement (printed and in summary.json). */
export interface SettlementChecks {
  /** every house's settled saving ≥ −{@link savingTolerance}; `houses` names those below */
  individualRationality: { ok: boolean; houses: string[] };
  /** `shapley-groups` only: v({g}) ≤ φ_g (within the tolerance) for every group; `groups` names those that would save more alone */
  groupRationality?: { ok: boolean; groups: string[] };
  /** Σ c_h = F within 1e-9 · max(1, |F|) */
  budgetBalance: { ok: boolean; communityCost: number; settledTotal: number; relativeError: number };
  /** Σ (c_h − b_h), currency units (0 up to rounding) */
  transfersSum: number;
}

/** A run settled by one rule (summary.json's `settlement`). */
export interface Settlement {
  rule: SettlementRule;
  /** false when the savings are estimates (sampled Shapley, ± se) */
  exact: boolean;
  /** F = Σ b_h, currency units */
  communityCost: number;
  /** S = Σ r_h − F, currency units */
  communitySaving: number;
  byHouse: Record<string, HouseSettlement>;
  byGroup: Record<string, GroupSettlement>;
  checks: SettlementChecks;
  /** Shapley rules: the players' values and what the coalition runs cost */
  game?: GameOutcome & { runs: number; seconds: number; workers: number };
}

/** Relative budget-balance tolerance. */
export const BUDGET_TOLERANCE = 1e-9;

/**
 * The rule named `name`.
 * @throws InputError naming the choices for an unknown name
 * @example settlementRule("equal") // "equal"
 */
export function settlementRule(name: string): SettlementRule {
  if ((SETTLEMENT_RULE_NAMES as string[]).includes(name)) return name as SettlementRule;
  throw new InputError("--settlement", message.unknownRule(name, SETTLEMENT_RULE_NAMES));
}

/**
 * A settled saving counts as negative below −1e-6 · max(1, Σ_h |r_h|)
 * currency units: the stages keep each day's cost within 1e-5 of its optimum.
 * @example savingTolerance([100, -50]) // 1.5e-4
 */
export function savingTolerance(standalone: readonly number[]): number {
  return (
    1e-6 *
    Math.max(
      1,
      standalone.reduce((s, r) => s + Math.abs(r), 0),
    )
  );
}

/**
 * Settles a run by a rule: settled bills c_h with Σ c_h = F, transfers
 * c_h − b_h and savings r_h − c_h per house and group, and the checks.
 * Shapley rules solve coalitions' communities (see {@link CoalitionCosts}).
 * @throws InputError for a Shapley rule above the exact limit without a sample budget
 * @example (await settle(run, { rule: "equal" })).byHouse.g1h1.saving // S / N
 */
export async function settle(run: SimulationResult, options: SettleOptions = {}): Promise<Settlement> {
  const rule = options.rule ?? "none";
  const rows = costsByHouse(run);
  const input: SettleInput = {
    run,
    standalone: rows.map((h) => h.standaloneCost),
    bills: rows.map((h) => h.cost),
    demand: houseDemand(run),
    costs: options.costs ?? new CoalitionCosts(run, options.onRun),
    shapley: options.shapley ?? {},
  };
  const before = { ...input.costs.stats };
  const timeoutMs = (minMs: number) => options.timeoutMs ?? Math.max(minMs, 30 * run.timings.totalMs);
  const place = lazyPoolChoice(options.workers ?? "auto", timeoutMs);
  const previous = input.costs.runner;
  input.costs.runner = place.choose;
  let out: RuleOutcome, workers: number;
  try {
    out = await SETTLEMENT_RULES[rule].settle(input);
  } finally {
    workers = place.workers();
    input.costs.runner = previous;
    await place.close();
  }
  const s = assemble(run, rule, input, out);
  const stats = input.costs.stats;
  const seconds = (stats.ms - before.ms) / 1000;
  if (out.game) s.game = { ...out.game, runs: stats.runs - before.runs, seconds, workers };
  return s;
}

/**
 * `coalition-pool.ts`'s `poolChoice`, imported (with tinypool) only when a batch of coalition runs asks
 * where to run: a rule without coalition runs (`none`, `equal`, `demand`) loads no pool code.
 * @param timeoutMs - a run's timeout on a worker, given the pool's minimum (ms)
 */
function lazyPoolChoice(workers: number | "auto", timeoutMs: (minMs: number) => number): ReturnType<typeof poolChoice> {
  let place: ReturnType<typeof poolChoice> | undefined;
  return {
    choose: async (runs, work) => {
      const pool = await import("./coalition-pool.js");
      place ??= pool.poolChoice({ workers, timeoutMs: timeoutMs(pool.MIN_COALITION_TIMEOUT_MS) });
      return place.choose(runs, work);
    },
    close: async () => place?.close(),
    workers: () => place?.workers() ?? 0,
  };
}

/**
 * Settles a run by every rule, sharing the coalition runs.
 * @example const all = await settleAll(run); all.equal.byHouse.g1h1.saving
 */
export async function settleAll(
  run: SimulationResult,
  options: Omit<SettleOptions, "rule"> = {},
): Promise<Record<SettlementRule, Settlement>> {
  const costs = options.costs ?? new CoalitionCosts(run, options.onRun);
  const out = {} as Record<SettlementRule, Settlement>;
  for (const rule of SETTLEMENT_RULE_NAMES) out[rule] = await settle(run, { ...options, rule, costs });
  return out;
}

/** D_h: each house's demand over the days solved, kWh. */
function houseDemand(run: SimulationResult): number[] {
  const p = run.profiles,
    N = p.houses.length,
    T = p.hours;
  const d = new Array<number>(N).fill(0);
  for (let k = 0; k < run.days.length * N * T; k++) d[Math.floor(k / T) % N] += p.demand[k];
  return d;
}

function assemble(run: SimulationResult, rule: SettlementRule, i: SettleInput, out: RuleOutcome): Settlement {
  const sum = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0);
  const byHouse: Record<string, HouseSettlement> = {};
  for (const h of run.network.houses) {
    const saving = out.saving[h.index],
      bill = i.bills[h.index],
      standalone = i.standalone[h.index];
    const settledBill = standalone - saving;
    byHouse[h.id] = {
      bill,
      standalone,
      settledBill,
      transfer: settledBill - bill,
      saving,
      ...(out.se ? { se: out.se[h.index] } : {}),
    };
  }
  const byGroup: Record<string, GroupSettlement> = {};
  for (const g of run.network.groups) {
    const hs = g.houses.map((h) => byHouse[run.network.houses[h].id]);
    const pick = (k: "bill" | "standalone" | "settledBill" | "transfer" | "saving") => sum(hs.map((h) => h[k]));
    const game = out.game?.players === "groups" ? out.game : undefined;
    byGroup[g.id] = {
      bill: pick("bill"),
      standalone: pick("standalone"),
      settledBill: pick("settledBill"),
      transfer: pick("transfer"),
      saving: pick("saving"),
      ...(game && !out.exact ? { se: game.se[g.index] } : {}),
      ...(game?.alone ? { alone: game.alone[g.index] } : {}),
    };
  }
  const F = sum(i.bills);
  return {
    rule,
    exact: out.exact,
    communityCost: F,
    communitySaving: sum(i.standalone) - F,
    byHouse,
    byGroup,
    checks: checks(byHouse, byGroup, F, savingTolerance(i.standalone), out.game?.players === "groups"),
  };
}

function checks(
  byHouse: Record<string, HouseSettlement>,
  byGroup: Record<string, GroupSettlement>,
  F: number,
  tol: number,
  groups: boolean,
): SettlementChecks {
  const houses = Object.entries(byHouse)
    .filter(([, h]) => h.saving < -tol)
    .map(([id]) => id);
  const settledTotal = Object.values(byHouse).reduce((s, h) => s + h.settledBill, 0);
  const relativeError = Math.abs(settledTotal - F) / Math.max(1, Math.abs(F));
  const out: SettlementChecks = {
    individualRationality: { ok: houses.length === 0, houses },
    budgetBalance: { ok: relativeError <= BUDGET_TOLERANCE, communityCost: F, settledTotal, relativeError },
    transfersSum: Object.values(byHouse).reduce((s, h) => s + h.transfer, 0),
  };
  if (groups) {
    const bad = Object.entries(byGroup)
      .filter(([, g]) => g.alone !== undefined && g.alone > g.saving + tol)
      .map(([id]) => id);
    out.groupRationality = { ok: bad.length === 0, groups: bad };
  }
  return out;
}
