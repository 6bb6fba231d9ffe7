// Multi-timeframe confirmation: SMA trends by hand, the at-bar form, and on SPY_1m 5-minute
// crossovers confirmed by the 1-hour trend, checked on specific sessions against hourly bars
// rebuilt from the raw minutes.
import { beforeAll, describe, expect, it } from 'vitest';
import { ready } from '../../../shared/indicators/index.ts';
import { confirmSignal, confirmWithTrend, firedAt, higherTimeframeTrend, smaTrend } from '../../../shared/signals/index.ts';
import { resample } from '../../../shared/timeframes/index.ts';
import { barAt, localTime, sample, slowSma } from './sample-bars.ts';
import { runMtf } from './mtf-fixture.ts';

beforeAll(async () => {
  await ready();
});

describe('smaTrend (hand-made)', () => {
  // close 1 2 3 2 1, SMA(2) = NaN 1.5 2.5 2.5 1.5
  const close = Float64Array.from([1, 2, 3, 2, 1]);
  it('close vs SMA: up while close > SMA, down below, none during warm-up', () => {
    const t = smaTrend(close, { period: 2 });
    expect(Array.from(t.sma)).toEqual([NaN, 1.5, 2.5, 2.5, 1.5]);
    expect(Array.from(t.direction)).toEqual([0, 1, 1, -1, -1]);
  });
  it('SMA slope: needs two SMA values; flat is none', () => {
    expect(Array.from(smaTrend(close, { period: 2, method: 'sma-slope' }).direction)).toEqual([0, 0, 1, 0, -1]);
  });
  it('rejects an unknown method and a bad period', () => {
    expect(() => smaTrend(close, { method: 'ema' as 'sma-slope' })).toThrow(/smaTrend: parameter 'method'/);
    expect(() => smaTrend(close, { period: 0 })).toThrow(/period/);
  });
});

describe('confirmSignal (at-bar)', () => {
  const buy = { signal: 'BUY', confidence: 0.4, reason: 'x crossed above y' } as const;
  it('keeps an agreeing signal with its confidence, vetoes the rest', () => {
    expect(confirmSignal(buy, 1, '1h trend up')).toEqual({ signal: 'BUY', confidence: 0.4, reason: 'x crossed above y; confirmed by the 1h trend up' });
    expect(confirmSignal(buy, -1, '1h trend down')).toEqual({ signal: 'HOLD', confidence: 0, reason: 'HOLD: BUY not confirmed by the 1h trend down (x crossed above y)' });
    expect(confirmSignal(buy, 0, '1h trend none').signal).toBe('HOLD');
    expect(confirmSignal({ ...buy, signal: 'SELL' }, -1, 'down').signal).toBe('SELL');
    const hold = { signal: 'HOLD', confidence: 0, reason: 'nothing' } as const;
    expect(confirmSignal(hold, 1, 'up')).toBe(hold);
  });
});

/** Hourly bars rebuilt from the raw minutes: closes at :29 (and 15:59), ends one minute later. */
function hourlyFromMinutes(m1: ReturnType<typeof sample>): { close: number[]; end: number[] } {
  const close: number[] = [];
  const end: number[] = [];
  for (let i = 0; i < m1.length; i++) {
    const hhmm = localTime(m1, i).slice(11);
    if (hhmm.endsWith(':29') || hhmm === '15:59') {
      close.push(m1.close[i]);
      end.push(m1.time[i] + 60_000);
    }
  }
  return { close, end };
}

describe('5-minute SMA(5)×SMA(20) crossovers confirmed by the 1-hour close vs SMA(20) (SPY_1m)', () => {
  it('every 5-minute bar sees exactly the trend of the newest hourly bar that had closed (independent rebuild)', () => {
    const m1 = sample('SPY_1m.csv');
    const { m5, raw, confirmed } = runMtf(m1);
    const h = hourlyFromMinutes(m1);
    expect(h.close.length).toBe(63 * 7);
    expect(Array.from(confirmed.trend.higher.close)).toEqual(h.close);
    const avg = slowSma(h.close, 20);
    const dir = h.close.map((c, k) => (c > avg[k] ? 1 : c < avg[k] ? -1 : 0));
    let k = -1;
    let kept = 0;
    let vetoed = 0;
    for (let j = 0; j < m5.length; j++) {
      while (k + 1 < h.end.length && h.end[k + 1] <= m5.time[j]) k++;
      const trend = k < 0 ? 0 : dir[k];
      expect(confirmed.trend.index[j]).toBe(k);
      expect(confirmed.trend.aligned[j]).toBe(trend);
      const keep = raw.signal[j] !== 0 && raw.signal[j] === trend;
      expect(confirmed.signal[j]).toBe(keep ? raw.signal[j] : 0);
      expect(confirmed.confidence[j]).toBe(keep ? raw.confidence[j] : 0);
      if (keep) kept++;
      else if (raw.signal[j] !== 0) vetoed++;
    }
    expect(firedAt(raw).length).toBe(324);
    expect(kept).toBe(136);
    expect(vetoed).toBe(188);
    // No hourly trend before 20 hourly closes exist (3 sessions): everything is vetoed until then.
    const firstTrend = confirmed.trend.aligned.findIndex((d) => d !== 0);
    expect(localTime(m5, firstTrend)).toBe('2024-02-22 15:30'); // hourly bar 19 (7 a session: day 3's 14:30-15:30) closes at 15:30
  });

  it('2024-03-04 10:35 BUY sees the 09:30-10:30 hourly bar (closed 10:30) but not the 10:30 one; trend up -> kept', () => {
    const m1 = sample('SPY_1m.csv');
    const { m5, raw, confirmed } = runMtf(m1);
    const j = barAt(m5, '2024-03-04 10:35');
    // 5m SMA(5) vs SMA(20): 10:30 512.4648 < 512.56895; 10:35 512.56102 > 512.560955 -> BUY (by 0.000065)
    expect(raw.signal[j]).toBe(1);
    const k = confirmed.trend.index[j];
    const H = confirmed.trend.higher;
    expect(localTime(H, k)).toBe('2024-03-04 09:30');
    expect(H.end[k]).toBeLessThanOrEqual(m5.time[j]); // closed 10:30 <= 10:35
    expect(localTime(H, k + 1)).toBe('2024-03-04 10:30');
    expect(H.end[k + 1]).toBeGreaterThan(m5.time[j]); // the 10:30 bar closes 11:30: not visible
    // The 09:30 bar's close is the 10:29 minute's close; SMA(20) over hourly closes 2024-02-28 12:30 .. 2024-03-04 09:30:
    // 506.03 506.496 505.755 506.12 506.19 507.71 507.185 506.58 507.75 507.725
    // 508.1301 508 510.37 510.82 511.53 512.13 513.155 512.89 512.84 512.49   sum 10179.8961 -> 508.994805
    expect(H.close[k]).toBe(m1.close[barAt(m1, '2024-03-04 10:29')]);
    expect(H.close[k]).toBe(512.49);
    expect(confirmed.trend.sma[k]).toBeCloseTo(10179.8961 / 20, 9);
    expect(confirmed.trend.direction[k]).toBe(1); // 512.49 > 508.99
    expect(confirmed.signal[j]).toBe(1);
    expect(confirmed.confidence[j]).toBe(raw.confidence[j]);
    expect(confirmed.reason(j)).toBe(
      'SMA(5) crossed above SMA(20) by 0.000013 % (0.0000650): 512.56 > 512.56; confirmed by the 1h trend up: close 512.49 > SMA(20) 508.99 (1h bar 2024-03-04 09:30, closed 10:30)',
    );
    // Two bars earlier (10:25) the session's first hourly bar is still forming: it sees Friday's 15:30 bar.
    expect(localTime(H, confirmed.trend.index[j - 2])).toBe('2024-03-01 15:30');
  });

  it('2024-03-14 11:15 BUY is kept on the 09:30 bar (up) although the forming 10:30 bar is down', () => {
    const m1 = sample('SPY_1m.csv');
    const { m5, raw, confirmed } = runMtf(m1);
    const j = barAt(m5, '2024-03-14 11:15');
    const H = confirmed.trend.higher;
    const k = confirmed.trend.index[j];
    expect(raw.signal[j]).toBe(1);
    expect(localTime(H, k)).toBe('2024-03-14 09:30');
    // 09:30 bar: close 515.0501 (10:29) > SMA(20) 514.78143 (sum 10295.6286 / 20) -> up
    expect(H.close[k]).toBe(515.0501);
    expect(confirmed.trend.sma[k]).toBeCloseTo(10295.6286 / 20, 9);
    expect(confirmed.trend.direction[k]).toBe(1);
    // 10:30 bar (closes 11:30, after this 11:15 bar starts): close 514.39 (11:29) < SMA(20) 514.97343 -> down.
    // Using it would have vetoed the BUY: look-ahead would change the answer here.
    expect(H.close[k + 1]).toBe(m1.close[barAt(m1, '2024-03-14 11:29')]);
    expect(confirmed.trend.direction[k + 1]).toBe(-1);
    expect(confirmed.signal[j]).toBe(1);
    expect(confirmed.confidence[j]).toBeCloseTo(0.05557, 5);
  });

  it('2024-03-19 10:50 BUY is vetoed by the 09:30 bar (down) although the forming 10:30 bar turns up', () => {
    const m1 = sample('SPY_1m.csv');
    const { m5, raw, confirmed } = runMtf(m1);
    const j = barAt(m5, '2024-03-19 10:50');
    const H = confirmed.trend.higher;
    const k = confirmed.trend.index[j];
    // 5m: 10:45 SMA(5) 512.02982 < SMA(20) 512.040205; 10:50 512.21574 > 511.97064 -> BUY, gap 0.2451
    expect(raw.signal[j]).toBe(1);
    expect(raw.confidence[j]).toBeCloseTo(0.53774, 5);
    // 09:30 bar: close 511.4591 < SMA(20) 512.49496 -> down -> HOLD
    expect(localTime(H, k)).toBe('2024-03-19 09:30');
    expect(H.close[k]).toBe(511.4591);
    expect(confirmed.trend.sma[k]).toBeCloseTo(512.49496, 5);
    expect(confirmed.trend.direction[k + 1]).toBe(1); // 10:30 bar: 512.675 > 512.39371, not yet visible
    expect(confirmed.signal[j]).toBe(0);
    expect(confirmed.confidence[j]).toBe(0);
    expect(confirmed.reason(j)).toBe(
      'HOLD: BUY not confirmed by the 1h trend down: close 511.46 < SMA(20) 512.49 (1h bar 2024-03-19 09:30, closed 10:30) (SMA(5) crossed above SMA(20) by 0.048 % (0.245): 512.22 > 511.97)',
    );
  });

  it('SMA-slope trend and a daily higher timeframe also work on the same bars', () => {
    const m1 = sample('SPY_1m.csv');
    const slope = runMtf(m1, 'sma-slope');
    const close = runMtf(m1);
    expect(Array.from(slope.confirmed.trend.aligned)).not.toEqual(Array.from(close.confirmed.trend.aligned));
    for (let j = 0; j < slope.m5.length; j++) {
      const t = slope.confirmed.trend;
      const k = t.index[j];
      const want = k < 1 ? 0 : Math.sign(t.sma[k] - t.sma[k - 1]) || 0;
      expect(t.aligned[j]).toBe(Number.isNaN(want) ? 0 : want);
    }
    // Daily trend (close vs SMA(5) of the daily bars) on the 5-minute bars: the whole session sees yesterday.
    const m5 = resample(m1, '5m');
    const daily = higherTimeframeTrend(m5, { timeframe: '1d', period: 5 });
    for (let j = 0; j < m5.length; j++) expect(daily.index[j]).toBe(Math.floor(j / 78) - 1);
    const c = confirmWithTrend(close.raw, daily);
    expect(c.reason(firedAt(c)[0])).toMatch(/confirmed by the 1d trend (up|down): close [\d.]+ [<>] SMA\(5\) [\d.]+ \(1d bar of 2024-\d\d-\d\d\)$/);
    expect(() => confirmWithTrend(close.raw, higherTimeframeTrend(m1, { timeframe: '1h' }))).toThrow(/confirmWithTrend: parameter 'signals'/);
  });
});
