/**
 * The bench's cases. Environment:
 *
 *   BENCH_QUICK=1          a smoke run (well under a minute on an idle machine)
 *   BENCH_YEAR=1           add 100 and 200 houses × 365 days (allocation solver); BENCH_YEAR=all adds 100 houses with fair bills;
 *                          BENCH_YEAR=1000 only 1 000 houses × 365 days with fair bills on 2 workers (46 min on 2 idle cores)
 *   BENCH_SCALE_ALLOCATION=fair   the scaling cases with fair bills (default: solver, stages 1–2 only)
 *   BENCH_ONLY=<regex>     only the cases whose name matches
 */
import type { CaseSpec } from "./spec.js";

const houses = (groups: number) => ({ groups, prosumers: 5, consumers: 5 });

const base = { solver: "highs", formulation: "auto", allocation: "fair", presolve: true } as const;

/** The cases for this run, heavy ones last. */
export function benchCases(env: NodeJS.ProcessEnv = process.env): CaseSpec[] {
  const quick = env.BENCH_QUICK === "1";
  const scaleAllocation = env.BENCH_SCALE_ALLOCATION === "fair" ? "fair" : "solver";
  const cases: CaseSpec[] = [];
  const add = (c: CaseSpec) => cases.push(c);

  // HiGHS against glpk.js: the demo and 10 houses
  const demoDays = quick ? 10 : 122;
  for (const solver of ["highs", "glpk"] as const) {
    add({ ...base, name: `demo ${solver}`, section: "backend", community: "demo", days: demoDays, solver });
    add({
      ...base,
      name: `10 houses ${solver}`,
      section: "backend",
      community: houses(1),
      days: quick ? 2 : 7,
      solver,
    });
  }
  // fair bills against the solver's split: the demo (100 houses below, heavy)
  for (const allocation of ["fair", "solver"] as const)
    add({ ...base, name: `demo ${allocation}`, section: "allocation", community: "demo", days: demoDays, allocation });

  // scaling: 10 … 1 000 houses, groups of 5 prosumers + 5 consumers
  const scale: [number, number][] = quick
    ? [
        [1, 2],
        [5, 1],
      ]
    : [
        [1, 7],
        [5, 7],
        [10, 7],
        [20, 7],
        [50, 3],
        [100, 2],
      ];
  for (const [groups, days] of scale)
    add({
      ...base,
      name: `${groups * 10} houses`,
      section: "scale",
      community: houses(groups),
      days,
      allocation: scaleAllocation,
    });

  if (!quick) {
    for (const allocation of ["fair", "solver"] as const)
      add({
        ...base,
        name: `100 houses ${allocation}`,
        section: "allocation",
        community: houses(10),
        days: 2,
        allocation,
      });
    add({
      ...base,
      name: "100 houses pair",
      section: "pair",
      community: houses(10),
      days: 3,
      allocation: scaleAllocation,
      formulation: "pair",
    });
    add({
      ...base,
      name: "100 houses pooled (pair's days)",
      section: "pair",
      community: houses(10),
      days: 3,
      allocation: scaleAllocation,
      formulation: "pooled",
    });
  }
  if (env.BENCH_YEAR === "1000")
    return [
      {
        ...base,
        name: "year 1000 houses fair",
        section: "year",
        community: houses(100),
        days: 365,
        allocation: "fair",
        workers: 2,
      },
    ];
  if (env.BENCH_YEAR === "1" || env.BENCH_YEAR === "all") {
    add({
      ...base,
      name: "year 100 houses solver",
      section: "year",
      community: houses(10),
      days: 365,
      allocation: "solver",
    });
    add({
      ...base,
      name: "year 200 houses solver",
      section: "year",
      community: houses(20),
      days: 365,
      allocation: "solver",
    });
    if (env.BENCH_YEAR === "all")
      add({
        ...base,
        name: "year 100 houses fair",
        section: "year",
        community: houses(10),
        days: 365,
        allocation: "fair",
      });
  }
  const only = env.BENCH_ONLY ? new RegExp(env.BENCH_ONLY) : null;
  return only ? cases.filter((c) => only.test(c.name)) : cases;
}
