/**
 * The scenario: network sizes, batteries, prices and horizon
 * (docs/data-formats.md `scenario.json`, docs/model.md "Parameters").
 */
import { InputError } from "../errors/errors.js";
import { PRICE_KEYS, type PriceKey, type PriceValue } from "../prices/prices.js";
import { RECIPES, type SeasonalRecipe, type SyntheticSpec } from "./synthetic.js";
import { unknownKey } from "./keys.js";
import { limitProblem, type ValueKind } from "./value-limits.js";
import * as message from "../errors/messages.js";

/** A group's shared battery. Energy in kWh, rates in kWh per hour. */
export interface Battery {
  /** `b_lower`, kWh */
  lower: number;
  /** `b_upper`, kWh */
  upper: number;
  /** `b_init`: level before the first hour of day 1, kWh */
  initial: number;
  /** `b_max_charge`: the group's total charge per hour, kWh */
  maxCharge: number;
  /** `b_max_discharge`: the group's total discharge per hour, kWh */
  maxDischarge: number;
  /** `eta_c`: kWh stored per kWh charged, in (0, 1] */
  chargeEfficiency: number;
  /** `eta_d`: kWh the battery loses per kWh delivered, ≥ 1 */
  dischargeFactor: number;
}

/** One group of houses: prosumers (with PV) first, then consumers. */
export interface GroupSpec {
  prosumers: number;
  consumers: number;
  /** `null` (or absent in JSON): the group has no battery. */
  battery: Battery | null;
}

/**
 * Flat prices in currency units per kWh (docs/model.md symbols in comments).
 */
export interface FlatPrices {
  /** `p_gb` */ gridPurchase: number;
  /** `p_gs` */ gridSale: number;
  /** `p_buy_intra` */ peerPurchaseIntra: number;
  /** `p_buy_inter` */ peerPurchaseInter: number;
  /** `p_sell_intra` */ peerSaleIntra: number;
  /** `p_sell_inter` */ peerSaleInter: number;
  /** `beta`, per kWh charged or discharged */ batteryUse: number;
}

/**
 * A scenario's prices: each flat (a number) or one value per hour of the day
 * (a time-of-use tariff), currency units per kWh. See `prices.ts`.
 */
export type Prices = { [K in PriceKey]: PriceValue };

export interface Scenario {
  /** T, hours per day (≥ 1) */
  hoursPerDay: number;
  /** D, days in the horizon (≥ 1) */
  days: number;
  /** seed of the synthetic profiles */
  seed: number | string;
  prices: Prices;
  groups: GroupSpec[];
  /** how profiles are generated when no profiles file is given (default: the demo's recipe) */
  synthetic?: SyntheticSpec;
}

/**
 * The demo's battery for a capacity C (kWh), as the original derives it from
 * C = 5.25: lower 0.2·C, upper 0.8·C, initial 0.2·C, max charge and discharge
 * 0.2·C per hour, eta_c 0.98, eta_d 1/0.96. Capacity 0 gives `null` (no battery).
 * @example demoBattery(5.25).upper // => 4.2
 */
export function demoBattery(capacity: number): Battery | null {
  if (capacity === 0) return null;
  return {
    lower: 0.2 * capacity,
    upper: 0.8 * capacity,
    initial: 0.2 * capacity,
    maxCharge: 0.2 * capacity,
    maxDischarge: 0.2 * capacity,
    chargeEfficiency: 0.98,
    dischargeFactor: 1 / 0.96,
  };
}

/**
 * The demo's prices for a grid purchase price `p_gb` (docs/model.md table), all
 * in currency units per kWh: the others are fixed ratios of `p_gb`, the
 * battery-use price is 2.
 * @example demoPrices(20.93).peerPurchaseIntra // => 0.7 * 20.93
 */
export function demoPrices(gridPurchase = 20.93): FlatPrices {
  return {
    gridPurchase,
    gridSale: 0.2 * gridPurchase,
    peerPurchaseIntra: 0.7 * gridPurchase,
    peerPurchaseInter: 0.8 * gridPurchase,
    peerSaleIntra: 0.5 * gridPurchase,
    peerSaleInter: 0.3 * gridPurchase,
    batteryUse: 2,
  };
}

/**
 * The original demonstrator's scenario: 122 days of 24 hours, groups of
 * [2+1] and [1+1] houses, the demo battery and prices (currency units per kWh).
 * @example const s = { ...demoScenario(), days: 7 }; // the demo, one week
 */
export function demoScenario(): Scenario {
  return {
    hoursPerDay: 24,
    days: 122,
    seed: 42,
    prices: demoPrices(20.93),
    groups: [
      { prosumers: 2, consumers: 1, battery: demoBattery(5.25) },
      { prosumers: 1, consumers: 1, battery: demoBattery(5.25) },
    ],
  };
}

export const BATTERY_KEYS = [
  "lower",
  "upper",
  "initial",
  "maxCharge",
  "maxDischarge",
  "chargeEfficiency",
  "dischargeFactor",
] as const;

/** The keys of `scenario.json`'s top level, of a group and of the prices (every other key is refused). */
export const SCENARIO_KEYS = ["hoursPerDay", "days", "seed", "prices", "groups", "synthetic"] as const;
export const GROUP_KEYS = ["prosumers", "consumers", "battery"] as const;

type Json = unknown;
function isObject(v: Json): v is Record<string, Json> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

type Fail = (key: string, problem: string) => never;

/** Refuses a key of `obj` not in `known`, naming its path and the nearest known key. */
function refuseUnknown(obj: object, known: readonly string[], prefix: string, what: string, fail: Fail): void {
  const bad = unknownKey(obj, known, prefix, what);
  if (bad) fail(bad[0], bad[1]);
}

/**
 * Checks a parsed `scenario.json` and returns it typed, with only its known
 * keys. Throws an {@link InputError} naming the key and the problem
 * (docs/data-formats.md's refusal list and "Value limits") for anything that
 * cannot be right: an unknown key (with the nearest known one), a value out
 * of range. Energies in kWh, prices in currency units per kWh.
 * @example
 *   validateScenario({ ...demoScenario(), days: 0 }, "scenario.json")
 *   // throws InputError "scenario.json: days: must be at least 1, got 0"
 * @param raw - the parsed JSON
 * @param file - the name used in messages
 */
export function validateScenario(raw: Json, file = "scenario"): Scenario {
  const fail: Fail = (key, problem) => {
    throw new InputError(`${file}: ${key}`, problem);
  };
  if (!isObject(raw)) fail("(top level)", message.jsonObject());
  const obj = raw as Record<string, Json>;
  refuseUnknown(obj, SCENARIO_KEYS, "", "a key of a scenario", fail);
  const hoursPerDay = wholeNumber(obj.hoursPerDay, "hoursPerDay", 1, fail);
  const days = wholeNumber(obj.days, "days", 1, fail);
  const seed = obj.seed ?? 42;
  if (typeof seed !== "number" && typeof seed !== "string") fail("seed", message.seedType());
  if (typeof seed === "number" && !Number.isFinite(seed)) fail("seed", message.seedFinite(seed));
  const prices = validatePrices(obj.prices, hoursPerDay, fail);
  if (!Array.isArray(obj.groups)) fail("groups", message.groupsList());
  const rawGroups = obj.groups as Json[];
  if (rawGroups.length === 0) fail("groups", message.groupsEmpty());
  const groups = rawGroups.map((g, i) => validateGroup(g, `groups[${i}]`, fail));
  const synthetic = obj.synthetic === undefined ? undefined : validateSynthetic(obj.synthetic, groups, fail);
  return { hoursPerDay, days, seed: seed as number | string, prices, groups, ...(synthetic ? { synthetic } : {}) };
}

function wholeNumber(v: Json, key: string, min: number, fail: Fail): number {
  if (typeof v !== "number" || !Number.isInteger(v)) fail(key, message.wholeNumber(message.json(v)));
  if ((v as number) < min) fail(key, message.atLeast(min, v as number));
  if (!Number.isSafeInteger(v)) fail(key, message.atMost(Number.MAX_SAFE_INTEGER, v as number));
  return v as number;
}

/** `v` as a `kind` value (docs/data-formats.md "Value limits"), or a failure naming `key`. */
function limited(v: Json, key: string, kind: ValueKind, fail: Fail): number {
  if (typeof v === "number" && kind === "price" && v < 0) fail(key, message.notNegative(v));
  const problem = limitProblem(kind, v);
  if (problem) fail(key, problem);
  return v as number;
}

function validatePrices(raw: Json, hoursPerDay: number, fail: Fail): Prices {
  if (!isObject(raw)) fail("prices", message.pricesObject());
  const p = raw as Record<string, Json>;
  refuseUnknown(p, PRICE_KEYS, "prices", "a price key", fail);
  const prices = {} as Prices;
  for (const k of PRICE_KEYS) {
    const v = p[k];
    if (typeof v !== "number" && !Array.isArray(v))
      fail(`prices.${k}`, message.priceValue(hoursPerDay, message.json(v)));
    if (!Array.isArray(v)) prices[k] = limited(v, `prices.${k}`, "price", fail);
    else if (v.length !== hoursPerDay) fail(`prices.${k}`, message.hourlyPriceLength(hoursPerDay, v.length));
    else prices[k] = v.map((x, t) => limited(x, `prices.${k}[${t}]`, "price", fail));
  }
  return prices;
}

function validateGroup(raw: Json, key: string, fail: Fail): GroupSpec {
  if (!isObject(raw)) fail(key, message.object());
  const g = raw as Record<string, Json>;
  refuseUnknown(g, GROUP_KEYS, key, "a key of a group", fail);
  const prosumers = wholeNumber(g.prosumers, `${key}.prosumers`, 0, fail);
  const consumers = wholeNumber(g.consumers, `${key}.consumers`, 0, fail);
  if (prosumers + consumers === 0) fail(key, message.noHouse());
  const b = g.battery;
  if (b === null || b === undefined) return { prosumers, consumers, battery: null };
  return { prosumers, consumers, battery: validateBattery(b, `${key}.battery`, fail) };
}

function validateBattery(raw: Json, key: string, fail: Fail): Battery {
  if (!isObject(raw)) fail(key, message.objectOrNull());
  const rb = raw as Record<string, Json>;
  refuseUnknown(rb, BATTERY_KEYS, key, "a key of a battery", fail);
  const battery = {} as Battery;
  for (const k of BATTERY_KEYS) {
    const v = rb[k];
    if (typeof v !== "number" || !Number.isFinite(v)) fail(`${key}.${k}`, message.finiteNumber(message.json(v)));
    battery[k] = v as number;
  }
  const { lower, upper, initial, chargeEfficiency: etaC, dischargeFactor: etaD } = battery;
  if (etaC <= 0 || etaC > 1) fail(`${key}.chargeEfficiency`, message.chargeEfficiency(etaC));
  if (etaD < 1) fail(`${key}.dischargeFactor`, message.atLeast(1, etaD));
  for (const k of BATTERY_KEYS) {
    const kind =
      k === "maxCharge" || k === "maxDischarge"
        ? "batteryRate"
        : k === "chargeEfficiency" || k === "dischargeFactor"
          ? k
          : "batteryEnergy";
    limited(battery[k], `${key}.${k}`, kind, fail);
  }
  if (upper < lower) fail(`${key}.upper`, message.upperBelowLower(upper, lower));
  if (initial < lower || initial > upper) fail(`${key}.initial`, message.initialOutside(initial, lower, upper));
  return battery;
}

const SEASONAL_KEYS = [
  "recipe",
  "latitude",
  "longitude",
  "utcOffset",
  "startDate",
  "annualDemandKwh",
  "pvKwp",
] as const;

/** Checks the `synthetic` object (docs/data-formats.md "Synthetic profiles: recipes"); every error names its key. */
function validateSynthetic(raw: Json, groups: GroupSpec[], fail: Fail): SyntheticSpec {
  if (!isObject(raw)) return fail("synthetic", message.syntheticObject(String(JSON.stringify(raw))));
  const recipe = raw.recipe;
  if (typeof recipe !== "string" || !(RECIPES as readonly string[]).includes(recipe))
    return fail("synthetic.recipe", message.recipeChoice(RECIPES, message.json(recipe)));
  const allowed: readonly string[] = recipe === "demo" ? ["recipe"] : SEASONAL_KEYS;
  refuseUnknown(raw, allowed, "synthetic", `a setting of the "${recipe}" recipe`, fail);
  if (recipe === "demo") return { recipe: "demo" };
  const num = (key: string, lo: number, hi: number): number => {
    const v = raw[key];
    if (typeof v !== "number" || !Number.isFinite(v)) return fail(`synthetic.${key}`, message.number(message.json(v)));
    if (v < lo || v > hi) fail(`synthetic.${key}`, message.between(lo, hi, v));
    return v;
  };
  const latitude = num("latitude", -90, 90);
  const longitude = num("longitude", -180, 180);
  const utcOffset = num("utcOffset", -12, 14);
  const startDate = raw.startDate;
  const m = typeof startDate === "string" ? /^(\d{4})-(\d{2})-(\d{2})$/.exec(startDate) : null;
  const real = m && new Date(Date.UTC(+m[1], +m[2] - 1, +m[3])).toISOString().slice(0, 10) === startDate;
  if (!real) fail("synthetic.startDate", message.dateFormat(message.json(startDate)));
  const houses = groups.reduce((n, g) => n + g.prosumers + g.consumers, 0);
  const prosumers = groups.reduce((n, g) => n + g.prosumers, 0);
  const perHouse = (key: "annualDemandKwh" | "pvKwp", lengths: number[], what: string): number | number[] => {
    const v = raw[key];
    const one = (x: Json, k: string): number => {
      if (typeof x !== "number" || !Number.isFinite(x)) return fail(k, message.number(message.json(x)));
      return limited(x, k, key === "pvKwp" ? "pvKwp" : "annualDemand", fail);
    };
    if (!Array.isArray(v)) {
      if (typeof v !== "number") fail(`synthetic.${key}`, message.numberOrList(what, message.json(v)));
      return one(v, `synthetic.${key}`);
    }
    if (!lengths.includes(v.length)) fail(`synthetic.${key}`, message.listLength(what, v.length));
    return v.map((x, i) => one(x, `synthetic.${key}[${i}]`));
  };
  const annualDemandKwh = perHouse("annualDemandKwh", [houses], `one value per house (${houses})`);
  const pvKwp = perHouse(
    "pvKwp",
    [prosumers, houses],
    `one value per prosumer (${prosumers}) or per house (${houses})`,
  );
  if (Array.isArray(pvKwp) && pvKwp.length === houses && houses !== prosumers) {
    let i = 0;
    groups.forEach((g, gi) => {
      for (let k = 0; k < g.prosumers + g.consumers; k++, i++)
        if (k >= g.prosumers && pvKwp[i] !== 0)
          fail(`synthetic.pvKwp[${i}]`, message.consumerPv(gi + 1, k + 1, pvKwp[i]));
    });
  }
  const spec: SeasonalRecipe = {
    recipe: "seasonal",
    latitude,
    longitude,
    utcOffset,
    startDate: startDate as string,
    annualDemandKwh,
    pvKwp,
  };
  return spec;
}

/**
 * The scenario as `scenario.json` text (2-space indent, trailing newline).
 * @example validateScenario(JSON.parse(scenarioToJson(s))) // deep-equal to s
 */
export function scenarioToJson(s: Scenario): string {
  // only the known keys, in docs/data-formats.md's order: an object with more (a script's own) writes none of them
  const pick = <K extends string>(o: object, keys: readonly K[]) =>
    Object.fromEntries(
      keys
        .filter((k) => (o as Record<string, unknown>)[k] !== undefined)
        .map((k) => [k, (o as Record<string, unknown>)[k]]),
    );
  const groups = s.groups.map((g) => ({
    ...pick(g, GROUP_KEYS),
    battery: g.battery ? pick(g.battery, BATTERY_KEYS) : null,
  }));
  return JSON.stringify({ ...pick(s, SCENARIO_KEYS), prices: pick(s.prices, PRICE_KEYS), groups }, null, 2) + "\n";
}
