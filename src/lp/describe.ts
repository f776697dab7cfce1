/**
 * One day's LP in readable form: column names like `ch[g1h1,12]` and rows
 * like `B[g1,12] − B[g1,11] − 0.98·ch[g1h1,12] + 1.0417·dis[g1h3,12] = 0`,
 * labelled with their docs/model.md rule. For people reading the model, not
 * for the solver.
 */
import type { Network } from "../community/network.js";
import type { DayModel } from "./day.js";
import type { RowFamily } from "./constraints.js";

/** The docs/model.md constraint each row family implements. */
export const ROW_RULES: Readonly<Record<RowFamily, string>> = {
  battery: "rule 1: battery balance",
  chargeCap: "rule 3: group charge limit",
  dischargeCap: "rule 3: group discharge limit",
  balance: "rules 4–5: house energy balance",
  pool: "pooled trades: a pool's balance, or a group's side of the pool between groups",
};

const fmt = (v: number) => String(Number(v.toFixed(4)));

/** The name of LP column `c`, e.g. `gb[g1h3,7]`, `B[g2,0]`, `x[g1h1→g2h2,12]`. */
export function columnName(model: Pick<DayModel, "cols">, network: Network, c: number): string {
  const { cols } = model;
  const T = cols.hours;
  const k = cols.key[c],
    t = k % T,
    i = Math.floor(k / T);
  switch (cols.family[c]) {
    case "B":
      return `B[${network.groups[i].id},${t}]`;
    case "x": {
      const p = cols.pairs[i];
      return `x[${network.houses[p.seller].id}→${network.houses[p.buyer].id},${t}]`;
    }
    case "pool": {
      const m = cols.poolColumns![i],
        pool = cols.pools![m.pool];
      const where = pool.group === null ? "inter" : network.groups[pool.group].id;
      if (m.house < 0) return `volume[pool ${where}/${pool.cls},${t}]`;
      return `${m.side}[${network.houses[m.house].id}↔pool ${where}/${pool.cls},${t}]`;
    }
    default:
      return `${cols.family[c]}[${network.houses[i].id},${t}]`;
  }
}

/** A row as text: its terms, then `= b`, `≤ b` or `a ≤ … ≤ b`. */
export function rowText(model: DayModel, network: Network, r: number): string {
  const { lp } = model;
  const terms: string[] = [];
  for (let e = lp.start[r]; e < lp.start[r + 1]; e++) {
    const a = lp.coef[e],
      name = columnName(model, network, lp.col[e]);
    const mag = Math.abs(a) === 1 ? name : `${fmt(Math.abs(a))}·${name}`;
    terms.push(terms.length === 0 ? (a < 0 ? `−${mag}` : mag) : `${a < 0 ? "−" : "+"} ${mag}`);
  }
  const lhs = terms.join(" ") || "0";
  const lo = lp.rowLb[r],
    hi = lp.rowUb[r];
  if (lo === hi) return `${lhs} = ${fmt(hi)}`;
  if (lo === -Infinity) return `${lhs} ≤ ${fmt(hi)}`;
  if (hi === Infinity) return `${lhs} ≥ ${fmt(lo)}`;
  return `${fmt(lo)} ≤ ${lhs} ≤ ${fmt(hi)}`;
}

/** A row of the LP, described. */
export interface RowDescription {
  /** 0-based row number */
  row: number;
  family: RowFamily;
  /** the docs/model.md rule (see {@link ROW_RULES}) */
  rule: string;
  /** group id (battery rows) or house id (balance rows) */
  subject: string;
  hour: number;
  text: string;
}

export interface RowFilter {
  family?: RowFamily;
  /** group or house id */
  subject?: string;
  hour?: number;
  /** at most this many rows (default: all that match) */
  limit?: number;
}

/**
 * The rows that match `filter`, in LP order, as {@link RowDescription}s.
 * @example describeConstraints(model, network, { family: "battery", subject: "g1", hour: 12 })[0].text
 */
export function describeConstraints(model: DayModel, network: Network, filter: RowFilter = {}): RowDescription[] {
  const out: RowDescription[] = [];
  const { rows } = model;
  for (let r = 0; r < rows.family.length && out.length < (filter.limit ?? Infinity); r++) {
    const family = rows.family[r];
    const subject =
      family === "balance"
        ? network.houses[rows.index[r]].id
        : family === "pool"
          ? `pool ${rows.index[r]}`
          : network.groups[rows.index[r]].id;
    if (filter.family !== undefined && filter.family !== family) continue;
    if (filter.subject !== undefined && filter.subject !== subject) continue;
    if (filter.hour !== undefined && filter.hour !== rows.hour[r]) continue;
    out.push({
      row: r,
      family,
      rule: ROW_RULES[family],
      subject,
      hour: rows.hour[r],
      text: rowText(model, network, r),
    });
  }
  return out;
}

/**
 * Column counts per variable family and row counts per row family of one
 * day's LP.
 * @example modelCounts(model).rows // { battery: 48, chargeCap: 48, dischargeCap: 48, balance: 120 } for a demo day
 */
export function modelCounts(model: DayModel): { columns: Record<string, number>; rows: Record<string, number> } {
  const count = (xs: readonly string[]) =>
    xs.reduce<Record<string, number>>((m, f) => ((m[f] = (m[f] ?? 0) + 1), m), {});
  return { columns: count(model.cols.family), rows: count(model.rows.family) };
}

/**
 * Column `c`'s bounds as text, in kWh, e.g. `0 ≤ gs[g1h1,12] ≤ 1.2345`
 * (rules 2 and 6 live here).
 * @example columnBoundsText(model, network, 0) // "1.05 ≤ B[g1,0] ≤ 4.2" on a demo day (battery level, kWh)
 */
export function columnBoundsText(model: DayModel, network: Network, c: number): string {
  const lo = model.cols.lb[c],
    hi = model.cols.ub[c];
  return `${fmt(lo)} ≤ ${columnName(model, network, c)}${hi === Infinity ? "" : ` ≤ ${fmt(hi)}`}`;
}
