// Strict, allocation-free parsing of plain decimal numbers (`-12.5`, `.5`, `3.`, `1e-3`) from a
// string range. Rejects NaN, Infinity, hex, whitespace, thousands separators and empty text.

/** Powers of ten that are exact doubles (10^0 .. 10^22). */
const POW10 = [
  1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19,
  1e20, 1e21, 1e22,
];

/**
 * Parses `text[start, end)` as `[+-]digits[.digits][(e|E)[+-]digits]` (digits on at least one side of
 * the point). Returns NaN when the text is anything else; ±Infinity when it overflows.
 * Correctly rounded: up to 15 digits with a decimal exponent in ±22 take the exact fast path
 * (one IEEE division or multiplication of two exact doubles); anything longer goes to `Number()`.
 */
export function parseDecimal(text: string, start: number, end: number): number {
  let i = start;
  let c = text.charCodeAt(i);
  const negative = c === 45;
  if (c === 45 || c === 43) c = text.charCodeAt(++i);
  let mantissa = 0;
  let digits = 0;
  let fracDigits = 0;
  while (i < end && c >= 48 && c <= 57) {
    mantissa = mantissa * 10 + (c - 48);
    digits++;
    c = text.charCodeAt(++i);
  }
  if (i < end && c === 46) {
    c = text.charCodeAt(++i);
    while (i < end && c >= 48 && c <= 57) {
      mantissa = mantissa * 10 + (c - 48);
      fracDigits++;
      c = text.charCodeAt(++i);
    }
  }
  if (digits + fracDigits === 0) return NaN;
  let exponent = 0;
  if (i < end && (c === 101 || c === 69)) {
    c = text.charCodeAt(++i);
    let expNegative = false;
    if (c === 45 || c === 43) {
      expNegative = c === 45;
      c = text.charCodeAt(++i);
    }
    let expDigits = 0;
    while (i < end && c >= 48 && c <= 57) {
      if (exponent < 100_000) exponent = exponent * 10 + (c - 48);
      expDigits++;
      c = text.charCodeAt(++i);
    }
    if (expDigits === 0) return NaN;
    if (expNegative) exponent = -exponent;
  }
  if (i !== end) return NaN;
  const e10 = exponent - fracDigits;
  if (digits + fracDigits <= 15 && e10 >= -22 && e10 <= 22) {
    const v = e10 < 0 ? mantissa / POW10[-e10] : mantissa * POW10[e10];
    return negative ? -v : v;
  }
  return Number(text.slice(start, end));
}
