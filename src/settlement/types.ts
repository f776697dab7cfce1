/**
 * Owns: the shapes a settlement rule takes and gives (docs/model.md
 * "Settlement"). Imports: simulation (types), the coalition cache.
 */
import type { SimulationResult } from "../simulation/simulate.js";
import type { CoalitionCosts } from "./coalition.js";

/** How a Shapley rule computes its value. */
export interface ShapleyOptions {
  /** sample this many random player orders at most (the budget) instead of the exact value */
  samples?: number;
  /** stop sampling once every player's standard error is at most this, currency units */
  targetSe?: number;
  /** the most players for the exact value without `samples` (default {@link EXACT_SHAPLEY_LIMIT}) */
  exactLimit?: number;
  /** seed of the sampled player orders (default: the scenario's seed) */
  seed?: number | string;
}

/** What every rule is given, per house in network order; money in currency units over the days solved. */
export interface SettleInput {
  run: SimulationResult;
  /** r_h, the stand-alone cost */
  standalone: readonly number[];
  /** b_h, the bill from the flows */
  bills: readonly number[];
  /** D_h, the demand over the days solved, kWh */
  demand: readonly number[];
  /** F(C) of coalitions of houses, each run once */
  costs: CoalitionCosts;
  shapley: ShapleyOptions;
}

/** The players' values of a Shapley rule. */
export interface GameOutcome {
  players: "groups" | "houses";
  /** the players' ids (group or house ids) */
  ids: string[];
  /** φ per player, currency units */
  values: number[];
  /** standard error of each φ (0 when exact) */
  se: number[];
  /** v({i}) per player: what each saves alone (always known for groups, from the single-group runs) */
  alone?: number[];
  /** player orders drawn (0 when exact) */
  samples: number;
  /** sampled with a target standard error: the target, currency units */
  targetSe?: number;
}

/** What a rule gives: each house's settled saving r_h − c_h. */
export interface RuleOutcome {
  /** per house, currency units */
  saving: number[];
  /** standard error of each saving (sampled Shapley only) */
  se?: number[];
  /** false when the saving is an estimate (sampled Shapley) */
  exact: boolean;
  game?: GameOutcome;
}

/** One rule of {@link SETTLEMENT_RULES}: a line of help and the rule itself. */
export interface SettlementRuleSpec {
  /** one line for `--help` and the docs */
  help: string;
  settle(input: SettleInput): Promise<RuleOutcome>;
}
