/** The built commands, as `npm run demo` and `npm run sweep` run them. */
import { join } from "node:path";

const DIST = join(import.meta.dirname, "..", "..", "dist");
export const DEMO_CLI = join(DIST, "cli", "demo.js");
export const SWEEP_CLI = join(DIST, "cli", "sweep.js");
