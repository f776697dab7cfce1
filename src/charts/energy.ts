/**
 * Where each house's energy came from (docs/model.md constraints 4–5 read as a
 * split of demand): own PV used, group battery, P2P inside the group, P2P
 * from other groups, grid.
 */
import type { FlowRow } from "../results/tables.js";
import { baseSpec, uniqueInOrder, type ChartSpec, type DataRow } from "./spec.js";

export const ENERGY_SOURCES = ["own PV", "battery", "P2P intra", "P2P inter", "grid"] as const;
export type EnergySource = (typeof ENERGY_SOURCES)[number];

/** kWh of one house's demand met by one source, summed over the rows given. */
export interface EnergySourceRow extends DataRow {
  house: string;
  group: string;
  source: EnergySource;
  /** position of `source` in {@link ENERGY_SOURCES} (stack order) */
  order: number;
  kwh: number;
}

/**
 * Splits each house's demand by source, hour by hour, and sums over the
 * rows. Imports are battery (`dis`), P2P bought inside / outside the group,
 * grid (`gb`); own PV used is the rest of the hour's demand,
 * `max(0, demand − imports)` (energy a prosumer imports beyond its demand
 * goes on to its battery charge or sales and is not demand met).
 * Units: kWh.
 * @example energySources(flowRows(r)).filter((s) => s.house === "g1h1") // five rows: own PV, battery, P2P intra, P2P inter, grid
 */
export function energySources(rows: readonly FlowRow[]): EnergySourceRow[] {
  const houses = uniqueInOrder(rows.map((r) => r.house));
  const acc = new Map<string, { group: string; kwh: number[] }>(
    houses.map((h) => [h, { group: "", kwh: [0, 0, 0, 0, 0] }]),
  );
  for (const r of rows) {
    const a = acc.get(r.house)!;
    a.group = r.group;
    const imports = r.discharge + r.boughtIntra + r.boughtInter + r.gridPurchase;
    a.kwh[0] += Math.max(0, r.demand - imports);
    a.kwh[1] += r.discharge;
    a.kwh[2] += r.boughtIntra;
    a.kwh[3] += r.boughtInter;
    a.kwh[4] += r.gridPurchase;
  }
  return houses.flatMap((house) => {
    const a = acc.get(house)!;
    return ENERGY_SOURCES.map((source, order) => ({ house, group: a.group, source, order, kwh: a.kwh[order] }));
  });
}

/** The colours of {@link ENERGY_SOURCES}, in order. */
export const ENERGY_SOURCE_COLORS = ["#ff9f1c", "#2a9d8f", "#8ab17d", "#6a4c93", "#8d99ae"];

/**
 * One stacked bar per house: kWh of its demand met by each source over the
 * days in `rows` (see {@link energySources}).
 * @example await renderSvg(energySourcesChart(flowRows(r)))
 */
export function energySourcesChart(rows: readonly FlowRow[]): ChartSpec {
  const values = energySources(rows);
  const houses = uniqueInOrder(values.map((v) => v.house));
  const days = uniqueInOrder(rows.map((r) => String(r.day))).length;
  return {
    ...baseSpec(
      `Where each house's energy came from (${days} day${days === 1 ? "" : "s"})`,
      values,
      "kWh of demand met by each source",
    ),
    width: Math.max(300, 80 * houses.length),
    height: 260,
    mark: { type: "bar" },
    encoding: {
      x: { field: "house", type: "nominal", title: "house", sort: houses, axis: { labelAngle: 0 } },
      y: { field: "kwh", type: "quantitative", title: "kWh", stack: "zero" },
      color: {
        field: "source",
        type: "nominal",
        title: "source",
        scale: { domain: [...ENERGY_SOURCES], range: ENERGY_SOURCE_COLORS },
      },
      order: { field: "order", type: "quantitative" },
      tooltip: [
        { field: "house", type: "nominal" },
        { field: "source", type: "nominal" },
        { field: "kwh", type: "quantitative", format: ",.1f" },
      ],
    },
  };
}
