/**
 * Export helpers (src/report) and the readable LP (src/model/describe.ts).
 */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import {
  buildDayModel, buildNetwork, columnName, dayProfiles, demoScenario, describeConstraints, exportAll, FULL_FEATURES,
  generateProfiles, htmlTable, modelCounts, reportHtml, rowText, writeFileAtomic, comparisonChart,
} from "../src/index.js";
import { decodePng } from "./helpers/png.js";
import { tempDir } from "./helpers/tmp.js";

describe("htmlTable", () => {
  it("escapes text, rounds numbers for show and keeps the exact value, adds caption and footer", () => {
    const html = htmlTable([{ name: "<b>&", cost: 1234.5678 }], { caption: "C<", id: "t1", footer: { name: "all", cost: 1 } });
    assert.match(html, /<table class="cvpp-table" id="t1">/);
    assert.match(html, /<caption[^>]*>C&lt;<\/caption>/);
    assert.match(html, />&lt;b&gt;&amp;</);
    assert.match(html, /data-column="cost" data-value="1234.5678" style="text-align:right">1,234.57</);
    assert.match(html, /<tfoot>.*data-value="1".*<\/tfoot>/);
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
      figures: { cmp: comparisonChart([{ category: "g1", run: "a", value: 1 }, { category: "g1", run: "b", value: 2 }]) },
      tables: { t: [{ a: 1, b: "x" }] }, pages: { p: "<html></html>" }, png: { scale: 1 },
    });
    assert.deepEqual(files.map((f) => f.kind), ["svg", "png", "csv", "html"]);
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
    assert.match(describeConstraints(model, network, { family: "chargeCap", subject: "g1", hour: 12 })[0].text, /^ch\[g1h1,12\] \+ ch\[g1h2,12\] ≤ 1\.05$/);
    const [bal] = describeConstraints(model, network, { family: "balance", subject: "g1h3", hour: 3 });
    // the right side is g1h3's demand at hour 3 (house index 2), written to 4 decimals
    const rhs = /^gb\[g1h3,3\] \+ dis\[g1h3,3\] .*= (\d+\.\d+)$/.exec(bal.text);
    assert.ok(rhs, bal.text);
    assert.ok(Math.abs(Number(rhs[1]) - profiles.demand[2 * 24 + 3]) <= 5e-5, bal.text);
    assert.equal(describeConstraints(model, network, { limit: 3 }).length, 3);
    assert.equal(rowText(model, network, bal.row), bal.text);
    const counts = modelCounts(model);
    assert.equal(Object.values(counts.rows).reduce((a, b) => a + b, 0), model.lp.nRows);
    assert.equal(Object.values(counts.columns).reduce((a, b) => a + b, 0), model.lp.nCols);
  });
});
