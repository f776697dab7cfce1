/**
 * What joining the community saves: each house's, each group's and the
 * community's cost under every baseline, and the savings of `full` against
 * each, in currency units and percent.
 *
 * How to read a house's row: the LP minimises the community's total, and
 * the optimal total is unique, but its split among houses need not be
 * (docs/model.md: several vertices can share the optimum). A house's figures are
 * the solver's choice among equally good plans; group and community figures
 * are the ones to quote. A house that pays more under `full` than under
 * `grid-only` is flagged: the optimum does not promise every member a gain.
 */
import type { HouseKind } from "../community/network.js";
import { costTotals, type CostTotals } from "../results/tables.js";
import { scopeUnits, type Scope } from "../results/ledger.js";
import { BASELINES, type BaselineName, type BaselineRuns } from "./baselines.js";
import { loses } from "./fairness.js";

/** A baseline other than `full`: what `full` is compared with. */
export type Reference = Exclude<BaselineName, "full">;
export const REFERENCES: readonly Reference[] = ["grid-only", "battery-only", "intra-only"];

/**
 * One row of the savings table. Costs and savings in currency units over
 * the days solved (negative cost: the house earned more than it paid).
 */
export interface SavingsRow {
  level: Scope;
  /** house id (`g1h2`), group id (`g1`) or `community` */
  id: string;
  /** the group (empty for the community row) */
  group: string;
  /** house kind; empty for group and community rows */
  kind: HouseKind | "";
  /** cost under each baseline */
  cost: Record<BaselineName, number>;
  /** `cost[ref] − cost.full`: positive = `full` is cheaper */
  saving: Record<Reference, number>;
  /**
   * `100 · saving[ref] / |cost[ref]|`, percent; `null` when |cost[ref]| < 1e-9
   * (no meaningful base). Positive = `full` is cheaper, also when the
   * reference cost is negative (an earning).
   */
  savingPct: Record<Reference, number | null>;
  /** pays more under `full` than under `grid-only` (beyond 1e-6 · max(1, |cost|)) */
  paysMore: boolean;
}

const PCT_BASE_MIN = 1e-9;

function row(
  level: Scope,
  id: string,
  group: string,
  kind: HouseKind | "",
  cost: Record<BaselineName, number>,
): SavingsRow {
  const saving = {} as Record<Reference, number>;
  const savingPct = {} as Record<Reference, number | null>;
  for (const ref of REFERENCES) {
    saving[ref] = cost[ref] - cost.full;
    savingPct[ref] = Math.abs(cost[ref]) < PCT_BASE_MIN ? null : (100 * saving[ref]) / Math.abs(cost[ref]);
  }
  const paysMore = loses(saving["grid-only"], cost["grid-only"]);
  return { level, id, group, kind, cost, saving, savingPct, paysMore };
}

/**
 * The savings table: every house (network order), every group, then the
 * community. Costs come from each run's own per-house costs (`costTotals`).
 * @example
 *   const rows = savingsTable(await runBaselines(s, p));
 *   rows.find(r => r.id === "community")!.saving["grid-only"] // currency units saved over the run
 */
export function savingsTable(runs: BaselineRuns): SavingsRow[] {
  const totals = Object.fromEntries(BASELINES.map((b) => [b, costTotals(runs[b])])) as Record<BaselineName, CostTotals>;
  const pick = (f: (t: CostTotals) => number) =>
    Object.fromEntries(BASELINES.map((b) => [b, f(totals[b])])) as Record<BaselineName, number>;
  const { network } = runs.full;
  const kind = new Map(network.houses.map((h) => [h.id, h.kind]));
  return scopeUnits(network).map((u) => {
    if (u.scope === "house")
      return row(
        "house",
        u.id,
        u.group,
        kind.get(u.id)!,
        pick((t) => t.byHouse[u.id]),
      );
    if (u.scope === "group")
      return row(
        "group",
        u.id,
        u.group,
        "",
        pick((t) => t.byGroup[u.id]),
      );
    return row(
      "community",
      u.id,
      "",
      "",
      pick((t) => t.overall),
    );
  });
}

/**
 * Ids of the houses that pay more under `full` than under `grid-only`.
 * @example flaggedHouses(savingsTable(runs)) // [] when every house gains or breaks even
 */
export function flaggedHouses(rows: readonly SavingsRow[]): string[] {
  return rows.filter((r) => r.level === "house" && r.paysMore).map((r) => r.id);
}

/** A savings row as one flat record (CSV, summary.json): `cost<Baseline>`, `savingVs<Ref>`, `savingPctVs<Ref>` (camelCase, like the other CSV files). */
export type FlatSavingsRow = Record<string, string | number | boolean | null>;

/** `grid-only` → `GridOnly` */
const pascal = (s: string) =>
  s
    .split("-")
    .map((w) => w[0].toUpperCase() + w.slice(1))
    .join("");

/**
 * Flattens {@link SavingsRow}s: `level, id, group, kind, costGridOnly, …,
 * costFull, savingVsGridOnly, savingPctVsGridOnly, …, paysMore`. Costs and
 * savings in currency units over the days run, `savingPct…` in percent.
 * @example writeFileSync("savings.csv", toCsv(flatSavingsRows(savingsTable(runs))))
 */
export function flatSavingsRows(rows: readonly SavingsRow[]): FlatSavingsRow[] {
  return rows.map((r) => {
    const out: FlatSavingsRow = { level: r.level, id: r.id, group: r.group, kind: r.kind };
    for (const b of BASELINES) out[`cost${pascal(b)}`] = r.cost[b];
    for (const ref of REFERENCES) {
      out[`savingVs${pascal(ref)}`] = r.saving[ref];
      out[`savingPctVs${pascal(ref)}`] = r.savingPct[ref];
    }
    out.paysMore = r.paysMore;
    return out;
  });
}
