// Client message validation with field paths, topic parsing and the one patch rule
// (shared/protocol; docs/app-protocol.md §2, §5).
import { describe, expect, it } from 'vitest';
import { applyPatch, decodeClientMessage, formatTopic, MessageError, parseTopic, protocolVerdict, MIN_CLIENT_PROTOCOL, PROTOCOL_VERSION } from '../../../shared/protocol/index.ts';

function problem(msg: unknown): { path: string; message: string; id?: string } {
  try {
    decodeClientMessage(typeof msg === 'string' ? msg : JSON.stringify(msg));
  } catch (err) {
    expect(err).toBeInstanceOf(MessageError);
    const e = err as MessageError;
    return { path: e.path, message: e.message, id: e.id };
  }
  throw new Error(`accepted: ${JSON.stringify(msg)}`);
}

describe('decodeClientMessage', () => {
  it('names the path of the first bad field, with the message id when it has one', () => {
    expect(problem({ type: 'subscribe', id: 's1', subscriptions: [{ topic: 'account' }, { topic: 'pnl' }, { topic: 'quotes:' }] })).toEqual({
      path: 'subscriptions[2].topic',
      message: expect.stringMatching(/^subscriptions\[2\]\.topic: quotes:<SYMBOL\|conId\|OSI>: expected/),
      id: 's1',
    });
    expect(problem({ type: 'subscribe', id: 's1', subscriptions: [{ topic: 'account' }, 'pnl'] }).path).toBe('subscriptions[1]');
    expect(problem({ type: 'subscribe', id: 'bad id!', subscriptions: [] }).path).toBe('id');
    expect(problem({ type: 'subscribe', id: 's', subscriptions: Array.from({ length: 101 }, () => ({ topic: 'pnl' })) }).message).toMatch(/at most 100 items, got 101/);
    expect(problem({ type: 'intent', intentId: 'i', createdAt: 5, legs: [{ instrument: 'SPY', side: 'BUY', quantity: 1, orderType: 'MKT', limitPrice: 3 }] })).toMatchObject({ path: 'legs[0].limitPrice', message: /not allowed for a MKT order/, id: 'i' });
    expect(problem({ type: 'intent', intentId: 'i', createdAt: 5, legs: [{ instrument: 'SPY', side: 'BUY', quantity: 1, orderType: 'STP LMT', limitPrice: 3 }] }).path).toBe('legs[0].stopPrice');
    expect(problem({ type: 'command', commandId: 'c', kind: 'arm' }).path).toBe('strategyId');
    expect(problem({ type: 'command', commandId: 'c', kind: 'cancel' }).path).toBe('intentId');
    expect(problem({ type: 'historicalBars', id: 'h', instrument: 'SPY', barSize: '1m', duration: '1 D', end: '2012-01-03' }).path).toBe('end');
    expect(problem({ type: 'optionChain', id: 'o', symbol: '756733', strikes: 5 }).path).toBe('symbol');
    expect(problem({ type: 'optionChain', id: 'o', symbol: 'SPY', strikes: 51 }).message).toBe('strikes: expected at most 50, got 51');
    expect(problem('[1]')).toMatchObject({ path: '$', message: '$: expected a JSON object' });
    expect(problem({ kind: 'x' })).toMatchObject({ path: 'type', message: 'type: expected a string, got nothing' });
  });

  it('accepts valid messages and ignores unknown fields (a newer minor may add some)', () => {
    const ok = [
      { type: 'hello', protocol: 2, minor: 3, client: 'x', clientVersion: '1', extra: [1] },
      { type: 'subscribe', id: 'a:1', subscriptions: [{ topic: 'quotes:SPY', fromSeq: 4 }, { topic: 'quotes:756733' }, { topic: 'bars:BRK.B:1d' }] },
      { type: 'unsubscribe', id: 'u', topics: ['orders'] },
      { type: 'resync', topic: 'positions' },
      { type: 'historicalBars', id: 'h', instrument: '756733', barSize: '1h', duration: '10 D', end: '', whatToShow: 'MIDPOINT', rth: false },
      { type: 'optionChain', id: 'o', symbol: 'SPY', expiry: '20120120' },
      { type: 'intent', intentId: 'strat-1:20120103T1000:0', leaseToken: 7, strategyId: 'wheel', createdAt: 1, legs: [{ instrument: 'SPY', side: 'SELL', quantity: 2, orderType: 'STP LMT', limitPrice: 1, stopPrice: 1.1, tif: 'GTC' }] },
      { type: 'command', commandId: 'c', kind: 'setLimit', limit: 'maxOrderValue', value: 1000 },
    ];
    for (const m of ok) expect(decodeClientMessage(JSON.stringify(m)), JSON.stringify(m)).toEqual(m);
  });
});

describe('topics', () => {
  it('parses and formats every kind; refuses lower case, unknown sizes and extra parts with the forms', () => {
    for (const t of ['quotes:SPY', 'quotes:756733', 'bars:SPY:5m', 'account', 'positions', 'orders', 'pnl']) {
      const parsed = parseTopic(t);
      expect(typeof parsed, t).toBe('object');
      expect(formatTopic(parsed as never)).toBe(t);
    }
    expect(parseTopic('quotes:spy')).toMatch(/upper-case/);
    expect(parseTopic('bars:SPY:2m')).toMatch(/bar size of 5s, 1m, 5m/);
    expect(parseTopic('account:DU1')).toMatch(/^expected quotes:<SYMBOL\|conId\|OSI>, bars:/);
    expect(parseTopic('quotes:99999999999')).toMatch(/upper-case symbol/);
  });

  it('applyPatch merges shallowly and deletes on null', () => {
    expect(applyPatch({ a: 1, b: 2, c: { x: 1 } }, { b: null, c: { y: 2 }, d: 0 })).toEqual({ a: 1, c: { y: 2 }, d: 0 });
  });
});

describe('protocol versions', () => {
  it('an older major is too old, a newer one needs a newer bridge, the same major is fine', () => {
    expect(protocolVerdict(MIN_CLIENT_PROTOCOL - 1)).toBe('client-too-old');
    expect(protocolVerdict(PROTOCOL_VERSION)).toBe('ok');
    expect(protocolVerdict(PROTOCOL_VERSION + 1)).toBe('server-too-old');
  });
});
