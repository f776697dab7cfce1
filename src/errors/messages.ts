/**
 * Every message a user can see when the library refuses their input or
 * cannot finish, in one place (as vega-lite's `log/message.ts`): code calls
 * `message.X(...)` and passes the result as an error's `problem`. A message
 * here is the words after `where: ` of an {@link InputError} (the `where`
 * part — a file, `file: key` or `--option` — stays at the call site), or the
 * whole text of a {@link SolveError} or {@link WriteError}.
 *
 * User-facing means: shown to a CLI or notebook user for something they can
 * act on (a value, a key, an option, a file, a machine's limit). Left where
 * they are: internal invariant errors and debugging assertions (a bug, not an
 * input), and the one-off texts of a single file reader in src/io/ (a format's
 * own header, timestamp or unit words); the patterns the readers share are
 * here. Values are shown by the caller (`quoted`, `json`, `String`), so each
 * message's wording is fixed here and its value is what the user gave.
 *
 * This module imports nothing, so every room may import it.
 */

// ---------------------------------------------------------------------------
// Showing values
// ---------------------------------------------------------------------------

/** Longest value echoed back in a message, in characters (the rest becomes "…"). */
export const MAX_ECHO = 80;

/**
 * `text` cut to {@link MAX_ECHO} characters, on one line (control characters
 * shown as `\n`, `\t`, …), for quoting a user's value in a message.
 * @example echo("a".repeat(100)).length // => 81
 */
export function echo(text: string, max = MAX_ECHO): string {
  const one = JSON.stringify(text).slice(1, -1);
  return one.length > max ? `${one.slice(0, max)}…` : one;
}

/**
 * A user's text in double quotes, cut by {@link echo}.
 * @example quoted("7x") // => '"7x"'
 */
export const quoted = (text: string): string => `"${echo(text)}"`;

/**
 * A parsed JSON value as written, or "nothing" when it is missing.
 * @example json(undefined) // => "nothing"
 */
export const json = (v: unknown): string => JSON.stringify(v) ?? "nothing";

// ---------------------------------------------------------------------------
// Shared patterns (files, options and the library's own options alike)
// ---------------------------------------------------------------------------

/**
 * A value that must be a finite number and is not.
 * @example finiteNumber("NaN") // => "must be a finite number, got NaN"
 */
export const finiteNumber = (got: string): string => `must be a finite number, got ${got}`;

/** A value that must be a number (of any size the key allows) and is not. */
export const number = (got: string): string => `must be a number, got ${got}`;

/** A value that must be an integer and is not. */
export const wholeNumber = (got: string): string => `must be a whole number, got ${got}`;

/**
 * A value that must be an integer of at least `min` and is not.
 * @example wholeNumberAtLeast(1, '"0"') // => 'must be a whole number ≥ 1, got "0"'
 */
export const wholeNumberAtLeast = (min: number, got: string): string => `must be a whole number ≥ ${min}, got ${got}`;

/** A number below its least value `min` (no unit, no document to point at). */
export const atLeast = (min: number, got: string | number): string => `must be at least ${min}, got ${got}`;

/** A number above its greatest value `max` (no unit, no document to point at). */
export const atMost = (max: number, got: string | number): string => `must be at most ${max}, got ${got}`;

/** A number that must be ≥ 0 and is negative. */
export const notNegative = (got: string | number): string => `must not be negative, got ${got}`;

/** A number outside the closed range [lo, hi]. */
export const between = (lo: number, hi: number, got: number): string => `must be between ${lo} and ${hi}, got ${got}`;

/** A value that must be a boolean and is not. */
export const trueOrFalse = (got: string): string => `must be true or false, got ${got}`;

/**
 * The tail naming the known name nearest to a misspelt one.
 * @example didYouMean("battery") // => '; did you mean "battery"?'
 */
export const didYouMean = (hit: string): string => `; did you mean "${hit}"?`;

/**
 * An unknown key of an object, with the keys it may have and the nearest one.
 * @param what - what a known key is, e.g. "a key of a group"
 * @param near - {@link didYouMean}'s tail or ""
 * @example unknownKey("a price key", ["gridPurchase", "gridSale"], "")
 *   // "is not a price key (its keys: gridPurchase, gridSale)"
 */
export const unknownKey = (what: string, known: readonly string[], near: string): string =>
  `is not ${what} (its keys: ${known.join(", ")})${near}`;

// ---------------------------------------------------------------------------
// Command line (src/cli/): parsing options
// ---------------------------------------------------------------------------

/** A token that looks like a short option no command has (`-x`). */
export const unknownOption = (token: string): string => `unknown option ${echo(token)}`;

/**
 * A `--name` the command does not have, with the nearest option when it is close.
 * @example unknownLongOption("dyas", "days") // => "unknown option --dyas; did you mean --days?"
 */
export const unknownLongOption = (name: string, near?: string): string =>
  `unknown option --${echo(name)}${near !== undefined ? `; did you mean --${near}?` : ""}`;

/** A word on the command line that is not an option's value. */
export const unexpectedArgument = (token: string): string =>
  `unexpected argument "${echo(token)}"; options start with --, e.g. --days 7`;

/** A flag given a value (`--quiet=yes`). */
export const takesNoValue = (): string => "takes no value";

/** A value option given without a value. */
export const needsValue = (name: string, arg: string): string => `needs a value, e.g. --${name} ${arg}`;

/**
 * A value option given a value outside its choices.
 * @param near - {@link didYouMean}'s tail or ""
 * @example notAChoice(["highs", "glpk"], "glkp", "") // => 'must be one of highs, glpk, got "glkp"'
 */
export const notAChoice = (choices: readonly string[], value: string, near: string): string =>
  `must be one of ${choices.join(", ")}, got "${echo(value)}"${near}`;

/** A value option given twice. */
export const givenTwice = (): string => "is given twice; give it once";

/** `--scenario ""` or `--profiles ""`. */
export const emptyFileName = (): string => "must name a file, got an empty string";

/** `--days` beyond the days the scenario has. */
export const daysBeyondScenario = (days: number, scenarioDays: number): string =>
  `${days} is more than the scenario's ${scenarioDays} days`;

/** A number option that must be > 0 (`--spot-scale`, …). */
export const positiveNumber = (text: string): string => `must be a number > 0, got "${echo(text)}"`;

/** `--spot` and `--prices` given together. */
export const spotAndPrices = (): string => "and --prices both set prices; give one";

/** `--calibrate-pv` with `--pv`. */
export const calibrateWithPv = (): string => "scales the recipe's PV; with --pv the PV comes from the file itself";

/** A real-data option (`--tariff`, `--zone`, …) without any real-data file. */
export const needsRealData = (): string => "goes with --pv, --demand, --spot or --calibrate-pv";

/** `--tariff` without `--spot`. */
export const tariffWithoutSpot = (): string => "goes with --spot";

/** `--kwp` with a value that is not a list of numbers ≥ 0. */
export const kwpList = (text: string): string => `must be numbers ≥ 0 separated by commas, got "${echo(text)}"`;

/** `npm run sweep` without `--param`. */
export const paramNeeded = (): string => "at least one is needed, e.g. --param battery.capacity=0:10:1";

/**
 * A sweep grid with more variants than allowed.
 * @param sizes - the number of values of each parameter
 */
export const tooManyVariants = (variants: number, sizes: readonly number[], max: number): string =>
  `the grid has ${variants.toLocaleString("en-US")} variants (${sizes.join(" × ")}); ` +
  `at most ${max.toLocaleString("en-US")} are run unless --max-variants says more`;

/** `npm run study` given no study file, or more than one. */
export const studyFileCount = (got: number): string =>
  got ? `one study file, got ${got} arguments` : "name a study file, e.g. npm run study -- study.json";

/** `--shard` with `--queue`. */
export const shardWithQueue = (): string => "goes not with --queue; choose one runner";

/** `--workers` with `--queue`. */
export const workersWithQueue = (): string =>
  "goes with the local runner; with --queue, start workers with npm run worker";

/** `npm run worker` without `--queue`. */
export const queueNeeded = (): string => "is needed, e.g. --queue redis://127.0.0.1:6379";

// ---------------------------------------------------------------------------
// Community (src/community/): scenario validation, value limits, size
// ---------------------------------------------------------------------------

/** A scenario that is not a JSON object. */
export const jsonObject = (): string => "must be a JSON object";

/** A value that must be an object and is not. */
export const object = (): string => "must be an object";

/** A battery that is neither an object nor null. */
export const objectOrNull = (): string => "must be an object or null";

/** A seed that is neither a number nor a string. */
export const seedType = (): string => "must be a number or a string";

/** A numeric seed that is not finite. */
export const seedFinite = (seed: number): string => `must be a finite number or a string, got ${seed}`;

/** `groups` that is not a list. */
export const groupsList = (): string => "must be a list of groups";

/** `groups` that is empty. */
export const groupsEmpty = (): string => "must name at least one group";

/** A group with neither prosumers nor consumers. */
export const noHouse = (): string => "has no house (prosumers + consumers is 0)";

/** `prices` that is not an object. */
export const pricesObject = (): string => "must be an object with the seven prices";

/** A price that is neither a number nor a list. */
export const priceValue = (hours: number, got: string): string =>
  `must be a finite number or a list of ${hours} numbers (one per hour), got ${got}`;

/** An hourly price list of the wrong length. */
export const hourlyPriceLength = (hours: number, got: number): string =>
  `an hourly price needs ${hours} values (hoursPerDay), got ${got}`;

/** A battery's charge efficiency outside (0, 1]. */
export const chargeEfficiency = (got: number): string => `must be in (0, 1], got ${got}`;

/** A battery's upper level below its lower level. */
export const upperBelowLower = (upper: number, lower: number): string => `(${upper}) is below lower (${lower})`;

/** A battery's initial level outside its levels. */
export const initialOutside = (initial: number, lower: number, upper: number): string =>
  `(${initial}) is outside [lower, upper] = [${lower}, ${upper}]`;

/** `synthetic` that is not an object. */
export const syntheticObject = (got: string): string => `must be an object such as {"recipe": "demo"}, got ${got}`;

/** An unknown recipe. */
export const recipeChoice = (recipes: readonly string[], got: string): string =>
  `must be one of ${recipes.map((r) => `"${r}"`).join(", ")}, got ${got}`;

/** A start date not written YYYY-MM-DD (or not a real day). */
export const dateFormat = (got: string): string => `must be a date written YYYY-MM-DD, e.g. "2025-01-01", got ${got}`;

/** A per-house setting that is neither a number nor a list; `what` says the lengths. */
export const numberOrList = (what: string, got: string): string =>
  `must be a number or a list with ${what}, got ${got}`;

/** A per-house list of the wrong length; `what` says the lengths. */
export const listLength = (what: string, got: number): string => `a list needs ${what}, got ${got} values`;

/** A consumer given PV (house `house` of group `group`, both 1-based). */
export const consumerPv = (group: number, house: number, got: number): string =>
  `is for g${group}h${house}, a consumer: it has no PV, so the value must be 0, got ${got}`;

/**
 * A value above its limit of docs/data-formats.md "Value limits".
 * @example limitAbove(1000, "", 1000.5) // => 'must be at most 1000 (docs/data-formats.md "Value limits"), got 1000.5'
 */
export const limitAbove = (max: number, unit: string, got: number): string =>
  `must be at most ${max}${unit} (docs/data-formats.md "Value limits"), got ${got}`;

/** A value below its (non-zero) limit of docs/data-formats.md "Value limits". */
export const limitBelow = (min: number, unit: string, got: number): string =>
  `must be at least ${min}${unit} (docs/data-formats.md "Value limits"), got ${got}`;

/** A community whose daily LP has too many columns; `shape` describes it. */
export const tooManyColumns = (shape: string, columns: string, limit: string): string =>
  `is too large: ${shape} make a daily LP of up to ${columns} columns; ` +
  `at most ${limit} can be solved (fewer houses with PV, hours or groups)`;

/** A run that needs more memory than allowed; sizes already written with units. */
export const tooMuchMemory = (
  shape: string,
  s: { total: string; profiles: string; results: string; lp: string; limit: string },
): string =>
  `is too large: ${shape} need about ${s.total} ` +
  `(profiles ${s.profiles}, results ${s.results}, one day's LP ${s.lp}); ` +
  `the limit here is ${s.limit} (solve fewer days with --days, or a smaller community)`;

/** A notebook's per-group lists of different lengths. */
export const groupListLengths = (prosumers: number, consumers: number, batteries: number): string =>
  `the per-group lists must have one entry per group, but PROSUMERS has ${prosumers}, ` +
  `CONSUMERS ${consumers} and the battery list ${batteries}`;

// ---------------------------------------------------------------------------
// simulate()'s options (src/simulation/check-options.ts)
// ---------------------------------------------------------------------------

/**
 * A name that is not one of the library's choices (solver, allocation, …).
 * @example notOneOf('"glkp"', "a solver", ["highs", "glpk"], didYouMean("glpk"))
 *   // '"glkp" is not a solver (one of: highs, glpk); did you mean "glpk"?'
 */
export const notOneOf = (got: string, what: string, names: readonly string[], near: string): string =>
  `${got} is not ${what} (one of: ${names.join(", ")})${near}`;

/** `features` that is not an object. */
export const featuresObject = (got: string): string => `must be an object such as { battery: false }, got ${got}`;

/** `prices` that is not a price table. */
export const priceTableShape = (): string => "must be a price table { days, hours, series } (readPrices gives one)";

/** A price table whose hours are not the scenario's. */
export const priceTableHours = (hours: number, got: string): string =>
  `must be the scenario's hoursPerDay (${hours}), got ${got}`;

/** A price series of the wrong length. */
export const priceSeriesLength = (values: number, got: number | undefined): string =>
  `must hold days × hours = ${values} values, got ${got}`;

/** A price out of its limits at a day (1-based) and hour (0-based); `problem` says how. */
export const priceAt = (day: number, hour: number, problem: string): string => `(day ${day}, hour ${hour}) ${problem}`;

/** `initialLevels` that is not one level per group. */
export const initialLevelsList = (groups: number, got: string): string =>
  `must be a list of ${groups} levels (one per group, null for none), got ${got}`;

/** An initial level that is neither a finite number nor null. */
export const initialLevel = (got: string): string => `must be a finite number of kWh or null, got ${got}`;

/** A consumer's profile with solar (day 1-based, hour 0-based). */
export const consumerSolar = (house: string, day: number, hour: number): string =>
  `${house} is a consumer and has no PV, but its solar on day ${day}, hour ${hour} is not 0`;

/** simulate()'s options that are not an object. */
export const optionsObject = (got: string): string => `must be an object, got ${got}`;

/** `onProgress` that is not a function. */
export const notAFunction = (got: string): string => `must be a function, got ${got}`;

/** `backend` that is not a solver backend. */
export const notABackend = (): string => "must be a solver backend (loadBackend gives one)";

/** `days` that is not a whole number of the profiles' days. */
export const daysOfProfiles = (days: number, got: string): string =>
  `must be a whole number from 1 to ${days} (the profiles' days), got ${got}`;

/** `workers` that is neither "auto" nor a whole number. */
export const workersValue = (got: string): string =>
  `must be "auto" or a whole number (0 or 1 = this thread), got ${got}`;

/** A stand-alone cost's hourly price with too few values. */
export const hourValues = (hours: number, got: number | string): string =>
  `must hold ${hours} values (one per hour), got ${got}`;

// ---------------------------------------------------------------------------
// Settlement (src/settlement/): refusals
// ---------------------------------------------------------------------------

/**
 * An unknown settlement rule.
 * @example unknownRule("eqal", ["equal", "demand"]) // => 'unknown rule "eqal"; one of: equal, demand'
 */
export const unknownRule = (name: string, names: readonly string[]): string =>
  `unknown rule "${echo(name)}"; one of: ${names.join(", ")}`;

/** The demand rule when no house has demand. */
export const noDemand = (): string =>
  "no house has any demand over the days solved, so there is no key to split by; use equal";

/** Exact Shapley values asked for outside 1..30 players. */
export const exactPlayers = (got: number): string => `exact value for 1 to 30 players, got ${got}`;

/**
 * Exact Shapley values for more players than the limit: how many runs and
 * how long they would take, and how to sample instead.
 * @param perRun - seconds of the whole community's run
 */
export function exactShapleyTooCostly(n: number, perRun: number, limit: number): string {
  const runs = 2 ** n - 2; // every coalition but the whole community, whose run is made
  const seconds = runs * perRun;
  const time =
    seconds < 120
      ? `${seconds.toFixed(0)} s`
      : seconds < 7200
        ? `${(seconds / 60).toFixed(0)} min`
        : seconds < 172800
          ? `${(seconds / 3600).toFixed(0)} h`
          : `${(seconds / 86400).toExponential(1)} days`;
  return (
    `${n} players need 2^${n} − 2 = ${runs.toLocaleString("en-US")} horizon runs for the exact value, ` +
    `about ${time} at ${perRun.toFixed(2)} s per run (the whole community's run); ` +
    `the exact limit is ${limit} players. Sample instead: ` +
    `--shapley-samples N (random player orders, each up to ${n} runs, coalitions reused) ` +
    `and optionally --shapley-se E (stop once every standard error is at most E)`
  );
}

// ---------------------------------------------------------------------------
// File readers (src/io/): patterns shared by the CSV readers
// ---------------------------------------------------------------------------

/** A file (or a line of it) the CSV parser refuses; `detail` is the parser's words. */
export const notValidCsv = (detail: string): string => `is not valid CSV (${detail})`;

/** A file that cannot be read; `detail` is the system's code or words. */
export const cannotBeRead = (detail: string): string => `cannot be read (${detail})`;

/** A CSV file with no rows at all. */
export const emptyExpectingHeader = (header: string): string => `is empty (expected the header ${header})`;

/** A line longer than a reader takes (most likely not the file meant). */
export const lineTooLong = (max: number): string => `line is longer than ${max} characters; is it the right file?`;

/** A row with as many cells as the header does not name. */
export const columnCount = (columns: readonly string[], got: number): string =>
  `expected ${columns.length} columns (${columns.join(",")}), got ${got}`;

/**
 * A column's cell that must be an integer (day, hour); `got` as shown, e.g. by {@link quoted}.
 * @example cellWholeNumber("day", '"x"') // => 'day must be a whole number, got "x"'
 */
export const cellWholeNumber = (column: string, got: string): string => `${column} must be a whole number, got ${got}`;

/** A day or hour outside the scenario; `what` says the range. */
export const outOfRange = (column: string, v: number, what: string): string =>
  `${column} ${v} is out of range: ${what}`;

/**
 * A second row for the same cell; `what` names it ("day 1, hour 2").
 * @example duplicateRow("day 1, hour 2", 7) // => "duplicate row for day 1, hour 2 (first at line 7)"
 */
export const duplicateRow = (what: string, firstLine: number): string =>
  `duplicate row for ${what} (first at line ${firstLine})`;

/**
 * A cell with no row; `what` names it; `others` more are missing; `rule` says which rows must appear.
 * @example missingRow("day 2, hour 0", 3) // => "missing row for day 2, hour 0 (and 3 more missing rows)"
 */
export const missingRow = (what: string, others = 0, rule?: string): string =>
  `missing row for ${what}${others > 0 ? ` (and ${others} more missing rows${rule ? `; ${rule}` : ""})` : ""}`;

// ---------------------------------------------------------------------------
// Solving and writing (src/errors/): SolveError, WriteError
// ---------------------------------------------------------------------------

/**
 * A day's LP not solved to optimality (`day` 1-based).
 * @example solveFailed(3, "infeasible", "") // => "day 3: the LP is infeasible"
 */
export const solveFailed = (day: number, status: string, detail: string): string =>
  `day ${day}: the LP is ${status}${detail ? ` (${detail})` : ""}`;

/**
 * A day to solve per pair (`chosen`: the formulation asked for; else a pooled day whose pools do not
 * split, or whose prices make pooling unsafe) whose per-pair LP is beyond the columns a day's LP may have.
 * @example pairLpTooLarge(12e6, 1e6, true).endsWith("(1,000,000): solve it pooled (formulation \"pooled\" or \"auto\")") // => true
 */
export const pairLpTooLarge = (columns: number, limit: number, chosen: boolean): string =>
  `its per-pair LP would have ${columns.toLocaleString("en-US")} columns, more than a day's LP may have ` +
  `(${limit.toLocaleString("en-US")}): ` +
  (chosen
    ? 'solve it pooled (formulation "pooled" or "auto")'
    : "its pools did not split into pair trades, or its prices make pooling unsafe");

/** What a system error code means when writing, in words. */
export const WRITE_PROBLEMS: Readonly<Record<string, string>> = {
  EROFS: "the file system is read-only",
  ENOSPC: "no space left on the device",
  EDQUOT: "the disk quota is used up",
  EACCES: "permission denied",
  EPERM: "operation not permitted",
  ENOTDIR: "a part of the path is a file, not a folder",
  EEXIST: "something else is already there",
  ENOTEMPTY: "another run wrote the same folder at the same time",
  EBUSY: "the folder is in use",
  ENOENT: "a part of the path does not exist or cannot hold folders",
  EISDIR: "it is a folder",
  EINVAL: "the path cannot be used for this",
  ENAMETOOLONG: "the path is too long",
  EMFILE: "too many open files",
};

/**
 * Writing `path` failed; `problem` in words (else the code's, else "unknown problem").
 * @example cannotWrite("out/costs.csv", "ENOSPC", undefined)
 *   // "cannot write out/costs.csv: no space left on the device (ENOSPC)"
 */
export const cannotWrite = (path: string, code: string | undefined, problem: string | undefined): string =>
  `cannot write ${path}: ${problem ?? (code && WRITE_PROBLEMS[code]) ?? "unknown problem"}${code ? ` (${code})` : ""}`;

// ---------------------------------------------------------------------------
// Studies (src/study/, src/cli/study.ts, src/cli/worker.ts; docs/scale-out.md)
// ---------------------------------------------------------------------------

/**
 * Redis was away for longer than the study's wait limit.
 * @example redisAway("127.0.0.1:6379", 60) // => "--queue: Redis at 127.0.0.1:6379 has been away for 60 s; gave up (--redis-wait S waits longer)"
 */
export const redisAway = (hostPort: string, seconds: number): string =>
  `--queue: Redis at ${hostPort} has been away for ${seconds} s; gave up (--redis-wait S waits longer)`;

/** `--redis-wait` without `--queue`. */
export const redisWaitWithoutQueue = (): string => "goes with --queue (how long to wait for its Redis)";

/** A study key or parameter that goes with `spot` given without it. */
export const studyNeedsSpot = (key: string): string =>
  `${key} goes with "spot" (spot prices in €/MWh, with "start", "zone" and the tariff on top)`;

/** `tariff.X` that is not a term of the tariff. */
export const unknownTariffParam = (terms: readonly string[]): string =>
  `is not a term of the tariff; sweepable terms: ${terms.map((t) => `tariff.${t}`).join(", ")}`;

/** The `prices` parameter (prices.csv files) with `spot`. */
export const pricesWithSpot = (): string =>
  'goes not with "spot": the spot prices with the tariff are the prices; sweep tariff.* instead';

/** A tariff term's swept value out of its range. */
export const tariffTermRange = (term: string, range: string, got: number): string =>
  `tariff.${term} must be ${range}, got ${got}`;

/** A study file that is not a JSON object. */
export const studyNotObject = (): string => 'must be a JSON object with at least "params"';

/** An unknown key of a study file's object. */
export const studyUnknownKey = (known: readonly string[]): string => `unknown key; known keys: ${known.join(", ")}`;

/** A study key that must be a non-empty string. */
export const nonEmptyString = (): string => "must be a non-empty string";

/** A study value outside its choices; `got` as the user wrote it (quoted). */
export const oneOfGot = (choices: readonly string[], got: string): string =>
  `must be one of ${choices.join(", ")}, got ${quoted(got)}`;

/** A study key that must be a whole number. */
export const wholeNumberMin = (min: number): string => `must be a whole number ≥ ${min}`;

/** `"combine": "lhs"` without `samples`. */
export const lhsNeedsSamples = (): string => 'is needed with "combine": "lhs" (the number of samples)';

/** `samples` without `"combine": "lhs"`. */
export const samplesNeedLhs = (): string => 'goes with "combine": "lhs"';

/** `baselines` not a list of baseline names. */
export const baselinesList = (names: readonly string[]): string => `must be a list of ${names.join(", ")}`;

/** `params` missing or empty. */
export const paramsNeeded = (): string =>
  'must be an object of at least one parameter, e.g. { "groups[*].battery.capacity": [0, 5, 10] }';

/** `"combine": "list"` with lists of different lengths. */
export const listLengths = (lengths: readonly number[]): string =>
  `"combine": "list" pairs the values one by one, so every list must be as long; got ${lengths.join(", ")}`;

/** A parameter with an empty name. */
export const paramNeedsName = (): string => "a parameter needs a name";

/** A range `{ min, max }` outside a Latin-hypercube study. */
export const rangeNeedsLhs = (): string =>
  'a range { min, max } goes with "combine": "lhs"; give a list or a grid "start:stop:step"';

/** A range given for a choice (solver, prices, …). */
export const choiceTakesList = (): string => "takes a list of values";

/** A value that must be a (finite) number. */
export const mustBeNumber = (): string => "must be a number";

/** A range's `max` below its `min`. */
export const rangeMax = (): string => "must be a number ≥ min";

/** A parameter's values missing; a choice takes a list only. */
export const paramValuesNeeded = (choice: boolean): string =>
  "must be a non-empty list of values" + (choice ? "" : ', a grid "start:stop:step" or (lhs) { min, max }');

/** A parameter list with a repeated value. */
export const repeatsValue = (): string => "repeats a value";

/** A study file or an input it names that cannot be read; `code` the system's reason. */
export const cannotReadStudy = (code: string): string => `cannot read the study file (${code})`;
export const cannotReadInput = (name: string, code: string): string => `cannot read ${quoted(name)} (${code})`;

/** A parameter name that is not a scenario key path. */
export const notKeyPath = (name: string): string =>
  `${quoted(name)} is not a scenario key path like groups[*].battery.capacity or synthetic.pvKwp`;

/** `groups[k]` beyond the scenario's groups. */
export const groupOutOfRange = (groups: number): string =>
  `the scenario has ${groups} groups (groups[0]..groups[${groups - 1}])`;

/** A special parameter path that the sweep does not know. */
export const unknownStudyParam = (name: string): string => `unknown parameter ${quoted(name)}`;

/** A path the base scenario does not have, or that is not a number there. */
export const baseHasNo = (name: string): string => `the base scenario has no ${name}`;
export const notNumberInBase = (name: string): string => `${name} is not a number in the base scenario`;

/** A scenario parameter given a text value. */
export const paramNotNumber = (value: string): string => `must be a number, got ${quoted(value)}`;

/** `--shard` mistakes. */
export const shardFormat = (text: string): string =>
  `must be I/N (0 ≤ I < N) or N with SLURM_ARRAY_TASK_ID or JOB_COMPLETION_INDEX set, got ${quoted(text)}`;
export const shardIndexNeeded = (text: string): string =>
  `${text}: give I/N, or set SLURM_ARRAY_TASK_ID or JOB_COMPLETION_INDEX`;
export const shardRange = (index: string, count: number): string =>
  `slice ${index} of ${count}: needs N ≥ 1 and 0 ≤ I < N`;

/** `merge` mistakes. */
export const mergeNeedsParts = (): string => "name at least one part folder";
export const noSuchPart = (): string => "no such part folder";
export const partWithoutStudy = (): string => "holds no study (no manifest.json)";
export const partsOfTwoStudies = (study: string, firstDir: string, firstStudy: string): string =>
  `is a part of study ${study.slice(0, 12)}…, ${firstDir} of study ${firstStudy.slice(0, 12)}…; ` +
  "parts of different studies are not merged";

/** A results folder's entries that are not the study's. */
export const foreignRowFile = (): string => "is a file this tool did not write; nothing was overwritten";
export const notStudyManifest = (): string => "is not a study's manifest";

/** `--queue` mistakes, and a queue that cannot be reached at the start. */
export const queueNotUrl = (url: string): string => `${quoted(url)} is not a URL; give redis://HOST:PORT`;
export const queueNotRedis = (url: string): string => `${quoted(url)}: give redis://HOST:PORT`;
export const queueDbNumber = (url: string): string => `${quoted(url)}: the database after / must be a number`;
export const queueUnreachable = (hostPort: string, reason: string): string =>
  `cannot reach Redis at ${hostPort} (${reason})`;

// ---------------------------------------------------------------------------
// Studies: what `npm run study` and `npm run worker` print (progress, summaries, per-job lines)
// ---------------------------------------------------------------------------

/**
 * A job's parameter values, `name=value, …`.
 * @example pointText([["seed", 1], ["solver", "glpk"]]) // => "seed=1, solver=glpk"
 */
export const pointText = (point: readonly (readonly [string, number | string])[]): string =>
  point.map(([n, v]) => `${n}=${v}`).join(", ");

/**
 * A job that failed, on one line: its number, parameters and the problem (line breaks joined).
 * @example jobFailed(3, [["seed", 1]], "scenario:\n  bad") // => "job 3 (seed=1): scenario: bad"
 */
export const jobFailed = (index: number, point: readonly (readonly [string, number | string])[], problem: string) =>
  `job ${index} (${pointText(point)}): ${problem.replace(/\s*\n\s*/g, " ")}`;

/** A job the queue reports failed without a reason. */
export const jobFailedNoReason = (index: number): string => `job ${index}: failed`;

/**
 * A job no part of a merge has: its number, parameters and key.
 * @example missingJob(3, [["seed", 1]], "ab12") // => "job 3 (seed=1) ab12"
 */
export const missingJob = (index: number, point: readonly (readonly [string, number | string])[], key: string) =>
  `job ${index} (${pointText(point)}) ${key}`;

/**
 * A study's progress on a terminal (rewritten in place); `etaSeconds` null before the first result.
 * @example studyProgress({ done: 3, total: 10, failed: 0, running: 2, etaSeconds: 4.2 })
 *   // "3 of 10 jobs done, 0 failed, 2 running, ETA 5 s"
 */
export const studyProgress = (p: {
  done: number;
  total: number;
  failed: number;
  running: number;
  etaSeconds: number | null;
}): string =>
  `${p.done} of ${p.total} jobs done, ${p.failed} failed, ${p.running} running` +
  (p.etaSeconds === null ? "" : `, ETA ${Math.ceil(p.etaSeconds)} s`);

/**
 * A study's summary line: what was reused, solved, failed and dropped, and by which runner (slice `I/N`).
 * @example studySummary({ jobs: 4, reused: 1, solved: 3, failed: 0, duplicates: 0, seconds: 2.04, runner: "local" })
 *   // "4 jobs: 1 already done, 3 solved, 0 failed, 0 duplicate results dropped, in 2.0 s (local)"
 */
export const studySummary = (s: {
  jobs: number;
  reused: number;
  solved: number;
  failed: number;
  duplicates: number;
  seconds: number;
  runner: string;
  shard?: { index: number; count: number };
}): string =>
  `${s.jobs} jobs: ${s.reused} already done, ${s.solved} solved, ${s.failed} failed, ` +
  `${s.duplicates} duplicate results dropped, in ${s.seconds.toFixed(1)} s ` +
  `(${s.runner}${s.shard ? ` slice ${s.shard.index}/${s.shard.count}` : ""})`;

/** A merge's summary line. */
export const mergeSummary = (parts: number, jobs: number, missing: number): string =>
  `${parts} parts, ${jobs} jobs, ${missing} missing`;

/** The study table's hash line. */
export const tableSha256 = (sha: string): string => `table sha256 ${sha}`;

/**
 * Where a command's results are.
 * @example resultsIn("results/study", ["table.csv", "summary.json"]) // => "Results: results/study/ (table.csv, summary.json)"
 */
export const resultsIn = (dir: string, files: readonly string[]): string => `Results: ${dir}/ (${files.join(", ")})`;

/** A line of stderr for one problem among others (a failed job, Redis away). */
export const errorLine = (problem: string): string => `error: ${problem}`;

/** A line of stderr for a job a merge lacks ({@link missingJob}). */
export const missingLine = (job: string): string => `missing: ${job}`;

/** `npm run worker`'s line when it starts. */
export const workerWaiting = (pid: number, url: string): string => `worker ${pid} waiting for jobs on ${url}`;

/** `npm run worker`'s line per finished job; `ms` its time. */
export const workerJobDone = (index: number, ms: number): string => `job ${index} done in ${(ms / 1000).toFixed(2)} s`;
