/**
 * Chart specs to pictures, in Node, offline: Vega-Lite → Vega → SVG with
 * `vega`'s headless renderer (no canvas), SVG → PNG with `@resvg/resvg-js`.
 * The libraries are imported on first use, so importing the project's API
 * stays light (and a tslab cell never has to import `vega` itself).
 */
import type { ChartSpec } from "./spec.js";

/**
 * Renders a spec to SVG text (`<svg …>…</svg>`).
 * @example tslab.display.svg(await renderSvg(dailyCostChart(costsByDay(r), ["g1", "g2"])))
 */
export async function renderSvg(spec: ChartSpec): Promise<string> {
  const [vega, vl] = await Promise.all([import("vega"), import("vega-lite")]);
  const compiled = vl.compile(spec as unknown as Parameters<typeof vl.compile>[0]).spec;
  const view = new vega.View(vega.parse(compiled), { renderer: "none" });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

export interface PngOptions {
  /** pixels per SVG pixel (default 2) */
  scale?: number;
}

/**
 * Rasterises SVG text to PNG bytes (white background, the system's fonts).
 * @example await svgToPng(await renderSvg(spec), { scale: 2 })
 */
export async function svgToPng(svg: string, options: PngOptions = {}): Promise<Uint8Array> {
  const { Resvg } = await import("@resvg/resvg-js");
  const r = new Resvg(svg, {
    fitTo: { mode: "zoom", value: options.scale ?? 2 },
    background: "white",
    font: { loadSystemFonts: true, defaultFontFamily: "DejaVu Sans" },
  });
  return new Uint8Array(r.render().asPng());
}
