import type { OhlcvColumns } from '../data/bar-series.ts';
import { checkStatus, kernels } from './kernels.ts';
import { intParam } from './params.ts';

export interface SmaParams {
  /** Window length in bars, an integer >= 1; default 20 (indicator-conventions §2). */
  period?: number;
}

/** Simple moving average of the close: NaN for the first period-1 bars. */
export function sma(bars: Pick<OhlcvColumns, 'close'>, params: SmaParams = {}): Float64Array {
  const period = intParam('SMA', 'period', params.period ?? 20, 1, 100_000);
  return smaOf(bars.close, period);
}

/** SMA of any column. */
export function smaOf(values: Float64Array, period: number): Float64Array {
  const k = kernels();
  const n = values.length;
  k.ensure(n);
  k.writeInput(0, values);
  checkStatus('SMA', k.x.sma_batch(k.inputPtr(0), n, period, k.outputPtr(0)), 'period', '[1, 100000]');
  return k.readOutput(0, n);
}
