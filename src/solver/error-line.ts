/**
 * A solver library's error as one short line: never its source text or stack
 * (an uncaught error from HiGHS's WebAssembly glue printed its whole minified
 * source, 170 kB, then a stack trace).
 * @example errorLine(new Error("passModel failed\n at x")) // => "passModel failed"
 */
export function errorLine(e: unknown): string {
  const text = String(e instanceof Error ? e.message : e).split("\n")[0];
  return text.length > 160 ? `${text.slice(0, 160)}…` : text;
}
