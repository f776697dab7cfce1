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
  /** pixels per SVG pixel (default 2); ignored when `dpi` is given */
  scale?: number;
  /**
   * print resolution, dots per inch: the picture is drawn at `dpi / 96`
   * pixels per SVG pixel (a CSS pixel is 1/96 inch, so the printed size
   * stays the chart's size), and the PNG records the resolution (its
   * `pHYs` chunk), so word processors place it at that size. 300 is print
   * quality.
   */
  dpi?: number;
}

/** CSS pixels per inch: SVG sizes are in CSS pixels. */
export const CSS_DPI = 96;

/**
 * Rasterises SVG text to PNG bytes (white background, the system's fonts), on
 * libuv's thread pool (resvg's `renderAsync`): this thread stays free, and
 * several pictures started together are drawn at once.
 * @example await svgToPng(await renderSvg(spec), { scale: 2 })
 */
export async function svgToPng(svg: string, options: PngOptions = {}): Promise<Uint8Array> {
  const { renderAsync } = await import("@resvg/resvg-js");
  if (options.dpi !== undefined && !(options.dpi > 0))
    throw new RangeError(`dpi must be a positive number, got ${options.dpi}`);
  const rendered = await renderAsync(svg, {
    fitTo: { mode: "zoom", value: options.dpi ? options.dpi / CSS_DPI : (options.scale ?? 2) },
    background: "white",
    font: { loadSystemFonts: true, defaultFontFamily: "DejaVu Sans" },
  });
  const png = new Uint8Array(rendered.asPng());
  return options.dpi ? withDpi(png, options.dpi) : png;
}

const CRC_TABLE = (() => {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
})();

function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (const b of bytes) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

/**
 * PNG bytes with a `pHYs` chunk recording `dpi` (as pixels per metre,
 * rounded), placed after IHDR; an existing pHYs chunk is replaced.
 * @example withDpi(png, 300) // the same picture, marked 300 dpi (11 811 pixels per metre)
 */
export function withDpi(png: Uint8Array, dpi: number): Uint8Array {
  const view = new DataView(png.buffer, png.byteOffset, png.byteLength);
  const ppm = Math.round(dpi / 0.0254);
  const chunk = new Uint8Array(4 + 4 + 9 + 4);
  const cv = new DataView(chunk.buffer);
  cv.setUint32(0, 9);
  chunk.set([0x70, 0x48, 0x59, 0x73], 4); // "pHYs"
  cv.setUint32(8, ppm);
  cv.setUint32(12, ppm);
  chunk[16] = 1; // unit: metre
  cv.setUint32(17, crc32(chunk.subarray(4, 17)));
  const parts: Uint8Array[] = [png.subarray(0, 8)];
  let at = 8,
    placed = false;
  while (at < png.length) {
    const len = view.getUint32(at),
      type = String.fromCharCode(...png.subarray(at + 4, at + 8));
    const whole = png.subarray(at, at + 12 + len);
    if (type !== "pHYs") parts.push(whole);
    if (type === "IHDR" && !placed) {
      parts.push(chunk);
      placed = true;
    }
    at += 12 + len;
  }
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

/**
 * The resolution a PNG records (its `pHYs` chunk), dots per inch, or `null` without one.
 * @example pngDpi(await svgToPng(svg, { dpi: 300 })) // 300
 */
export function pngDpi(png: Uint8Array): number | null {
  const view = new DataView(png.buffer, png.byteOffset, png.byteLength);
  for (let at = 8; at + 8 <= png.length;) {
    const len = view.getUint32(at),
      type = String.fromCharCode(...png.subarray(at + 4, at + 8));
    if (type === "pHYs") return view.getUint8(at + 16) === 1 ? Math.round(view.getUint32(at + 8) * 0.0254) : null;
    at += 12 + len;
  }
  return null;
}
