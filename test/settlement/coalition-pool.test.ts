// Coalition runs on worker threads (src/settlement/coalition-pool.ts): the same Shapley values with 1 and 2 workers,
// each coalition run once, the choice by work, and failures (timeout, error, killed worker) as one line, never a hang.
import { test } from "node:test";
import assert from "node:assert/strict";
import { availableParallelism } from "node:os";
import { demoExample, handExample, settle, settleAll, simulate, type Settlement } from "../../src/index.js";
import { CoalitionPool, coalitionWorkers } from "../../src/settlement/coalition-pool.js";
import { insideKernel } from "../../src/simulation/kernel.js";
import { coalitionCommunity } from "../../src/settlement/coalition.js";

const prices = {
  gridPurchase: 30,
  gridSale: 8,
  peerPurchaseIntra: 20,
  peerPurchaseInter: 20,
  peerSaleIntra: 15,
  peerSaleInter: 15,
  batteryUse: 1,
};
// Two groups, one hour, no batteries: g1 = prosumer g1h1 (index 0) + consumer g1h2 (1), g2 = consumer g2h1 (2).
const twoGroups = () =>
  handExample(
    [
      { prosumers: 1, consumers: 1 },
      { prosumers: 0, consumers: 1 },
    ],
    {
      g1h1: { demand: [0], solar: [2] },
      g1h2: { demand: [1] },
      g2h1: { demand: [1] },
    },
    { hoursPerDay: 1, prices },
  );

const values = (s: Settlement) => ({
  values: s.game!.values,
  se: s.game!.se,
  samples: s.game!.samples,
  runs: s.game!.runs,
});

test("the demo's Shapley values are the same, bit for bit, on 1 and on 2 worker threads (exact, sampled)", async () => {
  const { scenario, profiles } = demoExample();
  const run = await simulate(scenario, profiles, { days: 2, allocation: "solver" });
  // exact, 5 houses: 2^5 − 2 = 30 coalition runs either way
  const one = await settle(run, { rule: "shapley-houses", workers: 1 });
  const two = await settle(run, { rule: "shapley-houses", workers: 2 });
  assert.equal(one.game!.workers, 0);
  assert.equal(two.game!.workers, 2);
  assert.equal(one.game!.runs, 30);
  assert.deepEqual(values(two), values(one));
  // sampled with a target that stops inside the first batch of orders: the same orders, values and used runs
  const sampled = { samples: 25, targetSe: 1e6, seed: 5 };
  const s1 = await settle(run, { rule: "shapley-houses", workers: 1, shapley: sampled });
  const s2 = await settle(run, { rule: "shapley-houses", workers: 2, shapley: sampled });
  assert.equal(s1.game!.samples, 10, "stops at the fewest orders a target allows");
  assert.deepEqual(values(s2), values(s1));
  const g1 = await settle(run, { rule: "shapley-groups", workers: 1, shapley: { samples: 12, seed: 5 } });
  const g2 = await settle(run, { rule: "shapley-groups", workers: 2, shapley: { samples: 12, seed: 5 } });
  assert.deepEqual(values(g2), values(g1));
});

// shapley-groups needs F({g1}) = F({0, 1}) and F({g2}) = F({2}) (F(N) is the run's own): 2 runs.
// shapley-houses then needs the 6 coalitions but N: {0}, {1}, {2}, {0,1}, {0,2}, {1,2}; {0,1}, {2} are known: 4 runs.
test("each coalition is run once: shared across rules, reused when sampled, the same count on workers", async () => {
  const ex = twoGroups();
  const run = await simulate(ex.scenario, ex.profiles);
  for (const workers of [1, 2]) {
    const all = await settleAll(run, { workers });
    assert.equal(all["shapley-groups"].game!.runs, 2, `groups, ${workers} worker(s)`);
    assert.equal(all["shapley-houses"].game!.runs, 4, `houses, ${workers} worker(s)`);
  }
  // 200 sampled orders of 3 players ask for 600 coalitions, but there are only 2^3 − 2 = 6 to run
  let made = 0;
  const s = await settle(run, {
    rule: "shapley-houses",
    workers: 1,
    shapley: { samples: 200, seed: 2 },
    onRun: (n) => (made = n),
  });
  assert.equal(s.game!.runs, 6);
  assert.equal(made, 6);
});

test("auto picks this thread for little work, inside a kernel, or for one run; a number is taken as given", () => {
  // the demo's shapley-groups: 2 runs of 3 and 2 houses × 122 days × 24 h = 14 640 house-hours
  assert.equal(coalitionWorkers("auto", 2, 14_640, false), 0);
  // the demo's shapley-houses: 30 runs, Σ |C| = 5 · 2^4 − 5 = 75 houses × 2 928 h = 219 600 house-hours
  assert.equal(
    coalitionWorkers("auto", 30, 219_600, false),
    availableParallelism() > 1 ? Math.min(availableParallelism(), 30) : 0,
  );
  assert.equal(coalitionWorkers("auto", 30, 219_600, true), 0);
  assert.equal(coalitionWorkers(2, 30, 10, false), 2);
  assert.equal(coalitionWorkers(4, 3, 10, false), 3);
  assert.equal(coalitionWorkers(1, 30, 219_600, false), 0);
  assert.equal(coalitionWorkers(8, 1, 219_600, false), 0);
  assert.equal(insideKernel({}, ["node", "/usr/bin/tslab", "kernel", "--config-path", "x"]), true);
  assert.equal(insideKernel({ CVPP_IN_KERNEL: "0" }, ["node", "tslab", "kernel"]), false);
  assert.equal(insideKernel({}, ["node", "dist/cli/demo.js"]), false);
});

test("a run that times out on a worker fails the settlement with one line (the pool stopped, no hang)", async () => {
  const ex = twoGroups();
  const run = await simulate(ex.scenario, ex.profiles);
  const t0 = Date.now();
  await assert.rejects(settle(run, { rule: "shapley-houses", workers: 2, timeoutMs: 1 }), (e: Error) => {
    assert.equal(e.name, "SolveError");
    assert.match(
      e.message,
      /^coalition run of g\dh\d(\+g\dh\d)*: no answer from its worker thread within 0\.001 s; the worker was stopped/,
    );
    assert.doesNotMatch(e.message, /\n/);
    return true;
  });
  assert.ok(Date.now() - t0 < 60_000);
});

test("an error inside a worker fails the batch with one line naming the coalition", async () => {
  const ex = twoGroups();
  const run = await simulate(ex.scenario, ex.profiles);
  const good = {
    ...coalitionCommunity(run.scenario, run.profiles, [0, 1]),
    days: 1,
    features: run.features,
    solver: "highs" as const,
    presolve: true,
  };
  // 2 days asked of 1-day profiles: simulate refuses it inside the worker
  const bad = {
    ...coalitionCommunity(run.scenario, run.profiles, [2]),
    days: 2,
    features: run.features,
    solver: "highs" as const,
    presolve: true,
    label: "g2h1",
  };
  const pool = new CoalitionPool(2, 60_000);
  const done: number[] = [];
  try {
    await assert.rejects(
      pool.runAll([good, bad], (k) => done.push(k)),
      /^SolveError: coalition run of g2h1 failed on a worker thread: days: must be a whole number from 1 to 1/,
    );
  } finally {
    await pool.destroy();
  }
  // the good one ran on the other worker: F({g1}) = −3 (hand-worked in settlement.test.ts)
  const here = new CoalitionPool(2, 60_000);
  try {
    const costs: number[] = [];
    await here.runAll([good, good], (k, f) => (costs[k] = f));
    costs.forEach((f) => assert.ok(Math.abs(f + 3) < 5e-5, `F({g1}) = ${f}`));
  } finally {
    await here.destroy();
  }
});

test("a worker killed for its memory fails the batch with one line, at once", async () => {
  const ex = twoGroups();
  const run = await simulate(ex.scenario, ex.profiles);
  const job = {
    ...coalitionCommunity(run.scenario, run.profiles, [0, 1]),
    days: 1,
    features: run.features,
    solver: "highs" as const,
    presolve: true,
  };
  // 4 MB of heap cannot even load the solver: each worker is killed by Node
  const pool = new CoalitionPool(2, 60_000, { maxOldGenerationSizeMb: 4, maxYoungGenerationSizeMb: 1 });
  const t0 = Date.now();
  try {
    await assert.rejects(
      pool.runAll([job, job, job], () => {}),
      /^SolveError: coalition run of g1h1\+g1h2 failed on a worker thread: [^\n]*memory limit[^\n]*$/,
    );
  } finally {
    await pool.destroy();
  }
  assert.ok(Date.now() - t0 < 60_000, "long before the timeout");
});
