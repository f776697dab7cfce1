/**
 * Reading `scenario.json` (docs/data-formats.md): strict JSON ({@link parseJsonStrict}),
 * then the scenario's own checks (`validateScenario`).
 */
import { readFileSync } from "node:fs";
import { InputError } from "../errors/errors.js";
import { validateScenario, type Scenario } from "../community/scenario.js";
import { parseJsonStrict } from "./json.js";
import { readError } from "./read-error.js";

/**
 * Parses and validates a scenario JSON text; `file` names it in errors.
 * A UTF-8 byte-order mark is allowed; a key given twice is refused.
 * @throws InputError naming the file, line or key
 * @example parseScenario(scenarioToJson(demoScenario())).days // => 122
 */
export function parseScenario(text: string, file = "scenario.json"): Scenario {
  return validateScenario(parseJsonStrict(text, file), file);
}

/** Largest scenario file read, bytes (a scenario is a few kB; this is a guard against the wrong file). */
export const MAX_SCENARIO_BYTES = 16 << 20;

/**
 * Reads and validates a `scenario.json` file.
 * @throws InputError naming the file (cannot be read, not JSON, a bad key)
 * @example readScenario("examples/scenario.json").groups.length
 */
export function readScenario(path: string): Scenario {
  let text: string;
  try {
    const buf = readFileSync(path);
    if (buf.byteLength > MAX_SCENARIO_BYTES)
      throw new InputError(
        path,
        `is ${buf.byteLength} bytes; a scenario file is at most ${MAX_SCENARIO_BYTES} bytes — is it the right file?`,
      );
    text = buf.toString("utf8");
  } catch (e) {
    throw readError(path, e);
  }
  return parseScenario(text, path);
}
