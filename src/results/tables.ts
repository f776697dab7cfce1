/**
 * Tables from a simulation: costs per house, group, day and overall; hourly
 * flows per house; battery levels per group and hour; the trade matrix.
 * Plain rows in, plain rows out: CSV text comes from {@link toCsv}.
 */
import type { SimulationResult } from "../simulation/simulate.js";
import type { HouseKind } from "../community/network.js";
import {
  ENERGY_FIELDS,
  dailyTotal,
  ledgerOf,
  objectiveTotal,
  scopeUnits,
  type EnergyField,
  type ScopeUnit,
} from "./ledger.js";

/**
 * A house's money over the days solved, currency units: its bill (`cost`),
 * what it would have paid alone (`standaloneCost`, docs/model.md "Fair bills"),
 * and `saving = standaloneCost − cost`.
 */
export interface HouseCostRow {
  house: string;
  group: string;
  kind: HouseKind;
  cost: number;
  standaloneCost: number;
  saving: number;
}
/** A group's money over the days solved (sums of its houses'), currency units. */
export interface GroupCostRow {
  group: string;
  houses: number;
  cost: number;
  standaloneCost: number;
  saving: number;
}

/** Cost totals over the days solved, in currency units. */
export interface CostTotals {
  /** Σ of the daily objectives */
  overall: number;
  byGroup: Record<string, number>;
  byHouse: Record<string, number>;
}

const units = (r: SimulationResult, scope: ScopeUnit["scope"]) =>
  scopeUnits(r.network).filter((u) => u.scope === scope);
const money = (r: SimulationResult, u: ScopeUnit) => {
  const l = ledgerOf(r);
  return {
    cost: dailyTotal(l, "cost", u),
    standaloneCost: dailyTotal(l, "standaloneCost", u),
    saving: dailyTotal(l, "saving", u),
  };
};

/**
 * Each house's bill, stand-alone cost and saving summed over the days solved (a fold over the ledger).
 * @example costsByHouse(r).find(h => h.house === "g1h3")!.saving // currency units g1h3 saved against being alone
 */
export function costsByHouse(r: SimulationResult): HouseCostRow[] {
  const kind = new Map(r.network.houses.map((h) => [h.id, h.kind]));
  return units(r, "house").map((u) => ({ house: u.id, group: u.group, kind: kind.get(u.id)!, ...money(r, u) }));
}

/**
 * Each group's bill, stand-alone cost and saving: the sums of its houses'.
 * @example costsByGroup(r).map(g => g.cost) // currency units per group over the days solved
 */
export function costsByGroup(r: SimulationResult): GroupCostRow[] {
  return units(r, "group").map((u) => ({ group: u.id, houses: u.houses.length, ...money(r, u) }));
}

/**
 * Overall, per-group and per-house totals (summary.json's `totals`), currency units.
 * @example costTotals(r).overall // the community's cost over the days solved
 */
export function costTotals(r: SimulationResult): CostTotals {
  return {
    overall: objectiveTotal(ledgerOf(r)),
    byGroup: Object.fromEntries(costsByGroup(r).map((g) => [g.group, g.cost])),
    byHouse: Object.fromEntries(costsByHouse(r).map((h) => [h.house, h.cost])),
  };
}

/** Stand-alone cost and saving totals (summary.json's `standalone` and `saving`), currency units. */
export interface MoneyTotals {
  overall: number;
  byGroup: Record<string, number>;
  byHouse: Record<string, number>;
}

/**
 * What the houses would have paid alone, and what they saved, over the days solved.
 * @example standaloneTotals(r).saving.overall // currency units the community saved against every house alone
 */
export function standaloneTotals(r: SimulationResult): { standalone: MoneyTotals; saving: MoneyTotals } {
  const l = ledgerOf(r);
  const pick = (field: "standaloneCost" | "saving"): MoneyTotals => {
    const [community] = units(r, "community");
    return {
      overall: dailyTotal(l, field, community),
      byGroup: Object.fromEntries(units(r, "group").map((u) => [u.id, dailyTotal(l, field, u)])),
      byHouse: Object.fromEntries(units(r, "house").map((u) => [u.id, dailyTotal(l, field, u)])),
    };
  };
  return { standalone: pick("standaloneCost"), saving: pick("saving") };
}

/** One row per day: the objective, then each group's and each house's cost (currency units per day). */
export type DayCostRow = { day: number; total: number } & Record<string, number>;

/**
 * Each day's objective, group costs and house bills; or, with `field`, the
 * houses' stand-alone costs or savings of the day and their sums (the total
 * of `cost` is the day's objective). Currency units per day.
 * @example costsByDay(r)[0].g1 // group g1's cost on day 1, currency units
 * @example costsByDay(r, "standaloneCost")[0].g1 // what g1's houses would pay alone on day 1
 */
export function costsByDay(r: SimulationResult, field: "cost" | "standaloneCost" | "saving" = "cost"): DayCostRow[] {
  const l = ledgerOf(r),
    N = r.network.houses.length,
    day = l.day[field];
  return r.days.map((d, k) => {
    const sum = (houses: readonly number[]) => houses.reduce((s, h) => s + day[k * N + h], 0);
    const row: DayCostRow = {
      day: d.day,
      total: field === "cost" ? l.objective[k] : sum(r.network.houses.map((h) => h.index)),
    };
    for (const g of r.network.groups) row[g.id] = sum(g.houses);
    for (const h of r.network.houses) row[h.id] = day[l.atDay(k, h.index)];
    return row;
  });
}

/**
 * costs-by-day.csv's text: {@link costsByDay}'s rows with the unit in every money column's header
 * (`day,total_cu,<group id>_cu,…,<house id>_cu`; currency units per day), as the notebook's exports write it.
 * @example dayCostsCsv([{ day: 1, total: 3, g1: 3, g1h1: 3 }]) // => "day,total_cu,g1_cu,g1h1_cu\n1,3,3,3\n"
 */
export function dayCostsCsv(rows: readonly DayCostRow[]): string {
  const cols = rows.length ? Object.keys(rows[0]) : ["day", "total"];
  return toCsv(rows, {
    columns: cols,
    headers: Object.fromEntries(cols.map((c) => [c, c === "day" ? c : c + MONEY_SUFFIX])),
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

/**
 * Hourly flows per house (the ledger's energy, row by row): days in order, then hours, then houses. kWh.
 * @example flowRows(r).filter(f => f.house === "g1h1" && f.day === 1).map(f => f.solar) // g1h1's PV on day 1
 */
export function flowRows(r: SimulationResult): FlowRow[] {
  const l = ledgerOf(r),
    e = l.energy;
  const groupOf = r.network.houses.map((h) => r.network.groups[h.group].id);
  const rows: FlowRow[] = [];
  for (let d = 0; d < l.days; d++)
    for (let t = 0; t < l.hours; t++)
      for (const h of r.network.houses) {
        const i = l.at(d, t, h.index);
        rows.push({
          day: r.days[d].day,
          hour: t,
          house: h.id,
          group: groupOf[h.index],
          demand: e.demand[i],
          solar: e.solar[i],
          gridPurchase: e.gridPurchase[i],
          gridSale: e.gridSale[i],
          charge: e.charge[i],
          discharge: e.discharge[i],
          boughtIntra: e.boughtIntra[i],
          boughtInter: e.boughtInter[i],
          soldIntra: e.soldIntra[i],
          soldInter: e.soldInter[i],
        });
      }
  return rows;
}

/** flows.csv's energy columns, in file order (the ledger's {@link ENERGY_FIELDS}). */
const FLOW_ENERGY: readonly (keyof FlowRow & EnergyField)[] = ENERGY_FIELDS;

/**
 * flows.csv a line at a time, straight from the ledger (no row objects): the text of
 * `toCsv(flowRows(r), { headers: FLOW_CSV_HEADERS })`, for writing a large run without holding it whole.
 * Iterable again, each time from the header.
 * @example [...flowCsvLines(r)].join("") === toCsv(flowRows(r), { headers: FLOW_CSV_HEADERS }) // true
 */
export function flowCsvLines(r: SimulationResult): Iterable<string> {
  return { [Symbol.iterator]: () => flowLines(r) };
}

function* flowLines(r: SimulationResult): Generator<string> {
  const l = ledgerOf(r),
    fields = FLOW_ENERGY.map((f) => l.energy[f]);
  const houses = r.network.houses.map((h) => `,${csvCell(h.id)},${csvCell(r.network.groups[h.group].id)}`);
  yield (Object.keys(FLOW_CSV_HEADERS) as (keyof FlowRow)[]).map((c) => csvCell(FLOW_CSV_HEADERS[c])).join(",") + "\n";
  for (let d = 0; d < l.days; d++)
    for (let t = 0; t < l.hours; t++) {
      const head = `${formatNumber(r.days[d].day)},${formatNumber(t)}`;
      for (const h of r.network.houses) {
        const i = l.at(d, t, h.index);
        let line = head + houses[h.index];
        for (const a of fields) line += "," + formatNumber(a[i]);
        yield line + "\n";
      }
    }
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

/**
 * Every group battery's level after each hour, with the group's charge and discharge in that hour (kWh).
 * Groups without a battery have no rows.
 * @example batteryRows(r).filter(b => b.group === "g1" && b.day === 1).map(b => b.level)
 */
export function batteryRows(r: SimulationResult): BatteryRow[] {
  return [...eachBatteryRow(r)];
}

function* eachBatteryRow(r: SimulationResult): Generator<BatteryRow> {
  const l = ledgerOf(r);
  for (let d = 0; d < l.days; d++)
    for (let t = 0; t < l.hours; t++)
      for (const g of r.network.groups) {
        const i = l.atGroup(d, t, g.index);
        if (Number.isNaN(l.level[i])) continue;
        yield {
          day: r.days[d].day,
          hour: t,
          group: g.id,
          level: l.level[i],
          charge: l.groupCharge[i],
          discharge: l.groupDischarge[i],
        };
      }
}

/**
 * battery.csv a line at a time: the text of `toCsv(batteryRows(r), { headers: BATTERY_CSV_HEADERS })`,
 * one row object at a time. Iterable again, each time from the header.
 */
export function batteryCsvLines(r: SimulationResult): Iterable<string> {
  return {
    [Symbol.iterator]: () =>
      csvLines(eachBatteryRow(r), {
        columns: Object.keys(BATTERY_CSV_HEADERS) as (keyof BatteryRow)[],
        headers: BATTERY_CSV_HEADERS,
      }),
  };
}

/** kWh sold by one house to another over the days solved. */
export interface TradeRow {
  seller: string;
  buyer: string;
  inter: boolean;
  kwh: number;
}

/**
 * The trade matrix, one row per (seller, buyer) pair that traded, kWh over the days solved.
 * @example tradeMatrix(r).filter(t => t.inter) // the trades between groups
 */
export function tradeMatrix(r: SimulationResult): TradeRow[] {
  return ledgerOf(r).trades.map((t) => ({ ...t }));
}

/**
 * A number as CSV text: at most `decimals` decimals, trailing zeros dropped,
 * never "-0".
 * @example formatNumber(1.23456789) // => "1.234568"
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

/** How {@link toCsv} writes a table. */
export interface CsvOptions<K extends string = string> {
  /** columns and their order (default: the first row's keys) */
  columns?: readonly K[];
  /** header text per column (default: the column's key) */
  headers?: Partial<Record<K, string>>;
}

/**
 * Rows as CSV text with a header; the second argument is the columns, or
 * {@link CsvOptions} (columns and header names).
 * @example toCsv([{ kwh: 1.5 }], { headers: { kwh: "energy_kwh" } }) // => "energy_kwh\n1.5\n"
 */
export function toCsv<R extends object>(
  rows: readonly R[],
  options?: readonly (keyof R & string)[] | CsvOptions<keyof R & string>,
): string {
  return [...csvLines(rows, options)].join("");
}

/**
 * {@link toCsv}'s text a line at a time, each line with its `\n` (the header first; without a row, the header
 * alone), for writing rows as they come.
 * @example [...csvLines([{ a: 1 }, { a: 2 }])] // => ["a\n", "1\n", "2\n"]
 */
export function* csvLines<R extends object>(
  rows: Iterable<R>,
  options?: readonly (keyof R & string)[] | CsvOptions<keyof R & string>,
): Generator<string> {
  const o: CsvOptions<keyof R & string> = Array.isArray(options)
    ? { columns: options as readonly (keyof R & string)[] }
    : ((options ?? {}) as CsvOptions<keyof R & string>);
  const header = (c: readonly (keyof R & string)[]) => c.map((k) => csvCell(o.headers?.[k] ?? k)).join(",") + "\n";
  let cols = o.columns,
    started = false;
  for (const row of rows) {
    if (!started) {
      cols ??= Object.keys(row) as (keyof R & string)[];
      yield header(cols);
      started = true;
    }
    yield cols!.map((c) => csvCell(row[c])).join(",") + "\n";
  }
  if (!started) yield header(cols ?? (Object.keys(o.headers ?? {}) as (keyof R & string)[]));
}

/** The suffix of money columns in CSV headers: currency units, the unit of the scenario's prices (per kWh). */
export const MONEY_SUFFIX = "_cu";

/**
 * A CSV header from a field name: snake_case, money columns (`cost…`,
 * `saving…` but not percentages, `standaloneCost`) end in `_cu`, energy
 * columns already end in `Kwh` → `_kwh`. Names with a dot (sweep
 * parameters such as `battery.capacity`) are kept as they are.
 * @example csvHeader("gridImportKwh") // => "grid_import_kwh"
 * @example csvHeader("costDailyMean") // => "cost_daily_mean_cu"
 */
export function csvHeader(key: string): string {
  if (key.includes(".")) return key;
  const snake = key
    .replace(/([a-z0-9])([A-Z])/g, "$1_$2")
    .replace(/-/g, "_")
    .toLowerCase();
  const isMoney = /^(cost|saving|standalone_cost|bill)/.test(snake) && !/pct/.test(snake);
  return isMoney ? snake + MONEY_SUFFIX : snake;
}

/**
 * Rows as CSV with {@link csvHeader} headers (units in the column names).
 * @example unitCsv(costsByHouse(r)) // "house,group,kind,cost_cu,standalone_cost_cu,saving_cu\n…"
 */
export function unitCsv<R extends object>(rows: readonly R[], extra: Record<string, string> = {}): string {
  const cols = rows.length ? (Object.keys(rows[0]) as (keyof R & string)[]) : [];
  return toCsv(rows, {
    columns: cols,
    headers: Object.fromEntries(cols.map((c) => [c, extra[c] ?? csvHeader(c)])) as Partial<
      Record<keyof R & string, string>
    >,
  });
}

/** flows.csv's headers: every energy column ends in `_kwh`. */
export const FLOW_CSV_HEADERS: Readonly<Record<keyof FlowRow, string>> = {
  day: "day",
  hour: "hour",
  house: "house",
  group: "group",
  demand: "demand_kwh",
  solar: "solar_kwh",
  gridPurchase: "grid_purchase_kwh",
  gridSale: "grid_sale_kwh",
  charge: "charge_kwh",
  discharge: "discharge_kwh",
  boughtIntra: "bought_intra_kwh",
  boughtInter: "bought_inter_kwh",
  soldIntra: "sold_intra_kwh",
  soldInter: "sold_inter_kwh",
};

/** battery.csv's headers. */
export const BATTERY_CSV_HEADERS: Readonly<Record<keyof BatteryRow, string>> = {
  day: "day",
  hour: "hour",
  group: "group",
  level: "level_kwh",
  charge: "charge_kwh",
  discharge: "discharge_kwh",
};
