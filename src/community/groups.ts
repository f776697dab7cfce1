/**
 * A network from per-group lists, the way the notebook's parameter cell
 * (and the original demonstrator) states it: prosumers, consumers and the
 * battery of each group, one entry per group in each list.
 */
import type { Battery, GroupSpec } from "./scenario.js";
import { InputError } from "../errors/errors.js";
import * as message from "../errors/messages.js";

/** One entry per group in every list. */
export interface GroupLists {
  /** `P_g`: houses with PV per group */
  prosumers: readonly number[];
  /** `C_g`: houses without PV per group */
  consumers: readonly number[];
  /** each group's battery (`null`: none) */
  batteries: readonly (Battery | null)[];
}

/**
 * The groups of a scenario from per-group lists.
 * @throws InputError naming the lists when their lengths differ
 * @example groupsFromLists({ prosumers: [2, 1], consumers: [1, 1], batteries: [demoBattery(5.25), null] }).length // => 2
 */
export function groupsFromLists(lists: GroupLists): GroupSpec[] {
  const { prosumers, consumers, batteries } = lists;
  if (prosumers.length !== consumers.length || prosumers.length !== batteries.length)
    throw new InputError("parameters", message.groupListLengths(prosumers.length, consumers.length, batteries.length));
  return prosumers.map((p, g) => ({
    prosumers: p,
    consumers: consumers[g],
    battery: batteries[g] ? { ...batteries[g]! } : null,
  }));
}
