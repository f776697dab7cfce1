/**
 * Writing exported figures and tables into a results folder (see
 * `io/folder.ts`): {@link exportAll} writes the whole folder atomically,
 * the single-file exports write one file atomically into a folder of this
 * project. A folder holding a user's own files is refused, never written into.
 */
import { dirname, join, resolve } from "node:path";
import type { ChartSpec } from "../charts/spec.js";
import { renderSvg, svgToPng, type PngOptions } from "../charts/render.js";
import { BATTERY_CSV_HEADERS, FLOW_CSV_HEADERS, csvHeader, toCsv } from "../results/tables.js";
import { SETTLEMENT_RULE_NAMES } from "../settlement/rules.js";
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
  if (!SAFE_NAME.test(name))
    throw new RangeError(`export name "${name}" must be letters, digits, '.', '_' or '-' (it becomes a file name)`);
}

function exported(kind: ExportedFile["kind"], name: string, path: string, data: string | Uint8Array): ExportedFile {
  return { kind, name, path, bytes: typeof data === "string" ? Buffer.byteLength(data) : data.byteLength };
}

/** Display names of money columns (currency units) in the tables the notebooks show. */
const MONEY_COLUMNS = new Set([
  "bill",
  "stand-alone cost",
  "saving",
  "cost",
  "total",
  "grid-only",
  "battery-only",
  "intra-only",
  "full",
  "saved vs grid-only",
  "vs battery-only",
  "vs intra-only",
  "mean per day",
  "cost full",
  "cost grid-only",
  "overall cost",
  "mean cost per day",
  "smallest saving",
  "settled bill",
  "transfer",
  "settled saving",
  "as given",
  "change",
]);
/** Machine field names with their CSV header, as the command line writes them. */
const KNOWN_HEADERS: Readonly<Record<string, string>> = {
  ...FLOW_CSV_HEADERS,
  ...BATTERY_CSV_HEADERS,
  kwh: "energy_kwh",
};

function snake(text: string): string {
  return text
    .trim()
    .replace(/([a-z0-9])([A-Z])/g, "$1_$2")
    .replace(/%/g, "pct")
    .replace(/[^A-Za-z0-9.]+/g, "_")
    .replace(/^_+|_+$/g, "")
    .toLowerCase();
}

/** A unit as a header suffix: kWh → kwh, kWh/h → kwh_per_h, % → pct. */
function unitName(unit: string): string {
  return unit
    .toLowerCase()
    .replace(/%/g, "pct")
    .replace(/\//g, "_per_")
    .replace(/[^a-z0-9]+/g, "_")
    .replace(/^_+|_+$/g, "");
}

/**
 * CSV headers of an exported table, with units as the command line writes them: a display name's
 * unit in brackets becomes a suffix (`demand (kWh)` → `demand_kwh`, `(%)` → `_pct`, a lone `(%)`
 * column the one before it + `_pct`), money columns end in `_cu` (currency units), the empty name of
 * a row label becomes `id`, and every header is unique and non-empty.
 * @example exportCsvHeaders(["", "full", "(%)", "demand (kWh)"]) // => ["id", "full_cu", "full_pct", "demand_kwh"]
 */
export function exportCsvHeaders(keys: readonly string[]): string[] {
  const out: string[] = [];
  let previous = "";
  for (const key of keys) {
    const unit = /^(.*?)\s*\(([^()]+)\)$/.exec(key);
    let h: string;
    if (key === "") h = "id";
    else if (key in KNOWN_HEADERS) h = KNOWN_HEADERS[key];
    else if (unit && unit[1] === "") h = `${previous}_${unitName(unit[2])}`;
    else if (unit) h = `${snake(unit[1])}_${unitName(unit[2])}`;
    else if (
      MONEY_COLUMNS.has(key) ||
      (SETTLEMENT_RULE_NAMES as readonly string[]).includes(key) ||
      /^g\d+(h\d+)?$/.test(key)
    )
      h = `${snake(key)}_cu`;
    else if (/^[a-z][A-Za-z0-9]*$/.test(key)) h = csvHeader(key);
    else h = snake(key) || "column";
    previous = h.replace(/_(cu|kwh|pct)$/, "");
    let unique = h;
    for (let n = 2; out.includes(unique); n++) unique = `${h}_${n}`;
    out.push(unique);
  }
  return out;
}

/** Rows as CSV with {@link exportCsvHeaders}. */
function exportCsv(rows: readonly object[]): string {
  const cols = rows.length ? Object.keys(rows[0]) : [];
  const headers = exportCsvHeaders(cols);
  return toCsv(rows as readonly Record<string, unknown>[], {
    columns: cols,
    headers: Object.fromEntries(cols.map((c, i) => [c, headers[i]])),
  });
}

function write(kind: ExportedFile["kind"], name: string, dir: string, data: string | Uint8Array): ExportedFile {
  probeFolder(dir);
  return exported(kind, name, writeFileIntoResults(dir, `${name}.${kind}`, data), data);
}

/**
 * Renders a chart and writes `dir/name.svg` and `dir/name.png` (`png.dpi: 300` for print).
 * @example await exportFigure("out", "savings", spec, { dpi: 300 })
 */
export async function exportFigure(
  dir: string,
  name: string,
  spec: ChartSpec,
  png: PngOptions = {},
): Promise<ExportedFile[]> {
  checkName(name);
  const svg = await renderSvg(spec);
  const bytes = await svgToPng(svg, png);
  const pngFile = write("png", name, dir, bytes);
  return [write("svg", name, dir, svg), png.dpi ? { ...pngFile, dpi: png.dpi } : pngFile];
}

/**
 * Writes rows as `dir/name.csv` (headers with units: {@link exportCsvHeaders}), atomically, into a results
 * folder of this tool (never over a user's own file).
 * @example exportTable("out", "costs-by-house", costsByHouse(r)).path // "out/costs-by-house.csv"
 */
export function exportTable<R extends object>(dir: string, name: string, rows: readonly R[]): ExportedFile {
  checkName(name);
  return write("csv", name, dir, exportCsv(rows));
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
  /** figure name → its SVG already rendered from that spec (a session's, as shown), written instead of rendering again */
  svgs?: Readonly<Record<string, string>>;
  /** figure name → its PNG already drawn (or being drawn) from that SVG with `png`, written instead of drawing again */
  pngs?: Readonly<Record<string, Uint8Array | Promise<Uint8Array>>>;
  /** table name → rows: CSV each */
  tables?: Readonly<Record<string, readonly object[]>>;
  /** page name → HTML text */
  pages?: Readonly<Record<string, string>>;
  png?: PngOptions;
  /** written as `exports.json`: what this returns for the other files (e.g. a manifest listing them) */
  manifest?: (files: readonly ExportedFile[]) => unknown;
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
    const f = exported(kind, name, join(dir, file), data);
    out.push(kind === "png" && set.png?.dpi ? { ...f, dpi: set.png.dpi } : f);
  };
  const figures = Object.entries(set.figures ?? {});
  const svgs: string[] = [];
  for (const [name, spec] of figures) {
    checkName(name);
    svgs.push(set.svgs?.[name] ?? (await renderSvg(spec)));
  }
  // the PNGs are rasterised at once, off this thread (svgToPng); files keep the figures' order
  const pngs = await Promise.all(svgs.map((svg, k) => set.pngs?.[figures[k][0]] ?? svgToPng(svg, set.png)));
  figures.forEach(([name], k) => {
    add("svg", name, svgs[k]);
    add("png", name, pngs[k]);
  });
  for (const [name, rows] of Object.entries(set.tables ?? {})) add("csv", name, exportCsv(rows));
  for (const [name, html] of Object.entries(set.pages ?? {})) add("html", name, html);
  probeFolder(dirname(resolve(dir)));
  if (set.manifest) add("json", "exports", JSON.stringify(set.manifest([...out]), null, 2) + "\n");
  await writeFolderAtomically(dir, files);
  return out;
}
