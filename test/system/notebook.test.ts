/**
 * notebooks/main_demo.ipynb, executed headless by Jupyter's own machinery
 * (nbconvert + nbclient, the tslab kernel), checked on its outputs, its
 * exported files, and in a real browser (Debian's Chromium through
 * playwright-core): the nbconvert HTML of the executed notebook and the
 * interactive report. Skips only when Jupyter or Chromium is missing, and
 * never under CI=true.
 *
 * Set NOTEBOOK_TEST_ARTIFACTS=DIR to keep the executed notebook, its HTML,
 * the exports and the screenshots in DIR (default: a temporary folder,
 * removed afterwards).
 */
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync } from "node:fs";
import { availableParallelism, tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { Resvg } from "@resvg/resvg-js";
import { decodePng, distinctColours } from "../helpers/png.js";
import { pngDpi } from "../../src/charts/render.js";
import { CHROMIUM_ARGS, IN_CI, findTools, run, type Tools } from "../helpers/tools.js";
import {
  cellText as text,
  type NbCell as Cell,
  type NbOutput as Output,
  type Notebook,
} from "../helpers/notebook-params.js";

const ROOT = resolve(import.meta.dirname, "..", "..");
const NOTEBOOK = join(ROOT, "notebooks", "main_demo.ipynb");
/** The charts this notebook shows and exports, in order (later sections may add more). */
const FIGURES = [
  "demand-pv-week",
  "bill-ranges",
  "battery-horizon",
  "battery-week",
  "battery-day-1",
  "daily-cost",
  "energy-sources",
  "trade-matrix",
  "what-if",
  "savings-per-house",
  "sweep-savings",
];

const found = findTools();
if (typeof found === "string" && IN_CI) throw new Error(`CI=true but the notebook tests cannot run: ${found}`);
const skip = typeof found === "string" ? found : false;

describe("notebooks/main_demo.ipynb in Jupyter and Chromium", { skip }, () => {
  const tools = found as Tools;
  const keep = process.env.NOTEBOOK_TEST_ARTIFACTS;
  const dir = keep ? resolve(keep) : mkdtempSync(join(tmpdir(), "cvpp-notebook-"));
  const exportDir = join(dir, "export");
  let nb: Notebook;
  let summary: { totals: { overall: number; byGroup: Record<string, number> } };
  const outputs = () => nb.cells.flatMap((c) => c.outputs ?? []);

  before(
    async () => {
      if (keep) rmSync(dir, { recursive: true, force: true });
      mkdirSync(dir, { recursive: true });
      // the kernel spec, installed the way `npm run notebook` does, into this run's folder
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
      };
      // the notebook and `npm run demo` (same parameters: the docs/model.md demo), side by side
      const [executed, cli] = await Promise.all([
        run(
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
            "--ExecutePreprocessor.timeout=600",
          ],
          { cwd: ROOT, env },
        ),
        run(process.execPath, [join(ROOT, "dist", "cli", "demo.js"), "--out", join(dir, "cli"), "--quiet"], {
          cwd: ROOT,
        }),
      ]);
      console.log(
        `# notebook executed in ${(executed.ms / 1000).toFixed(1)} s; CLI in ${(cli.ms / 1000).toFixed(1)} s; files in ${dir}`,
      );
      nb = JSON.parse(readFileSync(join(dir, "executed.ipynb"), "utf8"));
      summary = JSON.parse(readFileSync(join(dir, "cli", "summary.json"), "utf8"));
    },
    { timeout: 900_000 },
  );

  after(() => {
    if (!keep) rmSync(dir, { recursive: true, force: true });
  });

  it("runs on the tslab kernel, every code cell executed, no error output", () => {
    assert.equal(nb.metadata.kernelspec?.name, "tslab");
    const source: Notebook = JSON.parse(readFileSync(NOTEBOOK, "utf8"));
    assert.deepEqual(
      source.cells.flatMap((c) => c.outputs ?? []),
      [],
      "the committed notebook is saved without outputs",
    );
    const code = nb.cells.filter((c) => c.cell_type === "code");
    assert.ok(code.length >= 15, `only ${code.length} code cells`);
    for (const [i, c] of code.entries()) {
      // tslab leaves execution_count empty; nbclient records when each cell's reply came
      assert.ok(c.metadata?.execution?.["shell.execute_reply"], `code cell ${i} was not executed`);
      for (const o of c.outputs ?? []) {
        assert.notEqual(o.output_type, "error", `code cell ${i}: ${text(o.text)}`);
        assert.notEqual(o.name, "stderr", `code cell ${i} wrote to stderr: ${text(o.text)}`);
      }
    }
  });

  it("every step has a markdown cell, and a 'Savings and KPIs' section comes before the export", () => {
    const md = nb.cells.map((c) => (c.cell_type === "markdown" ? text(c.source) : ""));
    const kpi = md.findIndex((s) => /^## .*Savings and KPIs/m.test(s));
    const exp = md.findIndex((s) => /^## .*Export/m.test(s));
    assert.ok(kpi > 0 && exp > kpi, "heading order");
    for (const [i, c] of nb.cells.entries())
      if (c.cell_type === "code")
        assert.equal(nb.cells[i - 1]?.cell_type, "markdown", `code cell at ${i} has no markdown cell before it`);
    assert.ok(
      md.filter((s) => s.includes("docs/model.md")).length >= 8,
      "markdown cells name the docs/model.md sections they touch",
    );
    // the notebook points only at documents inside the repository
    const all = nb.cells.map((c) => text(c.source)).join("\n");
    assert.doesNotMatch(all, /MODEL\.md|README-analysis|\.\.[/]shared/);
    assert.match(all, /docs\/analysis\.md/);
  });

  it("shows the same overall and group totals as `npm run demo`'s summary.json", () => {
    const html = outputs()
      .map((o) => text(o.data?.["text/html"]))
      .join("\n");
    const value = (table: string, column: string, row = 0) => {
      const t = new RegExp(`<table[^>]*id="${table}"[\\s\\S]*?</table>`).exec(html);
      assert.ok(t, `table ${table} is in the outputs`);
      const cells = [...t[0].matchAll(new RegExp(`data-column="${column}" data-value="([^"]+)"`, "g"))];
      return Number(cells[row][1]);
    };
    const overall = value("costs-overall", "overall cost");
    assert.ok(
      Math.abs(overall - summary.totals.overall) <= 1e-6,
      `notebook ${overall} vs CLI ${summary.totals.overall}`,
    );
    assert.equal(value("costs-overall", "days"), 122);
    Object.values(summary.totals.byGroup).forEach((cost, g) =>
      assert.ok(Math.abs(value("costs-by-group", "cost", g) - cost) <= 1e-6),
    );
    // the footer of the group table carries the overall total too
    assert.ok(
      Math.abs(value("costs-by-group", "cost", Object.keys(summary.totals.byGroup).length) - summary.totals.overall) <=
        1e-6,
    );
  });

  it("shows every chart inline as SVG", () => {
    const svgs = outputs()
      .filter((o) => o.data?.["image/svg+xml"])
      .map((o) => text(o.data!["image/svg+xml"]));
    assert.ok(svgs.length >= FIGURES.length, `${svgs.length} SVG outputs`);
    for (const svg of svgs) {
      assert.match(svg, /^<svg[^>]* width="\d+(\.\d+)?" height="\d+(\.\d+)?"/);
      assert.ok((svg.match(/<path/g) ?? []).length > 5, "the SVG has marks");
    }
  });

  it("each progress display was updated in place (one output per bar, final state)", () => {
    const progress = outputs().filter((o) => text(o.data?.["text/html"]).includes("<progress"));
    assert.equal(progress.length, 3, "sweep (started with the profiles), solve, baselines");
    assert.match(
      text(progress[1].data!["text/html"]),
      /value="122" max="122"[\s\S]*122 days solved[\s\S]*audit passed/,
    );
    // 12 runs of 17 568 house-hours each: one worker thread per core, inside the kernel as anywhere (sweep-pool.ts)
    const cores = Math.min(availableParallelism(), 12);
    assert.match(
      text(progress[0].data!["text/html"]),
      new RegExp(
        `12 runs solved \\(${cores > 1 ? `${cores} worker threads` : "in this thread"}\\); every day audited: passed`,
      ),
      "the sweep's runs on worker threads inside the kernel",
    );
  });

  it("the who-pays-what table gives bill, stand-alone cost and saving per house, saving = alone − bill", () => {
    const html = outputs()
      .map((o) => text(o.data?.["text/html"]))
      .join("\n");
    const t = /<table[^>]*id="bills"[\s\S]*?<\/table>/.exec(html);
    assert.ok(t, "the bills table is shown");
    const col = (c: string) =>
      [...t[0].matchAll(new RegExp(`<td data-column="${c.replace(/[()]/g, "\\$&")}" data-value="([^"]+)"`, "g"))].map(
        (m) => Number(m[1]),
      );
    const bill = col("bill"),
      alone = col("stand-alone cost"),
      saving = col("saving");
    assert.equal(bill.length, 5 + 1, "five houses and the total");
    bill.forEach((b, i) =>
      assert.ok(Math.abs(alone[i] - b - saving[i]) <= 1e-6 * Math.max(1, Math.abs(alone[i])), `row ${i}`),
    );
  });

  it("exported every figure as SVG that parses and PNG that decodes, and the tables as CSV", () => {
    const files = readdirSync(exportDir);
    for (const name of FIGURES) {
      const svg = readFileSync(join(exportDir, `${name}.svg`), "utf8");
      const parsed = new Resvg(svg); // throws on XML or SVG errors
      assert.ok(parsed.width > 100 && parsed.height > 50, `${name}.svg is ${parsed.width}×${parsed.height}`);
      const png = decodePng(readFileSync(join(exportDir, `${name}.png`)));
      assert.ok(
        png.width >= 2 * parsed.width - 1 && png.height >= 2 * parsed.height - 1,
        `${name}.png is ${png.width}×${png.height}`,
      );
      assert.ok(distinctColours(png) > 10, `${name}.png has hardly any colours`);
    }
    const csvRows = (name: string) =>
      readFileSync(join(exportDir, `${name}.csv`), "utf8")
        .trim()
        .split("\n").length - 1;
    assert.equal(csvRows("costs-by-house"), 5);
    assert.equal(csvRows("costs-by-group"), 2);
    assert.equal(csvRows("costs-by-day"), 122);
    assert.equal(csvRows("flows"), 122 * 24 * 5);
    assert.equal(csvRows("battery"), 122 * 24 * 2);
    // headers with units, as the command line writes them; no empty header name (issue 20 item 7)
    const header = (name: string) =>
      readFileSync(join(exportDir, `${name}.csv`), "utf8")
        .split("\n")[0]
        .split(",");
    assert.deepEqual(header("costs-by-house"), [
      "house",
      "group",
      "kind",
      "cost_cu",
      "standalone_cost_cu",
      "saving_cu",
    ]);
    assert.ok(header("flows").includes("demand_kwh") && header("battery").includes("level_kwh"));
    assert.deepEqual(header("savings").slice(0, 3), ["id", "kind", "grid_only_cu"]);
    for (const f of readdirSync(exportDir).filter((x) => x.endsWith(".csv")))
      assert.ok(
        header(f.slice(0, -4)).every((h) => /^[a-z0-9_.]+$/.test(h)),
        `${f}: ${header(f.slice(0, -4)).join(",")}`,
      );
    assert.ok(files.includes("report.html"));
    // print resolution, recorded in each PNG and in the manifest
    const manifest = JSON.parse(readFileSync(join(exportDir, "exports.json"), "utf8"));
    assert.deepEqual(manifest.png, { dpi: 300 });
    for (const name of FIGURES)
      assert.equal(pngDpi(new Uint8Array(readFileSync(join(exportDir, `${name}.png`)))), 300, name);
    assert.deepEqual(
      files.filter((f) => f.includes(".tmp-")),
      [],
      "no temporary files left",
    );
  });

  describe("in Chromium", () => {
    type Browser = import("playwright-core").Browser;
    let browser: Browser;
    before(async () => {
      const { chromium } = await import("playwright-core");
      browser = await chromium.launch({ executablePath: tools.chromium, headless: true, args: CHROMIUM_ARGS });
    });
    after(async () => browser?.close());

    /** A page that may load file: URLs only (the checks run offline). */
    async function offlinePage() {
      const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
      const errors: string[] = [];
      page.on("console", (m) => {
        if (m.type() === "error" || /WARN/.test(m.text())) errors.push(m.text());
      }); // vega warnings too (an infinite extent)
      page.on("pageerror", (e) => errors.push(e.message));
      await page.route("**/*", (r) => (r.request().url().startsWith("file:") ? r.continue() : r.abort()));
      return { page, errors };
    }

    it("the executed notebook's HTML shows every chart with a real size", async () => {
      await run(
        tools.nbconvert,
        [
          "--to",
          "html",
          "--config",
          join(ROOT, "scripts", "nbconvert-keep-svg.py"),
          join(dir, "executed.ipynb"),
          "--output-dir",
          dir,
          "--output",
          "executed.html",
        ],
        { cwd: ROOT },
      );
      const { page } = await offlinePage();
      await page.goto(pathToFileURL(join(dir, "executed.html")).href, { waitUntil: "domcontentloaded" });
      const charts = await page.$$eval('[data-mime-type="image/svg+xml"] svg, .output_svg svg', (els) =>
        els.map((e) => {
          const r = e.getBoundingClientRect();
          return { w: r.width, h: r.height, marks: e.querySelectorAll("path, line, rect, text").length };
        }),
      );
      assert.ok(charts.length >= FIGURES.length, `${charts.length} charts`);
      for (const c of charts) assert.ok(c.w > 100 && c.h > 50 && c.marks > 20, JSON.stringify(c));
      const tables = await page.$$eval("table.cvpp-table", (els) => els.map((e) => e.getBoundingClientRect().height));
      assert.ok(tables.length >= 8 && tables.every((h) => h > 20));
      await page.screenshot({ path: join(dir, "notebook.png"), fullPage: true });
      const shot = decodePng(readFileSync(join(dir, "notebook.png")));
      assert.ok(shot.height > 3000 && distinctColours(shot) > 50);
      await page.close();
    });

    it("the interactive report draws every chart with vega-embed, offline, without console errors", async () => {
      const { page, errors } = await offlinePage();
      await page.goto(pathToFileURL(join(exportDir, "report.html")).href);
      await page.waitForSelector("body[data-rendered]", { timeout: 60_000 });
      assert.equal(await page.getAttribute("body", "data-failed"), "0");
      assert.ok(Number(await page.getAttribute("body", "data-rendered")) >= FIGURES.length);
      const charts = await page.$$eval(".chart", (els) =>
        els.map((e) => {
          const svg = e.querySelector("svg");
          const r = svg?.getBoundingClientRect();
          return {
            name: e.getAttribute("data-name"),
            w: r?.width ?? 0,
            h: r?.height ?? 0,
            marks: svg?.querySelectorAll("path").length ?? 0,
          };
        }),
      );
      assert.deepEqual(
        charts.map((c) => c.name).filter((n) => FIGURES.includes(n!)),
        FIGURES,
      );
      for (const c of charts) assert.ok(c.w > 100 && c.h > 50 && c.marks > 5, JSON.stringify(c));
      // a tooltip: hover the first bar of the energy-sources chart
      const bar = page.locator('.chart[data-name="energy-sources"] .mark-rect path').first();
      await bar.scrollIntoViewIfNeeded();
      await bar.hover();
      await page.waitForSelector("#vg-tooltip-element.visible", { timeout: 10_000 });
      assert.match((await page.textContent("#vg-tooltip-element")) ?? "", /house[\s\S]*source[\s\S]*kwh/i);
      await page.screenshot({ path: join(dir, "report.png"), fullPage: true });
      assert.deepEqual(errors, []);
      await page.close();
    });
  });
});
