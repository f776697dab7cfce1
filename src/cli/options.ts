/**
 * The command-line options of `npm run demo` and `npm run sweep`: one table
 * of option specs, one parser, one help text. Every mistake is one line
 * naming the option, e.g. `--days: must be a whole number ≥ 1, got "-1"`.
 *
 * Node's `util.parseArgs` is not used: its messages are several lines long
 * and it calls `--days -1` "ambiguous"; the grammar here is small
 * (`--name VALUE`, `--name=VALUE`, flags, `-h`), so the parser is too.
 *
 * A new option is one line in {@link OPTIONS} plus its name in a command's
 * list, e.g. `solver: { arg: "NAME", choices: ["highs", "glpk"], default: "highs", help: "the LP solver" }`.
 */
import { distance } from "fastest-levenshtein";
import { InputError } from "../errors/errors.js";
import { didYouMean } from "../community/keys.js";
import { parseDecimal } from "../io/number.js";
import { SETTLEMENT_RULES, SETTLEMENT_RULE_NAMES } from "../settlement/rules.js";
import { SOLVERS, SOLVER_NAMES } from "../solver/solvers.js";
import { ALLOCATIONS, ALLOCATION_NAMES } from "../stages/allocations.js";
import * as message from "../errors/messages.js";

/** One option. */
export interface OptionSpec {
  /** `flag` takes no value; `value` one; `list` one per use, repeatable (default `value`) */
  kind?: "flag" | "value" | "list";
  /** the value's placeholder in the help, e.g. `FILE` */
  arg?: string;
  /** the only values allowed (checked by the parser) */
  choices?: readonly string[];
  /** the value when the option is not given */
  default?: string;
  /** a one-letter alias, e.g. `h` */
  short?: string;
  /** what it does; `\n` starts an indented continuation line */
  help: string;
}

/** Every option either command knows. A command picks the ones it takes. */
export const OPTIONS = {
  scenario: { arg: "FILE", help: "scenario JSON (docs/data-formats.md); default: the 122-day demo (docs/model.md)" },
  profiles: {
    arg: "FILE",
    help: "hourly demand and PV as profiles.csv (docs/data-formats.md);\ndefault: generated from the scenario's seed",
  },
  days: { arg: "N", help: "solve only the first N days" },
  out: {
    arg: "DIR",
    help: "results folder, replaced only when absent, empty or written\nby this tool and holding only the files its marker lists",
  },
  compare: {
    kind: "flag",
    help: "also solve grid-only, battery-only and intra-only; print and write\nsavings.csv and kpis.csv (and the same in summary.json)",
  },
  param: { kind: "list", arg: "NAME=GRID", help: "a parameter and its values (repeatable; see below)" },
  workers: { arg: "W", default: "auto", help: "worker threads: auto (default) or a number (1 = none)" },
  "max-variants": { arg: "N", help: "run a grid of more than 1000 variants (the default limit)" },
  prices: {
    arg: "FILE",
    help: "prices per (day, hour) as prices.csv (docs/prices.md); replaces the\nscenario's price for the keys it has",
  },
  pv: {
    arg: "FILE",
    help: "PV from a PVGIS hourly file, CSV or JSON (docs/data-formats.md);\nreplaces the profiles' PV",
  },
  demand: {
    arg: "FILE",
    help: "demand from a meter CSV, one column per house (docs/data-formats.md);\nreplaces the profiles' demand",
  },
  spot: {
    arg: "FILE",
    help: "day-ahead spot prices in €/MWh (ENTSO-E, SMARD or time,price CSV)\nwith --tariff on top (docs/prices.md)",
  },
  tariff: { arg: "TERMS", help: "the retail tariff on --spot, e.g. fees=0.15,vat=0.19,feedin=spot,peer=0.5,unit=EUR" },
  zone: {
    arg: "ZONE",
    help: "IANA time zone of the real data, e.g. Europe/Berlin (the study runs in its\nstandard time)",
  },
  start: { arg: "DATE", help: "the real-data study's first day, YYYY-MM-DD" },
  kwp: { arg: "LIST", help: "kWp for --pv: one for every prosumer or one per prosumer, e.g. 5 or 5,4,3" },
  "pv-year": { arg: "YEAR", help: "the PVGIS file's year for the study's first year" },
  "fill-gaps": {
    arg: "MIN",
    help: "fill gaps of at most MIN minutes in --demand and --spot by linear\ninterpolation (each reported); default: refuse every gap",
  },
  "accept-location": { kind: "flag", help: "use a --pv file of another place than the scenario's (noted)" },
  "calibrate-pv": {
    arg: "FILE",
    help: "scale the seasonal recipe's PV month by month to a PVGIS file's\nmonthly yield",
  },
  solver: {
    arg: "NAME",
    choices: SOLVER_NAMES,
    default: SOLVER_NAMES[0],
    help: `the LP solver; default: ${SOLVER_NAMES[0]}\n${SOLVER_NAMES.map((s) => `  ${s}: ${SOLVERS[s]}`).join("\n")}`,
  },
  allocation: {
    arg: "RULE",
    choices: ALLOCATION_NAMES,
    default: ALLOCATION_NAMES[0],
    help:
      `who pays what among the cheapest plans; default: ${ALLOCATION_NAMES[0]}\n` +
      ALLOCATION_NAMES.map((a) => `  ${a}: ${ALLOCATIONS[a]}`).join("\n"),
  },
  settlement: {
    arg: "RULE",
    choices: SETTLEMENT_RULE_NAMES,
    default: "none",
    help:
      'who pays what once money may move between members (docs/model.md\n"Settlement"); default: none\n' +
      SETTLEMENT_RULE_NAMES.map((r) => `  ${r}: ${SETTLEMENT_RULES[r].help}`).join("\n"),
  },
  "shapley-samples": {
    arg: "N",
    help: "Shapley rules: sample at most N random player orders instead of\nthe exact value (needed above 12 players)",
  },
  "shapley-se": {
    arg: "E",
    help: "Shapley rules, sampled: stop once every standard error is at most E\n(currency units)",
  },
  queue: { arg: "URL", help: "a study's BullMQ queue on Redis, redis://HOST:PORT (docs/scale-out.md)" },
  shard: {
    arg: "I/N",
    help: "run slice I (0-based) of N; N alone takes I from SLURM_ARRAY_TASK_ID\nor JOB_COMPLETION_INDEX (docs/scale-out.md)",
  },
  lock: {
    arg: "S",
    help: "seconds a job stays locked without a sign of life from its worker before\nanother worker takes it up (default 30)",
  },
  "redis-wait": {
    arg: "S",
    help: "seconds to wait for a Redis that went away (reconnecting meanwhile) before\ngiving up with one line, exit code 1 (default 60)",
  },
  quiet: { kind: "flag", help: "no progress, no tables: one line saying where the results went" },
  help: { kind: "flag", short: "h", help: "this text" },
} as const satisfies Record<string, OptionSpec>;

/** An option's name in {@link OPTIONS}. */
export type OptionName = keyof typeof OPTIONS;

/** A command: its name, the options it takes and its help text. */
export interface Command {
  /** as typed, e.g. `npm run demo --` */
  name: string;
  /** one line after `Usage:` */
  synopsis: string;
  /** what it does, a few lines */
  about: string;
  /** its options, in help order, with per-command defaults */
  options: readonly (OptionName | [OptionName, Partial<OptionSpec>])[];
  /** text after the options */
  epilog?: string;
}

function specs(cmd: Command): Map<string, OptionSpec> {
  return new Map(
    cmd.options.map((o) =>
      Array.isArray(o) ? [o[0], { ...OPTIONS[o[0]], ...o[1] } as OptionSpec] : [o, OPTIONS[o] as OptionSpec],
    ),
  );
}

/** The command's `--help` text. */
export function usage(cmd: Command): string {
  const rows = [...specs(cmd)].map(([name, s]) => {
    const left = `${s.short ? `-${s.short}, ` : ""}--${name}${s.arg ? ` ${s.arg}` : ""}`;
    const help =
      s.help +
      (s.default !== undefined && !s.help.includes("default") ? ` (default: ${s.default})` : "") +
      (s.choices ? ` (one of: ${s.choices.join(", ")})` : "");
    return [left, help] as const;
  });
  const width = Math.max(...rows.map(([l]) => l.length)) + 3;
  const lines = rows.map(([l, h]) => `  ${l.padEnd(width)}${h.split("\n").join(`\n  ${" ".repeat(width)}`)}`);
  return [
    `Usage: ${cmd.synopsis}`,
    "",
    cmd.about,
    "",
    "Options:",
    ...lines,
    ...(cmd.epilog ? ["", cmd.epilog] : []),
    "",
  ].join("\n");
}

/** The options as given: string values, flags, lists, and typed readers. */
export class ParsedOptions {
  constructor(
    private readonly values: ReadonlyMap<string, string | true | string[]>,
    private readonly spec: ReadonlyMap<string, OptionSpec>,
  ) {}

  /** A value option (its default when not given). */
  string(name: OptionName): string | undefined {
    const v = this.values.get(name);
    return typeof v === "string" ? v : this.spec.get(name)?.default;
  }

  /** Whether a flag was given. */
  flag(name: OptionName): boolean {
    return this.values.get(name) === true;
  }

  /** Every value of a list option, in order. */
  list(name: OptionName): string[] {
    const v = this.values.get(name);
    return Array.isArray(v) ? v : [];
  }

  /**
   * A value option as a whole number ≥ `min` (decimal or scientific
   * notation, e.g. `7` or `1e2`; not `0x7`), or undefined when not given.
   */
  wholeNumber(name: OptionName, min = 1): number | undefined {
    const text = this.string(name);
    if (text === undefined) return undefined;
    const v = parseDecimal(text.trim());
    if (v === null || !Number.isInteger(v) || v < min || !Number.isSafeInteger(v))
      throw new InputError(`--${name}`, message.wholeNumberAtLeast(min, message.quoted(text)));
    return v;
  }
}

/**
 * Parses `argv` for `cmd`. Returns `null` when `--help` was asked for.
 * @throws InputError (one line, naming the option) for an unknown option
 *   (with the nearest known one), a missing or unexpected value, a value
 *   not among the choices, or a positional argument
 * @example parseOptions(DEMO, ["--days", "7"])?.wholeNumber("days") // 7
 */
export function parseOptions(cmd: Command, argv: readonly string[]): ParsedOptions | null {
  const spec = specs(cmd);
  const short = new Map([...spec].filter(([, s]) => s.short).map(([n, s]) => [s.short!, n]));
  const values = new Map<string, string | true | string[]>();
  const known = (token: string) =>
    (token.startsWith("--") && spec.has(token.slice(2).split("=")[0])) ||
    (token.startsWith("-") && short.has(token.slice(1)));
  for (let i = 0; i < argv.length; i++) {
    const token = argv[i];
    let name: string, inline: string | undefined;
    if (token.startsWith("--") && token.length > 2) {
      const eq = token.indexOf("=");
      [name, inline] = eq < 0 ? [token.slice(2), undefined] : [token.slice(2, eq), token.slice(eq + 1)];
    } else if (/^-[^-\d.]$/.test(token) && short.has(token[1])) {
      name = short.get(token[1])!;
    } else if (token.startsWith("-") && token.length > 1 && !/^-[\d.]/.test(token)) {
      throw new InputError("command line", message.unknownOption(token));
    } else {
      throw new InputError("command line", message.unexpectedArgument(token));
    }
    const s = spec.get(name);
    if (!s) {
      const near = [...spec.keys()].map((k) => [k, distance(name, k)] as const).sort((a, b) => a[1] - b[1])[0];
      throw new InputError("command line", message.unknownLongOption(name, near && near[1] <= 2 ? near[0] : undefined));
    }
    if (s.kind === "flag") {
      if (inline !== undefined) throw new InputError(`--${name}`, message.takesNoValue());
      values.set(name, true);
      continue;
    }
    let value = inline;
    if (value === undefined) {
      const next = argv[i + 1];
      if (next === undefined || known(next))
        throw new InputError(`--${name}`, message.needsValue(name, s.arg ?? "VALUE"));
      value = next;
      i++;
    }
    if (s.choices && !s.choices.includes(value))
      throw new InputError(`--${name}`, message.notAChoice(s.choices, value, didYouMean(value, s.choices)));
    if (s.kind === "list") {
      const list = values.get(name);
      values.set(name, [...(Array.isArray(list) ? list : []), value]);
    } else {
      if (values.has(name)) throw new InputError(`--${name}`, message.givenTwice());
      values.set(name, value);
    }
  }
  if (values.get("help") === true) return null;
  return new ParsedOptions(values, spec);
}
