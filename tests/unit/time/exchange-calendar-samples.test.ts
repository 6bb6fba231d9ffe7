// The calendar against real exchange data: the daily sample files (two vendors, 1993–2020) trade
// on exactly the XNYS sessions of their date range (their gaps are the real closures), and the
// 1-minute SPY file's sessions are full XNYS sessions, bar for bar from the open to the close.
import { describe, expect, it } from 'vitest';
import { readFileSync, readdirSync } from 'node:fs';
import { MS_PER_DAY, yyyymmddFromDays } from '../../../shared/data/iso-time.ts';
import { readBarsCsv } from '../../../shared/data/read-bars-csv.ts';
import { exchangeCalendar } from '../../../shared/time/exchange-calendar.ts';

const DIR = new URL('../../../data/samples/', import.meta.url);
const xnys = exchangeCalendar('XNYS');
const read = (name: string) => readBarsCsv(readFileSync(new URL(name, DIR), 'utf8'), name);
const dailyFiles = readdirSync(DIR).filter((f) => f.endsWith('_1d.csv')).sort();

describe('daily sample files', () => {
  it('there are five of them', () => {
    expect(dailyFiles).toEqual(['AAPL_1d.csv', 'GOOG_1d.csv', 'QQQ_1d.csv', 'SPY_1d.csv', 'TLT_1d.csv']);
  });

  it.each(dailyFiles)('%s: every bar is on an XNYS session and every XNYS session in its range has a bar', (name) => {
    const bars = read(name);
    const dates = Array.from(bars.time, (t) => yyyymmddFromDays(Math.floor(t / MS_PER_DAY)));
    const notSessions = dates.filter((d) => !xnys.isSession(d));
    expect(notSessions).toEqual([]);
    const have = new Set(dates);
    const missing = xnys.sessions(dates[0], dates.at(-1)!).filter((s) => !have.has(s.date)).map((s) => s.date);
    expect(missing).toEqual([]);
  });

  it('SPY’s gaps include the unscheduled closures of its years', () => {
    const have = new Set(Array.from(read('SPY_1d.csv').time, (t) => yyyymmddFromDays(Math.floor(t / MS_PER_DAY))));
    for (const d of [19940427, 20010911, 20010914, 20040611, 20070102, 20121029, 20121030]) {
      if (d <= 20150304) expect(have.has(d), String(d)).toBe(false);
    }
    expect(have.has(19940426)).toBe(true);
    expect(have.has(19940428)).toBe(true);
  });
});

describe('SPY 1-minute sample', () => {
  it('each of its 63 sessions is a full XNYS session: bars from the open to one minute before the close', () => {
    const bars = read('SPY_1m.csv');
    const bySession = new Map<number, number[]>();
    for (let i = 0; i < bars.length; i++) {
      const list = bySession.get(bars.session![i]) ?? [];
      list.push(bars.time[i]);
      bySession.set(bars.session![i], list);
    }
    expect(bySession.size).toBe(63);
    const sessions = xnys.sessions(20240220, 20240517);
    expect(sessions.map((s) => s.date)).toEqual([...bySession.keys()]);
    for (const s of sessions) {
      const times = bySession.get(s.date)!;
      expect(s.earlyClose).toBe(false);
      expect(times[0]).toBe(s.open);
      expect(times.at(-1)).toBe(s.close - 60_000);
      expect(times.length).toBe((s.close - s.open) / 60_000);
    }
  });
});
