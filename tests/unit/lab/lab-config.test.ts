// The lab's form (app/lab/lab-config.ts on the page, lab-form-rules.ts in the worker): fields read off the strategy schemas, checked by the same
// rules as a moneytrailz.toml, errors by field; the content id of a result is canonical.
import { describe, expect, it } from 'vitest';
import '../../support/app-defines.ts'; // first: the page's lab-config.ts reads the build's define
import { CAPITAL, COMMISSION, LAB_STRATEGIES as PAGE_STRATEGIES, paramFields as pageFields, type LabForm } from '../../../app/lab/lab-config.ts';
import { checkForm, defaultParams, LAB_STRATEGIES, paramFields } from '../../../app/lab/lab-form-rules.ts';
import { canonicalJson, resultId } from '../../../app/lab/result-id.ts';
import type { SampleSeries } from '../../../app/state/samples.ts';
import type { BarSeries } from '../../../shared/data/bar-series.ts';

const GOOG: SampleSeries = { key: 'GOOG:1d', symbol: 'GOOG', timeframe: '1d', file: 'GOOG_1d.csv', url: '/GOOG_1d.csv' };
const form = (over: Partial<LabForm> = {}): LabForm => ({ sample: GOOG, strategy: 'sma_cross', params: defaultParams('sma_cross'), capital: '10000', commission: '0.001', ...over });

describe('lab form', () => {
  it('offers the runnable single-symbol strategies with their schema fields, defaults and ranges', () => {
    expect(LAB_STRATEGIES).toEqual(['sma_cross', 'rsi_reversion', 'bollinger_reversion', 'buy_and_hold']);
    const sma = paramFields('sma_cross').map(({ schema: _s, ...f }) => f);
    expect(sma).toEqual([
      { name: 'fast', kind: 'integer', initial: '10', expected: 'an integer in [1, 100000]' },
      { name: 'slow', kind: 'integer', initial: '30', expected: 'an integer in [1, 100000]' },
      { name: 'direction', kind: 'choice', initial: 'long_short', expected: 'one of "long_short", "long_only"', choices: ['long_short', 'long_only'] },
    ]);
    expect(paramFields('bollinger_reversion').map((f) => [f.name, f.kind, f.initial])).toEqual([
      ['period', 'integer', '20'],
      ['k', 'number', '2'],
    ]);
    expect(paramFields('buy_and_hold')).toEqual([]);
  });

  it('the page offers the same strategies and fields, built in without their schemas', () => {
    expect(PAGE_STRATEGIES).toEqual(LAB_STRATEGIES);
    for (const n of LAB_STRATEGIES) expect(pageFields(n)).toEqual(paramFields(n).map(({ schema: _s, ...f }) => f));
  });

  it('turns a valid form into a configuration', () => {
    const r = checkForm(form({ params: { ...defaultParams('sma_cross'), fast: '5' } }));
    expect(r).toEqual({
      ok: true,
      config: {
        data: { csv: 'GOOG_1d.csv', symbol: 'GOOG' },
        backtesting: { initial_capital: 10000, execution: { commission: 0.001 } },
        strategies: { sma_cross: { enabled: true, fast: 5, slow: 30, direction: 'long_short' } },
      },
    });
  });

  it('names every bad parameter next to its field, then the cross-field rule and the capital', () => {
    expect(checkForm(form({ params: { fast: '1.5', slow: '0', direction: 'long_short' } }))).toEqual({
      ok: false,
      errors: { fast: 'must be an integer in [1, 100000], got 1.5', slow: 'must be an integer in [1, 100000], got 0' },
    });
    expect(checkForm(form({ params: { fast: '', slow: '30', direction: 'long_short' } }))).toEqual({ ok: false, errors: { fast: 'must be an integer in [1, 100000], got the string ""' } });
    expect(checkForm(form({ params: { fast: '40', slow: '30', direction: 'long_short' } }))).toEqual({ ok: false, errors: { fast: 'fast (40) must be less than slow (30)' } });
    expect(checkForm(form({ capital: '-5' }))).toEqual({ ok: false, errors: { [CAPITAL]: 'must be a number > 0, got -5' } });
    const commission = checkForm(form({ commission: 'x' }));
    expect(commission.ok ? {} : Object.keys(commission.errors)).toEqual([COMMISSION]);
  });
});

describe('result content id', () => {
  const bars = (close: number): BarSeries => {
    const col = (v: number) => Float64Array.from([v, v + 1]);
    return { symbol: 'T', timeframe: '1d', length: 2, time: col(0), end: col(1), open: col(1), high: col(2), low: col(0), close: col(close), volume: col(5) };
  };

  it('is the same for equal configurations in any key order, and differs with the config or the data', async () => {
    expect(canonicalJson({ b: 1, a: { d: [1, { y: 2, x: 1 }], c: 'z' } })).toBe('{"a":{"c":"z","d":[1,{"x":1,"y":2}]},"b":1}');
    const a = await resultId({ x: 1, y: { p: 2, q: 3 } }, { T: bars(10) });
    expect(a).toMatch(/^[0-9a-f]{64}$/);
    expect(await resultId({ y: { q: 3, p: 2 }, x: 1 }, { T: bars(10) })).toBe(a);
    expect(await resultId({ x: 2, y: { p: 2, q: 3 } }, { T: bars(10) })).not.toBe(a);
    expect(await resultId({ x: 1, y: { p: 2, q: 3 } }, { T: bars(11) })).not.toBe(a);
  });
});
