// Maps every key path of a TOML document to the 1-based line that defines it, so that validation errors
// can point at a line. A tolerant scanner, not a parser: it never throws, and on input it does not
// understand it skips to the next line. Values are skipped (strings, multi-line strings, arrays and
// inline tables are walked so that their continuation lines define no keys).

/** One step of a key path: a table key, or an index into an array. */
export type KeySegment = string | number;

const BARE_KEY = /^[A-Za-z0-9_-]+$/;
const BARE_CHAR = /[A-Za-z0-9_-]/;

/**
 * Formats a key path as error messages show it: `symbols.SPY.delta`, `x[0].y`, `symbols."BRK.B".weight`
 * (segments that are not bare TOML keys are double-quoted).
 */
export function formatKeyPath(path: readonly KeySegment[]): string {
  let out = '';
  for (const seg of path) {
    if (typeof seg === 'number') out += `[${seg}]`;
    else {
      const key = BARE_KEY.test(seg) ? seg : JSON.stringify(seg);
      out += out === '' ? key : `.${key}`;
    }
  }
  return out;
}

/**
 * Maps each key path (as {@link formatKeyPath} writes it) to the 1-based line where it is defined.
 * Table headers map to their own line; tables created implicitly (`symbols` by `[symbols.SPY]`, `a` by
 * `a.b = 1`) map to the first line that mentions them; array-of-tables elements are `x[0]`, `x[1]`, …;
 * array elements map to the line where the element starts.
 */
export function tomlKeyLines(text: string): Map<string, number> {
  const scanner = new Scanner(text);
  scanner.run();
  return scanner.lines;
}

/** The line of `path`, or of its nearest ancestor that has one; 0 when none is known. */
export function lineOfPath(lines: ReadonlyMap<string, number>, path: readonly KeySegment[]): number {
  for (let n = path.length; n > 0; n--) {
    const line = lines.get(formatKeyPath(path.slice(0, n)));
    if (line !== undefined) return line;
  }
  return 0;
}

class Scanner {
  readonly lines = new Map<string, number>();
  private pos = 0;
  private line = 1;
  private table: KeySegment[] = [];
  /** Paths defined explicitly (header or key), which implicit mentions must not overwrite. */
  private readonly explicit = new Set<string>();
  /** Number of elements of each array of tables, by formatted path. */
  private readonly arrayTables = new Map<string, number>();

  constructor(private readonly src: string) {
    if (src.startsWith('\uFEFF')) this.pos = 1;
  }

  run(): void {
    while (this.pos < this.src.length) {
      this.skipBlank();
      if (this.pos >= this.src.length) break;
      const c = this.peek();
      if (c === '[') this.header();
      else if (isKeyStart(c)) this.keyValue(this.table);
      this.skipRestOfLine();
    }
  }

  private peek(offset = 0): string {
    return this.src[this.pos + offset] ?? '';
  }

  private advance(n = 1): void {
    for (let i = 0; i < n && this.pos < this.src.length; i++) {
      if (this.src[this.pos] === '\n') this.line++;
      this.pos++;
    }
  }

  private skipSpaces(): void {
    while (this.peek() === ' ' || this.peek() === '\t') this.advance();
  }

  /** Skips whitespace, line breaks and comments. */
  private skipBlank(): void {
    for (;;) {
      const c = this.peek();
      if (c === ' ' || c === '\t' || c === '\r' || c === '\n') this.advance();
      else if (c === '#') while (this.pos < this.src.length && this.peek() !== '\n') this.advance();
      else return;
    }
  }

  private skipRestOfLine(): void {
    while (this.pos < this.src.length && this.peek() !== '\n') this.advance();
  }

  private setImplicit(path: readonly KeySegment[], line: number): void {
    const key = formatKeyPath(path);
    if (!this.lines.has(key)) this.lines.set(key, line);
  }

  private setExplicit(path: readonly KeySegment[], line: number): void {
    const key = formatKeyPath(path);
    if (this.explicit.has(key)) return;
    this.explicit.add(key);
    this.lines.set(key, line);
  }

  private define(path: readonly KeySegment[], line: number): void {
    for (let n = 1; n < path.length; n++) this.setImplicit(path.slice(0, n), line);
    this.setExplicit(path, line);
  }

  /** `[a.b]` or `[[a.b]]`. Parent segments that are arrays of tables refer to their last element. */
  private header(): void {
    const line = this.line;
    const isArray = this.peek(1) === '[';
    this.advance(isArray ? 2 : 1);
    const keys = this.readKey();
    if (keys === null) return;
    const path: KeySegment[] = [];
    keys.forEach((key, i) => {
      path.push(key);
      const count = this.arrayTables.get(formatKeyPath(path));
      if (count !== undefined && !(isArray && i === keys.length - 1)) path.push(count - 1);
    });
    if (isArray) {
      const key = formatKeyPath(path);
      const index = this.arrayTables.get(key) ?? 0;
      this.arrayTables.set(key, index + 1);
      this.setImplicit(path, line);
      path.push(index);
    }
    this.define(path, line);
    this.table = path;
  }

  /** `key = value`, with the key relative to `base`. */
  private keyValue(base: readonly KeySegment[]): void {
    const line = this.line;
    const keys = this.readKey();
    if (keys === null) return;
    this.skipSpaces();
    if (this.peek() !== '=') return;
    this.advance();
    this.skipSpaces();
    const path = [...base, ...keys];
    this.define(path, line);
    this.value(path);
  }

  /** A possibly dotted key; null when there is none at the current position. */
  private readKey(): string[] | null {
    const segments: string[] = [];
    for (;;) {
      this.skipSpaces();
      const c = this.peek();
      let seg: string | null;
      if (c === '"') seg = this.basicString(true);
      else if (c === "'") seg = this.literalString();
      else {
        const start = this.pos;
        while (BARE_CHAR.test(this.peek())) this.advance();
        seg = this.pos > start ? this.src.slice(start, this.pos) : null;
      }
      if (seg === null) return null;
      segments.push(seg);
      this.skipSpaces();
      if (this.peek() !== '.') return segments;
      this.advance();
    }
  }

  private value(path: readonly KeySegment[]): void {
    const c = this.peek();
    if ((c === '"' || c === "'") && this.peek(1) === c && this.peek(2) === c) this.multiLineString(c);
    else if (c === '"') this.basicString(false);
    else if (c === "'") this.literalString();
    else if (c === '[') this.array(path);
    else if (c === '{') this.inlineTable(path);
    else while (this.pos < this.src.length && !',]}#\r\n'.includes(this.peek())) this.advance();
  }

  private array(path: readonly KeySegment[]): void {
    this.advance();
    for (let index = 0; ; ) {
      const before = this.pos;
      this.skipBlank();
      const c = this.peek();
      if (c === '' || c === ']') return this.advance();
      if (c === ',' || c === '}') {
        this.advance();
        continue;
      }
      const element = [...path, index++];
      this.setImplicit(element, this.line);
      this.value(element);
      this.skipBlank();
      if (this.peek() === ',') this.advance();
      if (this.pos === before) this.advance();
    }
  }

  /** Inline tables; keys on their own lines (TOML 1.1) map to those lines. */
  private inlineTable(path: readonly KeySegment[]): void {
    this.advance();
    for (;;) {
      const before = this.pos;
      this.skipBlank();
      const c = this.peek();
      if (c === '' || c === '}') return this.advance();
      if (isKeyStart(c)) this.keyValue(path);
      this.skipBlank();
      if (this.peek() === ',') this.advance();
      if (this.pos === before) this.advance();
    }
  }

  /** A single-line basic string; returns its decoded text when `decode` (for keys). */
  private basicString(decode: boolean): string {
    this.advance();
    const start = this.pos;
    while (this.pos < this.src.length && this.peek() !== '"' && this.peek() !== '\n') {
      this.advance(this.peek() === '\\' ? 2 : 1);
    }
    const raw = this.src.slice(start, this.pos);
    if (this.peek() === '"') this.advance();
    return decode ? unescapeBasic(raw) : raw;
  }

  private literalString(): string {
    this.advance();
    const start = this.pos;
    while (this.pos < this.src.length && this.peek() !== "'" && this.peek() !== '\n') this.advance();
    const raw = this.src.slice(start, this.pos);
    if (this.peek() === "'") this.advance();
    return raw;
  }

  /** `"""…"""` or `'''…'''`; up to two extra quotes before the closing delimiter belong to the text. */
  private multiLineString(quote: string): void {
    this.advance(3);
    const delimiter = quote.repeat(3);
    while (this.pos < this.src.length) {
      if (quote === '"' && this.peek() === '\\') this.advance(2);
      else if (this.src.startsWith(delimiter, this.pos)) {
        this.advance(3);
        for (let extra = 0; extra < 2 && this.peek() === quote; extra++) this.advance();
        return;
      } else this.advance();
    }
  }
}

function isKeyStart(c: string): boolean {
  return c === '"' || c === "'" || BARE_CHAR.test(c);
}

const ESCAPES: Record<string, string> = { b: '\b', t: '\t', n: '\n', f: '\f', r: '\r', e: '\x1b', '"': '"', '\\': '\\' };

/** Decodes the escapes of a TOML basic string (unknown escapes are kept as written). */
function unescapeBasic(raw: string): string {
  return raw.replace(/\\(u[0-9A-Fa-f]{4}|U[0-9A-Fa-f]{8}|x[0-9A-Fa-f]{2}|.)/g, (whole, esc: string) => {
    if (esc.length > 1) {
      const code = Number.parseInt(esc.slice(1), 16);
      return code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    }
    return ESCAPES[esc] ?? whole;
  });
}
