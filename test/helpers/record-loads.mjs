// Preloaded with `node --import` by test/cli/start.test.ts: records every module the process
// resolves (file: URLs of the project and its packages, node: built-ins), one URL a line, into
// the file named by LOAD_LOG.
import { register } from "node:module";

register("./record-loads-hooks.mjs", import.meta.url, { data: { log: process.env.LOAD_LOG } });
