/**
 * The network: groups and houses with ids `g{g}h{k}`, prosumers first in each
 * group (docs/model.md "Network"). Houses are numbered 0..N-1 in id order; every
 * per-house array in the project uses that index.
 */
import type { Scenario } from "./scenario.js";

export type HouseKind = "prosumer" | "consumer";

export interface House {
  /** `g{g}h{k}`, both 1-based */
  id: string;
  /** position in {@link Network.houses} */
  index: number;
  /** 0-based group index */
  group: number;
  kind: HouseKind;
}

export interface GroupInfo {
  /** `g{g}`, 1-based */
  id: string;
  index: number;
  /** indices of the group's houses, prosumers first */
  houses: number[];
  prosumers: number[];
  hasBattery: boolean;
}

export interface Network {
  houses: House[];
  groups: GroupInfo[];
  /** indices of all prosumers (P) */
  prosumers: number[];
  /** house id → index */
  indexOf: ReadonlyMap<string, number>;
}

/**
 * Builds the network of a scenario.
 * @example buildNetwork(demoScenario()).houses.map(h => h.id)
 *   // ["g1h1", "g1h2", "g1h3", "g2h1", "g2h2"]
 */
export function buildNetwork(scenario: Pick<Scenario, "groups">): Network {
  const houses: House[] = [];
  const groups: GroupInfo[] = scenario.groups.map((g, gi) => {
    const members: number[] = [];
    const prosumers: number[] = [];
    for (let k = 0; k < g.prosumers + g.consumers; k++) {
      const kind: HouseKind = k < g.prosumers ? "prosumer" : "consumer";
      const index = houses.length;
      houses.push({ id: `g${gi + 1}h${k + 1}`, index, group: gi, kind });
      members.push(index);
      if (kind === "prosumer") prosumers.push(index);
    }
    return { id: `g${gi + 1}`, index: gi, houses: members, prosumers, hasBattery: g.battery !== null };
  });
  return {
    houses,
    groups,
    prosumers: houses.filter((h) => h.kind === "prosumer").map((h) => h.index),
    indexOf: new Map(houses.map((h) => [h.id, h.index])),
  };
}
