/**
 * Plain-text tables for the terminal: columns aligned, numbers right-aligned.
 * @example textTable([{ house: "g1h1", cost: 12.5 }], { decimals: 2 })
 *   // "house   cost\n-----  -----\ng1h1   12.50"
 */
export function textTable(table: readonly object[], opts: { decimals?: number } = {}): string {
  if (table.length === 0) return "(no rows)";
  const rows = table as readonly Record<string, unknown>[];
  const cols = Object.keys(rows[0]);
  const whole = new Set(cols.filter((c) => rows.every((r) => Number.isInteger(r[c]))));
  const cellOf = (c: string, v: unknown) =>
    typeof v === "number" ? (whole.has(c) ? String(v) : v.toFixed(opts.decimals ?? 2)) : String(v);
  const cells = rows.map((r) => cols.map((c) => cellOf(c, r[c])));
  const width = cols.map((c, j) => Math.max(c.length, ...cells.map((r) => r[j].length)));
  const numeric = cols.map((c) => typeof rows[0][c] === "number");
  const fmt = (r: string[]) =>
    r
      .map((s, j) => (numeric[j] ? s.padStart(width[j]) : s.padEnd(width[j])))
      .join("  ")
      .trimEnd();
  return [fmt(cols), width.map((w) => "-".repeat(w)).join("  "), ...cells.map(fmt)].join("\n");
}
