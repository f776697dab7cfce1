/**
 * Writing exported figures and tables into a results folder (see
 * `io/folder.ts`): {@link exportAll} writes the whole folder atomically,
 * the single-file exports write one file atomically into a folder of this
 * project. A folder holding a user's own files is refused, never written into.
 */
import { dirname, join, resolve } from "node:path";
import type { ChartSpec } from "../charts/spec.js";
import { renderSvg, svgToPng, type PngOptions } from "../charts/render.js";
import { toCsv } from "../results/tables.js";
import { writeFileIntoResults, writeFolderAtomically } from "../io/folder.js";
import { probeFolder } from "../io/probe-folder.js";

export { writeFileAtomic } from "../io/folder.js";

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

function exported(kind: ExportedFile["kind"], name: string, path: string, data: string | Uint8Array): ExportedFile {
  return { kind, name, path, bytes: typeof data === "string" ? Buffer.byteLength(data) : data.byteLength };
}

function write(kind: ExportedFile["kind"], name: string, dir: string, data: string | Uint8Array): ExportedFile {
  probeFolder(dir);
  return exported(kind, name, writeFileIntoResults(dir, `${name}.${kind}`, data), data);
}

/**
 * Renders a chart and writes `dir/name.svg` and `dir/name.png` (`png.dpi: 300` for print).
 * @example await exportFigure("out", "savings", spec, { dpi: 300 })
 */
export async function exportFigure(dir: string, name: string, spec: ChartSpec, png: PngOptions = {}): Promise<ExportedFile[]> {
  checkName(name);
  const svg = await renderSvg(spec);
  const bytes = await svgToPng(svg, png);
  const pngFile = write("png", name, dir, bytes);
  return [write("svg", name, dir, svg), png.dpi ? { ...pngFile, dpi: png.dpi } : pngFile];
}

/**
 * Writes rows as `dir/name.csv` (see `toCsv`), atomically, into a results
 * folder of this tool (never over a user's own file).
 * @example exportTable("out", "costs-by-house", costsByHouse(r)).path // "out/costs-by-house.csv"
 */
export function exportTable<R extends object>(dir: string, name: string, rows: readonly R[]): ExportedFile {
  checkName(name);
  return write("csv", name, dir, toCsv(rows));
}

/**
 * Writes an HTML page as `dir/name.html`, atomically, into a results folder
 * of this tool (never over a user's own file).
 * @example exportHtml("out", "report", reportHtml({ title: "Demo", sections: [] }))
 */
export function exportHtml(dir: string, name: string, html: string): ExportedFile {
  checkName(name);
  return write("html", name, dir, html);
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

/**
 * Exports every figure (SVG and PNG), table (CSV) and page (HTML) of `set`
 * as the results folder `dir`, replacing it as a whole and atomically, and
 * only when it is absent, empty or a folder this project wrote (it is
 * marked). Everything is rendered before anything is written.
 * @returns the files written
 * @throws InputError when `dir` holds other files; WriteError when writing fails
 * @example await exportAll("results/notebook", { tables: { costs: costsByHouse(result) } })
 */
export async function exportAll(dir: string, set: ExportSet): Promise<ExportedFile[]> {
  const out: ExportedFile[] = [];
  const files: Record<string, string | Uint8Array> = {};
  const add = (kind: ExportedFile["kind"], name: string, data: string | Uint8Array) => {
    checkName(name);
    const file = `${name}.${kind}`;
    if (file in files) throw new RangeError(`export name "${name}" is used twice for ${kind}`);
    files[file] = data;
    out.push(exported(kind, name, join(dir, file), data));
  };
  for (const [name, spec] of Object.entries(set.figures ?? {})) {
    checkName(name);
    const svg = await renderSvg(spec);
    add("svg", name, svg);
    add("png", name, await svgToPng(svg, set.png));
  }
  for (const [name, rows] of Object.entries(set.tables ?? {})) add("csv", name, toCsv(rows));
  for (const [name, html] of Object.entries(set.pages ?? {})) add("html", name, html);
  probeFolder(dirname(resolve(dir)));
  writeFolderAtomically(dir, files);
  return out;
}
