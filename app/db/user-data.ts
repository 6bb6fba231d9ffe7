// All of a user's data as one file (issue 13, item 7): every IndexedDB table but the credentials
// (the bridge's access token never leaves the device), as JSON with typed arrays written as base64
// of their bytes. Importing checks the whole file first — its format, its version, every table and
// every row — and names the first problem by its path (`tables.bars[2].close`); only a valid file is
// written, in one transaction that replaces the tables it holds: nothing is lost or half-written.
import type { Table } from 'dexie';
import type { MoneyTrailzDb } from './schema.ts';

export const EXPORT_FORMAT = 'moneytrailz-user-data';
export const EXPORT_VERSION = 1;
/** Tables never exported or imported. */
const SECRET_TABLES: ReadonlySet<string> = new Set(['credentials']);

type Typed = Float64Array | Float32Array | Int32Array | Int16Array | Uint8Array;
const TYPED: Record<string, new (b: ArrayBuffer) => Typed> = { f64: Float64Array, f32: Float32Array, i32: Int32Array, i16: Int16Array, u8: Uint8Array };

function typedTag(v: unknown): string | undefined {
  if (v instanceof Float64Array) return 'f64';
  if (v instanceof Float32Array) return 'f32';
  if (v instanceof Int32Array) return 'i32';
  if (v instanceof Int16Array) return 'i16';
  if (v instanceof Uint8Array) return 'u8';
  return undefined;
}

function toBase64(bytes: Uint8Array): string {
  let s = '';
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(s);
}

function fromBase64(b64: string): Uint8Array {
  const s = atob(b64);
  const out = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) out[i] = s.charCodeAt(i);
  return out;
}

/** JSON-ready copy of a stored value: typed arrays become { $typed, base64 }. */
function encode(v: unknown): unknown {
  const tag = typedTag(v);
  if (tag) {
    const t = v as Typed;
    return { $typed: tag, base64: toBase64(new Uint8Array(t.buffer, t.byteOffset, t.byteLength)) };
  }
  if (Array.isArray(v)) return v.map(encode);
  if (v !== null && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, encode(x)]));
  return v;
}

export class ImportError extends Error {
  constructor(
    readonly path: string,
    readonly problem: string,
  ) {
    super(`${path}: ${problem}`);
  }
}

function decode(v: unknown, path: string): unknown {
  if (Array.isArray(v)) return v.map((x, i) => decode(x, `${path}[${i}]`));
  if (v !== null && typeof v === 'object') {
    const o = v as Record<string, unknown>;
    if ('$typed' in o) {
      const make = typeof o.$typed === 'string' ? TYPED[o.$typed] : undefined;
      if (!make) throw new ImportError(path, `unknown typed array '${String(o.$typed)}' (expected ${Object.keys(TYPED).join(', ')})`);
      if (typeof o.base64 !== 'string') throw new ImportError(`${path}.base64`, 'expected base64 text');
      let bytes: Uint8Array;
      try {
        bytes = fromBase64(o.base64);
      } catch {
        throw new ImportError(`${path}.base64`, 'not valid base64');
      }
      const width = (make as unknown as { BYTES_PER_ELEMENT: number }).BYTES_PER_ELEMENT;
      if (bytes.length % width !== 0) throw new ImportError(`${path}.base64`, `${bytes.length} bytes is not a whole number of ${width}-byte elements`);
      return new make(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer);
    }
    return Object.fromEntries(Object.entries(o).map(([k, x]) => [k, decode(x, `${path}.${k}`)]));
  }
  return v;
}

const exportable = (db: MoneyTrailzDb) => db.tables.filter((t) => !SECRET_TABLES.has(t.name));

/** Every table but the secrets, as one JSON text. */
export async function exportUserData(db: MoneyTrailzDb, now = Date.now()): Promise<string> {
  const tables: Record<string, unknown[]> = {};
  await db.transaction('r', exportable(db), async () => {
    for (const t of exportable(db)) tables[t.name] = (await t.toArray()).map(encode);
  });
  return JSON.stringify({ format: EXPORT_FORMAT, version: EXPORT_VERSION, exportedAt: new Date(now).toISOString(), schema: db.verno, tables });
}

/** What an import wrote: rows per table. */
export type ImportSummary = Readonly<Record<string, number>>;

/**
 * Replaces the tables the file holds with its rows, after checking all of it (ImportError names the
 * first problem; then nothing is written). Tables the file does not hold are left as they are.
 */
export async function importUserData(db: MoneyTrailzDb, text: string): Promise<ImportSummary> {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    throw new ImportError('$', `not JSON (${e instanceof Error ? e.message : String(e)})`);
  }
  if (doc === null || typeof doc !== 'object' || Array.isArray(doc)) throw new ImportError('$', 'expected an object');
  const d = doc as Record<string, unknown>;
  if (d.format !== EXPORT_FORMAT) throw new ImportError('format', `expected '${EXPORT_FORMAT}' (a MoneyTrailz export), got ${JSON.stringify(d.format)}`);
  if (d.version !== EXPORT_VERSION) throw new ImportError('version', `this app reads version ${EXPORT_VERSION}, the file is ${JSON.stringify(d.version)}`);
  if (d.tables === null || typeof d.tables !== 'object' || Array.isArray(d.tables)) throw new ImportError('tables', 'expected an object of tables');
  const known = new Map(exportable(db).map((t) => [t.name, t] as const));
  const rows = new Map<Table, unknown[]>();
  for (const [name, list] of Object.entries(d.tables as Record<string, unknown>)) {
    if (SECRET_TABLES.has(name)) throw new ImportError(`tables.${name}`, 'is never imported (secrets stay on their device)');
    const table = known.get(name);
    if (!table) throw new ImportError(`tables.${name}`, `unknown table (this app has ${[...known.keys()].join(', ')})`);
    if (!Array.isArray(list)) throw new ImportError(`tables.${name}`, 'expected a list of rows');
    const keyPath = table.schema.primKey.keyPath;
    rows.set(
      table,
      list.map((r, i) => {
        const path = `tables.${name}[${i}]`;
        if (r === null || typeof r !== 'object' || Array.isArray(r)) throw new ImportError(path, 'expected an object');
        if (typeof keyPath === 'string' && (r as Record<string, unknown>)[keyPath] === undefined) throw new ImportError(`${path}.${keyPath}`, 'missing (the row\'s key)');
        return decode(r, path);
      }),
    );
  }
  const summary: Record<string, number> = {};
  await db.transaction('rw', [...rows.keys()], async () => {
    for (const [table, list] of rows) {
      await table.clear();
      await table.bulkPut(list);
      summary[table.name] = list.length;
    }
  });
  return summary;
}
