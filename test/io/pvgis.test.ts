// PVGIS hourly files (docs/data-formats.md "PVGIS hourly files"): the real
// samples in test/fixtures/pvgis (PVGIS © European Union, see its README),
// hand-made files with the numbers worked out in the comments, and every
// refusal.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { buildNetwork, demoScenario, parsePvgis, pvgisPerHouse, readPvgis, type StudyClock } from "../../src/index.js";

const FIX = join(import.meta.dirname, "..", "fixtures", "pvgis");
const network = buildNetwork(demoScenario()); // g1h1, g1h2 prosumers, g1h3 consumer, g2h1 prosumer, g2h2 consumer
const close = (a: number, b: number, what: string) =>
  assert.ok(Math.abs(a - b) < 1e-12, `${what}: expected ${b}, got ${a}`);
const refuse = (f: () => unknown, message: RegExp) =>
  assert.throws(
    f,
    (e: Error) => e.name === "InputError" && message.test(e.message) && !e.message.includes("\n"),
    String(message),
  );

test("the real PVGIS CSV (irradiance only): header read, footer skipped, Gb+Gd+Gr per UTC hour", () => {
  const p = readPvgis(join(FIX, "Timeseries_45.000_8.000_SA_30deg_0deg_2016_2016.csv"));
  assert.equal(p.kind, "irradiance");
  assert.deepEqual(p.meta, {
    latitude: 45,
    longitude: 8,
    elevation: 250,
    database: "PVGIS-SARAH",
    slope: "30 deg.",
    azimuth: "0 deg.",
  });
  assert.equal(p.startMs, Date.UTC(2016, 0, 1, 0)); // 20160101:0010 is the hour 00:00–01:00 UTC
  assert.equal(p.values.length, 14); // 00:10 … 13:10, then the footer
  close(p.values[8], 26.71 + 8.28 + 0.21, "08 UTC"); // 35.2 W/m²
  close(p.values[12], 4.25 + 1.88 + 0.05, "12 UTC");
  // a study day needs 24 hours: this sample has 14, so a day is refused, naming what the file covers
  const clock: StudyClock = { startDate: "2016-01-01", days: 1, stepsPerDay: 24, utcOffsetMinutes: 0 };
  refuse(
    () => pvgisPerHouse(p, network, { clock, kwp: 1 }),
    /no data for study day 1 \(2016-01-01 mapped to year 2016\): it covers 2016-01-01T00h UTC to 2016-01-01T13h UTC/,
  );
});

test("the real PVGIS JSON (P of a 10 kWp system, and G(i)): inputs read, hourly rows", () => {
  const p = readPvgis(join(FIX, "Timeseries_45.000_8.000_SA2_10kWp_CIS_5_2a_2013_2014.json"));
  assert.equal(p.kind, "power");
  assert.equal(p.meta.latitude, 45);
  assert.equal(p.meta.peakPowerKw, 10);
  assert.equal(p.meta.systemLossPercent, 5);
  assert.equal(p.meta.database, "PVGIS-SARAH2");
  assert.equal(p.startMs, Date.UTC(2013, 0, 1, 0));
  assert.deepEqual([...p.values.slice(7)], [0, 1187.2, 3950.1]);
  // the same file as irradiance: G(i)
  const g = readPvgis(join(FIX, "Timeseries_45.000_8.000_SA2_10kWp_CIS_5_2a_2013_2014.json"), { use: "irradiance" });
  assert.equal(g.kind, "irradiance");
  assert.deepEqual([...g.values.slice(8)], [129.59, 423.28]);
});

/** A PVGIS CSV as served (header, column header, rows, footer) with `P` per UTC hour. */
function pvgisCsv(
  year: number,
  month: number,
  day: number,
  days: number,
  p: (hour: number) => number,
  kwp = 2,
): string {
  const rows: string[] = [];
  for (let h = 0; h < days * 24; h++) {
    const t = new Date(Date.UTC(year, month - 1, day) + h * 3600e3);
    const stamp =
      t.toISOString().slice(0, 10).replace(/-/g, "") + ":" + String(t.getUTCHours()).padStart(2, "0") + "10";
    rows.push(`${stamp},${p(h)},1.0,2.0,0.1,10.0,5.0,1.0,0.0`);
  }
  return [
    "Latitude (decimal degrees):\t48.137",
    "Longitude (decimal degrees):\t11.575",
    "Elevation (m):\t520",
    "Radiation database:\tPVGIS-SARAH2",
    "",
    "",
    "Slope: 35 deg. ",
    "Azimuth: 0 deg. ",
    `Nominal power of the PV system (c-Si) (kWp):\t${kwp}`,
    "System losses (%):\t14.0",
    "time,P,Gb(i),Gd(i),Gr(i),H_sun,T2m,WS10m,Int",
    ...rows,
    "",
    "P: PV system power (W)",
    "Gb(i): Beam (direct) irradiance on the inclined plane (plane of the array) (W/m2)",
    "",
    "PVGIS (c) European Union, 2001-2023",
    "",
  ].join("\r\n");
}

test("P scaled to each prosumer's kWp, UTC hours on the study's clock (UTC+1), split into 15-minute steps", () => {
  // P = 1000 W from 10 to 13 UTC (4 hours) of a 2 kWp system: 0.5 kWh per kWp and hour.
  // Study day 1 = 2025-02-28 in UTC+1, from the file's year 2024: 10–13 UTC are 11:00–15:00 local,
  // steps 44..59 of 96; a 5 kWp house gets 2.5 kWh an hour, 0.625 kWh a step, 10 kWh the day.
  // The study's first hour (00:00–01:00 UTC+1 = 23:00 UTC on 27 Feb) is before the file: it takes 28 Feb 23:00 UTC (0) and says so.
  const text = pvgisCsv(2024, 2, 28, 2, (h) => (h % 24 >= 10 && h % 24 <= 13 ? 1000 : 0));
  const p = parsePvgis(text, { file: "munich.csv" });
  const clock: StudyClock = { startDate: "2025-02-28", days: 1, stepsPerDay: 96, utcOffsetMinutes: 60 };
  const r = pvgisPerHouse(p, network, {
    clock,
    kwp: [5, 4, 3],
    year: 2024,
    place: { latitude: 48.1, longitude: 11.6 },
  });
  assert.equal(r.year, 2024);
  const g1h1 = r.kwh[0];
  for (let t = 0; t < 96; t++) close(g1h1[t], t >= 44 && t < 60 ? 0.625 : 0, `g1h1 step ${t}`);
  close(
    g1h1.reduce((a, b) => a + b, 0),
    10,
    "g1h1 day",
  );
  close(
    r.kwh[1].reduce((a, b) => a + b, 0),
    8,
    "g1h2 (4 kWp)",
  ); // 4 kWp · 0.5 · 4 h
  close(
    r.kwh[3].reduce((a, b) => a + b, 0),
    6,
    "g2h1 (3 kWp)",
  );
  assert.equal(
    r.kwh[2].reduce((a, b) => a + b, 0),
    0,
  ); // a consumer
  assert.match(r.notes.join("\n"), /munich\.csv: 1 hour\(s\) at the edge/);
  // a per-house factor (shading): 0.5 for g1h1 halves its day
  const f = pvgisPerHouse(p, network, { clock, kwp: 5, year: 2024, factor: [0.5, 1, 1, 1, 1] });
  close(
    f.kwh[0].reduce((a, b) => a + b, 0),
    5,
    "g1h1 shaded",
  );
  // 29 February exists in 2024: a study of 2 days from 2024-02-28 on the file's own year
  const leap = pvgisPerHouse(p, network, {
    clock: { ...clock, startDate: "2024-02-28", days: 2, stepsPerDay: 24 },
    kwp: 5,
  });
  close(
    leap.kwh[0].slice(24).reduce((a, b) => a + b, 0),
    10,
    "29 February",
  );
});

test("irradiance: PV = kWp × G/1000 × performance ratio; a leap year has 8 784 rows", () => {
  // G(i) = 500 W/m² in every hour: 5 kWp × 0.5 × 0.8 = 2 kWh an hour (default ratio 0.8), 1.5 with ratio 0.6
  const rows = Array.from({ length: 8784 }, (_, h) => {
    const t = new Date(Date.UTC(2020, 0, 1) + h * 3600e3);
    return `${t.toISOString().slice(0, 10).replace(/-/g, "")}:${String(t.getUTCHours()).padStart(2, "0")}55,500,20,0`;
  });
  const p = parsePvgis(
    [
      "Latitude (decimal degrees):\t48.137",
      "Longitude (decimal degrees):\t11.575",
      "time,G(i),H_sun,T2m",
      ...rows,
      "",
      "PVGIS (c) European Union, 2001-2023",
    ].join("\n"),
  );
  assert.equal(p.values.length, 8784);
  const clock: StudyClock = { startDate: "2020-02-29", days: 1, stepsPerDay: 24, utcOffsetMinutes: 0 };
  close(pvgisPerHouse(p, network, { clock, kwp: 5 }).kwh[0][12], 2, "ratio 0.8");
  close(pvgisPerHouse(p, network, { clock, kwp: 5, performanceRatio: 0.6 }).kwh[0][12], 1.5, "ratio 0.6");
  // a study on 2021-12-31 mapped onto 2020 by default (the file has no 2021): noted
  const other = pvgisPerHouse(p, network, { clock: { ...clock, startDate: "2021-12-31" }, kwp: 5 });
  assert.equal(other.year, 2020);
  assert.match(other.notes[0], /year 2020 stands for the study's 2021/);
});

test("refusals: one line naming the file and line (or JSON entry)", () => {
  const ok = pvgisCsv(2024, 2, 28, 1, () => 0);
  const lines = ok.split("\r\n");
  const at = (i: number) =>
    lines.indexOf(lines.find((l) => l.startsWith("2024022" + "8:" + String(i).padStart(2, "0")))!) + 1;
  refuse(
    () => parsePvgis("hello world\n", { file: "x.csv" }),
    /^x\.csv:1: unknown header line "hello world"; is this a PVGIS hourly/,
  );
  refuse(
    () => parsePvgis("Latitude (decimal degrees):\t48\n", { file: "x.csv" }),
    /x\.csv: has no PVGIS column header/,
  );
  refuse(
    () => parsePvgis("time,H_sun,T2m\n20200101:0010,0,1\n", { file: "x.csv" }),
    /x\.csv:1: PVGIS header "time,H_sun,T2m" has neither P nor G\(i\)/,
  );
  refuse(
    () => parsePvgis("Latitude (decimal degrees):\tforty\n", { file: "x.csv" }),
    /x\.csv:1: Latitude \(decimal degrees\): "forty" is not a number/,
  );
  const swap = (i: number, j: number) => {
    const l = [...lines];
    [l[at(i) - 1], l[at(j) - 1]] = [l[at(j) - 1], l[at(i) - 1]];
    return l.join("\n");
  };
  refuse(
    () => parsePvgis(swap(3, 4), { file: "x.csv" }),
    new RegExp(`x\\.csv:${at(3)}: hour out of order|x\\.csv:${at(3)}: gap`),
  );
  const dup = [...lines];
  dup[at(5) - 1] = dup[at(4) - 1];
  refuse(
    () => parsePvgis(dup.join("\n"), { file: "x.csv" }),
    new RegExp(`x\\.csv:${at(5)}: duplicate hour: 2024-02-28T04h UTC follows 2024-02-28T04h UTC \\(line ${at(4)}\\)`),
  );
  const gap = lines.filter((_, i) => i !== at(6) - 1);
  refuse(
    () => parsePvgis(gap.join("\n"), { file: "x.csv" }),
    new RegExp(`x\\.csv:${at(7) - 1}: gap: 2024-02-28T07h UTC follows 2024-02-28T05h UTC`),
  );
  const bad = [...lines];
  bad[at(2) - 1] = bad[at(2) - 1].replace(/,0,/, ",abc,");
  refuse(() => parsePvgis(bad.join("\n"), { file: "x.csv" }), new RegExp(`x\\.csv:${at(2)}: P: "abc" is not a number`));
  refuse(() => parsePvgis('{"outputs": {}}', { file: "x.json" }), /x\.json: has no outputs\.hourly array/);
  refuse(
    () => parsePvgis('{"outputs": {"hourly": [{"time": "2020010:0010", "P": 1}]}}', { file: "x.json" }),
    /x\.json: outputs\.hourly\[0\]: time "2020010:0010" is not a PVGIS time/,
  );
  refuse(
    () => parsePvgis('{"outputs": {"hourly": [{"time": "20200101:0010", "P": "1"}]}}', { file: "x.json" }),
    /x\.json: outputs\.hourly\[0\]: P must be a number/,
  );
  refuse(() => parsePvgis("{", { file: "x.json" }), /x\.json: is not valid JSON/);
  // another place than the scenario's; a year the file lacks; 29 February in a year without it; kWp of the wrong length
  const p = parsePvgis(
    pvgisCsv(2023, 2, 28, 2, () => 0),
    { file: "m.csv" },
  );
  const clock: StudyClock = { startDate: "2024-02-28", days: 2, stepsPerDay: 24, utcOffsetMinutes: 0 };
  refuse(
    () => pvgisPerHouse(p, network, { clock, kwp: 1, place: { latitude: 52.52, longitude: 13.4 } }),
    /m\.csv: is for 48\.137, 11\.575, not the scenario's 52\.52, 13\.4 \(accept it/,
  );
  assert.match(
    pvgisPerHouse(p, network, {
      clock: { ...clock, days: 1 },
      kwp: 1,
      year: 2023,
      place: { latitude: 52.52, longitude: 13.4 },
      acceptLocation: true,
    }).notes[0],
    /\(accepted\)/,
  );
  refuse(
    () => pvgisPerHouse(p, network, { clock, kwp: 1, year: 2019 }),
    /m\.csv: has no year 2019: it covers 2023–2023/,
  );
  refuse(
    () => pvgisPerHouse(p, network, { clock, kwp: 1, year: 2023 }),
    /m\.csv: year 2023 has no 29 February \(study day 2\); choose a leap year/,
  );
  refuse(
    () => pvgisPerHouse(p, network, { clock: { ...clock, days: 1 }, kwp: [1, 2], year: 2023 }),
    /m\.csv: kWp: give one value, one per prosumer \(3\) or one per house \(5\), got 2/,
  );
  refuse(
    () => pvgisPerHouse(p, network, { clock: { ...clock, days: 1, utcOffsetMinutes: 330 }, kwp: 1, year: 2023 }),
    /PVGIS hours are UTC hours/,
  );
  refuse(() => readPvgis("/nonexistent/pvgis.csv"), /^\/nonexistent\/pvgis\.csv: cannot be read \(ENOENT/);
});
