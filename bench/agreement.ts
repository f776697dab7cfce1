/**
 * How closely the fair bills agree across solvers, presolve, formulations
 * and column orders: first on the demo (each house's bill over the 122 days,
 * fair and with the solver's split), then on random communities (the
 * property tests' generator, a fixed seed), one line per price kind:
 *
 *   npm run bench:agreement [-- communities=60]
 *
 * For each community the reference is HiGHS per pair; the others are HiGHS
 * pooled (presolve on and off), glpk.js per pair, glpk.js pooled without
 * presolve, and HiGHS pooled with the LP's columns permuted. A community's
 * figure is the largest relative difference of a house's daily bill,
 * |b − b_ref| / max(1, |b_ref|), over its days, houses and runs.
 */
import fc from "fast-check";
import { costTotals, demoExample, simulate, type Scenario, type SimulateOptions } from "../src/index.js";
import { loadBackend } from "../src/solver/index.js";
import { randomExample } from "../test/helpers/arbitraries.js";
import { permutedBackend } from "../test/helpers/permuted.js";

const n = Number(process.argv[2] ?? 60);
const ordinary = (p: Scenario["prices"]) =>
  Number(p.peerSaleIntra) <= Number(p.peerPurchaseIntra) && Number(p.peerSaleInter) <= Number(p.peerPurchaseInter);
const highs = await loadBackend("highs");

// The demo: every house's bill over the 122 days, against HiGHS (presolve on) with fair bills.
const demo = demoExample();
let reference: number[] | null = null;
for (const [what, o] of [
  ["HiGHS", {}],
  ["HiGHS, presolve off", { presolve: false }],
  ["glpk.js", { solver: "glpk" }],
  ["glpk.js, presolve off", { solver: "glpk", presolve: false }],
  ["HiGHS pooled", { formulation: "pooled" }],
  ["HiGHS, solver's split", { allocation: "solver" }],
  ["HiGHS, presolve off, solver's split", { allocation: "solver", presolve: false }],
  ["glpk.js, solver's split", { solver: "glpk", allocation: "solver" }],
  ["glpk.js, presolve off, solver's split", { solver: "glpk", allocation: "solver", presolve: false }],
] as [string, SimulateOptions][]) {
  const t = costTotals(await simulate(demo.scenario, demo.profiles, o));
  const bills = Object.values(t.byHouse);
  reference ??= bills;
  const diff = Math.max(...bills.map((b, h) => Math.abs(b - reference![h])));
  console.log(
    `demo, ${what}: overall ${t.overall.toFixed(2)}; bills ${bills.map((b) => b.toFixed(2)).join(" ")}; largest difference from HiGHS fair ${diff.toExponential(2)}`,
  );
}

for (const odd of [false, true]) {
  const samples = fc.sample(
    randomExample(2).filter(({ scenario }) => ordinary(scenario.prices) !== odd),
    { numRuns: n, seed: 12345 },
  );
  const worst: number[] = [];
  const fairLps = { highs: 0, glpk: 0 };
  let widened = 0;
  for (const [i, ex] of samples.entries()) {
    const others: SimulateOptions[] = [
      { solver: "highs", formulation: "pooled" },
      { solver: "highs", presolve: false, formulation: "pooled" },
      { solver: "glpk", formulation: "pair" },
      { solver: "glpk", presolve: false, formulation: "pooled" },
      { backend: permutedBackend(highs, i + 1), formulation: "pooled" },
    ];
    const ref = await simulate(ex.scenario, ex.profiles, { solver: "highs", formulation: "pair" });
    widened += ref.days.filter((d) => d.stages.slackFactor > 1).length;
    fairLps.highs += ref.days.reduce((s, d) => s + d.stages.lps.fair, 0);
    let w = 0;
    for (const [k, o] of others.entries()) {
      const b = await simulate(ex.scenario, ex.profiles, o);
      if (k === 2) fairLps.glpk += b.days.reduce((s, d) => s + d.stages.lps.fair, 0);
      widened += b.days.filter((d) => d.stages.slackFactor > 1).length;
      ref.days.forEach((d, j) =>
        d.houseCosts.forEach((c, h) => {
          w = Math.max(w, Math.abs(b.days[j].houseCosts[h] - c) / Math.max(1, Math.abs(c)));
        }),
      );
    }
    worst.push(w);
  }
  const within = (t: number) => worst.filter((w) => w <= t).length;
  console.log(
    `${n} communities, ${odd ? "odd" : "ordinary"} peer prices: bills agree within 1e-6 relative in ${within(1e-6)}, 1e-5 in ${within(1e-5)}, 1e-4 in ${within(1e-4)}, 1e-3 in ${within(1e-3)}; worst ${Math.max(...worst).toExponential(2)}; fair-stage LPs in all: HiGHS ${fairLps.highs}, glpk.js ${fairLps.glpk}; days that needed widened slacks: ${widened}`,
  );
}
