// The seasonal recipe calibrated to a place's monthly yield (docs/recipes.md):
// a PVGIS file's monthly means, and the recipe's PV scaled month by month to
// them, with the numbers worked out in the comments.
import { test } from "node:test";
import assert from "node:assert/strict";
import {
  buildNetwork,
  calibrateMonthlyPv,
  demoScenario,
  generateProfiles,
  monthlyPvPerKwp,
  parsePvgis,
  pvgisMonthlyYield,
  type Scenario,
} from "../../src/index.js";

const close = (a: number, b: number, what: string, tol = 1e-9) =>
  assert.ok(Math.abs(a - b) < tol, `${what}: expected ${b}, got ${a}`);
const refuse = (f: () => unknown, message: RegExp) =>
  assert.throws(f, (e: Error) => e.name === "InputError" && message.test(e.message), String(message));

/** A PVGIS power file of a 2 kWp system, P = 1000 W at 12 UTC every day, from `from` for `hours` hours. */
function pvgis(from: number, hours: number): string {
  const rows = Array.from({ length: hours }, (_, h) => {
    const t = new Date(from + h * 3600e3);
    return `${t.toISOString().slice(0, 10).replace(/-/g, "")}:${String(t.getUTCHours()).padStart(2, "0")}10,${t.getUTCHours() === 12 ? 1000 : 0}`;
  });
  return ["Nominal power of the PV system (c-Si) (kWp):\t2.0", "time,P", ...rows].join("\n");
}

test("a PVGIS file's monthly yield: the mean over its complete months", () => {
  // 0.5 kWh per kWp a day: January 15.5; February 14 in 2023 and 14.5 in 2024, so 14.25 over both years
  const p = parsePvgis(pvgis(Date.UTC(2023, 0, 1), (365 + 366) * 24));
  const y = pvgisMonthlyYield(p);
  close(y[0], 15.5, "January");
  close(y[1], 14.25, "February");
  close(y[3], 15, "April");
  refuse(() => pvgisMonthlyYield(parsePvgis(pvgis(Date.UTC(2023, 0, 2), 365 * 24))), /has no complete January/);
});

test("the seasonal recipe's months scaled to a place's: totals match, hour shapes stay", () => {
  const scenario: Scenario = {
    ...demoScenario(),
    days: 365,
    synthetic: {
      recipe: "seasonal",
      latitude: 48.14,
      longitude: 11.58,
      utcOffset: 1,
      startDate: "2025-01-01",
      annualDemandKwh: 3500,
      pvKwp: [5, 4, 3],
    },
  };
  const network = buildNetwork(scenario);
  const recipe = generateProfiles(scenario, network);
  const clock = { startDate: "2025-01-01" };
  const target = [30, 50, 85, 115, 135, 140, 145, 125, 95, 60, 32, 25]; // kWh/kWp, a made-up place
  const before = monthlyPvPerKwp(recipe, clock, network, [5, 4, 3]);
  const after = calibrateMonthlyPv(recipe, clock, network, [5, 4, 3], target);
  monthlyPvPerKwp(after, clock, network, [5, 4, 3]).forEach((v, m) => close(v, target[m], `month ${m + 1}`));
  // one house, one month: g1h2 (4 kWp) in March sums 85 × 4 = 340 kWh
  let march = 0;
  for (let d = 59; d < 90; d++) for (let t = 0; t < 24; t++) march += after.solar[(d * 5 + 1) * 24 + t];
  close(march, 340, "g1h2 March");
  // within a day the hours keep their ratios (a day of June: the factor is June's for every hour)
  const i = (t: number) => (160 * 5 + 0) * 24 + t;
  close(after.solar[i(12)] / after.solar[i(10)], recipe.solar[i(12)] / recipe.solar[i(10)], "hour ratio");
  assert.notDeepEqual(
    before.map((v) => Math.round(v)),
    target,
  );
  // a study of 20 days from 20 January: January's 12 days get 12/31 of January's yield
  const short = { ...scenario, days: 20, synthetic: { ...scenario.synthetic!, startDate: "2025-01-20" } } as Scenario;
  const s = calibrateMonthlyPv(
    generateProfiles(short, network),
    { startDate: "2025-01-20" },
    network,
    [5, 4, 3],
    target,
  );
  let jan = 0;
  for (let d = 0; d < 12; d++) for (let t = 0; t < 24; t++) jan += s.solar[(d * 5 + 0) * 24 + t];
  close(jan, (30 * 5 * 12) / 31, "g1h1 in 12 January days");
  refuse(() => calibrateMonthlyPv(recipe, clock, network, 5, [1, 2]), /give 12 values/);
});
