/**
 * A notebook session: shows charts and tables in the notebook and
 * remembers them, in order and under the section they were shown in, so
 * that exporting everything — SVG and PNG per chart, CSV per table, one
 * HTML report with captions and tables, a manifest — is one call. It knows
 * nothing of tslab: it takes the display functions the notebook has
 * (`tslab.display`, `tslab.newDisplay`), so it also runs under a test.
 */
import { relative, resolve } from "node:path";
import type { ChartSpec } from "../charts/spec.js";
import { renderSvg, svgToPng, type PngOptions } from "../charts/render.js";
import { escapeHtml, htmlTable, type HtmlTableOptions } from "./table.js";
import { reportHtml, type ReportFigure, type ReportItem, type ReportSection, type ReportTable } from "./html.js";
import { exportAll, type ExportedFile } from "./files.js";
import { serializeKernelSends } from "./kernel.js";

/** What a notebook can show: tslab's `display` has these. */
export interface Display {
  html(html: string): void;
  text(text: string): void;
  svg?(svg: string): void;
}

export interface SessionOptions {
  /** where outputs go (tslab: `tslab.display`) */
  display: Display;
  /** a display that can be updated in place (tslab: `tslab.newDisplay`); progress bars need it */
  newDisplay?: () => Display;
}

/** A progress bar updated in place. */
export interface ProgressBar {
  /** `done` of `of` steps, with a line of text */
  update(done: number, of: number, text: string): void;
}

interface Shown {
  section: string;
  name: string;
}

export interface SessionExportOptions {
  /** the report's title */
  title: string;
  /** a line under it (plain text) */
  subtitle?: string;
  /** more tables written as CSV only (e.g. the hourly flows) */
  tables?: Readonly<Record<string, readonly object[]>>;
  /** PNG resolution: `{ dpi: 300 }` for print (default: twice the screen size) */
  png?: PngOptions;
  /** show the list of files written (default true) */
  list?: boolean;
}

/**
 * Shows and remembers; see the module comment.
 * @example
 *   const session = new Session({ display: tslab.display, newDisplay: tslab.newDisplay });
 *   session.section("Costs");
 *   session.table("costs-by-house", costsByHouse(result), { caption: "Cost per house" });
 *   await session.show("savings", savingsPerHouseChart(rows), "What each house saves …");
 *   await session.export("../results/notebook", { title: "P2P demo", png: { dpi: 300 } });
 */
export class Session {
  readonly figures = new Map<string, ReportFigure>();
  readonly tables = new Map<string, ReportTable>();
  /** each figure's SVG as shown (the export writes it as it is, not rendered again) */
  private readonly svgs = new Map<string, string>();
  /** the PNG resolution set by {@link pngAt}, and each figure's PNG drawn ahead at it (keyed by its options) */
  private pngAhead?: PngOptions;
  private readonly pngs = new Map<string, { key: string; png: Promise<Uint8Array> }>();
  private readonly order: Shown[] = [];
  private current = "Results";
  private readonly display: Display;
  private readonly newDisplay?: () => Display;

  constructor(options: SessionOptions) {
    this.display = options.display;
    this.newDisplay = options.newDisplay;
    // inside tslab's kernel: one output message at a time (kernel.ts says why)
    serializeKernelSends();
  }

  /** Starts a section: what is shown next goes under this heading in the report. */
  section(heading: string): void {
    this.current = heading;
  }

  /**
   * Renders a chart to SVG (in Node, no canvas), shows it and remembers it
   * with its caption (a sentence or two that says what the chart shows and in which units).
   */
  async show(name: string, spec: ChartSpec, caption?: string): Promise<void> {
    this.remember(name);
    this.figures.set(name, { spec, caption });
    this.svgs.delete(name);
    this.pngs.delete(name);
    const svg = await renderSvg(spec);
    this.svgs.set(name, svg);
    if (this.pngAhead) this.drawPng(name, svg, this.pngAhead);
    if (this.display.svg) this.display.svg(svg);
    else this.display.html(svg);
    if (caption)
      this.display.html(`<p style="color:#444;max-width:60rem;margin:.2rem 0 1rem">${escapeHtml(caption)}</p>`);
  }

  /**
   * Sets the resolution the export's PNGs will have (its `png` option) and,
   * from now on, draws each chart's PNG in the background as the chart is
   * shown (off this thread: {@link svgToPng}), so that the export only writes
   * it. An export with other PNG options draws its own; the bytes are the same.
   */
  pngAt(png: PngOptions): void {
    this.pngAhead = { ...png };
    for (const [name, svg] of this.svgs) if (!this.pngs.has(name)) this.drawPng(name, svg, this.pngAhead);
  }

  private drawPng(name: string, svg: string, png: PngOptions): void {
    const drawn = svgToPng(svg, png);
    drawn.catch(() => undefined); // an error is the export's, when it asks for this PNG
    this.pngs.set(name, { key: JSON.stringify(png), png: drawn });
  }

  /** Shows rows as an HTML table (numbers rounded; exact values in `data-value`) and remembers them. */
  table(name: string, rows: readonly object[], options: HtmlTableOptions = {}): void {
    this.remember(name);
    this.tables.set(name, { rows, id: name, ...options });
    this.display.html(`<div style="overflow-x:auto;max-width:100%">${htmlTable(rows, { id: name, ...options })}</div>`);
  }

  /**
   * A progress bar in one output that is updated in place (a line of
   * text when the notebook cannot update outputs). Updates come at most
   * every `intervalMs` (default 200 ms; the first and the last, `done ===
   * of`, always show): a solve reports every day, and a notebook need not
   * redraw a bar a thousand times.
   */
  progress(options: { intervalMs?: number } = {}): ProgressBar {
    const d = this.newDisplay ? this.newDisplay() : this.display;
    const interval = options.intervalMs ?? 200;
    let last = -Infinity;
    return {
      update: (done, of, text) => {
        const now = Date.now();
        if (done < of && now - last < interval) return;
        last = now;
        d.html(`<div><progress value="${done}" max="${of}" style="width:20em"></progress> ${escapeHtml(text)}</div>`);
      },
    };
  }

  /** Shows a line of text (kept out of the report). */
  note(text: string): void {
    this.display.text(text);
  }

  /** Shows HTML as it is (kept out of the report). */
  html(html: string): void {
    this.display.html(html);
  }

  private remember(name: string): void {
    const i = this.order.findIndex((s) => s.name === name);
    if (i >= 0) this.order.splice(i, 1); // shown again (a cell run twice): the latest place counts
    this.order.push({ section: this.current, name });
  }

  /** The report's sections: what was shown, in order, under the heading it was shown under. */
  sections(): ReportSection[] {
    const out: { heading: string; items: ReportItem[] }[] = [];
    for (const { section, name } of this.order) {
      if (out.at(-1)?.heading !== section) out.push({ heading: section, items: [] });
      const t = this.tables.get(name),
        f = this.figures.get(name);
      if (t) out.at(-1)!.items.push({ table: t });
      if (f) out.at(-1)!.items.push({ name, figure: f });
    }
    return out;
  }

  /**
   * Writes every chart shown (SVG and PNG), every table shown and the
   * extra ones (CSV), `report.html` (the charts interactive, with captions,
   * and the tables, in the order shown) and `exports.json` (every file,
   * its size and a PNG's dpi) as the results folder `dir`, replaced as a
   * whole and atomically like the command line's (`exportAll`: only a
   * folder this tool wrote, holding nothing else, is replaced); shows a
   * short list of the files.
   */
  async export(dir: string, options: SessionExportOptions): Promise<ExportedFile[]> {
    const figures = Object.fromEntries([...this.figures].map(([name, f]) => [name, f.spec]));
    const tables = { ...Object.fromEntries([...this.tables].map(([name, t]) => [name, t.rows])), ...options.tables };
    const report = reportHtml({ title: options.title, subtitle: options.subtitle, sections: this.sections() });
    const manifest = (files: readonly ExportedFile[]) => ({
      title: options.title,
      png: options.png?.dpi ? { dpi: options.png.dpi } : { scale: options.png?.scale ?? 2, dpi: null },
      files: files.map((f) => ({
        file: relative(dir, f.path),
        kind: f.kind,
        name: f.name,
        bytes: f.bytes,
        ...(f.dpi ? { dpi: f.dpi } : {}),
        ...(this.figures.get(f.name)?.caption && (f.kind === "svg" || f.kind === "png")
          ? { caption: this.figures.get(f.name)!.caption }
          : {}),
      })),
    });
    const svgs = Object.fromEntries(this.svgs);
    const key = JSON.stringify(options.png ?? {});
    const pngs = Object.fromEntries([...this.pngs].filter(([, p]) => p.key === key).map(([name, p]) => [name, p.png]));
    const set = { figures, svgs, pngs, tables, pages: { report }, png: options.png, manifest };
    const written = await exportAll(dir, set);
    if (options.list ?? true) this.display.html(exportedSummary(dir, written));
    return written;
  }
}

/**
 * A short list of what an export wrote, as HTML: a line per kind (count, total size in KB, a few names).
 * @example exportedSummary("/out", [{ kind: "csv", name: "costs", path: "/out/costs.csv", bytes: 2048 }]).includes("<li>1 CSV (2.0 KB): costs.csv</li>") // => true
 */
export function exportedSummary(dir: string, files: readonly ExportedFile[]): string {
  const kinds = [...new Set(files.map((f) => f.kind))];
  const kb = (n: number) => `${(n / 1024).toFixed(n < 10240 ? 1 : 0)} KB`;
  const items = kinds.map((k) => {
    const of = files.filter((f) => f.kind === k);
    const names = of.map((f) => relative(dir, f.path));
    const dpi = k === "png" && of[0]?.dpi ? `, ${of[0].dpi} dpi` : "";
    return (
      `<li>${of.length} ${k.toUpperCase()} (${kb(of.reduce((s, f) => s + f.bytes, 0))}${dpi}): ` +
      `${escapeHtml(names.slice(0, 4).join(", "))}${names.length > 4 ? ", …" : ""}</li>`
    );
  });
  return (
    `<div id="exported"><p>${files.length} files written to <code>${escapeHtml(resolve(dir))}</code> ` +
    "(the list with sizes is <code>exports.json</code>):</p><ul>" +
    items.join("") +
    "</ul></div>"
  );
}
