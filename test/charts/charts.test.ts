/**
 * The chart builders (src/charts): fields, encodings and data row counts of
 * each spec, on hand-made rows and on a short demo run; every spec compiles
 * with vega-lite and renders to SVG and PNG.
 */
import { before, describe, it } from "node:test";
import assert from "node:assert/strict";
import * as vl from "vega-lite";
import {
  batteryDayChart,
  batteryHorizonChart,
  batteryRows,
  buildNetwork,
  comparisonChart,
  costComparisonRows,
  costsByDay,
  costTotals,
  dailyCostChart,
  demandPvChart,
  demandPvPoints,
  demoScenario,
  energySourcesChart,
  firstDays,
  flowRows,
  generateProfiles,
  profileIndex,
  renderSvg,
  simulate,
  svgToPng,
  tradeMatrix,
  tradeMatrixChart,
  type BatteryRow,
  type ChartSpec,
  type FlowRow,
  type SimulationResult,
} from "../../src/index.js";
import { energySources } from "../../src/charts/energy.js";
import { ENERGY_SOURCES } from "../../src/charts/energy.js";
// the trade matrix's cells and labels are internal (not in the public index)
import { tradeCells, tradeLabel } from "../../src/charts/trades.js";
import { decodePng } from "../helpers/png.js";

const flow = (o: Partial<FlowRow>): FlowRow => ({
  day: 1,
  hour: 0,
  house: "g1h1",
  group: "g1",
  demand: 0,
  solar: 0,
  gridPurchase: 0,
  gridSale: 0,
  charge: 0,
  discharge: 0,
  boughtIntra: 0,
  boughtInter: 0,
  soldIntra: 0,
  soldInter: 0,
  ...o,
});

describe("chart specs on hand-made rows", () => {
  it("energySources splits demand: imports by source, own PV the rest, never below 0", () => {
    const rows = energySources([
      flow({ house: "g1h1", demand: 1, solar: 2, discharge: 0.2, boughtIntra: 0.3, gridPurchase: 0.1 }),
      flow({ house: "g1h1", hour: 1, demand: 0.5, gridPurchase: 0.5, boughtInter: 0.25 }), // imports beyond demand
      flow({ house: "g1h3", demand: 2, gridPurchase: 2 }),
    ]);
    assert.equal(rows.length, 2 * ENERGY_SOURCES.length);
    const kwh = (h: string, s: string) => rows.find((r) => r.house === h && r.source === s)!.kwh;
    assert.ok(Math.abs(kwh("g1h1", "own PV") - 0.4) < 1e-12);
    assert.equal(kwh("g1h1", "battery"), 0.2);
    assert.equal(kwh("g1h1", "P2P intra"), 0.3);
    assert.equal(kwh("g1h1", "P2P inter"), 0.25);
    assert.equal(kwh("g1h1", "grid"), 0.6);
    assert.equal(kwh("g1h3", "own PV"), 0);
    assert.deepEqual(
      rows.filter((r) => r.house === "g1h3").map((r) => r.order),
      [0, 1, 2, 3, 4],
    );
  });

  it("energySourcesChart stacks kWh by source in a fixed order, one bar per house", () => {
    const spec = energySourcesChart([
      flow({ house: "g1h1", demand: 1 }),
      flow({ house: "g1h2", demand: 2, gridPurchase: 2 }),
    ]);
    assert.equal(spec.data.values.length, 10);
    assert.equal(spec.encoding!.x!.field, "house");
    assert.deepEqual(spec.encoding!.x!.sort, ["g1h1", "g1h2"]);
    assert.equal(spec.encoding!.y!.field, "kwh");
    assert.equal(spec.encoding!.y!.stack, "zero");
    assert.equal(spec.encoding!.color!.field, "source");
    assert.deepEqual(spec.encoding!.color!.scale!.domain, [...ENERGY_SOURCES]);
    assert.equal(spec.encoding!.order!.field, "order");
  });

  it("tradeCells fills every seller × other-buyer cell, marks inter-group ones", () => {
    const cells = tradeCells(
      [{ seller: "g1h1", buyer: "g2h2", inter: true, kwh: 3 }],
      ["g1h1", "g2h1"],
      ["g1h1", "g1h2", "g2h1", "g2h2"],
    );
    assert.equal(cells.length, 2 * 3);
    assert.ok(!cells.some((c) => c.seller === c.buyer));
    assert.equal(cells.find((c) => c.seller === "g1h1" && c.buyer === "g2h2")!.kwh, 3);
    assert.equal(cells.filter((c) => c.kwh === 0).length, 5);
    assert.deepEqual(
      cells.filter((c) => c.seller === "g1h1").map((c) => c.inter),
      [false, true, true],
    );
    const spec = tradeMatrixChart(
      [{ seller: "g1h1", buyer: "g2h2", inter: true, kwh: 3 }],
      ["g1h1", "g2h1"],
      ["g1h1", "g1h2", "g2h1", "g2h2"],
    );
    assert.equal(spec.encoding!.x!.field, "buyer");
    assert.equal(spec.encoding!.y!.field, "seller");
    assert.deepEqual(spec.encoding!.x!.sort, ["g1h1", "g1h2", "g2h1", "g2h2"]);
    assert.equal(spec.layer![0].encoding!.color!.field, "kwh");
    // inter-group cells are outlined and tagged; labels tell "no trade" from "too small to show"
    assert.equal(spec.layer![0].encoding!.stroke!.field, "pair");
    assert.equal(spec.layer![1].encoding!.text!.field, "label");
    assert.deepEqual(spec.layer![2].transform, [{ filter: "datum.inter" }]);
    const label = (seller: string, buyer: string) =>
      spec.data.values.find((v) => v.seller === seller && v.buyer === buyer)!.label;
    assert.equal(label("g1h1", "g2h2"), "3.0");
    assert.equal(label("g1h1", "g1h2"), "–");
    assert.deepEqual(
      [tradeLabel(0), tradeLabel(0.04), tradeLabel(0.05), tradeLabel(9.96), tradeLabel(1234.4)],
      ["–", "<0.1", "0.1", "10.0", "1,234"],
    );
  });

  it("battery charts: one point per row and hour, bounds as rules, one day picked", () => {
    const rows: BatteryRow[] = [];
    for (const day of [1, 2])
      for (let hour = 0; hour < 4; hour++)
        for (const group of ["g1", "g2"])
          rows.push({ day, hour, group, level: day + hour / 10, charge: 0.1, discharge: 0.2 });
    // the horizon: one row per group and day, the band from the day's lowest to its highest level
    const horizon = batteryHorizonChart(rows, [{ group: "g1", lower: 1, upper: 4 }]);
    assert.equal(horizon.data.values.length, 2 * 2);
    assert.equal(horizon.facet!.row!.field, "group");
    assert.equal(horizon.spec!.layer!.length, 1 + 4); // band, two dashed rules, two labels
    const band = horizon.spec!.layer![0].encoding!;
    assert.deepEqual([band.x!.field, band.y!.field, band.y2!.field, band.color!.field], ["day", "min", "max", "group"]);
    // day 2 of g1: levels 2, 2.1, 2.2, 2.3 → band 2..2.3
    const d2 = horizon.data.values.find((v) => v.day === 2 && v.group === "g1")!;
    assert.deepEqual([d2.min, d2.max, d2.upper], [2, 2.3, 4]);
    assert.equal(horizon.data.values.find((v) => v.group === "g2")!.upper, null);
    assert.equal(batteryHorizonChart(rows).spec!.layer!.length, 1);
    assert.match(JSON.stringify(horizon.title), /dashed","lines: the battery's bounds/);
    // a chosen week: every hour, the level after hour 3 of day 1 at the start of day 2
    const week = batteryHorizonChart(rows, [{ group: "g1", lower: 1, upper: 4 }], { week: 1 });
    assert.equal(week.data.values.length, 16);
    assert.equal(week.data.values.find((v) => v.day === 1 && v.hour === 3 && v.group === "g1")!.time, 2);
    assert.throws(() => batteryHorizonChart(rows, [], { week: 9 }), RangeError);
    const day2 = batteryDayChart(rows, 2);
    assert.equal(day2.data.values.length, 8);
    assert.ok(day2.data.values.every((v) => (v.level as number) >= 2));
    assert.throws(() => batteryDayChart(rows, 3), RangeError);
  });

  it("dailyCostChart: one point per day and group, cost read from the group's column", () => {
    const spec = dailyCostChart(
      [
        { day: 1, total: 3, g1: 1, g2: 2 },
        { day: 2, total: 7, g1: 3, g2: 4 },
      ],
      ["g1", "g2"],
    );
    assert.deepEqual(spec.data.values, [
      { day: 1, group: "g1", cost: 1 },
      { day: 1, group: "g2", cost: 2 },
      { day: 2, group: "g1", cost: 3 },
      { day: 2, group: "g2", cost: 4 },
    ]);
    assert.deepEqual(
      [spec.encoding!.x!.field, spec.encoding!.y!.field, spec.encoding!.color!.field],
      ["day", "cost", "group"],
    );
  });

  it("comparison: a bar per run within each category; costComparisonRows gives groups then overall", () => {
    const rows = costComparisonRows([
      { label: "a", totals: { overall: 3, byGroup: { g1: 1, g2: 2 }, byHouse: {} } },
      { label: "b", totals: { overall: 2, byGroup: { g1: 1, g2: 1 }, byHouse: {} } },
    ]);
    assert.deepEqual(
      rows.map((r) => `${r.run}:${r.category}=${r.value}`),
      ["a:g1=1", "a:g2=2", "a:overall=3", "b:g1=1", "b:g2=1", "b:overall=2"],
    );
    const spec = comparisonChart(rows, { title: "t", valueTitle: "cost" });
    assert.equal(spec.data.values.length, 6);
    // the groups in one panel, "overall" on its own axis
    const [parts, whole] = spec.hconcat!;
    assert.equal(parts.encoding!.xOffset!.field, "run");
    assert.deepEqual(parts.encoding!.x!.sort, ["g1", "g2"]);
    assert.deepEqual(whole.encoding!.x!.sort, ["overall"]);
    assert.equal(parts.encoding!.y!.title, "cost");
    assert.deepEqual(spec.resolve, { scale: { y: "independent" } });
    assert.deepEqual(comparisonChart(rows, { apart: [] }).encoding!.x!.sort, ["g1", "g2", "overall"]);
  });
});

describe("chart specs on a 3-day demo run", () => {
  let r: SimulationResult;
  let specs: Record<string, ChartSpec>;
  before(async () => {
    const scenario = { ...demoScenario(), days: 3 };
    const network = buildNetwork(scenario);
    r = await simulate(scenario, firstDays(generateProfiles(scenario, network), 3));
    const houses = network.houses.map((h) => h.id),
      sellers = network.prosumers.map((i) => houses[i]);
    specs = {
      week: demandPvChart(demandPvPoints(r.profiles, { days: 7 })),
      horizon: batteryHorizonChart(batteryRows(r), [{ group: "g1", lower: 1.05, upper: 4.2 }]),
      day: batteryDayChart(batteryRows(r), 2),
      daily: dailyCostChart(costsByDay(r), ["g1", "g2"]),
      energy: energySourcesChart(flowRows(r)),
      trades: tradeMatrixChart(tradeMatrix(r), sellers, houses),
      whatIf: comparisonChart(costComparisonRows([{ label: "x", totals: costTotals(r) }])),
    };
  });

  it("demand/PV: demand for every house, PV for the 3 prosumers, window clipped to the data", () => {
    assert.equal(specs.week.data.values.length, 3 * 24 * (5 + 3));
    assert.equal(specs.week.facet!.row!.field, "house");
    const enc = specs.week.spec!.encoding!;
    assert.deepEqual([enc.x!.field, enc.y!.field, enc.color!.field], ["time", "kwh", "series"]);
    assert.equal(demandPvPoints(r.profiles, { firstDay: 3, days: 7 }).length, 24 * 8);
    assert.throws(() => demandPvPoints(r.profiles, { firstDay: 4 }), RangeError);
    const p = demandPvPoints(r.profiles).find((v) => v.house === "g1h3" && v.day === 2 && v.hour === 5)!;
    assert.equal(p.kwh, r.profiles.demand[profileIndex(r.profiles, 1, 2, 5)]);
  });

  it("row counts follow the run: hours × groups, days × groups, houses × sources", () => {
    assert.equal(specs.horizon.data.values.length, 3 * 2);
    assert.equal(specs.day.data.values.length, 24 * 2);
    assert.equal(specs.daily.data.values.length, 3 * 2);
    assert.equal(specs.energy.data.values.length, 5 * 5);
    assert.equal(specs.trades.data.values.length, 3 * 4);
  });

  it("energy sources add up to each house's demand (the demo never imports beyond demand)", () => {
    const flows = flowRows(r);
    for (const house of ["g1h1", "g1h3", "g2h2"]) {
      const demand = flows.filter((f) => f.house === house).reduce((s, f) => s + f.demand, 0);
      const split = energySources(flows)
        .filter((e) => e.house === house)
        .reduce((s, e) => s + e.kwh, 0);
      assert.ok(Math.abs(demand - split) < 1e-6, `${house}: ${demand} vs ${split}`);
    }
  });

  it("every spec compiles with vega-lite and renders to SVG and PNG", async () => {
    for (const [name, spec] of Object.entries(specs)) {
      assert.doesNotThrow(() => vl.compile(spec as unknown as vl.TopLevelSpec), name);
      const svg = await renderSvg(spec);
      assert.match(svg, /^<svg[^>]*width="\d+/, name);
      const title = typeof spec.title === "string" ? spec.title : spec.title.text;
      assert.ok(svg.includes(title.slice(0, 12)), `${name} has its title`);
      const png = decodePng(await svgToPng(svg, { scale: 1 }));
      assert.ok(png.width > 150 && png.height > 100, `${name}: ${png.width}×${png.height}`);
    }
  });
});
