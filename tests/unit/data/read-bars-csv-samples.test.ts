import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { readBarsCsv } from '../../../shared/data/read-bars-csv.ts';
import { formatIsoDate } from '../../../shared/data/iso-time.ts';
import type { BarSeries } from '../../../shared/data/bar-series.ts';

const sample = (name: string) => readFileSync(new URL(`../../../data/samples/${name}`, import.meta.url), 'utf8');

/** The README's provenance table: file -> rows, first, last. */
function readmeTable(): Map<string, { rows: number; first: string; last: string }> {
  const table = new Map<string, { rows: number; first: string; last: string }>();
  for (const line of sample('README.md').split('\n')) {
    const m = /^\| `([A-Z]+_1[dm]\.csv)` \| ([\d,]+) \| (\S+) \| (\S+) \|/.exec(line);
    if (m) table.set(m[1], { rows: Number(m[2].replaceAll(',', '')), first: m[3], last: m[4] });
  }
  return table;
}

/** A bar's start as the README prints it: a date, or local `YYYY-MM-DDTHH:MM±HH:MM`. */
function printed(s: BarSeries, i: number): string {
  if (!s.utcOffsetMin) return formatIsoDate(s.time[i]);
  const off = s.utcOffsetMin[i];
  const local = new Date(s.time[i] + off * 60_000).toISOString().slice(0, 16);
  const a = Math.abs(off);
  return `${local}${off < 0 ? '-' : '+'}${String(Math.floor(a / 60)).padStart(2, '0')}:${String(a % 60).padStart(2, '0')}`;
}

const FILES = ['SPY_1d.csv', 'QQQ_1d.csv', 'TLT_1d.csv', 'AAPL_1d.csv', 'SPY_1m.csv', 'GOOG_1d.csv'];

describe('readBarsCsv on the real sample files', () => {
  const table = readmeTable();

  it('the README table lists all six files', () => {
    expect([...table.keys()].sort()).toEqual([...FILES].sort());
  });

  for (const file of FILES) {
    it(`${file}: row count and first/last dates equal the README table`, () => {
      const s = readBarsCsv(sample(file), file);
      const want = table.get(file)!;
      expect(s.length).toBe(want.rows);
      expect(printed(s, 0)).toBe(want.first);
      expect(printed(s, s.length - 1)).toBe(want.last);
      expect(s.timeframe).toBe(file.endsWith('_1m.csv') ? '1m' : '1d');
      expect(s.symbol).toBe('');
    });

    it(`${file}: every value and time equals an independent line-by-line reading`, () => {
      const s = readBarsCsv(sample(file), file, { symbol: file.split('_')[0] });
      expect(s.symbol).toBe(file.split('_')[0]);
      const lines = sample(file).trimEnd().split('\n').slice(1);
      expect(lines.length).toBe(s.length);
      const barMs = s.timeframe === '1m' ? 60_000 : 86_400_000;
      for (const arr of [s.time, s.end, s.open, s.high, s.low, s.close, s.volume]) {
        expect(arr).toBeInstanceOf(Float64Array);
        expect(arr.length).toBe(s.length);
      }
      lines.forEach((line, i) => {
        const [date, o, h, l, c, v] = line.split(',');
        const t = date.length === 10 ? Date.parse(`${date}T00:00:00Z`) : Date.parse(date);
        const ok =
          s.time[i] === t && s.end[i] === t + barMs && s.open[i] === Number(o) && s.high[i] === Number(h) &&
          s.low[i] === Number(l) && s.close[i] === Number(c) && s.volume[i] === Number(v);
        if (!ok) throw new Error(`${file} line ${i + 2} differs: ${line}`);
      });
    });
  }

  it('daily files have no session or offset columns', () => {
    const s = readBarsCsv(sample('SPY_1d.csv'), 'SPY_1d.csv');
    expect(s.session).toBeUndefined();
    expect(s.utcOffsetMin).toBeUndefined();
  });

  it('SPY_1m: 63 sessions x 390 one-minute bars, 09:30-15:59 local, yyyymmdd sessions', () => {
    const s = readBarsCsv(sample('SPY_1m.csv'), 'SPY_1m.csv');
    expect(s.timeframe).toBe('1m');
    expect(s.session).toBeInstanceOf(Int32Array);
    expect(s.utcOffsetMin).toBeInstanceOf(Int16Array);
    const lines = sample('SPY_1m.csv').trimEnd().split('\n').slice(1);
    const bySession = new Map<number, number[]>();
    for (let i = 0; i < s.length; i++) {
      // The session is the local date as written in the file.
      if (s.session![i] !== Number(lines[i].slice(0, 10).replaceAll('-', ''))) throw new Error(`line ${i + 2}: session ${s.session![i]}`);
      const list = bySession.get(s.session![i]) ?? [];
      list.push(i);
      bySession.set(s.session![i], list);
    }
    expect(bySession.size).toBe(63);
    for (const [session, rows] of bySession) {
      expect(rows.length, String(session)).toBe(390);
      expect(printed(s, rows[0]).slice(11, 16)).toBe('09:30');
      expect(printed(s, rows[389]).slice(11, 16)).toBe('15:59');
    }
    expect(s.session![0]).toBe(20240220);
    expect(s.session![s.length - 1]).toBe(20240517);
  });

  it('SPY_1m: the UTC offset switches from -300 to -240 at the 2024-03-10 DST change', () => {
    const s = readBarsCsv(sample('SPY_1m.csv'), 'SPY_1m.csv');
    let switches = 0;
    for (let i = 0; i < s.length; i++) {
      const want = s.session![i] < 20240310 ? -300 : -240;
      if (s.utcOffsetMin![i] !== want) throw new Error(`bar ${i}: offset ${s.utcOffsetMin![i]}`);
      if (i > 0 && s.utcOffsetMin![i] !== s.utcOffsetMin![i - 1]) {
        switches++;
        expect(s.session![i - 1]).toBe(20240308);
        expect(s.session![i]).toBe(20240311);
      }
    }
    expect(switches).toBe(1);
    // 09:30 local is 14:30Z before the change and 13:30Z after it.
    const first0311 = s.session!.indexOf(20240311);
    expect(new Date(s.time[first0311]).toISOString()).toBe('2024-03-11T13:30:00.000Z');
    expect(new Date(s.time[first0311 - 390]).toISOString()).toBe('2024-03-08T14:30:00.000Z');
  });
});
