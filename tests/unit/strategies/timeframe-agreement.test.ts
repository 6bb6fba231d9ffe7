// Multi-timeframe agreement of the strategy monitor (bridge/strategies/timeframe-agreement.ts) on
// SPY's real daily bars: each timeframe's trend by the signals layer's rule (close vs SMA(20)),
// checked against weeks, months and averages built here by hand; only completed higher bars count (on a
// Wednesday the weekly trend is the week before's, whatever the current week's bars are); too few bars
// say so; a decision's direction agrees or not; the row stays within its cap.
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { BarSeries } from '../../../shared/data/bar-series.ts';
import { readBarsCsv } from '../../../shared/data/read-bars-csv.ts';
import { sliceBars } from '../../../shared/data/slice-bars.ts';
import { ready } from '../../../shared/indicators/index.ts';
import { STRATEGY_AGREEMENT_MAX } from '../../../shared/protocol/index.ts';
import { agreementHistoryBars, agreementTimeframes, barsSoFar, instanceAgreement, noteDecision, symbolAgreement, type LatestDecision } from '../../../bridge/strategies/timeframe-agreement.ts';

const ROOT = resolve(import.meta.dirname, '..', '..', '..');
const SPY = readBarsCsv(readFileSync(join(ROOT, 'data/samples/SPY_1d.csv'), 'utf8'), 'SPY_1d.csv', { symbol: 'SPY' });
const DAY = 86_400_000;
const at = (iso: string) => Date.parse(`${iso}T00:00:00Z`);
/** SPY's bars up to and including the session of `iso`. */
const upTo = (iso: string, s: BarSeries = SPY) => {
  const t = at(iso);
  let n = 0;
  while (n < s.length && s.time[n] <= t) n++;
  expect(s.time[n - 1], `a session on ${iso}`).toBe(t);
  return sliceBars(s, 0, n);
};
const two = (v: number) => v.toFixed(2);
const mean = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
const decision = (side: string, direction: -1 | 0 | 1): LatestDecision => ({ time: at('2012-03-06'), side, direction, held: direction });

/** Completed calendar groups of `bars` (weeks by their Monday, months by year-month), built without the library. */
function groups(bars: BarSeries, key: (t: number) => string): { key: string; first: number; close: number }[] {
  const out: { key: string; first: number; close: number }[] = [];
  for (let i = 0; i < bars.length; i++) {
    const k = key(bars.time[i]);
    if (out.length === 0 || out[out.length - 1].key !== k) out.push({ key: k, first: bars.time[i], close: bars.close[i] });
    else out[out.length - 1].close = bars.close[i];
  }
  return out;
}
const mondayOf = (t: number) => new Date(t - ((new Date(t).getUTCDay() + 6) % 7) * DAY).toISOString().slice(0, 10);
const monthOf = (t: number) => new Date(t).toISOString().slice(0, 7);

beforeAll(async () => {
  await ready();
});

describe('agreementTimeframes', () => {
  it('the configured ones from the primary up; a single one gets the next coarser as context', () => {
    expect(agreementTimeframes(['1d'])).toEqual(['1d', '1w']);
    expect(agreementTimeframes(['1d', '1w'])).toEqual(['1d', '1w']);
    expect(agreementTimeframes(['1d', '1w', '1mo'])).toEqual(['1d', '1w', '1mo']);
    expect(agreementTimeframes(['1w'])).toEqual(['1w', '1mo']);
    expect(agreementTimeframes(['1mo'])).toEqual(['1mo']);
    expect(agreementTimeframes(['1h', '1d'])).toEqual(['1d', '1w']); // finer than the run's daily bars: not shown
    expect(agreementTimeframes(['1w', '1d', '1mo'])).toEqual(['1w', '1mo']); // below the primary: not shown
  });

  it('the history that makes each trend ready at the first session: SMA(20) and one more bar of the coarsest', () => {
    expect(agreementHistoryBars(['1d'])).toBe(21);
    expect(agreementHistoryBars(['1d', '1w'])).toBe(105);
    expect(agreementHistoryBars(['1d', '1w', '1mo'])).toBe(483);
    // Enough indeed: 105 sessions before Monday 2012-03-12 give SPY's weekly trend there.
    const all = upTo('2012-03-12');
    expect(symbolAgreement(sliceBars(all, all.length - 106, all.length), ['1w'])[0].ready).toBe(true);
    const months = upTo('2012-03-01');
    expect(symbolAgreement(sliceBars(months, months.length - 484, months.length), ['1mo'])[0].ready).toBe(true);
  });
});

describe('symbolAgreement on SPY', () => {
  it('on Wednesday 2012-03-07: the day, the last completed week and month, each against a hand-built SMA(20)', () => {
    const bars = upTo('2012-03-07');
    const rows = symbolAgreement(bars, ['1d', '1w', '1mo'], decision('BUY', 1));
    expect(rows.map((r) => [r.symbol, r.timeframe, r.ready])).toEqual([
      ['SPY', '1d', true],
      ['SPY', '1w', true],
      ['SPY', '1mo', true],
    ]);

    const closes = [...bars.close];
    const d = closes[closes.length - 1];
    const dSma = mean(closes.slice(-20));
    expect(rows[0].trend).toBe(Math.sign(d - dSma));
    expect(rows[0].text).toBe(`1d trend ${d > dSma ? 'up' : 'down'}: close ${two(d)} ${d > dSma ? '>' : '<'} SMA(20) ${two(dSma)} (day of 2012-03-07)`);

    // The week of 2012-03-05 is forming: the newest completed week is the one of 2012-02-27.
    const weeks = groups(bars, mondayOf).slice(0, -1);
    expect(weeks[weeks.length - 1].key).toBe('2012-02-27');
    const w = weeks[weeks.length - 1].close;
    const wSma = mean(weeks.slice(-20).map((x) => x.close));
    expect(rows[1].trend).toBe(Math.sign(w - wSma));
    expect(rows[1].text).toBe(`1w trend ${w > wSma ? 'up' : 'down'}: close ${two(w)} ${w > wSma ? '>' : '<'} SMA(20) ${two(wSma)} (week of 2012-02-27)`);

    const months = groups(bars, monthOf).slice(0, -1);
    expect(months[months.length - 1].key).toBe('2012-02');
    const m = months[months.length - 1].close;
    const mSma = mean(months.slice(-20).map((x) => x.close));
    expect(rows[2].trend).toBe(Math.sign(m - mSma));
    expect(rows[2].text).toBe(`1mo trend ${m > mSma ? 'up' : 'down'}: close ${two(m)} ${m > mSma ? '>' : '<'} SMA(20) ${two(mSma)} (month of 2012-02)`);

    // A BUY agrees exactly with the up trends; every row names the decision it compared.
    for (const r of rows) {
      expect(r.agrees).toBe(r.trend === 1);
      expect(r).toMatchObject({ signal: 'BUY', signalTime: at('2012-03-06') });
    }
    const sell = symbolAgreement(bars, ['1d', '1w', '1mo'], decision('SELL', -1));
    expect(sell.map((r) => r.agrees)).toEqual(rows.map((r) => r.trend === -1));
    // No directional decision yet: no verdict, and no decision named.
    for (const r of symbolAgreement(bars, ['1w'])) {
      expect(r.agrees).toBeUndefined();
      expect(r.signal).toBeUndefined();
    }
    // A decision without a direction (a close while flat) is named but not judged.
    expect(symbolAgreement(bars, ['1w'], decision('close', 0))[0]).not.toHaveProperty('agrees');
  });

  it('no look-ahead: the current week never shows, whatever its bars; a week counts from the next week on', () => {
    const wed = upTo('2012-03-07');
    const base = symbolAgreement(wed, ['1w'])[0];
    // Monday to Wednesday of the forming week changed wildly: the weekly row is the same.
    const from = wed.length - 3;
    expect(new Date(wed.time[from]).toISOString().slice(0, 10)).toBe('2012-03-05');
    const crash = { ...wed, close: wed.close.map((c, i) => (i >= from ? c / 10 : c)), low: wed.low.map((c, i) => (i >= from ? c / 10 : c)) };
    expect(symbolAgreement(crash, ['1w'])[0]).toEqual(base);
    // Thursday and Friday complete that week, but it shows only from the next Monday's bar (confirm.ts's rule).
    expect(symbolAgreement(upTo('2012-03-09'), ['1w'])[0]).toEqual(base);
    const monday = symbolAgreement(upTo('2012-03-12'), ['1w'])[0];
    expect(monday.text).toMatch(/\(week of 2012-03-05\)$/);
    expect(monday.text).not.toBe(base.text);
  });

  it('too few bars: says what is missing, gives no trend and no verdict', () => {
    // SPY's first 30 sessions (1993): 6 completed weeks, not the 20 SMA(20) needs.
    const early = sliceBars(SPY, 0, 30);
    const [day, week] = symbolAgreement(early, ['1d', '1w'], decision('BUY', 1));
    expect(day.ready).toBe(true);
    expect(week).toMatchObject({ timeframe: '1w', ready: false, trend: 0, signal: 'BUY' });
    expect(week).not.toHaveProperty('agrees');
    const done = groups(early, mondayOf).length - 1;
    expect(week.text).toBe(`not enough bars for the 1w trend yet: SMA(20) needs 20 completed 1w bars, ${done} so far`);
    // Three sessions of one week: no week has completed yet.
    const mon = SPY.time.findIndex((t) => new Date(t).getUTCDay() === 1);
    const [w] = symbolAgreement(sliceBars(SPY, mon, mon + 3), ['1w']);
    expect(w).toMatchObject({ ready: false, trend: 0, text: 'not enough bars for the 1w trend yet: no 1w bar has completed' });
    expect(symbolAgreement(sliceBars(SPY, 0, 0), ['1d'])[0]).toMatchObject({ ready: false, text: 'not enough bars for the 1d trend yet: no 1d bar of SPY yet' });
  });
});

describe('barsSoFar and instanceAgreement', () => {
  it('a live run\'s planned sessions not yet seen (NaN) are left out', () => {
    const wed = upTo('2012-03-07');
    const planned = upTo('2012-03-14');
    const close = planned.close.slice();
    close.fill(NaN, wed.length);
    const cut = barsSoFar({ ...planned, close });
    expect(cut.length).toBe(wed.length);
    expect(barsSoFar(wed)).toBe(wed);
    expect(instanceAgreement([{ ...planned, close }], ['1d', '1w'], new Map())).toEqual(symbolAgreement(wed, ['1d', '1w']));
  });

  it('each symbol with its own latest decision; capped at STRATEGY_AGREEMENT_MAX rows', () => {
    const wed = upTo('2012-03-07');
    const latest = new Map([['SPY', decision('BUY', 1)]]);
    const other = { ...wed, symbol: 'XYZ' };
    const rows = instanceAgreement([wed, other], ['1d', '1w'], latest);
    expect(rows.map((r) => `${r.symbol} ${r.timeframe} ${r.signal ?? '-'}`)).toEqual(['SPY 1d BUY', 'SPY 1w BUY', 'XYZ 1d -', 'XYZ 1w -']);
    const many = Array.from({ length: 11 }, (_, i) => ({ ...wed, symbol: `S${i}` }));
    expect(instanceAgreement(many, ['1d', '1w', '1mo'], latest)).toHaveLength(STRATEGY_AGREEMENT_MAX);
  });
});

describe('noteDecision', () => {
  it('signals and stock intents set the direction; HOLD and option intents leave it; a close exits what is held', () => {
    const latest = new Map<string, LatestDecision>();
    const note = (answer: Parameters<typeof noteDecision>[2], side: string, time = 1) => noteDecision(latest, 'SPY', answer, side, time);
    note({ signal: 'HOLD', confidence: 0, reason: 'warm-up' }, 'HOLD');
    expect(latest.size).toBe(0);
    note({ action: 'close' }, 'close');
    expect(latest.get('SPY')).toMatchObject({ side: 'close', direction: 0, held: 0 }); // nothing held: no direction
    note({ action: 'buy' }, 'buy', 2);
    expect(latest.get('SPY')).toEqual({ time: 2, side: 'buy', direction: 1, held: 1 });
    note({ signal: 'HOLD', confidence: 0, reason: 'no cross' }, 'HOLD', 3);
    expect(latest.get('SPY')!.time).toBe(2);
    note({ action: 'sell', instrument: { secType: 'OPT', symbol: 'SPY', currency: 'USD', exchange: 'SMART', multiplier: 100, right: 'P', strike: 120, expiry: '20120316' } as never }, 'sell');
    expect(latest.get('SPY')!.side).toBe('buy'); // a put written is no bearish stock decision
    note({ action: 'close' }, 'close', 4);
    expect(latest.get('SPY')).toEqual({ time: 4, side: 'close', direction: -1, held: 0 }); // exits the long: a sell
    note({ action: 'target', weight: -0.4 }, 'target -40 %', 5);
    expect(latest.get('SPY')).toMatchObject({ direction: -1, held: -1 });
    note({ action: 'target', weight: 0 }, 'target 0 %', 6);
    expect(latest.get('SPY')).toMatchObject({ direction: 1, held: 0 }); // covers the short: a buy
    note({ signal: 'SELL', confidence: 0.7, reason: 'cross down' }, 'SELL', 7);
    expect(latest.get('SPY')).toMatchObject({ side: 'SELL', direction: -1 });
    noteDecision(latest, 'SPY', { action: 'buy', instrument: 'TLT' }, 'buy', 8);
    expect(latest.get('TLT')).toMatchObject({ direction: 1 });
    expect(latest.get('SPY')!.side).toBe('SELL');
  });
});
