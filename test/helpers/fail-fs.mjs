// Preloaded with `node --import` by the write-failure tests: makes one
// node:fs function fail with a chosen error code, as a full disk, a
// read-only file system or a busy folder would.
//   FAIL_FS_OP     mkdirSync | openSync | writeSync | renameSync
//   FAIL_FS_CODE   ENOSPC, EROFS, EBUSY, EACCES, ENOTEMPTY, …
//   FAIL_FS_MATCH  fail only when the (first) path contains this text (writeSync: always)
import fs from "node:fs";
import { syncBuiltinESMExports } from "node:module";

const op = process.env.FAIL_FS_OP;
const code = process.env.FAIL_FS_CODE ?? "EIO";
const match = process.env.FAIL_FS_MATCH ?? "";
if (op && typeof fs[op] === "function") {
  const original = fs[op];
  fs[op] = function (...args) {
    const path = typeof args[0] === "number" ? "" : String(args[0]);
    if (op === "writeSync" || path.includes(match)) {
      const e = new Error(`${code}: simulated failure, ${op} '${path}'`);
      e.code = code;
      e.path = path;
      throw e;
    }
    return original.apply(this, args);
  };
  syncBuiltinESMExports();
}
