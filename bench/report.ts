/**
 * The bench's printed tables and side-by-side ratios, from the cases' results.
 */
import { communityLabel, isFailure, type CaseFailure, type CaseResult } from "./spec.js";

export interface DemoProcess {
  runs: number;
  args: string[];
  medianS: number;
  minS: number;
  maxS: number;
  load: [number, number];
}

export interface Ratio {
  what: string;
  a: string;
  b: string;
  /** a's figure over b's */
  ratio: number | null;
  note: string;
}

/** A Markdown pipe table, columns padded (pasteable into docs/solver-bench.md). */
export function markdownTable(rows: string[][]): string {
  const width = rows[0].map((_, c) => Math.max(...rows.map((r) => (r[c] ?? "").length)));
  const line = (r: string[]) => `| ${r.map((v, c) => (v ?? "").padEnd(width[c])).join(" | ")} |`;
  return [line(rows[0]), `|${width.map((w) => "-".repeat(w + 2)).join("|")}|`, ...rows.slice(1).map(line)].join("\n");
}

const fmt = (x: number, d = 1) => (Number.isFinite(x) ? x.toFixed(d) : "–");

/** The main table: one line per finished case, one per failed one. */
export function casesTable(results: (CaseResult | CaseFailure)[]): string {
  const head = [
    "case",
    "community",
    "days",
    "rows",
    "cols",
    "nonzeros",
    "build",
    "solve",
    "dec+ext",
    "audit",
    "ms/day",
    "LPs c/k/f (max f)",
    "ms c/k/f",
    "iter c/k/f",
    "fair LP cols (reduced)",
    "fallback days",
    "failed/active pool-h",
    "presolve retry days",
    "run s",
    "peak MiB",
    "load",
  ];
  const rows = results.map((r) => {
    if (isFailure(r)) return [r.spec.name, communityLabel(r.spec.community), String(r.spec.days), `FAILED: ${r.error}`];
    const m = r.medianMs;
    return [
      r.spec.name,
      communityLabel(r.spec.community),
      String(r.spec.days),
      String(r.rows),
      String(r.cols),
      String(r.nonZeros),
      fmt(m.build),
      fmt(m.solve),
      fmt(m.decomposeExtract),
      fmt(m.audit),
      fmt(m.total),
      `${r.lps.cost}/${r.lps.carry}/${r.lps.fair} (${r.lps.fairMax})`,
      `${fmt(r.stageMs.cost, 0)}/${fmt(r.stageMs.carry, 0)}/${fmt(r.stageMs.fair, 0)}`,
      r.iterations ? `${r.iterations.cost}/${r.iterations.carry}/${r.iterations.fair}` : "",
      r.fairLp ? `${r.fairLp.fullCols} (${r.fairLp.reducedCols ?? "—"})` : "",
      r.spec.formulation === "pair" ? "(pair)" : `${r.fallback.splitDays}+${r.fallback.priceDays}`,
      r.spec.formulation === "pair" ? "" : `${r.fallback.failedPoolHours}/${r.fallback.activePoolHours}`,
      String(r.presolveFallbackDays),
      fmt(r.simulateS, 2),
      fmt(r.peakRssMiB, 0),
      `${r.load[0]}→${r.load[1]}`,
    ];
  });
  return markdownTable([head, ...rows.map((row) => [...row, ...Array<string>(head.length - row.length).fill("")])]);
}

/** Largest |a−b| / max(1, |b|) over the days both ran. */
function objectiveGap(a: CaseResult, b: CaseResult): number {
  let worst = 0;
  for (let d = 0; d < Math.min(a.objectives.length, b.objectives.length); d++)
    worst = Math.max(worst, Math.abs(a.objectives[d] - b.objectives[d]) / Math.max(1, Math.abs(b.objectives[d])));
  return worst;
}

/** Side-by-side ratios between pairs of cases (those that ran). */
export function ratios(results: (CaseResult | CaseFailure)[], demo: DemoProcess | null): Ratio[] {
  const by = new Map(results.filter((r): r is CaseResult => !isFailure(r)).map((r) => [r.spec.name, r]));
  const out: Ratio[] = [];
  const pair = (what: string, a: string, b: string, figure: (r: CaseResult) => number, unit: string) => {
    const ra = by.get(a),
      rb = by.get(b);
    if (!ra || !rb) return;
    out.push({
      what,
      a: `${a}: ${fmt(figure(ra), 2)} ${unit}`,
      b: `${b}: ${fmt(figure(rb), 2)} ${unit}`,
      ratio: figure(ra) / figure(rb),
      note: `days' objectives differ by ≤ ${objectiveGap(ra, rb).toExponential(1)} (relative); LPs/day ${ra.lps.totalMedian} vs ${rb.lps.totalMedian}`,
    });
  };
  const perDay = (r: CaseResult) => r.medianMs.total;
  pair("glpk.js / HiGHS, demo (ms per day)", "demo glpk", "demo highs", perDay, "ms/day");
  pair("glpk.js / HiGHS, 10 houses (ms per day)", "10 houses glpk", "10 houses highs", perDay, "ms/day");
  pair("fair / solver, demo (ms per day)", "demo fair", "demo solver", perDay, "ms/day");
  pair("fair / solver, 100 houses (ms per day)", "100 houses fair", "100 houses solver", perDay, "ms/day");
  pair(
    "per-pair / pooled, 100 houses (ms per day)",
    "100 houses pair",
    "100 houses pooled (pair's days)",
    perDay,
    "ms/day",
  );
  pair(
    "per-pair / pooled, 100 houses (columns)",
    "100 houses pair",
    "100 houses pooled (pair's days)",
    (r) => r.cols,
    "cols",
  );
  pair("year, fair / solver (run s)", "year 100 houses fair", "year 100 houses solver", (r) => r.simulateS, "s");
  if (demo)
    out.push({
      what: "demo as a whole process",
      a: `median ${fmt(demo.medianS, 2)} s (${demo.runs} runs)`,
      b: "",
      ratio: null,
      note: `min ${fmt(demo.minS, 2)}, max ${fmt(demo.maxS, 2)}; node dist/cli/demo.js ${demo.args.join(" ")}`,
    });
  return out;
}

export function ratiosTable(rs: Ratio[]): string {
  return markdownTable([
    ["comparison", "a", "b", "a / b", "note"],
    ...rs.map((r) => [r.what, r.a, r.b, r.ratio === null ? "" : fmt(r.ratio, 2), r.note]),
  ]);
}
