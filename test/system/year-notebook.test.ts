/**
 * notebooks/year_study.ipynb, executed headless by Jupyter's own machinery
 * (nbconvert + nbclient, the tslab kernel) with CI's short year
 * (CVPP_YEAR_DAYS, default here 14 days), and checked on its outputs and
 * its exported files. Skips only when Jupyter is missing, and never under
 * CI=true.
 *
 * Set NOTEBOOK_TEST_ARTIFACTS=DIR to keep the executed notebook and the
 * exports in DIR/year (default: a temporary folder, removed afterwards).
 */
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { Resvg } from "@resvg/resvg-js";
import { IN_CI, findTools, run, type Tools } from "../helpers/tools.js";
import {
  cellText as text,
  type NbCell as Cell,
  type NbOutput as Output,
  type Notebook,
} from "../helpers/notebook-params.js";

const ROOT = resolve(import.meta.dirname, "..", "..");
const NOTEBOOK = join(ROOT, "notebooks", "year_study.ipynb");
const DAYS = Number(process.env.CVPP_YEAR_DAYS ?? 14);
const FIGURES = [
  "monthly-cost",
  "monthly-saving",
  "grid-import-heatmap",
  "battery-by-month",
  "savings-per-house",
  "tariff-comparison",
];

const found = findTools();
if (typeof found === "string" && IN_CI) throw new Error(`CI=true but the notebook tests cannot run: ${found}`);
const skip = typeof found === "string" ? found : false;

/** A CSV file's rows as objects (the exports have no quoted commas in these tables). */
function readCsv(path: string): Record<string, string>[] {
  const [head, ...lines] = readFileSync(path, "utf8").trim().split("\n");
  const cols = head.split(",");
  return lines.map((l) => Object.fromEntries(l.split(",").map((v, i) => [cols[i], v])));
}

describe("notebooks/year_study.ipynb in Jupyter", { skip }, () => {
  const tools = found as Tools;
  const keep = process.env.NOTEBOOK_TEST_ARTIFACTS;
  const dir = keep ? resolve(keep, "year") : mkdtempSync(join(tmpdir(), "cvpp-year-notebook-"));
  const exportDir = join(dir, "export");
  let nb: Notebook;
  const outputs = () => nb.cells.flatMap((c) => c.outputs ?? []);

  before(
    async () => {
      if (keep) rmSync(dir, { recursive: true, force: true });
      mkdirSync(dir, { recursive: true });
      const tslab = join(ROOT, "node_modules", ".bin", "tslab");
      await run(tslab, [
        "install",
        `--python=${tools.python}`,
        `--binary=${tslab}`,
        `--prefix=${join(dir, "jupyter")}`,
      ]);
      const env = {
        ...process.env,
        JUPYTER_PATH: join(dir, "jupyter", "share", "jupyter"),
        CVPP_NOTEBOOK_OUT: exportDir,
        CVPP_YEAR_DAYS: String(DAYS),
      };
      const executed = await run(
        tools.nbconvert,
        [
          "--to",
          "notebook",
          "--execute",
          NOTEBOOK,
          "--output-dir",
          dir,
          "--output",
          "executed.ipynb",
          "--ExecutePreprocessor.kernel_name=tslab",
          "--ExecutePreprocessor.timeout=1200",
        ],
        { cwd: ROOT, env, timeoutMs: 1_500_000 },
      );
      console.log(`# year notebook (${DAYS} days) executed in ${(executed.ms / 1000).toFixed(1)} s; files in ${dir}`);
      nb = JSON.parse(readFileSync(join(dir, "executed.ipynb"), "utf8"));
    },
    { timeout: 1_600_000 },
  );

  after(() => {
    if (!keep) rmSync(dir, { recursive: true, force: true });
  });

  it("runs on the tslab kernel, every code cell executed, no error output, saved without outputs", () => {
    assert.equal(nb.metadata.kernelspec?.name, "tslab");
    const source: Notebook = JSON.parse(readFileSync(NOTEBOOK, "utf8"));
    assert.deepEqual(
      source.cells.flatMap((c) => c.outputs ?? []),
      [],
      "the committed notebook is saved without outputs",
    );
    const code = nb.cells.filter((c) => c.cell_type === "code");
    assert.ok(code.length >= 10, `only ${code.length} code cells`);
    for (const [i, c] of code.entries()) {
      assert.ok(c.metadata?.execution?.["shell.execute_reply"], `code cell ${i} was not executed`);
      for (const o of c.outputs ?? []) {
        assert.notEqual(o.output_type, "error", `code cell ${i}: ${text(o.text)}`);
        assert.notEqual(o.name, "stderr", `code cell ${i} wrote to stderr: ${text(o.text)}`);
      }
    }
    for (const [i, c] of nb.cells.entries())
      if (c.cell_type === "code")
        assert.equal(nb.cells[i - 1]?.cell_type, "markdown", `code cell at ${i} has no markdown cell before it`);
  });

  it("solved both tariffs with progress, every day audited", () => {
    const progress = outputs().filter((o) => text(o.data?.["text/html"]).includes("<progress"));
    // one progress display per tariff, then the Shapley values' coalition runs
    assert.equal(progress.length, 3, "one progress display per tariff and one for the coalition runs");
    assert.match(text(progress[2].data!["text/html"]), /30 coalition runs of \d+ days in/);
    for (const [i, label] of ["time of use", "flat"].entries())
      assert.match(
        text(progress[i].data!["text/html"]),
        new RegExp(
          `value="${DAYS}" max="${DAYS}"[\\s\\S]*${label}: ${DAYS} days solved[\\s\\S]*audit passed on every day`,
        ),
      );
  });

  it("shows every chart as SVG and exports it as SVG and PNG", () => {
    const svgs = outputs().filter((o) => o.data?.["image/svg+xml"]);
    assert.equal(svgs.length, FIGURES.length);
    const files = readdirSync(exportDir);
    for (const name of FIGURES) {
      assert.ok(files.includes(`${name}.png`), `${name}.png`);
      const svg = new Resvg(readFileSync(join(exportDir, `${name}.svg`), "utf8"));
      assert.ok(svg.width > 100 && svg.height > 50, `${name}.svg is ${svg.width}×${svg.height}`);
    }
    assert.deepEqual(
      files.filter((f) => f.includes(".tmp-")),
      [],
      "no temporary files left",
    );
  });

  it("its tables agree with each other: headline = Σ months = Σ houses, saving = grid-only − cost", () => {
    const tariffs = readCsv(join(exportDir, "tariffs.csv"));
    assert.deepEqual(
      tariffs.map((r) => r.tariff),
      ["time of use", "flat"],
    );
    const tou = tariffs[0];
    const num = (r: Record<string, string>, k: string) => {
      assert.ok(k in r, `column ${k} in ${Object.keys(r).join(", ")}`);
      return Number(r[k]);
    };
    const cost = num(tou, "community_cost_ct"),
      gridOnly = num(tou, "grid_only_cost_ct");
    assert.equal(num(tou, "days"), DAYS);
    assert.ok(Math.abs(num(tou, "saving_ct") - (gridOnly - cost)) < 1e-6 * Math.abs(gridOnly));
    const months = readCsv(join(exportDir, "group-months.csv"));
    const monthSum = months.reduce((s, r) => s + num(r, "cost_ct"), 0);
    assert.ok(Math.abs(monthSum - cost) < 1e-6 * Math.abs(cost), `months ${monthSum} vs headline ${cost}`);
    assert.equal(new Set(months.map((r) => r.group)).size, 5);
    const houses = readCsv(join(exportDir, "houses.csv"));
    assert.equal(houses.length, 50);
    const billSum = houses.reduce((s, r) => s + num(r, "bill_ct"), 0);
    assert.ok(Math.abs(billSum - cost) < 1e-6 * Math.abs(cost), `houses ${billSum} vs headline ${cost}`);
    const gridOnlySum = houses.reduce((s, r) => s + num(r, "grid_only_ct"), 0);
    assert.ok(Math.abs(gridOnlySum - gridOnly) < 1e-6 * Math.abs(gridOnly));
    // the community never pays more than its houses alone (grid-only is one of its feasible plans)
    for (const r of tariffs) assert.ok(num(r, "community_cost_ct") <= num(r, "grid_only_cost_ct") + 1e-6);
    assert.equal(readCsv(join(exportDir, "grid-import.csv")).length, DAYS * 24);
  });

  it("shows the 5 groups' Shapley values, with their cost in runs and seconds; they add up to the community's saving", () => {
    // issue 17: v(C) over the first SHAPLEY_DAYS = min(DAYS, 14) days; efficiency: Σ φ_g = v(N) = Σ r_h − F
    const rows = readCsv(join(exportDir, "shapley-groups.csv"));
    assert.deepEqual(
      rows.map((r) => r.group),
      ["g1", "g2", "g3", "g4", "g5"],
    );
    const phi = rows.reduce((s, r) => s + Number(r.shapley_value_ct), 0);
    const flows = rows.reduce((s, r) => s + Number(r.saving_under_the_flow_bills_ct), 0);
    assert.ok(
      Math.abs(phi - flows) <= 1e-6 * Math.max(1, Math.abs(flows)),
      `Σ φ ${phi} vs the community's saving ${flows}`,
    );
    for (const r of rows)
      assert.ok(Number(r.shapley_value_ct) >= Number(r.saving_alone_v_g_ct) - 1e-6, `group rationality of ${r.group}`);
    const all = outputs()
      .map((o) => text(o.data?.["text/plain"]) + text(o.text))
      .join("\n");
    assert.match(all, /Computing them took 30 coalition runs of \d+ days, \d+\.\d s/);
  });

  it("exports as the demo does: PNGs at 300 dpi, report.html, exports.json, headers with units, a short list", () => {
    const manifest = JSON.parse(readFileSync(join(exportDir, "exports.json"), "utf8")) as {
      files: { file: string; kind: string; dpi?: number }[];
    };
    const pngs = manifest.files.filter((f) => f.kind === "png");
    assert.equal(pngs.length, FIGURES.length);
    for (const f of pngs) assert.equal(f.dpi, 300, f.file);
    assert.ok(manifest.files.some((f) => f.file === "report.html"));
    for (const f of manifest.files.filter((x) => x.kind === "csv")) {
      const head = readFileSync(join(exportDir, f.file), "utf8").split("\n")[0].split(",");
      assert.ok(
        head.every((h) => /^[a-z0-9_.]+$/.test(h)),
        `${f.file}: ${head.join(",")}`,
      );
    }
    const list =
      outputs()
        .map((o) => text(o.data?.["text/html"]))
        .filter((h) => h.includes("files written to"))
        .at(-1) ?? "";
    assert.ok(list.length > 0 && list.length < 2000, `a short list of the exports (${list.length} characters)`);
  });
});
