/**
 * notebooks/main_demo.ipynb in the real classic Notebook UI, driven in
 * Chromium the way a user does it: Kernel › Restart & Clear Output, then
 * Cell › Run All, three times — the second time with both cores loaded by
 * busy child processes — and every code cell must have run, without an
 * error or a line on stderr. (Run All once stopped silently at the sweep
 * cell on a busy machine: the kernel's zeromq sends, not the sweep's worker
 * threads, which run inside the kernel again; see src/report/kernel.ts.)
 *
 * The notebook is served from a copy in a temporary folder (beside links to
 * dist/ and node_modules/), so the UI's autosave never touches the
 * repository's file. Skips only when Jupyter or Chromium is missing, and
 * never under CI=true. Prints how long each Run All took and the slowest
 * cells.
 */
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, symlinkSync } from "node:fs";
import { createServer } from "node:net";
import { availableParallelism, tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { CHROMIUM_ARGS, IN_CI, findTools, run, type Tools } from "../helpers/tools.js";

// what the page functions below use of the browser (they run in Chromium, not in Node)
declare const window: object;
declare const document: { querySelector(selector: string): object | null };

const ROOT = resolve(import.meta.dirname, "..", "..");
const RUNS = 3;
const LOADED_RUN = 2;

const found = findTools();
const notebookApp = (() => {
  if (typeof found === "string") return found;
  const r = spawnSyncQuiet("jupyter-notebook", ["--version"]);
  return r && /^6\./.test(r)
    ? null
    : `the classic Notebook UI (jupyter-notebook 6) is not installed${r ? ` (found ${r})` : ""}`;
})();
if (notebookApp && IN_CI) throw new Error(`CI=true but the Notebook UI test cannot run: ${notebookApp}`);

function spawnSyncQuiet(cmd: string, args: string[]): string | null {
  const r = spawnSync(cmd, args, { encoding: "utf8", timeout: 60_000 });
  return r.status === 0 ? r.stdout.trim() : null;
}

function freePort(): Promise<number> {
  return new Promise((res, rej) => {
    const s = createServer();
    s.listen(0, "127.0.0.1", () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => res(port));
    });
    s.on("error", rej);
  });
}

/** What the page reports about the notebook's code cells. */
interface CellState {
  index: number;
  prompt: number | string | null;
  errors: string[];
  stderr: string[];
}

describe(
  "notebooks/main_demo.ipynb in the classic Notebook UI: Restart & Clear Output, Run All",
  { skip: notebookApp ?? false },
  () => {
    const tools = found as Tools;
    const dir = mkdtempSync(join(tmpdir(), "cvpp-notebook-ui-"));
    let server: ChildProcess | undefined;
    let url = "";
    type Browser = import("playwright-core").Browser;
    let browser: Browser | undefined;

    before(
      async () => {
        mkdirSync(join(dir, "notebooks"));
        copyFileSync(join(ROOT, "notebooks", "main_demo.ipynb"), join(dir, "notebooks", "main_demo.ipynb"));
        symlinkSync(join(ROOT, "dist"), join(dir, "dist"));
        symlinkSync(join(ROOT, "node_modules"), join(dir, "node_modules"));
        const tslab = join(ROOT, "node_modules", ".bin", "tslab");
        await run(tslab, [
          "install",
          `--python=${tools.python}`,
          `--binary=${tslab}`,
          `--prefix=${join(dir, "jupyter")}`,
        ]);
        const port = await freePort();
        const token = "cvpp-ui-test";
        server = spawn(
          "jupyter-notebook",
          [
            "--no-browser",
            "--allow-root",
            `--port=${port}`,
            "--ip=127.0.0.1",
            `--notebook-dir=${dir}`,
            `--NotebookApp.token=${token}`,
            "--NotebookApp.open_browser=False",
          ],
          {
            env: {
              ...process.env,
              JUPYTER_PATH: join(dir, "jupyter", "share", "jupyter"),
              CVPP_NOTEBOOK_OUT: join(dir, "export"),
              JUPYTER_CONFIG_DIR: join(dir, "config"),
            },
            stdio: ["ignore", "ignore", "pipe"],
            timeout: 2_400_000,
            killSignal: "SIGKILL", // never outlives the test, even when after() is not reached
          },
        );
        let log = "";
        await new Promise<void>((res, rej) => {
          const timer = setTimeout(() => rej(new Error(`jupyter-notebook did not start:\n${log}`)), 60_000);
          server!.stderr!.on("data", (b: Buffer) => {
            log += b.toString();
            if (log.includes(`127.0.0.1:${port}/`)) {
              clearTimeout(timer);
              res();
            }
          });
          server!.on("exit", (code) => rej(new Error(`jupyter-notebook exited with ${code}:\n${log}`)));
        });
        server.stderr!.resume();
        url = `http://127.0.0.1:${port}/notebooks/notebooks/main_demo.ipynb?token=${token}`;
        const { chromium } = await import("playwright-core");
        browser = await chromium.launch({ executablePath: tools.chromium, headless: true, args: CHROMIUM_ARGS });
      },
      { timeout: 180_000 },
    );

    after(async () => {
      await browser?.close();
      if (server?.pid) server.kill("SIGTERM");
      await new Promise((r) => setTimeout(r, 1000));
      rmSync(dir, { recursive: true, force: true });
    });

    it(`runs every cell without error, ${RUNS} times, once with the CPU loaded`, { timeout: 1_800_000 }, async () => {
      const page = await browser!.newPage({ viewport: { width: 1280, height: 900 } });
      // the UI must not save over anything, even the copy (a dialog would also block the test)
      page.on("dialog", (d) => void d.accept());
      await page.goto(url);
      await page.waitForFunction(
        () => {
          const J = (window as unknown as { Jupyter?: { notebook?: { kernel?: { is_connected(): boolean } } } })
            .Jupyter;
          return !!J?.notebook?.kernel?.is_connected();
        },
        undefined,
        { timeout: 120_000 },
      );
      await page.evaluate(() =>
        (
          window as unknown as { Jupyter: { notebook: { set_autosave_interval(ms: number): void } } }
        ).Jupyter.notebook.set_autosave_interval(0),
      );
      const report: string[] = [];

      for (let k = 1; k <= RUNS; k++) {
        const load: ChildProcess[] =
          k === LOADED_RUN
            ? Array.from({ length: availableParallelism() }, () =>
                spawn(process.execPath, ["-e", "for(;;){}"], {
                  stdio: "ignore",
                  timeout: 900_000,
                  killSignal: "SIGKILL",
                }),
              )
            : [];
        try {
          // Kernel › Restart & Clear Output, confirmed in the dialog
          await page.click("#kernellink");
          await page.click("#restart_clear_output");
          await page.click(".modal-dialog .modal-footer button.btn-danger");
          await page.waitForFunction(
            () => {
              const J = (
                window as unknown as {
                  Jupyter: {
                    notebook: {
                      kernel: { is_connected(): boolean };
                      get_cells(): { output_area?: { outputs: unknown[] } }[];
                    };
                  };
                }
              ).Jupyter;
              return (
                J.notebook.kernel.is_connected() &&
                J.notebook.get_cells().every((c) => !c.output_area || c.output_area.outputs.length === 0) &&
                document.querySelector("#kernel_indicator_icon.kernel_idle_icon") !== null
              );
            },
            undefined,
            { timeout: 120_000 },
          );
          // Cell › Run All
          const t0 = Date.now();
          await page.click("#celllink");
          await page.click("#run_all_cells");
          // every code cell has an execution count once the last one has run (or the queue was aborted)
          const done = await page.waitForFunction(
            (start) => {
              type Cell = {
                cell_type: string;
                input_prompt_number?: number | string | null;
                output_area?: {
                  outputs: { output_type: string; name?: string; text?: string; ename?: string; evalue?: string }[];
                };
              };
              const J = (
                window as unknown as {
                  Jupyter: { notebook: { get_cells(): Cell[]; kernel: { is_connected(): boolean } } };
                  __cvppDone?: Record<number, number>;
                }
              ).Jupyter;
              const w = window as unknown as { __cvppDone?: Record<number, number> };
              w.__cvppDone ??= {};
              const cells = J.notebook
                .get_cells()
                .map((c, index) => ({ c, index }))
                .filter(({ c }) => c.cell_type === "code");
              for (const { c, index } of cells)
                if (typeof c.input_prompt_number === "number" && w.__cvppDone[index] === undefined)
                  w.__cvppDone[index] = Date.now() - start;
              const busy = document.querySelector("#kernel_indicator_icon.kernel_busy_icon") !== null;
              const settled = cells.every(({ c }) => c.input_prompt_number !== "*");
              const last = cells.at(-1)!.c;
              if (
                busy ||
                !settled ||
                (typeof last.input_prompt_number !== "number" && cells.some(({ c }) => c.input_prompt_number === "*"))
              )
                return false;
              // done: every cell ran, or one failed and the rest were aborted
              return cells.map(({ c, index }) => ({
                index,
                prompt: c.input_prompt_number ?? null,
                errors: (c.output_area?.outputs ?? [])
                  .filter((o) => o.output_type === "error")
                  .map((o) => `${o.ename}: ${o.evalue}`),
                stderr: (c.output_area?.outputs ?? []).filter((o) => o.name === "stderr").map((o) => String(o.text)),
              }));
            },
            t0,
            { timeout: 900_000, polling: 250 },
          );
          const cells = (await done.jsonValue()) as CellState[] | false;
          const seconds = (Date.now() - t0) / 1000;
          const doneAt = await page.evaluate(() => {
            const w = window as unknown as { __cvppDone?: Record<number, number> };
            const out = w.__cvppDone ?? {};
            w.__cvppDone = {};
            return out;
          });
          assert.ok(cells, "the notebook settled");
          for (const c of cells) {
            assert.deepEqual(c.errors, [], `run ${k}: cell ${c.index} failed`);
            assert.deepEqual(c.stderr, [], `run ${k}: cell ${c.index} wrote to stderr`);
            assert.equal(
              typeof c.prompt,
              "number",
              `run ${k}: cell ${c.index} did not run (prompt ${JSON.stringify(c.prompt)})`,
            );
          }
          // the export cell's table is the proof that the last cell ran to its end
          await page.waitForSelector("#exported", { timeout: 30_000 }).catch(() => null);
          assert.ok(await page.$("#exported"), `run ${k}: the export cell finished`);
          const order = Object.entries(doneAt)
            .map(([i, ms]) => [Number(i), ms] as const)
            .sort((a, b) => a[1] - b[1]);
          const spans = order
            .map(([i, ms], j) => ({ cell: i, s: (ms - (j ? order[j - 1][1] : 0)) / 1000 }))
            .sort((a, b) => b.s - a.s)
            .slice(0, 4);
          report.push(
            `run ${k}${load.length ? ` (${load.length} busy processes)` : ""}: ${seconds.toFixed(1)} s; slowest cells ${spans.map((s) => `#${s.cell} ${s.s.toFixed(1)} s`).join(", ")}`,
          );
        } finally {
          for (const p of load) if (p.pid) process.kill(p.pid);
        }
      }
      console.log(`# Run All in the Notebook UI:\n# ${report.join("\n# ")}`);
      // every table fits the output area (no horizontal scrolling in a 1280 px window)
      const widths = await page.$$eval("table.cvpp-table", (els) =>
        els.map((e) => ({
          id: e.getAttribute("id"),
          table: Math.round(e.getBoundingClientRect().width),
          area: Math.round((e.closest(".output_subarea") ?? e.parentElement!).getBoundingClientRect().width),
        })),
      );
      assert.ok(widths.length >= 10, `${widths.length} tables`);
      for (const w of widths)
        assert.ok(w.table <= w.area + 1, `table ${w.id} is ${w.table} px wide in a ${w.area} px output area`);
      const keep = process.env.NOTEBOOK_TEST_ARTIFACTS;
      if (keep) {
        mkdirSync(keep, { recursive: true });
        for (const id of ["savings", "kpis-energy", "kpis-battery-cost", "bills", "what-if"]) {
          const t = await page.$(`table#${id}`);
          await t?.scrollIntoViewIfNeeded();
          await t?.screenshot({ path: join(keep, `ui-table-${id}.png`) });
        }
        await page.screenshot({ path: join(keep, "ui-notebook.png"), fullPage: true });
      }
      await page.close();
    });
  },
);
