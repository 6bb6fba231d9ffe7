import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { readBarsCsv } from '../../../shared/data/read-bars-csv.ts';
import { alignIndex, alignToLower, resample } from '../../../shared/timeframes/index.ts';
import { formatIsoDate } from '../../../shared/data/iso-time.ts';
import type { BarSeries } from '../../../shared/data/bar-series.ts';

const text = (name: string) => readFileSync(new URL(`../../../data/samples/${name}`, import.meta.url), 'utf8');
const M1 = readBarsCsv(text('SPY_1m.csv'), 'SPY_1m.csv');
const D1 = readBarsCsv(text('SPY_1d.csv'), 'SPY_1d.csv');

/** Local HH:MM of an intraday bar. */
const localTime = (s: BarSeries, i: number) => new Date(s.time[i] + s.utcOffsetMin![i] * 60_000).toISOString().slice(11, 16);

describe('alignIndex (no look-ahead)', () => {
  it('1h onto 1m: an hourly bar is visible only from the first minute after it closes', () => {
    const h = resample(M1, '1h');
    const idx = alignIndex(h, M1);
    expect(idx).toBeInstanceOf(Int32Array);
    expect(idx.length).toBe(M1.length);
    for (let j = 0; j < 390; j++) {
      const t = localTime(M1, j);
      // 09:30-10:29 -> -1; 10:30-11:29 -> the 09:30 bar (0); ...; 15:30-15:59 -> the 14:30 bar (5).
      const want = t < '10:30' ? -1 : t < '11:30' ? 0 : Math.floor((j - 60) / 60);
      if (idx[j] !== want) throw new Error(`${t}: ${idx[j]} != ${want}`);
    }
    expect(idx[59]).toBe(-1); // 10:29 starts before the 09:30 bar closes at 10:30
    expect(localTime(h, idx[60])).toBe('09:30');
    expect(localTime(h, idx[119])).toBe('09:30');
    expect(localTime(h, idx[120])).toBe('10:30');
    // The next session's first minute sees the previous session's last (15:30) hourly bar.
    expect(idx[390]).toBe(6);
    expect(localTime(h, 6)).toBe('15:30');
  });

  it('daily (from 1m) onto 1m: the first session sees nothing, the second sees day 0', () => {
    const d = resample(M1, '1d');
    const idx = alignIndex(d, M1);
    for (let j = 0; j < M1.length; j++) {
      const want = Math.floor(j / 390) - 1;
      if (idx[j] !== want) throw new Error(`minute ${j}: ${idx[j]} != ${want}`);
    }
  });

  it('weekly onto daily: a Friday sees the previous week, the next Monday the week just ended', () => {
    const w = resample(D1, '1w');
    const idx = alignIndex(w, D1);
    const day = (date: string) => Array.from(D1.time, (t) => formatIsoDate(t)).indexOf(date);
    const fri = day('2015-02-27');
    const mon = day('2015-03-02');
    expect(formatIsoDate(w.time[idx[fri]])).toBe('2015-02-17'); // the week of 2015-02-16 (holiday Monday)
    expect(formatIsoDate(w.time[idx[mon]])).toBe('2015-02-23'); // the week just ended
    expect(idx[mon]).toBe(idx[fri] + 1);
    // The first week of the file is invisible during itself.
    const firstWeekEnd = w.end[0];
    for (let j = 0; D1.time[j] < firstWeekEnd; j++) expect(idx[j]).toBe(-1);
  });

  it('property: every lower bar sees exactly the newest higher bar that has closed', () => {
    const d = resample(M1, '1d');
    const pairs: Array<[string, BarSeries, BarSeries]> = [
      ['1h/1m', resample(M1, '1h'), M1],
      ['15m/1m', resample(M1, '15m'), M1],
      ['15m/5m', resample(M1, '15m'), resample(M1, '5m')],
      ['1d/1m', d, M1],
      ['1d/1h', d, resample(M1, '1h')],
      ['1w/1m', resample(M1, '1w'), M1],
      ['1w/1d', resample(D1, '1w'), D1],
      ['1mo/1d', resample(D1, '1mo'), D1],
      ['1mo/1w', resample(D1, '1mo'), resample(D1, '1w')],
      ['1d/1d', D1, D1],
    ];
    for (const [name, higher, lower] of pairs) {
      const idx = alignIndex(higher, lower);
      let seen = 0;
      for (let j = 0; j < lower.length; j++) {
        const h = idx[j];
        const t = lower.time[j];
        const ok = h === -1
          ? higher.length === 0 || higher.end[0] > t
          : higher.end[h] <= t && (h + 1 === higher.length || higher.end[h + 1] > t);
        if (!ok) throw new Error(`${name}: lower bar ${j} -> ${h}`);
        if (h >= 0) seen++;
      }
      expect(seen, name).toBeGreaterThan(0);
    }
  });

  it('works with empty series', () => {
    const empty = { ...D1, length: 0, time: new Float64Array(0), end: new Float64Array(0) };
    expect(alignIndex(empty, D1).every((h) => h === -1)).toBe(true);
    expect(alignIndex(D1, empty).length).toBe(0);
  });
});

describe('alignToLower', () => {
  it('projects higher-timeframe values with NaN before the first completed bar', () => {
    const h = resample(M1, '1h');
    const values = Float64Array.from(h.close);
    const out = alignToLower(h, values, M1);
    const idx = alignIndex(h, M1);
    expect(out.length).toBe(M1.length);
    for (let j = 0; j < M1.length; j++) {
      const want = idx[j] < 0 ? NaN : values[idx[j]];
      if (!Object.is(out[j], want)) throw new Error(`bar ${j}`);
    }
    expect(out[59]).toBeNaN();
    // From 10:30 the 09:30-10:29 hourly close (= the 10:29 minute's close) is visible.
    expect(out[60]).toBe(M1.close[59]);
  });

  it('rejects values of the wrong length', () => {
    const h = resample(M1, '1h');
    expect(() => alignToLower(h, new Float64Array(3), M1)).toThrow(/alignToLower: parameter 'values' has 3 entries \(expected one per higher bar: 441\)/);
  });
});
