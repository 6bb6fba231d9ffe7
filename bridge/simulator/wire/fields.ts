// Field encoding shared by the encoders (ib-protocol.md §2 "Value encoding rules"): every field ends
// with NUL, integers in decimal, doubles as JS prints them, booleans 1/0, unset double "" (or Java's
// Double.MAX_VALUE), unset int 2147483647, decimals (sizes) as strings.

export const Z = '\0';
/** Java's Double.MAX_VALUE: decodes as `undefined` everywhere (§2). */
export const UNSET_DOUBLE = '1.7976931348623157E308';
export const UNSET_INT = 2147483647;

export type Field = string | number | boolean | undefined | null;

/** Joins fields NUL-terminated; numbers that are not finite become "" (unset). */
export function msg(...fields: Field[]): string {
  let s = '';
  for (const f of fields) s += text(f) + Z;
  return s;
}

export function text(f: Field): string {
  if (f === undefined || f === null) return '';
  if (typeof f === 'number') return Number.isFinite(f) ? String(f) : '';
  if (typeof f === 'boolean') return f ? '1' : '0';
  return f.indexOf(Z) >= 0 ? f.replaceAll(Z, ' ') : f; // a NUL inside a field would split it
}

/** A double that is "not applicable" when undefined/NaN: Java's MAX_VALUE (decodes as undefined). */
export function maxIfUnset(v: number | undefined): string {
  return v === undefined || !Number.isFinite(v) ? UNSET_DOUBLE : String(v);
}
