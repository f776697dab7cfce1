// The real-data readers never fail with anything but a one-line InputError:
// valid files mutated at random (a character dropped, replaced or added, a
// line repeated, dropped or swapped) are either read or refused in one line.
// FUZZ_RUNS and FUZZ_SEED in the environment change the number of runs and the seed.
import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import {
  buildNetwork,
  demoScenario,
  parseMeterCsv,
  parsePvgis,
  parseSlpTable,
  parseSpotCsv,
  pvgisPerHouse,
  type StudyClock,
} from "../../src/index.js";

const clock: StudyClock = { startDate: "2025-01-01", days: 1, stepsPerDay: 24, utcOffsetMinutes: 60 };
const network = buildNetwork(demoScenario());
const pad = (n: number) => String(n).padStart(2, "0");

// the study day (UTC+1) is 2024-12-31 23:00 to 2025-01-01 23:00 UTC
const PVGIS = [
  "Latitude (decimal degrees):\t45.0",
  "Longitude (decimal degrees):\t8.0",
  "Nominal power of the PV system (c-Si) (kWp):\t1.0",
  "time,P,G(i),H_sun",
  "20241231:2310,0,0,0",
  ...Array.from(
    { length: 23 },
    (_, h) => `20250101:${pad(h)}10,${h > 8 && h < 16 ? 300 : 0},${h > 8 && h < 16 ? 350 : 0},10`,
  ),
  "",
  "PVGIS (c) European Union, 2001-2023",
].join("\n");
const METER = [
  "time,g1h1 [kWh],g1h2 [kW]",
  ...Array.from({ length: 24 }, (_, h) => `2025-01-01T${pad(h)}:00+01:00,0.5,1`),
].join("\n");
const SPOT = [
  '"MTU (CET/CEST)","Day-ahead Price [EUR/MWh]"',
  ...Array.from(
    { length: 24 },
    (_, h) => `"01.01.2025 ${pad(h)}:00 - 01.01.2025 ${pad((h + 1) % 24)}:00","${h - 5}.5"`,
  ),
].join("\n");
const XML = `<Publication_MarketDocument><type>A44</type><TimeSeries><curveType>A03</curveType><Period><timeInterval><start>2024-12-31T23:00Z</start>
<end>2025-01-01T23:00Z</end></timeInterval><resolution>PT60M</resolution><Point><position>1</position><price.amount>50</price.amount></Point>
<Point><position>7</position><price.amount>-3.5</price.amount></Point></Period></TimeSeries></Publication_MarketDocument>`;
const SLP = [
  "t;Winter Sa;Winter So;Winter WT;Sommer Sa;Sommer So;Sommer WT;Übergangszeit Sa;Übergangszeit So;Übergangszeit WT",
  ...Array.from({ length: 96 }, (_, q) => `${q};1;2;3;4;5;6;7;8;9`),
].join("\n");

const mutation = fc.oneof(
  fc.record({ kind: fc.constant("drop" as const), at: fc.nat() }),
  fc.record({
    kind: fc.constant("put" as const),
    at: fc.nat(),
    ch: fc.constantFrom(",", ";", ":", "-", '"', "\n", "0", "9", "x", ".", "+", " ", "\t", "Z", "é"),
  }),
  fc.record({ kind: fc.constant("line" as const), at: fc.nat(), op: fc.constantFrom("repeat", "drop", "swap") }),
);

function mutate(text: string, ms: { kind: string; at: number; ch?: string; op?: string }[]): string {
  for (const m of ms) {
    if (m.kind === "drop") {
      const i = m.at % Math.max(1, text.length);
      text = text.slice(0, i) + text.slice(i + 1);
    } else if (m.kind === "put") {
      const i = m.at % (text.length + 1);
      text = text.slice(0, i) + m.ch + text.slice(i);
    } else {
      const lines = text.split("\n"),
        i = m.at % lines.length;
      if (m.op === "repeat") lines.splice(i, 0, lines[i]);
      else if (m.op === "drop") lines.splice(i, 1);
      else if (i + 1 < lines.length) [lines[i], lines[i + 1]] = [lines[i + 1], lines[i]];
      text = lines.join("\n");
    }
  }
  return text;
}

const readers: [string, string, (text: string) => unknown][] = [
  ["PVGIS", PVGIS, (t) => pvgisPerHouse(parsePvgis(t, { file: "p.csv" }), network, { clock, kwp: 3 })],
  ["meter", METER, (t) => parseMeterCsv(t, { clock, file: "m.csv", zone: "Europe/Berlin" })],
  ["spot", SPOT, (t) => parseSpotCsv(t, { clock, file: "s.csv" })],
  ["spot XML", XML, (t) => parseSpotCsv(t, { clock, file: "a44.xml" })],
  ["SLP", SLP, (t) => parseSlpTable(t, "h0.csv")],
];

for (const [name, valid, read] of readers)
  test(`${name}: mutated files are read or refused in one line`, () => {
    read(valid); // the unmutated file is read
    fc.assert(
      fc.property(fc.array(mutation, { minLength: 1, maxLength: 3 }), (ms) => {
        try {
          read(mutate(valid, ms));
        } catch (e) {
          assert.equal((e as Error).name, "InputError", `${(e as Error).stack}`);
          assert.ok(!(e as Error).message.includes("\n"), (e as Error).message);
        }
      }),
      { numRuns: Number(process.env.FUZZ_RUNS ?? 400), seed: Number(process.env.FUZZ_SEED ?? 18) },
    );
  });
