/**
 * Writing a run's folder atomically: every file goes into a temporary
 * sibling folder, which is renamed into place only when all are written. A
 * failed run leaves the previous results (or nothing) — never half a set.
 */
import { mkdirSync, renameSync, rmSync, writeFileSync, existsSync } from "node:fs";
import { dirname, basename, join } from "node:path";

/**
 * Writes `files` (name → text) as the folder `dir`, replacing any folder
 * already there only once every file is written.
 */
export function writeFolderAtomically(dir: string, files: Record<string, string>): void {
  const parent = dirname(dir);
  mkdirSync(parent, { recursive: true });
  const tmp = join(parent, `.${basename(dir)}.tmp-${process.pid}`);
  rmSync(tmp, { recursive: true, force: true });
  try {
    mkdirSync(tmp);
    for (const [name, text] of Object.entries(files)) writeFileSync(join(tmp, name), text);
    if (existsSync(dir)) {
      const old = join(parent, `.${basename(dir)}.old-${process.pid}`);
      renameSync(dir, old);
      renameSync(tmp, dir);
      rmSync(old, { recursive: true, force: true });
    } else {
      renameSync(tmp, dir);
    }
  } catch (e) {
    rmSync(tmp, { recursive: true, force: true });
    throw e;
  }
}
