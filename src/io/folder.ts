/**
 * Results folders, written safely (docs/data-formats.md "The output folder",
 * docs/cli.md):
 *
 * - A results folder is recognised by its marker file {@link MARKER} alone;
 *   the marker lists every file the tool wrote into the folder. A folder is
 *   replaced only when it is absent, empty, or marked and holding nothing
 *   but the marker and the files it lists. Anything else (a user's file or
 *   subfolder, an unmarked folder) is refused with an {@link InputError}
 *   naming it, and nothing is touched: a user's own files are never deleted
 *   or overwritten.
 * - Writing is atomic: the files go into a marked sibling `.NAME.tmp-PID`,
 *   the old folder is renamed to `.NAME.old-PID`, the new one into place,
 *   and only then is the old one removed. A reader sees the old set or the
 *   new one, never half of one. The new files and their folder reach the
 *   disk before the rename (one batch of fsyncs for the folder, issued
 *   together so the file system commits them at once), and the rename
 *   before the write returns, so a power cut cannot leave a half-written
 *   set in place either.
 * - A run killed part-way leaves a `.NAME.tmp-PID` (incomplete, removed on
 *   the next write) or a `.NAME.old-PID` (the previous results, put back
 *   when no results folder took their place). Only marked leftovers whose
 *   process is gone are touched.
 * - A file-system failure (no space, read-only, no permission, a path
 *   through a file, a race with another run) is a {@link WriteError} naming
 *   the path; the earlier results stay as they were.
 */
import {
  closeSync,
  existsSync,
  fsync,
  fsyncSync,
  lstatSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  realpathSync,
  renameSync,
  rmSync,
  writeSync,
} from "node:fs";
import { basename, dirname, join, relative, resolve, sep, isAbsolute } from "node:path";
import { InputError, WriteError, echo } from "../errors/errors.js";

/** The marker file's name inside every results folder the project writes. */
export const MARKER = ".p2p-cvpp-results";

const pkg = JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as {
  name: string;
  version: string;
};

/** The tool's name and version, as written into {@link MARKER}. */
export const TOOL = { name: pkg.name, version: pkg.version } as const;

const FILES_LINE = "Files written by the tool (replaced by its next run; anything else here makes that run refuse):";

/**
 * The marker file's text: the tool's name first, so it can be recognised,
 * then the files the tool wrote into the folder, one a line.
 * @example markerText(["b.csv", "a.csv"]).split("\n").slice(-3).join(",") // => "a.csv,b.csv,"
 */
export function markerText(files: readonly string[] = []): string {
  return (
    `${TOOL.name} ${TOOL.version} results folder\n` +
    "This folder was written by p2p-cvpp. Its next run to the same place replaces the files listed below.\n" +
    `${FILES_LINE}\n` +
    [...new Set(files)]
      .sort()
      .map((f) => `${f}\n`)
      .join("")
  );
}

/** File sets of markers written before markers listed files (they list none). */
const UNLISTED = new WeakSet<Set<string>>();

/** The files a marker lists, or null when `dir` holds no marker of this tool. */
export function markedFiles(dir: string): Set<string> | null {
  let text: string;
  try {
    if (!lstatSync(join(dir, MARKER)).isFile()) return null;
    text = readFileSync(join(dir, MARKER), "utf8");
  } catch {
    return null;
  }
  if (!text.startsWith(`${TOOL.name} `)) return null;
  const lines = text.split("\n");
  const at = lines.indexOf(FILES_LINE);
  const files = new Set(at < 0 ? [] : lines.slice(at + 1).filter((l) => l !== ""));
  if (at < 0) UNLISTED.add(files);
  return files;
}

function isMarked(dir: string): boolean {
  return markedFiles(dir) !== null;
}

/** A temporary file of {@link writeFileAtomic} left by a process that is gone. */
function isStaleTemp(name: string): boolean {
  const m = /^\..+\.tmp-(\d+)$/.exec(name);
  return m !== null && !alive(Number(m[1]));
}

/**
 * What in the marked folder `dir` the tool did not write: entries its marker
 * does not list, and listed names that are no longer plain files (shown with
 * a trailing `/` when a folder).
 */
function foreignEntries(dir: string, entries: readonly string[], listed: ReadonlySet<string>): string[] {
  const foreign: string[] = [];
  for (const e of entries) {
    if (e === MARKER || isStaleTemp(e)) continue;
    let st;
    try {
      st = lstatSync(join(dir, e));
    } catch {
      continue;
    }
    if (!listed.has(e) || !st.isFile()) foreign.push(st.isDirectory() ? `${e}/` : e);
  }
  return foreign.sort();
}

/** What is at a results path now. */
export type FolderState = "absent" | "empty" | "ours";

function fsError(path: string, e: unknown): Error {
  return WriteError.from(path, e);
}

/**
 * Whether `dir` may be replaced by a results folder: absent, empty or ours.
 * Throws an {@link InputError} naming it (and one of its files) otherwise.
 */
export function folderState(dir: string): FolderState {
  let st;
  try {
    st = lstatSync(dir);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === "ENOENT") return "absent";
    throw fsError(dir, e);
  }
  if (st.isSymbolicLink())
    throw new InputError(dir, "is a symbolic link; give the folder it points to, or another --out");
  if (!st.isDirectory())
    throw new InputError(dir, "is a file, not a results folder; choose another --out (your file is left as it is)");
  let entries: string[];
  try {
    entries = readdirSync(dir);
  } catch (e) {
    throw fsError(dir, e);
  }
  if (entries.length === 0) return "empty";
  const listed = markedFiles(dir);
  const foreign =
    listed === null
      ? entries.map((e) => (isFolder(join(dir, e)) ? `${e}/` : e)).sort()
      : foreignEntries(dir, entries, listed);
  if (foreign.length === 0) return "ours";
  const sample =
    foreign
      .slice(0, 3)
      .map((f) => echo(f, 40))
      .join(", ") + (foreign.length > 3 ? `, … (${foreign.length} in all)` : "");
  throw new InputError(
    dir,
    listed === null
      ? `holds files this tool did not write (${sample}) and no ${MARKER} marker; it is never replaced: ` +
          "choose a new or empty folder for --out"
      : UNLISTED.has(listed)
        ? `is a results folder of an earlier version whose marker lists no files (it holds ${sample}); ` +
          "nothing was touched: delete it yourself, or choose another --out"
        : `is a results folder, but holds ${foreign.length === 1 ? "an entry" : "entries"} this tool did not write (${sample}); ` +
          "nothing was touched: move them out, or choose another --out",
  );
}

function isFolder(path: string): boolean {
  try {
    return lstatSync(path).isDirectory();
  } catch {
    return false;
  }
}

function alive(pid: number): boolean {
  if (pid === process.pid) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** What {@link recoverLeftovers} did, one line each. */
export type RecoveryNote = string;

/**
 * Cleans what an interrupted run left beside `dir`: a marked
 * `.NAME.old-PID` whose process is gone is put back as `dir` when `dir` is
 * absent (those are the previous results), else removed; a marked
 * `.NAME.tmp-PID` whose process is gone is removed. Anything unmarked, or of
 * a process still running, is left alone.
 * @returns a line per leftover handled
 * @example recoverLeftovers("results/demo") // ["put back the previous results from results/.demo.old-4242"]
 */
export function recoverLeftovers(dir: string): RecoveryNote[] {
  const abs = resolve(dir);
  const parent = dirname(abs),
    name = basename(abs);
  let entries: string[];
  try {
    entries = readdirSync(parent);
  } catch {
    return [];
  }
  const escaped = name.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  const pattern = new RegExp(`^\\.${escaped}\\.(tmp|old)-(\\d+)$`);
  const notes: RecoveryNote[] = [];
  // old ones first, newest process id last, so the most recent previous results win
  const found = entries
    .map((e) => ({ e, m: pattern.exec(e) }))
    .filter((x) => x.m)
    .sort((a, b) => (a.m![1] === b.m![1] ? Number(a.m![2]) - Number(b.m![2]) : a.m![1] === "old" ? -1 : 1));
  for (const { e, m } of found) {
    const path = join(parent, e);
    const kind = m![1],
      pid = Number(m![2]);
    if (alive(pid)) continue;
    try {
      if (!lstatSync(path).isDirectory() || !isMarked(path)) continue;
      const shown = join(dirname(dir), e);
      if (kind === "old" && !existsSync(abs)) {
        renameSync(path, abs);
        notes.push(`put back the previous results from ${shown} (a run was interrupted)`);
      } else {
        removeMarked(path);
        notes.push(`removed ${shown}, left by an interrupted run`);
      }
    } catch (err) {
      throw fsError(path, err);
    }
  }
  return notes;
}

/** Options of {@link checkOutputFolder}. */
export interface CheckOutputOptions {
  /** files the run reads: the results folder must not hold them */
  inputs?: readonly (string | undefined)[];
  /** what to call the path in messages (default "--out") */
  option?: string;
}

/** The path with symbolic links resolved as far as it exists (the rest appended as written). */
function realPath(abs: string): string {
  try {
    return realpathSync(abs);
  } catch {
    const parent = dirname(abs);
    return parent === abs ? abs : join(realPath(parent), basename(abs));
  }
}

/**
 * Removes a folder this tool marked, its marker last: a run killed halfway leaves a folder that
 * is still marked, so the next run recognises and removes it (removed marker-first, the rest
 * would look like someone else's files and stay for ever).
 */
function removeMarked(path: string): void {
  for (const e of readdirSync(path)) if (e !== MARKER) rmSync(join(path, e), { recursive: true, force: true });
  rmSync(path, { recursive: true, force: true });
}

function inside(child: string, parent: string): boolean {
  const r = relative(parent, child);
  return r === "" || (!r.startsWith("..") && !isAbsolute(r));
}

/**
 * Checks, before any work, that results can be written to `dir`: the path
 * names a folder that may be replaced ({@link folderState}), is not the
 * current folder or one above it, holds none of the run's input files, and
 * its parent takes a new folder (a probe folder is made and removed, and
 * any parent folders it had to create are removed again). Also cleans
 * leftovers of interrupted runs ({@link recoverLeftovers}).
 * @returns the notes of {@link recoverLeftovers}
 * @throws InputError for a path a user must change (exit code 2)
 * @throws WriteError for a file-system failure (exit code 1)
 */
export function checkOutputFolder(dir: string, options: CheckOutputOptions = {}): RecoveryNote[] {
  const option = options.option ?? "--out";
  if (dir.trim() === "") throw new InputError(option, "must name a folder, got an empty string");
  const abs = resolve(dir),
    realAbs = realPath(abs);
  const within = (child: string, parent: string, realParent: string) =>
    inside(resolve(child), parent) || inside(realPath(resolve(child)), realParent);
  if (within(process.cwd(), abs, realAbs))
    throw new InputError(
      `${option} ${echo(dir)}`,
      "is the current folder or one above it; name a folder for the results",
    );
  // symbolic links followed: an input reached through a link into the folder is still in it
  for (const input of options.inputs ?? [])
    if (input && within(input, abs, realAbs))
      throw new InputError(
        `${option} ${echo(dir)}`,
        `holds the input file ${echo(input)}; write the results to another folder`,
      );
  const notes = recoverLeftovers(dir);
  folderState(dir);
  const parent = dirname(abs);
  let created: string | undefined;
  try {
    created = makeFolders(parent);
  } catch (e) {
    throw fsError(dirname(dir) || ".", e);
  }
  const probe = join(parent, `.${basename(abs)}.tmp-${process.pid}`);
  try {
    mkdirSync(probe);
    closeSync(writeNew(join(probe, MARKER), markerText())); // removed at once: nothing to make durable
  } catch (e) {
    throw fsError(dir, e);
  } finally {
    rmSync(probe, { recursive: true, force: true });
    if (created) rmSync(created, { recursive: true, force: true });
  }
  return notes;
}

/**
 * `mkdir -p`, one level at a time (Node's recursive mkdirSync loops for ever on a path under /proc).
 * @returns the first folder it made, or undefined when `dir` existed
 */
function makeFolders(dir: string): string | undefined {
  const abs = resolve(dir);
  const missing: string[] = [];
  for (let d = abs; !existsSync(d); d = dirname(d)) {
    missing.unshift(d);
    if (dirname(d) === d) break;
  }
  for (const d of missing) mkdirSync(d);
  return missing[0];
}

/**
 * A results file's content: its text, its bytes, or its text piece by piece (e.g. a CSV table a line at a
 * time), written as the pieces come so that a large table is never held whole.
 */
export type FileData = string | Uint8Array | Iterable<string>;

/** Pieces of text are gathered into a buffer of this many bytes before a write. */
const WRITE_CHUNK = 1 << 16;

/** Writes `data` as the new file `path` (never an existing one) and returns it open, not yet synced. */
function writeNew(path: string, data: FileData): number {
  const fd = openSync(path, "wx");
  try {
    if (typeof data === "string") writeAll(fd, Buffer.from(data));
    else if (data instanceof Uint8Array) writeAll(fd, data);
    else writePieces(fd, data);
  } catch (e) {
    closeSync(fd);
    throw e;
  }
  return fd;
}

/** Writes the pieces' UTF-8 through one buffer of {@link WRITE_CHUNK} bytes (a piece too large for it, directly). */
function writePieces(fd: number, pieces: Iterable<string>): void {
  const buf = Buffer.allocUnsafe(WRITE_CHUNK);
  let used = 0;
  for (const piece of pieces) {
    if (used + 3 * piece.length > WRITE_CHUNK) {
      writeAll(fd, buf.subarray(0, used));
      used = 0;
    }
    if (3 * piece.length > WRITE_CHUNK) writeAll(fd, Buffer.from(piece));
    else used += buf.write(piece, used);
  }
  writeAll(fd, buf.subarray(0, used));
}

function writeAll(fd: number, buf: Uint8Array): void {
  let off = 0;
  while (off < buf.byteLength) off += writeSync(fd, buf, off, buf.byteLength - off);
}

function writeFileDurable(path: string, data: string | Uint8Array): void {
  const fd = writeNew(path, data);
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/**
 * fsyncs the open files `fds` and the folder `dir` (its entries) together: issued at once on
 * libuv's threads, they share the file system's journal commits instead of waiting for one each.
 */
async function syncTogether(fds: readonly number[], dir: string): Promise<void> {
  const sync = (fd: number) => new Promise<void>((done, fail) => fsync(fd, (e) => (e ? fail(e) : done())));
  await Promise.all([...fds.map(sync), syncFolder(dir)]);
}

/**
 * fsyncs a folder, so the names made or renamed in it last a power cut. Best effort: a file
 * system that cannot sync a folder (EINVAL, EISDIR; or one that cannot open one) already commits
 * names at once or never.
 */
async function syncFolder(dir: string): Promise<void> {
  let fd: number;
  try {
    fd = openSync(dir, "r");
  } catch {
    return;
  }
  await new Promise<void>((done) => fsync(fd, () => done())).finally(() => closeSync(fd));
}

/** Keeps `name` a plain file name inside the folder. */
function checkFileName(name: string): void {
  if (
    name === "" ||
    name === "." ||
    name === ".." ||
    name.includes("/") ||
    name.includes(sep) ||
    name === MARKER ||
    name.includes("\0")
  )
    throw new RangeError(`"${echo(name)}" is not a file name a results folder can hold`);
}

/**
 * Writes `files` (name → text, bytes or text in pieces: {@link FileData}) as the folder `dir` with the
 * project's marker listing them, atomically: `dir` is replaced only once
 * every file is written, and only if it is absent, empty or a results folder
 * of this project holding only the files its marker lists ({@link folderState}).
 * The files and the folder are synced to disk once, all together, before the rename, and the
 * rename before the promise resolves.
 * @throws InputError when `dir` is someone else's file or folder (nothing is changed)
 * @throws WriteError when the file system fails (earlier results intact)
 * @example await writeFolderAtomically("results/demo", { "summary.json": "{}\n" })
 */
export async function writeFolderAtomically(
  dir: string,
  files: Readonly<Record<string, FileData>>,
): Promise<RecoveryNote[]> {
  if (dir.trim() === "") throw new InputError("--out", "must name a folder, got an empty string");
  for (const name of Object.keys(files)) checkFileName(name);
  const abs = resolve(dir);
  const notes = recoverLeftovers(dir);
  folderState(abs); // refuse someone else's folder before writing anything
  const parent = dirname(abs),
    name = basename(abs);
  try {
    makeFolders(parent);
  } catch (e) {
    throw fsError(dirname(dir) || ".", e);
  }
  const tmp = join(parent, `.${name}.tmp-${process.pid}`);
  const old = join(parent, `.${name}.old-${process.pid}`);
  rmSync(tmp, { recursive: true, force: true });
  const fds: number[] = [];
  try {
    try {
      mkdirSync(tmp);
      fds.push(writeNew(join(tmp, MARKER), markerText(Object.keys(files))));
      for (const [f, data] of Object.entries(files)) fds.push(writeNew(join(tmp, f), data));
      await syncTogether(fds, tmp);
    } finally {
      for (const fd of fds) closeSync(fd);
    }
  } catch (e) {
    rmSync(tmp, { recursive: true, force: true });
    throw fsError(dir, e);
  }
  // between the check above and now another run may have written `dir`: check again
  let state: FolderState;
  try {
    state = folderState(abs);
  } catch (e) {
    rmSync(tmp, { recursive: true, force: true });
    throw e;
  }
  try {
    if (state === "absent") {
      renameSync(tmp, abs);
    } else {
      renameSync(abs, old);
      try {
        renameSync(tmp, abs);
      } catch (e) {
        if (!existsSync(abs)) renameSync(old, abs); // put the previous results back
        throw e;
      }
      removeMarked(old);
    }
  } catch (e) {
    rmSync(tmp, { recursive: true, force: true });
    throw fsError(dir, e);
  }
  await syncFolder(parent); // the rename itself
  return notes;
}

/**
 * Writes one file into a results folder, atomically (temporary name beside
 * it, then rename), and lists it in the folder's marker. The folder is made
 * (with the marker) when absent or empty; a folder with anything this
 * project did not write is refused, so an export never overwrites a user's
 * own file of the same name.
 * @throws InputError for someone else's folder; WriteError when the file system fails
 * @example writeFileIntoResults("results/notebook", "costs.csv", "house,cost\n")
 */
export function writeFileIntoResults(dir: string, name: string, data: string | Uint8Array): string {
  checkFileName(name);
  const state = folderState(dir);
  const listed = state === "ours" ? (markedFiles(dir) ?? new Set<string>()) : new Set<string>();
  try {
    makeFolders(dir);
  } catch (e) {
    throw fsError(dir, e);
  }
  // the marker lists the file before it exists: a run killed in between leaves a listed name, never an unlisted file
  if (!listed.has(name)) writeFileAtomic(join(dir, MARKER), markerText([...listed, name]));
  const path = join(dir, name);
  writeFileAtomic(path, data);
  return path;
}

/**
 * Writes `data` to `path` atomically: a temporary file `.NAME.tmp-PID` beside
 * it, then a rename, so a reader never sees half a file; makes the folder.
 * Low level: results go through {@link writeFolderAtomically} or
 * {@link writeFileIntoResults}, which check whose folder it is.
 * @throws WriteError naming `path` when the file system fails
 * @example writeFileAtomic("results/demo/notes.txt", "hello\n")
 */
export function writeFileAtomic(path: string, data: string | Uint8Array): void {
  const tmp = join(dirname(path), `.${basename(path)}.tmp-${process.pid}`);
  try {
    makeFolders(dirname(path));
    rmSync(tmp, { force: true });
    writeFileDurable(tmp, data);
    renameSync(tmp, path);
  } catch (e) {
    rmSync(tmp, { force: true });
    throw fsError(path, e);
  }
}
