/**
 * Sweep parameters: `name=grid` as the CLI's `--param` takes them, and how a
 * value is put into a scenario.
 *
 * Names:
 * - `battery.capacity` — every group gets the demo's battery of capacity C
 *   kWh, derived as the demo derives it from 5.25 kWh: lower 0.2·C, upper
 *   0.8·C, initial 0.2·C, max charge and max discharge 0.2·C per hour
 *   (`demoBattery(C)`); a group that already has a battery keeps its
 *   chargeEfficiency and dischargeFactor. C = 0 means no battery.
 * - `battery.<key>` — one battery figure (lower, upper, initial, maxCharge,
 *   maxDischarge, chargeEfficiency, dischargeFactor) of every group that has
 *   a battery.
 * - `g<k>.battery.capacity`, `g<k>.battery.<key>` — the same for group k only.
 * - `prices.<key>` — one price (gridPurchase, gridSale, peerPurchaseIntra,
 *   peerPurchaseInter, peerSaleIntra, peerSaleInter, batteryUse), in
 *   currency units per kWh. The value is the price's **mean over the day's
 *   hours**: a flat price becomes v; an hourly price (a time-of-use array)
 *   keeps its shape and has every hour scaled by v / (its mean), so the
 *   peak/off-peak ratios stay and the average becomes v. (An hourly price
 *   that is 0 in every hour has no shape: it becomes v in every hour.)
 *   {@link applyPriceParam} applies the same rule to a `prices.csv` table.
 * - `prices.demo` — p_gb = v and the five other energy prices at the demo's
 *   ratios to it (docs/model.md table, `demoPrices(v)`), all flat; batteryUse is kept.
 *
 * Grids: `start:stop:step` (inclusive; `start:stop` steps by 1), a list
 * `a,b,c`, or one value.
 */
import { InputError, echo } from "../errors/errors.js";
import { parseDecimal } from "../io/number.js";
import {
  BATTERY_KEYS,
  demoBattery,
  demoPrices,
  validateScenario,
  type Battery,
  type Prices,
  type Scenario,
} from "../community/scenario.js";
import { PRICE_KEYS, type PriceTable, type PriceValue } from "../prices/prices.js";

/** One swept parameter and its values, in order. */
export interface SweepParam {
  name: string;
  values: number[];
}

/** The battery and price keys a sweep parameter can name (`battery.<key>`, `prices.<key>`). */
export const SWEEP_KEYS = { battery: BATTERY_KEYS, prices: PRICE_KEYS } as const;
/** Most values one parameter may take (a guard against a mistyped step). */
export const MAX_GRID_VALUES = 1000;

const NAME_HELP =
  "battery.capacity, battery.<key>, g<k>.battery.capacity, g<k>.battery.<key>, prices.<key> or prices.demo " +
  `(battery keys: ${BATTERY_KEYS.join(", ")}; price keys: ${PRICE_KEYS.join(", ")})`;

/** Where a parameter name points. */
type Target =
  | { kind: "capacity"; group: number | null }
  | { kind: "battery"; group: number | null; key: (typeof BATTERY_KEYS)[number] }
  | { kind: "price"; key: (typeof PRICE_KEYS)[number] }
  | { kind: "demoPrices" };

function target(name: string, where: string): Target {
  const m = /^(?:g([1-9]\d*)\.)?battery\.(\w+)$/.exec(name);
  if (m) {
    const group = m[1] ? Number(m[1]) - 1 : null;
    if (m[2] === "capacity") return { kind: "capacity", group };
    const key = BATTERY_KEYS.find((k) => k === m[2]);
    if (key) return { kind: "battery", group, key };
  }
  const p = /^prices\.(\w+)$/.exec(name);
  if (p) {
    if (p[1] === "demo") return { kind: "demoPrices" };
    const key = PRICE_KEYS.find((k) => k === p[1]);
    if (key) return { kind: "price", key };
  }
  throw new InputError(where, `unknown parameter "${echo(name, 40)}"; use ${NAME_HELP}`);
}

const clean = (x: number) => Number(x.toPrecision(12));

/**
 * Parses a grid of values.
 * @example parseGrid("0:10:2") // => [0, 2, 4, 6, 8, 10]
 * @example parseGrid("15,20.93,25") // => [15, 20.93, 25]
 * @throws InputError naming `where` for anything else
 */
export function parseGrid(spec: string, where = "--param"): number[] {
  const num = (s: string) => {
    const v = parseDecimal(s.trim());
    if (v === null)
      throw new InputError(
        where,
        `"${echo(s, 40)}" is not a number (decimal or scientific notation; grid "${echo(spec, 40)}")`,
      );
    return v;
  };
  let values: number[];
  if (spec.includes(":")) {
    const parts = spec.split(":");
    if (parts.length > 3) throw new InputError(where, `grid "${echo(spec, 40)}" must be start:stop or start:stop:step`);
    const [start, stop] = [num(parts[0]), num(parts[1])];
    const step = parts.length === 3 ? num(parts[2]) : 1;
    if (!(step > 0)) throw new InputError(where, `step must be positive, got ${step} (grid "${echo(spec, 40)}")`);
    if (stop < start) throw new InputError(where, `stop ${stop} is below start ${start} (grid "${echo(spec, 40)}")`);
    const count = Math.floor((stop - start) / step + 1e-9) + 1;
    if (count > MAX_GRID_VALUES)
      throw new InputError(where, `grid "${echo(spec, 40)}" has ${count} values; at most ${MAX_GRID_VALUES}`);
    values = Array.from({ length: count }, (_, i) => clean(start + i * step));
  } else {
    const parts = spec.split(",");
    if (parts.length > MAX_GRID_VALUES)
      throw new InputError(where, `the list has ${parts.length} values; at most ${MAX_GRID_VALUES}`);
    values = parts.map(num);
  }
  if (new Set(values).size !== values.length) throw new InputError(where, `grid "${echo(spec, 40)}" repeats a value`);
  return values;
}

/**
 * Parses `name=grid` (the CLI's `--param`), checking the name.
 * @example parseParam("battery.capacity=0:10:1") // { name: "battery.capacity", values: [0, 1, …, 10] }
 * @throws InputError for an unknown name or a bad grid
 */
export function parseParam(text: string): SweepParam {
  const where = `--param ${echo(text, 60)}`;
  const eq = text.indexOf("=");
  if (eq <= 0)
    throw new InputError(where, `expected name=grid, e.g. battery.capacity=0:10:1 or prices.gridPurchase=15,20,25`);
  const name = text.slice(0, eq).trim();
  target(name, where);
  return { name, values: parseGrid(text.slice(eq + 1).trim(), where) };
}

/**
 * The scenario with one parameter set to `value`, validated like a
 * scenario file (an impossible value is refused with an InputError naming
 * the parameter).
 * @example applyParam(demoScenario(), "battery.capacity", 10).groups[0].battery!.upper // 8 (kWh: 0.8 of a 10 kWh battery)
 */
export function applyParam(scenario: Scenario, name: string, value: number): Scenario {
  const where = `--param ${name}=${value}`;
  const t = target(name, where);
  const s: Scenario = {
    ...scenario,
    prices: { ...scenario.prices },
    groups: scenario.groups.map((g) => ({ ...g, battery: g.battery ? { ...g.battery } : null })),
  };
  const groupsOf = (group: number | null) => {
    if (group !== null && group >= s.groups.length)
      throw new InputError(where, `the scenario has ${s.groups.length} groups (g1..g${s.groups.length})`);
    return group === null ? s.groups : [s.groups[group]];
  };
  if (t.kind === "capacity") {
    if (!(value >= 0)) throw new InputError(where, `a capacity must not be negative`);
    for (const g of groupsOf(t.group)) {
      const b: Battery | null = demoBattery(value);
      g.battery =
        b && g.battery
          ? { ...b, chargeEfficiency: g.battery.chargeEfficiency, dischargeFactor: g.battery.dischargeFactor }
          : b;
    }
  } else if (t.kind === "battery") {
    const groups = groupsOf(t.group).filter((g) => g.battery);
    if (groups.length === 0)
      throw new InputError(
        where,
        `no group${t.group === null ? "" : ` g${t.group + 1}`} has a battery to set ${t.key} on`,
      );
    for (const g of groups) g.battery![t.key] = value;
  } else if (t.kind === "price") {
    s.prices[t.key] = priceWithMean(s.prices[t.key], value);
  } else {
    const p: Prices = demoPrices(value);
    s.prices = { ...p, batteryUse: s.prices.batteryUse };
  }
  try {
    return validateScenario(s, "scenario");
  } catch (e) {
    if (e instanceof InputError) throw new InputError(where, `gives an impossible scenario (${e.message})`);
    throw e;
  }
}

/**
 * A price with its mean over the hours set to `mean` (currency units per kWh):
 * a flat price becomes `mean`; an hourly one keeps its shape, every hour
 * scaled by `mean / (its mean)`; one that is 0 in every hour becomes `mean` in every hour.
 * @example priceWithMean([10, 30], 40) // => [20, 60]
 * @example priceWithMean(20.93, 25) // => 25
 */
export function priceWithMean(price: PriceValue, mean: number): PriceValue {
  if (typeof price === "number") return mean;
  const m = price.reduce((a, b) => a + b, 0) / price.length;
  return m === 0 ? price.map(() => mean) : price.map((p) => (p * mean) / m);
}

/**
 * A `prices.csv` table with one parameter applied, by the rule of
 * `prices.<key>` (module comment): the key's series, over all its days and
 * hours, is scaled to the mean v (currency units per kWh). A parameter the table has no series for,
 * or a name that is not `prices.<key>`, leaves the table as it is (the
 * scenario's price applies: use {@link applyParam}).
 * @throws InputError when the series' mean is not positive (a spot series
 *   averaging ≤ 0 has no scale to keep)
 * @example applyPriceParam(table, "prices.gridPurchase", 30).series.gridPurchase // mean 30, same shape
 */
export function applyPriceParam(table: PriceTable, name: string, value: number): PriceTable {
  const where = `--param ${name}=${value}`;
  const t = target(name, where);
  if (t.kind !== "price" || !table.series[t.key]) return table;
  const series = table.series[t.key]!;
  const m = series.reduce((a, b) => a + b, 0) / series.length;
  if (!(m > 0))
    throw new InputError(
      where,
      `the prices file's ${t.key} averages ${m}; only a series with a positive mean can be scaled to a new mean`,
    );
  return { ...table, series: { ...table.series, [t.key]: series.map((p) => (p * value) / m) } };
}
