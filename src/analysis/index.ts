/** What P2P trading is worth: baselines, savings, KPIs, sweeps (issue 4). */
export * from "./baselines.js";
export * from "./savings.js";
export * from "./gini.js";
export * from "./fairness.js";
export * from "./kpis.js";
export * from "./params.js";
export * from "./sweep.js";
export { runSweepJob, type SweepJob, type SweepJobResult } from "./sweep-job.js";
export * from "./compare.js";
export * from "./bill-range.js";
