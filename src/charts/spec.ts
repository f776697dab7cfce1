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
  title?: string | null;
  aggregate?: "sum" | "mean" | "max" | "min" | "count";
  value?: string | number;
  stack?: "zero" | "normalize" | null;
  sort?: string[] | "ascending" | "descending" | null;
  format?: string;
  scale?: Record<string, unknown>;
  axis?: Record<string, unknown> | null;
  legend?: Record<string, unknown> | null;
  condition?: Record<string, unknown>;
}

export interface Encoding {
  x?: Channel;
  y?: Channel;
  xOffset?: Channel;
  color?: Channel;
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
}

/** A complete Vega-Lite specification with inline data. */
export interface ChartSpec extends UnitSpec {
  $schema: string;
  title: string | { text: string; subtitle?: string };
  description?: string;
  data: { values: DataRow[] };
  /** facet specs: the inner view */
  facet?: { row?: Channel; column?: Channel };
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
  title: { fontSize: 14, anchor: "start" },
};

/** Starts a spec: schema, title, data, config. */
export function baseSpec(title: string, values: DataRow[], description?: string): ChartSpec {
  return {
    $schema: VEGA_LITE_SCHEMA, title, ...(description ? { description } : {}),
    data: { values }, config: BASE_CONFIG,
  };
}

/** The order of MODEL.md's houses and groups: keeps legends and axes stable. */
export function uniqueInOrder(values: Iterable<string>): string[] {
  return [...new Set(values)];
}
