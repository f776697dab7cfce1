// Meter files (docs/data-formats.md "Meter files"): 15-minute local-time files
// across both DST switches of Europe/Berlin, resampling energy vs power,
// profiles from a meter file, and every refusal, with the numbers worked
// out in the comments.
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  buildNetwork,
  demoScenario,
  localInstants,
  parseMeterCsv,
  profileIndex,
  profilesFromSeries,
  readMeterCsv,
  standardOffsetMinutes,
  zoneOffsetMinutes,
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
const pad = (n: number) => String(n).padStart(2, "0");

test("Europe/Berlin through Intl: offsets, standard time, the skipped and the repeated hour", () => {
  assert.equal(zoneOffsetMinutes("Europe/Berlin", Date.UTC(2025, 0, 15)), 60);
  assert.equal(zoneOffsetMinutes("Europe/Berlin", Date.UTC(2025, 6, 15)), 120);
  assert.equal(standardOffsetMinutes("Europe/Berlin", 2025), 60);
  assert.deepEqual(localInstants("Europe/Berlin", Date.UTC(2025, 2, 30, 2, 30)), []); // 02:30 does not exist on 30 March
  // 02:30 on 26 October happens twice: 00:30 UTC (CEST) and 01:30 UTC (CET)
  assert.deepEqual(localInstants("Europe/Berlin", Date.UTC(2025, 9, 26, 2, 30)), [
    Date.UTC(2025, 9, 26, 0, 30),
    Date.UTC(2025, 9, 26, 1, 30),
  ]);
  assert.deepEqual(localInstants("Europe/Berlin", Date.UTC(2025, 9, 26, 12, 0)), [Date.UTC(2025, 9, 26, 11, 0)]);
});

// The study runs in the zone's standard time (UTC+1 for Berlin) all year: every study day has 24 hours.
const hourly = (startDate: string, days = 1): StudyClock => ({
  startDate,
  days,
  stepsPerDay: 24,
  utcOffsetMinutes: 60,
});

test("spring switch (30 March 2025, a 23-hour local day): 15-minute local-time rows onto the study's 24 standard-time hours", () => {
  // Rows every 15 minutes of local time from 30 March 00:00 to 31 March 00:45 (02:00–02:45 do not exist);
  // each row holds 0.01 kWh × the local hour. Study hour h (UTC+1) is local hour h before the switch (h < 2)
  // and h + 1 after it (CEST), so its kWh = 4 × 0.01 × local hour: h=0: 0, h=1: 0.04, h=2: 0.12 (local 03), …,
  // h=22: 0.92 (local 23), h=23: local 00 of 31 March: 0.
  const rows = ["timestamp;house1 [kWh]"];
  for (const [day, hours] of [
    [30, [0, 1, ...Array.from({ length: 21 }, (_, i) => i + 3)]],
    [31, [0]],
  ] as const)
    for (const h of hours)
      for (const m of [0, 15, 30, 45])
        rows.push(`2025-03-${day}T${pad(h)}:${pad(m)};${(0.01 * h).toFixed(2).replace(".", ",")}`);
  const s = parseMeterCsv(rows.join("\n"), { clock: hourly("2025-03-30"), zone: "Europe/Berlin" });
  assert.equal(s.resolutionMinutes, 15);
  assert.deepEqual(s.names, ["house1"]);
  for (let h = 0; h < 24; h++) close(s.kwh[0][h], 0.04 * (h < 2 ? h : (h + 1) % 24), `study hour ${h}`);
});

test("autumn switch (26 October 2025, a 25-hour local day): the repeated hour read in file order, or by its offsets", () => {
  // Local rows from 26 October 00:00 to 23:45, with 02:00–02:45 written twice (first CEST, then CET).
  // Each row: 0.01 kWh × local hour, but 0.05 in the repeated (CET) 02:xx. The study day (UTC+1) starts at
  // local 01:00 CEST: h=0 local 01 (0.04), h=1 local 02 CEST (0.08), h=2 local 02 CET (4 × 0.05 = 0.2),
  // h ≥ 3: local hour h (0.04 h), so h=23 is 0.92. Local 00:00–00:45 CEST lies before the study and is skipped.
  const local: string[] = [],
    offsets: string[] = [];
  for (let h = 0; h < 24; h++)
    for (const pass of h === 2 ? [0, 1] : [0])
      for (const m of [0, 15, 30, 45]) {
        const kwh = h === 2 && pass === 1 ? 0.05 : 0.01 * h;
        local.push(`2025-10-26 ${pad(h)}:${pad(m)},${kwh}`);
        const cest = h < 2 || (h === 2 && pass === 0);
        offsets.push(`2025-10-26T${pad(h)}:${pad(m)}:00${cest ? "+02:00" : "+01:00"},${kwh * 4}`); // as kW: 4 × the quarter's kWh
      }
  const expected = (h: number) => (h === 0 ? 0.04 : h === 1 ? 0.08 : h === 2 ? 0.2 : 0.04 * h);
  const a = parseMeterCsv(["time,g1h1 [kWh]", ...local].join("\n"), {
    clock: hourly("2025-10-26"),
    zone: "Europe/Berlin",
  });
  for (let h = 0; h < 24; h++) close(a.kwh[0][h], expected(h), `local-time file, study hour ${h}`);
  // the same file with ISO offsets needs no zone; in kW each quarter is kW × 0.25 h (power averaged)
  const b = parseMeterCsv(["time,g1h1 [kW]", ...offsets].join("\n"), { clock: hourly("2025-10-26") });
  for (let h = 0; h < 24; h++) assert.ok(Math.abs(b.kwh[0][h] - expected(h)) < 1e-12, `offset file, study hour ${h}`);
});

test("resampling: energy summed, power averaged, a coarser file split evenly over 15-minute steps", () => {
  // 30-minute rows, 1000 W then 3000 W: the hour's mean power is 2 kW, so 2 kWh; the same in Wh (500 + 1500) gives 2 kWh
  const clock = hourly("2025-01-01");
  const half = (unit: string, a: number, b: number) =>
    [
      "time,h [" + unit + "]",
      ...Array.from(
        { length: 48 },
        (_, i) => `2025-01-01T${pad(Math.floor(i / 2))}:${i % 2 ? "30" : "00"}+01:00,${i % 2 ? b : a}`,
      ),
    ].join("\n");
  close(parseMeterCsv(half("W", 1000, 3000), { clock }).kwh[0][5], 2, "W");
  close(parseMeterCsv(half("Wh", 500, 1500), { clock }).kwh[0][5], 2, "Wh");
  close(parseMeterCsv(half("kW", 1, 3), { clock }).kwh[0][5], 2, "kW");
  // hourly kWh onto 15-minute steps: 1 kWh an hour is 0.25 per step
  const h = ["time,h_kwh", ...Array.from({ length: 24 }, (_, i) => `2025-01-01T${pad(i)}:00Z,1`)].join("\n");
  const quarter = parseMeterCsv(h, { clock: { ...clock, stepsPerDay: 96, utcOffsetMinutes: 0 } });
  assert.equal(quarter.kwh[0].length, 96);
  for (const v of quarter.kwh[0]) close(v, 0.25, "quarter");
  // the unit given as an option for bare column names
  close(
    parseMeterCsv(h.replace("h_kwh", "h"), { clock: { ...clock, utcOffsetMinutes: 0 }, unit: "kWh" }).kwh[0][3],
    1,
    "unit option",
  );
});

test("timestamps at the intervals' ends (stampsAtEnd): 01:00 names 00:00–01:00", () => {
  // rows stamped 01:00 … 24:00 (next day 00:00) of 1 January, +01:00, each holding its hour number: study hour h gets h + 1
  const rows = [
    "time,a [kWh]",
    ...Array.from(
      { length: 24 },
      (_, i) => `${i < 23 ? `2025-01-01T${pad(i + 1)}` : "2025-01-02T00"}:00+01:00,${i + 1}`,
    ),
  ];
  const s = parseMeterCsv(rows.join("\n"), { clock: hourly("2025-01-01"), stampsAtEnd: true });
  assert.deepEqual(
    [...s.kwh[0]],
    Array.from({ length: 24 }, (_, h) => h + 1),
  );
  refuse(
    () =>
      parseMeterCsv(rows.slice(0, 12).join("\n"), { clock: hourly("2025-01-01"), stampsAtEnd: true, file: "m.csv" }),
    /^m\.csv: no data for study day 1 \(2025-01-01 11:00 study time, 2025-01-01T10:00Z\); the file covers 2024-12-31T23:00Z to 2025-01-01T10:00Z/,
  );
  // columns not named by house id, one per house: taken in order, and noted
  const network = buildNetwork(demoScenario());
  const five = parseMeterCsv(
    [
      "time,m1 [kWh],m2 [kWh],m3 [kWh],m4 [kWh],m5 [kWh]",
      ...Array.from({ length: 24 }, (_, h) => `2025-01-01T${pad(h)}:00+01:00,1,2,3,4,5`),
    ].join("\n"),
    { clock: hourly("2025-01-01") },
  );
  const p = profilesFromSeries(network, { days: 1, stepsPerDay: 24 }, five);
  close(p.demand[profileIndex(p, 0, 3, 0)], 4, "m4 is g2h1");
  assert.match(five.notes[0], /columns m1, m2, m3, m4, m5 taken as houses g1h1, g1h2, g1h3, g2h1, g2h2, in order/);
});

test("profiles from a meter file: columns by house id, PV per house, consumers 0; read from disk", () => {
  const network = buildNetwork(demoScenario());
  const ids = network.houses.map((h) => h.id);
  const clock = hourly("2025-01-01");
  const rows = [
    `time,${[...ids]
      .reverse()
      .map((id) => `${id} [kWh]`)
      .join(",")}`,
  ];
  for (let i = 0; i < 24; i++)
    rows.push(
      `2025-01-01T${pad(i)}:00+01:00,${[...ids]
        .reverse()
        .map((_, k) => (4 - k) / 10)
        .join(",")}`,
    );
  const dir = mkdtempSync(join(tmpdir(), "meter-"));
  try {
    writeFileSync(join(dir, "meter.csv"), rows.join("\n"));
    const s = readMeterCsv(join(dir, "meter.csv"), { clock });
    const pv = network.houses.map(() => new Float64Array(24).fill(0.3));
    const p = profilesFromSeries(network, clock, s, pv);
    // g1h1 is the last column (k = 4 in reverse order): 0.4 kWh an hour; g2h2 the first: 0
    close(p.demand[profileIndex(p, 0, 0, 7)], 0, "g1h1");
    close(p.demand[profileIndex(p, 0, 4, 7)], 0.4, "g2h2");
    close(p.solar[profileIndex(p, 0, 0, 12)], 0.3, "g1h1 PV");
    close(p.solar[profileIndex(p, 0, 2, 12)], 0, "g1h3 is a consumer");
    refuse(
      () => profilesFromSeries(network, clock, { ...s, names: ["x", ...s.names.slice(2)], kwh: s.kwh.slice(1) }),
      /column "x" is no house of the scenario/,
    );
    refuse(() => readMeterCsv(join(dir, "nope.csv"), { clock }), /nope\.csv: cannot be read \(ENOENT/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("refusals: one line naming the file, line and problem", () => {
  const clock = hourly("2025-01-01");
  const rows = (n: number, step = 15, from = 0) =>
    Array.from({ length: n }, (_, i) => {
      const t = new Date(Date.UTC(2025, 0, 1) - 3600e3 + (from + i * step) * 60e3);
      return `${t.toISOString().slice(0, 16)}Z,0.1`;
    });
  const file = (lines: string[], head = "time,a [kWh]") => [head, ...lines].join("\n");
  const p =
    (text: string, o = {}) =>
    () =>
      parseMeterCsv(text, { clock, file: "m.csv", ...o });
  refuse(
    p("house,a\n1,2\n"),
    /^m\.csv:1: unknown header "house,a": the first column must be the interval's start time/,
  );
  refuse(
    p(file(rows(96), "time,a [MWh]")),
    /^m\.csv:1: column "a \[MWh\]": unknown unit "MWh" \(one of W, kW, Wh, kWh\)/,
  );
  refuse(p(file(rows(96), "time,a")), /^m\.csv:1: column "a" names no unit/);
  refuse(p(file(rows(96), "time,a [kWh],a [kW]")), /^m\.csv:1: column "a" appears twice/);
  refuse(
    p(file([...rows(4), ...rows(4, 10, 60)])),
    /^m\.csv:7: mixed resolutions: 10 minutes after line 6, but the file's resolution is 15 minutes \(lines 2–3\)/,
  );
  refuse(
    p(file([...rows(4), ...rows(92, 15, 75)])),
    /^m\.csv:6: gap: no data from 2025-01-01T00:00Z to 2025-01-01T00:15Z \(15 minutes after line 5\); fill it in the file/,
  );
  const dup = rows(96);
  dup.splice(10, 0, dup[9]);
  refuse(p(file(dup)), /^m\.csv:12: duplicate timestamp 2025-01-01T01:15Z \(first at line 11\)/);
  const back = rows(96);
  back[4] = back[1];
  refuse(
    p(file(back)),
    /^m\.csv:6: timestamp 2024-12-31T23:15Z is earlier than line 5's \(2024-12-31T23:45Z\); rows must be in time order/,
  );
  refuse(
    p(file(rows(96).map((r) => r.replace("Z", "")))),
    /^m\.csv:2: timestamp "2024-12-31T23:00" has no UTC offset; give the file's time zone/,
  );
  refuse(
    p(file(["2025-03-30T02:15,1"]), { zone: "Europe/Berlin" }),
    /^m\.csv:2: 2025-03-30T02:15 does not exist in Europe\/Berlin \(the clock skips/,
  );
  refuse(p(file(rows(96)), { zone: "Europe/Berln" }), /unknown time zone "Europe\/Berln"/);
  refuse(
    p(file(rows(96).map((r, i) => (i === 5 ? r.replace("0.1", "-") : r)))),
    /^m\.csv:7: a: "-" is not a number \(a missing value is a gap/,
  );
  refuse(
    p(file(rows(96).map((r, i) => (i === 5 ? r.replace("0.1", "-0.1") : r)))),
    /^m\.csv:7: a: must not be negative/,
  );
  refuse(
    p(file(rows(96).map((r, i) => (i === 5 ? r + ",9" : r)))),
    /^m\.csv:7: expected 2 columns as the header \(line 1\) names, got 3/,
  );
  refuse(p(file(rows(96).map((r, i) => (i === 5 ? "yesterday,1" : r)))), /^m\.csv:7: "yesterday" is not a timestamp/);
  refuse(
    p(file(rows(50))),
    /^m\.csv: no data for study day 1 \(2025-01-01 12:30 study time, 2025-01-01T11:30Z\); the file covers 2024-12-31T23:00Z to 2025-01-01T11:30Z/,
  );
  refuse(
    p(file(rows(96, 15, 5))),
    /^m\.csv:2: timestamp 2024-12-31T23:05Z does not start a 15-minute step of the study's clock \(UTC\+1\)/,
  );
  refuse(
    p(file(rows(96, 20))),
    /^m\.csv:3: rows are 20 minutes apart; a file's resolution must be one of 5, 10, 15, 30, 60 minutes/,
  );
  refuse(p(file(rows(1))), /^m\.csv: has a single data row/);
  refuse(p(""), /^m\.csv: is empty/);
});

test("short gaps may be filled by interpolation, and are reported", () => {
  const clock = hourly("2025-01-01");
  // 15-minute kWh rows 0.1, a missing 00:30 between 0.1 (00:15) and 0.3 (00:45): filled with 0.2, so the hour is 0.7
  const rows = ["time,a [kWh]"];
  for (let i = 0; i < 96; i++) {
    if (i === 2) continue;
    rows.push(`2025-01-01T${pad(Math.floor(i / 4))}:${pad((i % 4) * 15)}+01:00,${i === 3 ? 0.3 : 0.1}`);
  }
  const s = parseMeterCsv(rows.join("\n"), { clock, fillGapsMinutes: 15, file: "m.csv" });
  close(s.kwh[0][0], 0.7, "hour 0");
  assert.match(
    s.notes[0],
    /^m\.csv:4: filled 15 minutes \(2024-12-31T23:30Z to 2024-12-31T23:45Z\) by linear interpolation/,
  );
  refuse(
    () => parseMeterCsv(rows.join("\n"), { clock, fillGapsMinutes: 10, file: "m.csv" }),
    /^m\.csv:4: gap: .*; longer than the 10 minutes that may be filled/,
  );
});
