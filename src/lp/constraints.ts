/**
 * docs/model.md constraints 1–5 as rows, for one day. Rules 2, 6 and 7 are column
 * bounds or left-out columns (see `columns.ts`).
 */
import type { Scenario } from "../community/scenario.js";
import type { Network } from "../community/network.js";
import type { DayProfiles } from "../profiles/profiles.js";
import type { ColumnMap } from "./columns.js";
import { RowBuilder } from "./lp.js";

export type RowFamily = "battery" | "chargeCap" | "dischargeCap" | "balance" | "pool";

/** What each row stands for: its family and (group or house) index and hour. */
export interface RowInfo {
  family: RowFamily[];
  /** group index (battery rows), house index (balance rows) or pool index (pool rows) */
  index: Int32Array;
  hour: Int32Array;
}

/**
 * Adds the day's rows to `rows`.
 * @param start - `B[g,-1]` per group (ignored for groups without a battery column)
 */
export function addConstraints(
  rows: RowBuilder,
  scenario: Pick<Scenario, "groups">,
  network: Network,
  day: DayProfiles,
  cols: ColumnMap,
  start: readonly (number | null)[],
): RowInfo {
  const T = day.hours;
  const family: RowFamily[] = [],
    index: number[] = [],
    hour: number[] = [];
  const close = (f: RowFamily, i: number, t: number, lb: number, ub: number) => {
    rows.close(lb, ub);
    family.push(f);
    index.push(i);
    hour.push(t);
  };
  for (const g of network.groups) {
    const b = scenario.groups[g.index].battery;
    if (!b || cols.B[g.index * T] < 0) continue;
    for (let t = 0; t < T; t++) {
      // 1. B[g,t] − B[g,t−1] − eta_c·Σ ch + eta_d·Σ dis = 0   (B[g,−1] moves to the right-hand side)
      rows.term(cols.B[g.index * T + t], 1);
      if (t > 0) rows.term(cols.B[g.index * T + t - 1], -1);
      for (const h of g.prosumers) rows.term(cols.ch[h * T + t], -b.chargeEfficiency);
      for (const h of g.houses) rows.term(cols.dis[h * T + t], b.dischargeFactor);
      const rhs = t === 0 ? (start[g.index] ?? b.initial) : 0;
      close("battery", g.index, t, rhs, rhs);
      // 3. Σ ch ≤ b_max_charge,  Σ dis ≤ b_max_discharge
      for (const h of g.prosumers) rows.term(cols.ch[h * T + t], 1);
      if (rows.pending > 0) close("chargeCap", g.index, t, -Infinity, b.maxCharge);
      for (const h of g.houses) rows.term(cols.dis[h * T + t], 1);
      close("dischargeCap", g.index, t, -Infinity, b.maxDischarge);
    }
  }
  // 4./5. gb + dis + Σ bought − gs − ch − Σ sold = demand − solar
  // (a consumer's solar is 0 and it has no gs, ch or sales)
  const byHouse = network.houses.map(() => [] as ColumnMap["trades"]);
  for (const tc of cols.trades) byHouse[tc.house].push(tc);
  for (const h of network.houses) {
    for (let t = 0; t < T; t++) {
      const i = h.index * T + t;
      rows.term(cols.gb[i], 1).term(cols.dis[i], 1).term(cols.gs[i], -1).term(cols.ch[i], -1);
      for (const tc of byHouse[h.index]) rows.term(tc.col[t], tc.side === "buy" ? 1 : -1);
      const rhs = day.demand[i] - day.solar[i];
      if (rows.pending === 0 && rhs === 0) continue; // 0 = 0: nothing to say
      close("balance", h.index, t, rhs, rhs);
    }
  }
  // pooled formulation: what goes into each pool comes out of it (and the other pool rows of `pooled.ts`)
  for (const pool of cols.pools ?? [])
    for (const row of pool.rows)
      for (let t = 0; t < T; t++) {
        for (const [col, coef] of row.terms) rows.term(col[t], coef);
        close("pool", pool.index, t, row.lb, row.ub);
      }
  return { family, index: Int32Array.from(index), hour: Int32Array.from(hour) };
}
