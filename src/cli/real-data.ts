/**
 * The demo's real-data options (`--pv`, `--demand`, `--spot`, `--tariff`,
 * `--zone`, `--start`, `--kwp`, `--pv-year`, `--calibrate-pv`, `--fill-gaps`, `--accept-location`,
 * docs/cli.md "Real data") read
 * into {@link StudyDataOptions}.
 */
import { InputError } from "../errors/errors.js";
import { parseDecimal } from "../io/number.js";
import { parseTariff } from "../io/tariff-terms.js";
import type { StudyDataOptions } from "../io/study-data.js";
import type { ParsedOptions } from "./options.js";
import * as message from "../errors/messages.js";

/** The real-data options given, or null when none of --pv, --demand, --spot, --calibrate-pv is. */
export function realDataOptions(parsed: ParsedOptions): StudyDataOptions | null {
  const o: StudyDataOptions = {
    pv: parsed.string("pv"),
    demand: parsed.string("demand"),
    spot: parsed.string("spot"),
    zone: parsed.string("zone"),
    start: parsed.string("start"),
    pvYear: parsed.wholeNumber("pv-year"),
    calibratePv: parsed.string("calibrate-pv"),
    fillGapsMinutes: parsed.wholeNumber("fill-gaps", 0),
    acceptLocation: parsed.flag("accept-location") || undefined,
  };
  const tariff = parsed.string("tariff"),
    kwp = parsed.string("kwp");
  if (o.pv !== undefined && o.calibratePv !== undefined)
    throw new InputError("--calibrate-pv", message.calibrateWithPv());
  if (o.pv === undefined && o.demand === undefined && o.spot === undefined && o.calibratePv === undefined) {
    for (const name of ["tariff", "zone", "start", "kwp", "pv-year", "fill-gaps", "accept-location"] as const)
      if (parsed.string(name) !== undefined || parsed.flag(name))
        throw new InputError(`--${name}`, message.needsRealData());
    return null;
  }
  if (tariff !== undefined) {
    if (o.spot === undefined) throw new InputError("--tariff", message.tariffWithoutSpot());
    o.tariff = parseTariff(tariff);
  }
  if (kwp !== undefined) {
    o.kwp = kwp.split(",").map((s) => {
      const v = parseDecimal(s.trim());
      if (v === null || v < 0) throw new InputError("--kwp", message.kwpList(kwp));
      return v;
    });
  }
  return o;
}
