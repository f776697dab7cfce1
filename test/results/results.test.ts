import { test } from "node:test";
import assert from "node:assert/strict";
import { toCsv } from "../../src/index.js";
import { buildLedger } from "../../src/results/ledger.js";
import { formatNumber } from "../../src/results/tables.js";
import { textTable } from "../../src/results/text-table.js";

test("formatNumber rounds to 6 decimals, drops trailing zeros and never prints -0", () => {
  assert.equal(formatNumber(1.23456789), "1.234568");
  assert.equal(formatNumber(0.1 + 0.2), "0.3");
  assert.equal(formatNumber(-1e-12), "0");
  assert.equal(formatNumber(-2.5), "-2.5");
  assert.equal(formatNumber(1234567.0000004), "1234567");
  assert.equal(formatNumber(2.5, 0), "3");
});

test("toCsv quotes what needs quoting and keeps column order", () => {
  assert.equal(
    toCsv([
      { a: "x,y", b: 1 },
      { a: 'say "hi"', b: 0.5 },
    ]),
    'a,b\n"x,y",1\n"say ""hi""",0.5\n',
  );
  assert.equal(toCsv([{ a: 1, b: 2 }], ["b", "a"]), "b,a\n2,1\n");
});

test("textTable aligns columns and prints whole-number columns without decimals", () => {
  const t = textTable([
    { house: "g1h1", houses: 3, cost: 12.5 },
    { house: "g10h2", houses: 12, cost: -3 },
  ]);
  assert.equal(
    t,
    ["house  houses   cost", "-----  ------  -----", "g1h1        3  12.50", "g10h2      12  -3.00"].join("\n"),
  );
});

// ---- the run ledger and its folds ----

import {
  batteryRows,
  costTotals,
  costsByDay,
  costsByGroup,
  costsByHouse,
  demoExample,
  flowRows,
  handExample,
  kpiTable,
  ledgerOf,
  runBaselines,
  savingsTable,
  scopeUnits,
  simulate,
  tradeMatrix,
} from "../../src/index.js";
// the command's summary is internal to the CLI (not in the public index)
import { runFileSources, runFiles, runSummary } from "../../src/results/summary.js";
import { BATTERY_CSV_HEADERS, FLOW_CSV_HEADERS } from "../../src/results/tables.js";
import {
  legacyBatteryRows,
  legacyCostTotals,
  legacyCostsByDay,
  legacyCostsByGroup,
  legacyCostsByHouse,
  legacyFlowRows,
  legacyKpiTable,
  legacyTradeMatrix,
} from "../helpers/legacy-tables.js";

test("the ledger's folds give the tables the old per-table code gave, on 10 days of the demo", async () => {
  const ex = demoExample();
  const runs = await runBaselines(ex.scenario, ex.profiles, { days: 10 });
  const r = runs.full;
  // costs, flows, battery levels and trades: the same numbers, bit for bit
  assert.deepEqual(
    costsByHouse(r).map(({ house, group, kind, cost }) => ({ house, group, kind, cost })),
    legacyCostsByHouse(r),
  );
  assert.deepEqual(
    costsByGroup(r).map(({ group, houses, cost }) => ({ group, houses, cost })),
    legacyCostsByGroup(r),
  );
  assert.deepEqual(costTotals(r), legacyCostTotals(r));
  assert.deepEqual(costsByDay(r), legacyCostsByDay(r));
  assert.deepEqual(flowRows(r), legacyFlowRows(r));
  assert.deepEqual(batteryRows(r), legacyBatteryRows(r));
  assert.deepEqual(tradeMatrix(r), legacyTradeMatrix(r));
  // KPIs: the same rows; sums taken in another order may differ in the last bits (1e-12 relative)
  for (const [name, run] of Object.entries(runs)) {
    const now = kpiTable(run, { reference: runs["grid-only"] }),
      then = legacyKpiTable(run, { reference: runs["grid-only"] });
    assert.deepEqual(
      now.map((k) => k.id),
      then.map((k) => k.id),
    );
    now.forEach((k, i) => {
      for (const [key, v] of Object.entries(k)) {
        const w = (then[i] as unknown as Record<string, unknown>)[key];
        if (typeof v === "number" && typeof w === "number")
          assert.ok(Math.abs(v - w) <= 1e-12 * Math.max(1, Math.abs(w)), `${name} ${k.id} ${key}: ${v} vs ${w}`);
        else assert.equal(v, w, `${name} ${k.id} ${key}`);
      }
    });
  }
  // the savings table reads the same totals by id
  const s = savingsTable(runs);
  assert.equal(s.at(-1)!.cost.full, legacyCostTotals(runs.full).overall);
  assert.equal(s.find((x) => x.id === "g1h3")!.cost["grid-only"], legacyCostTotals(runs["grid-only"]).byHouse.g1h3);
});

test("ledger on a day worked by hand: hourly cost, stand-alone cost and saving, daily bill", async () => {
  // One group, prosumer g1h1 and consumer g1h2, no battery; prices p_gb 20, p_gs 4, intra buy 14 / sell 10.
  // Hour 0: g1h1 PV 2, demand 0; g1h2 demand 1. Hour 1: g1h1 demand 1, no PV; g1h2 demand 0.
  // Optimum: hour 0 g1h1 sells 1 kWh to g1h2 (the community pays 14 − 10 = 4 instead of 20 − 4 = 16) and
  // 1 kWh to the grid; hour 1 g1h1 buys 1 from the grid.
  //   g1h1: hour 0 −10 − 4 = −14; hour 1 +20 → bill 6.   Alone: hour 0 −8 (sells 2), hour 1 +20 → 12. Saving 6.
  //   g1h2: hour 0 +14 → bill 14.                           Alone: 20.                                 Saving 6.
  const prices = {
    gridPurchase: 20,
    gridSale: 4,
    peerPurchaseIntra: 14,
    peerSaleIntra: 10,
    peerPurchaseInter: 16,
    peerSaleInter: 6,
    batteryUse: 1,
  };
  const ex = handExample(
    [{ prosumers: 1, consumers: 1 }],
    {
      g1h1: { demand: [0, 1], solar: [2, 0] },
      g1h2: { demand: [1, 0] },
    },
    { hoursPerDay: 2, prices },
  );
  // The split is unique here, so the solver's plan (a vertex, exact to 1e-9) is the fair one too;
  // the fair-bill stages would keep it only within docs/model.md's slacks.
  const r = await simulate(ex.scenario, ex.profiles, { allocation: "solver" });
  const l = buildLedger(r);
  const near = (a: number, b: number, what: string) => assert.ok(Math.abs(a - b) < 1e-9, `${what}: ${a} vs ${b}`);
  near(l.money.cost[l.at(0, 0, 0)], -14, "g1h1 hour 0 cost");
  near(l.money.cost[l.at(0, 1, 0)], 20, "g1h1 hour 1 cost");
  near(l.money.standaloneCost[l.at(0, 0, 0)], -8, "g1h1 hour 0 alone");
  near(l.money.saving[l.at(0, 0, 1)], 6, "g1h2 hour 0 saving");
  near(l.day.cost[l.atDay(0, 0)], 6, "g1h1 bill");
  near(l.day.saving[l.atDay(0, 1)], 6, "g1h2 saving");
  near(l.energy.soldIntra[l.at(0, 0, 0)], 1, "g1h1 sold intra");
  near(l.energy.boughtIntra[l.at(0, 0, 1)], 1, "g1h2 bought intra");
  assert.deepEqual(
    scopeUnits(r.network).map((u) => [u.scope, u.id, u.houses.join("+")]),
    [
      ["house", "g1h1", "g1h1"],
      ["house", "g1h2", "g1h2"],
      ["group", "g1", "g1h1+g1h2"],
      ["community", "community", "g1h1+g1h2"],
    ],
  );
  assert.equal(ledgerOf(r), ledgerOf(r), "built once per result");
  // costs-by-house.csv and summary.json carry the bill, the stand-alone cost and the saving, with units
  const byHouse = costsByHouse(r);
  near(byHouse[0].standaloneCost, 12, "g1h1 alone");
  near(byHouse[1].saving, 6, "g1h2 saving");
  const summary = runSummary(r);
  near(summary.saving.overall, 12, "community saving");
  near(summary.standalone.byGroup.g1, 32, "group alone");
  assert.match(summary.units.period, /^1 day /);
  const files = runFiles(r, summary);
  assert.equal(
    files["costs-by-house.csv"].split("\n")[0],
    "house,group,kind,days,cost_cu,standalone_cost_cu,saving_cu",
  );
  assert.match(files["costs-by-house.csv"], /\ng1h2,g1,consumer,1,14,20,6\n/);
  assert.equal(
    files["flows.csv"].split("\n")[0],
    "day,hour,house,group,demand_kwh,solar_kwh,grid_purchase_kwh,grid_sale_kwh,charge_kwh,discharge_kwh,bought_intra_kwh,bought_inter_kwh,sold_intra_kwh,sold_inter_kwh",
  );
  assert.equal(files["battery.csv"].split("\n")[0], "day,hour,group,level_kwh,charge_kwh,discharge_kwh");
  // costs-by-day.csv: units in the header; the hand case's day: objective 34 − 4 + … = g1h1 + g1h2 (hand bills 6 and 14)
  assert.equal(files["costs-by-day.csv"], "day,total_cu,g1_cu,g1h1_cu,g1h2_cu\n1,20,20,6,14\n");
  // the files as written (large tables a line at a time) are the same text as the whole strings
  const sources = runFileSources(r, summary);
  assert.deepEqual(Object.keys(sources), Object.keys(files));
  for (const [f, text] of Object.entries(sources)) {
    const whole = typeof text === "string" ? text : [...text].join("");
    assert.equal(whole, files[f], f);
    if (typeof text !== "string") assert.equal([...text].join(""), whole, `${f} read a second time`);
  }
  assert.equal(files["flows.csv"], toCsv(flowRows(r), { headers: FLOW_CSV_HEADERS }));
  assert.equal(files["battery.csv"], toCsv(batteryRows(r), { headers: BATTERY_CSV_HEADERS }));
});

test("groupsFromLists: one entry per group in each list, or one line naming the lists", async () => {
  const { groupsFromLists, demoBattery, InputError } = await import("../../src/index.js");
  const g = groupsFromLists({ prosumers: [2, 1], consumers: [1, 0], batteries: [demoBattery(5.25), null] });
  assert.deepEqual(
    g.map((x) => [x.prosumers, x.consumers, x.battery?.upper ?? null]),
    [
      [2, 1, 0.8 * 5.25],
      [1, 0, null],
    ],
  );
  assert.throws(
    () => groupsFromLists({ prosumers: [2, 1], consumers: [1], batteries: [null, null] }),
    (e: unknown) =>
      e instanceof InputError &&
      /PROSUMERS has 2, CONSUMERS 1 and the battery list 2/.test(e.message) &&
      !e.message.includes("\n"),
  );
});

test("profileTotals sums each house's demand and PV over every day and hour", async () => {
  const { profileTotals } = await import("../../src/index.js");
  // 2 days × 2 hours × 2 houses, layout (day·houses + house)·hours + hour:
  // house a: demand 1, 2 | 3, 4 → 10; PV 0.5, 0 | 0, 0.5 → 1. house b: demand 5 each → 20, PV 0.
  const p = {
    days: 2,
    hours: 2,
    houses: ["a", "b"],
    demand: Float64Array.from([1, 2, 5, 5, 3, 4, 5, 5]),
    solar: Float64Array.from([0.5, 0, 0, 0, 0, 0.5, 0, 0]),
  };
  assert.deepEqual(profileTotals(p), [
    { house: "a", demandKwh: 10, solarKwh: 1 },
    { house: "b", demandKwh: 20, solarKwh: 0 },
  ]);
});

test("the profile index (day · N + house) · T + hour is written out in profiles/layout.ts only", async () => {
  const { readdirSync, readFileSync } = await import("node:fs");
  const { join } = await import("node:path");
  const root = join(import.meta.dirname, "..", "..");
  const files = (dir: string): string[] =>
    readdirSync(join(root, dir), { withFileTypes: true }).flatMap((e) =>
      e.isDirectory() ? files(join(dir, e.name)) : [join(dir, e.name)],
    );
  // "(x · something + y) · hours-or-T + z": a house-major, hour-minor index over the profiles
  const pattern = /\(\(?[\w.]+(?: - 1\))? \* [\w.]+ \+ [\w.]+\) \* (?:T|[\w.]*hours)\b/;
  const hits = [...files("src"), "notebooks/main_demo.ipynb"].filter((f) =>
    pattern.test(readFileSync(join(root, f), "utf8")),
  );
  assert.deepEqual(hits, [join("src", "profiles", "layout.ts")]);
});
