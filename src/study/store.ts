/**
 * A study's results folder: `row-<key>.json` per finished job (written to a
 * temporary name and renamed, so a reader never sees half a row), the
 * study's `manifest.json` (its id, jobs and, for a part, its shard), and,
 * once every row is in, `table.csv` and `summary.json`. The folder carries
 * the project's results marker; a folder of someone else's files is refused.
 */
import { existsSync, readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import * as message from "../errors/messages.js";
import { InputError, WriteError } from "../errors/errors.js";
import { removeTempFile, writeFilesBatch } from "../io/batch-files.js";
import { folderState, markedFiles, MARKER, markerText, writeFileAtomic, writeFileIntoResults } from "../io/folder.js";
import { csvHeader, toCsv } from "../results/tables.js";
import type { FlatSweepRow } from "../analysis/sweep-rows.js";
import type { StudyPlan } from "./jobs.js";
import type { Point } from "./params.js";

/** `manifest.json`: which study a folder holds rows of. */
export interface Manifest {
  format: "p2p-cvpp-study/1";
  study: string;
  params: string[];
  jobs: { index: number; key: string; point: Point }[];
  /** a part of the study: slice `index` (0-based) of `count` */
  shard?: { index: number; count: number };
}

/** A finished row as stored. */
interface StoredRow {
  key: string;
  rows: FlatSweepRow[];
}

const rowFile = (key: string) => `row-${key}.json`;

/** A temporary row of {@link StudyStore.writeBatch} (process id last, as io/folder.ts's stale-temp rule reads it). */
const tempRowFile = (key: string) => `.${rowFile(key)}.tmp-${process.pid}`;

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "EPERM";
  }
}

/**
 * A study's results folder (see the module comment).
 * @example const store = new StudyStore("results/study"); store.read(plan.jobs[0].key) // the job's rows, or null
 */
export class StudyStore {
  /** Opens (making it when absent or empty) the results folder `dir`. @throws InputError for a folder of someone else's files */
  constructor(readonly dir: string) {
    if (folderState(dir) !== "ours") writeFileIntoResults(dir, "manifest.json", "{}\n");
    // temporary rows of a writer that was killed: never a row, removed
    for (const f of readdirSync(dir)) {
      const m = /^\.row-[0-9a-f]{64}\.json\.tmp-(\d+)$/.exec(f);
      if (m && Number(m[1]) !== process.pid && !alive(Number(m[1]))) removeTempFile(join(dir, f));
    }
  }

  /** The finished rows of `key`, or null. */
  read(key: string): FlatSweepRow[] | null {
    const path = join(this.dir, rowFile(key));
    if (!existsSync(path)) return null;
    try {
      const s = JSON.parse(readFileSync(path, "utf8")) as StoredRow;
      return s.key === key && Array.isArray(s.rows) ? s.rows : null;
    } catch {
      return null; // an unreadable row is solved again
    }
  }

  /** Stores a finished job's rows under its key (atomically; a second write of the same key writes the same bytes). */
  write(key: string, rows: FlatSweepRow[]): void {
    writeFileIntoResults(this.dir, rowFile(key), JSON.stringify({ key, rows } satisfies StoredRow) + "\n");
  }

  /**
   * Stores finished jobs' rows, many at once: the marker lists the new names
   * first (a kill leaves a listed name, never an unlisted file); each row is
   * written to a temporary name; all are fsynced together, renamed into
   * place, and the folder fsynced once. A kill at any point leaves every
   * row file whole or absent (absent: solved again on resume).
   * @throws InputError when a row's name is a file this tool did not write; WriteError when the file system fails
   */
  async writeBatch(batch: readonly { key: string; rows: FlatSweepRow[] }[]): Promise<void> {
    if (batch.length === 0) return;
    const listed = markedFiles(this.dir);
    if (listed === null) folderState(this.dir); // gone or replaced: refused (or made again) as at the start
    const names = batch.map((b) => rowFile(b.key));
    const known = listed ?? new Set<string>();
    for (const n of names)
      if (!known.has(n) && existsSync(join(this.dir, n)))
        throw new InputError(join(this.dir, n), message.foreignRowFile());
    if (names.some((n) => !known.has(n))) writeFileAtomic(join(this.dir, MARKER), markerText([...known, ...names]));
    const files = batch.map((b, i) => ({
      name: names[i],
      temp: tempRowFile(b.key),
      text: JSON.stringify({ key: b.key, rows: b.rows } satisfies StoredRow) + "\n",
    }));
    try {
      await writeFilesBatch(this.dir, files);
    } catch (e) {
      throw WriteError.from(join(this.dir, names[0]), e);
    }
  }

  /** Keys of every row file in the folder. */
  keys(): string[] {
    return readdirSync(this.dir)
      .filter((f) => /^row-[0-9a-f]{64}\.json$/.test(f))
      .map((f) => f.slice(4, -5));
  }

  writeManifest(plan: StudyPlan, shard?: Manifest["shard"]): void {
    const m: Manifest = {
      format: "p2p-cvpp-study/1",
      study: plan.id,
      params: plan.params,
      jobs: plan.jobs.map((j) => ({ index: j.index, key: j.key, point: j.point })),
      shard,
    };
    this.writeFile("manifest.json", JSON.stringify(m) + "\n");
  }

  /** The folder's manifest, or null when it has none. @throws InputError for one that is not a study's */
  manifest(): Manifest | null {
    const path = join(this.dir, "manifest.json");
    if (!existsSync(path)) return null;
    const m = JSON.parse(readFileSync(path, "utf8")) as Partial<Manifest>;
    if (m.format === undefined) return null;
    if (m.format !== "p2p-cvpp-study/1" || typeof m.study !== "string" || !Array.isArray(m.jobs))
      throw new InputError(path, message.notStudyManifest());
    return m as Manifest;
  }

  writeFile(name: string, text: string): void {
    writeFileIntoResults(this.dir, name, text);
  }
}

/** One table row: `job`, the parameters, then the sweep row's columns. */
export type TableRow = Record<string, string | number | boolean | null>;

/**
 * The study's table (rows in job order) as CSV, from each job's stored rows.
 * @example studyCsv(manifest, (key) => store.read(key)!).split("\n")[0] // "job,groups[*].battery.capacity,scope,id,group,cost_grid_only_cu,…"
 */
export function studyCsv(m: Pick<Manifest, "params" | "jobs">, rowsOf: (key: string) => FlatSweepRow[]): string {
  const table: TableRow[] = m.jobs.flatMap((j) =>
    rowsOf(j.key).map((r) => ({ job: j.index, ...Object.fromEntries(j.point), ...r })),
  );
  const cols = [...new Set(["job", ...m.params, ...table.flatMap((r) => Object.keys(r))])];
  const cells = table.map((r) => Object.fromEntries(cols.map((c) => [c, r[c] ?? ""])));
  return toCsv(cells, { columns: cols, headers: Object.fromEntries(cols.map((c) => [c, csvHeader(c)])) });
}
