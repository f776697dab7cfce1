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
import type { SimulationResult } from "../simulate.js";
import type { Battery } from "../scenario.js";
import { fairness as fairnessOf } from "./fairness.js";

export type KpiScope = "house" | "group" | "community";

/** One row of the KPI table; see the module comment for the boundary of each scope. */
export interface KpiRow {
  scope: KpiScope;
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
  /** the run savings are measured against (usually the `grid-only` baseline, same scenario and profiles) */
  reference?: SimulationResult;
}

/** Per-house sums over the run (the energy the boundary formulas need). */
interface HouseSums {
  demand: number; solar: number; gb: number; gs: number; ch: number; dis: number;
  boughtIntra: number; boughtInter: number; soldIntra: number; soldInter: number;
  peak: number; loss: number;
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
export function kpiTable(r: SimulationResult, options: KpiOptions = {}): KpiRow[] {
  const { network, profiles, scenario } = r;
  const N = network.houses.length;
  const battery = (g: number): Battery | null => (r.features.battery ? scenario.groups[g].battery : null);
  const sums: HouseSums[] = network.houses.map(() => ({
    demand: 0, solar: 0, gb: 0, gs: 0, ch: 0, dis: 0, boughtIntra: 0, boughtInter: 0, soldIntra: 0, soldInter: 0, peak: 0, loss: 0,
  }));
  const groupPeak = new Float64Array(network.groups.length);
  let communityPeak = 0, communityIntra = 0, communityInter = 0;
  const groupIntra = new Float64Array(network.groups.length), groupInter = new Float64Array(network.groups.length);

  for (const d of r.days) {
    const f = d.flows, T = f.hours;
    for (let t = 0; t < T; t++) {
      const groupHour = new Float64Array(network.groups.length);
      let hour = 0;
      for (const h of network.houses) {
        const i = h.index * T + t, p = ((d.day - 1) * N + h.index) * T + t, s = sums[h.index];
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
      const gs = network.houses[tr.seller].group, gr = network.houses[tr.buyer].group;
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
    const b = battery(h.group), s = sums[h.index];
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
    const f = fairnessOf(houses.map((h) => refHouse[h]), houses.map((h) => sum(r.days.map((d) => d.houseCosts[h]))));
    return {
      saving: sum(houses.map((h) => refHouse[h])) - cost,
      shareGaining: single ? null : f.shareGaining,
      savingsGini: single ? null : f.savingsGini,
    };
  };
  /** a row from the scope's totals */
  const build = (
    scope: KpiScope, id: string, group: string, houses: readonly number[],
    io: { imp: number; exp: number; peak: number; intra: number; inter: number; cycles: number | null },
  ): KpiRow => {
    const t = (k: keyof HouseSums) => sum(houses.map((h) => sums[h][k]));
    const demand = t("demand"), solar = t("solar"), ch = t("ch"), dis = t("dis");
    const cost = stats(daily(houses));
    return {
      scope, id, group,
      demandKwh: demand, solarKwh: solar, gridImportKwh: t("gb"), gridExportKwh: t("gs"), peakGridImportKwh: io.peak,
      selfConsumption: ratio(solar - io.exp, solar), selfSufficiency: ratio(demand - io.imp, demand),
      p2pIntraKwh: io.intra, p2pInterKwh: io.inter,
      batteryChargeKwh: ch, batteryDischargeKwh: dis, batteryThroughputKwh: ch + dis, batteryCycles: io.cycles, batteryLossKwh: t("loss"),
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
      moved: b.chargeEfficiency * sum(members.prosumers.map((h) => sums[h].ch)) + b.dischargeFactor * sum(members.houses.map((h) => sums[h].dis)),
      usable2: 2 * (b.upper - b.lower),
    };
  };

  const rows: KpiRow[] = network.houses.map((h) => {
    const s = sums[h.index];
    return build("house", h.id, network.groups[h.group].id, [h.index], {
      imp: s.gb + s.dis + s.boughtIntra + s.boughtInter,
      exp: s.gs + s.ch + s.soldIntra + s.soldInter,
      peak: s.peak, intra: s.boughtIntra + s.soldIntra, inter: s.boughtInter + s.soldInter, cycles: null,
    });
  });
  for (const g of network.groups) {
    const m = g.houses.map((h) => sums[h]);
    const c = cycleParts(g.index);
    rows.push(build("group", g.id, g.id, g.houses, {
      imp: sum(m.map((s) => s.gb + s.boughtInter)),
      exp: sum(m.map((s) => s.gs + s.soldInter)),
      peak: groupPeak[g.index], intra: groupIntra[g.index], inter: groupInter[g.index],
      cycles: c.usable2 > 0 ? c.moved / c.usable2 : null,
    }));
  }
  const parts = network.groups.map((g) => cycleParts(g.index));
  const usable2 = sum(parts.map((p) => p.usable2));
  rows.push(build("community", "community", "", network.houses.map((h) => h.index), {
    imp: sum(sums.map((s) => s.gb)), exp: sum(sums.map((s) => s.gs)),
    peak: communityPeak, intra: communityIntra, inter: communityInter,
    cycles: usable2 > 0 ? sum(parts.map((p) => p.moved)) / usable2 : null,
  }));
  return rows;
}
