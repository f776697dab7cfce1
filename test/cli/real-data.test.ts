// `npm run demo -- --pv --demand --spot --tariff --zone --start --kwp --pv-year`
// (docs/cli.md "Real data"): two demo days built only from real-format
// files, solved and audited, the given files kept beside the results; and the
// refusals of the options (exit 2, one line, nothing written).
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DEMO_CLI } from "../helpers/cli-paths.js";
import { entsoeJune } from "../helpers/entsoe.js";
import { demoScenario, scenarioToJson } from "../../src/index.js";

const tmp = mkdtempSync(join(tmpdir(), "p2p-real-"));
process.on("exit", () => rmSync(tmp, { recursive: true, force: true }));
const pad = (n: number) => String(n).padStart(2, "0");

/** PVGIS CSV of a 1 kWp system, 2020-05-31 to 2020-06-03 (UTC): P = 500 W from 08 to 15 UTC, else 0. */
function pvgis(): string {
  const rows: string[] = [];
  for (let h = 0; h < 4 * 24; h++) {
    const t = new Date(Date.UTC(2020, 4, 31) + h * 3600e3);
    const hour = t.getUTCHours();
    rows.push(
      `${t.toISOString().slice(0, 10).replace(/-/g, "")}:${pad(hour)}10,${hour >= 8 && hour <= 15 ? 500 : 0},1,1,0,10,15,2,0.0`,
    );
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
    "Nominal power of the PV system (c-Si) (kWp):\t1.0",
    "System losses (%):\t14.0",
    "time,P,Gb(i),Gd(i),Gr(i),H_sun,T2m,WS10m,Int",
    ...rows,
    "",
    "P: PV system power (W)",
    "",
    "PVGIS (c) European Union, 2001-2023",
  ].join("\r\n");
}

/** A 15-minute meter export in Berlin local time (CEST in June), 0.1 kWh per quarter and house, 1–3 June 2025. */
function meter(): string {
  const ids = ["g1h1", "g1h2", "g1h3", "g2h1", "g2h2"];
  const rows = [`Zeitstempel;${ids.map((id) => `${id} [kWh]`).join(";")}`];
  for (let q = 0; q < 3 * 96; q++) {
    const t = new Date(Date.UTC(2025, 5, 1) + q * 15 * 60e3);
    rows.push(
      `${pad(t.getUTCDate())}.06.2025 ${pad(t.getUTCHours())}:${pad(t.getUTCMinutes())};${ids.map(() => "0,1").join(";")}`,
    );
  }
  return rows.join("\n");
}

/** ENTSO-E day-ahead export, 1–3 June 2025: 100 €/MWh, −20 from 12 to 15 local. */
function entsoe(): string {
  return entsoeJune(72, (h) => (h >= 12 && h < 15 ? "-20.00" : "100.00"));
}

function run(args: string[]) {
  return spawnSync(process.execPath, [DEMO_CLI, ...args], { encoding: "utf8", timeout: 120_000 });
}

test("two demo days from a PVGIS file, a meter file and ENTSO-E prices with a tariff", () => {
  const dir = join(tmp, "ok");
  mkdirSync(dir);
  writeFileSync(join(dir, "pvgis.csv"), pvgis());
  writeFileSync(join(dir, "meter.csv"), meter());
  writeFileSync(join(dir, "entsoe.csv"), entsoe());
  const out = join(dir, "out");
  const r = run([
    "--days",
    "2",
    "--pv",
    join(dir, "pvgis.csv"),
    "--pv-year",
    "2020",
    "--kwp",
    "2",
    "--demand",
    join(dir, "meter.csv"),
    "--spot",
    join(dir, "entsoe.csv"),
    "--tariff",
    "fees=0.15,vat=0.19",
    "--zone",
    "Europe/Berlin",
    "--start",
    "2025-06-01",
    "--out",
    out,
    "--quiet",
  ]);
  assert.equal(r.status, 0, r.stderr);
  for (const f of [
    "given-pv-pvgis.csv",
    "given-demand-meter.csv",
    "given-spot-entsoe.csv",
    "prices.csv",
    "profiles.csv",
    "summary.json",
  ])
    assert.ok(existsSync(join(out, f)), f);
  // PV: 0.5 kWh per kWp in 8 hours a day = 4 kWh per kWp; 2 kWp × 3 prosumers × 2 days = 48 kWh.
  // Demand: 0.4 kWh an hour = 9.6 kWh a day; 5 houses × 2 days = 96 kWh.
  const rows = readFileSync(join(out, "profiles.csv"), "utf8")
    .trim()
    .split("\n")
    .slice(1)
    .map((l) => l.split(","));
  assert.ok(Math.abs(rows.reduce((a, c) => a + Number(c[4]), 0) - 48) < 1e-9);
  assert.ok(Math.abs(rows.reduce((a, c) => a + Number(c[3]), 0) - 96) < 1e-9);
  // Study hours are UTC+1: PVGIS 08–15 UTC are study hours 9..16
  const g1h1 = rows.filter((c) => c[0] === "1" && c[2] === "g1h1");
  assert.deepEqual(
    g1h1.map((c) => Number(c[4])),
    Array.from({ length: 24 }, (_, h) => (h >= 9 && h <= 16 ? 1 : 0)),
  );
  // prices: study hour 0 = 01:00 CEST local, spot 100 → (0.1 + 0.15) × 1.19 = 0.2975; study hour 11 = local 12:00, spot −20 →
  // gridPurchase 0.13 × 1.19 = 0.1547, gridSale −0.02
  const prices = readFileSync(join(out, "prices.csv"), "utf8").trim().split("\n");
  assert.equal(
    prices[0],
    "day,hour,gridPurchase,gridSale,peerPurchaseIntra,peerPurchaseInter,peerSaleIntra,peerSaleInter",
  );
  const p = (hour: number) => prices[1 + hour].split(",").map(Number);
  assert.ok(Math.abs(p(0)[2] - 0.2975) < 1e-12 && Math.abs(p(0)[3] - 0.1) < 1e-12);
  assert.ok(Math.abs(p(11)[2] - 0.1547) < 1e-12 && Math.abs(p(11)[3] + 0.02) < 1e-12);
});

test("refusals: exit 2, one line, nothing written", () => {
  const dir = join(tmp, "bad");
  mkdirSync(dir);
  writeFileSync(join(dir, "meter.csv"), meter().replace("0,1;0,1;0,1;0,1;0,1", "0,1;x;0,1;0,1;0,1"));
  writeFileSync(join(dir, "pvgis.csv"), pvgis());
  const out = join(dir, "out");
  const cases: [string[], RegExp][] = [
    [
      ["--demand", join(dir, "meter.csv"), "--start", "2025-06-01"],
      /^error: --zone: real data needs the study's time zone/,
    ],
    [
      ["--demand", join(dir, "meter.csv"), "--zone", "Europe/Berlin"],
      /^error: --start: real data needs the study's first day/,
    ],
    [
      ["--demand", join(dir, "meter.csv"), "--zone", "Europe/Berlin", "--start", "2025-06-01"],
      /meter\.csv:2: g1h2: "x" is not a number/,
    ],
    [
      [
        "--pv",
        join(dir, "pvgis.csv"),
        "--pv-year",
        "2019",
        "--zone",
        "Europe/Berlin",
        "--start",
        "2025-06-01",
        "--days",
        "2",
      ],
      /pvgis\.csv: has no year 2019: it covers 2020–2020/,
    ],
    [
      ["--pv", join(dir, "pvgis.csv"), "--zone", "Europe/Berlin", "--start", "2025-06-03", "--days", "2"],
      /pvgis\.csv: has no data for study day 2 \(2025-06-04 mapped to year 2020\)/,
    ],
    [["--tariff", "fees=1"], /^error: --tariff: goes with --pv, --demand, --spot or --calibrate-pv/],
    [
      ["--spot", join(dir, "x.csv"), "--prices", join(dir, "y.csv")],
      /^error: --spot: and --prices both set prices; give one/,
    ],
    [
      ["--pv", join(dir, "pvgis.csv"), "--kwp", "a,b", "--zone", "Europe/Berlin", "--start", "2025-06-01"],
      /^error: --kwp: must be numbers/,
    ],
  ];
  for (const [args, message] of cases) {
    const r = run([...args, "--out", out]);
    assert.equal(r.status, 2, `${args.join(" ")}: ${r.stderr}`);
    assert.match(r.stderr, message);
    assert.equal(r.stderr.trim().split("\n").length, 1, r.stderr);
    assert.ok(!existsSync(out));
  }
});

test("--calibrate-pv: the seasonal recipe's PV scaled to a PVGIS file's monthly yield", () => {
  const dir = join(tmp, "calibrate");
  mkdirSync(dir);
  // a year of a 2 kWp system with P = 1000 W at 12 UTC: 0.5 kWh per kWp a day, 15.5 in January;
  // 5 kWp prosumers over January 2025 then get 77.5 kWh each, whatever the recipe's own January was
  const rows = Array.from({ length: 8760 }, (_, h) => {
    const t = new Date(Date.UTC(2023, 0, 1) + h * 3600e3);
    return `${t.toISOString().slice(0, 10).replace(/-/g, "")}:${pad(t.getUTCHours())}10,${t.getUTCHours() === 12 ? 1000 : 0}`;
  });
  writeFileSync(
    join(dir, "year.csv"),
    ["Nominal power of the PV system (c-Si) (kWp):\t2.0", "time,P", ...rows].join("\n"),
  );
  writeFileSync(
    join(dir, "scenario.json"),
    scenarioToJson({
      ...demoScenario(),
      days: 31,
      synthetic: {
        recipe: "seasonal",
        latitude: 48.14,
        longitude: 11.58,
        utcOffset: 1,
        startDate: "2025-01-01",
        annualDemandKwh: 3500,
        pvKwp: 5,
      },
    }),
  );
  const out = join(dir, "out");
  const r = run([
    "--scenario",
    join(dir, "scenario.json"),
    "--calibrate-pv",
    join(dir, "year.csv"),
    "--out",
    out,
    "--quiet",
  ]);
  assert.equal(r.status, 0, r.stderr);
  assert.match(
    r.stderr,
    /note: .*year\.csv: the seasonal recipe's PV per kWp by month \(Jan–Dec, kWh\/kWp\) \d+ – – .* scaled to the file's 16 14 16 15 16 15 16 16 15 16 15 16/,
  );
  const solar = readFileSync(join(out, "profiles.csv"), "utf8")
    .trim()
    .split("\n")
    .slice(1)
    .map((l) => l.split(","))
    .filter((c) => c[2] === "g1h1");
  assert.ok(Math.abs(solar.reduce((a, c) => a + Number(c[4]), 0) - 77.5) < 1e-9);
  assert.ok(existsSync(join(out, "given-calibrate-pv-year.csv")));
});

test("--fill-gaps interpolates a short gap and says so; --accept-location takes a PVGIS file of another place", () => {
  const dir = join(tmp, "gaps");
  mkdirSync(dir);
  const lines = meter().split("\n");
  lines.splice(40, 1); // one quarter of 1 June (09:45 local, 07:45Z) missing
  writeFileSync(join(dir, "meter.csv"), lines.join("\n"));
  writeFileSync(join(dir, "pvgis.csv"), pvgis());
  writeFileSync(
    join(dir, "berlin.json"),
    scenarioToJson({
      ...demoScenario(),
      days: 1,
      synthetic: {
        recipe: "seasonal",
        latitude: 52.52,
        longitude: 13.4,
        utcOffset: 1,
        startDate: "2025-06-01",
        annualDemandKwh: 3500,
        pvKwp: 5,
      },
    }),
  );
  const base = ["--zone", "Europe/Berlin", "--start", "2025-06-01", "--days", "1", "--quiet"];
  const refused = run([...base, "--demand", join(dir, "meter.csv"), "--out", join(dir, "a")]);
  assert.equal(refused.status, 2);
  assert.match(refused.stderr, /meter\.csv:41: gap: no data from 2025-06-01T07:45Z to 2025-06-01T08:00Z/);
  const filled = run([...base, "--demand", join(dir, "meter.csv"), "--fill-gaps", "15", "--out", join(dir, "b")]);
  assert.equal(filled.status, 0, filled.stderr);
  assert.match(
    filled.stderr,
    /note: .*meter\.csv:41: filled 15 minutes \(2025-06-01T07:45Z to 2025-06-01T08:00Z\) by linear interpolation/,
  );
  const place = [
    "--scenario",
    join(dir, "berlin.json"),
    "--pv",
    join(dir, "pvgis.csv"),
    "--pv-year",
    "2020",
    "--days",
    "1",
    "--quiet",
  ];
  const other = run([...place, "--out", join(dir, "c")]);
  assert.equal(other.status, 2);
  assert.match(
    other.stderr,
    /pvgis\.csv: is for 48\.137, 11\.575, not the scenario's 52\.52, 13\.4 \(accept it with --accept-location/,
  );
  const shifted = run([...place, "--accept-location", "--start", "2025-06-02", "--out", join(dir, "e")]);
  assert.equal(shifted.status, 2);
  assert.match(
    shifted.stderr,
    /^error: --start: 2025-06-02 is not the seasonal recipe's startDate 2025-06-01, whose generated demand would be for other days/,
  );
  const accepted = run([...place, "--accept-location", "--out", join(dir, "d")]);
  assert.equal(accepted.status, 0, accepted.stderr);
  assert.match(accepted.stderr, /note: .*\(accepted\)/);
});
