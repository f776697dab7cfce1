/**
 * Owns: the Shapley value of a coalition game of a run (players: groups or
 * houses), exact up to the limit, sampled with a budget above it, and the
 * message that says what the exact value would cost.
 * Imports: settlement game and types, errors.
 */
import { InputError } from "../../errors/errors.js";
import { EXACT_SHAPLEY_LIMIT, shapleyExact, shapleySampled, type ShapleyValue } from "../game.js";
import type { SettleInput } from "../types.js";
import * as message from "../../errors/messages.js";

/**
 * The Shapley value of the game v(C) = Σ_{h∈C} r_h − F(C) whose players are
 * `members.length` sets of houses (a group's houses, or one house each).
 * @throws InputError above the exact limit without a sample budget, saying what the exact value would cost and how to sample
 */
export async function shapleyOfRun(
  i: SettleInput,
  rule: string,
  members: readonly (readonly number[])[],
): Promise<ShapleyValue> {
  const n = members.length;
  const worth = async (players: readonly number[]) => {
    const houses = players.flatMap((p) => members[p]);
    return houses.reduce((s, h) => s + i.standalone[h], 0) - (await i.costs.cost(houses));
  };
  // batches of coalitions may run on worker threads (coalition-pool.ts); the values do not depend on it
  const prefetch = (coalitions: readonly (readonly number[])[]) =>
    i.costs.prefetch(coalitions.map((c) => c.flatMap((p) => members[p])));
  const o = i.shapley;
  if (o.samples !== undefined)
    return shapleySampled(
      n,
      worth,
      { samples: o.samples, targetSe: o.targetSe, seed: o.seed ?? i.run.scenario.seed },
      prefetch,
    );
  const limit = o.exactLimit ?? EXACT_SHAPLEY_LIMIT;
  if (n > limit)
    throw new InputError(`--settlement ${rule}`, message.exactShapleyTooCostly(n, i.run.timings.totalMs / 1000, limit));
  return shapleyExact(n, worth, prefetch);
}
