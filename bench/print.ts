/**
 * `node --import tsx bench/print.ts [results/bench.json]`: prints the tables
 * of a bench.json again (also one a stopped run left behind).
 */
import { readFileSync } from "node:fs";
import { casesTable, ratiosTable, type Ratio } from "./report.js";
import type { CaseFailure, CaseResult } from "./spec.js";

const file = process.argv[2] ?? "results/bench.json";
const report = JSON.parse(readFileSync(file, "utf8")) as {
  cases: (CaseResult | CaseFailure)[];
  ratios: Ratio[];
  complete?: boolean;
};
console.log(casesTable(report.cases));
console.log();
console.log(ratiosTable(report.ratios));
if (report.complete === false) console.log("\n(the run stopped before its last case)");
