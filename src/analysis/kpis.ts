/**
 * Key figures of a run per house, per group and for the community.
 * Energy in kWh, costs in currency units, both summed over the days solved.
 *
 * Every energy figure is measured at a boundary: the house, the group, or the
 * community. Across it, energy comes in (import) and goes out (export):
 *
 * | scope     | import I                               | export E                                    |
 * |-----------|----------------------------------------|---------------------------------------------|
 * | house     | gb + dis + bought from peers           | gs + ch + sold to peers                     |
 * | group     | Σ gb + bought from other groups        | Σ gs + sold to other groups                 |
 * | community | Σ gb                                   | Σ gs                                        |
 *
 * (the group battery and trades inside a group are inside the group's
 * boundary; every battery and trade is inside the community's). With S the
 * PV generation and D the demand inside the boundary:
 *
 * - self-consumption rate SCR = (S − E) / S: the share of the PV that does
 *   not leave the boundary (`null` when S = 0);
 * - self-sufficiency rate SSR = (D − I) / D: the share of the demand not
 *   met from outside the boundary (`null` when D = 0).
 *
 * For a house both numerators are its PV used directly at home (its balance
 * row makes them equal). For a group or the community, energy that goes
 * into a battery counts as kept, including what the battery then loses, so
 * SCR − SSR·D/S is the battery's net storage and losses over S. These are
 * the usual import/export forms of Luthander et al. (2015), Photovoltaic
 * self-consumption in buildings: a review, Applied Energy 142, 80–94.
 */
import { mean, quantile } from "simple-statistics";
import type { SimulationResult } from "../simulation/simulate.js";
import type { Battery } from "../community/scenario.js";
import {
  daily,
  ledgerOf,
  memberIndices,
  scopeUnits,
  type Ledger,
  type Scope,
  type ScopeUnit,
} from "../results/ledger.js";
import { costTotals } from "../results/tables.js";
import { scopeFairness } from "./fairness.js";

/** One row of the KPI table; see the module comment for the boundary of each scope. */
export interface KpiRow {
  scope: Scope;
  /** house id, group id or `community` */
  id: string;
  /** the group (empty for the community) */
  group: string;
  /** D, kWh */
  demandKwh: number;
  /** S, kWh */
  solarKwh: number;
  /** Σ gb, kWh bought from the grid */
  gridImportKwh: number;
  /** Σ gs, kWh sold to the grid */
  gridExportKwh: number;
  /** max over the hours of the scope's Σ gb in that hour, kWh (= average kW over the hour) */
  peakGridImportKwh: number;
  /** SCR = (S − E) / S; `null` when S = 0 */
  selfConsumption: number | null;
  /** SSR = (D − I) / D; `null` when D = 0 */
  selfSufficiency: number | null;
  /** kWh of trades inside one group with at least one end in the scope, each trade counted once */
  p2pIntraKwh: number;
  /** kWh of trades between groups with at least one end in the scope, each trade counted once */
  p2pInterKwh: number;
  /** Σ ch, kWh into the battery (at the houses' side) */
  batteryChargeKwh: number;
  /** Σ dis, kWh out of the battery (at the houses' side) */
  batteryDischargeKwh: number;
  /** Σ ch + Σ dis, kWh */
  batteryThroughputKwh: number;
  /**
   * equivalent full cycles: (η_c Σ ch + η_d Σ dis) / (2 (b_upper − b_lower)),
   * the level's total movement up and down over twice the usable capacity
   * (upper − lower, not the nominal capacity); `null` for houses and
   * without a battery. Community: Σ over groups of the numerator over
   * Σ of the denominators.
   */
  batteryCycles: number | null;
  /** (1 − η_c) Σ ch + (η_d − 1) Σ dis, kWh lost in charging and discharging; a house is charged with the losses of its own ch and dis */
  batteryLossKwh: number;
  /** Σ of the daily costs, currency units */
  cost: number;
  /** mean daily cost (simple-statistics `mean`) */
  costDailyMean: number;
  /** 10 %, 50 % and 90 % quantiles of the daily cost (simple-statistics `quantile`) */
  costDailyP10: number;
  costDailyMedian: number;
  costDailyP90: number;
  /** reference cost − cost: the saving against the reference run; `null` without one */
  saving: number | null;
  /** share of the scope's houses that gain (saving > 1e-6 · max(1, |reference cost|), fairness.ts); `null` for houses and without a reference */
  shareGaining: number | null;
  /** G_RSV of the scope's houses' savings (gini.ts); `null` for houses, without a reference, or when undefined */
  savingsGini: number | null;
}

export interface KpiOptions {
  /** the run savings are measured against (usually the `grid-only` baseline, same scenario and houses) */
  reference?: SimulationResult;
}

/** num / den; `null` for den = 0; a numerator within 1e-9 · den of 0 is solver round-off and reads 0 */
const ratio = (num: number, den: number) => (den > 0 ? (Math.abs(num) < 1e-9 * den ? 0 : num / den) : null);
const sum = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0);

/** Per-house run totals of the ledger's energy (hours in order, days in order), kWh. */
function houseTotals(l: Ledger) {
  const N = l.network.houses.length;
  const fields = ["demand", "solar", "gridPurchase", "gridSale", "charge", "discharge"] as const;
  const out = Object.fromEntries(fields.map((f) => [f, new Float64Array(N)])) as Record<
    (typeof fields)[number],
    Float64Array
  >;
  const peak = new Float64Array(N);
  for (let d = 0; d < l.days; d++)
    for (let t = 0; t < l.hours; t++)
      for (let h = 0; h < N; h++) {
        const i = l.at(d, t, h);
        for (const f of fields) out[f][h] += l.energy[f][i];
        peak[h] = Math.max(peak[h], l.energy.gridPurchase[i]);
      }
  return { ...out, peak };
}

/** max over the hours of the members' summed grid purchase, kWh */
function peakOf(l: Ledger, members: readonly number[]): number {
  let peak = 0;
  for (let d = 0; d < l.days; d++)
    for (let t = 0; t < l.hours; t++) {
      let hour = 0;
      for (const h of members) hour += l.energy.gridPurchase[l.at(d, t, h)];
      peak = Math.max(peak, hour);
    }
  return peak;
}

/** kWh of trades with at least one end in the unit, each trade counted once, inside groups and between them */
function tradesOf(l: Ledger, unit: ScopeUnit) {
  const inUnit = new Set(unit.houses);
  let intra = 0,
    inter = 0;
  for (const t of l.trades)
    if (inUnit.has(t.seller) || inUnit.has(t.buyer)) {
      if (t.inter) inter += t.kwh;
      else intra += t.kwh;
    }
  return { intra, inter };
}

/**
 * The KPI table of a run, a fold over its ledger: every house (network
 * order), every group, then the community. Savings and fairness columns
 * need `options.reference`; houses are matched by id. Energies in kWh,
 * costs and savings in currency units over the days solved, shares 0..1.
 * @example
 *   const rows = kpiTable(runs.full, { reference: runs["grid-only"] });
 *   rows.at(-1)!.selfSufficiency // community SSR, 0..1
 */
export function kpiTable(r: SimulationResult, options: KpiOptions = {}): KpiRow[] {
  const l = ledgerOf(r);
  const { network, scenario } = r;
  const battery = (g: number): Battery | null => (r.features.battery ? scenario.groups[g].battery : null);
  const ht = houseTotals(l);
  const houseTrade = (h: number) => {
    let boughtIntra = 0,
      boughtInter = 0,
      soldIntra = 0,
      soldInter = 0;
    const id = network.houses[h].id;
    for (const t of l.trades) {
      if (t.buyer === id) t.inter ? (boughtInter += t.kwh) : (boughtIntra += t.kwh);
      if (t.seller === id) t.inter ? (soldInter += t.kwh) : (soldIntra += t.kwh);
    }
    return { boughtIntra, boughtInter, soldIntra, soldInter };
  };
  const trade = network.houses.map((h) => houseTrade(h.index));
  const loss = network.houses.map((h) => {
    const b = battery(h.group);
    return b ? (1 - b.chargeEfficiency) * ht.charge[h.index] + (b.dischargeFactor - 1) * ht.discharge[h.index] : 0;
  });
  /** cell-side movement of a group's level and twice its usable capacity */
  const cycleParts = (g: number) => {
    const b = battery(g);
    if (!b) return { moved: 0, usable2: 0 };
    const members = network.groups[g];
    return {
      moved:
        b.chargeEfficiency * sum(members.prosumers.map((h) => ht.charge[h])) +
        b.dischargeFactor * sum(members.houses.map((h) => ht.discharge[h])),
      usable2: 2 * (b.upper - b.lower),
    };
  };
  const ref = options.reference ? costTotals(options.reference).byHouse : null;
  const own = costTotals(r).byHouse;

  return scopeUnits(network).map((unit): KpiRow => {
    const m = memberIndices(l, unit);
    const t = (a: ArrayLike<number>) => sum(m.map((h) => a[h]));
    const demand = t(ht.demand),
      solar = t(ht.solar),
      ch = t(ht.charge),
      dis = t(ht.discharge);
    let imp: number,
      exp: number,
      cycles: number | null = null;
    if (unit.scope === "house") {
      const [h] = m,
        tr = trade[h];
      imp = ht.gridPurchase[h] + ht.discharge[h] + tr.boughtIntra + tr.boughtInter;
      exp = ht.gridSale[h] + ht.charge[h] + tr.soldIntra + tr.soldInter;
    } else if (unit.scope === "group") {
      imp = sum(m.map((h) => ht.gridPurchase[h] + trade[h].boughtInter));
      exp = sum(m.map((h) => ht.gridSale[h] + trade[h].soldInter));
      const c = cycleParts(network.groups.findIndex((g) => g.id === unit.id));
      cycles = c.usable2 > 0 ? c.moved / c.usable2 : null;
    } else {
      imp = t(ht.gridPurchase);
      exp = t(ht.gridSale);
      const parts = network.groups.map((g) => cycleParts(g.index));
      const usable2 = sum(parts.map((p) => p.usable2));
      cycles = usable2 > 0 ? sum(parts.map((p) => p.moved)) / usable2 : null;
    }
    const { intra, inter } = tradesOf(l, unit);
    const days = daily(l, "cost", unit);
    const cost = sum(days);
    const fair = ref ? scopeFairness(unit.houses, ref, own) : null;
    return {
      scope: unit.scope,
      id: unit.id,
      group: unit.group,
      demandKwh: demand,
      solarKwh: solar,
      gridImportKwh: t(ht.gridPurchase),
      gridExportKwh: t(ht.gridSale),
      peakGridImportKwh: unit.scope === "house" ? ht.peak[m[0]] : peakOf(l, m),
      selfConsumption: ratio(solar - exp, solar),
      selfSufficiency: ratio(demand - imp, demand),
      p2pIntraKwh: intra,
      p2pInterKwh: inter,
      batteryChargeKwh: ch,
      batteryDischargeKwh: dis,
      batteryThroughputKwh: ch + dis,
      batteryCycles: cycles,
      batteryLossKwh: sum(m.map((h) => loss[h])),
      cost,
      costDailyMean: mean(days),
      costDailyP10: quantile(days, 0.1),
      costDailyMedian: quantile(days, 0.5),
      costDailyP90: quantile(days, 0.9),
      saving: ref ? sum(unit.houses.map((h) => ref[h])) - cost : null,
      shareGaining: fair && unit.scope !== "house" ? fair.shareGaining : null,
      savingsGini: fair && unit.scope !== "house" ? fair.savingsGini : null,
    };
  });
}
