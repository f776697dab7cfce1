// The one module of user-facing messages (src/errors/messages.ts, issue 16
// item 5): a few messages' exact words, written out by hand, both from the
// module and as the user sees them through the code that raises them; and a
// rule that the rooms which refuse input take their words from the module:
// no `throw new InputError(where, problem)` or `fail(where, problem)` in
// src/cli, src/community, src/settlement, src/study or src/simulation/check-options.ts
// writes `problem` as a string literal or template; and that what src/study,
// `npm run study` and `npm run worker` print (progress, summaries, per-job
// lines) has no words written in place either. Each rule is first shown to
// catch made-up violations, so it cannot pass by finding nothing.
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

  it("studies: progress, summaries and per-job lines", () => {
    const point: [string, number | string][] = [
      ["groups[*].battery.capacity", 5],
      ["solver", "glpk"],
    ];
    assert.equal(message.pointText(point), "groups[*].battery.capacity=5, solver=glpk");
    assert.equal(
      message.jobFailed(2, point, "scenario: groups[0].prosumers:\n  must be at least 0"),
      "job 2 (groups[*].battery.capacity=5, solver=glpk): scenario: groups[0].prosumers: must be at least 0",
    );
    assert.equal(message.jobFailedNoReason(7), "job 7: failed");
    assert.equal(message.missingJob(3, point, "ab"), "job 3 (groups[*].battery.capacity=5, solver=glpk) ab");
    // 4.2 s left rounds up to 5 s; no ETA before the first result
    assert.equal(
      message.studyProgress({ done: 3, total: 10, failed: 1, running: 2, etaSeconds: 4.2 }),
      "3 of 10 jobs done, 1 failed, 2 running, ETA 5 s",
    );
    assert.equal(
      message.studyProgress({ done: 0, total: 10, failed: 0, running: 2, etaSeconds: null }),
      "0 of 10 jobs done, 0 failed, 2 running",
    );
    const s = { jobs: 4, reused: 1, solved: 3, failed: 0, duplicates: 2, seconds: 12.345, runner: "bullmq" };
    assert.equal(
      message.studySummary(s),
      "4 jobs: 1 already done, 3 solved, 0 failed, 2 duplicate results dropped, in 12.3 s (bullmq)",
    );
    assert.equal(
      message.studySummary({ ...s, runner: "local", shard: { index: 1, count: 3 } }),
      "4 jobs: 1 already done, 3 solved, 0 failed, 2 duplicate results dropped, in 12.3 s (local slice 1/3)",
    );
    assert.equal(message.mergeSummary(3, 4, 1), "3 parts, 4 jobs, 1 missing");
    assert.equal(message.tableSha256("ab"), "table sha256 ab");
    assert.equal(message.resultsIn("r/s", ["table.csv", "summary.json"]), "Results: r/s/ (table.csv, summary.json)");
    assert.equal(message.errorLine("x"), "error: x");
    assert.equal(message.missingLine("job 3"), "missing: job 3");
    assert.equal(message.workerWaiting(42, "redis://h:1"), "worker 42 waiting for jobs on redis://h:1");
    assert.equal(message.workerJobDone(5, 1234), "job 5 done in 1.23 s");
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

/** The files whose printed lines must take their words from the module. */
function printScope(): string[] {
  const study = readdirSync(join(ROOT, "src", "study")).filter((f) => f.endsWith(".ts"));
  return [
    ...study.map((f) => join(ROOT, "src", "study", f)),
    join(ROOT, "src", "cli", "study.ts"),
    join(ROOT, "src", "cli", "worker.ts"),
  ];
}

/** Whether a literal or template part of `e` has a letter (calls' arguments aside: a call's words come from elsewhere). */
function printsWords(e: ts.Node): boolean {
  if (ts.isStringLiteral(e) || ts.isNoSubstitutionTemplateLiteral(e)) return /\p{L}/u.test(e.text);
  if (ts.isTemplateExpression(e))
    return (
      [e.head.text, ...e.templateSpans.map((s) => s.literal.text)].some((t) => /\p{L}/u.test(t)) ||
      e.templateSpans.some((s) => printsWords(s.expression))
    );
  if (ts.isCallExpression(e)) return printsWords(e.expression);
  return ts.forEachChild(e, (c) => printsWords(c) || undefined) ?? false;
}

/** `file:line` of each `process.stdout/stderr.write(words)` or `console.X(words)` with words written in place. */
function inlinePrints(file: string, text: string): string[] {
  const sf = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const out: string[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isCallExpression(node)) {
      const callee = node.expression.getText(sf);
      const prints = /^(process\.(stdout|stderr)\.write|console\.\w+)$/.test(callee);
      if (prints && node.arguments.some((a) => printsWords(a)))
        out.push(`${file}:${sf.getLineAndCharacterOfPosition(node.getStart(sf)).line + 1}`);
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return out;
}

type Rule = (file: string, text: string) => string[];

/** `rule` flags each `bad` line (as line 1 of bad.ts) and none of the `good` ones. */
function assertCatches(rule: Rule, bad: string[], good: string[]): void {
  for (const line of bad) assert.deepEqual(rule("bad.ts", line), ["bad.ts:1"], line);
  for (const line of good) assert.deepEqual(rule("good.ts", line), [], line);
}

/** No file of `files` (at least `least` of them) breaks `rule`. */
function assertNoneBreak(rule: Rule, files: string[], least: number): void {
  assert.ok(files.length >= least, `found ${files.length} files`);
  const found = files.flatMap((f) => rule(relative(ROOT, f).split(sep).join("/"), readFileSync(f, "utf8")));
  assert.deepEqual(found, []);
}

describe("messages: one home", () => {
  it("the print rule catches words written in place", () => {
    const bad = [
      "process.stdout.write(`job ${i} done\\n`);",
      'process.stderr.write("error: " + e);',
      'process.stderr.write(`${tty ? "\\n" : ""}error: ${m}`);',
      "console.log(`${a} jobs`);",
      'process.stdout.write(x ? "done" : message.no());',
    ];
    const good = [
      'process.stdout.write(message.resultsIn(out, ["table.csv"]) + "\\n");',
      "process.stderr.write(`\\r${message.studyProgress(p)}   `);",
      'process.stdout.write(lines.join("\\n") + "\\n");',
      "process.stdout.write(usage(STUDY));",
    ];
    assertCatches(inlinePrints, bad, good);
  });

  it("src/study, npm run study and npm run worker take every printed line's words from errors/messages.ts", () => {
    assertNoneBreak(inlinePrints, printScope(), 10);
  });

  it("the rule catches words written in place", () => {
    const bad = [
      `throw new InputError("--x", "is wrong");`,
      "throw new InputError(`--${n}`, `must be ${m}`);",
      `throw new InputError("--x", a ? "yes" : message.no());`,
      `fail(key, "must be " + String(v));`,
      `fail(key, (\`got \${v}\`));`,
    ];
    const good = [
      'throw new InputError(`--${n}`, message.needsValue(n, s.arg ?? "VALUE"));',
      "fail(bad[0], bad[1]);",
      "throw new InputError(where, problem);",
    ];
    assertCatches(inlineMessages, bad, good);
  });

  it("src/cli, community, settlement, study and check-options.ts take every refusal's words from errors/messages.ts", () => {
    assertNoneBreak(inlineMessages, scope(), 21);
  });
});
