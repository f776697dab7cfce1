/**
 * Whether this process is a Jupyter kernel: the one rule the worker pools (days, sweep jobs, coalition
 * runs) follow to stay in the kernel's own thread, where worker threads once stopped a notebook's Run All
 * silently.
 */

/**
 * True when this process is tslab's Jupyter kernel (it runs as `tslab kernel …`; a command started from a
 * Jupyter terminal is not a kernel). `CVPP_IN_KERNEL=1|0` overrides the guess.
 * @example insideKernel({}, ["node", "demo.js"]) // => false
 */
export function insideKernel(env: NodeJS.ProcessEnv = process.env, argv: readonly string[] = process.argv): boolean {
  if (env.CVPP_IN_KERNEL === "1") return true;
  if (env.CVPP_IN_KERNEL === "0") return false;
  return argv.some((a) => /tslab/.test(a)) && argv.includes("kernel");
}
