// The savings and sweep chart builders: fields and rows of each spec, on hand-made rows; both compile
// with vega-lite and render to SVG.
import { test } from "node:test";
import assert from "node:assert/strict";
import * as vl from "vega-lite";
import { renderSvg, savingsPerHouseChart, sweepChart, type SavingsRow, type SweepRow } from "../../src/index.js";
// the charts' data steps are internal (not in the public index)
import { savingBars, savingLabel } from "../../src/charts/savings.js";
import { sweepPoints } from "../../src/charts/sweep.js";

const saving = (id: string, g: number, paysMore = false): SavingsRow => ({
  level: "house",
  id,
  group: "g1",
  kind: "prosumer",
  cost: { "grid-only": 10, "battery-only": 8, "intra-only": 7, full: 10 - g },
  saving: { "grid-only": g, "battery-only": g - 2, "intra-only": g - 3 },
  savingPct: { "grid-only": 10 * g, "battery-only": null, "intra-only": null },
  paysMore,
});

test("savingsPerHouseChart: one bar per house and baseline, flagged houses labelled", async () => {
  const rows = [saving("g1h1", 5), saving("g1h2", -1, true), { ...saving("g1", 4), level: "group" as const }];
  const bars = savingBars(rows);
  assert.equal(bars.length, 2 * 3);
  assert.deepEqual(
    bars.filter((b) => b.against === "grid-only").map((b) => [b.house, b.saving]),
    [
      ["g1h1", 5],
      ["g1h2 (pays more)", -1],
    ],
  );
  const spec = savingsPerHouseChart(rows, { against: ["grid-only"], days: 3 });
  assert.equal(spec.data.values.length, 2);
  assert.match(JSON.stringify(spec.title), /over 3 days/);
  // one panel per baseline, each with its own scale (a baseline with small savings keeps visible bars)
  assert.equal(spec.facet!.column!.field, "against");
  assert.deepEqual(spec.resolve, { scale: { y: "independent" } });
  const bar = spec.spec!.layer![0].encoding!;
  assert.equal(bar.x!.field, "house");
  assert.equal(bar.y!.field, "saving");
  // the zero line sits at y = 0 in data units (not at pixel 0, the top of the plot)
  assert.deepEqual(spec.spec!.layer!.at(-1)!.encoding!.y, { datum: 0, type: "quantitative" });
  // the value on a bar is the row's label, not a number rounded by the spec (",.0f" printed −0.3 as 0)
  for (const layer of spec.spec!.layer!.slice(1, 3))
    assert.deepEqual(layer.encoding!.text, {
      condition: { test: layer.encoding!.text!.condition!.test, field: "label", type: "nominal" },
      value: "",
    });
  assert.deepEqual(
    bars.filter((b) => b.against === "intra-only").map((b) => b.label),
    ["2", "\u22124"], // g − 3: 5 − 3 and −1 − 3
  );
  assert.doesNotThrow(() => vl.compile(spec as unknown as Parameters<typeof vl.compile>[0]));
  assert.match(await renderSvg(spec), /^<svg/);
});

test("savingLabel: small savings keep their sign and first digits, large ones are whole", () => {
  // hand values: −0.3 is "−0.3" (issue 21: it was "0"), 0.0449 two significant digits, 9.5 and up whole,
  // below 0.005 (half a hundredth) "0"; the minus is U+2212, as d3-format writes it
  const cases: [number, string][] = [
    [-0.3, "\u22120.3"],
    [0.0449, "0.045"],
    [5.44, "5.4"],
    [9.49, "9.5"],
    [9.5, "10"],
    [-1234.5, "\u22121,235"],
    [0.004, "0"],
    [-0.004, "0"],
    [0, "0"],
  ];
  for (const [v, text] of cases) assert.equal(savingLabel(v), text, String(v));
});

const sweepRow = (variant: number, cap: number, price: number, savingValue: number, id = "community"): SweepRow => ({
  variant,
  params: { "battery.capacity": cap, "prices.gridPurchase": price },
  scope: id === "community" ? "community" : "group",
  id,
  group: "",
  cost: { "grid-only": 100, full: 100 - savingValue },
  saving: savingValue,
  savingPct: savingValue,
  shareGaining: 1,
  savingsGini: 0.1,
  selfConsumption: 0.5,
  selfSufficiency: 0.4,
  gridImportKwh: 10,
  gridExportKwh: 5,
  peakGridImportKwh: 1,
  p2pIntraKwh: 1,
  p2pInterKwh: 0,
  batteryThroughputKwh: cap,
  batteryCycles: cap ? 1 : null,
  batteryLossKwh: 0,
  auditOk: true,
});

test("sweepChart: the chosen KPI of one scope against the first parameter, one line per second parameter", async () => {
  const rows = [
    sweepRow(1, 0, 15, 10),
    sweepRow(1, 0, 15, 3, "g1"),
    sweepRow(2, 0, 25, 12),
    sweepRow(3, 5, 15, 20),
    sweepRow(4, 5, 25, 30),
  ];
  assert.deepEqual(
    sweepPoints(rows, { x: "battery.capacity" }).map((p) => [p.x, p.y]),
    [
      [0, 10],
      [0, 12],
      [5, 20],
      [5, 30],
    ],
  );
  assert.deepEqual(
    sweepPoints(rows, { x: "battery.capacity", id: "g1" }).map((p) => p.y),
    [3],
  );
  assert.deepEqual(
    sweepPoints(rows, { x: "battery.capacity", metric: "costFull" }).map((p) => p.y),
    [90, 88, 80, 70],
  );
  const spec = sweepChart(rows, { x: "battery.capacity", series: "prices.gridPurchase", xTitle: "battery (kWh)" });
  assert.equal(spec.encoding!.x!.field, "x");
  assert.equal(spec.encoding!.x!.title, "battery (kWh)");
  assert.equal((spec.encoding!.x!.scale as { padding: number }).padding, 12, "the last point is not clipped");
  assert.equal(spec.encoding!.color!.field, "series");
  assert.deepEqual(
    spec.data.values.map((v) => v.series),
    ["15", "25", "15", "25"],
  );
  assert.doesNotThrow(() => vl.compile(spec as unknown as Parameters<typeof vl.compile>[0]));
  assert.match(await renderSvg(spec), /^<svg/);
  assert.equal(sweepChart(rows, { x: "battery.capacity" }).encoding!.color, undefined);
});
