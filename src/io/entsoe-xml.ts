/**
 * ENTSO-E's day-ahead price document (A44, `Publication_MarketDocument`,
 * docs/data-formats.md "Spot prices"), as the transparency platform's API
 * serves it: TimeSeries → Period (UTC `timeInterval`, `resolution` PT15M,
 * PT30M or PT60M) → Point (`position` from 1, `price.amount` in €/MWh).
 * Curve type A03 leaves out positions whose price repeats the previous one
 * (they are that price, by the document's definition); in A01 every position
 * is given and a missing one is a gap.
 */
import { XMLParser } from "fast-xml-parser";
import { InputError, echo } from "../errors/errors.js";
import { parseDecimal } from "./number.js";

/** One price interval of the document: its start (UTC ms) and €/MWh. */
export interface XmlPrice {
  t: number;
  eurPerMwh: number;
}

const RESOLUTION: Record<string, number> = { PT15M: 15, PT30M: 30, PT60M: 60, PT1H: 60 };
type Node = Record<string, unknown>;
const list = (v: unknown): Node[] => (Array.isArray(v) ? v : v === undefined ? [] : [v]) as Node[];
const text = (v: unknown): string =>
  (typeof v === "object" && v !== null ? String((v as Node)["#text"] ?? "") : String(v ?? "")).trim();

function utc(s: string, where: string): number {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::\d{2})?Z$/.exec(s);
  if (!m) throw new InputError(where, `"${echo(s)}" is not a UTC time (YYYY-MM-DDTHH:MMZ)`);
  return Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5]);
}

/**
 * The prices of an A44 document in time order.
 * @param notes - receives a line for each TimeSeries that overlaps an earlier one (the earlier is kept)
 * @throws InputError naming the file and TimeSeries/Period for a document that is not A44, a bad time or resolution, a missing position in an A01 curve, a price that is not a number
 * @example parseEntsoeXml(xml, "a44.xml", [])[0] // { t: Date.UTC(2025, 0, 1, 23), eurPerMwh: 88.33 }
 */
export function parseEntsoeXml(xml: string, file: string, notes: string[]): XmlPrice[] {
  let doc: Node;
  try {
    doc = new XMLParser({ ignoreAttributes: true, removeNSPrefix: true, parseTagValue: false }).parse(
      xml,
      true,
    ) as Node;
  } catch (e) {
    throw new InputError(file, `is not valid XML (${echo(String((e as Error).message).split("\n")[0])})`);
  }
  const root = doc.Publication_MarketDocument as Node | undefined;
  if (!root) throw new InputError(file, "is not an ENTSO-E Publication_MarketDocument (day-ahead prices, A44)");
  if (text(root.type) !== "A44")
    throw new InputError(file, `is a document of type ${echo(text(root.type)) || "none"}, not A44 (day-ahead prices)`);
  const byT = new Map<number, { v: number; series: number }>(); // the first price given for each interval
  list(root.TimeSeries).forEach((ts, si) => {
    const curve = text(ts.curveType) || "A01";
    let overlapped = 0;
    list(ts.Period).forEach((p, pi) => {
      const where = `${file}: TimeSeries ${si + 1}, Period ${pi + 1}`;
      const iv = (p.timeInterval ?? {}) as Node;
      const start = utc(text(iv.start), where),
        end = utc(text(iv.end), where);
      const r = RESOLUTION[text(p.resolution)];
      if (!r) throw new InputError(where, `resolution "${echo(text(p.resolution))}" is not PT15M, PT30M or PT60M`);
      const n = (end - start) / (r * 60_000);
      if (!(n >= 1 && Number.isInteger(n)))
        throw new InputError(
          where,
          `timeInterval ${text(iv.start)}–${text(iv.end)} is not a whole number of ${r}-minute steps`,
        );
      const given = new Map<number, number>();
      for (const pt of list(p.Point)) {
        const pos = Number(text(pt.position)),
          v = parseDecimal(text(pt["price.amount"]));
        if (!Number.isInteger(pos) || pos < 1 || pos > n)
          throw new InputError(where, `position "${echo(text(pt.position))}" is not in 1..${n}`);
        if (v === null)
          throw new InputError(
            where,
            `position ${pos}: price.amount "${echo(text(pt["price.amount"]))}" is not a number`,
          );
        if (given.has(pos)) throw new InputError(where, `position ${pos} is given twice`);
        given.set(pos, v);
      }
      let last: number | undefined;
      for (let pos = 1; pos <= n; pos++) {
        let v = given.get(pos);
        if (v === undefined) {
          if (curve !== "A03" || last === undefined)
            throw new InputError(
              where,
              `position ${pos} (${new Date(start + (pos - 1) * r * 60_000).toISOString().slice(0, 16)}Z) has no price (curve type ${curve})`,
            );
          v = last;
        }
        last = v;
        const t = start + (pos - 1) * r * 60_000;
        const had = byT.get(t);
        if (had) overlapped++;
        else byT.set(t, { v, series: si });
      }
    });
    if (overlapped)
      notes.push(
        `${file}: TimeSeries ${si + 1} repeats ${overlapped} interval(s) given before; the earlier prices are kept`,
      );
  });
  if (byT.size === 0) throw new InputError(file, "has no prices (no TimeSeries with points)");
  return [...byT].sort((a, b) => a[0] - b[0]).map(([t, x]) => ({ t, eurPerMwh: x.v }));
}
