// TA-Lib 0.6 (npm `talib`, its C source compiled at install) as a dev-only reference: whole series,
// default compatibility, unstable period 0, SMA as every moving-average type. The binding reads
// garbage from typed arrays, so it gets plain arrays. Outputs come back full length, NaN-padded.
import { createRequire } from 'node:module';
import type { TestSeries } from './indicator-data.ts';

interface TalibResult {
  begIndex: number;
  nbElement: number;
  result: Record<string, number[]>;
}
interface Talib {
  execute(args: Record<string, unknown>): TalibResult;
}

const talib = createRequire(import.meta.url)('talib') as Talib;

type Params = Record<string, number>;

/** How each of our indicators maps to a TA-Lib function (only those TA-Lib has). */
const MAP: Record<string, { fn: string; inputs: 'real' | 'hlc' | 'hlcv' | 'real+v'; opts: (p: Params) => Params; outputs: Record<string, string> }> = {
  sma: { fn: 'SMA', inputs: 'real', opts: (p) => ({ optInTimePeriod: p.period }), outputs: { value: 'outReal' } },
  ema: { fn: 'EMA', inputs: 'real', opts: (p) => ({ optInTimePeriod: p.period }), outputs: { value: 'outReal' } },
  wma: { fn: 'WMA', inputs: 'real', opts: (p) => ({ optInTimePeriod: p.period }), outputs: { value: 'outReal' } },
  dema: { fn: 'DEMA', inputs: 'real', opts: (p) => ({ optInTimePeriod: p.period }), outputs: { value: 'outReal' } },
  tema: { fn: 'TEMA', inputs: 'real', opts: (p) => ({ optInTimePeriod: p.period }), outputs: { value: 'outReal' } },
  rsi: { fn: 'RSI', inputs: 'real', opts: (p) => ({ optInTimePeriod: p.period }), outputs: { value: 'outReal' } },
  roc: { fn: 'ROC', inputs: 'real', opts: (p) => ({ optInTimePeriod: p.period }), outputs: { value: 'outReal' } },
  macd: {
    fn: 'MACD',
    inputs: 'real',
    opts: (p) => ({ optInFastPeriod: p.fast, optInSlowPeriod: p.slow, optInSignalPeriod: p.signal }),
    outputs: { macd: 'outMACD', signal: 'outMACDSignal', hist: 'outMACDHist' },
  },
  stoch: {
    fn: 'STOCH',
    inputs: 'hlc',
    opts: (p) => ({ optInFastK_Period: p.fastK, optInSlowK_Period: p.slowK, optInSlowK_MAType: 0, optInSlowD_Period: p.slowD, optInSlowD_MAType: 0 }),
    outputs: { k: 'outSlowK', d: 'outSlowD' },
  },
  willr: { fn: 'WILLR', inputs: 'hlc', opts: (p) => ({ optInTimePeriod: p.period }), outputs: { value: 'outReal' } },
  bbands: {
    fn: 'BBANDS',
    inputs: 'real',
    opts: (p) => ({ optInTimePeriod: p.period, optInNbDevUp: p.devUp, optInNbDevDn: p.devDown, optInMAType: 0 }),
    outputs: { upper: 'outRealUpperBand', middle: 'outRealMiddleBand', lower: 'outRealLowerBand' },
  },
  atr: { fn: 'ATR', inputs: 'hlc', opts: (p) => ({ optInTimePeriod: p.period }), outputs: { value: 'outReal' } },
  obv: { fn: 'OBV', inputs: 'real+v', opts: () => ({}), outputs: { value: 'outReal' } },
  ad: { fn: 'AD', inputs: 'hlcv', opts: () => ({}), outputs: { value: 'outReal' } },
};

/** Our indicator ids TA-Lib can check. */
export const TALIB_IDS = Object.keys(MAP);

/** TA-Lib's outputs for our indicator `id`, full length with NaN warm-up; null when TA-Lib lacks it. */
export function talibOutputs(id: string, s: TestSeries, params: Params): Record<string, Float64Array> | null {
  const m = MAP[id];
  if (!m) return null;
  const n = s.length;
  const arr = (a: Float64Array) => Array.from(a);
  const args: Record<string, unknown> = { name: m.fn, startIdx: 0, endIdx: n - 1, ...m.opts(params) };
  if (m.inputs === 'real') args.inReal = arr(s.close);
  if (m.inputs === 'real+v') Object.assign(args, { inReal: arr(s.close), volume: arr(s.volume) });
  if (m.inputs === 'hlc' || m.inputs === 'hlcv') Object.assign(args, { high: arr(s.high), low: arr(s.low), close: arr(s.close) });
  if (m.inputs === 'hlcv') args.volume = arr(s.volume);
  const r = talib.execute(args);
  const out: Record<string, Float64Array> = {};
  for (const [ours, theirs] of Object.entries(m.outputs)) {
    const full = new Float64Array(n).fill(Number.NaN);
    const vals = r.result[theirs];
    if (!vals) throw new Error(`talib ${m.fn}: no output ${theirs} (got ${Object.keys(r.result).join(', ')})`);
    for (let i = 0; i < r.nbElement; i++) full[r.begIndex + i] = vals[i];
    out[ours] = full;
  }
  return out;
}
