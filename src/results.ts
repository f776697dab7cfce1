/**
 * Tables from a simulation: costs per house, group, day and overall; hourly
 * flows per house; battery levels per group and hour; the trade matrix.
 * Plain rows in, plain rows out: CSV text comes from {@link toCsv}.
 */
import type { SimulationResult } from "./simulate.js";
import type { HouseKind } from "./network.js";

export interface HouseCostRow { house: string; group: string; kind: HouseKind; cost: number }
export interface GroupCostRow { group: string; houses: number; cost: number }

/** Cost totals over the days solved, in currency units. */
export interface CostTotals {
  overall: number;
  byGroup: Record<string, number>;
  byHouse: Record<string, number>;
}

/** Each house's cost summed over the days solved. */
export function costsByHouse(r: SimulationResult): HouseCostRow[] {
  return r.network.houses.map((h) => ({
    house: h.id, group: r.network.groups[h.group].id, kind: h.kind,
    cost: r.days.reduce((s, d) => s + d.houseCosts[h.index], 0),
  }));
}

/** Each group's cost: the sum of its houses' costs. */
export function costsByGroup(r: SimulationResult): GroupCostRow[] {
  const byHouse = costsByHouse(r);
  return r.network.groups.map((g) => ({
    group: g.id, houses: g.houses.length, cost: g.houses.reduce((s, h) => s + byHouse[h].cost, 0),
  }));
}

/** Overall, per-group and per-house totals (summary.json's `totals`). */
export function costTotals(r: SimulationResult): CostTotals {
  return {
    overall: r.days.reduce((s, d) => s + d.objective, 0),
    byGroup: Object.fromEntries(costsByGroup(r).map((g) => [g.group, g.cost])),
    byHouse: Object.fromEntries(costsByHouse(r).map((h) => [h.house, h.cost])),
  };
}

/** One row per day: the objective, then each group's and each house's cost. */
export type DayCostRow = { day: number; total: number } & Record<string, number>;

export function costsByDay(r: SimulationResult): DayCostRow[] {
  return r.days.map((d) => {
    const row: DayCostRow = { day: d.day, total: d.objective };
    for (const g of r.network.groups) row[g.id] = g.houses.reduce((s, h) => s + d.houseCosts[h], 0);
    for (const h of r.network.houses) row[h.id] = d.houseCosts[h.index];
    return row;
  });
}

/** A house's energy in one hour, kWh. */
export interface FlowRow {
  day: number; hour: number; house: string; group: string;
  demand: number; solar: number;
  gridPurchase: number; gridSale: number; charge: number; discharge: number;
  boughtIntra: number; boughtInter: number; soldIntra: number; soldInter: number;
}

/** Hourly flows per house, days in order, then hours, then houses. */
export function flowRows(r: SimulationResult): FlowRow[] {
  const { network, profiles } = r;
  const N = network.houses.length;
  const rows: FlowRow[] = [];
  for (const d of r.days) {
    const f = d.flows, T = f.hours;
    const trade = { boughtIntra: new Float64Array(N * T), boughtInter: new Float64Array(N * T), soldIntra: new Float64Array(N * T), soldInter: new Float64Array(N * T) };
    for (const tr of f.trades) {
      const inter = network.houses[tr.seller].group !== network.houses[tr.buyer].group;
      for (let t = 0; t < T; t++) {
        (inter ? trade.boughtInter : trade.boughtIntra)[tr.buyer * T + t] += tr.kwh[t];
        (inter ? trade.soldInter : trade.soldIntra)[tr.seller * T + t] += tr.kwh[t];
      }
    }
    for (let t = 0; t < T; t++)
      for (const h of network.houses) {
        const i = h.index * T + t;
        const p = ((d.day - 1) * N + h.index) * T + t;
        rows.push({
          day: d.day, hour: t, house: h.id, group: network.groups[h.group].id,
          demand: profiles.demand[p], solar: profiles.solar[p],
          gridPurchase: f.gridPurchase[i], gridSale: f.gridSale[i], charge: f.charge[i], discharge: f.discharge[i],
          boughtIntra: trade.boughtIntra[i], boughtInter: trade.boughtInter[i],
          soldIntra: trade.soldIntra[i], soldInter: trade.soldInter[i],
        });
      }
  }
  return rows;
}

/** A group battery in one hour: level after the hour and the energy in and out, kWh. */
export interface BatteryRow { day: number; hour: number; group: string; level: number; charge: number; discharge: number }

export function batteryRows(r: SimulationResult): BatteryRow[] {
  const rows: BatteryRow[] = [];
  for (const d of r.days) {
    const f = d.flows, T = f.hours;
    for (let t = 0; t < T; t++)
      for (const g of r.network.groups) {
        const levels = f.battery[g.index];
        if (!levels) continue;
        rows.push({
          day: d.day, hour: t, group: g.id, level: levels[t],
          charge: g.prosumers.reduce((s, h) => s + f.charge[h * T + t], 0),
          discharge: g.houses.reduce((s, h) => s + f.discharge[h * T + t], 0),
        });
      }
  }
  return rows;
}

/** kWh sold by one house to another over the days solved. */
export interface TradeRow { seller: string; buyer: string; inter: boolean; kwh: number }

/** The trade matrix, one row per (seller, buyer) pair that traded. */
export function tradeMatrix(r: SimulationResult): TradeRow[] {
  const { houses } = r.network;
  const totals = new Map<number, number>();
  const N = houses.length;
  for (const d of r.days)
    for (const t of d.flows.trades) totals.set(t.seller * N + t.buyer, (totals.get(t.seller * N + t.buyer) ?? 0) + t.kwh.reduce((a, b) => a + b, 0));
  return [...totals.entries()].sort((a, b) => a[0] - b[0]).map(([k, kwh]) => {
    const s = houses[Math.floor(k / N)], b = houses[k % N];
    return { seller: s.id, buyer: b.id, inter: s.group !== b.group, kwh };
  });
}

/**
 * A number as CSV text: at most `decimals` decimals, trailing zeros dropped,
 * never "-0".
 * @example formatNumber(1.23456789) // "1.234568"
 */
export function formatNumber(x: number, decimals = 6): string {
  const scale = 10 ** decimals;
  const v = Math.round(x * scale) / scale; // an integer over a power of ten prints in its short form
  return v === 0 ? "0" : String(v);
}

function csvCell(v: unknown): string {
  if (typeof v === "number") return formatNumber(v);
  const s = String(v);
  return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** Rows as CSV text with a header; `columns` defaults to the first row's keys. */
export function toCsv<R extends object>(rows: readonly R[], columns?: readonly (keyof R & string)[]): string {
  const cols = columns ?? (rows.length ? (Object.keys(rows[0]) as (keyof R & string)[]) : []);
  const lines = [cols.join(",")];
  for (const row of rows) lines.push(cols.map((c) => csvCell(row[c])).join(","));
  return lines.join("\n") + "\n";
}
