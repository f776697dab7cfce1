/**
 * `study.json` (docs/scale-out.md "The study file"): which scenario, which
 * parameters, how they combine. Every mistake is one InputError naming the
 * file and the key's path, e.g. `study.json: params["synthetic.pvKwp"].max: must be a number`;
 * unknown keys are refused.
 *
 * A parameter is either a numeric scenario key by JSON path
 * (`groups[*].battery.capacity`, `groups[0].prosumers`, `synthetic.pvKwp`,
 * `prices.gridPurchase`, `seed`, …; see params.ts) or one of the run's
 * choices: `prices` (a list of prices.csv files), `solver`, `allocation`,
 * `settlement`; with `spot`, the tariff's terms `tariff.fees`, `tariff.vat`,
 * `tariff.feedIn`, `tariff.peerShare`.
 */
import { readFileSync } from "node:fs";
import { InputError } from "../errors/errors.js";
import { parseJsonStrict } from "../io/json.js";
import { parseGrid } from "../analysis/params.js";
import { BASELINES, type BaselineName } from "../analysis/baselines.js";
import { SETTLEMENT_RULE_NAMES } from "../settlement/rules.js";
import * as message from "../errors/messages.js";

/** The run's choices a study can sweep besides scenario keys, and their allowed values (`prices`: file names). */
export const CHOICE_PARAMS = {
  solver: ["highs", "glpk"],
  allocation: ["fair", "solver"],
  settlement: SETTLEMENT_RULE_NAMES as readonly string[],
  prices: null,
} as const satisfies Record<string, readonly string[] | null>;
export type ChoiceName = keyof typeof CHOICE_PARAMS;
export const isChoice = (name: string): name is ChoiceName => Object.hasOwn(CHOICE_PARAMS, name);

/** The tariff's numeric terms a study can sweep (`tariff.fees`, …; with `spot`), as in prices/tariff.ts. */
export const TARIFF_PARAMS = ["fees", "vat", "feedIn", "peerShare"] as const;
export const isTariffParam = (name: string) => TARIFF_PARAMS.some((k) => name === `tariff.${k}`);

/** A parameter's values: a list, or (Latin hypercube only) a range. */
export type ParamValues =
  { kind: "list"; values: (number | string)[] } | { kind: "range"; min: number; max: number; integer: boolean };

/** How the parameters' values combine into jobs. */
export type Combine = "grid" | "list" | "lhs";

export interface StudySpec {
  /** scenario file, relative to the study file's folder; absent: the demo */
  scenario?: string;
  /** profiles.csv file; absent: generated from each job's scenario */
  profiles?: string;
  /** solve only the first N days */
  days?: number;
  /** spot prices file (€/MWh) with `tariff` on top, instead of the scenario's prices; needs `start` and `zone` */
  spot?: string;
  /** the study's first day (YYYY-MM-DD) and time zone, placing `spot` on the study's days */
  start?: string;
  zone?: string;
  /** `fees=0.15,vat=0.19,…` as `--tariff` (default: spot alone) */
  tariff?: string;
  /** runs per job besides `full` (default ["grid-only"]) */
  baselines: BaselineName[];
  /** defaults of every job, unless swept */
  solver: string;
  allocation: string;
  settlement: string;
  combine: Combine;
  /** Latin hypercube: number of samples and the seed they are drawn from */
  samples?: number;
  seed: number;
  /** parameter name → values, in the file's order */
  params: [string, ParamValues][];
}

const TOP_KEYS = [
  "scenario",
  "profiles",
  "days",
  "spot",
  "start",
  "zone",
  "tariff",
  "baselines",
  "solver",
  "allocation",
  "settlement",
  "combine",
  "samples",
  "seed",
  "params",
];

type Json = unknown;
const isObject = (v: Json): v is Record<string, Json> => typeof v === "object" && v !== null && !Array.isArray(v);
const keyPath = (parent: string, key: string) =>
  (/^[A-Za-z_]\w*$/.test(key) ? `${parent}.${key}` : `${parent}[${JSON.stringify(key)}]`).replace(/^\./, "");

/**
 * Reads a parsed `study.json` (already JSON) into a {@link StudySpec}.
 * @example parseStudy({ days: 2, params: { "groups[*].battery.capacity": [0, 5] } }).params[0][1] // { kind: "list", values: [0, 5] }
 * @throws InputError naming `file` and the key's path
 */
export function parseStudy(raw: Json, file = "study.json"): StudySpec {
  const fail = (path: string, problem: string) => new InputError(`${file}: ${path}`, problem);
  if (!isObject(raw)) throw new InputError(file, message.studyNotObject());
  for (const k of Object.keys(raw))
    if (!TOP_KEYS.includes(k)) throw fail(keyPath("", k), message.studyUnknownKey(TOP_KEYS));
  const str = (k: string, choices?: readonly string[]): string | undefined => {
    const v = raw[k];
    if (v === undefined) return undefined;
    if (typeof v !== "string" || v.trim() === "") throw fail(k, message.nonEmptyString());
    if (choices && !choices.includes(v)) throw fail(k, message.oneOfGot(choices, v));
    return v;
  };
  const whole = (k: string, min: number): number | undefined => {
    const v = raw[k];
    if (v === undefined) return undefined;
    if (typeof v !== "number" || !Number.isSafeInteger(v) || v < min) throw fail(k, message.wholeNumberMin(min));
    return v;
  };
  const combine = (str("combine", ["grid", "list", "lhs"]) ?? "grid") as Combine;
  const samples = whole("samples", 1);
  if (combine === "lhs" && samples === undefined) throw fail("samples", message.lhsNeedsSamples());
  if (combine !== "lhs" && samples !== undefined) throw fail("samples", message.samplesNeedLhs());
  const baselines = raw.baselines === undefined ? ["grid-only"] : raw.baselines;
  if (!Array.isArray(baselines) || baselines.some((b) => !BASELINES.includes(b as BaselineName)))
    throw fail("baselines", message.baselinesList(BASELINES));
  if (!isObject(raw.params) || Object.keys(raw.params).length === 0) throw fail("params", message.paramsNeeded());
  const params = Object.entries(raw.params).map(([name, v]): [string, ParamValues] => [
    name,
    paramValues(name, v, keyPath("params", name), combine, fail),
  ]);
  if (combine === "list") {
    const lens = params.map(([, p]) => (p.kind === "list" ? p.values.length : 0));
    if (new Set(lens).size > 1) throw fail("params", message.listLengths(lens));
  }
  const spot = str("spot");
  for (const k of ["start", "zone", "tariff"])
    if (raw[k] !== undefined && spot === undefined) throw fail(k, message.studyNeedsSpot(k));
  for (const [name] of params) {
    if (name.startsWith("tariff.") && !isTariffParam(name))
      throw fail(keyPath("params", name), message.unknownTariffParam(TARIFF_PARAMS));
    if (isTariffParam(name) && spot === undefined) throw fail(keyPath("params", name), message.studyNeedsSpot(name));
    if (name === "prices" && spot !== undefined) throw fail(keyPath("params", name), message.pricesWithSpot());
  }
  return {
    scenario: str("scenario"),
    profiles: str("profiles"),
    days: whole("days", 1),
    spot,
    start: str("start"),
    zone: str("zone"),
    tariff: str("tariff"),
    baselines: baselines as BaselineName[],
    solver: str("solver", CHOICE_PARAMS.solver) ?? "highs",
    allocation: str("allocation", CHOICE_PARAMS.allocation) ?? "fair",
    settlement: str("settlement", CHOICE_PARAMS.settlement) ?? "none",
    combine,
    samples,
    seed: whole("seed", 0) ?? 1,
    params,
  };
}

/** One parameter's values: a list, a grid string `start:stop:step`, or `{ min, max, integer? }` (Latin hypercube). */
function paramValues(
  name: string,
  v: Json,
  path: string,
  combine: Combine,
  fail: (p: string, m: string) => InputError,
): ParamValues {
  if (name.trim() === "") throw fail(path, message.paramNeedsName());
  const choice = isChoice(name) ? CHOICE_PARAMS[name] : undefined;
  if (isObject(v)) {
    if (combine !== "lhs") throw fail(path, message.rangeNeedsLhs());
    if (isChoice(name)) throw fail(path, message.choiceTakesList());
    for (const k of Object.keys(v))
      if (!["min", "max", "integer"].includes(k))
        throw fail(`${path}.${k}`, message.studyUnknownKey(["min", "max", "integer"]));
    const { min, max, integer } = v;
    if (typeof min !== "number" || !Number.isFinite(min)) throw fail(`${path}.min`, message.mustBeNumber());
    if (typeof max !== "number" || !Number.isFinite(max) || max < min) throw fail(`${path}.max`, message.rangeMax());
    if (integer !== undefined && typeof integer !== "boolean")
      throw fail(`${path}.integer`, message.trueOrFalse(message.json(integer)));
    return { kind: "range", min, max, integer: integer === true };
  }
  if (typeof v === "string" && !isChoice(name)) return { kind: "list", values: parseGrid(v, `study.json: ${path}`) };
  if (!Array.isArray(v) || v.length === 0) throw fail(path, message.paramValuesNeeded(isChoice(name)));
  v.forEach((x, i) => {
    if (choice === undefined && (typeof x !== "number" || !Number.isFinite(x)))
      throw fail(`${path}[${i}]`, message.mustBeNumber());
    if (choice !== undefined && (typeof x !== "string" || x.trim() === ""))
      throw fail(`${path}[${i}]`, message.nonEmptyString());
    if (choice && !choice.includes(x as string)) throw fail(`${path}[${i}]`, message.oneOfGot(choice, String(x)));
  });
  if (new Set(v).size !== v.length) throw fail(path, message.repeatsValue());
  return { kind: "list", values: v as (number | string)[] };
}

/**
 * Reads and checks a study file.
 * @example const spec = readStudy("study.json"); spec.params.map(([name]) => name) // e.g. ["groups[*].battery.capacity", "seed"]
 * @throws InputError naming the file (and line or key)
 */
export function readStudy(path: string): StudySpec {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (e) {
    throw new InputError(path, message.cannotReadStudy((e as NodeJS.ErrnoException).code ?? String(e)));
  }
  return parseStudy(parseJsonStrict(text, path), path);
}
