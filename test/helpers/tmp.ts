/**
 * Temporary folders for tests, removed when the test (or the test file)
 * ends, so that `npm test` leaves nothing behind in the system's temp folder.
 */
import { after, type TestContext } from "node:test";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/**
 * A new empty folder `<tmpdir>/<prefix>XXXXXX`, removed with its contents
 * after the test `t` when given, otherwise after every test of the file.
 * @example const dir = tempDir("p2p-cli-"); // at the top of a test file
 * @example it("…", (t) => { const dir = tempDir("cvpp-export-", t); … })
 */
export function tempDir(prefix: string, t?: TestContext): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  const remove = () => rmSync(dir, { recursive: true, force: true });
  if (t) t.after(remove);
  else after(remove);
  return dir;
}
