/**
 * Running a notebook with other values in its parameter cell: each
 * `const NAME = …;` line of the first code cell that declares NAME gets the
 * value given, and the library import points at this checkout's dist/, so
 * the copy runs from any folder. Executed with nbconvert on the tslab
 * kernel (installed once per folder), each run with its own time limit.
 */
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { run, type RunResult, type Tools } from "./tools.js";

const ROOT = resolve(import.meta.dirname, "..", "..");

export interface NbOutput {
  output_type: string;
  name?: string;
  text?: string | string[];
  data?: Record<string, string | string[]>;
}
export interface NbCell {
  cell_type: string;
  source: string | string[];
  outputs?: NbOutput[];
  metadata?: { execution?: Record<string, string> };
}
export interface Notebook {
  cells: NbCell[];
  metadata: { kernelspec?: { name: string } };
}

export const cellText = (v: string | string[] | undefined): string => (Array.isArray(v) ? v.join("") : (v ?? ""));

/**
 * The notebook with `values` (NAME → TypeScript expression) in its parameter cell.
 * @throws Error when a NAME is not declared in any code cell (a test must not run the unchanged notebook)
 */
export function withParameters(nb: Notebook, values: Readonly<Record<string, string>>): Notebook {
  const cells = nb.cells.map((c) => ({ ...c, source: cellText(c.source) }));
  for (const [name, value] of Object.entries(values)) {
    const line = new RegExp(`^const ${name} = [^;\\n]*;`, "m");
    const cell = cells.find((c) => c.cell_type === "code" && line.test(c.source as string));
    if (!cell) throw new Error(`no "const ${name} = …;" line in the notebook's code cells`);
    cell.source = (cell.source as string).replace(line, `const ${name} = ${value};`);
  }
  const dist = join(ROOT, "dist", "index.js");
  for (const c of cells) c.source = (c.source as string).replace(/"\.\.\/dist\/index\.js"/g, JSON.stringify(dist));
  return { ...nb, cells };
}

/** Installs the tslab kernel spec into `dir/jupyter` (as `npm run notebook` does) and returns its JUPYTER_PATH. */
export async function installKernel(tools: Tools, dir: string): Promise<string> {
  const tslab = join(ROOT, "node_modules", ".bin", "tslab");
  await run(tslab, ["install", `--python=${tools.python}`, `--binary=${tslab}`, `--prefix=${join(dir, "jupyter")}`], {
    timeoutMs: 60_000,
  });
  return join(dir, "jupyter", "share", "jupyter");
}

/**
 * Executes `notebook` with `values` in its parameter cell in `dir` (nbconvert, the tslab kernel):
 * the executed notebook, and the run's time. Each cell may take `cellTimeoutS`, the whole run `timeoutMs`.
 */
export async function executeWith(
  tools: Tools,
  options: {
    notebook: string;
    values: Readonly<Record<string, string>>;
    dir: string;
    jupyterPath: string;
    env?: NodeJS.ProcessEnv;
    cellTimeoutS?: number;
    timeoutMs?: number;
  },
): Promise<{ nb: Notebook; run: RunResult }> {
  mkdirSync(options.dir, { recursive: true });
  const input = join(options.dir, "input.ipynb");
  writeFileSync(
    input,
    JSON.stringify(
      withParameters(JSON.parse(readFileSync(options.notebook, "utf8")) as Notebook, options.values),
      null,
      1,
    ),
  );
  const r = await run(
    tools.nbconvert,
    [
      "--to",
      "notebook",
      "--execute",
      input,
      "--output-dir",
      options.dir,
      "--output",
      "executed.ipynb",
      "--ExecutePreprocessor.kernel_name=tslab",
      `--ExecutePreprocessor.timeout=${options.cellTimeoutS ?? 300}`,
    ],
    {
      cwd: options.dir,
      env: { ...process.env, ...options.env, JUPYTER_PATH: options.jupyterPath },
      timeoutMs: options.timeoutMs ?? 600_000,
    },
  );
  return { nb: JSON.parse(readFileSync(join(options.dir, "executed.ipynb"), "utf8")) as Notebook, run: r };
}

/** The error and stderr outputs of an executed notebook, one line each ("cell N: …"). */
export function problems(nb: Notebook): string[] {
  const out: string[] = [];
  nb.cells.forEach((c, i) => {
    if (c.cell_type !== "code") return;
    if (!c.metadata?.execution?.["shell.execute_reply"]) out.push(`cell ${i}: not executed`);
    for (const o of c.outputs ?? [])
      if (o.output_type === "error" || o.name === "stderr") out.push(`cell ${i}: ${cellText(o.text).slice(0, 300)}`);
  });
  return out;
}
