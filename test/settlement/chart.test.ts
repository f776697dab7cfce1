// The settlement chart: one mark per (house, rule), the zero line; compiles with vega-lite and renders.
import { test } from "node:test";
import assert from "node:assert/strict";
import * as vl from "vega-lite";
import { renderSvg, ruleSavingMarks, settlementChart, type RuleSavingsRow } from "../../src/index.js";

const rows: RuleSavingsRow[] = [
  { house: "g1h1", group: "g1", none: -9, equal: 10, demand: 0 },
  { house: "g1h2", group: "g1", none: 29, equal: 10, demand: 20 },
];

test("settlementChart: a point per house and rule, colour and offset by rule, a rule at 0", async () => {
  const marks = ruleSavingMarks(rows);
  assert.deepEqual(
    marks.map((m) => `${m.house} ${m.rule} ${m.saving}`),
    ["g1h1 none -9", "g1h1 equal 10", "g1h1 demand 0", "g1h2 none 29", "g1h2 equal 10", "g1h2 demand 20"],
  );
  const spec = settlementChart(rows, 1);
  assert.equal(spec.data.values.length, 6);
  const [points, zero] = spec.layer!;
  assert.equal(points.encoding!.xOffset!.field, "rule");
  assert.deepEqual(points.encoding!.color!.scale!.domain, ["none", "equal", "demand"]);
  assert.equal(zero.encoding!.y!.datum, 0);
  assert.doesNotThrow(() => vl.compile(spec as unknown as vl.TopLevelSpec));
  assert.match(await renderSvg(spec), /^<svg/);
});
