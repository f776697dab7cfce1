// Charts a reader should not stumble on (issue: "charts a reader stumbles on"):
// a change of a few % is visible as a bar from 0 with its % label; the daily
// cost has a grid-only reference and no markers; the year's heat map is
// labelled by month; the battery chart shows the usable range, 0 % at the floor.
import { test } from "node:test";
import assert from "node:assert/strict";
import {
  batteryMonthChart,
  changeChart,
  costChangeRows,
  dailyCostChart,
  demoExample,
  gridImportHeatmap,
  renderSvg,
  simulate,
  type DataRow,
} from "../../src/index.js";
import { batteryByMonth } from "../../src/analysis/year.js";

test("the change chart: variant − base from 0, labelled in % of the base", async () => {
  // g1 100 → 96.3: −3.7 (−3.7 %); g2 −50 → −60: −10 (−20 % of |−50|); overall 50 → 36.3: −13.7 (−27.4 %)
  const rows = costChangeRows(
    { overall: 50, byGroup: { g1: 100, g2: -50 }, byHouse: {} },
    { overall: 36.3, byGroup: { g1: 96.3, g2: -60 }, byHouse: {} },
  );
  assert.deepEqual(
    rows.map((r) => r.category),
    ["g1", "g2", "overall"],
  );
  const spec = changeChart(rows);
  const values = spec.data!.values as DataRow[];
  assert.deepEqual(
    values.map((v) => v.label),
    ["-3.7 %", "-20.0 %", "-27.4 %"],
  );
  assert.ok(Math.abs((values[0].change as number) + 3.7) < 1e-9);
  assert.match(await renderSvg(spec), /-3\.7 %/);
});

test("the daily cost chart: lines without markers, the stand-alone cost dashed", () => {
  const rows = [
    { day: 1, total: 3, g1: 3 },
    { day: 2, total: 4, g1: 4 },
  ];
  const alone = [
    { day: 1, total: 5, g1: 5 },
    { day: 2, total: 6, g1: 6 },
  ];
  const spec = dailyCostChart(rows, ["g1"], { standalone: alone });
  assert.deepEqual(spec.mark, { type: "line", strokeWidth: 1.2 });
  assert.deepEqual(
    (spec.data!.values as DataRow[]).map((v) => [v.day, v.run, v.cost]),
    [
      [1, "with trading", 3],
      [2, "with trading", 4],
      [1, "each house alone (grid only)", 5],
      [2, "each house alone (grid only)", 6],
    ],
  );
  assert.equal(spec.encoding!.strokeDash!.field, "run");
  assert.equal(dailyCostChart(rows, ["g1"]).encoding!.strokeDash, undefined);
});

test("the grid-import heat map labels months from the start date", async () => {
  // day 1 = 2025-01-31, day 2 = 2025-02-01: one tick, at February
  const rows = [1, 2].flatMap((day) => [0, 1].map((hour) => ({ day, hour, kwh: day + hour })));
  const spec = gridImportHeatmap(rows, { startDate: "2025-01-31" });
  assert.deepEqual(
    (spec.data!.values as DataRow[]).map((v) => v.date),
    ["2025-01-31", "2025-01-31", "2025-02-01", "2025-02-01"],
  );
  assert.deepEqual(spec.encoding!.x!.axis!.values, [Date.parse("2025-02-01T00:00:00Z")]);
  assert.match(await renderSvg(spec), />Feb</);
});

test("the battery chart: the usable range, 0 % at the lower limit", async () => {
  // the demo's two batteries: lower 1.05 + 1.05, upper 4.2 + 4.2 kWh, so a stored 2.1 kWh is 0 % and 8.4 kWh 100 %
  const ex = demoExample();
  const r = await simulate(ex.scenario, ex.profiles, { days: 3, allocation: "solver" });
  const rows = batteryByMonth(r, "2025-01-01");
  for (const x of rows) {
    assert.ok(Math.abs(x.usablePct - (100 * (x.storedKwh - 2.1)) / 6.3) < 1e-9, `${x.hour}: ${x.usablePct}`);
    assert.ok(x.usablePct >= -1e-6 && x.usablePct <= 100 + 1e-6);
  }
  const spec = batteryMonthChart(rows);
  assert.equal(spec.encoding!.color!.field, "usablePct");
  assert.deepEqual(spec.encoding!.color!.scale!.domain, [0, 100]);
  assert.match(await renderSvg(spec), /usable range/);
});
