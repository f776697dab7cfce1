/**
 * Vega-Lite chart builders (pure: plain data in, spec out) and their
 * renderer (render.ts).
 */
export * from "./spec.js";
export * from "./profiles.js";
export * from "./battery.js";
export * from "./costs.js";
export * from "./energy.js";
export * from "./trades.js";
export * from "./savings.js";
export * from "./sweep.js";
export * from "./bill-range.js";
export { renderSvg, svgToPng, withDpi, pngDpi, CSS_DPI, type PngOptions } from "./render.js";
