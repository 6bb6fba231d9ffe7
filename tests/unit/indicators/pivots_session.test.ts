// PIVOTS_SESSION (conventions §5): hand-checked levels from the previous session's max high, min low
// and last close, the first session NaN (data-dependent lookback: 390 on SPY_1m.csv), one session
// per date on daily data (= PIVOTS), the missing session column, streaming.
import { beforeAll, describe, expect, it } from 'vitest';
import { PIVOTS_SESSION, PIVOTS_SESSION_SPEC, pivots, pivotsSession, pivots_session, ready } from '../../../shared/indicators/index.ts';
import { sampleSeries } from '../../support/indicator-data.ts';
import { leadingNaN } from '../../support/compare.ts';

beforeAll(async () => {
  await ready();
});

const f = (a: number[]) => Float64Array.from(a);

describe('PIVOTS_SESSION', () => {
  it('repeats the previous session\'s floor pivots on every bar of the session; the first session is NaN', () => {
    // session 1: highs 100 110 105 → H 110, lows 95 90 99 → L 90, last close 100
    //   → P 100, R1 110, S1 90, R2 120, S2 80, R3 130, S3 70 on both bars of session 2
    // session 2: H max(12, 11) = 12, L min(10, 9) = 9, last close 9 → P 10, R1 11, S1 8, R2 13, S2 7, R3 14, S3 5
    const bars = {
      high: f([100, 110, 105, 12, 11, 1]),
      low: f([95, 90, 99, 10, 9, 1]),
      close: f([98, 101, 100, 11, 9, 1]),
      session: Int32Array.from([1, 1, 1, 2, 2, 3]),
    };
    const out = pivots_session(bars);
    const at = (i: number) => Object.fromEntries(Object.entries(out).map(([k, v]) => [k, v[i]]));
    for (let i = 0; i < 3; i++) expect(Object.values(at(i)).every(Number.isNaN)).toBe(true);
    const fromFirst = { p: 100, r1: 110, r2: 120, r3: 130, s1: 90, s2: 80, s3: 70 };
    expect(at(3)).toEqual(fromFirst);
    expect(at(4)).toEqual(fromFirst);
    expect(at(5)).toEqual({ p: 10, r1: 11, r2: 13, r3: 14, s1: 8, s2: 7, s3: 5 });
  });

  it('has a data-dependent warm-up: the first session, 390 bars on SPY_1m.csv', () => {
    expect(PIVOTS_SESSION_SPEC.lookback({})).toBeNull();
    const s = sampleSeries().find((x) => x.name === 'SPY_1m.csv')!;
    const out = pivots_session(s);
    for (const col of Object.values(out)) expect(leadingNaN(col)).toBe(390);
    const stream = new PIVOTS_SESSION();
    for (let i = 0; i < 400; i++) {
      stream.add({ high: s.high[i], low: s.low[i], close: s.close[i], session: s.session[i] });
      if (i === 389) expect(stream.lookback).toBeNaN(); // not known while the first session runs
    }
    expect(stream.lookback).toBe(390);
    stream.dispose();
  });

  it('on daily files (one session per date) equals PIVOTS from the previous bar', () => {
    for (const s of sampleSeries().filter((x) => x.name.endsWith('_1d.csv'))) {
      expect(pivots_session(s), s.name).toEqual(pivots(s));
    }
  });

  it('rejects a series without sessions with an error naming the column', () => {
    const s = sampleSeries()[0];
    expect(() => pivots_session({ high: s.high, low: s.low, close: s.close })).toThrow(
      "PIVOTS_SESSION: parameter 'bars' needs a 'session' column (intraday bars carry it; daily bars have no sessions)",
    );
  });

  it('streams across sessions with replace, and exports the pivotsSession alias', () => {
    expect(pivotsSession).toBe(pivots_session);
    const s = new PIVOTS_SESSION();
    s.add({ high: 110, low: 95, close: 98, session: 1 });
    s.add({ high: 100, low: 90, close: 100, session: 1 });
    expect(s.isStable).toBe(false);
    expect(s.add({ high: 5, low: 5, close: 5, session: 2 }).p).toBe(100);
    // the forming bar still belongs to session 1 after all: it extends it, levels stay NaN
    expect(s.replace({ high: 200, low: 95, close: 110, session: 1 }).p).toBeNaN();
    // session 1 is now H 200, L 90, C 110 → P 400/3
    expect(s.add({ high: 5, low: 5, close: 5, session: 2 }).p).toBe((200 + 90 + 110) / 3);
    expect(s.isStable).toBe(true);
    s.dispose();
  });
});
