import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { readBarsCsv } from '../../../shared/data/read-bars-csv.ts';
import type { BarSeries } from '../../../shared/data/bar-series.ts';

const sample = (name: string) => readFileSync(new URL(`../../../data/samples/${name}`, import.meta.url), 'utf8');
const DAILY = sample('SPY_1d.csv');
const MINUTE = sample('SPY_1m.csv');

function expectSameSeries(a: BarSeries, b: BarSeries): void {
  expect(a.length).toBe(b.length);
  expect(a.timeframe).toBe(b.timeframe);
  const bytes = (x: ArrayBufferView) => Buffer.from(x.buffer, x.byteOffset, x.byteLength);
  for (const k of ['time', 'end', 'open', 'high', 'low', 'close', 'volume', 'session', 'utcOffsetMin'] as const) {
    const x = a[k];
    const y = b[k];
    if (x === undefined || y === undefined) expect(x, k).toBe(y);
    else expect(x.constructor === y.constructor && bytes(x).equals(bytes(y)), k).toBe(true);
  }
}

/** The sample rows re-laid out under another header: `order` lists source column indexes (or a constant). */
function relayout(text: string, header: string, order: Array<number | string>): string {
  const lines = text.trimEnd().split('\n');
  const rows = lines.slice(1).map((l) => {
    const f = l.split(',');
    return order.map((o) => (typeof o === 'number' ? f[o] : o)).join(',');
  });
  return [header, ...rows].join('\n') + '\n';
}

describe('readBarsCsv accepts format variations', () => {
  const plainDaily = readBarsCsv(DAILY, 'SPY_1d.csv');
  const plainMinute = readBarsCsv(MINUTE, 'SPY_1m.csv');

  it('a UTF-8 BOM and CRLF line endings', () => {
    expectSameSeries(readBarsCsv('\ufeff' + DAILY.replaceAll('\n', '\r\n'), 'x.csv'), plainDaily);
    expectSameSeries(readBarsCsv('\ufeff' + MINUTE.replaceAll('\n', '\r\n'), 'x.csv'), plainMinute);
  });

  it('columns in any order and case, with unknown extra columns ignored', () => {
    const text = relayout(MINUTE, 'VWAP,Volume,CLOSE,low,High,transactions,Open,Date', ['1.5', 5, 4, 3, 2, '', 1, 0]);
    expectSameSeries(readBarsCsv(text, 'x.csv'), plainMinute);
    const spaced = relayout(DAILY, ' Date , Open ,High,Low,Close,Volume', [0, 1, 2, 3, 4, 5]);
    expectSameSeries(readBarsCsv(spaced, 'x.csv'), plainDaily);
  });

  it('trailing blank lines, or no final newline', () => {
    expectSameSeries(readBarsCsv(DAILY + '\n\n  \n\r\n', 'x.csv'), plainDaily);
    expectSameSeries(readBarsCsv(DAILY.trimEnd(), 'x.csv'), plainDaily);
    const s = readBarsCsv(DAILY + '\n\n', 'x.csv');
    expect(s.time.length).toBe(5564); // arrays are trimmed to the row count
    expect(s.time.buffer.byteLength).toBe(5564 * 8);
  });

  it('Z offsets, optional seconds and fractional seconds', () => {
    const text = [
      'date,open,high,low,close,volume',
      '2024-02-20T14:30Z,1,2,0.5,1.5,10',
      '2024-02-20T14:31:00.000Z,1,2,0.5,1.5,0',
      '2024-02-20T14:32:00.000000Z,1,2,0.5,1.5,1e3',
      '2024-02-20T09:33:00-05:00,1,2,0.5,1.5,.5',
    ].join('\n');
    const s = readBarsCsv(text, 'utc.csv', { symbol: 'X' });
    expect(s.symbol).toBe('X');
    expect(s.timeframe).toBe('1m');
    expect(Array.from(s.time)).toEqual([
      Date.UTC(2024, 1, 20, 14, 30),
      Date.UTC(2024, 1, 20, 14, 31),
      Date.UTC(2024, 1, 20, 14, 32),
      Date.UTC(2024, 1, 20, 14, 33),
    ]);
    expect(Array.from(s.utcOffsetMin!)).toEqual([0, 0, 0, -300]);
    expect(Array.from(s.session!)).toEqual([20240220, 20240220, 20240220, 20240220]);
    expect(Array.from(s.volume)).toEqual([10, 0, 1000, 0.5]);
    // A fraction that makes bars overlap is caught.
    expect(() => readBarsCsv(text.replace('14:32:00.000000Z', '14:32:00.5Z'), 'utc.csv')).toThrow(
      'utc.csv:5: date: bar starts 59.5 seconds after the previous one, inside it (expected 1m bars that do not overlap)',
    );
  });

  it('the session is the local date under the bar\'s own offset', () => {
    const text = [
      'date,open,high,low,close,volume',
      '2024-02-20T23:00:00-05:00,1,1,1,1,1', // 2024-02-21T04:00Z, but local date 2024-02-20
      '2024-02-20T23:01:00-05:00,1,1,1,1,1',
      '2024-02-21T09:00:00+09:00,1,1,1,1,1', // 2024-02-21T00:00Z
      '2024-02-21T09:01:00+09:00,1,1,1,1,1',
    ].join('\n');
    expect(() => readBarsCsv(text, 'tz.csv')).toThrow(/tz\.csv:4: date: time 2024-02-21T09:00:00\+09:00 is before/);
    const ok = readBarsCsv(text.split('\n').slice(0, 3).join('\n'), 'tz.csv');
    expect(Array.from(ok.session!)).toEqual([20240220, 20240220]);
  });

  for (const [step, tf] of [[5, '5m'], [15, '15m'], [60, '1h']] as const) {
    it(`infers ${tf} from the most common within-session gap`, () => {
      const lines = MINUTE.trimEnd().split('\n');
      // Every step-th minute of each 390-minute session (09:30, 09:30+step, ...).
      const rows = lines.slice(1).filter((_, i) => (i % 390) % step === 0);
      const s = readBarsCsv([lines[0], ...rows].join('\n'), 'x.csv');
      expect(s.timeframe).toBe(tf);
      expect(s.length).toBe(63 * Math.ceil(390 / step));
      expect(s.end[0] - s.time[0]).toBe(step * 60_000);
      // A missing bar (a gap of 2 steps) does not change the inference.
      const gappy = readBarsCsv([lines[0], ...rows.filter((_, i) => i !== 3)].join('\n'), 'x.csv');
      expect(gappy.timeframe).toBe(tf);
    });
  }

  it('overnight gaps do not count toward the bar length', () => {
    // Two bars per session, 1h apart: sessions are a day apart, but the bars are 1h.
    const lines = MINUTE.trimEnd().split('\n');
    const rows = lines.slice(1).filter((_, i) => i % 390 === 0 || i % 390 === 60);
    expect(readBarsCsv([lines[0], ...rows].join('\n'), 'x.csv').timeframe).toBe('1h');
  });
});
