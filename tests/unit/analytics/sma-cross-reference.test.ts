// The vectorised reference's execution rules (backtest-model.md §2–§3) on tiny hand-made series,
// SmaCross(2, 3) so W = 2 and the first decision is at bar 3.
import { describe, expect, it } from 'vitest';
import { referenceSma, smaCrossVectorized } from '../../reference/backtest/sma-cross-vectorized.ts';

const DAY = 86_400_000;
const series = (open: number[], close: number[]) => ({ time: close.map((_, i) => Date.UTC(2024, 0, 1) + i * DAY), open, close });

describe('reference SMA', () => {
  it('is NaN before bar n−1, then the window mean', () => {
    expect(Array.from(referenceSma([1, 2, 3, 4], 3))).toEqual([NaN, NaN, 2, 3]);
  });
});

//  i      0    1     2     3     4     5     6     7     8     9    10
//  C     10   11    12     9     8    12    14    13     9     7     8
//  SMA2   -  10.5  11.5  10.5   8.5  10    13    13.5  11     8     7.5
//  SMA3   -    -   11    10.67  9.67  9.67 11.33 13    12     9.67  8
//  cross           (W=2)  down        up                down
//  O     10 10.5  11.5   11    8.5    9   12.5  13.5   12     8    7.5
const bars = series([10, 10.5, 11.5, 11, 8.5, 9, 12.5, 13.5, 12, 8, 7.5], [10, 11, 12, 9, 8, 12, 14, 13, 9, 7, 8]);

describe('SmaCross(2, 3) reversal on a hand-made series', () => {
  it('fills at the next open, reverses with the freed cash, finalizes at the last open', () => {
    // short: floor(10000·f/8.5) = 1176 at O[4]; out at O[6] = 12.5: −1176·4 = −4704 → cash 5296
    // long:  floor(5296·f/12.5) = 423 at 12.5; out at O[9] = 8: 423·(−4.5) = −1903.5 → cash 3392.5
    // short: floor(3392.5·f/8) = 424 at 8; finalize at O[10] = 7.5: −424·(−0.5) = 212 → cash 3604.5
    const r = smaCrossVectorized(bars, { fast: 2, slow: 3 });
    expect(r.warmup).toBe(2);
    expect(r.trades.map((t) => [t.entryBar, t.exitBar, t.size, t.entryPrice, t.exitPrice, t.pnl])).toEqual([
      [4, 6, -1176, 8.5, 12.5, -4704],
      [6, 9, 423, 12.5, 8, -1903.5],
      [9, 10, -424, 8, 7.5, 212],
    ]);
    expect(r.trades[0].entryTime).toBe('2024-01-05');
    // E[4] = 10000 − 1176·(8 − 8.5) = 10588 ; E[10] = the cash after the finalize close
    expect(Array.from(r.equity.subarray(0, 5))).toEqual([10000, 10000, 10000, 10000, 10588]);
    expect(r.equity[10]).toBe(3604.5);
  });

  it('finalize = false leaves the last trade open, marked at the last close', () => {
    const r = smaCrossVectorized(bars, { fast: 2, slow: 3, finalize: false });
    expect(r.trades).toHaveLength(2);
    expect(r.openTrade).toEqual({ size: -424, entryPrice: 8, entryBar: 9 });
    expect(r.equity[10]).toBe(3392.5 - 424 * (8 - 8)); // C[10] = 8 = entry
  });

  it('long only: the size fraction 1 − 2⁻⁵² makes 10000/12.5 = 800 buy 799 shares', () => {
    const r = smaCrossVectorized(bars, { fast: 2, slow: 3, longOnly: true });
    expect(r.trades.map((t) => [t.entryBar, t.exitBar, t.size, t.pnl])).toEqual([[6, 9, 799, 799 * -4.5]]);
    expect(r.equity[10]).toBe(10000 - 3595.5);
  });

  it('fill at the close stamps the signal bar and finalizes at the previous close (upstream quirk)', () => {
    // short at C[3] = 9 (bar 3): floor(10000·f/9) = 1111 ; out at C[5] = 12: −3333 → 6667
    // long at 12: floor(6667·f/12) = 555 ; out at C[8] = 9: −1665 → 5002
    // short at 9: floor(5002·f/9) = 555 ; the finalize step on the last bar fills at C[9] = 7, bar 9: +1110 → 6112
    const r = smaCrossVectorized(bars, { fast: 2, slow: 3, fill: 'close' });
    expect(r.trades.map((t) => [t.entryBar, t.exitBar, t.size, t.entryPrice, t.exitPrice])).toEqual([
      [3, 5, -1111, 9, 12],
      [5, 8, 555, 12, 9],
      [8, 9, -555, 9, 7],
    ]);
    expect(r.equity[10]).toBeCloseTo(6112, 9);
  });
});

describe('strict crosses', () => {
  it('an equality on either bar is not a cross', () => {
    // C = 10 10 10 13 13 7 7 7 12 12 12: SMA2 = SMA3 = 7 at bar 7, so the move back up at bar 8
    // (SMA2 9.5 > SMA3 8.67) is not a cross; the only signal is the down-cross at bar 5.
    const c = [10, 10, 10, 13, 13, 7, 7, 7, 12, 12, 12];
    const r = smaCrossVectorized(series(c, c), { fast: 2, slow: 3 });
    expect(r.trades.map((t) => [t.entryBar, t.exitBar, t.size])).toEqual([[6, 10, -1428]]);
  });

  it('an order that cannot buy one share is dropped', () => {
    const r = smaCrossVectorized(bars, { fast: 2, slow: 3, cash: 5 });
    expect(r.trades).toEqual([]);
    expect(Array.from(r.equity)).toEqual(new Array(11).fill(5));
  });
});
