/**
 * Numbers as users write them in CSV cells, JSON strings and command-line
 * flags: decimal or scientific notation only. `Number()` alone would also
 * take `0x10`, `0b101`, `0o7`, `Infinity`, `""` and `" 1 "`.
 */

const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/**
 * The value of `text` if it is a decimal or scientific number, else `null`.
 * @param text - the text as written (no surrounding spaces)
 * @example parseDecimal("1.5e-3") // => 0.0015
 * @example parseDecimal("0x10") // => null
 */
export function parseDecimal(text: string): number | null {
  if (!DECIMAL.test(text)) return null;
  const v = Number(text);
  return Number.isFinite(v) ? v : null;
}
