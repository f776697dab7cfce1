// The one module of user-facing messages (src/errors/messages.ts, issue 16
// item 5): a few messages' exact words, written out by hand, both from the
// module and as the user sees them through the code that raises them; and a
// rule that the rooms which refuse input take their words from the module:
// no `throw new InputError(where, problem)` or `fail(where, problem)` in
// src/cli, src/community, src/settlement, src/study or src/simulation/check-options.ts
// writes `problem` as a string literal or template. The rule is first shown
// to catch made-up violations, so it cannot pass by finding nothing.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { join, relative, resolve, sep } from "node:path";
import ts from "typescript";
import * as message from "../../src/errors/messages.js";
import { InputError, SolveError, WriteError } from "../../src/errors/errors.js";
import { demoScenario, validateScenario } from "../../src/index.js";
import { parseOptions } from "../../src/cli/options.js";
import { DEMO } from "../../src/cli/demo.js";
import { settlementRule } from "../../src/settlement/settle.js";

const ROOT = resolve(import.meta.dirname, "..", "..");

/** The message of what `f` throws. */
function thrown(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    return (e as Error).message;
  }
  throw new Error("nothing was thrown");
}

describe("messages: exact words", () => {
  it("shared patterns", () => {
    assert.equal(message.finiteNumber("NaN"), "must be a finite number, got NaN");
    assert.equal(message.wholeNumberAtLeast(1, message.quoted("0x7")), 'must be a whole number ≥ 1, got "0x7"');
    assert.equal(
      message.unknownKey("a key of a group", ["prosumers", "battery"], message.didYouMean("battery")),
      'is not a key of a group (its keys: prosumers, battery); did you mean "battery"?',
    );
    // echo cuts at 80 characters and adds "…"; quoted wraps in double quotes
    assert.equal(message.quoted("a".repeat(81)), `"${"a".repeat(80)}…"`);
    assert.equal(message.json(undefined), "nothing");
  });

  it("command line", () => {
    assert.equal(message.unknownLongOption("dyas", "days"), "unknown option --dyas; did you mean --days?");
    assert.equal(message.unknownLongOption("zzzz"), "unknown option --zzzz");
    assert.equal(
      message.tooManyVariants(12000, [100, 120], 10000),
      "the grid has 12,000 variants (100 × 120); at most 10,000 are run unless --max-variants says more",
    );
    assert.equal(message.studyFileCount(0), "name a study file, e.g. npm run study -- study.json");
    assert.equal(message.studyFileCount(2), "one study file, got 2 arguments");
  });

  it("community, simulate options, settlement, solve and write", () => {
    assert.equal(
      message.limitAbove(1000, " kWh", 1000.5),
      'must be at most 1000 kWh (docs/data-formats.md "Value limits"), got 1000.5',
    );
    assert.equal(message.initialOutside(7, 0, 5), "(7) is outside [lower, upper] = [0, 5]");
    assert.equal(
      message.notOneOf('"glkp"', "a solver", ["highs", "glpk"], message.didYouMean("glpk")),
      '"glkp" is not a solver (one of: highs, glpk); did you mean "glpk"?',
    );
    // 2^12 − 2 = 4094 runs × 0.5 s = 2047 s → 34 min
    assert.equal(
      message.exactShapleyTooCostly(12, 0.5, 10),
      "12 players need 2^12 − 2 = 4,094 horizon runs for the exact value, about 34 min at 0.50 s per run " +
        "(the whole community's run); the exact limit is 10 players. Sample instead: --shapley-samples N " +
        "(random player orders, each up to 12 runs, coalitions reused) and optionally --shapley-se E " +
        "(stop once every standard error is at most E)",
    );
    assert.equal(message.solveFailed(3, "infeasible", "row 4"), "day 3: the LP is infeasible (row 4)");
    assert.equal(
      message.cannotWrite("out/a.csv", "EROFS", undefined),
      "cannot write out/a.csv: the file system is read-only (EROFS)",
    );
    assert.equal(message.cannotWrite("out/a.csv", undefined, undefined), "cannot write out/a.csv: unknown problem");
  });

  it("as the user sees them, through the code that raises them", () => {
    assert.equal(
      thrown(() => validateScenario({ ...demoScenario(), days: 0 }, "scenario.json")),
      "scenario.json: days: must be at least 1, got 0",
    );
    assert.equal(
      thrown(() => validateScenario({ ...demoScenario(), batery: {} }, "s.json")).split(" (")[0],
      "s.json: batery: is not a key of a scenario",
    );
    assert.equal(
      thrown(() => parseOptions(DEMO, ["--dayz", "2"])),
      "command line: unknown option --dayz; did you mean --days?",
    );
    assert.equal(
      thrown(() => parseOptions(DEMO, ["--days", "2", "--days", "3"])),
      "--days: is given twice; give it once",
    );
    assert.equal(
      thrown(() => parseOptions(DEMO, ["--days", "0"])?.wholeNumber("days")),
      '--days: must be a whole number ≥ 1, got "0"',
    );
    assert.equal(thrown(() => settlementRule("eqaul")).split(";")[0], '--settlement: unknown rule "eqaul"');
    assert.equal(new SolveError(2, "unbounded", "").message, "day 2: the LP is unbounded");
    assert.equal(new WriteError("r", "ENOSPC").message, "cannot write r: no space left on the device (ENOSPC)");
    assert.ok(new InputError("a", "b") instanceof Error);
  });
});

/** The files whose refusals must take their words from the module. */
function scope(): string[] {
  const walk = (dir: string): string[] =>
    readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
      e.isDirectory() ? walk(join(dir, e.name)) : e.name.endsWith(".ts") ? [join(dir, e.name)] : [],
    );
  return [
    ...["cli", "community", "settlement", "study"].flatMap((room) => walk(join(ROOT, "src", room))),
    join(ROOT, "src", "simulation", "check-options.ts"),
  ];
}

/** Whether `e` is, or joins/chooses between, string literals or templates (words written in place). */
function writesWords(e: ts.Expression): boolean {
  if (ts.isParenthesizedExpression(e)) return writesWords(e.expression);
  if (ts.isStringLiteral(e) || ts.isNoSubstitutionTemplateLiteral(e) || ts.isTemplateExpression(e)) return true;
  if (ts.isBinaryExpression(e) && e.operatorToken.kind === ts.SyntaxKind.PlusToken)
    return writesWords(e.left) || writesWords(e.right);
  if (ts.isConditionalExpression(e)) return writesWords(e.whenTrue) || writesWords(e.whenFalse);
  if (
    ts.isBinaryExpression(e) &&
    [ts.SyntaxKind.QuestionQuestionToken, ts.SyntaxKind.BarBarToken].includes(e.operatorToken.kind)
  )
    return writesWords(e.left) || writesWords(e.right);
  return false;
}

/** `file:line` of each `new InputError(_, words)` or `fail(_, words)` whose words are written in place. */
function inlineMessages(file: string, text: string): string[] {
  const sf = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const out: string[] = [];
  const visit = (node: ts.Node): void => {
    const named = (e: ts.Expression, name: string) => ts.isIdentifier(e) && e.text === name;
    const isError = ts.isNewExpression(node) && named(node.expression, "InputError");
    const isFail = ts.isCallExpression(node) && named(node.expression, "fail");
    const args = (node as ts.NewExpression | ts.CallExpression).arguments;
    if ((isError || isFail) && args && args.length > 1 && writesWords(args[1]))
      out.push(`${file}:${sf.getLineAndCharacterOfPosition(node.getStart(sf)).line + 1}`);
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return out;
}

describe("messages: one home", () => {
  it("the rule catches words written in place", () => {
    const bad = [
      `throw new InputError("--x", "is wrong");`,
      "throw new InputError(`--${n}`, `must be ${m}`);",
      `throw new InputError("--x", a ? "yes" : message.no());`,
      `fail(key, "must be " + String(v));`,
      `fail(key, (\`got \${v}\`));`,
    ];
    for (const line of bad) assert.deepEqual(inlineMessages("bad.ts", line), ["bad.ts:1"], line);
    const good = [
      'throw new InputError(`--${n}`, message.needsValue(n, s.arg ?? "VALUE"));',
      "fail(bad[0], bad[1]);",
      "throw new InputError(where, problem);",
    ];
    for (const line of good) assert.deepEqual(inlineMessages("good.ts", line), [], line);
  });

  it("src/cli, community, settlement, study and check-options.ts take every refusal's words from errors/messages.ts", () => {
    const files = scope();
    assert.ok(files.length > 20, `found ${files.length} files`);
    const found = files.flatMap((f) => inlineMessages(relative(ROOT, f).split(sep).join("/"), readFileSync(f, "utf8")));
    assert.deepEqual(found, []);
  });
});
