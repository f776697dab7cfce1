/**
 * What one bench case is (a community and the options it is solved with) and
 * what its child process reports back. Shared by the parent (`bench.ts`) and
 * the child (`child.ts`).
 */
import type { Allocation, Formulation, SolverName } from "../src/index.js";

/** One case: a community and how it is solved. */
export interface CaseSpec {
  /** a short unique label, e.g. "100 houses pooled solver" */
  name: string;
  /** which table it belongs to */
  section: "scale" | "pair" | "backend" | "allocation" | "year" | "workers";
  /** "demo" or a generated community of `groups` × (`prosumers` + `consumers`) houses */
  community: "demo" | { groups: number; prosumers: number; consumers: number };
  days: number;
  solver: SolverName;
  /** "auto" (the default: per pair for the demo, pooled from a few dozen houses on), "pooled" or "pair" */
  formulation: Formulation | "auto";
  allocation: Allocation;
  presolve: boolean;
  /** worker threads for the days' fair stage (default "auto", what a user gets; 1: none) */
  workers?: number | "auto";
}

/** Medians per day, milliseconds. */
export interface PerDayMs {
  build: number;
  /** Σ of the stages' LP time */
  solve: number;
  /** the engine's time outside the stage LPs (pool decomposition; on fallback days the pooled attempt too) plus reading the flows back */
  decomposeExtract: number;
  audit: number;
  /** build + solve + decompose/extract + audit */
  total: number;
}

/** What a child reports for its case. */
export interface CaseResult {
  spec: CaseSpec;
  houses: number;
  /** the size of the LP of the first day solved in the formulation asked for (else day 1's) */
  rows: number;
  cols: number;
  nonZeros: number;
  medianMs: PerDayMs;
  /** LPs per day per stage: median and largest */
  lps: { cost: number; carry: number; fair: number; fairMax: number; totalMedian: number };
  /** ms per day per stage, medians */
  stageMs: { cost: number; carry: number; fair: number };
  /** simplex iterations per day per stage, medians (HiGHS; 0 for glpk.js) */
  iterations?: { cost: number; carry: number; fair: number };
  /** the fair stage's LP on the first fair day: the full LP's columns/rows and the reduced one's it ran on */
  fairLp?: { fullCols: number; fullRows: number; reducedCols: number | null; reducedRows: number | null };
  fallback: {
    /** days solved per pair because the pools did not split */
    splitDays: number;
    /** days solved per pair because of their prices */
    priceDays: number;
    /** pool-hours with trades, split by max-flow after the greedy fill, and that could not be split */
    activePoolHours: number;
    maxFlowPoolHours: number;
    failedPoolHours: number;
  };
  /** days on which some LP was solved again without presolve */
  presolveFallbackDays: number;
  /** each day's community cost (stage 1's optimum) */
  objectives: number[];
  auditOk: boolean;
  /** simulate()'s wall time, seconds */
  simulateS: number;
  /** the child process's wall time from start to result (module loading included), seconds */
  processS: number;
  /** CPU time of the child's threads during simulate(), seconds (all threads: above simulateS when workers ran in parallel) */
  cpuS?: number;
  /** the child's peak resident memory, MiB */
  peakRssMiB: number;
  solverLabel: string;
  /** 1-minute load average of the machine before and after */
  load: [number, number];
}

/** A case that did not finish. */
export interface CaseFailure {
  spec: CaseSpec;
  error: string;
  load: [number, number];
}

export const isFailure = (r: CaseResult | CaseFailure): r is CaseFailure => "error" in r;

/** "10×(5+5)" or "demo" */
export function communityLabel(c: CaseSpec["community"]): string {
  return c === "demo" ? "demo" : `${c.groups}×(${c.prosumers}+${c.consumers})`;
}
