/**
 * A sweep's grid: every combination of the swept parameters' values
 * applied to a base scenario (params.ts parses and applies one parameter).
 */
import type { Scenario } from "../community/scenario.js";
import { InputError } from "../errors/errors.js";
import { applyParam, type SweepParam } from "./params.js";

/** One combination of parameter values. */
export interface SweepVariant {
  /** 1-based, in grid order (the first parameter varies slowest) */
  index: number;
  /** parameter name → value */
  params: Record<string, number>;
  scenario: Scenario;
}

/**
 * Every combination of the parameters' values applied to `base`.
 * @example sweepVariants(demoScenario(), [parseParam("battery.capacity=0:10:1")]).length // => 11
 * @throws InputError for a repeated parameter or a value that makes an impossible scenario
 */
export function sweepVariants(base: Scenario, params: readonly SweepParam[]): SweepVariant[] {
  const names = params.map((p) => p.name);
  const dup = names.find((n, i) => names.indexOf(n) !== i);
  if (dup) throw new InputError(`--param ${dup}`, "is given twice");
  let combos: Record<string, number>[] = [{}];
  for (const p of params) combos = combos.flatMap((c) => p.values.map((v) => ({ ...c, [p.name]: v })));
  return combos.map((c, i) => ({
    index: i + 1,
    params: c,
    scenario: Object.entries(c).reduce((s, [name, v]) => applyParam(s, name, v), base),
  }));
}
