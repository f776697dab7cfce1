/**
 * The results tables as they were computed before the run ledger
 * (src/ledger.ts): each table walked the solved days itself, with the
 * profile index written out by hand. Kept verbatim as the reference the
 * ledger's folds are tested against (test/results.test.ts); not used by
 * the library.
 */
import { mean, quantile } from "simple-statistics";
import type { SimulationResult } from "../../src/simulation/simulate.js";
import type { Battery } from "../../src/community/scenario.js";
import type { HouseKind } from "../../src/community/network.js";
import type { KpiRow } from "../../src/analysis/kpis.js";
import { fairness as fairnessOf } from "../../src/analysis/fairness.js";

type KpiScope = KpiRow["scope"];
export interface HouseCostRow {
  house: string;
  group: string;
  kind: HouseKind;
  cost: number;
}
export interface GroupCostRow {
  group: string;
  houses: number;
  cost: number;
}
export interface CostTotals {
  overall: number;
  byGroup: Record<string, number>;
  byHouse: Record<string, number>;
}
export interface KpiOptions {
  reference?: SimulationResult;
}

/** Each house's cost summed over the days solved. */
export function legacyCostsByHouse(r: SimulationResult): HouseCostRow[] {
  return r.network.houses.map((h) => ({
    house: h.id,
    group: r.network.groups[h.group].id,
    kind: h.kind,
    cost: r.days.reduce((s, d) => s + d.houseCosts[h.index], 0),
  }));
}

/** Each group's cost: the sum of its houses' costs. */
export function legacyCostsByGroup(r: SimulationResult): GroupCostRow[] {
  const byHouse = legacyCostsByHouse(r);
  return r.network.groups.map((g) => ({
    group: g.id,
    houses: g.houses.length,
    cost: g.houses.reduce((s, h) => s + byHouse[h].cost, 0),
  }));
}

/** Overall, per-group and per-house totals (summary.json's `totals`). */
export function legacyCostTotals(r: SimulationResult): CostTotals {
  return {
    overall: r.days.reduce((s, d) => s + d.objective, 0),
    byGroup: Object.fromEntries(legacyCostsByGroup(r).map((g) => [g.group, g.cost])),
    byHouse: Object.fromEntries(legacyCostsByHouse(r).map((h) => [h.house, h.cost])),
  };
}

/** One row per day: the objective, then each group's and each house's cost. */
export type DayCostRow = { day: number; total: number } & Record<string, number>;

export function legacyCostsByDay(r: SimulationResult): DayCostRow[] {
  return r.days.map((d) => {
    const row: DayCostRow = { day: d.day, total: d.objective };
    for (const g of r.network.groups) row[g.id] = g.houses.reduce((s, h) => s + d.houseCosts[h], 0);
    for (const h of r.network.houses) row[h.id] = d.houseCosts[h.index];
    return row;
  });
}

/** A house's energy in one hour, kWh. */
export interface FlowRow {
  day: number;
  hour: number;
  house: string;
  group: string;
  demand: number;
  solar: number;
  gridPurchase: number;
  gridSale: number;
  charge: number;
  discharge: number;
  boughtIntra: number;
  boughtInter: number;
  soldIntra: number;
  soldInter: number;
}

/** Hourly flows per house, days in order, then hours, then houses. */
export function legacyFlowRows(r: SimulationResult): FlowRow[] {
  const { network, profiles } = r;
  const N = network.houses.length;
  const rows: FlowRow[] = [];
  for (const d of r.days) {
    const f = d.flows,
      T = f.hours;
    const trade = {
      boughtIntra: new Float64Array(N * T),
      boughtInter: new Float64Array(N * T),
      soldIntra: new Float64Array(N * T),
      soldInter: new Float64Array(N * T),
    };
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
          day: d.day,
          hour: t,
          house: h.id,
          group: network.groups[h.group].id,
          demand: profiles.demand[p],
          solar: profiles.solar[p],
          gridPurchase: f.gridPurchase[i],
          gridSale: f.gridSale[i],
          charge: f.charge[i],
          discharge: f.discharge[i],
          boughtIntra: trade.boughtIntra[i],
          boughtInter: trade.boughtInter[i],
          soldIntra: trade.soldIntra[i],
          soldInter: trade.soldInter[i],
        });
      }
  }
  return rows;
}

/** A group battery in one hour: level after the hour and the energy in and out, kWh. */
export interface BatteryRow {
  day: number;
  hour: number;
  group: string;
  level: number;
  charge: number;
  discharge: number;
}

export function legacyBatteryRows(r: SimulationResult): BatteryRow[] {
  const rows: BatteryRow[] = [];
  for (const d of r.days) {
    const f = d.flows,
      T = f.hours;
    for (let t = 0; t < T; t++)
      for (const g of r.network.groups) {
        const levels = f.battery[g.index];
        if (!levels) continue;
        rows.push({
          day: d.day,
          hour: t,
          group: g.id,
          level: levels[t],
          charge: g.prosumers.reduce((s, h) => s + f.charge[h * T + t], 0),
          discharge: g.houses.reduce((s, h) => s + f.discharge[h * T + t], 0),
        });
      }
  }
  return rows;
}

/** kWh sold by one house to another over the days solved. */
export interface TradeRow {
  seller: string;
  buyer: string;
  inter: boolean;
  kwh: number;
}

/** The trade matrix, one row per (seller, buyer) pair that traded. */
export function legacyTradeMatrix(r: SimulationResult): TradeRow[] {
  const { houses } = r.network;
  const totals = new Map<number, number>();
  const N = houses.length;
  for (const d of r.days)
    for (const t of d.flows.trades)
      totals.set(t.seller * N + t.buyer, (totals.get(t.seller * N + t.buyer) ?? 0) + t.kwh.reduce((a, b) => a + b, 0));
  return [...totals.entries()]
    .sort((a, b) => a[0] - b[0])
    .map(([k, kwh]) => {
      const s = houses[Math.floor(k / N)],
        b = houses[k % N];
      return { seller: s.id, buyer: b.id, inter: s.group !== b.group, kwh };
    });
}

/** Per-house sums over the run (the energy the boundary formulas need). */
interface HouseSums {
  demand: number;
  solar: number;
  gb: number;
  gs: number;
  ch: number;
  dis: number;
  boughtIntra: number;
  boughtInter: number;
  soldIntra: number;
  soldInter: number;
  peak: number;
  loss: number;
}

/** num / den; `null` for den = 0; a numerator within 1e-9 · den of 0 is solver round-off and reads 0 */
const ratio = (num: number, den: number) => (den > 0 ? (Math.abs(num) < 1e-9 * den ? 0 : num / den) : null);
const sum = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0);

/**
 * The KPI table of a run: every house (network order), every group, then the
 * community. Savings and fairness columns need `options.reference`.
 * @example
 *   const rows = kpiTable(runs.full, { reference: runs["grid-only"] });
 *   rows.at(-1)!.selfSufficiency // community SSR, 0..1
 */
export function legacyKpiTable(r: SimulationResult, options: KpiOptions = {}): KpiRow[] {
  const { network, profiles, scenario } = r;
  const N = network.houses.length;
  const battery = (g: number): Battery | null => (r.features.battery ? scenario.groups[g].battery : null);
  const sums: HouseSums[] = network.houses.map(() => ({
    demand: 0,
    solar: 0,
    gb: 0,
    gs: 0,
    ch: 0,
    dis: 0,
    boughtIntra: 0,
    boughtInter: 0,
    soldIntra: 0,
    soldInter: 0,
    peak: 0,
    loss: 0,
  }));
  const groupPeak = new Float64Array(network.groups.length);
  let communityPeak = 0,
    communityIntra = 0,
    communityInter = 0;
  const groupIntra = new Float64Array(network.groups.length),
    groupInter = new Float64Array(network.groups.length);

  for (const d of r.days) {
    const f = d.flows,
      T = f.hours;
    for (let t = 0; t < T; t++) {
      const groupHour = new Float64Array(network.groups.length);
      let hour = 0;
      for (const h of network.houses) {
        const i = h.index * T + t,
          p = ((d.day - 1) * N + h.index) * T + t,
          s = sums[h.index];
        s.demand += profiles.demand[p];
        s.solar += profiles.solar[p];
        s.gb += f.gridPurchase[i];
        s.gs += f.gridSale[i];
        s.ch += f.charge[i];
        s.dis += f.discharge[i];
        s.peak = Math.max(s.peak, f.gridPurchase[i]);
        groupHour[h.group] += f.gridPurchase[i];
        hour += f.gridPurchase[i];
      }
      groupHour.forEach((v, g) => (groupPeak[g] = Math.max(groupPeak[g], v)));
      communityPeak = Math.max(communityPeak, hour);
    }
    for (const tr of f.trades) {
      const kwh = sum(Array.from(tr.kwh));
      const gs = network.houses[tr.seller].group,
        gr = network.houses[tr.buyer].group;
      if (gs === gr) {
        sums[tr.seller].soldIntra += kwh;
        sums[tr.buyer].boughtIntra += kwh;
        groupIntra[gs] += kwh;
        communityIntra += kwh;
      } else {
        sums[tr.seller].soldInter += kwh;
        sums[tr.buyer].boughtInter += kwh;
        groupInter[gs] += kwh;
        groupInter[gr] += kwh;
        communityInter += kwh;
      }
    }
  }
  for (const h of network.houses) {
    const b = battery(h.group),
      s = sums[h.index];
    s.loss = b ? (1 - b.chargeEfficiency) * s.ch + (b.dischargeFactor - 1) * s.dis : 0;
  }

  const ref = options.reference;
  const refHouse = ref ? network.houses.map((h) => sum(ref.days.map((d) => d.houseCosts[h.index]))) : null;
  const daily = (h: readonly number[]) => r.days.map((d) => sum(h.map((k) => d.houseCosts[k])));
  const stats = (days: number[]) => ({
    cost: sum(days),
    costDailyMean: mean(days),
    costDailyP10: quantile(days, 0.1),
    costDailyMedian: quantile(days, 0.5),
    costDailyP90: quantile(days, 0.9),
  });
  /** savings and fairness of a set of houses */
  const fairness = (houses: readonly number[], cost: number, single: boolean) => {
    if (!refHouse) return { saving: null, shareGaining: null, savingsGini: null };
    const f = fairnessOf(
      houses.map((h) => refHouse[h]),
      houses.map((h) => sum(r.days.map((d) => d.houseCosts[h]))),
    );
    return {
      saving: sum(houses.map((h) => refHouse[h])) - cost,
      shareGaining: single ? null : f.shareGaining,
      savingsGini: single ? null : f.savingsGini,
    };
  };
  /** a row from the scope's totals */
  const build = (
    scope: KpiScope,
    id: string,
    group: string,
    houses: readonly number[],
    io: { imp: number; exp: number; peak: number; intra: number; inter: number; cycles: number | null },
  ): KpiRow => {
    const t = (k: keyof HouseSums) => sum(houses.map((h) => sums[h][k]));
    const demand = t("demand"),
      solar = t("solar"),
      ch = t("ch"),
      dis = t("dis");
    const cost = stats(daily(houses));
    return {
      scope,
      id,
      group,
      demandKwh: demand,
      solarKwh: solar,
      gridImportKwh: t("gb"),
      gridExportKwh: t("gs"),
      peakGridImportKwh: io.peak,
      selfConsumption: ratio(solar - io.exp, solar),
      selfSufficiency: ratio(demand - io.imp, demand),
      p2pIntraKwh: io.intra,
      p2pInterKwh: io.inter,
      batteryChargeKwh: ch,
      batteryDischargeKwh: dis,
      batteryThroughputKwh: ch + dis,
      batteryCycles: io.cycles,
      batteryLossKwh: t("loss"),
      ...cost,
      ...fairness(houses, cost.cost, scope === "house"),
    };
  };
  /** cell-side movement of a group's level and twice its usable capacity */
  const cycleParts = (g: number) => {
    const b = battery(g);
    if (!b) return { moved: 0, usable2: 0 };
    const members = network.groups[g];
    return {
      moved:
        b.chargeEfficiency * sum(members.prosumers.map((h) => sums[h].ch)) +
        b.dischargeFactor * sum(members.houses.map((h) => sums[h].dis)),
      usable2: 2 * (b.upper - b.lower),
    };
  };

  const rows: KpiRow[] = network.houses.map((h) => {
    const s = sums[h.index];
    return build("house", h.id, network.groups[h.group].id, [h.index], {
      imp: s.gb + s.dis + s.boughtIntra + s.boughtInter,
      exp: s.gs + s.ch + s.soldIntra + s.soldInter,
      peak: s.peak,
      intra: s.boughtIntra + s.soldIntra,
      inter: s.boughtInter + s.soldInter,
      cycles: null,
    });
  });
  for (const g of network.groups) {
    const m = g.houses.map((h) => sums[h]);
    const c = cycleParts(g.index);
    rows.push(
      build("group", g.id, g.id, g.houses, {
        imp: sum(m.map((s) => s.gb + s.boughtInter)),
        exp: sum(m.map((s) => s.gs + s.soldInter)),
        peak: groupPeak[g.index],
        intra: groupIntra[g.index],
        inter: groupInter[g.index],
        cycles: c.usable2 > 0 ? c.moved / c.usable2 : null,
      }),
    );
  }
  const parts = network.groups.map((g) => cycleParts(g.index));
  const usable2 = sum(parts.map((p) => p.usable2));
  rows.push(
    build(
      "community",
      "community",
      "",
      network.houses.map((h) => h.index),
      {
        imp: sum(sums.map((s) => s.gb)),
        exp: sum(sums.map((s) => s.gs)),
        peak: communityPeak,
        intra: communityIntra,
        inter: communityInter,
        cycles: usable2 > 0 ? sum(parts.map((p) => p.moved)) / usable2 : null,
      },
    ),
  );
  return rows;
}
