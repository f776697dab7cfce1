/**
 * A bad parameter in a tslab notebook shows as one readable line: the
 * fixture test/fixtures/bad-parameter.ipynb (DAYS = 0) executed by
 * nbconvert/nbclient on the tslab kernel. The cell's error output is the
 * one line "InputError: scenario: days: must be at least 1, got 0" (no
 * stack frames), and the kernel's reply names the error, so nbconvert's
 * failure summary is not an empty "<Error>:". Skips only when Jupyter is
 * missing, and never under CI=true.
 */
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { execFile } from "node:child_process";
import { IN_CI, findTools, run, type Tools } from "../helpers/tools.js";

const ROOT = resolve(import.meta.dirname, "..", "..");
const FIXTURE = join(ROOT, "test", "fixtures", "bad-parameter.ipynb");
const MESSAGE = "InputError: scenario: days: must be at least 1, got 0";

interface Output {
  output_type: string;
  name?: string;
  text?: string | string[];
  ename?: string;
}
const text = (v: string | string[] | undefined) => (Array.isArray(v) ? v.join("") : (v ?? ""));

const found = findTools();
if (typeof found === "string" && IN_CI) throw new Error(`CI=true but the notebook error test cannot run: ${found}`);

describe("a bad parameter in a notebook", { skip: typeof found === "string" ? found : false }, () => {
  const tools = found as Tools;
  const dir = mkdtempSync(join(tmpdir(), "cvpp-nb-errors-"));
  let env: NodeJS.ProcessEnv;
  before(
    async () => {
      const tslab = join(ROOT, "node_modules", ".bin", "tslab");
      await run(tslab, [
        "install",
        `--python=${tools.python}`,
        `--binary=${tslab}`,
        `--prefix=${join(dir, "jupyter")}`,
      ]);
      env = { ...process.env, JUPYTER_PATH: join(dir, "jupyter", "share", "jupyter") };
    },
    { timeout: 120_000 },
  );
  after(() => rmSync(dir, { recursive: true, force: true }));

  it("shows one line with the useful message in the cell", { timeout: 300_000 }, async () => {
    await run(
      tools.nbconvert,
      [
        "--to",
        "notebook",
        "--execute",
        "--allow-errors",
        FIXTURE,
        "--output-dir",
        dir,
        "--output",
        "executed.ipynb",
        "--ExecutePreprocessor.kernel_name=tslab",
        "--ExecutePreprocessor.timeout=120",
      ],
      { cwd: ROOT, env },
    );
    const nb = JSON.parse(readFileSync(join(dir, "executed.ipynb"), "utf8")) as { cells: { outputs?: Output[] }[] };
    const outputs = nb.cells[2].outputs ?? [];
    const shown = outputs
      .map((o) => text(o.text))
      .join("")
      .trim();
    assert.equal(shown, MESSAGE, "the cell shows the one line, nothing else");
    assert.deepEqual(nb.cells[1].outputs, [], "the cell before ran without output");
  });

  it("the failure summary names the error (ename and evalue are not empty)", { timeout: 300_000 }, async () => {
    const r = await new Promise<{ code: number | null; stderr: string }>((done) => {
      execFile(
        tools.nbconvert,
        [
          "--to",
          "notebook",
          "--execute",
          FIXTURE,
          "--output-dir",
          dir,
          "--output",
          "failed.ipynb",
          "--ExecutePreprocessor.kernel_name=tslab",
          "--ExecutePreprocessor.timeout=120",
        ],
        { cwd: ROOT, env, encoding: "utf8", timeout: 240_000, killSignal: "SIGKILL" },
        (err, _stdout, stderr) => done({ code: err ? (typeof err.code === "number" ? err.code : 1) : 0, stderr }),
      );
    });
    assert.notEqual(r.code, 0, "nbconvert fails on the error");
    assert.ok(r.stderr.includes(MESSAGE), `nbconvert's summary names it:\n${r.stderr.slice(-2000)}`);
    assert.doesNotMatch(r.stderr, /<Error>:/);
    assert.doesNotMatch(r.stderr, /at validateScenario|\.js:\d+:\d+/, "no stack frames");
  });
});
