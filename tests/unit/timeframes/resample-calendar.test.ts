import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { readBarsCsv } from '../../../shared/data/read-bars-csv.ts';
import { resample } from '../../../shared/timeframes/index.ts';
import { formatIsoDate } from '../../../shared/data/iso-time.ts';

const DAY = 86_400_000;
const text = (name: string) => readFileSync(new URL(`../../../data/samples/${name}`, import.meta.url), 'utf8');

/** ISO year-week of a `YYYY-MM-DD` date, computed with Date (the usual nearest-Thursday rule). */
function isoWeek(day: string): string {
  const d = new Date(`${day}T00:00:00Z`);
  const weekday = d.getUTCDay() || 7;
  d.setUTCDate(d.getUTCDate() + 4 - weekday);
  const week = Math.ceil(((d.getTime() - Date.UTC(d.getUTCFullYear(), 0, 1)) / DAY + 1) / 7);
  return `${d.getUTCFullYear()}-W${String(week).padStart(2, '0')}`;
}

interface Group { first: string; last: string; open: number; high: number; low: number; close: number; volume: number; }

/** Groups the CSV rows by `keyOf(date)` with plain objects. */
function groupRows(csv: string, keyOf: (day: string) => string): Map<string, Group> {
  const groups = new Map<string, Group>();
  for (const line of csv.trimEnd().split('\n').slice(1)) {
    const [day, o, h, l, c, v] = line.split(',');
    const key = keyOf(day);
    const g = groups.get(key);
    if (!g) groups.set(key, { first: day, last: day, open: +o, high: +h, low: +l, close: +c, volume: +v });
    else Object.assign(g, { last: day, high: Math.max(g.high, +h), low: Math.min(g.low, +l), close: +c, volume: g.volume + +v });
  }
  return groups;
}

for (const file of ['SPY_1d.csv', 'GOOG_1d.csv']) {
  describe(`resample ${file} to weeks and months`, () => {
    const csv = text(file);
    const daily = readBarsCsv(csv, file);

    for (const [tf, keyOf] of [['1w', isoWeek], ['1mo', (d: string) => d.slice(0, 7)]] as const) {
      it(`${tf} equals an independent grouping of the rows`, () => {
        const want = [...groupRows(csv, keyOf).values()];
        const got = resample(daily, tf);
        expect(got.timeframe).toBe(tf);
        expect(got.length).toBe(want.length);
        want.forEach((w, i) => {
          const g = {
            first: formatIsoDate(got.time[i]), last: formatIsoDate(got.end[i] - DAY),
            open: got.open[i], high: got.high[i], low: got.low[i], close: got.close[i], volume: got.volume[i],
          };
          if (JSON.stringify(g) !== JSON.stringify(w)) throw new Error(`${tf} bar ${i}: ${JSON.stringify(g)} != ${JSON.stringify(w)}`);
        });
        // Bars never overlap and stay in order.
        for (let i = 1; i < got.length; i++) expect(got.time[i] >= got.end[i - 1]).toBe(true);
      });
    }
  });
}

describe('calendar resampling details', () => {
  const goog = readBarsCsv(text('GOOG_1d.csv'), 'GOOG_1d.csv');

  it('ISO weeks across a year boundary: 2004-12-31 is in 2004-W53, 2005-01-03 starts 2005-W01', () => {
    const w = resample(goog, '1w');
    const dates = Array.from(w.time, (t) => formatIsoDate(t));
    const i = dates.indexOf('2004-12-27');
    expect(i).toBeGreaterThan(0);
    expect(formatIsoDate(w.end[i])).toBe('2005-01-01'); // Friday 2004-12-31 + 1 day
    expect(dates[i + 1]).toBe('2005-01-03');
    expect(w.open[i]).toBe(189.15); // 2004-12-27 open
    expect(w.close[i]).toBe(192.79); // 2004-12-31 close
    expect(w.high[i]).toBe(199.88);
    expect(w.low[i]).toBe(189.1);
    expect(w.volume[i]).toBe(6104100 + 4145800 + 2678100 + 5904300 + 7668500);
  });

  it('a week after a holiday Monday starts on its first trading day', () => {
    const spy = readBarsCsv(text('SPY_1d.csv'), 'SPY_1d.csv');
    const w = resample(spy, '1w');
    const dates = Array.from(w.time, (t) => formatIsoDate(t));
    // 2015-02-16 was Presidents' Day: the week starts on Tuesday 2015-02-17.
    expect(dates).toContain('2015-02-17');
    expect(dates).not.toContain('2015-02-16');
    expect(dates.at(-1)).toBe('2015-03-02');
    expect(formatIsoDate(w.end[w.length - 1])).toBe('2015-03-05'); // last bar (Wed 2015-03-04) + 1 day
  });

  it('months: one bar per calendar month from the first to the last month of the file', () => {
    const m = resample(goog, '1mo');
    expect(formatIsoDate(m.time[0])).toBe('2004-08-19');
    expect(formatIsoDate(m.time[1])).toBe('2004-09-01');
    expect(m.length).toBe((2013 - 2004) * 12 + (3 - 8) + 1); // 2004-08 .. 2013-03
    expect(formatIsoDate(m.end[m.length - 1])).toBe('2013-03-02');
  });

  it('the same timeframe is a copy; 1d -> 1w -> nothing finer', () => {
    const w = resample(goog, '1w');
    expect(resample(w, '1w')).toEqual(w);
    expect(resample(w, '1w').close).not.toBe(w.close);
    expect(() => resample(w, '1d')).toThrow(/'1d'.*1w/);
  });
});
