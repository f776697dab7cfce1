/**
 * JSON as users write it: strict JSON (no comments, no trailing commas), a
 * UTF-8 byte-order mark allowed, nesting at most {@link MAX_JSON_DEPTH} deep, a key given twice in one object refused —
 * `JSON.parse` alone silently keeps the last one. Errors name `file:line:column`.
 *
 * The checking is jsonc-parser's (Microsoft's scanner behind VS Code's JSON
 * support): it reports every property with its line and column, which is
 * what a duplicate-key message needs; the value itself is `JSON.parse`'s.
 */
import { visit, printParseErrorCode, type JSONPath } from "jsonc-parser";
import { InputError } from "../errors/errors.js";

/** A UTF-8 byte-order mark at the start, if any, removed. */
export function stripBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

const WORDS: Record<string, string> = {
  InvalidSymbol: "unexpected character",
  InvalidNumberFormat: "not a number",
  PropertyNameExpected: "a key in double quotes expected",
  ValueExpected: "a value expected",
  ColonExpected: "':' expected",
  CommaExpected: "',' expected",
  CloseBraceExpected: "'}' expected",
  CloseBracketExpected: "']' expected",
  EndOfFileExpected: "text after the end of the JSON value",
  InvalidCommentToken: "comments are not JSON",
  UnexpectedEndOfComment: "comments are not JSON",
  UnexpectedEndOfString: "a string is not closed",
  UnexpectedEndOfNumber: "a number is cut off",
  InvalidUnicode: "a bad \\u escape",
  InvalidEscapeCharacter: "a bad escape (\\)",
  InvalidCharacter: "a control character inside a string",
};

function pathText(path: JSONPath): string {
  return path.map((p, i) => (typeof p === "number" ? `[${p}]` : i === 0 ? p : `.${p}`)).join("");
}

/** Deepest nesting of objects and arrays accepted (a scenario needs 4; deeper text is refused before parsing). */
export const MAX_JSON_DEPTH = 64;

/**
 * The line where `text`'s nesting of `{` and `[` first goes deeper than
 * `max` (outside strings), or 0 if it never does. A loop, not a recursion:
 * it runs before any recursive parser sees the text.
 * @example deepNestingLine("[[[1]]]", 2) // => 1
 * @example deepNestingLine('{"a": "[[[["}', 2) // => 0
 */
export function deepNestingLine(text: string, max = MAX_JSON_DEPTH): number {
  let depth = 0,
    line = 1,
    inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10) line++;
    if (inString) {
      if (c === 92)
        i++; // backslash: the next character is escaped
      else if (c === 34) inString = false;
    } else if (c === 34) inString = true;
    else if (c === 123 || c === 91) {
      if (++depth > max) return line;
    } else if (c === 125 || c === 93) depth--;
  }
  return 0;
}

/**
 * Parses JSON text strictly. Throws an {@link InputError} naming
 * `file:line:column` for a syntax error and `file:line` and the key for a
 * key given twice.
 * @param file - the name used in messages
 * @example parseJsonStrict('{"a": 1}', "x.json") // => { a: 1 }
 * @example parseJsonStrict('{"a": 1,\n "a": 2}', "x.json") // throws "x.json:2: key "a" is given twice (first on line 1)"
 */
export function parseJsonStrict(text: string, file: string): unknown {
  const body = stripBom(text);
  if (body.trim() === "") throw new InputError(file, "is empty (expected a JSON object)");
  const deep = deepNestingLine(body);
  if (deep)
    throw new InputError(
      `${file}:${deep}`,
      `nests objects and arrays more than ${MAX_JSON_DEPTH} deep; is it the right file?`,
    );
  const stack: Map<string, number>[] = [];
  let problem: InputError | null = null;
  visit(
    body,
    {
      onObjectBegin: () => void stack.push(new Map()),
      onObjectEnd: () => void stack.pop(),
      onObjectProperty: (key, _offset, _length, line, _column, pathSupplier) => {
        const seen = stack[stack.length - 1];
        if (!seen || problem) return;
        const first = seen.get(key);
        if (first !== undefined) {
          const where = pathText([...pathSupplier(), key]);
          problem = new InputError(
            `${file}:${line + 1}`,
            `key "${where}" is given twice (first on line ${first + 1}); keep one`,
          );
        } else seen.set(key, line);
      },
      onError: (code, _offset, _length, line, column) => {
        if (problem) return;
        const name = printParseErrorCode(code);
        problem = new InputError(`${file}:${line + 1}:${column + 1}`, `is not valid JSON: ${WORDS[name] ?? name}`);
      },
    },
    { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false },
  );
  if (problem) throw problem;
  try {
    return JSON.parse(body);
  } catch (e) {
    // jsonc-parser accepted what JSON.parse refuses: keep the message on one line
    throw new InputError(file, `is not valid JSON (${String((e as Error).message).split("\n")[0]})`);
  }
}
