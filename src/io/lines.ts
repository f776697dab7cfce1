/**
 * Lines of a text file, read in chunks so that memory stays bounded however
 * large the file is, and a reader can stop at the first bad line.
 */
import { closeSync, openSync, readSync } from "node:fs";
import { StringDecoder } from "node:string_decoder";
import { InputError } from "../errors/errors.js";
import { readError } from "./read-error.js";
import * as message from "../errors/messages.js";

/** One line: its text (no line break, no trailing `\r`) and its 1-based number. */
export interface Line {
  text: string;
  line: number;
}

/** Longest line accepted, in characters: a longer one cannot be a line of the project's files. */
export const MAX_LINE = 1 << 20;

function* split(chunks: Iterable<string>, file: string, maxLine: number): Generator<Line> {
  let pending = "";
  let n = 0;
  let first = true;
  for (let chunk of chunks) {
    if (first && chunk.length > 0) {
      if (chunk.charCodeAt(0) === 0xfeff) chunk = chunk.slice(1); // UTF-8 byte-order mark
      first = false;
    }
    let start = 0;
    for (let nl = chunk.indexOf("\n"); nl >= 0; nl = chunk.indexOf("\n", start)) {
      const text = pending + chunk.slice(start, nl);
      pending = "";
      start = nl + 1;
      n++;
      if (text.length > maxLine) throw new InputError(`${file}:${n}`, message.lineTooLong(maxLine));
      yield { text: text.endsWith("\r") ? text.slice(0, -1) : text, line: n };
    }
    pending += chunk.slice(start);
    if (pending.length > maxLine) throw new InputError(`${file}:${n + 1}`, message.lineTooLong(maxLine));
  }
  if (pending.length > 0) yield { text: pending.endsWith("\r") ? pending.slice(0, -1) : pending, line: n + 1 };
}

/**
 * The lines of `text` (a UTF-8 byte-order mark at the start is dropped).
 * @example [...linesOfText("a\r\nb")].map((l) => l.text) // => ["a", "b"]
 */
export function linesOfText(text: string, file: string, maxLine = MAX_LINE): Generator<Line> {
  return split([text], file, maxLine);
}

/**
 * The lines of the file at `path`, read 1 MiB at a time (the file is
 * closed when the loop ends, also on an error or a `break`).
 * @throws InputError when the file cannot be read or a line is too long
 * @example for (const { text, line } of linesOfFile("profiles.csv")) { … }
 */
export function* linesOfFile(path: string, maxLine = MAX_LINE, chunkBytes = 1 << 20): Generator<Line> {
  let fd: number;
  try {
    fd = openSync(path, "r");
  } catch (e) {
    throw readError(path, e);
  }
  try {
    const buf = Buffer.allocUnsafe(chunkBytes);
    const decoder = new StringDecoder("utf8");
    function* chunks(): Generator<string> {
      for (;;) {
        let n: number;
        try {
          n = readSync(fd, buf, 0, chunkBytes, null);
        } catch (e) {
          throw readError(path, e);
        }
        if (n === 0) break;
        yield decoder.write(buf.subarray(0, n));
      }
      yield decoder.end();
    }
    yield* split(chunks(), path, maxLine);
  } finally {
    closeSync(fd);
  }
}
