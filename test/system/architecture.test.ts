// The walls of docs/architecture.md, enforced by reading every import in
// src/ with the TypeScript parser (static imports, re-exports, dynamic
// import() and require()):
//   - the auditor imports nothing from src/lp, solver, stages, settlement
//     or simulation, directly or through another module;
//   - chart builders import only types from the rest of the library, and no
//     solver package or node:fs;
//   - only files under src/solver/ import a solver package;
//   - only command-line, file-I/O and report files import file-writing
//     functions of node:fs;
//   - every room (folder of src/) has a README.md whose line "May import:"
//     lists the rooms it may import, and imports nothing else; only index.ts
//     stays at src/'s root;
//   - no import cycle between files (types included) or between rooms.
// Each rule is first shown to catch a made-up violation, so none of these
// tests can pass by finding nothing. And: every fast-check run has a seed.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative, resolve, sep } from "node:path";
import ts from "typescript";

const ROOT = resolve(import.meta.dirname, "..", "..");

/** One module reference in a file. */
interface ImportRef {
  /** the module specifier as written ("./x.js", "node:fs", "glpk.js") */
  spec: string;
  /** erased at compile time: `import type`, `export type`, every named binding `type`, or `import("x").T` in a type */
  typeOnly: boolean;
  /** imported names (`*` for a namespace, default or side-effect import, or a dynamic import / require) */
  names: string[];
  line: number;
}

/** Every module reference of a TypeScript source. */
function importsOf(fileName: string, text: string): ImportRef[] {
  const sf = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const refs: ImportRef[] = [];
  const line = (n: ts.Node) => sf.getLineAndCharacterOfPosition(n.getStart(sf)).line + 1;
  const add = (spec: ts.Expression | undefined, typeOnly: boolean, names: string[], node: ts.Node) => {
    if (spec && ts.isStringLiteralLike(spec)) refs.push({ spec: spec.text, typeOnly, names, line: line(node) });
  };
  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node)) {
      const clause = node.importClause;
      if (!clause) add(node.moduleSpecifier, false, ["*"], node);
      else {
        const names: string[] = [];
        let allTypes = clause.isTypeOnly;
        if (clause.name) names.push("*");
        const b = clause.namedBindings;
        if (b && ts.isNamespaceImport(b)) names.push("*");
        if (b && ts.isNamedImports(b)) {
          for (const e of b.elements) names.push((e.propertyName ?? e.name).text);
          if (!clause.name && b.elements.length > 0 && b.elements.every((e) => e.isTypeOnly)) allTypes = true;
        }
        add(node.moduleSpecifier, allTypes, names, node);
      }
    } else if (ts.isExportDeclaration(node) && node.moduleSpecifier) {
      const c = node.exportClause;
      const named = c && ts.isNamedExports(c) ? c.elements : undefined;
      const typeOnly = node.isTypeOnly || (named !== undefined && named.length > 0 && named.every((e) => e.isTypeOnly));
      add(node.moduleSpecifier, typeOnly, named ? named.map((e) => (e.propertyName ?? e.name).text) : ["*"], node);
    } else if (ts.isImportEqualsDeclaration(node) && ts.isExternalModuleReference(node.moduleReference)) {
      add(node.moduleReference.expression, node.isTypeOnly, ["*"], node);
    } else if (ts.isCallExpression(node)) {
      const isImport = node.expression.kind === ts.SyntaxKind.ImportKeyword;
      const isRequire = ts.isIdentifier(node.expression) && node.expression.text === "require";
      if (isImport || isRequire) add(node.arguments[0], false, ["*"], node);
    } else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument)) {
      add(node.argument.literal as ts.Expression, true, ["*"], node);
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return refs;
}

/** Project files (paths relative to the root, `/`-separated) → their imports. */
type Graph = Map<string, ImportRef[]>;

function srcGraph(): Graph {
  const graph: Graph = new Map();
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const p = join(dir, name);
      if (statSync(p).isDirectory()) walk(p);
      else if (name.endsWith(".ts")) graph.set(rel(p), importsOf(p, readFileSync(p, "utf8")));
    }
  };
  walk(join(ROOT, "src"));
  return graph;
}
const rel = (p: string) => relative(ROOT, p).split(sep).join("/");

/** The project file a relative specifier points to ("./x.js" → "src/x.ts"), or null for a package. */
function target(from: string, spec: string, graph: Graph): string | null {
  if (!spec.startsWith(".")) return null;
  const base = join(dirname(from), spec).split(sep).join("/");
  const candidates = [base.replace(/\.js$/, ".ts"), base, `${base}.ts`, `${base}/index.ts`];
  return candidates.find((c) => graph.has(c)) ?? `${base} (unresolved)`;
}

const under = (file: string, folder: string) => file.startsWith(`${folder}/`);
const isPackage = (spec: string, pkg: string) => spec === pkg || spec.startsWith(`${pkg}/`);
const where = (file: string, r: ImportRef) => `${file}:${r.line} imports "${r.spec}"`;

// ---- the rules: each returns its violations, one line each ----

/** The auditor's files: anything under src/audit/. */
const isAuditor = (f: string) => under(f, "src/audit");

/** The rooms whose code the auditor must not share: it recomputes what they claim. */
const NOT_FOR_AUDITOR = ["src/lp", "src/solver", "src/stages", "src/settlement", "src/simulation"];

/** Rule 1: nothing reachable from the auditor (through any import, types included) lies in the LP, solver, stage, settlement or simulation rooms. */
function auditorWall(graph: Graph): string[] {
  const starts = [...graph.keys()].filter(isAuditor);
  if (starts.length === 0) return ["no auditor found (src/audit/)"];
  const via = new Map<string, string>(starts.map((s) => [s, s]));
  const queue = [...starts];
  const out: string[] = [];
  while (queue.length) {
    const f = queue.shift()!;
    for (const r of graph.get(f) ?? []) {
      const t = target(f, r.spec, graph);
      if (t === null || via.has(t)) continue;
      via.set(t, `${via.get(f)} → ${t}`);
      if (NOT_FOR_AUDITOR.some((room) => under(t, room)))
        out.push(`the auditor reaches ${t}: ${via.get(t)} (${where(f, r)})`);
      else queue.push(t);
    }
  }
  return out;
}

const FS_MODULES = ["node:fs", "fs", "node:fs/promises", "fs/promises"];
const SOLVER_PACKAGES = ["glpk.js", "highs"];

/** Rule 2: chart files import only types from outside src/charts/, and no solver package or node:fs. */
function chartsWall(graph: Graph): string[] {
  const out: string[] = [];
  for (const [f, refs] of graph) {
    if (!under(f, "src/charts")) continue;
    for (const r of refs) {
      const t = target(f, r.spec, graph);
      if (t !== null && !under(t, "src/charts") && !r.typeOnly)
        out.push(`${where(f, r)}: a chart file may import only types from the rest of the library`);
      if (FS_MODULES.includes(r.spec)) out.push(`${where(f, r)}: chart builders do not touch the file system`);
      if (SOLVER_PACKAGES.some((p) => isPackage(r.spec, p)))
        out.push(`${where(f, r)}: chart builders do not know the solver`);
    }
  }
  return out;
}

/** Rule 3: only files under src/solver/ import a solver package (types included). */
function solverWall(graph: Graph): string[] {
  const allowed = (f: string) => under(f, "src/solver");
  const out: string[] = [];
  for (const [f, refs] of graph)
    for (const r of refs)
      if (SOLVER_PACKAGES.some((p) => isPackage(r.spec, p)) && !allowed(f))
        out.push(`${where(f, r)}: only src/solver/ may`);
  return out;
}

/** node:fs functions that create, change or remove files (and `*`: a namespace or default import can do all of that). */
const WRITERS = new Set([
  "*",
  "promises",
  "writeFile",
  "writeFileSync",
  "appendFile",
  "appendFileSync",
  "createWriteStream",
  "open",
  "openSync",
  "mkdir",
  "mkdirSync",
  "mkdtemp",
  "mkdtempSync",
  "rename",
  "renameSync",
  "rm",
  "rmSync",
  "rmdir",
  "rmdirSync",
  "unlink",
  "unlinkSync",
  "copyFile",
  "copyFileSync",
  "cp",
  "cpSync",
  "truncate",
  "truncateSync",
  "symlink",
  "symlinkSync",
  "link",
  "linkSync",
  "chmod",
  "chmodSync",
  "utimes",
  "utimesSync",
]);

/** The files that may write: the command line, file I/O and the report's export. */
const mayWrite = (f: string) => under(f, "src/cli") || under(f, "src/io") || under(f, "src/report");

/** Rule 4: only {@link mayWrite} files import file-writing functions of node:fs. */
function writersWall(graph: Graph): string[] {
  const out: string[] = [];
  for (const [f, refs] of graph) {
    if (mayWrite(f)) continue;
    for (const r of refs) {
      if (!FS_MODULES.includes(r.spec)) continue;
      const writes = r.spec.endsWith("promises") ? r.names : r.names.filter((n) => WRITERS.has(n));
      if (writes.length && !r.typeOnly)
        out.push(`${where(f, r)} (${writes.join(", ")}): only CLI, io and report files write files`);
    }
  }
  return out;
}

/** The room a src file lies in ("src/lp/day.ts" → "lp"), or null for a file at src/'s root. */
const roomOf = (f: string): string | null => (f.split("/").length > 2 ? f.split("/")[1] : null);

/** Each room's README.md: its line `May import: a, b` (or `nothing`) → the rooms it may import. */
function roomAllowances(readmes: Record<string, string>): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  for (const [room, text] of Object.entries(readmes)) {
    const line = /^May import: (.*)$/m.exec(text);
    if (!line) continue;
    const names = line[1].trim() === "nothing" ? [] : line[1].split(",").map((n) => n.trim());
    out.set(room, new Set(names));
  }
  return out;
}

/** Rule 5: every room has a README saying what it may import, no file but index.ts sits at src/'s root, and every import across rooms is allowed. */
function roomsWall(graph: Graph, allowed: Map<string, Set<string>>): string[] {
  const out: string[] = [];
  const rooms = new Set([...graph.keys()].map(roomOf).filter((r): r is string => r !== null));
  for (const room of rooms) if (!allowed.has(room)) out.push(`src/${room}/: no README.md with a line "May import: …"`);
  for (const [f, refs] of graph) {
    const from = roomOf(f);
    if (from === null && f !== "src/index.ts") out.push(`${f}: only index.ts stays at src/'s root; put it in a room`);
    if (from === null) continue;
    for (const r of refs) {
      const t = target(f, r.spec, graph);
      const to = t === null ? null : roomOf(t);
      if (to === null || to === from) continue;
      if (!allowed.get(from)?.has(to)) out.push(`${where(f, r)}: src/${from}/README.md does not allow importing ${to}`);
    }
  }
  return out;
}

/** Rule 6: no import cycle, between files (types included) or between the rooms' allowances. */
function cyclesWall(graph: Graph, allowed: Map<string, Set<string>>): string[] {
  const out: string[] = [];
  const edges = new Map<string, string[]>();
  for (const [f, refs] of graph)
    edges.set(
      f,
      refs.map((r) => target(f, r.spec, graph)).filter((t): t is string => t !== null && graph.has(t)),
    );
  const roomEdges = new Map([...allowed].map(([room, to]) => [room, [...to].filter((t) => allowed.has(t))]));
  for (const [name, g] of [
    ["file", edges],
    ["room", roomEdges],
  ] as const) {
    const cycle = findCycle(g);
    if (cycle) out.push(`${name} import cycle: ${cycle.join(" → ")}`);
  }
  return out;
}

/** One cycle of a directed graph (its nodes, the first repeated at the end), or null. */
function findCycle(edges: Map<string, string[]>): string[] | null {
  const state = new Map<string, 1 | 2>();
  const path: string[] = [];
  const visit = (n: string): string[] | null => {
    state.set(n, 1);
    path.push(n);
    for (const m of edges.get(n) ?? []) {
      if (state.get(m) === 1) return [...path.slice(path.indexOf(m)), m];
      if (!state.has(m)) {
        const c = visit(m);
        if (c) return c;
      }
    }
    path.pop();
    state.set(n, 2);
    return null;
  };
  for (const n of [...edges.keys()].sort()) {
    if (state.has(n)) continue;
    const c = visit(n);
    if (c) return c;
  }
  return null;
}

/** Every room's README.md text, by room. */
function readmes(): Record<string, string> {
  const out: Record<string, string> = {};
  for (const room of readdirSync(join(ROOT, "src"))) {
    const p = join(ROOT, "src", room, "README.md");
    if (existsSync(p)) out[room] = readFileSync(p, "utf8");
  }
  return out;
}

// ---- the checks ----

/** A made-up project: file → source text. */
const fake = (files: Record<string, string>): Graph =>
  new Map(Object.entries(files).map(([f, text]) => [f, importsOf(f, text)]));

describe("reading imports", () => {
  it("tells type-only imports from value imports and finds every kind of module reference", () => {
    const refs = importsOf(
      "x.ts",
      [
        `import type { A } from "./a.js";`,
        `import { type B, C } from "./b.js";`,
        `import { type D } from "./d.js";`,
        `import E from "./e.js";`,
        `import * as fs from "node:fs";`,
        `import "./side.js";`,
        `export type * from "./f.js";`,
        `export * from "./g.js";`,
        `export { type H } from "./h.js";`,
        `export { I as J } from "./i.js";`,
        `const k = await import("glpk.js/node");`,
        `const l = require("highs");`,
        `let m: import("./m.js").M;`,
        `function n() { return import("./n.js"); }`,
      ].join("\n"),
    );
    assert.deepEqual(
      refs.map((r) => [r.spec, r.typeOnly, r.names.join(",")]),
      [
        ["./a.js", true, "A"],
        ["./b.js", false, "B,C"],
        ["./d.js", true, "D"],
        ["./e.js", false, "*"],
        ["node:fs", false, "*"],
        ["./side.js", false, "*"],
        ["./f.js", true, "*"],
        ["./g.js", false, "*"],
        ["./h.js", true, "H"],
        ["./i.js", false, "I"],
        ["glpk.js/node", false, "*"],
        ["highs", false, "*"],
        ["./m.js", true, "*"],
        ["./n.js", false, "*"],
      ],
    );
    assert.deepEqual(
      refs.map((r) => r.line),
      [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14],
    );
  });

  it("resolves relative specifiers to project files", () => {
    const g = fake({ "src/a.ts": "", "src/model/index.ts": "", "src/charts/c.ts": "" });
    assert.equal(target("src/charts/c.ts", "../a.js", g), "src/a.ts");
    assert.equal(target("src/a.ts", "./model/index.js", g), "src/model/index.ts");
    assert.equal(target("src/a.ts", "./model", g), "src/model/index.ts");
    assert.equal(target("src/a.ts", "vega", g), null);
  });

  it("finds the project's src/ files and their imports", () => {
    const g = srcGraph();
    assert.ok([...g.keys()].some(isAuditor) && g.has("src/index.ts"), "the auditor and src/index.ts are read");
    assert.ok(
      [...g.keys()].some((f) => under(f, "src/charts")),
      "chart files are read",
    );
    assert.ok(
      [...g.values()].some((refs) => refs.some((r) => SOLVER_PACKAGES.some((p) => isPackage(r.spec, p)))),
      "some file imports a solver package",
    );
    for (const [f, refs] of g)
      for (const r of refs)
        assert.ok(!target(f, r.spec, g)?.endsWith("(unresolved)"), `${where(f, r)}: no such file in src/`);
  });
});

describe("the walls of docs/architecture.md", () => {
  const graph = srcGraph();

  it("the auditor imports nothing from src/lp, solver, stages, settlement or simulation, not even through another module", () => {
    // a made-up auditor that reaches the model through a helper is caught
    const bad = fake({
      "src/audit/audit.ts": `import type { X } from "../helper.js";`,
      "src/helper.ts": `import { buildDayModel } from "./lp/day.js";`,
      "src/lp/day.ts": "",
    });
    assert.deepEqual(auditorWall(bad), [
      'the auditor reaches src/lp/day.ts: src/audit/audit.ts → src/helper.ts → src/lp/day.ts (src/helper.ts:1 imports "./lp/day.js")',
    ]);
    assert.deepEqual(auditorWall(fake({ "src/lp/day.ts": "" })), ["no auditor found (src/audit/)"]);
    assert.deepEqual(auditorWall(graph), []);
  });

  it("chart builders import only types from the rest of the library; no solver, no node:fs", () => {
    const bad = fake({
      "src/charts/a.ts": `import { costTotals } from "../results.js";\nimport type { Row } from "../results.js";\nimport { baseSpec } from "./spec.js";`,
      "src/charts/b.ts": `import { readFileSync } from "node:fs";\nconst g = await import("highs");`,
      "src/charts/spec.ts": "",
      "src/results.ts": "",
    });
    assert.equal(chartsWall(bad).length, 3);
    assert.match(
      chartsWall(bad)[0],
      /^src\/charts\/a\.ts:1 imports "\.\.\/results\.js": a chart file may import only types/,
    );
    assert.deepEqual(chartsWall(graph), []);
  });

  it("only files under src/solver/ import a solver package (glpk.js, highs)", () => {
    const bad = fake({
      "src/solver/glpk.ts": `import GLPK from "glpk.js/node";`,
      "src/solver/highs.ts": `import highs from "highs";`,
      "src/simulate.ts": `import type { Highs } from "highs";`,
      "src/analysis/x.ts": `const m = await import("glpk.js");`,
    });
    assert.deepEqual(solverWall(bad), [
      `src/simulate.ts:1 imports "highs": only src/solver/ may`,
      `src/analysis/x.ts:1 imports "glpk.js": only src/solver/ may`,
    ]);
    assert.deepEqual(solverWall(graph), []);
  });

  it("only command-line, io and report files import file-writing functions of node:fs", () => {
    const bad = fake({
      "src/scenario.ts": `import { readFileSync } from "node:fs";`,
      "src/results.ts": `import { writeFileSync } from "node:fs";`,
      "src/charts/x.ts": `import * as fs from "fs";`,
      "src/analysis/y.ts": `import { readFile } from "node:fs/promises";`,
      "src/cli/demo.ts": `import { mkdirSync } from "node:fs";`,
      "src/io/csv.ts": `import { renameSync } from "node:fs";`,
      "src/report/files.ts": `import { rmSync } from "node:fs";`,
    });
    assert.deepEqual(
      writersWall(bad).map((v) => v.split(" (")[0]),
      [
        `src/results.ts:1 imports "node:fs"`,
        `src/charts/x.ts:1 imports "fs"`,
        `src/analysis/y.ts:1 imports "node:fs/promises"`,
      ],
    );
    assert.deepEqual(writersWall(graph), []);
  });
  it("every room says what it may import, and imports nothing else; only index.ts at src/'s root", () => {
    const allowed = roomAllowances({ a: "May import: nothing", b: "# b\n\nMay import: a" });
    const bad = fake({
      "src/a/x.ts": `import { y } from "../b/y.js";`,
      "src/b/y.ts": `import { x } from "../a/x.js";`,
      "src/c/z.ts": "",
      "src/loose.ts": "",
    });
    assert.deepEqual(roomsWall(bad, allowed), [
      'src/c/: no README.md with a line "May import: …"',
      'src/a/x.ts:1 imports "../b/y.js": src/a/README.md does not allow importing b',
      "src/loose.ts: only index.ts stays at src/'s root; put it in a room",
    ]);
    assert.deepEqual(roomsWall(srcGraph(), roomAllowances(readmes())), []);
  });

  it("no import cycle between files or between rooms", () => {
    const g = fake({ "src/a/x.ts": `import type { Y } from "./y.js";`, "src/a/y.ts": `let z: import("./x.js").X;` });
    const rooms = roomAllowances({ a: "May import: b", b: "May import: a" });
    assert.deepEqual(cyclesWall(g, rooms), [
      "file import cycle: src/a/x.ts → src/a/y.ts → src/a/x.ts",
      "room import cycle: a → b → a",
    ]);
    assert.deepEqual(cyclesWall(srcGraph(), roomAllowances(readmes())), []);
  });
});

describe("test hygiene", () => {
  it("every fast-check run has a fixed seed (FC_SEED)", () => {
    const files = readdirSync(join(ROOT, "test"), { recursive: true, encoding: "utf8" })
      .filter((f) => f.endsWith(".test.ts"))
      .map((f) => join(ROOT, "test", f));
    const unseeded: string[] = [];
    let runs = 0;
    for (const file of files) {
      const sf = ts.createSourceFile(file, readFileSync(file, "utf8"), ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
      const visit = (n: ts.Node): void => {
        if (
          ts.isCallExpression(n) &&
          ts.isPropertyAccessExpression(n.expression) &&
          ["assert", "check"].includes(n.expression.name.text) &&
          ts.isIdentifier(n.expression.expression) &&
          n.expression.expression.text === "fc"
        ) {
          runs++;
          const params = n.arguments[1];
          const seeded =
            params !== undefined &&
            ts.isObjectLiteralExpression(params) &&
            params.properties.some((p) => p.name !== undefined && ts.isIdentifier(p.name) && p.name.text === "seed");
          if (!seeded) unseeded.push(`${rel(file)}:${sf.getLineAndCharacterOfPosition(n.getStart(sf)).line + 1}`);
        }
        ts.forEachChild(n, visit);
      };
      visit(sf);
    }
    assert.ok(runs >= 3, `found ${runs} fast-check runs`);
    assert.deepEqual(unseeded, [], "fc.assert / fc.check without { seed: FC_SEED }");
  });

  it("test/helpers/arbitraries.ts exports the seed", async () => {
    assert.ok(existsSync(join(ROOT, "test", "helpers", "arbitraries.ts")));
    const { FC_SEED } = await import("../helpers/arbitraries.js");
    assert.ok(Number.isSafeInteger(FC_SEED));
  });
});
