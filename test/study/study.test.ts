// The study file, its points and its job keys, without running jobs:
// refusals name the key's path; grids, lists and Latin-hypercube samples
// worked by hand; a job's key follows its input files' content, not their
// names; --shard from the scheduler's environment.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { demoScenario } from "../../src/community/scenario.js";
import { parseStudy } from "../../src/study/spec.js";
import { points, withParam, checkParamName } from "../../src/study/params.js";
import { planStudy } from "../../src/study/jobs.js";
import { parseShard } from "../../src/study/runners.js";
import { InputError } from "../../src/errors/errors.js";
import { DEFAULT_TARIFF } from "../../src/prices/tariff.js";
import { tempDir } from "../helpers/tmp.js";
import { entsoeJune } from "../helpers/entsoe.js";

const refused = (f: () => unknown, message: RegExp) =>
  assert.throws(f, (e: unknown) => e instanceof InputError && message.test(e.message));

describe("study.json", () => {
  it("refuses unknown keys and bad values, naming the key's path", () => {
    refused(() => parseStudy({ params: { seed: [1] }, dayz: 1 }), /^study\.json: dayz: unknown key/);
    refused(() => parseStudy({ params: {} }), /^study\.json: params: must be an object of at least one/);
    refused(
      () => parseStudy({ params: { "synthetic.pvKwp": [4, "x"] } }),
      /^study\.json: params\["synthetic\.pvKwp"\]\[1\]: must be a number/,
    );
    refused(
      () => parseStudy({ params: { solver: ["highs", "cplex"] } }),
      /params\.solver\[1\]: must be one of highs, glpk/,
    );
    refused(() => parseStudy({ params: { seed: [1, 1] } }), /params\.seed: repeats a value/);
    refused(() => parseStudy({ combine: "lhs", params: { seed: [1] } }), /samples: is needed/);
    refused(
      () => parseStudy({ combine: "lhs", samples: 4, params: { x: { min: 0, max: 1, step: 2 } } }),
      /params\.x\.step: unknown key/,
    );
    refused(
      () => parseStudy({ params: { x: { min: 0, max: 1 } } }),
      /params\.x: a range \{ min, max \} goes with "combine": "lhs"/,
    );
    refused(
      () => parseStudy({ combine: "list", params: { a: [1, 2], b: [1] } }),
      /params: "combine": "list" pairs .* got 2, 1/,
    );
    refused(() => parseStudy({ days: 0, params: { seed: [1] } }), /^study\.json: days: must be a whole number ≥ 1/);
    refused(() => parseStudy([1]), /^study\.json: must be a JSON object/);
  });

  it("refuses a parameter the base scenario cannot take", () => {
    const s = demoScenario();
    refused(
      () => checkParamName(s, "synthetic.pvKwp", "study.json: params"),
      /the base scenario has no synthetic\.pvKwp/,
    );
    refused(
      () => checkParamName(s, "groups[*].battery.size", "study.json: params"),
      /unknown parameter "groups\[\*\]\.battery\.size"/,
    );
    refused(() => checkParamName(s, "groups[5].battery.capacity", "study.json: params"), /has 2 groups/);
    refused(() => checkParamName(s, "groups..x", "study.json: params"), /is not a scenario key path/);
    checkParamName(s, "groups[*].prosumers", "p"); // a number in the scenario: taken
  });

  it("puts values in by JSON path", () => {
    const s = demoScenario();
    // groups[1] of the demo is 1 prosumer + 1 consumer: only its consumers change
    const t = withParam(s, "groups[1].consumers", 3);
    assert.deepEqual(
      t.groups.map((g) => [g.prosumers, g.consumers]),
      [
        [2, 1],
        [1, 3],
      ],
    );
    // the demo's battery of 10 kWh in every group: upper 0.8 · 10 = 8 kWh
    assert.deepEqual(
      withParam(s, "groups[*].battery.capacity", 10).groups.map((g) => g.battery!.upper),
      [8, 8],
    );
    assert.equal(withParam(s, "prices.gridPurchase", 25).prices.gridPurchase, 25);
    assert.equal(withParam(s, "seed", 7).seed, 7);
    assert.equal(s.groups[1].consumers, 1, "the base is not changed");
  });

  it("combines values as a grid (first slowest) or side by side", () => {
    const params: [string, { kind: "list"; values: number[] }][] = [
      ["a", { kind: "list", values: [1, 2] }],
      ["b", { kind: "list", values: [3, 4] }],
    ];
    assert.deepEqual(points(params, "grid", 0, 1), [
      [
        ["a", 1],
        ["b", 3],
      ],
      [
        ["a", 1],
        ["b", 4],
      ],
      [
        ["a", 2],
        ["b", 3],
      ],
      [
        ["a", 2],
        ["b", 4],
      ],
    ]);
    assert.deepEqual(points(params, "list", 0, 1), [
      [
        ["a", 1],
        ["b", 3],
      ],
      [
        ["a", 2],
        ["b", 4],
      ],
    ]);
  });

  it("draws Latin-hypercube samples reproducibly from the seed, one per stratum", () => {
    const spec = parseStudy({
      combine: "lhs",
      samples: 4,
      seed: 9,
      params: { x: { min: 0, max: 8 }, n: { min: 1, max: 4, integer: true }, solver: ["highs", "glpk"] },
    });
    const a = points(spec.params, "lhs", 4, 9),
      b = points(spec.params, "lhs", 4, 9),
      c = points(spec.params, "lhs", 4, 10);
    assert.deepEqual(a, b);
    assert.notDeepEqual(a, c);
    // x over [0, 8) in 4 strata of width 2: one sample in each, so floor(x / 2) is a permutation of 0..3
    assert.deepEqual(a.map((p) => Math.floor((p[0][1] as number) / 2)).sort(), [0, 1, 2, 3]);
    // n over 1..4, integer: strata of one value each, so every value once
    assert.deepEqual(a.map((p) => p[1][1]).sort(), [1, 2, 3, 4]);
    // a list of 2 over 4 strata: each value twice
    assert.deepEqual(a.map((p) => p[2][1]).sort(), ["glpk", "glpk", "highs", "highs"]);
  });
});

describe("job keys", () => {
  it("follow an input file's content, not its name", () => {
    const dir = tempDir("cvpp-study-key-");
    const text = "day,hour,gridPurchase\n1,0,30\n";
    writeFileSync(join(dir, "a.csv"), text);
    writeFileSync(join(dir, "renamed.csv"), text);
    writeFileSync(join(dir, "changed.csv"), text.replace("30", "31"));
    const plan = planStudy(
      parseStudy({ days: 1, params: { prices: ["a.csv", "renamed.csv", "changed.csv"] } }),
      join(dir, "study.json"),
    );
    const [a, renamed, changed] = plan.jobs.map((j) => j.key);
    assert.match(a, /^[0-9a-f]{64}$/);
    assert.equal(renamed, a);
    assert.notEqual(changed, a);
    assert.deepEqual(
      plan.jobs.map((j) => j.point[0][1]),
      ["a.csv", "renamed.csv", "changed.csv"],
      "the table keeps the names",
    );
  });

  it("do not depend on the order of keys in the scenario file, and do on a value", () => {
    const dir = tempDir("cvpp-study-key-");
    const s = demoScenario();
    writeFileSync(join(dir, "s1.json"), JSON.stringify(s));
    writeFileSync(join(dir, "s2.json"), JSON.stringify(Object.fromEntries(Object.entries(s).reverse())));
    writeFileSync(join(dir, "s3.json"), JSON.stringify({ ...s, seed: 43 }));
    const key = (f: string) =>
      planStudy(parseStudy({ scenario: f, days: 1, params: { "prices.gridPurchase": [20] } }), join(dir, "study.json"))
        .jobs[0].key;
    assert.equal(key("s1.json"), key("s2.json"));
    assert.notEqual(key("s1.json"), key("s3.json"));
  });
});

describe("--shard", () => {
  it("takes I/N, or N with the index from SLURM or Kubernetes", () => {
    assert.deepEqual(parseShard("1/3", {}), { index: 1, count: 3 });
    assert.deepEqual(parseShard("3", { SLURM_ARRAY_TASK_ID: "2" }), { index: 2, count: 3 });
    assert.deepEqual(parseShard("3", { JOB_COMPLETION_INDEX: "0" }), { index: 0, count: 3 });
    refused(() => parseShard("3/3", {}), /^--shard: slice 3 of 3/);
    refused(() => parseShard("3", {}), /^--shard: 3: give I\/N, or set SLURM_ARRAY_TASK_ID/);
    refused(() => parseShard("a/b", {}), /^--shard: must be I\/N/);
  });
});

describe("a job with a settlement rule", () => {
  it("adds settled bills: under equal every house saves S / N, and the settled bills add up to the community's cost", async () => {
    const { runStudyJob } = await import("../../src/study/job.js");
    const dir = tempDir("cvpp-study-settle-");
    const plan = planStudy(
      parseStudy({ days: 1, settlement: "equal", params: { "prices.gridPurchase": [20] } }),
      join(dir, "study.json"),
    );
    const out = await runStudyJob(plan.jobs[0]);
    assert.ok(out.ok);
    const houses = out.rows.filter((r) => r.scope === "house"),
      community = out.rows.find((r) => r.scope === "community")!;
    assert.equal(houses.length, 5);
    // S = Σ standalone − F is the community's settled saving; each of the 5 houses gets S / 5
    for (const h of houses)
      assert.ok(Math.abs((h.settledSaving as number) - (community.settledSaving as number) / 5) < 1e-9);
    const total = houses.reduce((a, h) => a + (h.settledBill as number), 0);
    assert.ok(Math.abs(total - (community.costFull as number)) < 1e-9 * Math.max(1, Math.abs(total)));
    assert.equal(community.settledBill, community.costFull);
  });
});

describe("tariff terms as parameters (spot prices with a tariff)", () => {
  it("sweeps tariff.fees: each job's rows are those of the flat prices worked by hand", async () => {
    const { runStudyJob } = await import("../../src/study/job.js");
    const dir = tempDir("cvpp-study-tariff-");
    // ENTSO-E day-ahead export: 100 €/MWh every hour of 1–2 June 2025 (local Berlin time)
    writeFileSync(join(dir, "spot.csv"), entsoeJune(48));
    const spec = {
      days: 1,
      spot: "spot.csv",
      start: "2025-06-01",
      zone: "Europe/Berlin",
      tariff: "vat=0,unit=ct",
      params: { "tariff.fees": [10, 15] },
    };
    const plan = planStudy(parseStudy(spec), join(dir, "study.json"));
    // spot 100 €/MWh = 10 ct/kWh; gridPurchase = 10 + fees, gridSale = 10, peers at the midpoint 10 + (fees / 2):
    // fees 10 → 20, 10, 15; fees 15 → 25, 10, 17.5 (batteryUse: the scenario's)
    for (const [i, [gp, peer]] of [
      [20, 15],
      [25, 17.5],
    ].entries()) {
      const flat = { ...demoScenario(), prices: { ...demoScenario().prices, gridPurchase: gp, gridSale: 10 } };
      for (const k of ["peerPurchaseIntra", "peerPurchaseInter", "peerSaleIntra", "peerSaleInter"] as const)
        flat.prices[k] = peer;
      writeFileSync(join(dir, `flat-${i}.json`), JSON.stringify(flat));
      const byHand = planStudy(
        parseStudy({ days: 1, scenario: `flat-${i}.json`, params: { seed: [flat.seed] } }),
        join(dir, "study.json"),
      );
      const [a, b] = [await runStudyJob(plan.jobs[i]), await runStudyJob(byHand.jobs[0])];
      assert.ok(a.ok && b.ok);
      assert.deepEqual(a.rows, b.rows, `tariff.fees=${spec.params["tariff.fees"][i]}`);
    }
    assert.notEqual(plan.jobs[0].key, plan.jobs[1].key);
  });

  it("refuses tariff terms without spot, unknown terms, prices files with spot, and out-of-range values", async () => {
    refused(
      () => parseStudy({ params: { "tariff.fees": [1] } }),
      /params\["tariff\.fees"\]: tariff\.fees goes with "spot"/,
    );
    refused(
      () => parseStudy({ tariff: "fees=1", params: { seed: [1] } }),
      /^study\.json: tariff: tariff goes with "spot"/,
    );
    refused(
      () => parseStudy({ spot: "s.csv", params: { "tariff.fee": [1] } }),
      /params\["tariff\.fee"\]: is not a term of the tariff; sweepable terms: tariff\.fees, tariff\.vat/,
    );
    refused(() => parseStudy({ spot: "s.csv", params: { prices: ["p.csv"] } }), /params\.prices: goes not with "spot"/);
    const { jobTariff } = await import("../../src/study/job.js");
    const spot = { file: { name: "s.csv", sha256: "", text: "" }, tariff: { ...DEFAULT_TARIFF } };
    assert.equal(jobTariff({ spot, point: [["tariff.vat", 0.19]] }).vat, 0.19);
    assert.throws(
      () => jobTariff({ spot, point: [["tariff.peerShare", 1.5]] }),
      /tariff\.peerShare: tariff\.peerShare must be between 0 and 1, got 1\.5/,
    );
  });
});

describe("merge: parts' rows into one folder", () => {
  it("writes each job's row once, whole, under its key, with the table in job order", async () => {
    const { StudyStore } = await import("../../src/study/store.js");
    const { mergeParts } = await import("../../src/study/runners.js");
    const dir = tempDir("cvpp-study-merge-");
    // 5 jobs (seeds 1..5); nothing is solved: each part holds rows written here by hand, job i's one row x = 10·i
    const plan = planStudy(parseStudy({ days: 1, params: { seed: [1, 2, 3, 4, 5] } }), join(dir, "study.json"));
    assert.equal(plan.jobs.length, 5);
    const row = (i: number) => [{ scope: "community", x: 10 * i }];
    const part = async (name: string, shard: { index: number; count: number }, jobs: number[]) => {
      const s = new StudyStore(join(dir, name));
      s.writeManifest(plan, shard);
      await s.writeBatch(jobs.map((i) => ({ key: plan.jobs[i - 1].key, rows: row(i) })));
      return s.dir;
    };
    // slices round-robin, 0/2: jobs 1, 3, 5; 1/2: jobs 2, 4, plus job 3 again (a job that ran twice)
    const parts = [
      await part("a", { index: 0, count: 2 }, [1, 3, 5]),
      await part("b", { index: 1, count: 2 }, [2, 4, 3]),
    ];
    const out = new StudyStore(join(dir, "merged"));
    const r = await mergeParts(parts, out);
    assert.deepEqual(r.missing, []);
    const files = readdirSync(out.dir).filter((f) => f.startsWith("row-") || f.includes(".tmp"));
    assert.deepEqual(files.sort(), plan.jobs.map((j) => `row-${j.key}.json`).sort(), "five row files, no temp file");
    for (const [n, j] of plan.jobs.entries())
      assert.deepEqual(JSON.parse(readFileSync(join(out.dir, `row-${j.key}.json`), "utf8")), {
        key: j.key,
        rows: row(n + 1),
      });
    // header, then jobs 1..5 in order: job, seed, scope, x
    assert.deepEqual(r.csv!.trim().split("\n"), [
      "job,seed,scope,x",
      "1,1,community,10",
      "2,2,community,20",
      "3,3,community,30",
      "4,4,community,40",
      "5,5,community,50",
    ]);
    // without part b, jobs 2 and 4 are missing, and the merged folder has the other three rows only
    const partial = new StudyStore(join(dir, "partial"));
    const p = await mergeParts([parts[0]], partial);
    assert.deepEqual(
      p.missing.map((m) => m.split(" (")[0]),
      ["job 2", "job 4"],
    );
    assert.equal(readdirSync(partial.dir).filter((f) => f.startsWith("row-")).length, 3);
    assert.equal(p.csv, null);
  });
});
