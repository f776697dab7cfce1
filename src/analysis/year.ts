/**
 * A year at a real place (notebooks/year_study.ipynb): time-of-use tariffs,
 * and tables of a run by calendar month, by hour of the day and by house.
 * Plain data in, plain rows out; the charts are in `charts/year.ts`.
 *
 * A house's grid-only cost is its stand-alone cost (docs/model.md "Fair bills":
 * its own PV and the grid, no battery, no trades), which the run already
 * holds per day, so savings against grid-only need no second solve. Every
 * table here is a fold over the run's ledger (`results/ledger.ts`).
 */
import type { SimulationResult } from "../simulation/simulate.js";
import type { HouseKind } from "../community/network.js";
import type { Prices } from "../community/scenario.js";
import { calendarDay } from "../profiles/recipes/seasonal.js";
import { dailyTotal, ledgerOf, objectiveTotal, scopeUnits, total, type Ledger } from "../results/ledger.js";

/** One band of a tariff: hours `from` (inclusive) to `to` (exclusive), 0..24, local clock. */
export interface TariffBand {
  from: number;
  to: number;
  /** currency units per kWh */
  price: number;
}

/**
 * An hourly price (one value per hour of the day, currency units per kWh)
 * from bands that cover every hour exactly once; a band covers the hours
 * `from` ≤ t < `to`.
 * @example touTariff([{ from: 0, to: 7, price: 22 }, { from: 7, to: 17, price: 30 }, { from: 17, to: 21, price: 42 }, { from: 21, to: 24, price: 30 }])
 * @throws Error when an hour is covered by no band or by two
 */
export function touTariff(bands: readonly TariffBand[], hoursPerDay = 24): number[] {
  return Array.from({ length: hoursPerDay }, (_, t) => {
    const hits = bands.filter((b) => t >= b.from && t < b.to);
    if (hits.length !== 1)
      throw new Error(`touTariff: hour ${t} is covered by ${hits.length} bands (exactly one needed)`);
    return hits[0].price;
  });
}

/**
 * The seven prices from an hourly grid purchase price: peer prices at the
 * demo's ratios to the hour's grid price (docs/model.md table: buy intra 0.7,
 * buy inter 0.8, sell intra 0.5, sell inter 0.3), a flat grid sale price
 * and a flat battery-use price. Pass one number for a flat tariff.
 * @param gridPurchase - currency units per kWh: a number, or one per hour
 * @example pricesFromGrid([20, 40], { gridSale: 5, batteryUse: 2 }).peerPurchaseIntra // => [14, 28]
 */
export function pricesFromGrid(
  gridPurchase: number | readonly number[],
  opts: { gridSale: number; batteryUse: number },
): Prices {
  const scale = (r: number) => (typeof gridPurchase === "number" ? r * gridPurchase : gridPurchase.map((p) => r * p));
  return {
    gridPurchase: typeof gridPurchase === "number" ? gridPurchase : [...gridPurchase],
    gridSale: opts.gridSale,
    peerPurchaseIntra: scale(0.7),
    peerPurchaseInter: scale(0.8),
    peerSaleIntra: scale(0.5),
    peerSaleInter: scale(0.3),
    batteryUse: opts.batteryUse,
  };
}

/** `YYYY-MM` of day `d` (0-based) after `startDate`. */
export function monthOf(startDate: string, d: number): string {
  return new Date(calendarDay(startDate, d).dateMs).toISOString().slice(0, 7);
}

/** A group's cost in one calendar month, currency units. */
export interface MonthGroupRow {
  month: string;
  group: string;
  days: number;
  cost: number;
  /** Σ of its houses' stand-alone costs: the grid-only cost */
  gridOnly: number;
  /** gridOnly − cost */
  saving: number;
}

/**
 * Each group's cost, grid-only cost and saving per calendar month,
 * currency units.
 * @param startDate - the local date of day 1 (`YYYY-MM-DD`)
 * @example monthlyGroupCosts(result, "2025-01-01")[0] // { month: "2025-01", group: "g1", days: 31, cost, gridOnly, saving }
 */
export function monthlyGroupCosts(r: SimulationResult, startDate: string): MonthGroupRow[] {
  const l = ledgerOf(r);
  const rows = new Map<string, MonthGroupRow>();
  for (let d = 0; d < l.days; d++) {
    const month = monthOf(startDate, d);
    for (const g of l.network.groups) {
      const key = `${month} ${g.id}`;
      const row = rows.get(key) ?? { month, group: g.id, days: 0, cost: 0, gridOnly: 0, saving: 0 };
      row.days++;
      for (const h of g.houses) {
        row.cost += l.day.cost[l.atDay(d, h)];
        row.gridOnly += l.day.standaloneCost[l.atDay(d, h)];
      }
      row.saving = row.gridOnly - row.cost;
      rows.set(key, row);
    }
  }
  return [...rows.values()];
}

/** The community's grid purchase in one hour, kWh. */
export interface HourImportRow {
  day: number;
  hour: number;
  kwh: number;
}

/**
 * The community's grid import Σ_h gb[h,t] for every (day, hour), kWh.
 * @example gridImportRows(result).length // days × hours
 */
export function gridImportRows(r: SimulationResult): HourImportRow[] {
  const l = ledgerOf(r),
    N = l.network.houses.length;
  return Array.from({ length: l.days * l.hours }, (_, k) => {
    const d = Math.floor(k / l.hours),
      t = k % l.hours;
    let kwh = 0;
    for (let h = 0; h < N; h++) kwh += l.energy.gridPurchase[l.at(d, t, h)];
    return { day: d + 1, hour: t, kwh };
  });
}

/** The community's stored energy at one hour of the day, averaged over a month. */
export interface MonthBatteryRow {
  month: string;
  hour: number;
  /** mean of Σ_g B[g,t], kWh */
  storedKwh: number;
  /** the same as a share of Σ_g b_upper, % */
  socPct: number;
  /** the usable range's share in use: (stored − Σ_g b_lower) / (Σ_g b_upper − Σ_g b_lower), % (0: every battery at its lower limit) */
  usablePct: number;
}

/**
 * Mean state of charge of the community's batteries by month and hour of the
 * day: Σ over groups of the level after hour t, averaged over the month's
 * days, kWh; and as shares of the upper limits and of the usable range.
 * @example batteryByMonth(result, "2025-01-01").filter((r) => r.month === "2025-06")
 */
export function batteryByMonth(r: SimulationResult, startDate: string): MonthBatteryRow[] {
  const sumOf = (k: "upper" | "lower") =>
    r.scenario.groups.reduce((s, g) => s + (r.features.battery && g.battery ? g.battery[k] : 0), 0);
  const upper = sumOf("upper"),
    lower = sumOf("lower");
  const l = ledgerOf(r),
    T = l.hours;
  const acc = new Map<string, { sum: Float64Array; days: number }>();
  for (let d = 0; d < l.days; d++) {
    const month = monthOf(startDate, d);
    const a = acc.get(month) ?? { sum: new Float64Array(T), days: 0 };
    a.days++;
    for (let g = 0; g < l.network.groups.length; g++)
      for (let t = 0; t < T; t++) {
        const level = l.level[l.atGroup(d, t, g)];
        if (!Number.isNaN(level)) a.sum[t] += level;
      }
    acc.set(month, a);
  }
  return [...acc.entries()].flatMap(([month, a]) =>
    [...a.sum].map((s, hour) => ({
      month,
      hour,
      storedKwh: s / a.days,
      socPct: upper > 0 ? (100 * s) / a.days / upper : 0,
      usablePct: upper > lower ? (100 * (s / a.days - lower)) / (upper - lower) : 0,
    })),
  );
}

/** A house's year: its bill, its stand-alone (grid-only) cost and its saving, currency units. */
export interface HouseSavingRow {
  house: string;
  group: string;
  kind: HouseKind;
  bill: number;
  gridOnly: number;
  saving: number;
  /** saving / |gridOnly| · 100; `null` when gridOnly is 0 */
  savingPct: number | null;
}

/**
 * Each house's bill over the run (docs/model.md "Fair bills" when the run
 * splits fairly), its grid-only cost and its saving, currency units.
 * @example houseSavings(result).filter((h) => h.saving < 0) // houses that pay more than alone
 */
export function houseSavings(r: SimulationResult): HouseSavingRow[] {
  const l = ledgerOf(r),
    units = scopeUnits(r.network);
  return r.network.houses.map((h) => {
    const bill = dailyTotal(l, "cost", units[h.index]);
    const gridOnly = dailyTotal(l, "standaloneCost", units[h.index]);
    return {
      house: h.id,
      group: r.network.groups[h.group].id,
      kind: h.kind,
      bill,
      gridOnly,
      saving: gridOnly - bill,
      savingPct: gridOnly !== 0 ? (100 * (gridOnly - bill)) / Math.abs(gridOnly) : null,
    };
  });
}

/** A run's headline figures. */
export interface YearHeadline {
  days: number;
  /** the community's cost, currency units */
  cost: number;
  /** Σ of the houses' stand-alone costs, currency units */
  gridOnly: number;
  saving: number;
  /** saving / gridOnly · 100 */
  savingPct: number;
  /** kWh */
  demandKwh: number;
  solarKwh: number;
  gridImportKwh: number;
  gridExportKwh: number;
  /** (demand − grid import) / demand · 100 */
  selfSufficiencyPct: number;
}

/**
 * The community's cost, its grid-only cost and the saving (currency units),
 * the saving in %, and the self-sufficiency `(D − I) / D` in % over the
 * run (D demand, I grid import, kWh).
 * @example yearHeadline(result).savingPct
 */
export function yearHeadline(r: SimulationResult): YearHeadline {
  const l: Ledger = ledgerOf(r),
    all = scopeUnits(r.network).at(-1)!;
  const cost = objectiveTotal(l),
    gridOnly = dailyTotal(l, "standaloneCost", all);
  const [demandKwh, solarKwh, gridImportKwh, gridExportKwh] = (
    ["demand", "solar", "gridPurchase", "gridSale"] as const
  ).map((f) => total(l, f, all));
  const saving = gridOnly - cost;
  return {
    days: l.days,
    cost,
    gridOnly,
    saving,
    savingPct: gridOnly !== 0 ? (100 * saving) / Math.abs(gridOnly) : 0,
    demandKwh,
    solarKwh,
    gridImportKwh,
    gridExportKwh,
    selfSufficiencyPct: demandKwh > 0 ? (100 * (demandKwh - gridImportKwh)) / demandKwh : 0,
  };
}

/** The community's demand and PV in one calendar month, kWh. */
export interface MonthEnergyRow {
  month: string;
  days: number;
  demandKwh: number;
  solarKwh: number;
}

/**
 * The community's demand and PV per calendar month, kWh.
 * @param p - the profiles (all their days)
 * @param startDate - the local date of day 1 (`YYYY-MM-DD`)
 * @example monthlyEnergy(profiles, "2025-01-01").find((m) => m.month === "2025-06")!.solarKwh
 */
export function monthlyEnergy(
  p: { days: number; hours: number; houses: readonly string[]; demand: Float64Array; solar: Float64Array },
  startDate: string,
): MonthEnergyRow[] {
  const rows = new Map<string, MonthEnergyRow>();
  const n = p.houses.length * p.hours;
  for (let d = 0; d < p.days; d++) {
    const month = monthOf(startDate, d);
    const row = rows.get(month) ?? { month, days: 0, demandKwh: 0, solarKwh: 0 };
    row.days++;
    for (let k = d * n; k < (d + 1) * n; k++) {
      row.demandKwh += p.demand[k];
      row.solarKwh += p.solar[k];
    }
    rows.set(month, row);
  }
  return [...rows.values()];
}
