// Spot prices (docs/data-formats.md "Spot prices") and the retail tariff
// (docs/prices.md): ENTSO-E and SMARD layouts, 15-minute prices onto hours,
// €/MWh → €/kWh with fees and VAT, negative hours passed through, the table
// taken by simulate as is. Numbers worked out in the comments.
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  DEFAULT_TARIFF,
  demoScenario,
  readSpotCsv,
  generateProfiles,
  buildNetwork,
  parseSpotCsv,
  parseTariff,
  retailPrices,
  simulate,
  spotPriceTable,
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
const clock = (startDate: string, stepsPerDay = 24): StudyClock => ({
  startDate,
  days: 1,
  stepsPerDay,
  utcOffsetMinutes: 60,
});

test("ENTSO-E layout across the spring switch: CET/CEST intervals, Europe/Berlin by default", () => {
  // 30 March 2025 in local time has 23 hours (02:00 skipped); the price of local hour h is h €/MWh.
  // The study day (UTC+1) runs to 31 March 01:00 CEST, so the file goes on to 31 March 00:00–01:00 (price 100).
  // Study hour h is local hour h for h < 2, h + 1 after: 0, 1, 3, 4, …, 23, then 100.
  const rows = ['"MTU (CET/CEST)","Day-ahead Price [EUR/MWh]","Currency","BZN|DE-LU"'];
  for (let h = 0; h < 24; h++)
    if (h !== 2) rows.push(`"30.03.2025 ${pad(h)}:00 - 30.03.2025 ${pad((h + 1) % 24)}:00","${h}.00","EUR","DE-LU"`);
  rows.push('"31.03.2025 00:00 - 31.03.2025 01:00","100","EUR","DE-LU"');
  const s = parseSpotCsv(rows.join("\r\n"), { clock: clock("2025-03-30"), file: "entsoe.csv" });
  assert.equal(s.column, "Day-ahead Price [EUR/MWh]");
  assert.equal(s.resolutionMinutes, 60);
  assert.deepEqual([...s.eurPerMwh], [0, 1, ...Array.from({ length: 21 }, (_, i) => i + 3), 100]);
  assert.match(s.notes[0], /entsoe\.csv: local times read in Europe\/Berlin/);
});

test("ENTSO-E with (CET)/(CEST) marks in the autumn: the repeated hour told apart by its mark", () => {
  // 26 October 2025: local 02:00–03:00 twice, price 20 in CEST, 25 in CET; other local hours h cost h.
  // Study hours (UTC+1): 0 = local 01 CEST (1), 1 = local 02 CEST (20), 2 = local 02 CET (25), h ≥ 3 = local h.
  const rows = ["MTU (CET/CEST),Day-ahead Price [EUR/MWh]"];
  for (let h = 0; h < 24; h++) {
    if (h === 2) {
      rows.push(
        "26.10.2025 02:00 (CEST) - 26.10.2025 03:00 (CEST),20",
        "26.10.2025 02:00 (CET) - 26.10.2025 03:00 (CET),25",
      );
      continue;
    }
    rows.push(`26.10.2025 ${pad(h)}:00 - 26.10.2025 ${pad((h + 1) % 24)}:00,${h}`);
  }
  const s = parseSpotCsv(rows.join("\n"), { clock: clock("2025-10-26") });
  assert.deepEqual([...s.eurPerMwh], [1, 20, 25, ...Array.from({ length: 21 }, (_, i) => i + 3)]);
});

test("ENTSO-E's newer export: dd/MM/yyyy HH:mm:ss intervals, Area and Sequence columns, an empty intraday price ignored", () => {
  const rows = [
    '"MTU (CET/CEST)","Area","Sequence","Day-ahead Price (EUR/MWh)","Intraday Period (CET/CEST)","Intraday Price (EUR/MWh)"',
  ];
  for (let h = 0; h < 24; h++) {
    const [a, b] = [h, h + 1].map((x) => (x < 24 ? `01/02/2025 ${pad(x)}:00:00` : `02/02/2025 ${pad(x - 24)}:00:00`));
    rows.push(`"${a} - ${b}","BZN|DE-LU","Without Sequence","${(h * 1.5).toFixed(2)}","",""`);
  }
  // February is CET, the study's own clock: study hour h is local hour h, h × 1.5 €/MWh
  const s = parseSpotCsv(rows.join("\n"), { clock: clock("2025-02-01") });
  assert.equal(s.column, "Day-ahead Price (EUR/MWh)");
  assert.deepEqual(
    [...s.eurPerMwh],
    Array.from({ length: 24 }, (_, h) => h * 1.5),
  );
});

test("SMARD layout, 15-minute prices with decimal commas, averaged onto hours; negative prices pass", () => {
  // Quarter prices q0..q3 of each hour: -10,5; -2,5; 1,0; 4,0 → hour mean (−10.5 − 2.5 + 1 + 4)/4 = −2 €/MWh
  const rows = [
    "Datum von;Datum bis;Deutschland/Luxemburg [€/MWh] Originalauflösungen;Belgien [€/MWh] Originalauflösungen",
  ];
  const q = ["-10,5", "-2,5", "1,0", "4,0"];
  for (let i = 0; i < 96; i++) {
    const [h, m] = [Math.floor(i / 4), (i % 4) * 15];
    const end = new Date(Date.UTC(2025, 5, 1, h, m + 15));
    rows.push(
      `01.06.2025 ${pad(h)}:${pad(m)};${pad(end.getUTCDate())}.06.2025 ${pad(end.getUTCHours())}:${pad(end.getUTCMinutes())};${q[i % 4]};-`,
    );
  }
  // June is CEST: the study day (UTC+1) from 01:00 local; the last study hour needs 2 June 00:00–01:00 local
  for (const m of [0, 15, 30, 45]) rows.push(`02.06.2025 00:${pad(m)};02.06.2025 00:${pad(m + 15)};${q[m / 15]};-`);
  const s = parseSpotCsv(rows.join("\n"), { clock: clock("2025-06-01") });
  assert.equal(s.resolutionMinutes, 15);
  assert.equal(s.column, "Deutschland/Luxemburg [€/MWh] Originalauflösungen");
  for (const v of s.eurPerMwh) close(v, -2, "hour mean");
  // on 15-minute study steps the quarters stay as they are
  const fine = parseSpotCsv(rows.join("\n"), { clock: clock("2025-06-01", 96) });
  assert.deepEqual([...fine.eurPerMwh.slice(0, 4)], [-10.5, -2.5, 1, 4]);
});

test("the retail tariff: (spot + fees) × (1 + VAT), feed-in at spot or fixed, peers at the midpoint", () => {
  // spot 100 €/MWh = 0.1 €/kWh; fees 0.15, VAT 19 %: gridPurchase (0.1 + 0.15) × 1.19 = 0.2975, gridSale 0.1,
  // peers (0.2975 + 0.1)/2 = 0.19875. Spot −20 €/MWh: gridPurchase 0.13 × 1.19 = 0.1547, gridSale −0.02, peers 0.06735.
  const t = parseTariff("fees=0.15, vat=0.19");
  const { table, peerFloored } = retailPrices(Float64Array.of(100, -20), 1, 2, t);
  const s = table.series;
  [0.2975, 0.1547].forEach((v, i) => close(s.gridPurchase![i], v, "gridPurchase"));
  [0.1, -0.02].forEach((v, i) => close(s.gridSale![i], v, "gridSale"));
  for (const k of ["peerPurchaseIntra", "peerPurchaseInter", "peerSaleIntra", "peerSaleInter"] as const)
    [0.19875, 0.06735].forEach((v, i) => close(s[k]![i], v, k));
  assert.equal(s.batteryUse, undefined); // the scenario's
  assert.equal(peerFloored, 0);
  // in cents, a fixed feed-in of 8 ct and peers at a quarter of the spread: 100 €/MWh = 10 ct/kWh;
  // gridPurchase (10 + 15) × 1.19 = 29.75, gridSale 8, peers 8 + 0.25 × 21.75 = 13.4375
  const ct = retailPrices(Float64Array.of(100), 1, 1, parseTariff("fees=15,vat=0.19,feedin=8,peer=0.25,unit=ct")).table
    .series;
  close(ct.gridPurchase![0], 29.75, "ct gridPurchase");
  close(ct.gridSale![0], 8, "ct gridSale");
  close(ct.peerSaleIntra![0], 13.4375, "ct peers");
  // a spot of −500 €/MWh with no fees: every price −0.5 → peers floored at 0, counted
  assert.equal(retailPrices(Float64Array.of(-500), 1, 1, DEFAULT_TARIFF).peerFloored, 1);
  refuse(() => parseTariff("fee=0.1"), /^--tariff: unknown key "fee" \(keys: fees, vat, feedin, peer, unit/);
  refuse(() => parseTariff("vat=19"), /^--tariff: vat must be a fraction between 0 and 1/);
  refuse(() => parseTariff("vat=0.1,vat=0.2"), /^--tariff: vat is given twice/);
  refuse(() => parseTariff("unit=USD"), /^--tariff: unit must be EUR or ct/);
});

test("the table goes into simulate as is: one demo day at spot prices with a tariff, audited", async () => {
  const scenario = { ...demoScenario(), days: 1 };
  const rows = [
    "time,price [EUR/MWh]",
    ...Array.from({ length: 24 }, (_, h) => `2025-06-01T${pad(h)}:00+01:00,${h >= 11 && h <= 15 ? -30 : 80}`),
  ];
  const c: StudyClock = { startDate: "2025-06-01", days: 1, stepsPerDay: 24, utcOffsetMinutes: 60 };
  const { table } = spotPriceTable(parseSpotCsv(rows.join("\n"), { clock: c }), c, parseTariff("fees=0.15,vat=0.19"));
  const result = await simulate(scenario, generateProfiles(scenario, buildNetwork(scenario)), { prices: table });
  assert.ok(result.audit.ok);
});

test("refusals: no €/MWh column, a missing price, an unknown column name", () => {
  const c = clock("2025-01-01");
  refuse(
    () => parseSpotCsv("time,price\n2025-01-01T00:00Z,1\n", { clock: c, file: "s.csv" }),
    /^s\.csv:1: no price column in €\/MWh/,
  );
  refuse(
    () => parseSpotCsv("time,p [EUR/MWh]\n2025-01-01T00:00Z,1\n", { clock: c, column: "q", file: "s.csv" }),
    /^s\.csv:1: no column "q"/,
  );
  refuse(
    () =>
      parseSpotCsv('"MTU (CET/CEST)","Day-ahead Price [EUR/MWh]"\n"01.01.2025 00:00 - 01.01.2025 01:00","n/e"\n', {
        clock: c,
        file: "s.csv",
      }),
    /^s\.csv:2: Day-ahead Price \[EUR\/MWh\]: "n\/e" is not a price \(a missing price is a gap/,
  );
  refuse(
    () => parseSpotCsv("time,p [EUR/MWh]\n2025-01-01T00:00Z,1\n2025-01-01T01:00Z,1\n", { clock: c, file: "s.csv" }),
    /^s\.csv: no data for study day 1/,
  );
});

/** An A44 document: one TimeSeries per entry, each with one Period from `start` (UTC) of `points` [position, price]. */
function a44(
  series: { curve: string; start: string; end: string; resolution: string; points: [number, number][] }[],
): string {
  return `<?xml version="1.0" encoding="utf-8"?>
<Publication_MarketDocument xmlns="urn:iec62325.351:tc57wg16:451-3:publicationdocument:7:3">
  <mRID>x</mRID><revisionNumber>1</revisionNumber><type>A44</type>
  ${series
    .map(
      (s, i) => `<TimeSeries><mRID>${i + 1}</mRID><businessType>A62</businessType>
    <currency_Unit.name>EUR</currency_Unit.name><price_Measure_Unit.name>MWH</price_Measure_Unit.name><curveType>${s.curve}</curveType>
    <Period><timeInterval><start>${s.start}</start><end>${s.end}</end></timeInterval><resolution>${s.resolution}</resolution>
      ${s.points.map(([p, v]) => `<Point><position>${p}</position><price.amount>${v}</price.amount></Point>`).join("")}
    </Period></TimeSeries>`,
    )
    .join("\n")}
</Publication_MarketDocument>`;
}

test("ENTSO-E A44 XML: UTC periods, A03 positions left out repeat the previous price, 15-minute points averaged", () => {
  // The study day (UTC+1) 2025-01-01 is 2024-12-31T23:00Z to 2025-01-01T23:00Z. Hourly A03: positions 1 (50), 3 (70), 24 (−5):
  // positions 2 = 50, 4..23 = 70. A 15-minute A01 day: quarters 10, 20, 30, 40 in each hour → mean 25.
  const c = clock("2025-01-01");
  const hourly = parseSpotCsv(
    a44([
      {
        curve: "A03",
        start: "2024-12-31T23:00Z",
        end: "2025-01-01T23:00Z",
        resolution: "PT60M",
        points: [
          [1, 50],
          [3, 70],
          [24, -5],
        ],
      },
    ]),
    { clock: c, file: "a44.xml" },
  );
  assert.deepEqual([...hourly.eurPerMwh], [50, 50, ...new Array(20).fill(70), 70, -5]);
  const quarters = a44([
    {
      curve: "A01",
      start: "2024-12-31T23:00Z",
      end: "2025-01-01T23:00Z",
      resolution: "PT15M",
      points: Array.from({ length: 96 }, (_, i) => [i + 1, 10 * ((i % 4) + 1)] as [number, number]),
    },
  ]);
  const q = parseSpotCsv(quarters, { clock: c, file: "a44.xml" });
  assert.equal(q.resolutionMinutes, 15);
  for (const v of q.eurPerMwh) close(v, 25, "hour mean");
  // a second TimeSeries for the same hours: the first is kept, and a note says so
  const twice = parseSpotCsv(
    a44([
      { curve: "A03", start: "2024-12-31T23:00Z", end: "2025-01-01T23:00Z", resolution: "PT60M", points: [[1, 50]] },
      { curve: "A03", start: "2024-12-31T23:00Z", end: "2025-01-01T23:00Z", resolution: "PT60M", points: [[1, 99]] },
    ]),
    { clock: c, file: "a44.xml" },
  );
  assert.equal(twice.eurPerMwh[5], 50);
  assert.match(
    twice.notes[0],
    /a44\.xml: TimeSeries 2 repeats 24 interval\(s\) given before; the earlier prices are kept/,
  );
  // read from disk: told from a CSV by its first character, as a CSV is too
  const dir = mkdtempSync(join(tmpdir(), "spot-"));
  try {
    writeFileSync(join(dir, "a44.xml"), quarters);
    close(readSpotCsv(join(dir, "a44.xml"), { clock: c }).eurPerMwh[3], 25, "XML from disk");
    writeFileSync(
      join(dir, "s.csv"),
      ["time,p [EUR/MWh]", ...Array.from({ length: 24 }, (_, h) => `2025-01-01T${pad(h)}:00+01:00,${h}`)].join("\n"),
    );
    assert.deepEqual(
      [...readSpotCsv(join(dir, "s.csv"), { clock: c }).eurPerMwh],
      Array.from({ length: 24 }, (_, h) => h),
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  // refusals
  const day = (curve: string, points: [number, number][], resolution = "PT60M") =>
    a44([{ curve, start: "2024-12-31T23:00Z", end: "2025-01-01T23:00Z", resolution, points }]);
  refuse(
    () =>
      parseSpotCsv(
        day("A01", [
          [1, 50],
          [3, 70],
        ]),
        { clock: c, file: "a44.xml" },
      ),
    /^a44\.xml: TimeSeries 1, Period 1: position 2 \(2025-01-01T00:00Z\) has no price \(curve type A01\)/,
  );
  refuse(
    () => parseSpotCsv(day("A03", [[2, 50]]), { clock: c, file: "a44.xml" }),
    /^a44\.xml: TimeSeries 1, Period 1: position 1 .* has no price/,
  );
  refuse(
    () => parseSpotCsv(day("A03", [[1, 50]], "PT5M"), { clock: c, file: "a44.xml" }),
    /resolution "PT5M" is not PT15M, PT30M or PT60M/,
  );
  refuse(() => parseSpotCsv(day("A03", [[25, 50]]), { clock: c, file: "a44.xml" }), /position "25" is not in 1\.\.24/);
  refuse(
    () => parseSpotCsv(day("A03", [[1, Number.NaN]]), { clock: c, file: "a44.xml" }),
    /price\.amount "NaN" is not a number/,
  );
  refuse(
    () =>
      parseSpotCsv(day("A03", [[1, 50]]).replace("<type>A44</type>", "<type>A65</type>"), {
        clock: c,
        file: "a44.xml",
      }),
    /^a44\.xml: is a document of type A65, not A44/,
  );
  refuse(
    () => parseSpotCsv("<html><body>Unauthorized</body></html>", { clock: c, file: "a44.xml" }),
    /^a44\.xml: is not an ENTSO-E Publication_MarketDocument/,
  );
  refuse(
    () => parseSpotCsv("<a><b></a>", { clock: c, file: "a44.xml" }),
    /^a44\.xml: is not valid XML|^a44\.xml: is not an ENTSO-E/,
  );
  refuse(
    () =>
      parseSpotCsv(
        a44([
          { curve: "A03", start: "2024-12-31T23:00Z", end: "2025-01-01T12:00Z", resolution: "PT60M", points: [[1, 1]] },
        ]),
        { clock: c, file: "a44.xml" },
      ),
    /^a44\.xml: no data for study day 1 \(2025-01-01 13:00 study time/,
  );
});
