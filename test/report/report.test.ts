/**
 * Export helpers (src/report) and the readable LP (src/model/describe.ts).
 */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { Resvg } from "@resvg/resvg-js";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  buildDayModel,
  buildNetwork,
  dayProfiles,
  demoScenario,
  describeConstraints,
  exportAll,
  FULL_FEATURES,
  generateProfiles,
  htmlTable,
  modelCounts,
  reportHtml,
  comparisonChart,
  Session,
  billRows,
  svgToPng,
  whatIfRows,
} from "../../src/index.js";
import { pngDpi, withDpi } from "../../src/charts/render.js";
// internals (not in the public index)
import { columnName, rowText } from "../../src/lp/describe.js";
import { writeFileAtomic } from "../../src/io/folder.js";
import { serializeKernelSends } from "../../src/report/kernel.js";
import { decodePng } from "../helpers/png.js";
import { tempDir } from "../helpers/tmp.js";

describe("htmlTable", () => {
  it("escapes text, rounds numbers for show and keeps the exact value, adds caption and footer", () => {
    const html = htmlTable([{ name: "<b>&", cost: 1234.5678 }], {
      caption: "C<",
      id: "t1",
      footer: { name: "all", cost: 1 },
    });
    assert.match(html, /<table class="cvpp-table" id="t1">/);
    assert.match(html, /<caption[^>]*>C&lt;<\/caption>/);
    assert.match(html, />&lt;b&gt;&amp;</);
    assert.match(html, /data-column="cost" data-value="1234.5678" style="text-align:right">1,234.57</);
    assert.match(html, /<tfoot>.*data-value="1".*<\/tfoot>/);
  });
  it("a negative value that rounds to zero shows as 0, not -0 (the savings table's −0.49 at 0 decimals)", () => {
    const html = htmlTable([{ a: -0.49, b: -0.004, c: -0.6 }], { decimals: 0 });
    assert.match(html, /data-value="-0.49" style="text-align:right">0</);
    assert.match(html, /data-value="-0.004" style="text-align:right">0</);
    assert.match(html, /data-value="-0.6" style="text-align:right">-1</);
  });
});

describe("reportHtml", () => {
  it("inlines vega, vega-lite and vega-embed (no script from the network) and embeds each spec", () => {
    const spec = comparisonChart([{ category: "g1", run: "a", value: 1 }], { title: "</script><b>" });
    const html = reportHtml({ title: "R", sections: [{ heading: "S", figures: { one: spec } }] });
    // (assert.ok, not match: a failure must not print the 1 MB page)
    assert.ok(!/<script[^>]+src=|<link[^>]+href=/.test(html), "nothing is loaded from elsewhere");
    assert.ok(html.length > 800_000, "the bundles are inlined");
    assert.equal((html.match(/<\/script>/gi) ?? []).length, 4, "a spec cannot close the script element");
    assert.ok(html.includes('id="fig-0" data-name="one"'));
    assert.ok(html.includes('vegaEmbed("#" + id'));
  });
});

describe("files", () => {
  it("writeFileAtomic replaces a file and leaves no temporary file; exportAll writes SVG, PNG, CSV, HTML", async (t) => {
    const dir = tempDir("cvpp-export-", t);
    writeFileAtomic(join(dir, "a", "x.txt"), "one");
    writeFileAtomic(join(dir, "a", "x.txt"), "two");
    assert.equal(readFileSync(join(dir, "a", "x.txt"), "utf8"), "two");
    const out = join(dir, "export");
    const files = await exportAll(out, {
      figures: {
        cmp: comparisonChart([
          { category: "g1", run: "a", value: 1 },
          { category: "g1", run: "b", value: 2 },
        ]),
      },
      tables: { t: [{ a: 1, b: "x" }] },
      pages: { p: "<html></html>" },
      png: { scale: 1 },
    });
    assert.deepEqual(
      files.map((f) => f.kind),
      ["svg", "png", "csv", "html"],
    );
    assert.deepEqual(readdirSync(out).sort(), [".p2p-cvpp-results", "cmp.png", "cmp.svg", "p.html", "t.csv"]);
    assert.equal(readFileSync(join(out, "t.csv"), "utf8"), "a,b\n1,x\n");
    assert.ok(decodePng(readFileSync(join(out, "cmp.png"))).width > 100);
    await assert.rejects(exportAll(out, { tables: { "../evil": [] } }), RangeError);
  });
});

describe("describe: one day's LP in words", () => {
  const scenario = demoScenario();
  const network = buildNetwork(scenario);
  const profiles = generateProfiles({ ...scenario, days: 1 }, network);
  const model = buildDayModel(scenario, network, dayProfiles(profiles, 0), FULL_FEATURES, [1.05, 1.05]);

  it("names every column once", () => {
    const names = Array.from({ length: model.lp.nCols }, (_, c) => columnName(model, network, c));
    assert.equal(new Set(names).size, names.length);
    assert.ok(names.includes("B[g2,23]") && names.includes("gb[g1h3,0]"));
    assert.ok(names.some((n) => /^x\[g1h1→g2h2,\d+\]$/.test(n)));
  });

  it("writes rule 1, 3 and 4–5 rows as equations", () => {
    const [b0] = describeConstraints(model, network, { family: "battery", subject: "g1", hour: 0 });
    assert.equal(b0.rule, "rule 1: battery balance");
    assert.match(b0.text, /^B\[g1,0\] − 0\.98·ch\[g1h1,0\] .* \+ 1\.0417·dis\[g1h3,0\] = 1\.05$/);
    const [b5] = describeConstraints(model, network, { family: "battery", subject: "g2", hour: 5 });
    assert.match(b5.text, /^B\[g2,5\] − B\[g2,4\] /);
    assert.match(
      describeConstraints(model, network, { family: "chargeCap", subject: "g1", hour: 12 })[0].text,
      /^ch\[g1h1,12\] \+ ch\[g1h2,12\] ≤ 1\.05$/,
    );
    const [bal] = describeConstraints(model, network, { family: "balance", subject: "g1h3", hour: 3 });
    // the right side is g1h3's demand at hour 3 (house index 2), written to 4 decimals
    const rhs = /^gb\[g1h3,3\] \+ dis\[g1h3,3\] .*= (\d+\.\d+)$/.exec(bal.text);
    assert.ok(rhs, bal.text);
    assert.ok(Math.abs(Number(rhs[1]) - profiles.demand[2 * 24 + 3]) <= 5e-5, bal.text);
    assert.equal(describeConstraints(model, network, { limit: 3 }).length, 3);
    assert.equal(rowText(model, network, bal.row), bal.text);
    const counts = modelCounts(model);
    assert.equal(
      Object.values(counts.rows).reduce((a, b) => a + b, 0),
      model.lp.nRows,
    );
    assert.equal(
      Object.values(counts.columns).reduce((a, b) => a + b, 0),
      model.lp.nCols,
    );
  });
});

describe("Session: show, remember, export in one call", () => {
  it("shows charts and tables, then writes SVG, 300-dpi PNG, CSV, report.html with captions and tables, exports.json", async () => {
    const shown: string[] = [];
    const display = {
      html: (h: string) => shown.push(h),
      text: (t: string) => shown.push(t),
      svg: (s: string) => shown.push(s),
    };
    const session = new Session({ display, newDisplay: () => display });
    session.section("Costs");
    session.table("costs", [{ group: "g1", cost: 12.5 }], { caption: "Cost per group, currency units over 2 days" });
    const spec = comparisonChart(
      [
        { category: "g1", run: "a", value: 1 },
        { category: "overall", run: "a", value: 1 },
      ],
      { title: "Comparison" },
    );
    await session.show("cmp", spec, "Costs compared, currency units.");
    session.section("More");
    session.table("more", [{ x: 1 }]);
    session.progress().update(3, 4, "three of four");
    assert.ok(
      shown.some((h) => h.startsWith("<svg")),
      "the chart was shown as SVG",
    );
    assert.ok(shown.some((h) => h.includes('<progress value="3" max="4"')));
    const dir = mkdtempSync(join(tmpdir(), "cvpp-session-"));
    try {
      const files = await session.export(dir, {
        title: "T",
        png: { dpi: 300 },
        tables: { extra: [{ a: 1 }] },
        list: false,
      });
      assert.deepEqual(
        files.map((f) => `${f.kind}:${f.name}`),
        ["svg:cmp", "png:cmp", "csv:costs", "csv:more", "csv:extra", "html:report", "json:exports"],
      );
      // the SVG written is the one shown (rendered once, at show)
      assert.equal(
        readFileSync(join(dir, "cmp.svg"), "utf8"),
        shown.find((h) => h.startsWith("<svg")),
      );
      // 300 dpi: 300/96 pixels per SVG pixel, and the PNG says so (pHYs: 11 811 pixels per metre → 300 dpi)
      const svg = new Resvg(readFileSync(join(dir, "cmp.svg"), "utf8"));
      const pngBytes = readFileSync(join(dir, "cmp.png"));
      const png = decodePng(pngBytes);
      assert.ok(Math.abs(png.width - (svg.width * 300) / 96) <= 1, `${png.width} vs ${svg.width}·3.125`);
      assert.equal(pngDpi(new Uint8Array(pngBytes)), 300);
      const manifest = JSON.parse(readFileSync(join(dir, "exports.json"), "utf8"));
      assert.deepEqual(manifest.png, { dpi: 300 });
      assert.deepEqual(
        manifest.files.find((f: { file: string }) => f.file === "cmp.png"),
        {
          file: "cmp.png",
          kind: "png",
          name: "cmp",
          bytes: pngBytes.length,
          dpi: 300,
          caption: "Costs compared, currency units.",
        },
      );
      const html = readFileSync(join(dir, "report.html"), "utf8");
      assert.ok(html.includes("<b>Figure 1.</b> Costs compared, currency units."), "the caption, not the file name");
      assert.ok(html.includes('id="costs"') && html.includes('id="more"'), "the tables are in the report");
      assert.equal((html.match(/<h2>Costs<\/h2>/g) ?? []).length, 1);
      assert.ok(
        html.indexOf('id="costs"') < html.indexOf('data-name="cmp"') &&
          html.indexOf('data-name="cmp"') < html.indexOf("<h2>More</h2>"),
        "in the order shown",
      );
      assert.equal(readFileSync(join(dir, "extra.csv"), "utf8"), "a\n1\n");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("pngAt: PNGs drawn ahead as charts are shown are the export's; an export at other options draws its own", async () => {
    const session = new Session({ display: { html: () => undefined, text: () => undefined } });
    const spec = comparisonChart([{ category: "g1", run: "a", value: 1 }], { title: "C" });
    await session.show("early", spec); // shown before pngAt: drawn when pngAt is called
    session.pngAt({ scale: 1 });
    await session.show("late", spec);
    const dirs = [1, 2].map(() => mkdtempSync(join(tmpdir(), "cvpp-pngat-")));
    try {
      await session.export(dirs[0], { title: "T", png: { scale: 1 }, list: false });
      await session.export(dirs[1], { title: "T", png: { scale: 2 }, list: false });
      for (const name of ["early", "late"]) {
        const svg = readFileSync(join(dirs[0], `${name}.svg`), "utf8");
        const width = new Resvg(svg).width;
        const ahead = readFileSync(join(dirs[0], `${name}.png`));
        // the same bytes as drawing the shown SVG at export time, at scale 1: the SVG's width in pixels
        assert.deepEqual(new Uint8Array(ahead), await svgToPng(svg, { scale: 1 }));
        assert.equal(decodePng(ahead).width, width);
        // scale 2 was not drawn ahead: the export drew it, twice as wide
        assert.equal(decodePng(readFileSync(join(dirs[1], `${name}.png`))).width, 2 * width);
      }
    } finally {
      for (const d of dirs) rmSync(d, { recursive: true, force: true });
    }
  });

  it("withDpi replaces an existing pHYs chunk and keeps the picture", async () => {
    const svg =
      '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><rect width="10" height="10" fill="red"/></svg>';
    const png = await svgToPng(svg, { scale: 1 });
    const at150 = withDpi(withDpi(png, 300), 150);
    assert.equal(pngDpi(at150), 150);
    assert.equal(pngDpi(png), null);
    assert.deepEqual(decodePng(Buffer.from(at150)).width, 10);
  });

  it("svgToPng draws off this thread the same bytes as resvg in this thread; several at once keep their order", async () => {
    // a 10 × 10 red square and a 20 × 10 blue one, at scale 2: 20 × 20 and 40 × 20 pixels
    const red =
      '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><rect width="10" height="10" fill="red"/></svg>';
    const blue =
      '<svg xmlns="http://www.w3.org/2000/svg" width="20" height="10"><rect width="20" height="10" fill="blue"/></svg>';
    const pngs = await Promise.all([red, blue, red].map((s) => svgToPng(s, { scale: 2 })));
    assert.deepEqual(
      pngs.map((p) => decodePng(Buffer.from(p)).width),
      [20, 40, 20],
    );
    const here = new Resvg(blue, {
      fitTo: { mode: "zoom", value: 2 },
      background: "white",
      font: { loadSystemFonts: true, defaultFontFamily: "DejaVu Sans" },
    });
    assert.deepEqual(Buffer.from(pngs[1]), Buffer.from(here.render().asPng()));
  });
});

describe("tables for reading", () => {
  it("whatIfRows: a group only one run has gets empty cells, not a percentage of nothing", () => {
    const rows = whatIfRows(
      { overall: 30, byGroup: { g1: 10, g2: 20 }, byHouse: {} },
      { overall: 45, byGroup: { g1: 5, g2: 20, g3: 20 }, byHouse: {} },
      { base: "as given", variant: "a third group" },
    );
    // g1: 10 → 5, change −5 = −50 %; g3 has no base: change and % empty; overall 30 → 45: +50 %
    assert.deepEqual(rows, [
      { total: "g1", "as given": 10, "a third group": 5, change: -5, "change (%)": -50 },
      { total: "g2", "as given": 20, "a third group": 20, change: 0, "change (%)": 0 },
      { total: "g3", "as given": null, "a third group": 20, change: null, "change (%)": null },
      { total: "overall", "as given": 30, "a third group": 45, change: 15, "change (%)": 50 },
    ]);
  });

  it("billRows: bill, stand-alone cost, saving and saving in % of the stand-alone cost", () => {
    // alone 40, bill 30 → saving 10 = 25 %
    assert.deepEqual(
      billRows([{ house: "g1h1", group: "g1", kind: "consumer", cost: 30, standaloneCost: 40, saving: 10 }]),
      [
        {
          house: "g1h1",
          group: "g1",
          kind: "consumer",
          bill: 30,
          "stand-alone cost": 40,
          saving: 10,
          "saving (%)": 25,
        },
      ],
    );
  });

  it("htmlTable right-aligns the header of a column of numbers", () => {
    assert.match(
      htmlTable([{ name: "a", cost: 1 }]),
      /<th style="text-align:left">name<\/th><th style="text-align:right">cost<\/th>/,
    );
  });
});

describe("notebook output plumbing", () => {
  it("a progress bar shows the first update, then at most one per interval, and always the last", () => {
    const shown: string[] = [];
    const display = { html: (h: string) => shown.push(h), text: () => undefined };
    const bar = new Session({ display, newDisplay: () => display }).progress({ intervalMs: 60_000 });
    for (let day = 1; day <= 122; day++) bar.update(day, 122, `day ${day}`);
    // day 1 (first), days 2..121 within the interval (skipped), day 122 (the last)
    assert.deepEqual(
      shown.map((h) => /value="(\d+)"/.exec(h)![1]),
      ["1", "122"],
    );
  });

  it("serializeKernelSends: nothing outside a kernel; inside, zeromq sends on one socket wait for each other (no EBUSY)", async () => {
    assert.equal(serializeKernelSends(["node", "dist/cli.js"]), false);
    const tslabBin = join(import.meta.dirname, "..", "..", "node_modules", ".bin", "tslab");
    assert.equal(serializeKernelSends(["node", tslabBin, "kernel", "--config-path", "x.json"]), true);
    assert.equal(serializeKernelSends(["node", tslabBin, "kernel"]), true, "installed once");
    // 50 sends fired at once, as tslab fires outputs, at a reader that takes its time: without the chain zeromq 6
    // throws EBUSY ("Socket is busy writing") on the send after the one that filled the queue (1 message here)
    const { createRequire } = await import("node:module");
    type Sock = {
      send(m: string): Promise<void>;
      receive(): Promise<unknown>;
      bind(a: string): Promise<void>;
      connect(a: string): void;
      close(): void;
      lastEndpoint: string;
    };
    const zmq = createRequire(join(import.meta.dirname, "..", "..", "node_modules", "tslab", "dist", "main.js"))(
      "zeromq",
    ) as {
      Push: new (o: object) => Sock;
      Pull: new (o: object) => Sock;
    };
    const push = new zmq.Push({ sendHighWaterMark: 1 }),
      pull = new zmq.Pull({ receiveHighWaterMark: 1 });
    await push.bind("tcp://127.0.0.1:*");
    pull.connect(push.lastEndpoint);
    try {
      let got = 0;
      const reader = (async () => {
        for (let i = 0; i < 50; i++) {
          await pull.receive();
          got++;
          await new Promise((r) => setTimeout(r, 2));
        }
      })();
      await Promise.all(Array.from({ length: 50 }, (_, i) => push.send("x".repeat(100_000) + i)));
      await reader;
      assert.equal(got, 50);
    } finally {
      push.close();
      pull.close();
    }
  });
});

describe("exported CSV headers carry units (issue 20 item 7)", () => {
  it("display names become snake_case with _kwh, _pct, _cu; the empty row-label name becomes id; no name twice", async () => {
    const { exportCsvHeaders } = await import("../../src/index.js");
    // savings table of the notebook: "" is the row label, "(%)" belongs to the column before it
    assert.deepEqual(exportCsvHeaders(["", "kind", "grid-only", "full", "saved vs grid-only", "(%)", "pays more"]), [
      "id",
      "kind",
      "grid_only_cu",
      "full_cu",
      "saved_vs_grid_only_cu",
      "saved_vs_grid_only_pct",
      "pays_more",
    ]);
    // KPI tables: units in brackets
    assert.deepEqual(
      exportCsvHeaders(["run", "", "self-sufficiency (%)", "peak import (kWh/h)", "mean per day", "Gini of savings"]),
      ["run", "id", "self_sufficiency_pct", "peak_import_kwh_per_h", "mean_per_day_cu", "gini_of_savings"],
    );
    // machine rows: as the command line writes flows.csv and costs-by-house.csv; costs-by-day's columns are money
    assert.deepEqual(exportCsvHeaders(["day", "hour", "demand", "gridPurchase", "level"]), [
      "day",
      "hour",
      "demand_kwh",
      "grid_purchase_kwh",
      "level_kwh",
    ]);
    assert.deepEqual(exportCsvHeaders(["house", "cost", "standaloneCost"]), ["house", "cost_cu", "standalone_cost_cu"]);
    assert.deepEqual(exportCsvHeaders(["day", "total", "g1", "g1h2"]), ["day", "total_cu", "g1_cu", "g1h2_cu"]);
    assert.deepEqual(exportCsvHeaders(["a b", "a-b", "cost (ct)"]), ["a_b", "a_b_2", "cost_ct"]);
  });
});
