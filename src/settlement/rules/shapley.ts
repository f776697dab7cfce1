/**
 * Owns: the Shapley value of a coalition game of a run (players: groups or
 * houses), exact up to the limit, sampled with a budget above it, and the
 * message that says what the exact value would cost.
 * Imports: settlement game and types, errors.
 */
import { InputError } from "../../errors/errors.js";
import { EXACT_SHAPLEY_LIMIT, shapleyExact, shapleySampled, type ShapleyValue } from "../game.js";
import type { SettleInput } from "../types.js";

/**
 * The Shapley value of the game v(C) = Σ_{h∈C} r_h − F(C) whose players are
 * `members.length` sets of houses (a group's houses, or one house each).
 * @throws InputError above the exact limit without a sample budget, saying what the exact value would cost and how to sample
 */
export async function shapleyOfRun(i: SettleInput, rule: string, members: readonly (readonly number[])[]): Promise<ShapleyValue> {
  const n = members.length;
  const worth = async (players: readonly number[]) => {
    const houses = players.flatMap((p) => members[p]);
    return houses.reduce((s, h) => s + i.standalone[h], 0) - (await i.costs.cost(houses));
  };
  // batches of coalitions may run on worker threads (coalition-pool.ts); the values do not depend on it
  const prefetch = (coalitions: readonly (readonly number[])[]) => i.costs.prefetch(coalitions.map((c) => c.flatMap((p) => members[p])));
  const o = i.shapley;
  if (o.samples !== undefined)
    return shapleySampled(n, worth, { samples: o.samples, targetSe: o.targetSe, seed: o.seed ?? i.run.scenario.seed }, prefetch);
  const limit = o.exactLimit ?? EXACT_SHAPLEY_LIMIT;
  if (n > limit) throw new InputError(`--settlement ${rule}`, exactCost(i, n, limit));
  return shapleyExact(n, worth, prefetch);
}

function exactCost(i: SettleInput, n: number, limit: number): string {
  const perRun = i.run.timings.totalMs / 1000;
  const runs = 2 ** n - 2; // every coalition but the whole community, whose run is made
  const seconds = runs * perRun;
  const time = seconds < 120 ? `${seconds.toFixed(0)} s` : seconds < 7200 ? `${(seconds / 60).toFixed(0)} min`
    : seconds < 172800 ? `${(seconds / 3600).toFixed(0)} h` : `${(seconds / 86400).toExponential(1)} days`;
  return `${n} players need 2^${n} − 2 = ${runs.toLocaleString("en-US")} horizon runs for the exact value, about ${time} at ` +
    `${perRun.toFixed(2)} s per run (the whole community's run); the exact limit is ${limit} players. Sample instead: ` +
    `--shapley-samples N (random player orders, each up to ${n} runs, coalitions reused) and optionally --shapley-se E ` +
    `(stop once every standard error is at most E)`;
}
