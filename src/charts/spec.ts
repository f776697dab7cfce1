/**
 * The small part of the Vega-Lite grammar the chart builders use, typed for
 * readers and tests. A {@link ChartSpec} is plain JSON: it goes unchanged
 * to `vega-lite`'s compiler (render.ts) or to `vega-embed` (the HTML report).
 */

/** One data row of a chart: field name → value. */
export type DataRow = Record<string, string | number | boolean | null>;

export type FieldType = "quantitative" | "nominal" | "ordinal" | "temporal";

/** An encoding channel: a field (with its type), or a constant value. */
export interface Channel {
  field?: string;
  type?: FieldType;
  /** a title; several strings are several lines */
  title?: string | string[] | null;
  aggregate?: "sum" | "mean" | "max" | "min" | "count";
  value?: string | number;
  stack?: "zero" | "normalize" | null;
  sort?: string[] | "ascending" | "descending" | null;
  format?: string;
  scale?: Record<string, unknown>;
  axis?: Record<string, unknown> | null;
  legend?: Record<string, unknown> | null;
  condition?: Record<string, unknown>;
  /** facet channels: the panel headers */
  header?: Record<string, unknown>;
  /** a constant in data units (e.g. a rule at y = 0) */
  datum?: number | string;
  bandPosition?: number;
}

export interface Encoding {
  x?: Channel;
  y?: Channel;
  y2?: Channel;
  x2?: Channel;
  xOffset?: Channel;
  stroke?: Channel;
  strokeWidth?: Channel;
  opacity?: Channel;
  color?: Channel;
  shape?: Channel;
  strokeDash?: Channel;
  text?: Channel;
  order?: Channel;
  tooltip?: Channel[];
}

export type MarkType = "line" | "bar" | "rect" | "text" | "point" | "rule" | "area";
export type Mark = MarkType | ({ type: MarkType } & Record<string, unknown>);

/** A single view or a layer of views sharing the data. */
export interface UnitSpec {
  mark?: Mark;
  encoding?: Encoding;
  layer?: UnitSpec[];
  transform?: Record<string, unknown>[];
  width?: number;
  height?: number;
  data?: { values: DataRow[] };
  title?: string | { text: string; subtitle?: string | string[] };
  resolve?: Record<string, unknown>;
}

/** A complete Vega-Lite specification with inline data. */
export interface ChartSpec extends UnitSpec {
  $schema: string;
  title: string | { text: string; subtitle?: string | string[] };
  description?: string;
  data: { values: DataRow[] };
  /** facet specs: the inner view */
  facet?: { row?: Channel; column?: Channel };
  hconcat?: UnitSpec[];
  spec?: UnitSpec;
  resolve?: Record<string, unknown>;
  config?: Record<string, unknown>;
}

export const VEGA_LITE_SCHEMA = "https://vega.github.io/schema/vega-lite/v6.json";

/** Shared look: fonts that exist on a plain Linux box, a white background. */
export const BASE_CONFIG: Record<string, unknown> = {
  font: "DejaVu Sans, Liberation Sans, Arial, sans-serif",
  background: "white",
  view: { stroke: "#ddd" },
  axis: { labelFontSize: 11, titleFontSize: 12 },
  legend: { labelFontSize: 11, titleFontSize: 12 },
  title: { fontSize: 14, anchor: "start", subtitleFontSize: 11, subtitleColor: "#555" },
};

/**
 * Text cut into lines of at most `max` characters, at spaces. Vega's
 * renderer in Node has no canvas to measure text and estimates a line's
 * width at 0.8 × font size per character, so a long one-line subtitle
 * widens the exported picture with empty space; lines keep it inside.
 * @example wrapLines("a bb ccc", 4) // => ["a bb", "ccc"]
 */
export function wrapLines(text: string, max: number): string[] {
  const lines: string[] = [];
  let line = "";
  for (const word of text.split(/\s+/)) {
    if (line && line.length + 1 + word.length > max) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) lines.push(line);
  return lines;
}

/** Characters per subtitle line: about 700 px at 11 px type under Vega's estimate. */
export const SUBTITLE_LINE = 80;

/**
 * Starts a spec: schema, title (a subtitle is wrapped into lines of
 * {@link SUBTITLE_LINE} characters), data, config.
 * @example baseSpec({ text: "Cost", subtitle: "currency units per day" }, rows)
 */
export function baseSpec(
  title: string | { text: string; subtitle?: string },
  values: DataRow[],
  description?: string,
): ChartSpec {
  const t =
    typeof title === "string" || !title.subtitle
      ? title
      : { text: title.text, subtitle: wrapLines(title.subtitle, SUBTITLE_LINE) };
  return {
    $schema: VEGA_LITE_SCHEMA,
    title: t,
    ...(description ? { description } : {}),
    data: { values },
    config: BASE_CONFIG,
  };
}

/** The order of docs/model.md's houses and groups: keeps legends and axes stable. */
export function uniqueInOrder(values: Iterable<string>): string[] {
  return [...new Set(values)];
}
