// Writes the account cannot secure (wheel-rules.md §2.2, §2.3): the pass sizes puts by its targets (net
// liquidation × margin_usage at today's price), the engine secures each short put at its strike. Through
// the 2008 fall the puts held sit above the price and lose value, so the targets ask for puts the
// sleeve's available funds cannot carry; the wheel cuts them or decides "not written" with the numbers,
// instead of sending them to be refused by the engine's buying-power check.
import { beforeAll, describe, expect, it } from 'vitest';
import { ready } from '../../../../shared/indicators/index.ts';
import { runPortfolioBacktest } from '../../../../shared/engine/backtest.ts';
import { MarketData } from '../../../../shared/engine/market-data.ts';
import { SyntheticOptionQuotes } from '../../../../shared/options/synthetic-chain.ts';
import { wheelDefaults, type WheelConfig } from '../../../../shared/strategies/wheel/config.ts';
import { fundedContracts } from '../../../../shared/strategies/wheel/targets.ts';
import { WheelStrategy } from '../../../../shared/strategies/wheel/wheel-strategy.ts';
import { settings } from '../../engine/support.ts';
import { daily, sleeve } from '../../engine/portfolio-support.ts';

beforeAll(async () => {
  await ready();
});

describe('fundedContracts: the contracts of a write the available funds can carry', () => {
  it('all when the funds cover every contract', () => {
    const message = 'funded: 2 × 12,700.00 of initial margin each, available funds 30,000.00';
    expect(fundedContracts(2, 12_700, 30_000)).toEqual({ quantity: 2, code: 'FUNDED', message });
  });

  it('cut to what the funds cover, saying how many of how many', () => {
    const message = 'cut to 3 of 4: 13,600.00 of initial margin each, available funds 44,000.00 (they secure 3)';
    expect(fundedContracts(4, 13_600, 44_000)).toEqual({ quantity: 3, code: 'PARTLY_FUNDED', message });
  });

  it('none when one contract is more than the funds, and the sentence says not written', () => {
    const f = fundedContracts(1, 12_700, 5_500.6);
    const message = 'not written: 12,700.00 of initial margin each, available funds 5,500.60 — the account cannot secure it';
    expect(f).toEqual({ quantity: 0, code: 'NOT_FUNDED', message });
    expect(fundedContracts(1, 12_700, 12_700).quantity).toBe(1);
  });

  it('a write adding no margin (a covered call) is funded, unless the funds are already below zero or not a number', () => {
    expect(fundedContracts(3, 0, 10).quantity).toBe(3);
    const message = 'not written: available funds -143.40 are below zero (the account already lacks margin)';
    expect(fundedContracts(3, 0, -143.4)).toEqual({ quantity: 0, code: 'NOT_FUNDED', message });
    expect(fundedContracts(1, 100, NaN)).toMatchObject({ quantity: 0, code: 'NOT_FUNDED' });
  });
});

function run(config: WheelConfig) {
  const bars = daily('SPY', '2008-01-02', '2008-12-31');
  let strategy: WheelStrategy | undefined;
  const r = runPortfolioBacktest({
    market: new MarketData([bars]),
    sleeves: [sleeve('wheel', (symbols) => (strategy = new WheelStrategy(config, symbols)), { symbols: ['SPY'] })],
    settings: settings({ initialCash: 100_000, finalizeTrades: false, costs: { commission: { kind: 'ibkr_tiered' } } }),
    options: new SyntheticOptionQuotes([bars]),
  });
  const dateOf = (bar: number) => Number(new Date(r.timeline[bar]).toISOString().slice(0, 10).replaceAll('-', ''));
  return { r, trace: strategy!.trace, dateOf };
}

const putWrite = (instrument: string) => /^SPY\d{6}P\d{8}$/.test(instrument);

describe('the wheel through the 2008 fall writes only the puts the sleeve can secure', () => {
  const base = wheelDefaults({ marginUsage: 1, targetDte: 30, rollDte: 7, symbols: new Map([['SPY', { weight: 1 }]]) });

  it('margin_usage 1 (data/examples/wheel-spy.toml): puts not written are decided so with the numbers, none is refused by the engine', () => {
    const { r, trace } = run({ ...base, rollWhen: { ...base.rollWhen, pnl: 0.9 } });
    const notFunded = trace.filter((d) => d.code === 'NOT_FUNDED');
    expect(notFunded.length).toBeGreaterThan(0);
    for (const d of notFunded) {
      expect(d).toMatchObject({ stage: 'write_puts', symbol: 'SPY', verdict: 'skip' });
      expect(d.message).toMatch(/^SPY \d{8} [\d.]+P not written: [\d,.]+ of initial margin each, available funds -?[\d,.]+ — the account cannot secure it; /);
      expect(d.message).toContain('put needed; sell 1 SPY');
    }
    expect(r.riskEvents.filter((e) => putWrite(e.instrument))).toEqual([]);
  });

  it('several contracts a pass: a write is cut to what the funds secure, and the order sent is the cut one', () => {
    const { r, trace, dateOf } = run({ ...base, account: { ...base.account, marginUsage: 1.2 }, target: { ...base.target, maximumNewContractsPercent: 0.5 } });
    const cut = trace.filter((d) => d.code === 'PARTLY_FUNDED');
    expect(cut.length).toBeGreaterThan(0);
    const writes = r.orders.filter((o) => o.tag === 'write_puts SPY');
    const money = (s: string) => Number(s.replaceAll(',', ''));
    let checked = 0;
    for (const d of cut) {
      expect(d.verdict).toBe('write');
      const m = /(SPY \d{8} [\d.]+P) cut to (\d+) of (\d+): ([\d,.]+) of initial margin each, available funds ([\d,.]+) \(they secure \d+\)$/.exec(d.message)!;
      const [to, of, each, funds] = [Number(m[2]), Number(m[3]), money(m[4]), money(m[5])];
      expect(to).toBeLessThan(of);
      expect(to * each).toBeLessThanOrEqual(funds); // what the close's funds secure, and not one contract more
      expect((to + 1) * each).toBeGreaterThan(funds);
      expect(d.message).toContain(`sell ${of} ${m[1]}`);
      // The write fills (if its limit is reached) in the next session, at the cut quantity.
      const next = writes.find((o) => dateOf(o.bar - 1) === d.date);
      if (next) {
        expect(-next.qty).toBe(to);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(0);
    // A write not written sends nothing: no put write fills in the session after its decision.
    for (const d of trace.filter((x) => x.code === 'NOT_FUNDED' && x.stage === 'write_puts')) {
      expect(writes.some((o) => dateOf(o.bar - 1) === d.date)).toBe(false);
    }
    // The engine refuses a put write only when the funds moved overnight: it was funded at the previous close.
    for (const e of r.riskEvents.filter((x) => putWrite(x.instrument))) {
      const decided = trace.filter((d) => d.date === dateOf(e.bar - 1) && d.stage === 'write_puts');
      expect(decided.map((d) => d.verdict)).toEqual(['write']);
    }
  });
});
