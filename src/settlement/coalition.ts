/**
 * Owns: the community of a coalition (docs/model.md "Settlement"): the
 * scenario restricted to some of its houses, group structure kept, each
 * group's battery kept when the coalition holds one of its houses; and the
 * cost F(C) of that community over the same days, prices and profiles
 * (stages 1–2, its own battery chain), each coalition run once.
 * Imports: community, profiles, simulation, errors.
 */
import { performance } from "node:perf_hooks";
import type { Scenario } from "../community/scenario.js";
import { buildNetwork, type Network } from "../community/network.js";
import { profileIndex, type Profiles } from "../profiles/profiles.js";
import { simulate, type SimulationResult } from "../simulation/simulate.js";

/** A coalition's own community: its scenario and profiles, with houses renumbered `g{g}h{k}` inside it. */
export interface CoalitionCommunity {
  scenario: Scenario;
  profiles: Profiles;
}

/**
 * The community of the houses `houses` (indices into the network) alone:
 * each group keeps the coalition's prosumers and consumers (ids renumbered,
 * prosumers first, order kept) and its battery; groups without a member are
 * left out. Profiles are the members' own, for every day.
 * @example coalitionCommunity(scenario, profiles, [0, 2]).scenario.groups // [{ prosumers: 1, consumers: 1, battery }]
 */
export function coalitionCommunity(scenario: Scenario, profiles: Profiles, houses: readonly number[]): CoalitionCommunity {
  const network = buildNetwork(scenario);
  const inC = new Set(houses);
  const kept: number[] = [];
  const groups = network.groups.flatMap((g) => {
    const mine = g.houses.filter((h) => inC.has(h));
    if (mine.length === 0) return [];
    kept.push(...mine);
    const prosumers = mine.filter((h) => network.houses[h].kind === "prosumer").length;
    return [{ ...scenario.groups[g.index], prosumers, consumers: mine.length - prosumers }];
  });
  const sub: Scenario = { ...scenario, groups };
  const ids = buildNetwork(sub).houses.map((h) => h.id);
  return { scenario: sub, profiles: restrictProfiles(profiles, kept, ids) };
}

function restrictProfiles(p: Profiles, kept: readonly number[], ids: string[]): Profiles {
  const T = p.hours, shape = { houses: ids, hours: T };
  const demand = new Float64Array(p.days * ids.length * T), solar = new Float64Array(p.days * ids.length * T);
  for (let d = 0; d < p.days; d++)
    kept.forEach((h, k) => {
      const from = profileIndex(p, d, h, 0), to = profileIndex(shape, d, k, 0);
      demand.set(p.demand.subarray(from, from + T), to);
      solar.set(p.solar.subarray(from, from + T), to);
    });
  return { days: p.days, hours: T, houses: ids, demand, solar };
}

/** What the coalition runs cost so far. */
export interface CoalitionStats {
  /** horizon runs made (each coalition once) */
  runs: number;
  /** their wall time, ms */
  ms: number;
}

/**
 * F(C) for coalitions of houses of one run, each computed once: the
 * coalition's community solved with `simulate` (stages 1–2, `allocation:
 * "solver"`) over the run's days with its prices, features, solver and
 * presolve setting. The whole community's cost is the run's own
 * (Σ of its bills), so it is never run again.
 * @example
 *   const costs = new CoalitionCosts(run);
 *   await costs.cost(costs.housesOfGroups([0])); // group g1 alone over the run's days, currency units
 */
export class CoalitionCosts {
  private readonly cache = new Map<string, number>();
  readonly stats: CoalitionStats = { runs: 0, ms: 0 };
  private readonly network: Network;

  /**
   * @param run - the whole community's run (its cost is F(N))
   * @param onRun - called after each coalition run with the runs made so far
   */
  constructor(private readonly run: SimulationResult, private readonly onRun?: (runs: number) => void) {
    this.network = run.network;
    const all = this.network.houses.map((h) => h.index);
    this.cache.set(all.join(","), run.days.reduce((s, d) => s + d.houseCosts.reduce((a, b) => a + b, 0), 0));
  }

  /**
   * F(C) over the run's days, currency units; F(∅) = 0.
   * @param houses - house indices (any order)
   */
  async cost(houses: readonly number[]): Promise<number> {
    if (houses.length === 0) return 0;
    const sorted = [...houses].sort((a, b) => a - b);
    const key = sorted.join(",");
    const hit = this.cache.get(key);
    if (hit !== undefined) return hit;
    const t0 = performance.now();
    const { scenario, profiles } = coalitionCommunity(this.run.scenario, this.run.profiles, sorted);
    const r = await simulate(scenario, profiles, {
      days: this.run.days.length, features: this.run.features, prices: this.run.prices,
      solver: this.run.solver.backend, presolve: this.run.solver.presolve, allocation: "solver",
    });
    const f = r.days.reduce((s, d) => s + d.objective, 0);
    this.stats.runs++;
    this.stats.ms += performance.now() - t0;
    this.cache.set(key, f);
    this.onRun?.(this.stats.runs);
    return f;
  }

  /** The houses of some groups (group indices), in network order. */
  housesOfGroups(groups: readonly number[]): number[] {
    return groups.flatMap((g) => this.network.groups[g].houses);
  }
}
