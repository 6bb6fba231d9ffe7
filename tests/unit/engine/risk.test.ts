// The risk gate in a run: max_drawdown halts new entries once breached; position_size_limit caps a
// position's share of equity. Both are named in the run's risk events when they act.
import { beforeAll, describe, expect, it } from 'vitest';
import { checkIntent } from '../../../shared/risk/check-intent.ts';
import { ready } from '../../../shared/indicators/index.ts';
import { SmaCross } from '../../../shared/strategies/sma-cross.ts';
import { googBars } from '../../support/goog-canonical.ts';
import { run, settings } from './support.ts';

beforeAll(async () => {
  await ready();
});

const canonical = () => new SmaCross({ fast: 10, slow: 30, direction: 'long_short' }, ['GOOG']);

describe('checkIntent (pure)', () => {
  const base = { equity: 80, peakEquity: 100, position: 0, price: 10, defaultSize: 0.99 };
  it('denies entries at or beyond max_drawdown, allows closes and reducing orders', () => {
    expect(checkIntent({ action: 'buy' }, base, { maxDrawdown: 0.2 })).toEqual({ ok: false, reason: 'MAX_DRAWDOWN_HALT' });
    expect(checkIntent({ action: 'buy' }, base, { maxDrawdown: 0.25 }).ok).toBe(true);
    expect(checkIntent({ action: 'close' }, base, { maxDrawdown: 0.1 }).ok).toBe(true);
    expect(checkIntent({ action: 'sell' }, { ...base, position: 5 }, { maxDrawdown: 0.1 }).ok).toBe(true);
  });
  it('caps the entry fraction (or shares) to the room left under position_size_limit', () => {
    const d = checkIntent({ action: 'buy' }, base, { positionSizeLimit: 0.1 });
    expect(d).toEqual({ ok: true, intent: { action: 'buy', size: 0.1 }, adjusted: 'POSITION_SIZE_CAPPED' });
    const shares = checkIntent({ action: 'buy', size: 5 }, base, { positionSizeLimit: 0.25 });
    expect(shares).toEqual({ ok: true, intent: { action: 'buy', size: 2 }, adjusted: 'POSITION_SIZE_CAPPED' }); // floor(0.25·80/10)
    expect(checkIntent({ action: 'buy' }, { ...base, position: 1 }, { positionSizeLimit: 0.1 })).toEqual({ ok: false, reason: 'POSITION_SIZE_FULL' });
  });
});

describe('risk limits in a backtest', () => {
  it('max_drawdown halts new entries after the breach; exits still happen; the report names the rule', () => {
    const free = run(googBars(), canonical());
    const limited = run(googBars(), canonical(), settings({ risk: { maxDrawdown: 0.25 } }));
    expect(limited.run.riskEvents.length).toBeGreaterThan(0);
    expect(limited.run.riskEvents[0]).toMatchObject({ rule: 'max_drawdown', reason: 'MAX_DRAWDOWN_HALT' });
    const firstHalt = limited.run.riskEvents[0].bar;
    expect(limited.trades.every((t) => t.entryBar <= firstHalt)).toBe(true);
    expect(limited.trades.length).toBeLessThan(free.trades.length);
    // Before the first halt, both runs are identical.
    expect(Array.from(limited.equity.slice(0, firstHalt))).toEqual(Array.from(free.equity.slice(0, firstHalt)));
  });

  it('position_size_limit keeps every entry within the limit of equity and is reported', () => {
    const r = run(googBars(), canonical(), settings({ risk: { positionSizeLimit: 0.1 } }));
    expect(r.run.riskEvents.some((e) => e.rule === 'position_size_limit')).toBe(true);
    for (const t of r.trades) {
      const equityBefore = r.equity[t.entryBar - 1];
      expect(Math.abs(t.size) * t.entryPrice).toBeLessThanOrEqual(0.1 * equityBefore * 1.05); // sized at the prior close, filled at the open
    }
  });
});
