// Minor 2's client messages (docs/app-protocol.md §2, §3): a `preview` is decoded exactly like an intent
// (the same field checks, the same paths) under a request id, its createdAt optional; the `executions`
// topic parses and formats like the other account topics.
import { describe, expect, it } from 'vitest';
import { decodeClientMessage, formatTopic, MessageError, parseTopic } from '../../../shared/protocol/index.ts';

function problem(msg: unknown): { path: string; message: string; id?: string } {
  try {
    decodeClientMessage(JSON.stringify(msg));
  } catch (err) {
    expect(err).toBeInstanceOf(MessageError);
    const e = err as MessageError;
    return { path: e.path, message: e.message, id: e.id };
  }
  throw new Error(`accepted: ${JSON.stringify(msg)}`);
}

const leg = (over: Record<string, unknown> = {}) => ({ instrument: 'SPY', side: 'BUY', quantity: 1, orderType: 'MKT', ...over });

describe('preview messages', () => {
  it('accepts an intent’s fields under an id: one leg (createdAt optional), an option by OSI, a combo', () => {
    const one = { type: 'preview', id: 'p1', legs: [leg()] };
    expect(decodeClientMessage(JSON.stringify(one))).toEqual(one);
    const put = { type: 'preview', id: 'p2', strategyId: 'manual', leaseToken: 3, createdAt: 5, legs: [leg({ instrument: 'SPY250307P00385000', side: 'SELL', orderType: 'LMT', limitPrice: 1.25, tif: 'GTC' })] };
    expect(decodeClientMessage(JSON.stringify(put))).toEqual(put);
    const roll = { type: 'preview', id: 'p3', combo: { side: 'BUY', quantity: 1, orderType: 'LMT', limitPrice: -0.4 }, legs: [{ instrument: 'SPY250307P00385000', side: 'BUY', quantity: 1 }, { instrument: 'SPY250404P00385000', side: 'SELL', quantity: 1 }] };
    expect(decodeClientMessage(JSON.stringify(roll))).toEqual(roll);
  });

  it('names the bad field’s path, with the preview’s id, as for an intent', () => {
    expect(problem({ type: 'preview', id: 'p', legs: [leg({ orderType: 'LMT' })] })).toMatchObject({ path: 'legs[0].limitPrice', message: /expected a number, got nothing/, id: 'p' });
    expect(problem({ type: 'preview', id: 'p', legs: [leg({ limitPrice: 3 })] })).toMatchObject({ path: 'legs[0].limitPrice', message: /not allowed for a MKT order/ });
    expect(problem({ type: 'preview', id: 'p', legs: [leg({ orderType: 'STP LMT', limitPrice: 3 })] }).path).toBe('legs[0].stopPrice');
    expect(problem({ type: 'preview', id: 'p', legs: [leg({ quantity: 1.5 })] })).toMatchObject({ path: 'legs[0].quantity', message: /integer/ });
    expect(problem({ type: 'preview', id: 'p', legs: [leg({ quantity: 0 })] }).path).toBe('legs[0].quantity');
    expect(problem({ type: 'preview', id: 'p', legs: [leg({ instrument: 'spy' })] }).path).toBe('legs[0].instrument');
    expect(problem({ type: 'preview', id: 'p', legs: [leg({ side: 'HOLD' })] }).path).toBe('legs[0].side');
    expect(problem({ type: 'preview', id: 'p', legs: [leg({ tif: 'IOC' })] }).path).toBe('legs[0].tif');
    expect(problem({ type: 'preview', id: 'p', createdAt: -1, legs: [leg()] }).path).toBe('createdAt');
    expect(problem({ type: 'preview', id: 'p', leaseToken: 1.5, legs: [leg()] }).path).toBe('leaseToken');
    expect(problem({ type: 'preview', id: 'p', legs: [] }).path).toBe('legs');
    expect(problem({ type: 'preview', legs: [leg()] }).path).toBe('id');
    expect(problem({ type: 'preview', id: 'p', combo: { side: 'BUY', quantity: 1, orderType: 'MKT' }, legs: [{ instrument: 'SPY', side: 'BUY', quantity: 1 }] }).path).toBe('legs');
    // An intent still needs its createdAt (only a preview may leave it out).
    expect(problem({ type: 'intent', intentId: 'i', legs: [leg()] }).path).toBe('createdAt');
  });
});

describe('the executions topic', () => {
  it('parses and formats as a topic of its own; with a suffix it is refused', () => {
    expect(parseTopic('executions')).toEqual({ kind: 'executions' });
    expect(formatTopic({ kind: 'executions' })).toBe('executions');
    expect(parseTopic('executions:SPY')).toMatch(/^expected .*executions/);
  });
});
