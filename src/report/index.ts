/** Exports: files (atomic), HTML tables, the self-contained HTML report. */
export * from "./table.js";
export * from "./files.js";
export * from "./html.js";
export * from "./columns.js";
export * from "./session.js";
export { serializeKernelSends } from "./kernel.js";
