/**
 * Errors in a tslab notebook, as one readable line. tslab prints an error
 * thrown by a cell with `console.error` (our error classes print as one
 * line: see `errors.ts`) and answers Jupyter's `execute_reply` with status
 * "error" but no `ename`/`evalue`, so nbconvert's failure summary reads
 * `<Error>:`. Called inside a tslab kernel (a notebook's set-up cell), this
 * adds the error's name, message and one-line traceback to that reply. It does
 * nothing anywhere else, and never throws. Importing the library changes nothing.
 */
import { createRequire } from "node:module";

interface ExecuteReply {
  status: string;
  ename?: string;
  evalue?: string;
  traceback?: string[];
}
interface Handler {
  handleExecute(...args: unknown[]): Promise<ExecuteReply>;
}

const PATCHED = Symbol.for("p2p-cvpp.tslab-errors");
/** The first line Node prints for an error: `InputError: scenario: days: …`, `TypeError [CODE]: …` */
const ERROR_LINE = /^(?:Uncaught )?([A-Za-z_$][\w$]*(?:Error|Exception))(?: \[[\w]+\])?: (.*)$/;

/**
 * Installs the tslab reply fix when running inside a tslab kernel; returns
 * whether it is installed. The notebooks' set-up cell calls it; safe to call again.
 * @example installNotebookErrors() // => false // outside Jupyter
 */
export function installNotebookErrors(): boolean {
  try {
    const cache = createRequire(import.meta.url).cache;
    const id = Object.keys(cache).find((k) => /[\\/]tslab[\\/]dist[\\/]jupyter\.js$/.test(k));
    const impl = id
      ? (cache[id]?.exports as { JupyterHandlerImpl?: { prototype: Handler } }).JupyterHandlerImpl
      : undefined;
    if (!impl) return false;
    const proto = impl.prototype as Handler & { [PATCHED]?: boolean };
    if (proto[PATCHED]) return true;
    const original = proto.handleExecute;
    proto.handleExecute = async function (this: Handler, req: unknown, writeStream: unknown, ...rest: unknown[]) {
      // tslab prints a cell's error on the cell's stderr (util.inspect: "Name: message" first); keep that text
      let stderr = "";
      const write =
        typeof writeStream === "function"
          ? (name: string, text: string) => {
              if (name === "stderr" && stderr.length < 1 << 16) stderr += text;
              return (writeStream as (n: string, t: string) => unknown)(name, text);
            }
          : writeStream;
      const reply = await original.call(this, req, write, ...rest);
      if (reply.status === "error" && reply.ename === undefined) {
        const lines = stderr.split("\n");
        const first = lines.findIndex((l) => ERROR_LINE.test(l));
        if (first >= 0) {
          const m = ERROR_LINE.exec(lines[first])!;
          reply.ename = m[1];
          reply.evalue = m[2];
          reply.traceback = lines.slice(first).filter((l) => l.trim() !== "");
        }
      }
      return reply;
    };
    proto[PATCHED] = true;
    return true;
  } catch {
    return false;
  }
}
