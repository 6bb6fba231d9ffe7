// A stored result's content id: SHA-256 of the engine version, the canonical configuration and the
// data's hash, so the same run on the same bars with the same engine finds its stored result.
import type { BarSeries } from '../../shared/data/bar-series.ts';
import { ENGINE_VERSION } from '../../shared/engine/engine-version.ts';

/** JSON with every object's keys sorted: equal configurations give equal text. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
    return `{${entries
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`)
      .join(',')}}`;
  }
  return JSON.stringify(value);
}

const hex = (buf: ArrayBuffer) => Array.from(new Uint8Array(buf), (b) => b.toString(16).padStart(2, '0')).join('');

/** SHA-256 (hex) of the parts' bytes, one after the other. */
async function sha256(parts: readonly ArrayBufferView[]): Promise<string> {
  const all = new Uint8Array(parts.reduce((n, p) => n + p.byteLength, 0));
  let at = 0;
  for (const p of parts) {
    all.set(new Uint8Array(p.buffer, p.byteOffset, p.byteLength), at);
    at += p.byteLength;
  }
  return hex(await crypto.subtle.digest('SHA-256', all));
}

/** The hash of a series: its symbol, timeframe and every column's bytes. */
export function dataHash(bars: BarSeries): Promise<string> {
  const head = new TextEncoder().encode(`${bars.symbol}|${bars.timeframe}|${bars.length}`);
  const cols = [bars.time, bars.end, bars.open, bars.high, bars.low, bars.close, bars.volume, ...(bars.session ? [bars.session] : []), ...(bars.utcOffsetMin ? [bars.utcOffsetMin] : [])];
  return sha256([head, ...cols]);
}

/** The content id of running `config` on `bars` (by symbol) with this engine. */
export async function resultId(config: unknown, bars: Readonly<Record<string, BarSeries>>): Promise<string> {
  const data = await Promise.all(Object.keys(bars).sort().map(async (s) => `${s}:${await dataHash(bars[s])}`));
  return sha256([new TextEncoder().encode(`${ENGINE_VERSION}\n${canonicalJson(config)}\n${data.join('\n')}`)]);
}
