/**
 * Many small files into a folder at once, each whole or absent after a kill:
 * every file is written to its temporary name, all are fsynced together,
 * renamed into place, and the folder fsynced once (one round of fsyncs for
 * the batch, not one per file). Used by the study's row files.
 */
import { rmSync } from "node:fs";
import { open, rename, rm } from "node:fs/promises";
import { join } from "node:path";

/** One file of a batch: its final name, the temporary name it is written under, its text. */
export interface BatchFile {
  name: string;
  temp: string;
  text: string;
}

/** Writes `text` as the new file `path`, fsynced, closed. */
async function writeSynced(path: string, text: string): Promise<void> {
  const f = await open(path, "wx");
  try {
    await f.writeFile(text);
    await f.sync();
  } finally {
    await f.close();
  }
}

/** fsyncs a folder (its names); best effort, as folder.ts: some file systems cannot. */
async function syncFolder(dir: string): Promise<void> {
  const f = await open(dir, "r").catch(() => null);
  if (f)
    await f
      .sync()
      .catch(() => {})
      .finally(() => f.close());
}

/**
 * Writes `files` into `dir` (see the module comment). On failure the temporary files are removed
 * and the error is thrown; files already renamed stay (each is whole).
 * @example await writeFilesBatch("results/study", [{ name: "a.json", temp: ".a.json.tmp", text: "{}\n" }])
 */
export async function writeFilesBatch(dir: string, files: readonly BatchFile[]): Promise<void> {
  const temps = files.map((f) => join(dir, f.temp));
  try {
    await Promise.all(temps.map((t) => rm(t, { force: true })));
    await Promise.all(files.map((f, i) => writeSynced(temps[i], f.text)));
    for (const [i, t] of temps.entries()) await rename(t, join(dir, files[i].name));
    await syncFolder(dir);
  } catch (e) {
    await Promise.all(temps.map((t) => rm(t, { force: true }))).catch(() => {});
    throw e;
  }
}

/** Removes the file `path` if it is there (a killed writer's temporary file). */
export function removeTempFile(path: string): void {
  rmSync(path, { force: true });
}
