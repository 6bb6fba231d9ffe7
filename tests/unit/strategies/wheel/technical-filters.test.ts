// The enhanced wheel's technical filters (docs/wheel-rules.md §2.11): their settings and precedence, each
// filter's verdict on daily closes (checked against TA-Lib and series whose indicators are known by hand),
// too few closes and unloaded kernels as failures, the gate in the write stages with a decision per filter,
// the keys in moneytrailz.toml with `file:line: key: problem` errors, and the trend-filters-red-day account.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../../../bridge/config-file.ts';
import { runPortfolioBacktest } from '../../../../shared/engine/backtest.ts';
import { MarketData } from '../../../../shared/engine/market-data.ts';
import { ready } from '../../../../shared/indicators/index.ts';
import { SyntheticOptionQuotes } from '../../../../shared/options/synthetic-chain.ts';
import { wheelDefaults, type SymbolConfig, type WheelConfig } from '../../../../shared/strategies/wheel/config.ts';
import { wheelConfigOf } from '../../../../shared/strategies/wheel/from-config.ts';
import { wheelPass } from '../../../../shared/strategies/wheel/pass.ts';
import { readSnapshot } from '../../../../shared/strategies/wheel/snapshot.ts';
import { WheelStrategy } from '../../../../shared/strategies/wheel/wheel-strategy.ts';
import {
  closesNeeded,
  closesWanted,
  evaluateFilters,
  filterGate,
  filterHistoryDays,
  resolveFilters,
  symbolWriteFilters,
  type TechnicalFilters,
} from '../../../../shared/strategies/wheel/technical-filters.ts';
import { sampleSeries } from '../../../support/indicator-data.ts';
import { ROOT } from '../../../support/source-rules.ts';
import { talibOutputs } from '../../../support/talib.ts';
import { daily, sleeve } from '../../engine/portfolio-support.ts';
import { settings } from '../../engine/support.ts';
import { MINIMAL, toml, wheelError, wheelOf } from './wheel-config-text.ts';

const rising = (n: number, from = 100) => Array.from({ length: n }, (_, i) => from + i);
const falling = (n: number, from = 200) => Array.from({ length: n }, (_, i) => from - i);
const filters = (f: Partial<TechnicalFilters>): TechnicalFilters => ({ rsiPeriod: 14, ...f });

// First, before any test of this file loads the kernels.
describe('without the indicator kernels', () => {
  it('§2.11: a filter the kernels cannot compute fails with NO_INDICATORS, never a pass', () => {
    const [v] = evaluateFilters(filters({ rsiBelow: 70 }), falling(30));
    expect(v).toMatchObject({ filter: 'RSI_BELOW', pass: false, code: 'NO_INDICATORS' });
    expect(v.message).toContain('the indicator kernels are not loaded');
  });
});

describe('resolveFilters — §2.11', () => {
  it("§2.11: per key the symbol's setting wins, the rest comes from the wheel", () => {
    expect(resolveFilters([{ rsiBelow: 35 }, { rsiBelow: 40, aboveSma: 200, rsiPeriod: 10 }])).toEqual({ rsiPeriod: 10, rsiBelow: 35, aboveSma: 200 });
    expect(resolveFilters([undefined, { belowEma: 20 }])).toEqual({ rsiPeriod: 14, belowEma: 20 });
  });

  it('§2.11: false turns a filter off; nothing on (or an rsi_period alone) is no filter at all', () => {
    expect(resolveFilters([{ aboveSma: false }, { rsiBelow: 40, aboveSma: 200 }])).toEqual({ rsiPeriod: 14, rsiBelow: 40 });
    expect(resolveFilters([{ rsiBelow: false }, { rsiBelow: 40 }])).toBeUndefined();
    expect(resolveFilters([{ rsiPeriod: 7 }, undefined])).toBeUndefined();
    expect(resolveFilters([])).toBeUndefined();
  });
});

describe('evaluateFilters — §2.11', () => {
  beforeAll(() => ready());

  it("§2.11: the closes a filter needs come from the kernel's lookback; RSI and EMA use up to 10 periods", () => {
    expect([closesNeeded({ indicator: 'RSI', period: 14 }), closesWanted({ indicator: 'RSI', period: 14 })]).toEqual([15, 141]);
    expect([closesNeeded({ indicator: 'SMA', period: 200 }), closesWanted({ indicator: 'SMA', period: 200 })]).toEqual([200, 200]);
    expect([closesNeeded({ indicator: 'EMA', period: 20 }), closesWanted({ indicator: 'EMA', period: 20 })]).toEqual([20, 200]);
  });

  it('§2.11: closes that only rise have RSI 100 — above 70, not below it — and closes that only fall RSI 0', () => {
    const up = evaluateFilters(filters({ rsiBelow: 70, rsiAbove: 60 }), rising(30));
    expect(up.map((v) => [v.code, v.pass, v.value, v.level])).toEqual([
      ['RSI_BELOW', false, 100, 70],
      ['RSI_ABOVE', true, 100, 60],
    ]);
    expect(up.map((v) => v.message)).toEqual(['RSI(14) 100 is not below 70 (rsi_below)', 'RSI(14) 100 > 60 (rsi_above)']);
    const down = evaluateFilters(filters({ rsiBelow: 30 }), falling(30));
    expect(down[0]).toMatchObject({ pass: true, value: 0, message: 'RSI(14) 0 < 30 (rsi_below)' });
  });

  it('§2.11: the last close against its SMA and EMA (a straight line: SMA(4) of 7..10 is 8.5, EMA(3) runs one below)', () => {
    const v = evaluateFilters(filters({ aboveSma: 4, belowSma: 5, aboveEma: 3 }), rising(10, 1));
    expect(v.map((x) => [x.code, x.pass, x.value, x.level])).toEqual([
      ['ABOVE_SMA', true, 10, 8.5],
      ['BELOW_SMA', false, 10, 8],
      ['ABOVE_EMA', true, 10, 9],
    ]);
    expect(v[0].message).toBe('close 10 > SMA(4) 8.5 (above_sma)');
    expect(v[1].message).toBe('close 10 is not below SMA(5) 8 (below_sma)');
  });

  it('§2.11: the comparisons are strict: a close equal to its average passes neither above nor below', () => {
    const v = evaluateFilters(filters({ aboveSma: 5, belowEma: 5 }), Array<number>(20).fill(50));
    expect(v.map((x) => x.pass)).toEqual([false, false]);
  });

  it('§2.11: on SPY since 1993 the filter values are TA-Lib’s over the whole history (RSI within 0.01, the SMA exactly)', () => {
    const spy = sampleSeries().find((s) => s.name === 'SPY_1d.csv')!;
    const closes = Array.from(spy.close);
    const last = spy.length - 1;
    const talib = (id: string, period: number) => talibOutputs(id, spy, { period })!.value[last];
    const [r, s, e] = evaluateFilters(filters({ rsiAbove: 0, belowSma: 200, aboveEma: 50 }), closes);
    expect(Math.abs(r.value - talib('rsi', 14))).toBeLessThan(0.01);
    expect(s.level).toBeCloseTo(talib('sma', 200), 8);
    expect(Math.abs(e.level - talib('ema', 50)) / e.level).toBeLessThan(1e-4);
  });

  it('§2.11: too few closes are a failure with the numbers, never a pass', () => {
    const [r, s] = evaluateFilters(filters({ rsiBelow: 70, aboveSma: 200 }), falling(10));
    expect(r).toMatchObject({ pass: false, code: 'NOT_ENOUGH_CLOSES', message: 'RSI(14) needs 15 closes, the snapshot has 10 (rsi_below)' });
    expect(s).toMatchObject({ pass: false, code: 'NOT_ENOUGH_CLOSES', message: 'SMA(200) needs 200 closes, the snapshot has 10 (above_sma)' });
    expect(evaluateFilters(filters({ rsiBelow: 70 }), falling(15))[0]).toMatchObject({ code: 'RSI_BELOW', pass: true });
    expect(evaluateFilters(filters({ aboveEma: 20 }), [])[0]).toMatchObject({ pass: false, code: 'NOT_ENOUGH_CLOSES', message: 'EMA(20) needs 20 closes, the snapshot has 0 (above_ema)' });
  });

  it('§2.11: the gate passes when every filter passes, else FILTERED names each failing one', () => {
    expect(filterGate(evaluateFilters(filters({ rsiAbove: 50, aboveSma: 5 }), rising(30)))).toBeUndefined();
    expect(filterGate(evaluateFilters(filters({ rsiBelow: 70, belowSma: 5 }), rising(30)))).toEqual({
      code: 'FILTERED',
      message: 'not written: RSI(14) 100 is not below 70 (rsi_below); close 129 is not below SMA(5) 127 (below_sma)',
    });
  });
});

describe('filters in the configuration — §2.11, §6.1', () => {
  const WHEEL = [...MINIMAL, '[strategies.wheel.write_when.puts]', 'rsi_below = 40', 'above_sma = 200'];

  it("§2.11: write_when keys of the wheel and of a symbol, the symbol's over the wheel's per key", () => {
    const wheel = wheelOf(toml(...WHEEL, '[symbols.QQQ.puts.write_when]', 'rsi_below = 35', 'above_sma = false', '[symbols.QQQ.calls.write_when]', 'red = true', 'above_ema = 20'));
    expect(wheel.writeFilters).toEqual({ puts: { rsiBelow: 40, aboveSma: 200 } });
    expect(symbolWriteFilters(wheel, 'SPY', 'P')).toEqual({ rsiPeriod: 14, rsiBelow: 40, aboveSma: 200 });
    expect(symbolWriteFilters(wheel, 'QQQ', 'P')).toEqual({ rsiPeriod: 14, rsiBelow: 35 });
    expect(symbolWriteFilters(wheel, 'QQQ', 'C')).toEqual({ rsiPeriod: 14, aboveEma: 20 });
    expect(symbolWriteFilters(wheel, 'SPY', 'C')).toBeUndefined();
    expect(wheel.symbols.get('QQQ')?.calls?.writeWhen).toEqual({ red: true });
    // The closes the engine keeps: EMA(20) wants 200, SMA(200) 200, RSI(14) 141.
    expect(filterHistoryDays(wheel)).toBe(200);
  });

  it('§2.11: without filter keys the wheel is as before (the thetagang-like example file)', async () => {
    const wheel = wheelConfigOf((await loadConfig(join(ROOT, 'tests/fixtures/wheel/moneytrailz.toml'))).config);
    expect(wheel.writeFilters).toBeUndefined();
    expect([...wheel.symbols.values()].some((s) => s.puts?.filters ?? s.calls?.filters)).toBe(false);
    expect(filterHistoryDays(wheel)).toBe(0);
  });

  it('§2.11: a value out of range or of the wrong type names its line and key', () => {
    expect(wheelError(toml(...WHEEL, 'rsi_above = 101'))).toBe('moneytrailz.toml:14: strategies.wheel.write_when.puts.rsi_above: must be a number in [0, 100] or false (off), got 101');
    expect(wheelError(toml(...MINIMAL, '[symbols.SPY.calls.write_when]', 'below_sma = true'))).toMatch(/^moneytrailz\.toml:12: symbols\.SPY\.calls\.write_when\.below_sma: must be an integer in \[2, 400\] or false \(off\), got the boolean true$/);
    expect(wheelError(toml(...MINIMAL, '[strategies.wheel.write_when.calls]', 'rsi_period = 1', 'rsi_above = 70'))).toMatch(/^moneytrailz\.toml:12: strategies\.wheel\.write_when\.calls\.rsi_period: must be an integer in \[2, 100\]/);
  });

  it('§2.11: filters that can never pass are refused at the key that makes them so', () => {
    expect(wheelError(toml(...WHEEL, 'rsi_above = 45'))).toBe(
      "moneytrailz.toml:12: strategies.wheel.write_when.puts.rsi_below: rsi_below (40) must be above rsi_above (45) for SPY's puts: no RSI is below 40 and above 45",
    );
    expect(wheelError(toml(...WHEEL, '[symbols.QQQ.puts.write_when]', 'rsi_above = 50'))).toBe(
      "moneytrailz.toml:15: symbols.QQQ.puts.write_when.rsi_above: rsi_below (40) must be above rsi_above (50) for QQQ's puts: no RSI is below 40 and above 50",
    );
    expect(wheelError(toml(...WHEEL, '[symbols.SPY.puts.write_when]', 'below_sma = 200'))).toBe(
      "moneytrailz.toml:15: symbols.SPY.puts.write_when.below_sma: above_sma and below_sma are both 200 for SPY's puts: no close is above and below the same SMA",
    );
  });

  it('§2.11: an rsi_period that no RSI level uses is refused', () => {
    expect(wheelError(toml(...WHEEL, '[symbols.QQQ.puts.write_when]', 'rsi_below = false', 'rsi_period = 7'))).toBe(
      "moneytrailz.toml:16: symbols.QQQ.puts.write_when.rsi_period: filters nothing: no rsi_below or rsi_above applies to QQQ's puts",
    );
    expect(wheelError(toml(...MINIMAL, '[strategies.wheel.write_when.calls]', 'rsi_period = 7', '[symbols.SPY.calls.write_when]', 'rsi_above = 60', 'rsi_period = 9'))).toMatch(
      /^moneytrailz\.toml:12: strategies\.wheel\.write_when\.calls\.rsi_period: filters nothing: no rsi_below or rsi_above uses it/,
    );
  });
});

/** A put chain for SPY around 400 (two expirations), as in pass.test.ts. */
function spyChain(): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [];
  for (const expiry of ['20250307', '20250321']) {
    for (let k = 370; k <= 430; k += 5) {
      const callDelta = Math.max(0.02, Math.min(0.98, 0.5 - ((k - 400) / 400) * 6));
      for (const right of ['P', 'C']) {
        const delta = right === 'C' ? callDelta : callDelta - 1;
        const mid = Math.max(0.05, Math.abs(delta) * 12);
        out.push({ symbol: 'SPY', right, strike: k, expiry, multiplier: 100, bid: +(mid - 0.05).toFixed(2), ask: +(mid + 0.05).toFixed(2), last: +mid.toFixed(2), modelPrice: +(mid + 0.01).toFixed(2), delta: +delta.toFixed(3), openInterest: 500 });
      }
    }
  }
  return out;
}

/** A $400k cash account on a red day (SPY 400, previous close 402) with `closes` as SPY's history. */
const snapshot = (closes: readonly number[], positions: Record<string, unknown>[] = []) =>
  readSnapshot({
    time: '2025-01-21T15:00:00Z',
    account: { netLiquidation: 400_000, totalCashValue: 400_000 },
    quotes: { SPY: { bid: 399.9, ask: 400.1, last: 400, close: 402 } },
    positions,
    chains: spyChain(),
    history: closes.length === 0 ? {} : { SPY: { date: closes.map((_, i) => new Date(Date.UTC(2024, 0, 1) + i * 86_400_000).toISOString().slice(0, 10)), close: closes } },
  });

const config = (puts?: WheelConfig['writeFilters']): WheelConfig => {
  const d = wheelDefaults({ marginUsage: 0.5, targetDte: 45, rollDte: 15, symbols: new Map<string, SymbolConfig>([['SPY', { weight: 1 }]]) });
  return puts ? { ...d, writeFilters: puts } : d;
};

describe('technical filters in the pass — §2.11', () => {
  beforeAll(() => ready());
  const put = (r: ReturnType<typeof wheelPass>) => r.decisions.filter((d) => d.stage === 'write_puts');

  it('§2.11: a failing filter skips the write with FILTERED, after a decision with its verdict', () => {
    const r = wheelPass(config({ puts: { rsiBelow: 70 } }), snapshot(rising(40, 380)));
    expect(r.orders.filter((o) => o.stage === 'write_puts')).toEqual([]);
    expect(put(r)).toEqual([
      { stage: 'write_puts', symbol: 'SPY', verdict: 'fail', code: 'RSI_BELOW', message: 'RSI(14) 100 is not below 70 (rsi_below)' },
      expect.objectContaining({ verdict: 'skip', code: 'FILTERED' }),
    ]);
    expect(put(r)[1].message).toMatch(/→ 5 puts needed; not written: RSI\(14\) 100 is not below 70 \(rsi_below\)$/);
  });

  it('§2.11: passing filters leave the write as it is without them, with their verdicts before it', () => {
    const snap = snapshot(falling(40, 440));
    const filtered = wheelPass(config({ puts: { rsiBelow: 70, belowSma: 20 } }), snap);
    const plain = wheelPass(config(), snap);
    expect(filtered.orders).toEqual(plain.orders);
    expect(filtered.orders.some((o) => o.stage === 'write_puts')).toBe(true);
    expect(put(filtered).map((d) => [d.verdict, d.code])).toEqual([
      ['pass', 'RSI_BELOW'],
      ['pass', 'BELOW_SMA'],
      ['write', 'PUTS_NEEDED'],
    ]);
    // Without filters the trace has no filter decisions.
    expect(plain.decisions.some((d) => d.verdict === 'pass' || d.verdict === 'fail')).toBe(false);
  });

  it('§2.11: a snapshot with too few closes (or none) writes nothing and says how many there are', () => {
    for (const [closes, has] of [[falling(10), 10], [[], 0]] as const) {
      const r = wheelPass(config({ puts: { rsiBelow: 70 } }), snapshot(closes));
      expect(r.orders.filter((o) => o.stage === 'write_puts')).toEqual([]);
      expect(put(r)[0]).toMatchObject({ verdict: 'fail', code: 'NOT_ENOUGH_CLOSES', message: `RSI(14) needs 15 closes, the snapshot has ${has} (rsi_below)` });
      expect(put(r)[1].message).toContain(`not written: RSI(14) needs 15 closes, the snapshot has ${has}`);
    }
  });

  it('§2.11: every symbol and right a filter applies to gets its verdict, even when nothing is to be written', () => {
    // 500 shares held at the target: no put needed, no call filter set.
    const shares = [{ symbol: 'SPY', secType: 'STK', position: 500, avgCost: 390, marketPrice: 400, unrealizedPnl: 5000 }];
    const r = wheelPass(config({ puts: { aboveSma: 20 } }), snapshot(falling(40, 440), shares));
    expect(put(r).map((d) => [d.verdict, d.code])).toEqual([
      ['fail', 'ABOVE_SMA'],
      ['skip', 'AT_TARGET'],
    ]);
    expect(r.decisions.filter((d) => d.stage === 'write_calls').every((d) => d.verdict !== 'pass' && d.verdict !== 'fail')).toBe(true);
  });
});

describe('trend-filters-red-day (tests/fixtures/wheel, scenarios.md)', () => {
  beforeAll(() => ready());

  it('§2.11: with rsi_below = 70 and above_sma = 200 on puts only SPY gets its put; the other orders stay', async () => {
    const dir = join(ROOT, 'tests/fixtures/wheel');
    const plainText = readFileSync(join(dir, 'moneytrailz.toml'), 'utf8');
    const header = '[strategies.wheel.write_when.puts]\ngreen = false\nred = true\n';
    expect(plainText).toContain(header);
    const plain = wheelConfigOf((await loadConfig(join(dir, 'moneytrailz.toml'))).config);
    const filtered = wheelOf(plainText.replace(header, `${header}rsi_below = 70\nabove_sma = 200\n`));
    const snap = readSnapshot(JSON.parse(readFileSync(join(dir, 'trend-filters-red-day.json'), 'utf8')));
    const before = wheelPass(plain, snap);
    const after = wheelPass(filtered, snap);
    const writes = (r: typeof before) => r.orders.filter((o) => o.stage === 'write_puts');
    expect(writes(before).map((o) => o.symbol)).toEqual(['SPY', 'QQQ', 'TLT', 'ABNB']);
    expect(writes(after)).toEqual(writes(before).filter((o) => o.symbol === 'SPY'));
    // The VIX hedge is the same; the cash sweep buys less (fewer premiums come in).
    expect(after.orders.filter((o) => o.stage === 'vix_hedge')).toEqual(before.orders.filter((o) => o.stage === 'vix_hedge'));
    const sweep = (r: typeof before) => r.orders.find((o) => o.stage === 'cash_management')!.quantity;
    expect(sweep(after)).toBeLessThan(sweep(before));
    const verdicts = (symbol: string) => after.decisions.filter((d) => d.stage === 'write_puts' && d.symbol === symbol).map((d) => `${d.verdict} ${d.code}`);
    expect(verdicts('SPY')).toEqual(['pass RSI_BELOW', 'pass ABOVE_SMA', 'write PUTS_NEEDED']);
    expect(verdicts('QQQ')).toEqual(['pass RSI_BELOW', 'fail ABOVE_SMA', 'skip FILTERED']);
    expect(verdicts('TLT')).toEqual(['fail RSI_BELOW', 'pass ABOVE_SMA', 'skip FILTERED']);
    expect(verdicts('ABNB')).toEqual(['fail NOT_ENOUGH_CLOSES', 'fail NOT_ENOUGH_CLOSES', 'skip FILTERED']);
    expect(after.decisions.find((d) => d.symbol === 'ABNB' && d.code === 'FILTERED')!.message).toContain(
      'not written: RSI(14) needs 15 closes, the snapshot has 10 (rsi_below); SMA(200) needs 200 closes, the snapshot has 10 (above_sma)',
    );
  });
});

describe('technical filters in a backtest (WheelStrategy, SPY 2012) — §2.11', () => {
  beforeAll(() => ready());

  it('§2.11: the engine keeps the closes the filters use: SMA(50) is computed from its 50th bar, and a failing day writes no put', () => {
    const bars = daily('SPY', '2012-01-03', '2012-12-31');
    const base = wheelDefaults({ marginUsage: 1, targetDte: 30, rollDte: 7, symbols: new Map<string, SymbolConfig>([['SPY', { weight: 1 }]]) });
    let strategy: WheelStrategy | undefined;
    runPortfolioBacktest({
      market: new MarketData([bars]),
      sleeves: [sleeve('wheel', (symbols) => (strategy = new WheelStrategy({ ...base, writeFilters: { puts: { aboveSma: 50 } } }, symbols)), { symbols: ['SPY'] })],
      settings: settings({ initialCash: 100_000, finalizeTrades: false }),
      options: new SyntheticOptionQuotes([bars]),
    });
    const verdicts = strategy!.trace.filter((d) => d.stage === 'write_puts' && (d.verdict === 'pass' || d.verdict === 'fail'));
    expect(verdicts.length).toBe(new Set(strategy!.trace.map((d) => d.date)).size); // one per pass
    // Too few closes until the snapshot holds 50 (the σ window alone would keep 31: never enough), then SMA(50) every day.
    const first = verdicts.findIndex((d) => d.code === 'ABOVE_SMA');
    expect(first).toBeGreaterThan(0);
    expect(verdicts.slice(0, first).every((d) => d.code === 'NOT_ENOUGH_CLOSES')).toBe(true);
    expect(verdicts[first - 1].message).toBe('SMA(50) needs 50 closes, the snapshot has 49 (above_sma)');
    expect(verdicts.slice(first).every((d) => d.code === 'ABOVE_SMA')).toBe(true);
    expect(new Set(verdicts.slice(first).map((d) => d.verdict))).toEqual(new Set(['pass', 'fail']));
    const failed = new Set(verdicts.filter((d) => d.verdict === 'fail').map((d) => d.date));
    const written = strategy!.trace.filter((d) => d.stage === 'write_puts' && d.verdict === 'write');
    expect(written.length).toBeGreaterThan(0);
    expect(written.some((d) => failed.has(d.date))).toBe(false);
  });
});
