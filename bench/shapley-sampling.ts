// Sampled against exact Shapley on a 10-group community (issue 17's closing note), and the exact value's cost
// with 1 and 2 worker threads. `node --import tsx bench/shapley-sampling.ts [days] [workers]`
// (defaults 2 and auto). Prints the exact runs and seconds, then for a few budgets of player orders the largest
// |sampled − exact| next to the largest reported standard error. Sampling reuses the exact run's coalitions, so
// it is not timed (its cost: at most 10 runs per order, fewer as coalitions recur).
import { performance } from "node:perf_hooks";
import { buildNetwork, demoBattery, demoScenario, generateProfiles, simulate } from "../src/index.js";
import { CoalitionCosts } from "../src/settlement/coalition.js";
import { settle } from "../src/settlement/settle.js";

const days = Number(process.argv[2] ?? 2);
const workers = process.argv[3] === undefined || process.argv[3] === "auto" ? "auto" : Number(process.argv[3]);
// 10 groups: alternately 1 prosumer + 1 consumer with a battery, and 2 prosumers + 1 consumer without
const groups = Array.from({ length: 10 }, (_, g) =>
  g % 2 === 0
    ? { prosumers: 1, consumers: 1, battery: demoBattery(5.25) }
    : { prosumers: 2, consumers: 1, battery: null },
);
const scenario = { ...demoScenario(), days, groups };
const profiles = generateProfiles(scenario, buildNetwork(scenario));
const run = await simulate(scenario, profiles, { allocation: "solver" });
const costs = new CoalitionCosts(run);
const t0 = performance.now();
const exact = await settle(run, { rule: "shapley-groups", costs, workers });
const sec = (performance.now() - t0) / 1000;
const phi = exact.game!.values;
console.log(
  `10 groups, ${run.network.houses.length} houses, ${days} days; whole run ${(run.timings.totalMs / 1000).toFixed(2)} s`,
);
console.log(
  `exact: ${exact.game!.runs} runs in ${sec.toFixed(1)} s on ${exact.game!.workers || 1} thread(s); ` +
    `φ = ${phi.map((v) => v.toFixed(2)).join(", ")}; Σ φ = ${phi.reduce((a, b) => a + b, 0).toFixed(2)}`,
);
for (const samples of [10, 50, 200, 1000]) {
  const s = await settle(run, { rule: "shapley-groups", costs, workers: 1, shapley: { samples, seed: 42 } });
  const err = s.game!.values.map((v, i) => Math.abs(v - phi[i]));
  const worst = Math.max(...err),
    se = Math.max(...s.game!.se);
  const within = err.filter((e, i) => e <= 2 * s.game!.se[i]).length;
  console.log(
    `sampled ${samples} orders (up to ${samples * 10} coalition runs): largest |error| ${worst.toFixed(3)}, ` +
      `largest SE ${se.toFixed(3)}, mean |error| ${(err.reduce((a, b) => a + b, 0) / err.length).toFixed(3)}, ` +
      `${within}/10 within 2 SE; relative to mean |φ| ${(worst / (phi.reduce((a, b) => a + Math.abs(b), 0) / 10)).toExponential(1)}`,
  );
}
