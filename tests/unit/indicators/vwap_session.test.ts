// VWAP_SESSION (conventions §5): hand-checked values with resets at every session change, NaN while
// a session has no volume, one bar per session on daily data (= the typical price), the missing
// session column, streaming.
import { beforeAll, describe, expect, it } from 'vitest';
import { VWAP_SESSION, VWAP_SESSION_SPEC, ready, vwap, vwapSession, vwap_session } from '../../../shared/indicators/index.ts';
import { sampleSeries } from '../../support/indicator-data.ts';

beforeAll(async () => {
  await ready();
});

const f = (a: number[]) => Float64Array.from(a);

/** Bars with H = L = C = tp, so TP = (3·tp)/3 = tp exactly for small integers. */
function flatBars(tp: number[], volume: number[], session: number[]) {
  const x = f(tp);
  return { high: x, low: x, close: x, volume: f(volume), session: Int32Array.from(session) };
}

describe('VWAP_SESSION', () => {
  it('resets both sums at the first bar of every session', () => {
    // session 1: TP 10 V 1 → 10;  TP 20 V 3 → (10+60)/4 = 17.5
    // session 2: TP 30 V 0 → NaN (no volume in the session yet);  TP 40 V 2 → 40;  TP 50 V 2 → (80+100)/4 = 45
    // session 1 again (a change, not a merge): TP 60 V 1 → 60
    const out = vwap_session(flatBars([10, 20, 30, 40, 50, 60], [1, 3, 0, 2, 2, 1], [1, 1, 2, 2, 2, 1]));
    expect(Array.from(out)).toEqual([10, 17.5, NaN, 40, 45, 60]);
    expect(VWAP_SESSION_SPEC.lookback({})).toBe(0);
  });

  it('equals the anchored VWAP over a single session', () => {
    const s = sampleSeries().find((x) => x.name === 'SPY_1m.csv')!;
    const first = s.session.findIndex((id) => id !== s.session[0]);
    const cut = { high: s.high.subarray(0, first), low: s.low.subarray(0, first), close: s.close.subarray(0, first), volume: s.volume.subarray(0, first) };
    expect(vwap_session({ ...cut, session: s.session.subarray(0, first) })).toEqual(vwap(cut));
  });

  it('on SPY_1m restarts at each session: the first bar of a session is its typical price (to 1 ulp)', () => {
    const s = sampleSeries().find((x) => x.name === 'SPY_1m.csv')!;
    const out = vwap_session(s);
    let sessions = 0;
    for (let i = 0; i < s.length; i++) {
      if (i > 0 && s.session[i] === s.session[i - 1]) continue;
      sessions++;
      const tp = (s.high[i] + s.low[i] + s.close[i]) / 3;
      expect(Math.abs(out[i] - tp)).toBeLessThanOrEqual(4.5e-16 * tp); // (TP·V)/V: one rounding apart
    }
    expect(sessions).toBeGreaterThan(50);
  });

  it('on daily files (one session per date) is each bar\'s typical price (to 1 ulp)', () => {
    const s = sampleSeries().find((x) => x.name === 'SPY_1d.csv')!;
    const out = vwap_session(s);
    for (let i = 0; i < s.length; i++) {
      const tp = (s.high[i] + s.low[i] + s.close[i]) / 3;
      expect(Math.abs(out[i] - tp)).toBeLessThanOrEqual(4.5e-16 * tp);
    }
  });

  it('rejects a series without sessions with an error naming the column', () => {
    const s = sampleSeries()[0];
    expect(() => vwap_session({ high: s.high, low: s.low, close: s.close, volume: s.volume })).toThrow(
      "VWAP_SESSION: parameter 'bars' needs a 'session' column (intraday bars carry it; daily bars have no sessions)",
    );
    expect(() => new VWAP_SESSION().add({ high: 1, low: 1, close: 1, volume: 1 })).toThrow("VWAP_SESSION: parameter 'bar' is missing 'session'");
  });

  it('streams across a session change, with replace, and exports the vwapSession alias', () => {
    expect(vwapSession).toBe(vwap_session);
    const s = new VWAP_SESSION();
    expect(s.add({ high: 10, low: 10, close: 10, volume: 1, session: 20240102 })).toBe(10);
    expect(s.add({ high: 20, low: 20, close: 20, volume: 1, session: 20240102 })).toBe(15);
    expect(s.add({ high: 30, low: 30, close: 30, volume: 1, session: 20240103 })).toBe(30);
    expect(s.replace({ high: 30, low: 30, close: 30, volume: 1, session: 20240102 })).toBe(20); // still the old session
    expect(s.replace({ high: 40, low: 40, close: 40, volume: 0, session: 20240103 })).toBeNaN();
    expect(s.add({ high: 50, low: 50, close: 50, volume: 2, session: 20240103 })).toBe(50);
    s.dispose();
  });
});
