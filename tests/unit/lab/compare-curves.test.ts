// Two equity curves on one time axis (app/lab/compare-curves.ts): the union of the times, a gap (NaN)
// where a curve has no step.
import { describe, expect, it } from 'vitest';
import { mergeCurves } from '../../../app/lab/compare-curves.ts';

const curve = (times: number[], equity: number[]) => ({ times: Float64Array.from(times), equity: Float64Array.from(equity) });

describe('mergeCurves', () => {
  it('keeps one timeline when both curves have the same times', () => {
    const m = mergeCurves(curve([1, 2, 3], [10, 11, 12]), curve([1, 2, 3], [20, 19, 18]));
    expect(Array.from(m.time)).toEqual([1, 2, 3]);
    expect(Array.from(m.a)).toEqual([10, 11, 12]);
    expect(Array.from(m.b)).toEqual([20, 19, 18]);
  });

  it('interleaves different times with gaps where a curve has no step', () => {
    const m = mergeCurves(curve([1, 3, 5, 6], [10, 13, 15, 16]), curve([2, 3, 4, 7, 8], [22, 23, 24, 27, 28]));
    expect(Array.from(m.time)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(Array.from(m.a)).toEqual([10, NaN, 13, NaN, 15, 16, NaN, NaN]);
    expect(Array.from(m.b)).toEqual([NaN, 22, 23, 24, NaN, NaN, 27, 28]);
  });

  it('handles an empty curve', () => {
    const m = mergeCurves(curve([], []), curve([5, 6], [1, 2]));
    expect(Array.from(m.time)).toEqual([5, 6]);
    expect(Array.from(m.a)).toEqual([NaN, NaN]);
  });
});
