/**
 * Value limits: numbers outside physical sense are refused before any LP is
 * built, naming the file, line or key and the value (docs/data-formats.md
 * "Value limits"). Within them the LP's coefficients, bounds and objective
 * stay in the range where both solvers are exact; beyond them a finite but
 * absurd number (a demand of 1e11 kWh in one hour, a price of 1e300) made
 * HiGHS call a feasible LP infeasible or fail outright.
 */
import * as message from "../errors/messages.js";

/** One limit: the closed range a value must lie in, and its unit. */
export interface ValueLimit {
  readonly min: number;
  readonly max: number;
  /** the unit, for messages ("" for none) */
  readonly unit: string;
}

/**
 * Every limit, by what it bounds. Energies in kWh, rates in kWh per hour,
 * prices in currency units per kWh.
 * @example VALUE_LIMITS.stepEnergy.max // => 10000
 */
export const VALUE_LIMITS = {
  /** a house's demand or PV in one step (10 MWh: a large factory's hour, far above a house's) */
  stepEnergy: { min: 0, max: 1e4, unit: "kWh" },
  /** any price, flat, hourly or per (day, hour); negative only where prices.csv allows it */
  price: { min: -1e5, max: 1e5, unit: "currency units per kWh" },
  /** a battery's lower, upper and initial level (1 GWh) */
  batteryEnergy: { min: 0, max: 1e6, unit: "kWh" },
  /** a battery's maxCharge and maxDischarge (1 GWh per hour) */
  batteryRate: { min: 0, max: 1e6, unit: "kWh per hour" },
  /** eta_c: kWh stored per kWh charged (at least 0.1 %) */
  chargeEfficiency: { min: 0.001, max: 1, unit: "" },
  /** eta_d: kWh the battery loses per kWh delivered (at most 1000, i.e. 0.1 % delivered) */
  dischargeFactor: { min: 1, max: 1000, unit: "" },
  /** the seasonal recipe's annual demand per house (10 GWh) */
  annualDemand: { min: 0, max: 1e7, unit: "kWh per year" },
  /** the seasonal recipe's PV size per prosumer (10 MW peak) */
  pvKwp: { min: 0, max: 1e4, unit: "kWp" },
} as const satisfies Record<string, ValueLimit>;

/** A limit's name: a key of {@link VALUE_LIMITS}. */
export type ValueKind = keyof typeof VALUE_LIMITS;

/**
 * What is wrong with `v` as a `kind` value, in words, or null when it is a
 * finite number inside the limit.
 * @example limitProblem("dischargeFactor", 1000) // => null
 * @example limitProblem("dischargeFactor", 1000.5) // => "must be at most 1000 (docs/data-formats.md \"Value limits\"), got 1000.5"
 */
export function limitProblem(kind: ValueKind, v: unknown): string | null {
  const l: ValueLimit = VALUE_LIMITS[kind];
  if (typeof v !== "number" || !Number.isFinite(v)) return message.finiteNumber(shown(v));
  const unit = l.unit ? ` ${l.unit}` : "";
  if (v > l.max) return message.limitAbove(l.max, unit, v);
  if (v < l.min) return l.min === 0 ? message.notNegative(v) : message.limitBelow(l.min, unit, v);
  return null;
}

function shown(v: unknown): string {
  if (typeof v === "number") return String(v);
  const text = JSON.stringify(v) ?? String(v);
  return text.length > 40 ? `${text.slice(0, 40)}…` : text;
}
