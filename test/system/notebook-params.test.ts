/**
 * Issue 20 item 1: every value of the notebooks' parameter cells works. Each
 * notebook is executed (nbconvert, the tslab kernel) with other values
 * substituted into its parameter cell: 1 day at 96 steps a day, 7 days, 30
 * days, and one group without a battery; what is derived from them (the
 * first days shown, the battery week, the days of the bill ranges, the
 * sweep's range) must follow. Skips only when Jupyter is missing, and never
 * under CI=true.
 */
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { IN_CI, findTools, type Tools } from "../helpers/tools.js";
import { cellText, executeWith, installKernel, problems, type Notebook } from "../helpers/notebook-params.js";

const ROOT = resolve(import.meta.dirname, "..", "..");
const found = findTools();
if (typeof found === "string" && IN_CI) throw new Error(`CI=true but the notebook tests cannot run: ${found}`);
const skip = typeof found === "string" ? found : false;

interface Manifest {
  png: { dpi: number | null };
  files: { file: string; kind: string; name: string; caption?: string }[];
}

/** Every CSV the run exported has a header of non-empty, unique names. */
function headersOk(dir: string, manifest: Manifest): void {
  for (const f of manifest.files.filter((x) => x.kind === "csv")) {
    const head = readFileSync(join(dir, f.file), "utf8").split("\n")[0].split(",");
    assert.ok(
      head.every((h) => h.trim() !== ""),
      `${f.file}: an empty header name in ${head.join(",")}`,
    );
    assert.equal(new Set(head).size, head.length, `${f.file}: a header name twice`);
  }
}

/** The export cell (the last code cell) shows a short list, not the raw objects of every file written. */
function exportListShort(nb: Notebook): void {
  const last = nb.cells.filter((c) => c.cell_type === "code").at(-1)!;
  const shown = (last.outputs ?? [])
    .map((o) => cellText(o.text) + cellText(o.data?.["text/plain"]) + cellText(o.data?.["text/html"]))
    .join("");
  assert.match(shown, /files written to/);
  assert.ok(shown.length < 2500 && !/bytes: \d+/.test(shown), `the export cell shows ${shown.length} characters`);
}

describe("the notebooks with other parameters", { skip }, () => {
  const tools = found as Tools;
  const dir = mkdtempSync(join(tmpdir(), "cvpp-nb-params-"));
  let jupyterPath = "";
  before(
    async () => {
      jupyterPath = await installKernel(tools, dir);
    },
    { timeout: 120_000 },
  );
  after(() => rmSync(dir, { recursive: true, force: true }));

  /** Runs main_demo.ipynb with `values`; its exported folder's manifest and the executed notebook. */
  async function demo(
    name: string,
    values: Record<string, string>,
  ): Promise<{ nb: Notebook; out: string; manifest: Manifest; seconds: number }> {
    const d = join(dir, name),
      out = join(d, "export");
    const { nb, run } = await executeWith(tools, {
      notebook: join(ROOT, "notebooks", "main_demo.ipynb"),
      values,
      dir: d,
      jupyterPath,
      env: { CVPP_NOTEBOOK_OUT: out },
      cellTimeoutS: 300,
      timeoutMs: 600_000,
    });
    assert.deepEqual(problems(nb), [], `${name}: every cell runs, no error`);
    const manifest = JSON.parse(readFileSync(join(out, "exports.json"), "utf8")) as Manifest;
    headersOk(out, manifest);
    assert.equal(manifest.png.dpi, 300);
    exportListShort(nb);
    return { nb, out, manifest, seconds: run.ms / 1000 };
  }
  const caption = (m: Manifest, name: string) =>
    m.files.find((f) => f.name === name && f.kind === "svg")?.caption ?? "";
  const outputsText = (nb: Notebook) =>
    nb.cells
      .flatMap((c) => c.outputs ?? [])
      .map((o) => cellText(o.text) + cellText(o.data?.["text/plain"]) + cellText(o.data?.["text/html"]))
      .join("\n");

  it(
    "1 day at 96 steps a day: the first day shown, bill ranges of day 1, the battery week is day 1",
    { timeout: 660_000 },
    async () => {
      const r = await demo("d1-96", { DAYS: "1", HOURS: "96" });
      assert.match(caption(r.manifest, "demand-pv-week"), /over the first day,/);
      assert.match(caption(r.manifest, "bill-ranges"), /summed over day 1,/);
      assert.match(caption(r.manifest, "battery-week"), /days 1–1,/);
      assert.match(outputsText(r.nb), />1 × 96</, "the parameter table shows 1 day × 96 steps");
      console.log(`# 1 day × 96 steps: ${r.seconds.toFixed(1)} s`);
    },
  );

  it("7 days: the week shown is days 1–7, bill ranges over days 1–7", { timeout: 660_000 }, async () => {
    const r = await demo("d7", { DAYS: "7" });
    assert.match(caption(r.manifest, "demand-pv-week"), /over the first 7 days/);
    assert.match(caption(r.manifest, "bill-ranges"), /days 1–7/);
    assert.match(caption(r.manifest, "battery-week"), /days 1–7,/);
    console.log(`# 7 days: ${r.seconds.toFixed(1)} s`);
  });

  it(
    "30 days: the battery week is the last seven days (24–30); the sweep runs 0 to 10 kWh",
    { timeout: 660_000 },
    async () => {
      const r = await demo("d30", { DAYS: "30" });
      assert.match(caption(r.manifest, "battery-week"), /days 24–30,/);
      assert.match(caption(r.manifest, "sweep-savings"), /battery\.capacity/);
      const sweep = readFileSync(join(r.out, "sweep.csv"), "utf8").trim().split("\n");
      assert.equal(sweep.length - 1, 11, "11 capacities 0, 1, …, 10");
      const col = sweep[0].split(",").indexOf("battery.capacity");
      assert.deepEqual(
        sweep.slice(1).map((l) => Number(l.split(",")[col])),
        [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10],
      );
      console.log(`# 30 days: ${r.seconds.toFixed(1)} s`);
    },
  );

  it(
    "one group without a battery, 3 days: no battery chart, a note says so, the sweep still runs",
    { timeout: 660_000 },
    async () => {
      const r = await demo("one-group", { DAYS: "3", PROSUMERS: "[2]", CONSUMERS: "[1]", BATTERY_KWH: "[0]" });
      assert.match(outputsText(r.nb), /No group has a battery: the battery charts are left out/);
      for (const n of ["battery-horizon", "battery-week", "battery-day-1"])
        assert.ok(!r.manifest.files.some((f) => f.name === n), `${n} is not exported`);
      assert.ok(!existsSync(join(r.out, "battery.csv")));
      assert.ok(existsSync(join(r.out, "sweep-savings.png")) && existsSync(join(r.out, "report.html")));
      const network = readFileSync(join(r.out, "network.csv"), "utf8").trim().split("\n");
      assert.equal(network.length - 1, 3, "3 houses");
      console.log(`# one group, no battery, 3 days: ${r.seconds.toFixed(1)} s`);
    },
  );
});

describe("notebooks/year_study.ipynb with other parameters", { skip }, () => {
  const tools = found as Tools;
  const dir = mkdtempSync(join(tmpdir(), "cvpp-year-params-"));
  let jupyterPath = "";
  before(
    async () => {
      jupyterPath = await installKernel(tools, dir);
    },
    { timeout: 120_000 },
  );
  after(() => rmSync(dir, { recursive: true, force: true }));

  for (const [name, values, groups] of [
    ["1 day", { DAYS: "1" }, 5],
    ["one group without a battery, 30 days", { DAYS: "30", GROUPS: "1", BATTERY_KWH: "0" }, 1],
  ] as const) {
    it(`${name}: every cell runs; the Shapley table has ${groups} group(s)`, { timeout: 960_000 }, async () => {
      const d = join(dir, name.replace(/\W+/g, "-")),
        out = join(d, "export");
      const { nb, run } = await executeWith(tools, {
        notebook: join(ROOT, "notebooks", "year_study.ipynb"),
        values,
        dir: d,
        jupyterPath,
        env: { CVPP_NOTEBOOK_OUT: out },
        cellTimeoutS: 600,
        timeoutMs: 900_000,
      });
      assert.deepEqual(problems(nb), [], `${name}: every cell runs, no error`);
      const manifest = JSON.parse(readFileSync(join(out, "exports.json"), "utf8")) as Manifest;
      headersOk(out, manifest);
      exportListShort(nb);
      const shapley = readFileSync(join(out, "shapley-groups.csv"), "utf8").trim().split("\n");
      assert.equal(shapley.length - 1, groups);
      assert.equal(
        manifest.files.some((f) => f.name === "battery-by-month"),
        values.BATTERY_KWH !== "0",
      );
      console.log(`# year notebook, ${name}: ${(run.ms / 1000).toFixed(1)} s`);
    });
  }
});
