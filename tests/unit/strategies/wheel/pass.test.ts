// One wheel pass over hand-made snapshots (docs/wheel-rules.md §2.1, §6.2): the stages in order, the
// orders they queue, and a decision per symbol and stage and per option position looked at.
import { describe, expect, it } from 'vitest';
import { wheelDefaults, type SymbolConfig, type WheelConfig } from '../../../../shared/strategies/wheel/config.ts';
import { wheelPass } from '../../../../shared/strategies/wheel/pass.ts';
import { readSnapshot } from '../../../../shared/strategies/wheel/snapshot.ts';

/** A put and call chain for SPY around 400: two expirations, strikes 370–430 by 5, deltas from a smooth curve. */
function spyChain(expiries: string[]) {
  const out: Record<string, unknown>[] = [];
  for (const expiry of expiries) {
    for (let k = 370; k <= 430; k += 5) {
      const m = (k - 400) / 400;
      const callDelta = Math.max(0.02, Math.min(0.98, 0.5 - m * 6));
      for (const right of ['P', 'C']) {
        const delta = right === 'C' ? callDelta : callDelta - 1;
        const mid = Math.max(0.05, Math.abs(delta) * 12);
        out.push({ symbol: 'SPY', right, strike: k, expiry, multiplier: 100, bid: +(mid - 0.05).toFixed(2), ask: +(mid + 0.05).toFixed(2), last: +mid.toFixed(2), modelPrice: +(mid + 0.01).toFixed(2), delta: +delta.toFixed(3), openInterest: 500 });
      }
    }
  }
  return out;
}

function config(symbols: [string, SymbolConfig][], patch: Partial<WheelConfig> = {}): WheelConfig {
  return { ...wheelDefaults({ marginUsage: 0.5, targetDte: 45, rollDte: 15, symbols: new Map(symbols) }), ...patch };
}

const base = (extra: Record<string, unknown>) =>
  readSnapshot({
    time: '2025-01-21T15:00:00Z',
    account: { netLiquidation: 400_000, totalCashValue: 400_000 },
    quotes: { SPY: { bid: 399.9, ask: 400.1, last: 400, close: 402 } },
    positions: [],
    chains: spyChain(['20250307', '20250321']),
    ...extra,
  });

describe('the wheel pass', () => {
  it('a fresh cash account on a red day writes a put at the target delta, capped by the new-contract limit', () => {
    const r = wheelPass(config([['SPY', { weight: 1 }]]), base({}));
    // BP = 400k × 0.5 = 200k → 500 target shares → 5 puts needed; max new = max(1, 0.05 × 200k / 400 / 100) = 1
    expect(r.orders).toEqual([
      {
        stage: 'write_puts',
        symbol: 'SPY',
        action: 'SELL',
        quantity: 1,
        orderType: 'LMT',
        limit: expect.any(Number),
        tif: 'DAY',
        contract: { secType: 'OPT', right: 'P', strike: 385, expiry: '20250307', multiplier: 100 },
      },
    ]);
    const put = r.decisions.find((d) => d.stage === 'write_puts')!;
    expect(put).toMatchObject({ symbol: 'SPY', verdict: 'write', code: 'PUTS_NEEDED' });
    expect(put.message).toContain('target 500 sh, held 0, short puts 0 → 5 puts needed');
    expect(put.message).toContain('capped at 1 new contract');
    // The limit is the higher of the midpoint and the model price, on the cent tick.
    const chosen = base({}).chains.find((c) => c.right === 'P' && c.strike === 385 && c.expiry === '20250307')!;
    expect(r.orders[0].limit).toBeCloseTo(Math.max((chosen.bid! + chosen.ask!) / 2, chosen.modelPrice!), 9);
  });

  it('has a decision for every configured symbol in every stage that ran, with a reason for a symbol it cannot trade', () => {
    const snap = base({ quotes: { SPY: { bid: 399.9, ask: 400.1, last: 400, close: 402 }, QQQ: {} } });
    const r = wheelPass(config([['SPY', { weight: 0.6 }], ['QQQ', { weight: 0.4 }]]), snap);
    for (const stage of ['write_puts', 'write_calls', 'buy_rebalance', 'sell_rebalance']) {
      for (const symbol of ['SPY', 'QQQ']) expect(r.decisions.some((d) => d.stage === stage && d.symbol === symbol), `${stage} ${symbol}`).toBe(true);
    }
    const qqq = r.decisions.find((d) => d.stage === 'write_puts' && d.symbol === 'QQQ')!;
    expect(qqq).toMatchObject({ verdict: 'skip', code: 'NO_QUOTE' });
    expect(r.orders.every((o) => o.symbol === 'SPY')).toBe(true);
  });

  it('a green day blocks the put with the numbers', () => {
    const snap = base({ quotes: { SPY: { bid: 399.9, ask: 400.1, last: 400, close: 398 } } });
    const r = wheelPass(config([['SPY', { weight: 1 }]]), snap);
    expect(r.orders).toEqual([]);
    const d = r.decisions.find((x) => x.stage === 'write_puts')!;
    expect(d.code).toBe('GREEN_DAY');
    expect(d.message).toContain('price 400 > previous close 398 and write_when.puts.green = false');
  });

  it('rolls a short put near expiry with a profit into a BAG combo, and says why for each option position', () => {
    const snap = base({
      positions: [{ symbol: 'SPY', secType: 'OPT', right: 'P', strike: 385, expiry: '20250131', multiplier: 100, position: -2, avgCost: 300, marketPrice: 1.5, unrealizedPnl: 300 }],
    });
    const r = wheelPass(config([['SPY', { weight: 1 }]]), snap);
    const roll = r.orders.find((o) => o.stage === 'roll')!;
    expect(roll).toMatchObject({ symbol: 'SPY', action: 'BUY', quantity: 2, orderType: 'LMT', tif: 'DAY', contract: { secType: 'BAG' } });
    expect(roll.legs![0]).toEqual({ action: 'BUY', ratio: 1, contract: { secType: 'OPT', right: 'P', strike: 385, expiry: '20250131', multiplier: 100 } });
    expect(roll.legs![1].action).toBe('SELL');
    expect(roll.legs![1].contract.expiry >= '20250307').toBe(true);
    const d = r.decisions.find((x) => x.stage === 'roll')!;
    expect(d.code).toBe('DTE_AND_PNL');
    expect(d.message).toContain('SPY 20250131 385P: rolled: DTE 10 ≤ roll_when.dte 15 and P&L 50.0% ≥ min_pnl 0.0%');
  });

  it('holds a short put that is not due, and closes one whose P&L is above close_at_pnl', () => {
    const position = { symbol: 'SPY', secType: 'OPT', right: 'P', strike: 385, expiry: '20250307', multiplier: 100, position: -1, avgCost: 300, marketPrice: 0.1, unrealizedPnl: 297 };
    const c = config([['SPY', { weight: 1 }]]);
    // roll_when.pnl 0.9 as in thetagang's sample (its code default 0 rolls at any non-negative P&L)
    const held = wheelPass({ ...c, rollWhen: { ...c.rollWhen, pnl: 0.9 } }, base({ positions: [{ ...position, unrealizedPnl: 150 }] }));
    expect(held.orders.filter((o) => o.stage === 'roll' || o.stage === 'close')).toEqual([]);
    expect(held.decisions.find((d) => d.stage === 'roll')).toMatchObject({ verdict: 'hold', code: 'NOT_YET' });
    const closing = wheelPass({ ...c, rollWhen: { ...c.rollWhen, pnl: 1, closeAtPnl: 0.98 } }, base({ positions: [position] }));
    const close = closing.orders.find((o) => o.stage === 'close')!;
    expect(close).toMatchObject({ action: 'BUY', quantity: 1, contract: { secType: 'OPT', right: 'P', strike: 385, expiry: '20250307' } });
    expect(closing.decisions.find((d) => d.stage === 'close')).toMatchObject({ verdict: 'close', code: 'CLOSE_AT_PNL' });
  });

  it('writes covered calls on held shares at or above their cost, on a green day', () => {
    const snap = base({
      quotes: { SPY: { bid: 399.9, ask: 400.1, last: 400, close: 398 } },
      positions: [{ symbol: 'SPY', secType: 'STK', position: 300, avgCost: 405.2, marketPrice: 400, unrealizedPnl: -1560 }],
    });
    const c = config([['SPY', { weight: 0.2 }]]); // target 100 sh → 3 calls carried (cap_factor 1)
    const r = wheelPass(c, snap);
    const call = r.orders.find((o) => o.stage === 'write_calls')!;
    expect(call.contract).toMatchObject({ secType: 'OPT', right: 'C' });
    expect((call.contract as { strike: number }).strike).toBeGreaterThanOrEqual(406); // ceil(max(405.2, 400))
    expect(call.quantity).toBe(1); // max new contracts
  });

  it('is pure: the same snapshot gives the same result, and the snapshot is not changed', () => {
    const snap = base({});
    const before = JSON.stringify([...snap.quotes], null, 0) + JSON.stringify(snap.chains);
    const a = wheelPass(config([['SPY', { weight: 1 }]]), snap);
    const b = wheelPass(config([['SPY', { weight: 1 }]]), snap);
    expect(b).toEqual(a);
    expect(JSON.stringify([...snap.quotes], null, 0) + JSON.stringify(snap.chains)).toBe(before);
  });
});

describe('which stages run (T26, T29 as they apply to a pure pass)', () => {
  const position = { symbol: 'SPY', secType: 'OPT', right: 'P', strike: 385, expiry: '20250131', multiplier: 100, position: -2, avgCost: 300, marketPrice: 1.5, unrealizedPnl: 300 };
  const closable = { ...position, strike: 380, expiry: '20250307', position: -1, avgCost: 300, marketPrice: 0.05, unrealizedPnl: 295 };
  const stagesOf = (r: ReturnType<typeof wheelPass>) => [...new Set(r.decisions.map((d) => d.stage))];

  it('T26: stages run in the canonical order whatever order the configuration lists them in, and only those listed', () => {
    const c = config([['SPY', { weight: 1 }]]);
    const r = wheelPass({ ...c, stages: ['roll', 'buy_rebalance', 'write_puts'] }, base({ positions: [position] }));
    expect(stagesOf(r)).toEqual(['write_puts', 'buy_rebalance', 'roll']);
  });

  it('T29: without the write stages nothing is written; roll alone rolls, close alone closes', () => {
    const c = config([['SPY', { weight: 1 }]]);
    const rules = { ...c.rollWhen, pnl: 1, closeAtPnl: 0.98 };
    const snap = base({ positions: [position, closable] });
    const rollOnly = wheelPass({ ...c, rollWhen: rules, stages: ['roll'] }, snap);
    expect(rollOnly.orders.map((o) => o.stage)).toEqual(['roll']);
    const closeOnly = wheelPass({ ...c, rollWhen: rules, stages: ['close'] }, snap);
    expect(closeOnly.orders.map((o) => [o.stage, (o.contract as { strike: number }).strike])).toEqual([['close', 380]]);
    const both = wheelPass({ ...c, rollWhen: rules, stages: ['roll', 'close'] }, snap);
    expect(both.orders.map((o) => o.stage).sort()).toEqual(['close', 'roll']);
    expect(both.orders.some((o) => o.stage === 'write_puts' || o.stage === 'write_calls')).toBe(false);
  });

  it('T29: roll + close closes a position that could not be rolled when close_if_unable_to_roll applies', () => {
    const c = config([['SPY', { weight: 1, closeIfUnableToRoll: true }]]);
    // No chain: no roll target; P&L 50 % > 0 and DTE 10 ≤ max_dte 30 → closed instead
    const r = wheelPass({ ...c, rollWhen: { ...c.rollWhen, maxDte: 30 }, stages: ['roll', 'close'] }, base({ positions: [position], chains: [] }));
    expect(r.orders).toMatchObject([{ stage: 'roll', action: 'BUY', quantity: 2, contract: { secType: 'OPT', strike: 385 } }]);
    const d = r.decisions.find((x) => x.stage === 'roll')!;
    expect(d).toMatchObject({ verdict: 'close', code: 'UNABLE_TO_ROLL' });
    expect(d.message).toContain('no roll target, P&L 50.0% > 0 and DTE 10 ≤ roll_when.max_dte 30');
  });
});
