// Sweeping a price that varies by hour (src/analysis/params.ts): the value is
// the price's mean over the day, the hourly shape is kept.
import { test } from "node:test";
import assert from "node:assert/strict";
import { applyParam, applyPriceParam, demoScenario, type PriceTable } from "../../src/index.js";
import { priceWithMean } from "../../src/analysis/params.js";

test("prices.<key> on an hourly price sets its mean and keeps its shape", () => {
  // a tariff 10 at night (hours 0–11), 30 by day (12–23): mean 20. Sweeping to 25 scales by 25/20:
  // 12.5 and 37.5 (ratio 3 kept, mean 25).
  const tou = Array.from({ length: 24 }, (_, t) => (t < 12 ? 10 : 30));
  const s = { ...demoScenario(), prices: { ...demoScenario().prices, gridPurchase: tou } };
  const p = applyParam(s, "prices.gridPurchase", 25).prices.gridPurchase as number[];
  assert.deepEqual(
    p,
    tou.map((v) => (v === 10 ? 12.5 : 37.5)),
  );
  // a flat price becomes the value itself (its mean is itself)
  assert.equal(applyParam(demoScenario(), "prices.gridPurchase", 25).prices.gridPurchase, 25);
  // an all-zero hourly price has no shape: the value in every hour
  assert.deepEqual(priceWithMean([0, 0, 0], 2), [2, 2, 2]);
  // the scenario it came from is unchanged
  assert.equal(s.prices.gridPurchase, tou);
  // and the value 0 is allowed (every hour 0)
  assert.deepEqual(
    applyParam(s, "prices.gridPurchase", 0).prices.gridPurchase,
    tou.map(() => 0),
  );
});

test("prices.<key> on a prices.csv table scales its series to the mean v", () => {
  // day 1: 10, 30; day 2: −5, 45: mean 20. Value 40 doubles every hour: 20, 60, −10, 90.
  const table: PriceTable = {
    days: 2,
    hours: 2,
    series: { gridPurchase: Float64Array.of(10, 30, -5, 45), gridSale: Float64Array.of(1, 1, 1, 1) },
  };
  const out = applyPriceParam(table, "prices.gridPurchase", 40);
  assert.deepEqual([...out.series.gridPurchase!], [20, 60, -10, 90]);
  assert.equal(out.series.gridSale, table.series.gridSale);
  assert.deepEqual([...table.series.gridPurchase!], [10, 30, -5, 45], "input unchanged");
  // keys the table does not have, and other parameters, leave it as it is
  assert.equal(applyPriceParam(table, "prices.batteryUse", 3), table);
  assert.equal(applyPriceParam(table, "battery.capacity", 3), table);
  // a series averaging ≤ 0 cannot be scaled to a mean
  const neg: PriceTable = { days: 1, hours: 2, series: { gridSale: Float64Array.of(-2, 1) } };
  assert.throws(
    () => applyPriceParam(neg, "prices.gridSale", 3),
    (e: Error) => /--param prices\.gridSale=3: the prices file's gridSale averages -0\.5/.test(e.message),
  );
});
