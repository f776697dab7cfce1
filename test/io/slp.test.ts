// BDEW standard load profiles (docs/data-formats.md "Standard load
// profiles"): an H0 day in winter, summer and transition on a weekday, a
// Saturday and a Sunday; holidays as Sundays; the dynamisation factor; H25's
// months; scaling; refusals. The project ships no BDEW table: these tables
// are hand-made with one value per column so every number can be worked out.
import { test } from "node:test";
import assert from "node:assert/strict";
import {
  buildNetwork,
  demoScenario,
  dynamisation,
  parseSlpTable,
  profilesFromSeries,
  slpDay,
  slpDemand,
  slpSeason,
  type StudyClock,
} from "../../src/index.js";

const close = (a: number, b: number, what: string) =>
  assert.ok(Math.abs(a - b) < 1e-12, `${what}: expected ${b}, got ${a}`);
const refuse = (f: () => unknown, message: RegExp) =>
  assert.throws(
    f,
    (e: Error) => e.name === "InputError" && message.test(e.message) && !e.message.includes("\n"),
    String(message),
  );
const network = buildNetwork(demoScenario());

// Column values (W at 1 000 kWh/a, the same in all 96 quarters): winter Sa 10, Su 20, WT 30;
// summer Sa 40, Su 50, WT 60; transition Sa 70, Su 80, WT 90.
const H0_HEADER =
  "Zeit;Winter Samstag;Winter Sonntag;Winter Werktag;Sommer Samstag;Sommer Sonntag;Sommer Werktag;Übergangszeit Samstag;Übergangszeit Sonntag;Übergangszeit Werktag";
const h0 = (rows = 96) =>
  [
    H0_HEADER,
    ...Array.from(
      { length: rows },
      (_, q) =>
        `${String(Math.floor(q / 4)).padStart(2, "0")}:${String((q % 4) * 15).padStart(2, "0")};10;20;30;40;50;60;70;80;90,0`,
    ),
  ].join("\n");

test("seasons, day types, holidays as Sundays, 24 and 31 December as Saturdays; the dynamisation factor", () => {
  assert.deepEqual(
    [
      [1, 1],
      [3, 20],
      [3, 21],
      [5, 14],
      [5, 15],
      [9, 14],
      [9, 15],
      [10, 31],
      [11, 1],
    ].map(([m, d]) => slpSeason(m, d)),
    ["winter", "winter", "transition", "transition", "summer", "summer", "transition", "transition", "winter"],
  );
  assert.equal(slpDay("2025-06-04", "BY"), "weekday"); // a Wednesday
  assert.equal(slpDay("2025-06-07", "BY"), "saturday");
  assert.equal(slpDay("2025-06-08", "BY"), "sunday");
  assert.equal(slpDay("2025-06-19", "BY"), "sunday"); // Fronleichnam in Bavaria
  assert.equal(slpDay("2025-06-19", "BE"), "weekday"); // not in Berlin
  assert.equal(slpDay("2025-01-01", "BUND"), "sunday"); // Neujahr everywhere
  assert.equal(slpDay("2025-12-24", "BE"), "saturday"); // a Wednesday, a Saturday by BDEW's rule
  assert.equal(slpDay("2023-12-24", "BE"), "sunday"); // a Sunday stays a Sunday
  close(dynamisation(1), 1.24 + 0.0021 - 0.0000702 + 0.00000032 - 0.000000000392, "F(1)"); // 1.242030119608
  close(dynamisation(100), 1.24 + 0.21 - 0.702 + 0.32 - 0.0392, "F(100)"); // 1.0288
});

test("an H0 day of each season and day type, × annualKwh / 1 000 × the day's factor", () => {
  // Without normalisation a quarter of w W holds w · 0.25 / 1000 kWh per 1 000 kWh/a; 3 000 kWh/a triples it; each
  // hour of the study (UTC+1 = local time in winter) sums 4 quarters: w · 0.003 kWh per hour, × F(day of year).
  const table = parseSlpTable(h0(), "h0.csv");
  assert.equal(table.periods, "season");
  const hourly = (startDate: string, o: { zone?: string; dynamise?: boolean } = {}) =>
    slpDemand(table, network, {
      clock: { startDate, days: 1, stepsPerDay: 24, utcOffsetMinutes: 60 },
      annualKwh: 3000,
      normalize: false,
      state: "BY",
      ...o,
    }).kwh[0];
  // winter: Wed 2025-01-08 (day 8) weekday 30 W, Sat 01-11 (day 11) 10 W, Sun 01-12 (day 12) 20 W, Mon 01-06 (Heilige Drei Könige in BY) 20 W
  const F = dynamisation;
  close(hourly("2025-01-08")[5], 30 * 0.003 * F(8), "winter weekday");
  close(hourly("2025-01-11")[5], 10 * 0.003 * F(11), "winter Saturday");
  close(hourly("2025-01-12")[5], 20 * 0.003 * F(12), "winter Sunday");
  close(hourly("2025-01-06")[5], 20 * 0.003 * F(6), "holiday as Sunday");
  // without the factor: exactly w · 0.003
  close(hourly("2025-01-08", { dynamise: false })[5], 0.09, "winter weekday, not dynamised");
  // summer (CEST): with the zone the study hour 0 (00:00–01:00 UTC+1) is 01:00–02:00 local, still the same date;
  // Wed 2025-07-02 (day 183) 60 W, Sat 07-05 40 W, Sun 07-06 50 W
  close(hourly("2025-07-02", { zone: "Europe/Berlin", dynamise: false })[0], 0.18, "summer weekday");
  close(hourly("2025-07-05", { zone: "Europe/Berlin", dynamise: false })[0], 0.12, "summer Saturday");
  close(hourly("2025-07-06", { zone: "Europe/Berlin", dynamise: false })[0], 0.15, "summer Sunday");
  // and the study's last hour, 23:00–24:00 UTC+1 on Saturday 5 July, is 00:00–01:00 local on Sunday 6 July: 50 W
  close(
    hourly("2025-07-05", { zone: "Europe/Berlin", dynamise: false })[23],
    0.15,
    "summer Saturday's last study hour is Sunday locally",
  );
  // transition: Wed 2025-04-09 90 W, Sat 04-12 70 W, Sun 04-13 80 W, Good Friday 04-18 80 W
  close(hourly("2025-04-09", { dynamise: false })[12], 0.27, "transition weekday");
  close(hourly("2025-04-12", { dynamise: false })[12], 0.21, "transition Saturday");
  close(hourly("2025-04-13", { dynamise: false })[12], 0.24, "transition Sunday");
  close(hourly("2025-04-18", { dynamise: false })[12], 0.24, "Good Friday as Sunday");
});

test("normalised (the default): the year from day 1 sums to each house's annual kWh; 15-minute steps; into profiles", () => {
  const table = parseSlpTable(h0(), "h0.csv");
  const clock: StudyClock = { startDate: "2025-01-01", days: 365, stepsPerDay: 96, utcOffsetMinutes: 60 };
  const s = slpDemand(table, network, {
    clock,
    annualKwh: [3500, 2000, 4500, 1000, 0],
    zone: "Europe/Berlin",
    state: "BY",
  });
  [3500, 2000, 4500, 1000, 0].forEach((a, h) =>
    close(s.kwh[h].reduce((x, y) => x + y, 0) / (a || 1), a ? 1 : 0, `house ${h} year`),
  );
  // within a day, every quarter of a winter weekday holds the same: 3500 × (30 · F) / Σ — shape check: quarter 0 = quarter 95
  close(s.kwh[0][7 * 96], s.kwh[0][7 * 96 + 95], "flat day");
  const p = profilesFromSeries(network, { days: 365, stepsPerDay: 96 }, s);
  assert.equal(p.demand.length, 365 * 5 * 96);
});

test("H25: twelve months × three day types, not dynamised by default", () => {
  const months = [
    "Januar",
    "Februar",
    "März",
    "April",
    "Mai",
    "Juni",
    "Juli",
    "August",
    "September",
    "Oktober",
    "November",
    "Dezember",
  ];
  const header = ["time", ...months.flatMap((m) => [`${m} WT`, `${m} SA`, `${m} FT`])].join(",");
  // month m (1..12): WT m, SA 100 + m, FT 200 + m W
  const rows = Array.from({ length: 96 }, (_, q) =>
    [String(q), ...months.flatMap((_, i) => [i + 1, 101 + i, 201 + i].map(String))].join(","),
  );
  const table = parseSlpTable([header, ...rows].join("\n"), "h25.csv");
  assert.equal(table.periods, "month");
  const day = (startDate: string) =>
    slpDemand(table, network, {
      clock: { startDate, days: 1, stepsPerDay: 24, utcOffsetMinutes: 60 },
      annualKwh: 1000,
      normalize: false,
    }).kwh[0][10];
  close(day("2025-03-05"), 3 * 0.001, "March weekday: 3 W → 4 × 3 · 0.25 / 1000 kWh an hour"); // a Wednesday
  close(day("2025-03-08"), 103 * 0.001, "March Saturday");
  close(day("2025-10-03"), 210 * 0.001, "German Unity Day as a Sunday");
});

test("refusals: one line naming the file and line", () => {
  refuse(() => parseSlpTable("", "h0.csv"), /^h0\.csv: is empty/);
  refuse(
    () => parseSlpTable(h0().replace("Winter Samstag", "Winter Freitag"), "h0.csv"),
    /^h0\.csv:1: unknown header cell "Winter Freitag"/,
  );
  refuse(
    () => parseSlpTable(h0().replace("Winter Sonntag", "Winter Samstag"), "h0.csv"),
    /^h0\.csv:1: "Winter Samstag" repeats winter\/saturday/,
  );
  refuse(
    () => parseSlpTable(h0().replace("Winter Sonntag", "Januar Sonntag"), "h0.csv"),
    /^h0\.csv:1: header mixes seasons and months/,
  );
  refuse(() => parseSlpTable(h0(95), "h0.csv"), /^h0\.csv: has 95 quarter-hour rows, expected 96/);
  refuse(() => parseSlpTable(h0(97), "h0.csv"), /^h0\.csv:98: more than 96 quarter-hour rows/);
  refuse(
    () => parseSlpTable(h0().replace(";10;", ";-1;"), "h0.csv"),
    /^h0\.csv:2: winter\/saturday: "-1" is not a number ≥ 0/,
  );
  refuse(() => parseSlpTable(h0().replace(";10;", ";"), "h0.csv"), /^h0\.csv:2: expected 10 columns/);
  const table = parseSlpTable(h0(), "h0.csv");
  refuse(
    () =>
      slpDemand(table, network, {
        clock: { startDate: "2025-01-01", days: 1, stepsPerDay: 24, utcOffsetMinutes: 60 },
        annualKwh: [1, 2],
      }),
    /^annual kWh: give one value or one per house \(5\), got 2/,
  );
});
