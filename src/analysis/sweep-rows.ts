/**
 * A sweep's table: for every variant, one row per house, group and
 * community, built from the KPI rows of the variant's runs (sweep-job.ts),
 * matched by id, never by position; savings and fairness come from
 * fairness.ts's {@link scopeFairness}, the same code as the KPI table's.
 */
import type { BaselineName } from "./baselines.js";
import { BASELINES } from "./baselines.js";
import type { Scope } from "../results/ledger.js";
import { csvHeader, toCsv } from "../results/tables.js";
import { scopeFairness } from "./fairness.js";
import type { KpiRow } from "./kpis.js";
import type { SweepVariant } from "./sweep-grid.js";
import type { SweepJobResult } from "./sweep-job.js";

/** One row of the sweep table (currency units and kWh over the days solved). */
export interface SweepRow {
  variant: number;
  params: Record<string, number>;
  scope: Scope;
  id: string;
  group: string;
  /** cost under each baseline run */
  cost: Partial<Record<BaselineName, number>>;
  /** cost["grid-only"] − cost.full; `null` without a grid-only run */
  saving: number | null;
  /** 100 · saving / |cost["grid-only"]|; `null` without a base */
  savingPct: number | null;
  /** fairness of `full` against `grid-only` over the scope's houses (null for a house row) */
  shareGaining: number | null;
  savingsGini: number | null;
  /** KPIs of the `full` run (kpis.ts) */
  selfConsumption: number | null;
  selfSufficiency: number | null;
  gridImportKwh: number;
  gridExportKwh: number;
  peakGridImportKwh: number;
  p2pIntraKwh: number;
  p2pInterKwh: number;
  batteryThroughputKwh: number;
  batteryCycles: number | null;
  batteryLossKwh: number;
  /** every run of the variant passed its audit */
  auditOk: boolean;
}

/** A run's KPI rows by id. */
const byId = (rows: readonly KpiRow[]) => new Map(rows.map((k) => [k.id, k]));

/**
 * The rows of one variant from the results of its runs (`full` required).
 * @param runs - the job result of each baseline run of the variant
 * @example variantRows(v, { full, "grid-only": grid }).at(-1)!.saving // the community's saving, currency units over the days solved
 */
export function variantRows(variant: SweepVariant, runs: Partial<Record<BaselineName, SweepJobResult>>): SweepRow[] {
  const full = runs.full;
  if (!full) throw new Error("variantRows: the full run is required");
  const grid = runs["grid-only"];
  const baselines = BASELINES.filter((b) => runs[b]);
  const tables = Object.fromEntries(baselines.map((b) => [b, byId(runs[b]!.kpis)])) as Partial<
    Record<BaselineName, Map<string, KpiRow>>
  >;
  const houseCost = (t: Map<string, KpiRow>) =>
    Object.fromEntries([...t.values()].filter((k) => k.scope === "house").map((k) => [k.id, k.cost]));
  const fullHouses = houseCost(tables.full!),
    gridHouses = grid ? houseCost(tables["grid-only"]!) : null;
  const houses = full.kpis.filter((k) => k.scope === "house");
  const auditOk = baselines.every((b) => runs[b]!.auditOk);
  return full.kpis.map((k) => {
    const cost = Object.fromEntries(
      baselines.map((b) => {
        const row = tables[b]!.get(k.id);
        if (!row) throw new Error(`variantRows: the ${b} run has no row "${k.id}"`);
        return [b, row.cost];
      }),
    ) as Partial<Record<BaselineName, number>>;
    const base = cost["grid-only"];
    const saving = base === undefined ? null : base - k.cost;
    const members = houses
      .filter((h) => k.scope === "community" || (k.scope === "group" && h.group === k.id) || h.id === k.id)
      .map((h) => h.id);
    const fair = gridHouses && k.scope !== "house" ? scopeFairness(members, gridHouses, fullHouses) : null;
    return {
      variant: variant.index,
      params: variant.params,
      scope: k.scope,
      id: k.id,
      group: k.group,
      cost,
      saving,
      savingPct:
        base !== undefined && saving !== null && Math.abs(base) >= 1e-9 ? (100 * saving) / Math.abs(base) : null,
      shareGaining: fair ? fair.shareGaining : null,
      savingsGini: fair ? fair.savingsGini : null,
      selfConsumption: k.selfConsumption,
      selfSufficiency: k.selfSufficiency,
      gridImportKwh: k.gridImportKwh,
      gridExportKwh: k.gridExportKwh,
      peakGridImportKwh: k.peakGridImportKwh,
      p2pIntraKwh: k.p2pIntraKwh,
      p2pInterKwh: k.p2pInterKwh,
      batteryThroughputKwh: k.batteryThroughputKwh,
      batteryCycles: k.batteryCycles,
      batteryLossKwh: k.batteryLossKwh,
      auditOk,
    };
  });
}

/** What {@link bestVariant} and {@link firstReaching} read: the sweep's parameters and rows. */
export interface SweepTable {
  params: string[];
  rows: SweepRow[];
}

/** Community rows of the variants whose parameters include every value in `within`. */
function communityRows(result: SweepTable, within: Record<string, number>): SweepRow[] {
  return result.rows.filter(
    (r) => r.scope === "community" && Object.entries(within).every(([k, v]) => r.params[k] === v),
  );
}

/**
 * The variant with the lowest community cost (currency units) under `full` (the first of
 * equal ones, in variant order), among those matching `within` (e.g.
 * `{ "prices.gridPurchase": 20 }` to pick a battery size per grid price).
 * @example bestVariant(await runSweep(s, p, [parseParam("battery.capacity=0:10:1")])).params // { "battery.capacity": 10 }
 * @throws Error when no variant matches
 */
export function bestVariant(result: SweepTable, within: Record<string, number> = {}): SweepRow {
  const rows = communityRows(result, within);
  if (rows.length === 0) throw new Error(`bestVariant: no variant has ${JSON.stringify(within)}`);
  return rows.reduce((best, r) => (r.cost.full! < best.cost.full! ? r : best));
}

/**
 * The first variant (in variant order) matching `within` whose community
 * saving against `grid-only` (currency units) reaches `share` (0..1) of the best one's: over an
 * increasing grid, the smallest value that gets most of the benefit.
 * `null` without a grid-only run or without a positive saving.
 * @example firstReaching(result, 0.95)?.params // e.g. { "battery.capacity": 6 }
 */
export function firstReaching(result: SweepTable, share: number, within: Record<string, number> = {}): SweepRow | null {
  const best = bestVariant(result, within);
  if (best.saving === null || best.saving <= 0) return null;
  return communityRows(result, within).find((r) => r.saving !== null && r.saving >= share * best.saving!) ?? null;
}

/** A sweep row as one flat record: `variant`, the parameters, `scope, id, group`, `cost<Baseline>`, then the KPIs (camelCase). */
export type FlatSweepRow = Record<string, string | number | boolean | null>;

/** `grid-only` → `GridOnly` */
const pascal = (s: string) =>
  s
    .split("-")
    .map((w) => w[0].toUpperCase() + w.slice(1))
    .join("");

/**
 * Flattens the sweep table; parameter columns keep their names (`battery.capacity`).
 * @example flatSweepRows(result)[0].costFull // currency units over the days solved
 */
export function flatSweepRows(result: SweepTable): FlatSweepRow[] {
  return result.rows.map((r) => {
    const out: FlatSweepRow = { variant: r.variant };
    for (const p of result.params) out[p] = r.params[p];
    out.scope = r.scope;
    out.id = r.id;
    out.group = r.group;
    for (const b of BASELINES) if (r.cost[b] !== undefined) out[`cost${pascal(b)}`] = r.cost[b]!;
    const { variant: _v, params: _p, scope: _s, id: _i, group: _g, cost: _c, ...rest } = r;
    Object.assign(out, rest);
    return out;
  });
}

/**
 * `sweep.csv`: {@link flatSweepRows} with unit headers (`cost_full_cu`,
 * `grid_import_kwh`, …; see `csvHeader`), empty cells for `null`.
 * @example sweepCsv(result).split("\n")[0] // "variant,battery.capacity,scope,id,group,cost_grid_only_cu,cost_full_cu,saving_cu,…"
 */
export function sweepCsv(result: SweepTable): string {
  const flat = flatSweepRows(result).map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, v ?? ""])));
  const cols = flat.length ? Object.keys(flat[0]) : [];
  return toCsv(flat, { columns: cols, headers: Object.fromEntries(cols.map((c) => [c, csvHeader(c)])) });
}
