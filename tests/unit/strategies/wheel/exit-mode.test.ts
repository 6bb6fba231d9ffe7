// A symbol's exit mode (docs/wheel-rules.md §2.6.2): roll (thetagang's), close instead of rolling, roll or else
// close (S17 without its max_dte quirk), wind_down (no puts, no rolls, no buying; covered calls on the shares) —
// how `exit` agrees with close_if_unable_to_roll in the file, and what the pass does and says for each.
import { describe, expect, it } from 'vitest';
import { formatKeyPath, lineOfPath, parseConfig, tomlKeyLines } from '../../../../shared/config/index.ts';
import { SchemaError } from '../../../../shared/config/schema.ts';
import { wheelDefaults, type SymbolConfig, type WheelConfig } from '../../../../shared/strategies/wheel/config.ts';
import { dueForRoll, exitModeProblem, rollOrCloseVerdict, symbolExitMode } from '../../../../shared/strategies/wheel/exit-mode.ts';
import { wheelConfigOf } from '../../../../shared/strategies/wheel/from-config.ts';
import { wheelPass } from '../../../../shared/strategies/wheel/pass.ts';
import { readSnapshot } from '../../../../shared/strategies/wheel/snapshot.ts';
import { spyChain } from './spy-chain.ts';

const config = (spy: SymbolConfig, patch: Partial<WheelConfig> = {}): WheelConfig => ({
  ...wheelDefaults({ marginUsage: 0.5, targetDte: 45, rollDte: 15, symbols: new Map([['SPY', spy]]) }),
  ...patch,
});

/** Two short SPY 370 puts 10 days out, sold at $3.00, worth $0.20: due for a roll (DTE 10 ≤ 15, P&L 93.3 %). */
const PUT_370 = {
  ...{ symbol: 'SPY', secType: 'OPT', right: 'P', strike: 370, expiry: '20250131', multiplier: 100 },
  ...{ position: -2, avgCost: 300, marketPrice: 0.2, unrealizedPnl: 560 },
};
const RED = { bid: 399.9, ask: 400.1, last: 400, close: 402 };
const GREEN = { bid: 399.9, ask: 400.1, last: 400, close: 398 };

const snapshot = (positions: unknown[], o: { quote?: object; chains?: unknown[] } = {}) =>
  readSnapshot({
    time: '2025-01-21T15:00:00Z',
    account: { netLiquidation: 400_000, totalCashValue: 400_000, buyingPower: 800_000 },
    quotes: { SPY: o.quote ?? RED },
    positions,
    chains: o.chains ?? spyChain(['20250307', '20250321']),
  });

const decision = (r: ReturnType<typeof wheelPass>, stage: string) => r.decisions.find((d) => d.stage === stage)!;

describe('the exit mode and close_if_unable_to_roll', () => {
  it('unset is "roll"', () => {
    expect(symbolExitMode(config({ weight: 1 }), 'SPY')).toBe('roll');
    expect(symbolExitMode(config({ weight: 1, exit: 'wind_down' }), 'SPY')).toBe('wind_down');
  });

  it('close_if_unable_to_roll refines exit = "roll" only: with the other modes it contradicts or is never read', () => {
    for (const flag of [true, false, undefined]) {
      expect(exitModeProblem(undefined, flag)).toBeUndefined();
      expect(exitModeProblem('roll', flag)).toBeUndefined();
    }
    for (const exit of ['close', 'roll_or_close', 'wind_down'] as const) expect(exitModeProblem(exit, undefined)).toBeUndefined();
    expect(exitModeProblem('roll_or_close', false)).toBe('contradicts exit = "roll_or_close", which closes what cannot be rolled: remove it, or set exit = "roll" to keep such positions');
    expect(exitModeProblem('roll_or_close', true)).toContain('is not needed with exit = "roll_or_close"');
    expect(exitModeProblem('close', true)).toBe('is never read with exit = "close", which does not roll: remove it');
    expect(exitModeProblem('wind_down', false)).toBe('is never read with exit = "wind_down", which does not roll: remove it');
  });

  const file = (...symbolKeys: string[]) =>
    ['[account]', 'margin_usage = 0.5', '[symbols.SPY]', 'weight = 1.0', ...symbolKeys, '[strategies.wheel.target]', 'dte = 45', '[strategies.wheel.roll_when]', 'dte = 15'].join('\n');
  /** The wheel of a file, or its error as the dry run prints it (`file:line: key: problem`). */
  const read = (text: string) => {
    try {
      return wheelConfigOf(parseConfig(text, 'moneytrailz.toml'));
    } catch (e) {
      if (e instanceof SchemaError) return `moneytrailz.toml:${lineOfPath(tomlKeyLines(text), e.path)}: ${formatKeyPath(e.path)}: ${e.problem}`;
      throw e;
    }
  };

  it('reads [symbols.<SYM>] exit; a contradicting close_if_unable_to_roll is an error at its line', () => {
    expect(read(file('exit = "roll_or_close"'))).toMatchObject({ symbols: new Map([['SPY', { weight: 1, exit: 'roll_or_close' }]]) });
    expect(read(file('exit = "roll"', 'close_if_unable_to_roll = true'))).toMatchObject({ symbols: new Map([['SPY', { weight: 1, exit: 'roll', closeIfUnableToRoll: true }]]) });
    expect(read(file('exit = "roll_or_close"', 'close_if_unable_to_roll = false'))).toBe(
      'moneytrailz.toml:6: symbols.SPY.close_if_unable_to_roll: contradicts exit = "roll_or_close", which closes what cannot be rolled: remove it, or set exit = "roll" to keep such positions',
    );
    expect(read(file('close_if_unable_to_roll = true', 'exit = "wind_down"'))).toBe(
      'moneytrailz.toml:5: symbols.SPY.close_if_unable_to_roll: is never read with exit = "wind_down", which does not roll: remove it',
    );
    expect(() => parseConfig(file('exit = "wind-down"'), 'moneytrailz.toml')).toThrow(
      'moneytrailz.toml:5: symbols.SPY.exit: must be one of "roll", "close", "roll_or_close", "wind_down", got the string "wind-down" (did you mean "wind_down"?)',
    );
  });
});

describe('what a short due for a roll becomes', () => {
  it('rolled under roll and roll_or_close, closed under close, not rolled under wind_down', () => {
    expect(dueForRoll('roll')).toEqual({ action: 'roll' });
    expect(dueForRoll('roll_or_close')).toEqual({ action: 'roll' });
    expect(dueForRoll('close')).toEqual({ action: 'close', reason: { code: 'EXIT_CLOSE', message: 'closed instead of rolled: exit = "close"' } });
    expect(dueForRoll('wind_down')).toMatchObject({ action: 'hold', reason: { code: 'WIND_DOWN' } });
  });

  it('S17 without its quirk: roll_or_close closes at a profit with no roll_when.max_dte; a loss, or DTE > a max_dte set, is kept', () => {
    expect(rollOrCloseVerdict({ dte: 10, pnl: 0.5 }, {})).toEqual({ close: true, code: 'ROLL_OR_CLOSE', message: 'closed: no roll target, exit = "roll_or_close" and P&L 50.0% > 0' });
    expect(rollOrCloseVerdict({ dte: 10, pnl: 0.5 }, { maxDte: 30 }).close).toBe(true);
    expect(rollOrCloseVerdict({ dte: 10, pnl: 0 }, {})).toEqual({ close: false, code: 'ROLL_OR_CLOSE_KEPT', message: 'kept: no roll target, and exit = "roll_or_close" closes only at a profit (P&L 0.0%)' });
    expect(rollOrCloseVerdict({ dte: 45, pnl: 0.5 }, { maxDte: 30 })).toMatchObject({ close: false, message: 'kept: no roll target and DTE 45 > roll_when.max_dte 30' });
  });
});

describe('the pass with an exit mode', () => {
  it('close: a short due for a roll is bought back instead (no combo), with the reason; one not due is held as before', () => {
    const notDue = { ...PUT_370, strike: 380, expiry: '20250307', position: -1, avgCost: 300, marketPrice: 1.5, unrealizedPnl: 150 };
    const c = config({ weight: 1, exit: 'close' }, { stages: ['roll', 'close'] });
    const r = wheelPass({ ...c, rollWhen: { ...c.rollWhen, pnl: 0.9 } }, snapshot([PUT_370, notDue]));
    expect(r.orders).toEqual([
      { stage: 'roll', symbol: 'SPY', action: 'BUY', quantity: 2, orderType: 'LMT', limit: 0.2, tif: 'DAY', contract: { secType: 'OPT', right: 'P', strike: 370, expiry: '20250131', multiplier: 100 } },
    ]);
    expect(r.decisions[0]).toMatchObject({ stage: 'roll', verdict: 'close', code: 'EXIT_CLOSE' });
    expect(r.decisions[0].message).toContain('SPY 20250131 370P: due for a roll: DTE 10 ≤ roll_when.dte 15 and P&L 93.3% ≥ min_pnl 0.0%; closed instead of rolled: exit = "close"');
    expect(r.decisions[1]).toMatchObject({ verdict: 'hold', code: 'NOT_YET' });
  });

  it('roll_or_close: rolled when a target exists; closed when none does, without roll_when.max_dte (roll with close_if_unable_to_roll keeps it: S17)', () => {
    const stages: WheelConfig['stages'] = ['roll', 'close'];
    const rolled = wheelPass(config({ weight: 1, exit: 'roll_or_close' }, { stages }), snapshot([PUT_370]));
    expect(rolled.orders.map((o) => o.contract.secType)).toEqual(['BAG']);
    const noChain = snapshot([PUT_370], { chains: [] });
    const closed = wheelPass(config({ weight: 1, exit: 'roll_or_close' }, { stages }), noChain);
    expect(closed.orders).toMatchObject([{ stage: 'roll', action: 'BUY', quantity: 2, contract: { secType: 'OPT', strike: 370 } }]);
    expect(closed.decisions[0]).toMatchObject({ verdict: 'close', code: 'ROLL_OR_CLOSE' });
    expect(closed.decisions[0].message).toContain('no contract: the option chain has no puts (keep_strike (the default)); closed: no roll target, exit = "roll_or_close" and P&L 93.3% > 0');
    const s17 = wheelPass(config({ weight: 1, closeIfUnableToRoll: true }, { stages }), noChain);
    expect(s17.orders).toEqual([]);
    expect(s17.decisions[0].message).toContain('kept: no roll target; close_if_unable_to_roll needs roll_when.max_dte');
  });

  it('roll_or_close keeps a losing position it cannot roll (min_pnl −1 makes it due)', () => {
    const losing = { ...PUT_370, marketPrice: 4, unrealizedPnl: -200 };
    const c = config({ weight: 1, exit: 'roll_or_close' }, { stages: ['roll', 'close'] });
    const r = wheelPass({ ...c, rollWhen: { ...c.rollWhen, minPnl: -1 } }, snapshot([losing], { chains: [] }));
    expect(r.orders).toEqual([]);
    expect(r.decisions[0]).toMatchObject({ verdict: 'hold', code: 'EMPTY_CHAIN' });
    expect(r.decisions[0].message).toContain('kept: no roll target, and exit = "roll_or_close" closes only at a profit (P&L -33.3%)');
  });

  it('wind_down: no new put on a red day; a short due for a roll is not rolled but left to expire, or closed at close_at_pnl', () => {
    const c = config({ weight: 1, exit: 'wind_down' });
    const r = wheelPass(c, snapshot([PUT_370]));
    expect(r.orders).toEqual([]);
    expect(decision(r, 'write_puts')).toMatchObject({ verdict: 'skip', code: 'WIND_DOWN', message: 'no new puts: exit = "wind_down"' });
    expect(decision(r, 'roll')).toMatchObject({ verdict: 'hold', code: 'WIND_DOWN' });
    expect(decision(r, 'roll').message).toBe(
      'SPY 20250131 370P: not rolled: exit = "wind_down" (left to expire, or closed by close_at_pnl) — due for a roll: DTE 10 ≤ roll_when.dte 15 and P&L 93.3% ≥ min_pnl 0.0%; held: not rollable and P&L 93.3% ≤ roll_when.close_at_pnl 100.0%',
    );
    const closing = wheelPass({ ...c, rollWhen: { ...c.rollWhen, closeAtPnl: 0.9 } }, snapshot([PUT_370]));
    expect(closing.orders).toMatchObject([{ stage: 'close', action: 'BUY', quantity: 2, contract: { secType: 'OPT', strike: 370 } }]);
    expect(decision(closing, 'close')).toMatchObject({ verdict: 'close', code: 'CLOSE_AT_PNL' });
    // The same account without wind_down writes a put and rolls.
    expect(wheelPass(config({ weight: 1 }), snapshot([PUT_370])).orders.map((o) => o.stage)).toEqual(['write_puts', 'roll']);
  });

  it('wind_down: covered calls on every lot held (the target is 0), even with excess_only, on a green day', () => {
    const shares = { symbol: 'SPY', secType: 'STK', position: 300, avgCost: 390, marketPrice: 400, unrealizedPnl: 3000 };
    const c = config({ weight: 1, calls: { excessOnly: true } });
    // Target 500 sh (200k / 400): excess_only covers (300 − 500) // 100 < 0 → no call; wound down, (300 − 0) // 100 = 3, capped at 1 new contract.
    expect(wheelPass(c, snapshot([shares], { quote: GREEN })).orders).toEqual([]);
    const wound = wheelPass(config({ weight: 1, exit: 'wind_down', calls: { excessOnly: true } }), snapshot([shares], { quote: GREEN }));
    expect(wound.orders).toMatchObject([{ stage: 'write_calls', action: 'SELL', quantity: 1, contract: { secType: 'OPT', right: 'C' } }]);
    expect(decision(wound, 'write_calls').message).toContain('held 300 sh, target 0 sh (exit = "wind_down") → 3 calls carried, short calls 0 → 3 calls needed; capped at 1 new contract');
  });

  it('wind_down: no buy rebalancing (buy_only would buy); sell rebalancing runs as configured', () => {
    const equity = (mode: 'buy_only' | 'sell_only') => ({ defaults: { mode: 'off' as const }, symbols: new Map([['SPY', { mode }]]) });
    const buy = wheelPass(config({ weight: 1, exit: 'wind_down' }, { equityRebalance: equity('buy_only') }), snapshot([]));
    expect(buy.orders).toEqual([]);
    expect(decision(buy, 'buy_rebalance')).toMatchObject({ verdict: 'skip', code: 'WIND_DOWN', message: 'not bought: exit = "wind_down" (its shares are only called away or sold)' });
    expect(wheelPass(config({ weight: 1 }, { equityRebalance: equity('buy_only') }), snapshot([])).orders.map((o) => o.stage)).toEqual(['buy_rebalance']);
    const shares = { symbol: 'SPY', secType: 'STK', position: 300, avgCost: 390, marketPrice: 400, unrealizedPnl: 3000 };
    const sell = wheelPass(config({ weight: 0.2, exit: 'wind_down' }, { equityRebalance: equity('sell_only') }), snapshot([shares]));
    expect(sell.orders).toMatchObject([{ stage: 'sell_rebalance', action: 'SELL', quantity: 200 }]);
  });
});
