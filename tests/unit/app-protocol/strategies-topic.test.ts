// Minor 2's strategy monitor in the shared protocol: the `strategies` topic parses (and nothing after
// it does), and a topic row is checked field by field by decodeStrategyRow — the app's guard against
// a bridge sending what it cannot show — with the field path in every error; the app's model turns a
// bad row into a card that says so.
import { describe, expect, it } from 'vitest';
import { decodeStrategyRow, formatTopic, MessageError, parseTopic, STRATEGY_TRACE_MAX, type StrategyRow } from '../../../shared/protocol/index.ts';
import { STRATEGY_AGREEMENT_MAX, type StrategyAgreementRow } from '../../../shared/protocol/index.ts';
import { agreementLines, chipName, chipText } from '../../../app/state/strategies.ts';
import { decodeClientMessage } from '../../../shared/protocol/index.ts';
import { strategiesModel } from '../../../app/state/strategies.ts';

const row: StrategyRow = {
  id: 'spy_rsi',
  strategy: 'rsi_reversion',
  symbols: ['SPY'],
  timeframes: ['1d'],
  allocation: 0.4,
  priority: 0,
  state: 'running',
  reason: 'from the session of 2012-01-03',
  armed: true,
  capital: 40_000,
  equity: 40_120.5,
  pnl: 120.5,
  openOrders: 1,
  session: 20120104,
  signals: [{ time: Date.UTC(2012, 0, 3), symbol: 'SPY', side: 'BUY', confidence: 0.8, reason: 'RSI 28 < 30' }],
  trace: [{ time: Date.UTC(2012, 0, 3), symbol: 'SPY', code: 'BUY', message: 'BUY (confidence 0.80): RSI 28 < 30' }],
};
const problem = (v: unknown) => {
  try {
    decodeStrategyRow(v, 'instance:spy_rsi');
    return undefined;
  } catch (err) {
    expect(err).toBeInstanceOf(MessageError);
    return (err as MessageError).message;
  }
};

describe('the strategies topic', () => {
  it('parses as a topic of its own; nothing may follow it', () => {
    expect(parseTopic('strategies')).toEqual({ kind: 'strategies' });
    expect(formatTopic({ kind: 'strategies' })).toBe('strategies');
    expect(parseTopic('strategies:spy_rsi')).toMatch(/expected .*strategies/);
    expect(() => decodeClientMessage(JSON.stringify({ type: 'subscribe', id: 's', subscriptions: [{ topic: 'strategies' }] }))).not.toThrow();
  });

  it('arm and disarm name the instance (strategyId is required)', () => {
    expect(() => decodeClientMessage(JSON.stringify({ type: 'command', commandId: 'c1', kind: 'arm', strategyId: 'spy_rsi' }))).not.toThrow();
    expect(() => decodeClientMessage(JSON.stringify({ type: 'command', commandId: 'c2', kind: 'disarm' }))).toThrow(/strategyId: expected a string/);
  });
});

describe('decodeStrategyRow', () => {
  it('accepts a whole row, and one without a run yet (no equity, P&L nor session)', () => {
    expect(decodeStrategyRow(row, 'instance:spy_rsi')).toEqual(row);
    const { equity: _e, pnl: _p, session: _s, reason: _r, ...stopped } = row;
    expect(problem({ ...stopped, state: 'stopped', armed: false, signals: [], trace: [] })).toBeUndefined();
  });

  it('names the field of each problem', () => {
    expect(problem(null)).toMatch(/^instance:spy_rsi: expected an object/);
    expect(problem({ ...row, state: 'paused' })).toMatch(/^instance:spy_rsi\.state: expected one of "stopped", "starting", "running", "halted", "failed", got "paused"/);
    expect(problem({ ...row, allocation: 1.5 })).toMatch(/^instance:spy_rsi\.allocation:/);
    expect(problem({ ...row, openOrders: -1 })).toMatch(/^instance:spy_rsi\.openOrders:/);
    expect(problem({ ...row, armed: 'yes' })).toMatch(/^instance:spy_rsi\.armed:/);
    expect(problem({ ...row, equity: '40000' })).toMatch(/^instance:spy_rsi\.equity:/);
    expect(problem({ ...row, signals: [{ ...row.signals[0], confidence: 1.2 }] })).toMatch(/^instance:spy_rsi\.signals\[0\]\.confidence:/);
    expect(problem({ ...row, trace: [{ time: 1, symbol: 'SPY', message: 'x' }] })).toMatch(/^instance:spy_rsi\.trace\[0\]\.code: expected a string/);
    expect(problem({ ...row, id: 'bad id' })).toMatch(/^instance:spy_rsi\.id:/);
  });

  it('refuses lists past their cap (a delta stays small)', () => {
    const trace = Array.from({ length: STRATEGY_TRACE_MAX + 1 }, () => row.trace[0]);
    expect(problem({ ...row, trace })).toMatch(new RegExp(`trace: expected at most ${STRATEGY_TRACE_MAX} items`));
    expect(problem({ ...row, signals: Array.from({ length: 11 }, () => row.signals[0]) })).toMatch(/signals: expected at most 10 items/);
  });
});

describe('the strategy monitor model', () => {
  it('one card per instance in id order, the runner notice, and a bad row as a card that says so', () => {
    const m = strategiesModel({
      runner: { source: 'sample', notice: 'the armed file cannot be read' },
      'instance:tlt_hold': { ...row, id: 'tlt_hold' },
      'instance:spy_rsi': row,
      'instance:broken': { ...row, id: 'broken', state: 7 },
    });
    expect(m.source).toBe('sample');
    expect(m.notice).toBe('the armed file cannot be read');
    expect(m.cards.map((c) => c.id)).toEqual(['broken', 'spy_rsi', 'tlt_hold']);
    expect(m.cards[0].row).toBeUndefined();
    expect(m.cards[0].error).toMatch(/cannot read \(instance:broken\.state: expected one of/);
    expect(m.cards[1].row).toEqual(row);
    expect(strategiesModel(undefined).cards).toEqual([]);
  });
});

// --- multi-timeframe agreement: the row's optional `agreement` (minor stays 2) ---------------------
describe('a row\'s agreement', () => {
  const up: StrategyAgreementRow = { symbol: 'SPY', timeframe: '1w', trend: 1, ready: true, text: '1w trend up: close 137.58 > SMA(20) 129.02 (week of 2012-02-27)', signal: 'BUY', signalTime: Date.UTC(2012, 2, 6), agrees: true };
  const waiting: StrategyAgreementRow = { symbol: 'SPY', timeframe: '1mo', trend: 0, ready: false, text: 'not enough bars for the 1mo trend yet: SMA(20) needs 20 completed 1mo bars, 4 so far', signal: 'BUY', signalTime: Date.UTC(2012, 2, 6) };
  const withAgreement = { ...row, agreement: [up, waiting] };

  it('is optional, and decoded when present', () => {
    expect(decodeStrategyRow(withAgreement, 'instance:spy_rsi')).toEqual(withAgreement);
    expect(problem({ ...row, agreement: [{ symbol: 'SPY', timeframe: '1d', trend: -1, ready: true, text: '1d trend down: …' }] })).toBeUndefined();
  });

  it('names the field of each problem, and refuses more than its cap', () => {
    expect(problem({ ...row, agreement: { SPY: up } })).toMatch(/^instance:spy_rsi\.agreement: expected a list/);
    expect(problem({ ...row, agreement: [up, { ...up, trend: 2 }] })).toMatch(/^instance:spy_rsi\.agreement\[1\]\.trend: expected at most 1/);
    expect(problem({ ...row, agreement: [{ ...up, trend: 0.5 }] })).toMatch(/^instance:spy_rsi\.agreement\[0\]\.trend: expected an integer/);
    expect(problem({ ...row, agreement: [{ ...up, agrees: 'yes' }] })).toMatch(/^instance:spy_rsi\.agreement\[0\]\.agrees: expected true or false/);
    const { ready: _r, ...noReady } = up;
    expect(problem({ ...row, agreement: [noReady] })).toMatch(/^instance:spy_rsi\.agreement\[0\]\.ready:/);
    expect(problem({ ...row, agreement: [{ ...up, text: '' }] })).toMatch(/^instance:spy_rsi\.agreement\[0\]\.text: expected a non-empty string/);
    expect(problem({ ...row, agreement: [{ ...up, signalTime: 'today' }] })).toMatch(/^instance:spy_rsi\.agreement\[0\]\.signalTime:/);
    expect(problem({ ...row, agreement: Array.from({ length: STRATEGY_AGREEMENT_MAX }, () => up) })).toBeUndefined();
    expect(problem({ ...row, agreement: Array.from({ length: STRATEGY_AGREEMENT_MAX + 1 }, () => up) })).toMatch(new RegExp(`agreement: expected at most ${STRATEGY_AGREEMENT_MAX} items`));
  });

  it('the model groups it per symbol; each chip has a short text and an accessible name', () => {
    const card = strategiesModel({ 'instance:spy_rsi': { ...withAgreement, agreement: [{ ...up, timeframe: '1d' }, { ...up, symbol: 'QQQ', agrees: false, trend: -1 as const }, up, waiting] } }).cards[0];
    const lines = agreementLines(card.row!);
    expect(lines.map((l) => [l.symbol, l.chips.map((c) => c.timeframe)])).toEqual([
      ['SPY', ['1d', '1w', '1mo']],
      ['QQQ', ['1w']],
    ]);
    expect(chipText(up)).toBe('↑ 1w ✓');
    expect(chipName(up)).toBe('1w trend up, agrees with the BUY signal');
    const down: StrategyAgreementRow = { ...up, trend: -1, agrees: false };
    expect(chipText(down)).toBe('↓ 1w ✗');
    expect(chipName(down)).toBe('1w trend down, disagrees with the BUY signal');
    expect(chipName({ ...down, signal: 'close' })).toBe('1w trend down, disagrees with the close decision');
    expect(chipText(waiting)).toBe('1mo: not enough bars yet');
    expect(chipName(waiting)).toBe('not enough bars for the 1mo trend yet');
    const { signal: _s, signalTime: _t, agrees: _a, ...none } = up;
    expect(chipText({ ...none, trend: 0 as const })).toBe('– 1w');
    expect(chipName(none)).toBe('1w trend up, no signal yet');
    expect(chipName({ ...none, signal: 'close' })).toBe('1w trend up, the close decision has no direction to compare');
    expect(agreementLines(row)).toEqual([]);
  });
});
