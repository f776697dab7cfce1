// The public API (src/index.ts) is an explicit list: named exports only,
// no `export *`; every function and class it lists has TSDoc with an
// `@example`; the names the module exports at run time are exactly the
// value names the file lists; and everything the notebooks and the docs'
// code samples use is in it. Read with the TypeScript compiler API. Each
// checker is first shown to catch a made-up violation, so none of these
// tests can pass by finding nothing.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, readdirSync, writeFileSync } from "node:fs";
import { join, relative, resolve, sep } from "node:path";
import ts from "typescript";
import { tempDir } from "../helpers/tmp.js";

const ROOT = resolve(import.meta.dirname, "..", "..");
const INDEX = join(ROOT, "src", "index.ts");

/**
 * Exported functions of files the lead is editing on another branch
 * (src/model/day.ts, src/solver/glpk.ts), still without an
 * `@example`. Temporary: their TSDoc is written and this set emptied when
 * the branches merge. A name here that has an `@example` fails the test,
 * so the set can only shrink.
 */
const ALLOWLIST: ReadonlySet<string> = new Set([]);

/** What an index file lists. */
interface Listing {
  /** `export *`, `export * as x` and `export type *` statements, as `line: text` */
  stars: string[];
  /** names exported as values (erased `type` names excluded) */
  values: string[];
  /** names exported as types only */
  types: string[];
}

/** The export statements of an index file's text. */
function listing(fileName: string, text: string): Listing {
  const sf = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const out: Listing = { stars: [], values: [], types: [] };
  for (const st of sf.statements) {
    if (!ts.isExportDeclaration(st)) continue;
    const clause = st.exportClause;
    if (!clause || ts.isNamespaceExport(clause)) {
      const line = sf.getLineAndCharacterOfPosition(st.getStart(sf)).line + 1;
      out.stars.push(`${line}: ${st.getText(sf)}`);
      continue;
    }
    for (const e of clause.elements) (st.isTypeOnly || e.isTypeOnly ? out.types : out.values).push(e.name.text);
  }
  return out;
}

/** A declaration that is a function or class to a caller: `function`, `class`, or a `const` bound to a function. */
function isCallable(d: ts.Declaration): boolean {
  if (ts.isFunctionDeclaration(d) || ts.isClassDeclaration(d)) return true;
  if (ts.isVariableDeclaration(d) && d.initializer) {
    const init = d.initializer;
    return ts.isArrowFunction(init) || ts.isFunctionExpression(init) || ts.isClassExpression(init);
  }
  return false;
}

/** The program of one entry file, compiled with the project's options. */
function programOf(entry: string): ts.Program {
  const config = ts.readConfigFile(join(ROOT, "tsconfig.json"), ts.sys.readFile);
  const { options } = ts.parseJsonConfigFileContent(config.config, ts.sys, ROOT);
  return ts.createProgram([entry], { ...options, noEmit: true });
}

/**
 * Every function and class the entry file exports whose declarations carry
 * no `@example` tag, as `name (path)`; and every exported name the checker
 * could not resolve to a declaration.
 */
function withoutExample(entry: string): string[] {
  const program = programOf(entry);
  const checker = program.getTypeChecker();
  const sf = program.getSourceFile(entry);
  assert.ok(sf, `${entry} is in the program`);
  const mod = checker.getSymbolAtLocation(sf);
  assert.ok(mod, `${entry} is a module`);
  const out: string[] = [];
  for (const s of checker.getExportsOfModule(mod)) {
    const target = s.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(s) : s;
    const decls = target.declarations ?? [];
    if (decls.length === 0) {
      out.push(`${s.name} (no declaration found)`);
      continue;
    }
    const callable = decls.filter(isCallable);
    if (callable.length === 0) continue;
    const hasExample = callable.some((d) => ts.getJSDocTags(d).some((tag) => tag.tagName.text === "example"));
    if (!hasExample)
      out.push(`${s.name} (${relative(ROOT, callable[0].getSourceFile().fileName).split(sep).join("/")})`);
  }
  return out.sort();
}

const nameOf = (entry: string) => entry.replace(/ \(.*$/, "");

describe("public API (src/index.ts)", () => {
  const text = readFileSync(INDEX, "utf8");
  const listed = listing(INDEX, text);

  it("the checkers catch made-up violations", () => {
    const dir = tempDir("cvpp-public-api-");
    writeFileSync(
      join(dir, "a.ts"),
      [
        "/** Documented. @example documented(1) // 2 */ export function documented(x: number): number { return 2 * x; }",
        "/** No example. */ export function bare(): void {}",
        "export class Plain {}",
        "export const arrow = (x: number) => x;",
        "/** @example withExample(1) */ export const withExample = (x: number) => x;",
        "export const DATA = 3;",
        "export interface Shape { x: number }",
      ].join("\n"),
    );
    writeFileSync(
      join(dir, "index.ts"),
      [
        'export * from "./a.js";',
        'export * as ns from "./a.js";',
        'export type * from "./a.js";',
        'export { documented, bare, DATA, type Shape } from "./a.js";',
        'export type { Plain } from "./a.js";',
      ].join("\n"),
    );
    const l = listing("index.ts", readFileSync(join(dir, "index.ts"), "utf8"));
    assert.deepEqual(
      l.stars.map((s) => s.split(":")[0]),
      ["1", "2", "3"],
    );
    assert.deepEqual(l.values, ["documented", "bare", "DATA"]);
    assert.deepEqual(l.types, ["Shape", "Plain"]);
    assert.deepEqual(withoutExample(join(dir, "index.ts")).map(nameOf), ["Plain", "arrow", "bare"]);
  });

  it("lists every name: no export *", () => {
    assert.deepEqual(listed.stars, [], "src/index.ts re-exports whole modules; list the public names instead");
    assert.ok(listed.values.length > 50, `${listed.values.length} value names listed`);
  });

  it("lists no name twice", () => {
    const all = [...listed.values, ...listed.types];
    assert.deepEqual(
      all.filter((n, i) => all.indexOf(n) !== i),
      [],
    );
  });

  it("every exported function and class has TSDoc with an @example", () => {
    const missing = withoutExample(INDEX);
    const names = missing.map(nameOf);
    assert.deepEqual(
      missing.filter((m) => !ALLOWLIST.has(nameOf(m))),
      [],
      "these exports need TSDoc (units, and an @example)",
    );
    assert.deepEqual(
      [...ALLOWLIST].filter((n) => !names.includes(n)),
      [],
      "these have an @example now (or are no longer exported): remove them from ALLOWLIST",
    );
  });

  it("exports at run time exactly the value names it lists", async () => {
    const runtime = Object.keys(await import("../../src/index.js")).sort();
    assert.deepEqual(runtime, [...listed.values].sort());
    assert.equal(runtime.length, listed.values.length);
  });

  it("has every name the notebooks (and test notebooks) use as cvpp.X and the docs' code samples import", () => {
    const exported = new Set([...listed.values, ...listed.types]);
    const used = new Map<string, string>();
    for (const dir of ["notebooks", "test/fixtures"]) {
      for (const f of readdirSync(join(ROOT, dir)).filter((n) => n.endsWith(".ipynb"))) {
        const nb = JSON.parse(readFileSync(join(ROOT, dir, f), "utf8")) as {
          cells: { cell_type: string; source: string | string[] }[];
        };
        for (const cell of nb.cells.filter((c) => c.cell_type === "code")) {
          const src = Array.isArray(cell.source) ? cell.source.join("") : cell.source;
          for (const m of src.matchAll(/\bcvpp\.([A-Za-z_$][\w$]*)/g)) used.set(m[1], `${dir}/${f}`);
        }
      }
    }
    const docsDir = join(ROOT, "docs");
    for (const f of readdirSync(docsDir).filter((n) => n.endsWith(".md"))) {
      const md = readFileSync(join(docsDir, f), "utf8");
      for (const m of md.matchAll(
        /import\s*(?:type\s*)?\{([^}]*)\}\s*from\s*["'](?:p2p-cvpp|[./]*src\/index\.js|[./]*dist\/index\.js)["']/g,
      )) {
        for (const part of m[1].split(",")) {
          const name = part
            .trim()
            .replace(/^type\s+/, "")
            .split(/\s+as\s+/)[0];
          if (name) used.set(name, `docs/${f}`);
        }
      }
    }
    assert.ok(used.has("simulate"), "the notebooks' and docs' names were found");
    assert.deepEqual(
      [...used].filter(([n]) => !exported.has(n)).map(([n, where]) => `${n} (${where})`),
      [],
    );
  });
});
