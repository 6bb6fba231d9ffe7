// How a client holds the bridge's topics (docs/app-protocol.md §2), the one rule the app and the CLI's
// bridge client share: a snapshot is the state, deltas apply in seq order (null deletes a key), a delta
// past a gap is dropped and asks for a resync, a stale delta is ignored, TOPIC_FAILED drops the state.
import { describe, expect, it } from 'vitest';
import { TopicStates } from '../../../shared/protocol/topic-states.ts';

describe('TopicStates', () => {
  it('snapshot, then deltas in order; a gap asks for a resync and changes nothing; the resync snapshot is the new base', () => {
    const t = new TopicStates();
    expect(t.apply({ type: 'snapshot', topic: 'account', seq: 4, data: { 'NetLiquidation:USD': 100, 'portfolio:1': { position: 1 } }, reason: 'subscribed' })).toEqual({ topic: 'account' });
    expect(t.apply({ type: 'delta', topic: 'account', seq: 5, data: { 'NetLiquidation:USD': 101, 'portfolio:1': null } })).toEqual({ topic: 'account' });
    expect(t.state('account')).toEqual({ seq: 5, data: { 'NetLiquidation:USD': 101 } });
    expect(t.apply({ type: 'delta', topic: 'account', seq: 7, data: { 'NetLiquidation:USD': 103 } })).toEqual({ resync: { type: 'resync', topic: 'account', lastSeq: 5 } });
    expect(t.apply({ type: 'delta', topic: 'account', seq: 5, data: { 'NetLiquidation:USD': 0 } })).toEqual({});
    expect(t.state('account')!.data).toEqual({ 'NetLiquidation:USD': 101 });
    t.apply({ type: 'snapshot', topic: 'account', seq: 7, data: { 'NetLiquidation:USD': 103 }, reason: 'resync' });
    t.apply({ type: 'delta', topic: 'account', seq: 8, data: { 'TotalCashValue:USD': 50 } });
    expect(t.state('account')).toEqual({ seq: 8, data: { 'NetLiquidation:USD': 103, 'TotalCashValue:USD': 50 } });
  });

  it('a delta before any snapshot is ignored; refusals and TOPIC_FAILED are kept as failures; forget and clear', () => {
    const t = new TopicStates();
    expect(t.apply({ type: 'delta', topic: 'pnl', seq: 1, data: { dailyPnL: 1 } })).toEqual({});
    expect(t.state('pnl')).toBeUndefined();
    t.refused({ type: 'ack', id: 'a', ok: false, results: [{ topic: 'quotes:ZZZZ', ok: false, code: 'UNKNOWN_INSTRUMENT', message: 'no such stock' }, { topic: 'pnl', ok: true }] });
    expect(t.failure('quotes:ZZZZ')).toEqual({ code: 'UNKNOWN_INSTRUMENT', message: 'no such stock' });
    expect(t.failure('pnl')).toBeUndefined();
    t.apply({ type: 'snapshot', topic: 'quotes:SPY', seq: 1, data: { last: 1 }, reason: 'subscribed' });
    expect(t.apply({ type: 'error', code: 'TOPIC_FAILED', topic: 'quotes:SPY', ackCode: 'TWS_ERROR', message: '101 max lines' })).toEqual({ topic: 'quotes:SPY' });
    expect(t.state('quotes:SPY')).toBeUndefined();
    expect(t.failure('quotes:SPY')?.message).toBe('101 max lines');
    t.forget('quotes:ZZZZ');
    expect(t.failure('quotes:ZZZZ')).toBeUndefined();
    t.apply({ type: 'snapshot', topic: 'pnl', seq: 1, data: {}, reason: 'subscribed' });
    t.clear();
    expect([t.state('pnl'), t.failure('quotes:SPY')]).toEqual([undefined, undefined]);
  });
});
