/**
 * The public `standaloneCosts`: simulate.ts's formula with its inputs
 * checked first (`check-options.ts`), so bad input is an error, never NaN.
 */
import { standaloneCosts as costs } from "./simulate.js";
import { checkStandaloneInputs } from "./check-options.js";
import type { DayProfiles } from "../profiles/profiles.js";
import type { HourPrices } from "../prices/prices.js";

/**
 * Every house's stand-alone cost for one day (docs/model.md "Fair bills"), currency units.
 * @throws InputError for a NaN, a value out of the limits or a price list shorter than the day
 * @example standaloneCosts(dayProfiles(profiles, 0), dayPrices(demoPrices(), 24, 0))[0]
 */
export function standaloneCosts(day: DayProfiles, prices: HourPrices): Float64Array {
  checkStandaloneInputs(day, prices);
  return costs(day, prices);
}
