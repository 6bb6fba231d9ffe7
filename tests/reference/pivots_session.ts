import type { TestSeries } from '../support/indicator-data.ts';
import { floorPivots } from './pivots.ts';

/**
 * PIVOTS_SESSION (conventions §5): split the bars into sessions (runs of equal session id); every
 * bar of a session gets the floor pivots of the previous session's max high, min low and last
 * close, each found by a direct loop over that session; the first session is NaN.
 */
export function pivotsSessionRef(s: TestSeries): Record<string, Float64Array> {
  const names = ['p', 'r1', 'r2', 'r3', 's1', 's2', 's3'];
  const out: Record<string, Float64Array> = {};
  for (const name of names) out[name] = new Float64Array(s.length).fill(Number.NaN);
  const starts: number[] = [];
  for (let i = 0; i < s.length; i++) if (i === 0 || s.session[i] !== s.session[i - 1]) starts.push(i);
  starts.push(s.length);
  for (let k = 1; k + 1 < starts.length; k++) {
    let h = -Infinity;
    let l = Infinity;
    for (let j = starts[k - 1]; j < starts[k]; j++) {
      h = Math.max(h, s.high[j]);
      l = Math.min(l, s.low[j]);
    }
    const lv = floorPivots(h, l, s.close[starts[k] - 1]);
    for (let i = starts[k]; i < starts[k + 1]; i++) for (const name of names) out[name][i] = lv[name];
  }
  return out;
}

export const REFERENCE = { id: 'pivots_session', compute: pivotsSessionRef };
