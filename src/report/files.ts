/**
 * Writing exported figures and tables. Every file is written to a
 * temporary name beside it and renamed into place, so a reader never sees
 * half a file and a failed export leaves the previous file as it was.
 */
import { mkdirSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import type { ChartSpec } from "../charts/spec.js";
import { renderSvg, svgToPng, type PngOptions } from "../charts/render.js";
import { toCsv } from "../results.js";

/** Writes `data` to `path` atomically (temporary file, then rename); creates the folder. */
export function writeFileAtomic(path: string, data: string | Uint8Array): void {
  mkdirSync(dirname(path), { recursive: true });
  const tmp = join(dirname(path), `.${basename(path)}.tmp-${process.pid}`);
  try {
    writeFileSync(tmp, data);
    renameSync(tmp, path);
  } catch (e) {
    rmSync(tmp, { force: true });
    throw e;
  }
}

/** A file an export wrote. */
export interface ExportedFile {
  kind: "svg" | "png" | "csv" | "html" | "json";
  /** the figure's or table's name */
  name: string;
  path: string;
  bytes: number;
  /** a PNG's resolution, dots per inch, when exported with `png.dpi` (also recorded in the file) */
  dpi?: number;
}

const SAFE_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;
function checkName(name: string): void {
  if (!SAFE_NAME.test(name)) throw new RangeError(`export name "${name}" must be letters, digits, '.', '_' or '-' (it becomes a file name)`);
}

function write(kind: ExportedFile["kind"], name: string, path: string, data: string | Uint8Array): ExportedFile {
  writeFileAtomic(path, data);
  return { kind, name, path, bytes: typeof data === "string" ? Buffer.byteLength(data) : data.byteLength };
}

/**
 * Renders a chart and writes `dir/name.svg` and `dir/name.png` (`png.dpi: 300` for print).
 * @example await exportFigure("out", "savings", spec, { dpi: 300 })
 */
export async function exportFigure(dir: string, name: string, spec: ChartSpec, png: PngOptions = {}): Promise<ExportedFile[]> {
  checkName(name);
  const svg = await renderSvg(spec);
  const bytes = await svgToPng(svg, png);
  const pngFile = write("png", name, join(dir, `${name}.png`), bytes);
  return [write("svg", name, join(dir, `${name}.svg`), svg), png.dpi ? { ...pngFile, dpi: png.dpi } : pngFile];
}

/** Writes rows as `dir/name.csv` (see `toCsv`). */
export function exportTable<R extends object>(dir: string, name: string, rows: readonly R[]): ExportedFile {
  checkName(name);
  return write("csv", name, join(dir, `${name}.csv`), toCsv(rows));
}

/** Writes an HTML page as `dir/name.html`. */
export function exportHtml(dir: string, name: string, html: string): ExportedFile {
  checkName(name);
  return write("html", name, join(dir, `${name}.html`), html);
}

/** Everything a notebook or program wants exported in one go. */
export interface ExportSet {
  /** figure name → spec: SVG and PNG each */
  figures?: Readonly<Record<string, ChartSpec>>;
  /** table name → rows: CSV each */
  tables?: Readonly<Record<string, readonly object[]>>;
  /** page name → HTML text */
  pages?: Readonly<Record<string, string>>;
  png?: PngOptions;
}

/** Exports every figure, table and page of `set` into `dir`; returns the files written. */
export async function exportAll(dir: string, set: ExportSet): Promise<ExportedFile[]> {
  const out: ExportedFile[] = [];
  for (const [name, spec] of Object.entries(set.figures ?? {})) out.push(...(await exportFigure(dir, name, spec, set.png)));
  for (const [name, rows] of Object.entries(set.tables ?? {})) out.push(exportTable(dir, name, rows));
  for (const [name, html] of Object.entries(set.pages ?? {})) out.push(exportHtml(dir, name, html));
  return out;
}
