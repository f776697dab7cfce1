/**
 * One self-contained interactive HTML report: the charts are embedded as
 * Vega-Lite specs and drawn by `vega-embed` in the browser (tooltips,
 * SVG/PNG download), with vega, vega-lite and vega-embed's minified
 * bundles inlined from node_modules, so the page opens offline.
 */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import type { ChartSpec } from "../charts/spec.js";
import { escapeHtml, htmlTable, type HtmlTableOptions } from "./table.js";

export interface ReportTable extends HtmlTableOptions {
  rows: readonly object[];
}

/** A figure with its caption. */
export interface ReportFigure {
  spec: ChartSpec;
  /** one or two sentences under the figure (default: the chart's title) */
  caption?: string;
}

/** A table or a named figure, for sections that mix them in a given order. */
export type ReportItem = { table: ReportTable } | { name: string; figure: ReportFigure };

export interface ReportSection {
  heading: string;
  /** a paragraph of plain text */
  text?: string;
  tables?: readonly ReportTable[];
  /** figure name → spec, or spec and caption */
  figures?: Readonly<Record<string, ChartSpec | ReportFigure>>;
  /** tables and figures in this order, after `tables` and `figures` */
  items?: readonly ReportItem[];
}

const isFigure = (f: ChartSpec | ReportFigure): f is ReportFigure => "spec" in f && !("$schema" in f);
const titleOf = (spec: ChartSpec) => (typeof spec.title === "string" ? spec.title : spec.title.text);

export interface Report {
  title: string;
  /** a line under the title (plain text) */
  subtitle?: string;
  sections: readonly ReportSection[];
}

/** The three browser bundles, as JavaScript text. */
export interface VegaBundles {
  vega: string;
  vegaLite: string;
  vegaEmbed: string;
}

let cached: VegaBundles | null = null;

/** Reads the minified UMD bundles of vega, vega-lite and vega-embed from the installed packages. */
export function vegaBundles(): VegaBundles {
  if (cached) return cached;
  const require = createRequire(import.meta.url);
  // each package's main entry lives in its build/ folder, beside the .min.js bundle
  const read = (pkg: string, file: string) => readFileSync(join(dirname(require.resolve(pkg)), file), "utf8");
  cached = {
    vega: read("vega", "vega.min.js"),
    vegaLite: read("vega-lite", "vega-lite.min.js"),
    vegaEmbed: read("vega-embed", "vega-embed.min.js"),
  };
  return cached;
}

/** Text made safe inside a `<script>` element. */
function scriptText(js: string): string {
  return js.replace(/<\/(script)/gi, "<\\/$1");
}

const STYLE = `
body { font-family: "DejaVu Sans", "Liberation Sans", Arial, sans-serif; margin: 2rem auto; max-width: 1100px; color: #222; padding: 0 1rem; }
h1 { margin-bottom: .2rem; } .subtitle { color: #555; margin-top: 0; }
section { margin: 2rem 0; } figure { margin: 1.5rem 0; max-width: 100%; }
figcaption { color: #333; font-size: .95rem; margin-top: .4rem; max-width: 60rem; }
figcaption .name { color: #888; font-size: .8rem; margin-left: .5rem; }
.chart { overflow-x: auto; max-width: 100%; }
.table-wrap { overflow-x: auto; max-width: 100%; }
.cvpp-table { border-collapse: collapse; margin: 1rem 0; font-size: .9rem; }
.cvpp-table caption { margin-bottom: .3rem; }
.cvpp-table td, .cvpp-table th { padding: .25rem .6rem; border-bottom: 1px solid #ddd; }
.cvpp-table th { vertical-align: bottom; }
#status { color: #a00; }`;

/**
 * The report as one HTML page. When it has loaded, `<body>` carries
 * `data-rendered` (charts drawn) and `data-failed` (charts that threw),
 * and failures are listed in `#status`. Self-contained: the Vega bundles
 * are inlined, so the page opens offline.
 * @example
 *   reportHtml({ title: "Demo, 7 days", sections: [
 *     { heading: "Costs", text: "Currency units per day.", figures: { "daily-cost": dailyCostChart(costsByDay(r), ["g1", "g2"]) } },
 *   ] })
 */
export function reportHtml(report: Report, bundles: VegaBundles = vegaBundles()): string {
  const specs: Record<string, ChartSpec> = {};
  let n = 0;
  const sections = report.sections.map((s) => {
    const parts = [`<section><h2>${escapeHtml(s.heading)}</h2>`];
    if (s.text) parts.push(`<p>${escapeHtml(s.text)}</p>`);
    const table = (t: ReportTable) => parts.push(`<div class="table-wrap">${htmlTable(t.rows, t)}</div>`);
    const figure = (name: string, f: ChartSpec | ReportFigure) => {
      const id = `fig-${n++}`;
      const spec = isFigure(f) ? f.spec : f;
      const caption = (isFigure(f) ? f.caption : undefined) ?? titleOf(spec);
      specs[id] = spec;
      parts.push(
        `<figure><div class="chart" id="${id}" data-name="${escapeHtml(name)}"></div>` +
          `<figcaption><b>Figure ${n}.</b> ${escapeHtml(caption)}<span class="name">(${escapeHtml(name)}.svg)</span></figcaption></figure>`,
      );
    };
    for (const t of s.tables ?? []) table(t);
    for (const [name, f] of Object.entries(s.figures ?? {})) figure(name, f);
    for (const item of s.items ?? []) "table" in item ? table(item.table) : figure(item.name, item.figure);
    parts.push("</section>");
    return parts.join("\n");
  });
  const specJson = JSON.stringify(specs).replace(/</g, "\\u003c");
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(report.title)}</title>
<meta name="viewport" content="width=device-width, initial-scale=1"><style>${STYLE}</style>
<script>${scriptText(bundles.vega)}</script>
<script>${scriptText(bundles.vegaLite)}</script>
<script>${scriptText(bundles.vegaEmbed)}</script>
</head><body>
<h1>${escapeHtml(report.title)}</h1>${report.subtitle ? `<p class="subtitle">${escapeHtml(report.subtitle)}</p>` : ""}
<p id="status"></p>
${sections.join("\n")}
<script>
(function () {
  var specs = ${specJson};
  var ids = Object.keys(specs), failed = [];
  Promise.all(ids.map(function (id) {
    return vegaEmbed("#" + id, specs[id], { renderer: "svg", actions: { export: true, source: false, compiled: false, editor: false } })
      .catch(function (e) { failed.push(id + ": " + e.message); console.error(e); });
  })).then(function () {
    document.body.setAttribute("data-rendered", String(ids.length - failed.length));
    document.body.setAttribute("data-failed", String(failed.length));
    document.getElementById("status").textContent = failed.length ? "Charts that failed: " + failed.join("; ") : "";
  });
})();
</script>
</body></html>
`;
}
