/**
 * The `--tariff` terms as a user writes them: `fees=0.15,vat=0.19,…` into the
 * {@link RetailTariff} of `prices/tariff.ts`.
 */
import { InputError, echo } from "../errors/errors.js";
import { DEFAULT_TARIFF, type RetailTariff } from "../prices/tariff.js";
import { parseDecimal } from "./number.js";

/**
 * Parses `fees=0.15,vat=0.19,feedin=0.08,peer=0.5,unit=EUR` (any subset, any
 * order; `feedin=spot` is the default).
 * @throws InputError naming `where` for an unknown key, a repeated key or a bad value
 * @example parseTariff("fees=0.15,vat=0.19").vat // => 0.19
 */
export function parseTariff(text: string, where = "--tariff"): RetailTariff {
  const t: RetailTariff = { ...DEFAULT_TARIFF };
  const seen = new Set<string>();
  for (const part of text
    .split(",")
    .map((s) => s.trim())
    .filter((s) => s !== "")) {
    const eq = part.indexOf("=");
    const key = (eq < 0 ? part : part.slice(0, eq)).trim().toLowerCase(),
      value = eq < 0 ? "" : part.slice(eq + 1).trim();
    if (seen.has(key)) throw new InputError(where, `${echo(key)} is given twice`);
    seen.add(key);
    const number = (lo: number, hi: number, what: string) => {
      const v = parseDecimal(value);
      if (v === null || v < lo || v > hi) throw new InputError(where, `${key} must be ${what}, got "${echo(value)}"`);
      return v;
    };
    if (key === "fees") t.fees = number(-Infinity, Infinity, "a number (currency units per kWh)");
    else if (key === "vat") t.vat = number(0, 1, "a fraction between 0 and 1 (0.19 for 19 %)");
    else if (key === "peer") t.peerShare = number(0, 1, "between 0 (peers at gridSale) and 1 (at gridPurchase)");
    else if (key === "feedin")
      t.feedIn = value === "spot" ? "spot" : number(-Infinity, Infinity, "spot or a number (currency units per kWh)");
    else if (key === "unit") {
      if (value !== "EUR" && value !== "ct")
        throw new InputError(where, `unit must be EUR or ct, got "${echo(value)}"`);
      t.unit = value;
    } else
      throw new InputError(
        where,
        `unknown key "${echo(key)}" (keys: fees, vat, feedin, peer, unit; e.g. fees=0.15,vat=0.19)`,
      );
  }
  return t;
}
