/**
 * Whether this process is a Jupyter kernel. report/kernel.ts asks it to serialise the kernel's output
 * sends; the day pool and the coalition pool ask it to stay in the kernel's own thread. That rule dates
 * from a notebook's Run All that stopped silently at its sweep cell, put down to worker threads; the cause
 * was found later: tslab's zeromq sends failing with EBUSY when outputs (the progress bars) came fast,
 * which report/kernel.ts now prevents. Workers send no output themselves (their progress reaches this
 * thread by message), so the sweep pool (analysis/sweep-pool.ts) uses its workers in a kernel again.
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
