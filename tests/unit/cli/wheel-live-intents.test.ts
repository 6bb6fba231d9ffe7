// How the live run sends a pass's orders (docs/wheel-rules.md §6.3): each order as one intent — a write
// or a buy-back by the option's OSI symbol, a roll as one combo at its net limit — with an id derived
// from the decision, so the same decision on the same day is the same intent.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { decodeClientMessage } from '../../../shared/protocol/index.ts';
import type { WheelOrder } from '../../../shared/strategies/wheel/pass.ts';
import { intentIdOf, intentOf } from '../../../bridge/cli/wheel-live.ts';
import { ROOT } from '../../support/source-rules.ts';

const expected = JSON.parse(readFileSync(join(ROOT, 'tests/fixtures/wheel/expected/profitable-put-roll.json'), 'utf8')) as { orders: WheelOrder[] };
const roll = expected.orders.find((o) => o.contract.secType === 'BAG')!;
const write: WheelOrder = { stage: 'write_puts', symbol: 'SPY', action: 'SELL', quantity: 2, orderType: 'LMT', limit: 3.22, tif: 'DAY', contract: { secType: 'OPT', right: 'P', strike: 385, expiry: '20250307', multiplier: 100 } };

describe('the live run’s intents', () => {
  it('a write goes as one leg on the option’s OSI symbol at the pass’s limit, and the bridge accepts the message', () => {
    const i = intentOf(write);
    expect(i.body).toEqual({ legs: [{ instrument: 'SPY250307P00385000', side: 'SELL', quantity: 2, orderType: 'LMT', limitPrice: 3.22, tif: 'DAY' }] });
    const id = intentIdOf('wheel', 20250121, write, i.key);
    expect(() => decodeClientMessage(JSON.stringify({ type: 'intent', intentId: id, leaseToken: 3, strategyId: 'wheel', createdAt: 1, ...i.body }))).not.toThrow();
  });

  it('a roll goes as one combo: buy the old option, sell the new one, at the net limit (negative = credit)', () => {
    const i = intentOf(roll);
    expect(i.body).toEqual({
      legs: [
        { instrument: 'QQQ250131P00480000', side: 'BUY', quantity: 1 },
        { instrument: 'QQQ250417P00480000', side: 'SELL', quantity: 1 },
      ],
      combo: { side: 'BUY', quantity: 2, orderType: 'LMT', limitPrice: -5.51, tif: 'DAY' },
    });
    const id = intentIdOf('wheel', 20250121, roll, i.key);
    expect(() => decodeClientMessage(JSON.stringify({ type: 'intent', intentId: id, leaseToken: 3, strategyId: 'wheel', createdAt: 1, ...i.body }))).not.toThrow();
  });

  it('the intent id is the same for the same decision on the same day, and another for another day, contract or size', () => {
    const key = intentOf(write).key;
    const id = intentIdOf('wheel', 20250121, write, key);
    expect(id).toMatch(/^wheel\.wheel\.20250121\.[0-9a-f]{16}$/);
    expect(intentIdOf('wheel', 20250121, write, key)).toBe(id);
    expect(intentIdOf('wheel', 20250122, write, key)).not.toBe(id);
    expect(intentIdOf('wheel', 20250121, { ...write, quantity: 1 }, key)).not.toBe(id);
    expect(intentIdOf('wheel', 20250121, write, 'SPY250307P00380000')).not.toBe(id);
    // A long or odd instance name still makes a valid id (at most 100 of [A-Za-z0-9._:-]).
    expect(intentIdOf('my wheel/'.repeat(20), 20250121, write, key)).toMatch(/^[A-Za-z0-9._:-]{1,100}$/);
  });
});
