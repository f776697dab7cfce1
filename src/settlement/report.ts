/**
 * Owns: a settlement as text and rows for the terminal and the notebook: the
 * "Cost per house" rows with the settled columns, the checks in one line
 * each, and every rule's savings side by side.
 * Imports: results (the run's cost rows), simulation (types), this room's types.
 */
import type { SimulationResult } from "../simulation/simulate.js";
import { costsByHouse, type HouseCostRow } from "../results/tables.js";
import type { SettlementRule } from "./rules.js";
import type { Settlement } from "./settle.js";

/** A "Cost per house" row with the settled columns, currency units over the days solved. */
export type SettledHouseRow = HouseCostRow & {
  "settled bill": number;
  transfer: number;
  "settled saving": number;
  "± se"?: number;
};

/**
 * {@link costsByHouse} with each house's settled bill, transfer and settled saving (and its standard error when sampled).
 * @example textTable(settledHouseRows(run, await settle(run, { rule: "equal" })))
 */
export function settledHouseRows(run: SimulationResult, s: Settlement): SettledHouseRow[] {
  return costsByHouse(run).map((row) => {
    const h = s.byHouse[row.house];
    return {
      ...row,
      "settled bill": h.settledBill,
      transfer: h.transfer,
      "settled saving": h.saving,
      ...(s.exact ? {} : { "± se": h.se ?? 0 }),
    };
  });
}

const money = (x: number) => x.toFixed(2);

/**
 * The settlement's rule, its checks and (Shapley rules) the players' values, a few lines of text.
 * @example settlementText(await settle(run, { rule: "shapley-groups" })) // "Settlement: shapley-groups (exact) …"
 */
export function settlementText(s: Settlement): string {
  const c = s.checks,
    g = s.game;
  const largest = Math.max(0, ...(g?.se ?? [0]));
  const target =
    g?.targetSe === undefined
      ? ""
      : largest <= g.targetSe
        ? `, target ${g.targetSe} reached`
        : `, target ${g.targetSe} NOT reached within the budget`;
  const how = s.exact
    ? "exact"
    : `sampled, ± SE: ${g?.samples ?? 0} player orders, largest SE ${money(largest)}${target}`;
  const lines = [
    `Settlement: ${s.rule} (${how}); the community saves ${money(s.communitySaving)} of ${money(s.communitySaving + s.communityCost)} alone`,
    `  individual rationality: ${c.individualRationality.ok ? "ok, no house pays more than alone" : `FAILED, paying more than alone: ${c.individualRationality.houses.join(", ")}`}`,
  ];
  if (c.groupRationality)
    lines.push(
      `  group rationality: ${c.groupRationality.ok ? "ok, no group saves more alone" : `FAILED, would save more alone: ${c.groupRationality.groups.join(", ")}`}`,
    );
  lines.push(
    `  budget balance: ${c.budgetBalance.ok ? "ok" : "FAILED"} (settled bills ${money(c.budgetBalance.settledTotal)}, cost ${money(c.budgetBalance.communityCost)}, relative error ${c.budgetBalance.relativeError.toExponential(1)})`,
    `  transfers sum to ${c.transfersSum.toExponential(1)}`,
  );
  if (g) {
    const values = g.ids.map(
      (id, i) =>
        `${id} ${money(g.values[i])}${s.exact ? "" : ` ± ${money(g.se[i])}`}${g.alone ? ` (alone ${money(g.alone[i])})` : ""}`,
    );
    const where = g.workers > 1 ? ` on ${g.workers} worker threads` : "";
    const cost = `${g.runs} coalition runs, ${g.seconds.toFixed(2)} s${where}`;
    lines.push(`  Shapley values of the ${g.players}: ${values.join(", ")}; ${cost}`);
  }
  return lines.join("\n");
}

/** One house's saving under every rule settled, currency units. */
export type RuleSavingsRow = { house: string; group: string } & Partial<Record<SettlementRule, number>>;

/**
 * Savings per house (rows) and rule (columns), for rules settled with {@link settleAll} or one by one.
 * @example rulesSavingsRows(await settleAll(run)) // [{ house: "g1h1", group: "g1", none: 3631.14, equal: 6142.94, … }, …]
 */
export function rulesSavingsRows(all: Partial<Record<SettlementRule, Settlement>>): RuleSavingsRow[] {
  const settled = Object.entries(all) as [SettlementRule, Settlement][];
  if (settled.length === 0) return [];
  const houses = Object.keys(settled[0][1].byHouse);
  return houses.map((house) => {
    const row: RuleSavingsRow = { house, group: house.replace(/h\d+$/, "") };
    for (const [rule, s] of settled) row[rule] = s.byHouse[house].saving;
    return row;
  });
}

/**
 * The settlement as summary.json's `settlement`: everything but the coalition
 * runs' wall time and worker threads (the caller puts the time in `timings`,
 * the only part of summary.json that changes between identical runs).
 * @example summary.settlement = settlementJson(await settle(run, { rule: "equal" }))
 */
export function settlementJson(
  s: Settlement,
): Omit<Settlement, "game"> & { game?: Omit<NonNullable<Settlement["game"]>, "seconds" | "workers"> } {
  if (!s.game) return s;
  const { seconds: _wallTime, workers: _where, ...game } = s.game;
  return { ...s, game };
}
