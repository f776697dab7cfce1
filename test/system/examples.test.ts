// Examples that run (simple-statistics style): every `@example` line of
// TSDoc in src/ written as `EXPRESSION // => RESULT` is evaluated here with
// the public API in scope (src/index.ts's names, plus the names its module
// exports), and must give RESULT (a further ` // …` on the line is prose): numbers within 1e-9 relative, everything
// else deeply equal. An example without `// =>` is prose for the reader and
// is not run. The harness itself is first shown to catch a wrong result.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { join, relative, resolve, sep } from "node:path";

const ROOT = resolve(import.meta.dirname, "..", "..");

/** One checked example: where it is, the expression and the result it states. */
interface Example {
  file: string;
  line: number;
  expr: string;
  expected: string;
}

/** Every `EXPR // => RESULT` line inside an `@example` of a TSDoc comment. */
function examplesOf(file: string, text: string): Example[] {
  const out: Example[] = [];
  const lines = text.split("\n");
  let inExample = false;
  lines.forEach((raw, i) => {
    const line = raw.replace(/^\s*\*\s?/, "");
    if (/^\s*\/\*\*/.test(raw) || (/\*\/\s*$/.test(raw) && !/@example/.test(raw))) inExample = false;
    if (/@example/.test(line)) inExample = true;
    else if (/^\s*@\w+/.test(line)) inExample = false;
    if (!inExample) return;
    const m = /^(?:.*@example\s+)?\s*(.+?)\s*\/\/ => (.+?)(?:\s+\/\/ .*)?\s*(?:\*\/)?\s*$/.exec(line);
    if (m) out.push({ file, line: i + 1, expr: m[1], expected: m[2] });
  });
  return out;
}

function srcFiles(dir = join(ROOT, "src")): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? srcFiles(join(dir, e.name)) : e.name.endsWith(".ts") ? [join(dir, e.name)] : [],
  );
}

const close = (a: unknown, b: unknown): boolean => {
  if (typeof a === "number" && typeof b === "number")
    return a === b || Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a), Math.abs(b));
  if (ArrayBuffer.isView(a) && !(a instanceof DataView)) return close(Array.from(a as unknown as ArrayLike<number>), b);
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => close(x, b[i]));
  if (a && b && typeof a === "object" && typeof b === "object") {
    const ka = Object.keys(a).sort(),
      kb = Object.keys(b).sort();
    return (
      close(ka, kb) && ka.every((k) => close((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]))
    );
  }
  return Object.is(a, b);
};

/** The names an example may use: the public API and its own module's exports. */
async function scopeFor(file: string): Promise<Record<string, unknown>> {
  const api = (await import("../../src/index.js")) as Record<string, unknown>;
  const own = (await import(file)) as Record<string, unknown>;
  return { ...api, ...own };
}

async function check(ex: Example): Promise<string | null> {
  const scope = await scopeFor(ex.file);
  const names = Object.keys(scope);
  const where = `${relative(ROOT, ex.file).split(sep).join("/")}:${ex.line}`;
  try {
    // eslint-disable-next-line @typescript-eslint/no-implied-eval
    const fn = new Function(...names, `return (async () => [(${ex.expr}), (${ex.expected})])();`) as (
      ...a: unknown[]
    ) => Promise<[unknown, unknown]>;
    const [got, want] = await fn(...names.map((n) => scope[n]));
    return close(got, want)
      ? null
      : `${where}: ${ex.expr} gave ${JSON.stringify(got, replacer)}, the example says ${ex.expected}`;
  } catch (e) {
    return `${where}: ${ex.expr} threw ${(e as Error).message}`;
  }
}

const replacer = (_: string, v: unknown) => (ArrayBuffer.isView(v) ? Array.from(v as unknown as ArrayLike<number>) : v);

describe("examples that run", () => {
  it("reads `// =>` lines of @example blocks and catches a wrong result", async () => {
    const text = [
      "/**",
      " * Doubles.",
      " * @example double(2) // => 4",
      " * @example",
      " *   double(3) // => 7 // prose",
      " * @param x - a number",
      " * other(1) // => 1",
      " */",
    ].join("\n");
    const found = examplesOf(join(ROOT, "src", "prices", "prices.ts"), text);
    assert.deepEqual(
      found.map((e) => [e.line, e.expr, e.expected]),
      [
        [3, "double(2)", "4"],
        [5, "double(3)", "7"],
      ],
    );
    const wrong = await check({ ...found[0], expr: "standaloneHourCost(2, 3, 20, 4)", expected: "-5" });
    assert.match(wrong ?? "", /gave -4, the example says -5/);
    assert.equal(await check({ ...found[0], expr: "standaloneHourCost(2, 3, 20, 4)", expected: "-4" }), null);
  });

  it("every `// =>` example in src/ gives the result it states", async () => {
    const all = srcFiles().flatMap((f) => examplesOf(f, readFileSync(f, "utf8")));
    assert.ok(all.length >= 20, `${all.length} checked examples found`);
    const failures = (await Promise.all(all.map(check))).filter((x): x is string => x !== null);
    assert.deepEqual(failures, []);
  });
});
