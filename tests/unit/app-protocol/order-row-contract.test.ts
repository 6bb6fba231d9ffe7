// The `orders` topic's row names its contract (docs/app-protocol.md §2): an option by its OSI symbol, a
// combo by its legs through the conIds the bridge has resolved. TWS's contract is untrusted input: a
// malformed one gives fewer fields, never a throw, and a flood of legs is cut.
import { describe, expect, it } from 'vitest';
import type { Contract } from '@stoqey/ib';
import { contractFields } from '../../../bridge/app-protocol/order-feed.ts';
import { option, stock, type Instrument } from '../../../shared/domain/instrument.ts';

const SPY = stock('SPY');
const OLD = option(SPY, 'P', 126, 20120217, { conId: 11 });
const NEW = option(SPY, 'P', 126, 20120316, { conId: 12 });
const known = { byConId: (id: number): Instrument | undefined => (id === 11 ? OLD : id === 12 ? NEW : undefined) };

describe('an order row’s contract', () => {
  it('an option by its OSI symbol; shares and indices add nothing', () => {
    const put = { secType: 'OPT', symbol: 'SPY', right: 'P', strike: 126, lastTradeDateOrContractMonth: '20120217', multiplier: '100', currency: 'USD' } as unknown as Contract;
    expect(contractFields(put, known)).toEqual({ instrument: 'SPY120217P00126000' });
    expect(contractFields({ secType: 'STK', symbol: 'SPY' } as Contract, known)).toEqual({});
    expect(contractFields(undefined, known)).toEqual({});
  });

  it('a combo by its legs, an unresolved leg by its conId', () => {
    const bag = { secType: 'BAG', symbol: 'SPY', comboLegs: [{ conId: 11, ratio: 1, action: 'BUY' }, { conId: 12, ratio: 1, action: 'SELL' }, { conId: 99, ratio: 2, action: 'SELL' }] } as unknown as Contract;
    expect(contractFields(bag, known)).toEqual({
      legs: [
        { instrument: 'SPY120217P00126000', ratio: 1, action: 'BUY' },
        { instrument: 'SPY120316P00126000', ratio: 1, action: 'SELL' },
        { instrument: 'conId 99', ratio: 2, action: 'SELL' },
      ],
    });
  });

  it('untrusted input: a bad option, junk legs and a flood of legs never throw', () => {
    expect(contractFields({ secType: 'OPT', symbol: 'SPY', right: 'X', strike: 1, lastTradeDateOrContractMonth: 'soon' } as unknown as Contract, known)).toEqual({});
    expect(contractFields({ secType: 'BAG', comboLegs: 'many' } as unknown as Contract, known)).toEqual({});
    const junk = contractFields({ secType: 'BAG', comboLegs: [null, { conId: 'x', ratio: Infinity, action: 7 }] } as unknown as Contract, known);
    expect(junk).toEqual({ legs: [{ instrument: 'conId ?', ratio: 1, action: 'BUY' }, { instrument: 'conId ?', ratio: 1, action: 'BUY' }] });
    const flood = contractFields({ secType: 'BAG', comboLegs: Array.from({ length: 10_000 }, () => ({ conId: 11, ratio: 1, action: 'BUY' })) } as unknown as Contract, known);
    expect((flood.legs as unknown[]).length).toBe(8);
  });
});
