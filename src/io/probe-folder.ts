/**
 * Node 20's `mkdirSync(path, { recursive: true })` never returns where the
 * kernel answers ENOENT for a folder whose parent exists (e.g. under
 * `/proc`): it retries at 100 % CPU. {@link probeFolder} tries the first
 * missing level once, without recursion, before any recursive mkdir runs.
 */
import { existsSync, mkdirSync, rmdirSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { WriteError } from "../errors/errors.js";

/**
 * Checks that `dir` exists or that its first missing level can be made: it
 * is made and removed again. Then a recursive mkdir of `dir` terminates.
 * @throws WriteError naming that level (ENOENT, EACCES, ENOTDIR, EROFS, …)
 * @example probeFolder("/proc/x") // throws "cannot write /proc/x: a part of the path does not exist or cannot hold folders (ENOENT)"
 */
export function probeFolder(dir: string): void {
  let missing = resolve(dir);
  if (existsSync(missing)) return;
  while (!existsSync(dirname(missing)) && dirname(missing) !== missing) missing = dirname(missing);
  try {
    mkdirSync(missing);
  } catch (e) {
    throw WriteError.from(missing, e);
  }
  rmdirSync(missing);
}
