/**
 * Unknown keys refused: a misspelt key (`"batery"`, `gridSell`) is an error
 * naming its JSON path and the nearest known key, never silently ignored.
 * Shared by the scenario's checks and the library's option checks.
 */
import { closest, distance } from "fastest-levenshtein";
import { echo } from "../errors/errors.js";
import * as message from "../errors/messages.js";

/**
 * `; did you mean "K"?` for the known key nearest to `key` when it is close
 * (an edit distance of at most 2, or a third of the key's length), else "".
 * @example didYouMean("batery", ["battery", "prosumers"]) // => '; did you mean "battery"?'
 * @example didYouMean("zzz", ["battery"]) // => ""
 */
export function didYouMean(key: string, known: readonly string[]): string {
  if (known.length === 0) return "";
  const near = closest(
    key.toLowerCase(),
    known.map((k) => k.toLowerCase()),
  );
  const d = distance(key.toLowerCase(), near);
  const hit = known.find((k) => k.toLowerCase() === near)!;
  return d <= Math.max(2, Math.floor(key.length / 3)) ? message.didYouMean(hit) : "";
}

/**
 * The first key of `obj` not in `known`, as `[path, problem]` for an error
 * message (`path` is `prefix.key`, or `key` at the top level), or null.
 * @param what - what a known key is, e.g. "a key of a group" (the message says "is not <what>")
 * @example unknownKey({ batery: {} }, ["battery"], "groups[0]", "a key of a group")?.[0] // => "groups[0].batery"
 */
export function unknownKey(
  obj: object,
  known: readonly string[],
  prefix: string,
  what: string,
): [string, string] | null {
  for (const key of Object.keys(obj)) {
    if (known.includes(key)) continue;
    const path = prefix ? `${prefix}.${echo(key, 40)}` : echo(key, 40);
    return [path, message.unknownKey(what, known, didYouMean(key, known))];
  }
  return null;
}
