/**
 * A study's parameters: how a value is put into the scenario (by JSON path)
 * and how the parameters' values combine into points (grid, list, Latin
 * hypercube).
 *
 * Paths: `a.b`, `a[2]`, `a[*]` (every element). Special meanings, the same as
 * `npm run sweep`'s (analysis/params.ts): `groups[*|k].battery.capacity` is
 * the demo's battery of that capacity (0: none); `groups[*|k].battery.<key>`
 * sets one battery figure of the groups that have a battery; `prices.<key>`
 * sets the price's mean over the day's hours; `prices.demo` the demo's
 * prices for that p_gb. Any other path must lead to a number (or a list of
 * numbers, replaced by the one value) in the base scenario.
 */
import seedrandom from "seedrandom";
import * as message from "../errors/messages.js";
import { InputError } from "../errors/errors.js";
import { applyParam } from "../analysis/params.js";
import type { Scenario } from "../community/scenario.js";
import { isChoice, isTariffParam, type Combine, type ParamValues } from "./spec.js";

type Step = string | number | "*";

/** `groups[*].battery.capacity` → ["groups", "*", "battery", "capacity"]; null when not a path. */
export function parsePath(path: string): Step[] | null {
  const steps: Step[] = [];
  const re = /\.?([A-Za-z_]\w*)|\[(\d+|\*)\]/y;
  let m: RegExpExecArray | null;
  while (re.lastIndex < path.length && (m = re.exec(path))) {
    if (m[1] !== undefined) steps.push(m[1]);
    else steps.push(m[2] === "*" ? "*" : Number(m[2]));
  }
  return re.lastIndex === path.length && steps.length > 0 && typeof steps[0] === "string" ? steps : null;
}

/** The analysis/params.ts name of a special path, or null. */
function sweepName(steps: readonly Step[]): string | null {
  if (steps[0] === "prices" && steps.length === 2) return `prices.${steps[1]}`;
  if (steps[0] === "groups" && steps[2] === "battery" && steps.length === 4)
    return `${steps[1] === "*" ? "" : `g${Number(steps[1]) + 1}.`}battery.${steps[3]}`;
  return null;
}

/** The values a path points to in `obj` (every element for `*`), as [parent, key] pairs. */
function slots(obj: unknown, steps: readonly Step[]): [Record<string | number, unknown>, string | number][] {
  let here: [Record<string | number, unknown>, string | number][] = [[{ root: obj }, "root"]];
  for (const s of steps) {
    here = here.flatMap(([p, k]) => {
      const v = p[k];
      if (s === "*")
        return Array.isArray(v)
          ? v.map((_, i) => [v as unknown as Record<number, unknown>, i] as [Record<number, unknown>, number])
          : [];
      if (typeof v !== "object" || v === null || !Object.hasOwn(v, s)) return [];
      return [[v as Record<string | number, unknown>, s] as [Record<string | number, unknown>, string | number]];
    });
  }
  return here;
}

const isNumeric = (v: unknown) =>
  typeof v === "number" || (Array.isArray(v) && v.length > 0 && v.every((x) => typeof x === "number"));

/**
 * Checks that `name` is a parameter the base scenario can take (a choice, a
 * special path, or a path to numbers in it).
 * @throws InputError naming `where`
 */
export function checkParamName(base: Scenario, name: string, where: string): void {
  if (isChoice(name) || name === "seed" || isTariffParam(name)) return;
  const steps = parsePath(name);
  if (!steps) throw new InputError(where, message.notKeyPath(name));
  const special = sweepName(steps);
  if (special) {
    if (steps[0] === "groups" && typeof steps[1] === "number" && steps[1] >= base.groups.length)
      throw new InputError(where, message.groupOutOfRange(base.groups.length));
    try {
      applyParam(base, special, 1);
    } catch (e) {
      // a name applyParam does not know; other problems are the value's, found when a job runs
      if (e instanceof InputError && /unknown parameter/.test(e.problem))
        throw new InputError(where, message.unknownStudyParam(name));
    }
    return;
  }
  const found = slots(base, steps);
  if (found.length === 0) throw new InputError(where, message.baseHasNo(name));
  if (!found.every(([p, k]) => isNumeric(p[k]))) throw new InputError(where, message.notNumberInBase(name));
}

/**
 * The scenario with parameter `name` set to `value` (not validated: the
 * job validates the whole scenario). Choices (`solver`, `prices`, …) and
 * the tariff's terms (`tariff.fees`, …: the job's prices) leave it as it is.
 * @example withParam(demoScenario(), "groups[0].prosumers", 3).groups[0].prosumers // => 3
 */
export function withParam(s: Scenario, name: string, value: number | string): Scenario {
  if (isChoice(name) || isTariffParam(name)) return s;
  if (typeof value !== "number") throw new InputError(name, message.paramNotNumber(value));
  if (name === "seed") return { ...s, seed: value };
  const steps = parsePath(name)!;
  const special = sweepName(steps);
  if (special) return applyParam(s, special, value);
  const copy = structuredClone(s);
  for (const [p, k] of slots(copy, steps)) p[k] = value;
  return copy;
}

/** One point of a study: parameter name → value, in the file's order. */
export type Point = [string, number | string][];

/**
 * The study's points: every combination (grid, the first parameter varying
 * slowest), the lists side by side (list), or `samples` Latin-hypercube
 * samples drawn from `seed` (each parameter's range cut into `samples`
 * equal strata, one draw per stratum, strata shuffled per parameter; a list
 * parameter takes the value of its stratum's share of the list).
 * @example points([["a", { kind: "list", values: [1, 2] }], ["b", { kind: "list", values: [3, 4] }]], "list", 0, 1) // => [[["a", 1], ["b", 3]], [["a", 2], ["b", 4]]]
 */
export function points(
  params: readonly [string, ParamValues][],
  combine: Combine,
  samples: number,
  seed: number,
): Point[] {
  if (combine === "lhs") return latinHypercube(params, samples, seed);
  const lists = params.map(([n, p]) => [n, p.kind === "list" ? p.values : []] as const);
  if (combine === "list")
    return lists[0][1].map((_, i) => lists.map(([n, vs]) => [n, vs[i]] as [string, number | string]));
  let out: Point[] = [[]];
  for (const [n, vs] of lists) out = out.flatMap((pt) => vs.map((v) => [...pt, [n, v] as [string, number | string]]));
  return out;
}

function latinHypercube(params: readonly [string, ParamValues][], n: number, seed: number): Point[] {
  const rng = seedrandom(`p2p-cvpp-lhs:${seed}`);
  const columns = params.map(([name, p]) => {
    const strata = Array.from({ length: n }, (_, i) => i);
    for (let i = n - 1; i > 0; i--) {
      const j = Math.floor(rng() * (i + 1));
      [strata[i], strata[j]] = [strata[j], strata[i]];
    }
    return strata.map((k): [string, number | string] => {
      const u = (k + rng()) / n;
      if (p.kind === "list") return [name, p.values[Math.min(p.values.length - 1, Math.floor(u * p.values.length))]];
      if (p.integer) return [name, Math.min(p.max, Math.floor(p.min + u * (p.max - p.min + 1)))];
      return [name, p.min + u * (p.max - p.min)];
    });
  });
  return Array.from({ length: n }, (_, i) => columns.map((c) => c[i]));
}
