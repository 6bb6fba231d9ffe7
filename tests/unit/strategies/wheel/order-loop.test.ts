// The live order loop's decisions (wheel-rules.md §2.5.1, §6.3): repricing steps toward the midpoint on
// price_update_delay, the fill_timeout cancel, and when the loop leaves an order to work as placed.
import { describe, expect, it } from 'vitest';
import { DEFAULT_EXECUTION_POLICY, type ExecutionPolicy, type WorkingOrder } from '../../../../shared/strategies/wheel/execution-policy.ts';
import { loopStep, startLoop, updateDelayMs, worksOrder } from '../../../../shared/strategies/wheel/order-loop.ts';

const put: WorkingOrder = { symbol: 'SPY', action: 'SELL', limit: 2.4, contract: { secType: 'OPT', right: 'P', strike: 385, expiry: '20250307', multiplier: 100 } };
const policy = (p: Partial<ExecutionPolicy>): ExecutionPolicy => ({ ...DEFAULT_EXECUTION_POLICY, ...p });
const T0 = Date.UTC(2025, 0, 21, 15, 0, 0);

describe('the live order loop (§2.5.1)', () => {
  it('draws each delay from price_update_delay [min, max] seconds', () => {
    const p = policy({ priceUpdateDelay: [30, 60] });
    expect(updateDelayMs(p, 0)).toBe(30_000);
    expect(updateDelayMs(p, 0.5)).toBe(45_000);
    expect(updateDelayMs(p, 0.999999)).toBe(60_000);
    expect(startLoop(put, p, T0, 0).nextAt).toBe(T0 + 30_000);
  });

  it('works only option orders with repricing steps or a fill timeout', () => {
    expect(worksOrder(policy({}), put)).toBe(false);
    expect(worksOrder(policy({ repriceSteps: 2 }), put)).toBe(true);
    expect(worksOrder(policy({ fillTimeout: 300 }), put)).toBe(true);
    expect(worksOrder(policy({ repriceSteps: 2 }), { ...put, contract: { secType: 'STK' } })).toBe(false);
  });

  it('reprices a SELL one step toward the midpoint when its delay is up, and waits before', () => {
    const p = policy({ repriceSteps: 3, priceUpdateDelay: [30, 30] });
    const o = startLoop(put, p, T0, 0);
    const quote = { bid: 1.9, ask: 2.1 };
    expect(loopStep(o, T0 + 10_000, quote, 0, 0).action).toEqual({ kind: 'keep', reason: { code: 'WAITING', message: 'step 1 due in 20 s' } });
    const first = loopStep(o, T0 + 30_000, quote, 0, 0);
    // 3 steps from 0.40 above the midpoint 2.00: 0.30, 0.20, 0.10 above it.
    expect(first.action).toMatchObject({ kind: 'reprice', limit: 2.3, reason: { code: 'REPRICED' } });
    expect(first.action.reason.message).toMatch(/^step 1 of 3: repriced SELL limit 2\.4 → 2\.3/);
    expect(first.next).toMatchObject({ steps: 1, nextAt: T0 + 60_000, order: { limit: 2.3 } });
    const second = loopStep(first.next, T0 + 60_000, quote, 0, 0);
    expect(second.action).toMatchObject({ kind: 'reprice', limit: 2.2 });
    const third = loopStep(second.next, T0 + 90_000, quote, 0, 0);
    expect(third.action).toMatchObject({ kind: 'reprice', limit: 2.1 });
    expect(loopStep(third.next, T0 + 120_000, quote, 0, 0).action).toMatchObject({ kind: 'done', reason: { code: 'DONE' } });
  });

  it('keeps the limit with the reason when a step would widen the spread or there is no quote, and counts the step', () => {
    const p = policy({ repriceSteps: 2, priceUpdateDelay: [30, 30] });
    const o = startLoop({ ...put, limit: 1.9 }, p, T0, 0); // a SELL at the bid: toward the midpoint is higher, wider
    const widen = loopStep(o, T0 + 30_000, { bid: 1.9, ask: 2.1 }, 0, 0);
    expect(widen.action).toMatchObject({ kind: 'keep', reason: { code: 'KEPT' } });
    expect(widen.action.reason.message).toContain('would widen the spread');
    expect(widen.next.steps).toBe(1);
    const none = loopStep(widen.next, T0 + 60_000, undefined, 0, 0);
    expect(none.action).toEqual({ kind: 'keep', reason: { code: 'KEPT', message: 'step 2 of 2: not repriced: no quote for it now' } });
  });

  it('cancels the unfilled rest once fill_timeout has passed, steps or not', () => {
    const p = policy({ repriceSteps: 5, fillTimeout: 90, priceUpdateDelay: [30, 30] });
    const o = startLoop(put, p, T0, 0);
    expect(loopStep(o, T0 + 89_000, { bid: 1.9, ask: 2.1 }, 0, 0).action.kind).toBe('reprice');
    expect(loopStep(o, T0 + 90_000, { bid: 1.9, ask: 2.1 }, 0, 0).action).toEqual({
      kind: 'cancel',
      reason: { code: 'FILL_TIMEOUT', message: 'not filled within fill_timeout 90 s: the unfilled rest is cancelled' },
    });
    const noSteps = startLoop(put, policy({ fillTimeout: 60 }), T0, 0);
    expect(loopStep(noSteps, T0 + 30_000, undefined, 0, 0).action).toMatchObject({ kind: 'keep', reason: { code: 'WAITING' } });
    expect(loopStep(noSteps, T0 + 60_000, undefined, 0, 0).action.kind).toBe('cancel');
  });
});
