/**
 * Rows as an HTML table, for the notebook's outputs and the HTML report.
 * Numbers are shown rounded, with their full value kept in `data-value`
 * so a program reading the page gets the exact number back.
 */

/** A table cell's value. */
export type Cell = string | number | boolean | null | undefined;

export interface HtmlTableOptions {
  caption?: string;
  /** the table element's id */
  id?: string;
  /** decimals shown for non-integer numbers (default 2) */
  decimals?: number;
  /** columns and their order (default: the first row's keys) */
  columns?: readonly string[];
  /** header text per column (default: the column name) */
  headers?: Readonly<Record<string, string>>;
  /** a last row shown apart, e.g. a total */
  footer?: Readonly<Record<string, Cell>>;
}

/**
 * Escapes `& < > " '` for HTML text and attribute values.
 * @example escapeHtml(`a < b & "c"`) // => "a &lt; b &amp; &quot;c&quot;"
 */
export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);
}

function cell(tag: "td" | "th", column: string, v: Cell, decimals: number): string {
  if (typeof v === "number") {
    const text = Number.isInteger(v)
      ? v.toLocaleString("en-US")
      : v.toLocaleString("en-US", { minimumFractionDigits: decimals, maximumFractionDigits: decimals });
    const shown = /^-0(\.0*)?$/.test(text) ? text.slice(1) : text; // −0.49 at 0 decimals reads "0", not "-0"
    return `<${tag} data-column="${escapeHtml(column)}" data-value="${v}" style="text-align:right">${shown}</${tag}>`;
  }
  return `<${tag} data-column="${escapeHtml(column)}" style="text-align:left">${escapeHtml(v === null || v === undefined ? "" : String(v))}</${tag}>`;
}

/**
 * An HTML `<table>` of `rows` (objects with the same keys).
 * @example tslab.display.html(htmlTable(costsByGroup(r), { caption: "Cost per group", footer: { group: "overall", cost: 46433.88 } }))
 */
export function htmlTable<R extends object>(rows: readonly R[], options: HtmlTableOptions = {}): string {
  const columns = options.columns ?? (rows.length ? Object.keys(rows[0]) : Object.keys(options.footer ?? {}));
  const d = options.decimals ?? 2;
  // a column of numbers has its header on the right, above the digits
  const numeric = (c: string) => rows.some((r) => typeof (r as Record<string, Cell>)[c] === "number");
  const head = columns
    .map((c) => `<th style="text-align:${numeric(c) ? "right" : "left"}">${escapeHtml(options.headers?.[c] ?? c)}</th>`)
    .join("");
  const body = rows
    .map((r) => `<tr>${columns.map((c) => cell("td", c, (r as Record<string, Cell>)[c], d)).join("")}</tr>`)
    .join("\n");
  const foot = options.footer
    ? `<tfoot><tr style="font-weight:bold;border-top:2px solid #888">${columns.map((c) => cell("td", c, options.footer![c], d)).join("")}</tr></tfoot>`
    : "";
  return [
    `<table class="cvpp-table"${options.id ? ` id="${escapeHtml(options.id)}"` : ""}>`,
    options.caption ? `<caption style="text-align:left;font-weight:bold">${escapeHtml(options.caption)}</caption>` : "",
    `<thead><tr>${head}</tr></thead>`,
    `<tbody>\n${body}\n</tbody>`,
    foot,
    "</table>",
  ].join("");
}
