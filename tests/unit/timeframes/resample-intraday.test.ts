import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { readBarsCsv } from '../../../shared/data/read-bars-csv.ts';
import { resample } from '../../../shared/timeframes/index.ts';
import type { BarSeries, Timeframe } from '../../../shared/data/bar-series.ts';

const TEXT = readFileSync(new URL('../../../data/samples/SPY_1m.csv', import.meta.url), 'utf8');
const M1 = readBarsCsv(TEXT, 'SPY_1m.csv', { symbol: 'SPY' });

interface Expected {
  time: number;
  end: number;
  open: number;
  high: number;
  low: number;
  close: number;
  volume: number;
  session: string;
  startLocal: string;
}

/** Rows of the CSV as plain objects, read with split/Date.parse (independent of the reader). */
const ROWS = TEXT.trimEnd().split('\n').slice(1).map((line) => {
  const [date, o, h, l, c, v] = line.split(',');
  return {
    day: date.slice(0, 10),
    minute: Number(date.slice(11, 13)) * 60 + Number(date.slice(14, 16)), // local minutes since midnight
    offset: date.slice(19),
    t: Date.parse(date),
    open: Number(o), high: Number(h), low: Number(l), close: Number(c), volume: Number(v),
  };
});

const hhmm = (minute: number) => `${String(Math.floor(minute / 60)).padStart(2, '0')}:${String(minute % 60).padStart(2, '0')}`;

/** Groups rows by session day and (minutes since the session's first bar) / `minutes`. */
function expectedBars(minutes: number | 'day'): Expected[] {
  const groups = new Map<string, Expected>();
  const firstMinute = new Map<string, number>();
  for (const r of ROWS) {
    if (!firstMinute.has(r.day)) firstMinute.set(r.day, r.minute);
    const first = firstMinute.get(r.day)!;
    const k = minutes === 'day' ? 0 : Math.floor((r.minute - first) / minutes);
    const key = `${r.day}|${k}`;
    const g = groups.get(key);
    if (!g) {
      const startMinute = first + k * (minutes === 'day' ? 0 : minutes);
      const start = minutes === 'day' ? Date.parse(`${r.day}T00:00:00Z`) : Date.parse(`${r.day}T${hhmm(startMinute)}:00${r.offset}`);
      groups.set(key, {
        time: start, end: r.t + 60_000, open: r.open, high: r.high, low: r.low, close: r.close, volume: r.volume,
        session: r.day, startLocal: hhmm(startMinute),
      });
    } else {
      g.high = Math.max(g.high, r.high);
      g.low = Math.min(g.low, r.low);
      g.close = r.close;
      g.volume += r.volume;
      g.end = r.t + 60_000;
    }
  }
  const out = [...groups.values()];
  if (minutes !== 'day') for (const g of out) g.end = Math.min(g.end, g.time + minutes * 60_000);
  return out;
}

function expectMatches(s: BarSeries, want: Expected[], daily: boolean): void {
  expect(s.length).toBe(want.length);
  want.forEach((w, i) => {
    const got = { time: s.time[i], end: s.end[i], open: s.open[i], high: s.high[i], low: s.low[i], close: s.close[i], volume: s.volume[i] };
    const exp = { time: w.time, end: w.end, open: w.open, high: w.high, low: w.low, close: w.close, volume: w.volume };
    if (JSON.stringify(got) !== JSON.stringify(exp)) throw new Error(`bar ${i} (${w.session} ${w.startLocal}): ${JSON.stringify(got)} != ${JSON.stringify(exp)}`);
    if (!daily && s.session![i] !== Number(w.session.replaceAll('-', ''))) throw new Error(`bar ${i}: session ${s.session![i]}`);
  });
}

describe('resample SPY_1m (intraday)', () => {
  it('to 1d: 63 bars at UTC midnight of the session date, end = the last minute bar end', () => {
    const d = resample(M1, '1d');
    expect(d.timeframe).toBe('1d');
    expect(d.symbol).toBe('SPY');
    expect(d.length).toBe(63);
    expect(d.session).toBeUndefined();
    expect(d.utcOffsetMin).toBeUndefined();
    expectMatches(d, expectedBars('day'), true);
    expect(new Date(d.time[0]).toISOString()).toBe('2024-02-20T00:00:00.000Z');
    expect(new Date(d.end[0]).toISOString()).toBe('2024-02-20T21:00:00.000Z'); // 16:00 EST
    expect(new Date(d.end[62]).toISOString()).toBe('2024-05-17T20:00:00.000Z'); // 16:00 EDT
  });

  const cases: Array<[Timeframe, number, number]> = [['1h', 60, 7], ['15m', 15, 26], ['5m', 5, 78]];
  for (const [tf, minutes, perSession] of cases) {
    it(`to ${tf}: 63 x ${perSession} bars equal an independent grouping by minutes since the session open`, () => {
      const s = resample(M1, tf);
      expect(s.timeframe).toBe(tf);
      expect(s.length).toBe(63 * perSession);
      expectMatches(s, expectedBars(minutes), false);
      expect(s.utcOffsetMin).toBeInstanceOf(Int16Array);
      expect(s.session).toBeInstanceOf(Int32Array);
    });
  }

  it('1h bars start 09:30, 10:30 ... 15:30 local; the last covers 15:30-16:00', () => {
    const h = resample(M1, '1h');
    const want = ['09:30', '10:30', '11:30', '12:30', '13:30', '14:30', '15:30'];
    for (let i = 0; i < h.length; i++) {
      const local = new Date(h.time[i] + h.utcOffsetMin![i] * 60_000).toISOString().slice(11, 16);
      if (local !== want[i % 7]) throw new Error(`bar ${i} starts ${local}`);
      const minutes = (h.end[i] - h.time[i]) / 60_000;
      if (minutes !== (i % 7 === 6 ? 30 : 60)) throw new Error(`bar ${i} lasts ${minutes} min`);
    }
    // Around the DST change: 09:30 EST = 14:30Z, 09:30 EDT = 13:30Z.
    const s0308 = h.session!.indexOf(20240308);
    expect(new Date(h.time[s0308]).toISOString()).toBe('2024-03-08T14:30:00.000Z');
    expect(new Date(h.time[s0308 + 7]).toISOString()).toBe('2024-03-11T13:30:00.000Z');
    expect(h.utcOffsetMin![s0308 + 7]).toBe(-240);
  });

  it('chained resampling gives the same bars as direct resampling', () => {
    const direct = resample(M1, '1h');
    for (const via of [resample(resample(M1, '5m'), '1h'), resample(resample(resample(M1, '5m'), '15m'), '1h')]) {
      for (const k of ['time', 'end', 'open', 'high', 'low', 'close', 'volume', 'session', 'utcOffsetMin'] as const) {
        expect(via[k], k).toEqual(direct[k]);
      }
    }
    const daily = resample(M1, '1d');
    expect(resample(resample(M1, '15m'), '1d')).toEqual(daily);
  });

  it('buckets are anchored at each session\'s first bar, even when it is not 09:30', () => {
    // Drop the first session's 09:30-09:44 bars: its 15m buckets then start 09:45, 10:00, ...
    const lines = TEXT.trimEnd().split('\n');
    const text = [lines[0], ...lines.slice(16)].join('\n');
    const s = resample(readBarsCsv(text, 'x.csv'), '15m');
    const local = (i: number) => new Date(s.time[i] + s.utcOffsetMin![i] * 60_000).toISOString().slice(11, 16);
    expect([local(0), local(1), local(24)]).toEqual(['09:45', '10:00', '15:45']);
    expect(local(25)).toBe('09:30'); // the next session is anchored at its own first bar
    // 1h buckets of that session: 09:45, 10:45, ..., 15:45 (the last one a single quarter-hour).
    const h = resample(readBarsCsv(text, 'x.csv'), '1h');
    expect(h.end[6] - h.time[6]).toBe(15 * 60_000);
  });

  it('an intraday bar ends when its last constituent ends (never earlier, so no look-ahead off the grid)', () => {
    // 5m bars at 09:30, 09:37, 09:42 and 09:47 (off the 5-minute grid): the 15m bucket 09:30-09:45 holds all
    // three; its last constituent (09:42) ends at 09:47, after the nominal end 09:45, and that is when it closes.
    const csv = [
      'date,open,high,low,close,volume',
      '2024-02-20T09:30:00-05:00,10,12,9,11,1',
      '2024-02-20T09:37:00-05:00,11,13,10,12,2',
      '2024-02-20T09:42:00-05:00,12,14,11,13,3',
      '2024-02-20T09:47:00-05:00,13,15,12,14,4',
    ].join('\n');
    const s = resample(readBarsCsv(csv, 'x.csv'), '15m');
    expect(s.length).toBe(2);
    expect(new Date(s.end[0]).toISOString()).toBe('2024-02-20T14:47:00.000Z');
    expect(new Date(s.time[1]).toISOString()).toBe('2024-02-20T14:45:00.000Z'); // nominal start 09:45
    expect(new Date(s.end[1]).toISOString()).toBe('2024-02-20T14:52:00.000Z'); // the 09:47 bar's own end
    expect([s.open[0], s.high[0], s.low[0], s.close[0], s.volume[0]]).toEqual([10, 14, 9, 13, 6]);
  });

  it('buckets never span two sessions', () => {
    const h = resample(M1, '1h');
    for (let i = 0; i < h.length; i++) {
      const firstMinute = M1.time.indexOf(h.time[i]);
      const lastMinute = M1.time.indexOf(h.end[i] - 60_000);
      expect(M1.session![firstMinute]).toBe(h.session![i]);
      expect(M1.session![lastMinute]).toBe(h.session![i]);
    }
  });

  it('the same timeframe gives an equal copy with fresh arrays', () => {
    const copy = resample(M1, '1m');
    const { time, end, open, high, low, close, volume, session, utcOffsetMin, ...rest } = copy;
    expect(rest).toEqual({ symbol: 'SPY', timeframe: '1m', length: 24_570 });
    const same = (a: ArrayLike<number>, b: ArrayLike<number>) => a.length === b.length && Array.prototype.every.call(a, (x: number, i: number) => Object.is(x, b[i]));
    for (const [a, b] of [[time, M1.time], [end, M1.end], [open, M1.open], [high, M1.high], [low, M1.low], [close, M1.close],
      [volume, M1.volume], [session!, M1.session!], [utcOffsetMin!, M1.utcOffsetMin!]] as const) {
      expect(same(a, b)).toBe(true);
      expect(a.constructor).toBe(b.constructor);
    }
    expect(copy.time).not.toBe(M1.time);
    expect(copy.session).not.toBe(M1.session);
    copy.close[0] = -1;
    expect(M1.close[0]).not.toBe(-1);
  });

  it('intraday to 1w / 1mo goes through daily', () => {
    const daily = resample(M1, '1d');
    expect(resample(M1, '1w')).toEqual(resample(daily, '1w'));
    expect(resample(M1, '1mo')).toEqual(resample(daily, '1mo'));
    expect(resample(M1, '1mo').length).toBe(4); // Feb, Mar, Apr, May 2024
  });

  it('refuses finer or meaningless targets, naming both timeframes', () => {
    const h = resample(M1, '1h');
    const d = resample(M1, '1d');
    const w = resample(d, '1w');
    const mo = resample(d, '1mo');
    expect(() => resample(h, '5m')).toThrow(/'5m' is finer than the series' 1h bars/);
    expect(() => resample(resample(M1, '15m'), '1m')).toThrow(/'1m' is finer than the series' 15m bars/);
    expect(() => resample(d, '1h')).toThrow(/'1h' is finer than the series' 1d bars/);
    expect(() => resample(w, '1d')).toThrow(/'1d' is finer than the series' 1w bars/);
    expect(() => resample(mo, '1w')).toThrow(/'1w' is finer than the series' 1mo bars/);
    expect(() => resample(w, '1mo')).toThrow(/'1mo' cannot be built from the series' 1w bars/);
    const { session: _s, ...noSession } = M1;
    expect(() => resample(noSession, '1h')).toThrow(/1m bars have no session column/);
  });
});
