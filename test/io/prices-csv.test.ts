// prices.csv (docs/data-formats.md): each refusal class, the exact round trip, a
// negative-price hour and time-of-use days solved and audited, with the
// optimum worked out by hand in the comments.
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { handExample, parsePricesCsv, readPrices, simulate, type Battery, type PriceTable } from "../../src/index.js";
import { pricesToCsv } from "../../src/io/prices-csv.js";

const scenario = { days: 2, hoursPerDay: 2 };
// Within docs/model.md's slacks (cost 1e-5, levels 1e-6·max(1, |v|), added up over the stages: 5e-5 here): the
// tie-break stages may use them, so a plan's flows and
// bills can sit that far from the hand-worked optimum; the day's cost itself is exact to 1e-9.
const close = (actual: number, expected: number, what: string) =>
  assert.ok(Math.abs(actual - expected) < 5e-5, `${what}: expected ${expected}, got ${actual}`);

test("parses a table: columns in any order, rows in any order, only the keys given", () => {
  const t = parsePricesCsv(
    "day,hour,gridSale,gridPurchase\n2,1,-0.5,31\n1,0,4,20\n1,1,4.5,25\n2,0,1e-1,-2.25\n",
    scenario,
  );
  assert.deepEqual(Object.keys(t.series).sort(), ["gridPurchase", "gridSale"]);
  assert.deepEqual([...t.series.gridPurchase!], [20, 25, -2.25, 31]);
  assert.deepEqual([...t.series.gridSale!], [4, 4.5, 0.1, -0.5]);
  assert.equal(t.days, 2);
  assert.equal(t.hours, 2);
});

test("refuses each kind of mistake with the file, the line and the problem", () => {
  const refuse = (text: string, message: RegExp) =>
    assert.throws(
      () => parsePricesCsv(text, scenario, "spot.csv"),
      (e: Error) => e.name === "InputError" && message.test(e.message),
      text,
    );
  const rows = "1,0,1\n1,1,1\n2,0,1\n2,1,1\n";
  refuse("", /^spot\.csv: is empty/);
  refuse("hour,day,gridPurchase\n" + rows, /^spot\.csv:1: header must start with day,hour/);
  refuse("day,hour\n1,0\n", /^spot\.csv:1: header names no price column/);
  refuse("day,hour,gridprice\n" + rows, /^spot\.csv:1: unknown column "gridprice"/);
  refuse("day,hour,gridSale,gridSale\n1,0,1,1\n", /^spot\.csv:1: column "gridSale" appears twice/);
  refuse("day,hour,gridPurchase\n1,0,1\n1,1\n", /^spot\.csv:3: expected 3 columns/);
  refuse("day,hour,gridPurchase\n1,0,1\n1.5,1,1\n", /^spot\.csv:3: day must be a whole number, got "1\.5"/);
  refuse("day,hour,gridPurchase\n3,0,1\n", /^spot\.csv:2: day 3 is out of range: the scenario has days 1\.\.2/);
  refuse("day,hour,gridPurchase\n1,2,1\n", /^spot\.csv:2: hour 2 is out of range: the scenario has hours 0\.\.1/);
  for (const bad of ["abc", "0x10", "", "Infinity", "NaN", "1,5"])
    refuse(
      `day,hour,gridPurchase\n1,0,"${bad}"\n`,
      /^spot\.csv:2: gridPurchase must be a number \(decimal or scientific notation\)/,
    );
  refuse(
    "day,hour,gridSale,batteryUse\n1,0,-1,-0.5\n",
    /^spot\.csv:2: batteryUse must not be negative, got -0\.5 \(only gridPurchase and gridSale may be\)/,
  );
  refuse("day,hour,peerSaleIntra\n1,0,-1\n", /^spot\.csv:2: peerSaleIntra must not be negative/);
  refuse(
    "day,hour,gridPurchase\n1,0,1\n1,1,1\n1,0,2\n",
    /^spot\.csv:4: duplicate row for day 1, hour 0 \(first at line 2\)/,
  );
  refuse("day,hour,gridPurchase\n1,0,1\n1,1,1\n2,1,1\n", /^spot\.csv: missing row for day 2, hour 0$/);
  refuse("day,hour,gridPurchase\n1,0,1\n", /^spot\.csv: missing row for day 1, hour 1 \(and 2 more missing rows/);
  refuse('day,hour,gridPurchase\n1,0,"1\n', /^spot\.csv(:\d+)?: is not valid CSV/);
  // negative grid prices are allowed
  assert.equal(
    parsePricesCsv("day,hour,gridPurchase,gridSale\n1,0,-1,-2\n1,1,0,0\n2,0,0,0\n2,1,0,0\n", scenario).series
      .gridSale![0],
    -2,
  );
  // a file that cannot be read
  assert.throws(
    () => readPrices("/nonexistent/prices.csv", scenario),
    (e: Error) => e.message === "/nonexistent/prices.csv: cannot be read (ENOENT: no such file)",
  );
});

test("pricesToCsv and parsePricesCsv round-trip exactly", () => {
  const table: PriceTable = {
    days: 2,
    hours: 2,
    series: {
      batteryUse: Float64Array.of(0, 2, 1e-7, 99999.123), // at most 1e5 (docs/data-formats.md "Value limits")
      gridSale: Float64Array.of(0.1 + 0.2, -0, -3.5, 5e-324),
      gridPurchase: Float64Array.of(1 / 3, -1e5, 20.93, 0.7 * 20.93),
    },
  };
  const text = pricesToCsv(table);
  assert.equal(text.split("\n")[0], "day,hour,gridPurchase,gridSale,batteryUse", "keys in the documented order");
  const back = parsePricesCsv(text, scenario);
  assert.deepEqual(back, table);
  assert.ok(Object.is(back.series.gridSale![1], -0));
  assert.equal(pricesToCsv(back), text);
  // and through a file
  const dir = mkdtempSync(join(tmpdir(), "cvpp-prices-"));
  try {
    writeFileSync(join(dir, "prices.csv"), text);
    assert.deepEqual(readPrices(join(dir, "prices.csv"), scenario), table);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

const lossless: Battery = {
  lower: 0,
  upper: 10,
  initial: 0,
  maxCharge: 10,
  maxDischarge: 10,
  chargeEfficiency: 1,
  dischargeFactor: 1,
};
const flat = {
  gridPurchase: 20,
  gridSale: 4,
  peerPurchaseIntra: 14,
  peerSaleIntra: 10,
  peerPurchaseInter: 16,
  peerSaleInter: 6,
  batteryUse: 1,
};

test("a negative-price hour: storing beats paying to export; a negative purchase price is taken", async () => {
  // One prosumer alone with a lossless battery (0..10 kWh, starts empty), beta = 1, three hours;
  // prices.csv gives gridPurchase and gridSale per hour:
  //   hour 0: solar 4, demand 1, gridSale −3 (exporting costs 3 per kWh), gridPurchase 20
  //   hour 1: solar 0, demand 1, gridSale 5, gridPurchase 20
  //   hour 2: solar 0, demand 1, gridSale 5, gridPurchase −1 (taking power earns 1 per kWh)
  // The model has no curtailment: hour 0's 3 kWh surplus goes to the grid (3 per kWh) or into the
  // battery (beta = 1 per kWh), so all 3 are stored: cost 3. Hour 1: discharging 1 (cost 1) beats the
  // grid (20). Hour 2: the grid pays 1 for the kWh (gb ≤ demand = 1), discharging would cost 1:
  // gb = 1, cost −1. No sale in hours 1 and 2 (gs ≤ solar = 0). Total 3 − 1 + 1 = 3;
  // battery 3, 2, 2 (what is left stays for the next day).
  // Stand-alone (docs/model.md "Fair bills"): hour 0 (20 ≥ −3): −(−3)·3 = 9; hour 1: 20·1 = 20;
  // hour 2 (−1 < 5): −1·1 − 5·0 = −1. Total 28.
  const ex = handExample(
    [{ prosumers: 1, consumers: 0, battery: lossless }],
    {
      g1h1: { demand: [1, 1, 1], solar: [4, 0, 0] },
    },
    { hoursPerDay: 3, prices: flat },
  );
  const table = parsePricesCsv("day,hour,gridPurchase,gridSale\n1,0,20,-3\n1,1,20,5\n1,2,-1,5\n", ex.scenario);
  const r = await simulate(ex.scenario, ex.profiles, { prices: table });
  assert.ok(r.audit.ok, JSON.stringify(r.audit));
  close(r.days[0].objective, 3, "day cost");
  close(r.days[0].houseCosts[0], 3, "the prosumer's bill");
  close(r.days[0].standaloneCosts[0], 28, "stand-alone cost");
  assert.deepEqual(
    [...r.days[0].flows.battery[0]!].map((v) => Math.round(v * 1e9) / 1e9),
    [3, 2, 2],
  );
  close(r.days[0].flows.gridSale[0], 0, "no paid export");
});

test("time of use: storing midday PV for the evening pays exactly when the price gap exceeds battery costs and losses", async () => {
  // One prosumer alone, battery eta_c = 0.9, eta_d = 1.25 (loses 1.25 kWh per kWh delivered),
  // 0..10 kWh, starts empty, beta = 1. Hour 0 (off-peak): solar 2, demand 0, gridSale 4.
  // Hour 1 (evening peak): solar 0, demand 1, gridPurchase p.
  // A kWh charged in hour 0 (instead of sold for 4) delivers 0.9/1.25 = 0.72 kWh in hour 1, which
  // saves 0.72·(p − 1) (the grid kWh not bought, less beta on discharge) and costs beta = 1 to charge:
  // storing pays iff 0.72·(p − 1) − 1 > 4, i.e. p > 1 + 5/0.72 = 1 + 125/18 = 143/18 ≈ 7.944.
  // Above the threshold the evening's 1 kWh comes all from the battery: charge c = 1.25/0.9 = 25/18,
  // level 1.25 after hour 0 and 0 after hour 1, sell 2 − 25/18 = 11/18:
  //   cost = beta·(25/18 + 1) − 4·11/18 = 43/18 − 44/18 = −1/18, whatever p.
  // Below it: sell 2 (−8), buy 1 at p: cost p − 8. At p = 143/18 both give −1/18.
  const battery: Battery = {
    lower: 0,
    upper: 10,
    initial: 0,
    maxCharge: 10,
    maxDischarge: 10,
    chargeEfficiency: 0.9,
    dischargeFactor: 1.25,
  };
  const day = { g1h1: { demand: [0, 1], solar: [2, 0] } };
  const run = async (p: number) => {
    const ex = handExample([{ prosumers: 1, consumers: 0, battery }], day, {
      hoursPerDay: 2,
      prices: { ...flat, gridPurchase: [20, p] },
    });
    const r = await simulate(ex.scenario, ex.profiles);
    assert.ok(r.audit.ok);
    return r.days[0];
  };
  const peak9 = await run(9);
  close(peak9.objective, -1 / 18, "p = 9: stores");
  close(peak9.flows.battery[0]![0], 1.25, "level after hour 0");
  close(peak9.flows.gridSale[0], 11 / 18, "sells the rest");
  // stand-alone at p = 9: −4·2 + 9·1 = 1, so the battery saves 1 + 1/18 = 19/18
  close(peak9.standaloneCosts[0] - peak9.houseCosts[0], 19 / 18, "saving");
  const peak7 = await run(7);
  close(peak7.objective, 7 - 8, "p = 7: sells all, buys the evening");
  close(peak7.flows.battery[0]![0], 0, "nothing stored");
  const at = await run(143 / 18);
  close(at.objective, -1 / 18, "p at the threshold: indifferent");

  // The same two days from a prices table: day 1 peak 9 (stores), day 2 peak 7 (does not).
  // gridPurchase replaces the scenario's hourly tariff; the other prices stay. Total −1/18 − 1 = −19/18.
  const two = handExample(
    [{ prosumers: 1, consumers: 0, battery }],
    {
      g1h1: { demand: [0, 1, 0, 1], solar: [2, 0, 2, 0] },
    },
    { hoursPerDay: 2, days: 2, prices: { ...flat, gridPurchase: [20, 30] } },
  );
  const table = parsePricesCsv("day,hour,gridPurchase\n1,0,20\n1,1,9\n2,0,20\n2,1,7\n", two.scenario);
  const r = await simulate(two.scenario, two.profiles, { prices: table });
  assert.ok(r.audit.ok);
  close(r.days[0].objective, -1 / 18, "day 1");
  close(r.days[1].objective, -1, "day 2");
});
