/**
 * Owns: the community of a coalition (docs/model.md "Settlement"): the
 * scenario restricted to some of its houses, group structure kept, each
 * group's battery kept when the coalition holds one of its houses; and the
 * cost F(C) of that community over the same days, prices and profiles
 * (stages 1–2, its own battery chain), each coalition run once.
 * Imports: community, prices (types), profiles, simulation.
 */
import { performance } from "node:perf_hooks";
import type { Scenario } from "../community/scenario.js";
import { buildNetwork, type Network } from "../community/network.js";
import { profileIndex, type Profiles } from "../profiles/profiles.js";
import { simulate, type SimulationResult } from "../simulation/simulate.js";
import type { Features } from "../community/features.js";
import type { PriceTable } from "../prices/prices.js";

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
export function coalitionCommunity(
  scenario: Scenario,
  profiles: Profiles,
  houses: readonly number[],
): CoalitionCommunity {
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
  const sub: Scenario = {
    ...scenario,
    groups,
    ...(scenario.synthetic ? { synthetic: restrictSynthetic(scenario.synthetic, network, kept) } : {}),
  };
  const ids = buildNetwork(sub).houses.map((h) => h.id);
  return { scenario: sub, profiles: restrictProfiles(profiles, kept, ids) };
}

/** The synthetic section's per-house (or per-prosumer) lists cut to the coalition's houses, in network order. */
function restrictSynthetic(
  syn: NonNullable<Scenario["synthetic"]>,
  network: Network,
  kept: readonly number[],
): NonNullable<Scenario["synthetic"]> {
  const prosumerOrdinal = new Map(network.houses.filter((h) => h.kind === "prosumer").map((h, i) => [h.index, i]));
  const cut = (v: number | number[] | undefined): number | number[] | undefined => {
    if (!Array.isArray(v)) return v;
    if (v.length === network.houses.length) return kept.map((h) => v[h]);
    return kept.filter((h) => prosumerOrdinal.has(h)).map((h) => v[prosumerOrdinal.get(h)!]);
  };
  if (syn.recipe !== "seasonal") return syn;
  return { ...syn, annualDemandKwh: cut(syn.annualDemandKwh)!, pvKwp: cut(syn.pvKwp)! };
}

function restrictProfiles(p: Profiles, kept: readonly number[], ids: string[]): Profiles {
  const T = p.hours,
    shape = { houses: ids, hours: T };
  const demand = new Float64Array(p.days * ids.length * T),
    solar = new Float64Array(p.days * ids.length * T);
  for (let d = 0; d < p.days; d++)
    kept.forEach((h, k) => {
      const from = profileIndex(p, d, h, 0),
        to = profileIndex(shape, d, k, 0);
      demand.set(p.demand.subarray(from, from + T), to);
      solar.set(p.solar.subarray(from, from + T), to);
    });
  return { days: p.days, hours: T, houses: ids, demand, solar };
}

/**
 * One coalition's horizon run, as plain data (it crosses to a worker thread):
 * the coalition's community and the run's days, features, prices and solver.
 */
export interface CoalitionJob extends CoalitionCommunity {
  days: number;
  features: Features;
  prices?: PriceTable;
  solver: SimulationResult["solver"]["backend"];
  presolve: boolean;
  /** the coalition's house ids in the whole community, for messages */
  label?: string;
}

/**
 * F(C): the job's community solved with `simulate` (stages 1–2, `allocation:
 * "solver"`), Σ of its days' costs, currency units. The same function runs in
 * this thread and in the workers (coalition-worker.ts), so F(C) does not
 * depend on where it ran.
 */
export async function runCoalitionJob(job: CoalitionJob): Promise<number> {
  const r = await simulate(job.scenario, job.profiles, {
    days: job.days,
    features: job.features,
    prices: job.prices,
    solver: job.solver,
    presolve: job.presolve,
    allocation: "solver",
  });
  return r.days.reduce((s, d) => s + d.objective, 0);
}

/** What the coalition runs cost so far. */
export interface CoalitionStats {
  /** coalitions whose cost was used (each run once; the whole community's run is the run's own) */
  runs: number;
  /** runs made ahead on workers (sampled Shapley) whose cost was never used */
  spare: number;
  /** wall time of every run made, ms (on workers: the time spent waiting for their batches) */
  ms: number;
}

/** Where a batch of coalition runs goes: a pool of worker threads (coalition-pool.ts). */
export interface CoalitionRunner {
  /** Runs the jobs, calling `done(k, F)` as job k finishes; rejects on the first failure. */
  runAll(jobs: readonly CoalitionJob[], done: (k: number, cost: number) => void): Promise<void>;
}

/** Picks the runner for a batch of `runs` coalition runs of `work` house-hours (undefined: this thread). */
export type RunnerChoice = (runs: number, work: number) => Promise<CoalitionRunner | undefined>;

/**
 * F(C) for coalitions of houses of one run, each computed once: the
 * coalition's community solved with {@link runCoalitionJob} over the run's
 * days with its prices, features, solver and presolve setting. The whole
 * community's cost is the run's own (Σ of its bills), so it is never run again.
 * Batches given to {@link CoalitionCosts.prefetch} may run on worker threads.
 * @example
 *   const costs = new CoalitionCosts(run);
 *   await costs.cost(costs.housesOfGroups([0])); // group g1 alone over the run's days, currency units
 */
export class CoalitionCosts {
  /** F(C) by coalition key; `used` once a caller asked for it */
  private readonly cache = new Map<string, { cost: number; used: boolean }>();
  readonly stats: CoalitionStats = { runs: 0, spare: 0, ms: 0 };
  private readonly network: Network;
  /** runs made (used or not), for progress */
  private made = 0;
  /** where {@link prefetch} sends its batches (default: this thread) */
  runner?: RunnerChoice;

  /**
   * @param run - the whole community's run (its cost is F(N))
   * @param onRun - called after each coalition run with the runs made so far
   */
  constructor(
    private readonly run: SimulationResult,
    private readonly onRun?: (runs: number) => void,
  ) {
    this.network = run.network;
    const all = this.network.houses.map((h) => h.index);
    const F = run.days.reduce((s, d) => s + d.houseCosts.reduce((a, b) => a + b, 0), 0);
    this.cache.set(all.join(","), { cost: F, used: true });
  }

  /**
   * F(C) over the run's days, currency units; F(∅) = 0.
   * @param houses - house indices (any order)
   */
  async cost(houses: readonly number[]): Promise<number> {
    if (houses.length === 0) return 0;
    const key = keyOf(houses);
    let hit = this.cache.get(key);
    if (hit === undefined) {
      const t0 = performance.now();
      const f = await runCoalitionJob(this.job(key));
      this.stats.ms += performance.now() - t0;
      hit = this.store(key, f);
    }
    if (!hit.used) {
      hit.used = true;
      this.stats.runs++;
      this.stats.spare--;
    }
    return hit.cost;
  }

  /**
   * Runs the coalitions not yet known ahead, in one batch on worker threads,
   * when {@link runner} picks a pool for it (else nothing: {@link cost} runs
   * each here when asked). Their costs are then answered by {@link cost}
   * without a run; those never asked for count as `spare`.
   */
  async prefetch(coalitions: readonly (readonly number[])[]): Promise<void> {
    const keys = [...new Set(coalitions.filter((c) => c.length > 0).map(keyOf))].filter((k) => !this.cache.has(k));
    if (keys.length === 0) return;
    const work = keys.reduce((s, k) => s + k.split(",").length, 0) * this.run.days.length * this.run.profiles.hours;
    const pool = keys.length > 1 ? await this.runner?.(keys.length, work) : undefined;
    if (!pool) return; // this thread runs each coalition when asked, so nothing is run ahead in vain
    const t0 = performance.now();
    await pool.runAll(
      keys.map((k) => this.job(k)),
      (i, f) => this.store(keys[i], f),
    );
    this.stats.ms += performance.now() - t0;
  }

  /** The houses of some groups (group indices), in network order. */
  housesOfGroups(groups: readonly number[]): number[] {
    return groups.flatMap((g) => this.network.groups[g].houses);
  }

  /** The houses' ids of a coalition key, joined by "+" (for messages). */
  idsOf(key: string): string {
    return key
      .split(",")
      .map((h) => this.network.houses[Number(h)].id)
      .join("+");
  }

  private job(key: string): CoalitionJob {
    const r = this.run;
    return {
      ...coalitionCommunity(r.scenario, r.profiles, key.split(",").map(Number)),
      days: r.days.length,
      features: r.features,
      ...(r.prices ? { prices: r.prices } : {}),
      solver: r.solver.backend,
      presolve: r.solver.presolve,
      label: this.idsOf(key),
    };
  }

  /** Records a run's result, unused until {@link cost} asks for it. */
  private store(key: string, cost: number): { cost: number; used: boolean } {
    const entry = { cost, used: false };
    this.cache.set(key, entry);
    this.stats.spare++;
    this.onRun?.(++this.made);
    return entry;
  }
}

/** A coalition's key: its house indices in increasing order, comma-separated. */
function keyOf(houses: readonly number[]): string {
  return [...houses].sort((a, b) => a - b).join(",");
}
