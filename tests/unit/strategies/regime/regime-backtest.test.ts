// The regime rebalance in a backtest (docs/regime-rebalance.md §4): the same pass, fed each day by the engine with
// real SPY and TLT daily bars (data/samples/README.md: Yahoo-style split-adjusted closes from 11bblandin/quantfiction,
// identical NYSE calendars), a 60/40 basket from 2003 to 2015 with thetagang's defaults (lookback 40, soft 10 %,
// hard 50 %, cooldown 5 sessions, choppiness ≥ 3, efficiency ≤ 0.3). What is checked is recomputed from the run's
// fills and the bars, not read back from the strategy's own trace.
import { beforeAll, describe, expect, it } from 'vitest';
import { ready } from '../../../../shared/indicators/index.ts';
import { runPortfolioBacktest } from '../../../../shared/engine/backtest.ts';
import { MarketData } from '../../../../shared/engine/market-data.ts';
import { regimeConfig, type RegimeConfig } from '../../../../shared/strategies/regime/config.ts';
import { RegimeStrategy } from '../../../../shared/strategies/regime/regime-strategy.ts';
import { settings } from '../../engine/support.ts';
import { daily, sleeve } from '../../engine/portfolio-support.ts';

beforeAll(async () => {
  await ready();
});

const WEIGHTS = { SPY: 0.6, TLT: 0.4 } as const;
const SYMBOLS = ['SPY', 'TLT'] as const;

function run(over: Partial<RegimeConfig> = {}) {
  const bars = { SPY: daily('SPY', '2003-01-02', '2015-03-04'), TLT: daily('TLT', '2003-01-02', '2015-03-04') };
  const config = regimeConfig({ symbols: new Map(SYMBOLS.map((s) => [s, { weight: WEIGHTS[s] }])), marginUsage: 1 }, over);
  let strategy: RegimeStrategy | undefined;
  const r = runPortfolioBacktest({
    market: new MarketData([bars.SPY, bars.TLT]),
    sleeves: [sleeve('regime', (symbols) => (strategy = new RegimeStrategy(config, symbols)), { symbols: ['SPY', 'TLT'], allowShort: false })],
    settings: settings({ initialCash: 100_000, finalizeTrades: false, costs: { commission: { kind: 'ibkr_tiered' } } }),
  });
  return { r, bars, strategy: strategy! };
}

describe('the regime rebalance on SPY/TLT 60/40, 2003–2015', () => {
  const { r, bars, strategy } = run();
  const steps = r.timeline.length;
  const closeAt = (sym: 'SPY' | 'TLT', step: number) => bars[sym].close[bars[sym].time.indexOf(r.timeline[step])];
  /** Shares held after the fills of each step. */
  const held = SYMBOLS.map(() => new Float64Array(steps));
  for (const o of r.orders) held[SYMBOLS.indexOf(o.instrument as 'SPY' | 'TLT')][o.bar] += o.qty;
  for (const h of held) for (let i = 1; i < steps; i++) h[i] += h[i - 1];
  /** Each symbol's relative drift |value / equity / weight − 1| at a step's close. */
  const drift = (step: number) => SYMBOLS.map((s, k) => Math.abs((held[k][step] * closeAt(s, step)) / r.equity[step] / WEIGHTS[s] - 1));
  const fillSteps = [...new Set(r.orders.map((o) => o.bar))].sort((a, b) => a - b);
  const dateOf = (step: number) => Number(new Date(r.timeline[step]).toISOString().slice(0, 10).replaceAll('-', ''));

  it('trades only SPY and TLT shares, every order tagged tg:regime-rebalance:<SYM> (the cooldown\'s tag)', () => {
    expect(r.orders.length).toBeGreaterThan(10);
    for (const o of r.orders) expect(o.tag).toBe(`tg:regime-rebalance:${o.instrument}`);
  });

  it('deploys the cash with the hard band once 41 closes exist, then stays inside the hard band', () => {
    expect(fillSteps[0]).toBe(41); // decides at step 40 (41 closes for lookback 40), fills at the next open
    expect(drift(fillSteps[0]).every((d) => d < 0.05)).toBe(true);
    for (let i = fillSteps[0]; i < steps; i++) expect(Math.max(...drift(i))).toBeLessThan(0.5);
  });

  it('trades only past the soft band, or on the flow and deficit rails when the basket is off the base; and rarely', () => {
    const decided = fillSteps.slice(1).map((s) => s - 1); // a fill at step s was decided at the close of step s − 1
    const modeOn = (step: number) => strategy.modes.find((m) => m.date === dateOf(step))!.mode;
    for (const d of decided) {
      const invested = SYMBOLS.reduce((a, s, k) => a + held[k][d] * closeAt(s, d), 0) / r.equity[d];
      if (modeOn(d) === 'flow' || modeOn(d) === 'deficit') expect(Math.abs(1 - invested)).toBeGreaterThanOrEqual(0.0125);
      else expect(Math.max(...drift(d))).toBeGreaterThanOrEqual(0.1 - 1e-8);
    }
    expect(decided.filter((d) => modeOn(d) === 'soft' || modeOn(d) === 'hard').length).toBeGreaterThan(3);
    const breached = Array.from({ length: steps }, (_, i) => i).filter((i) => i > fillSteps[0] && Math.max(...drift(i)) >= 0.1);
    expect(breached.length).toBeGreaterThan(4 * decided.length); // many breached days pass without a trade
    expect(decided.length).toBeLessThan(40);
  });

  it('with a 2 % soft band and the regime gate open, the 5-session cooldown is what spaces the trades', () => {
    const tight = run({ softBand: 0.02, choppinessMin: 0, efficiencyMax: 1 });
    const dates = Array.from(tight.r.timeline, (_, i) => dateOf(i));
    const fillDates = [...new Set(tight.r.orders.map((o) => dates[o.bar]))].sort((a, b) => a - b);
    const soft = tight.strategy.modes.filter((m) => m.mode === 'soft').map((m) => m.date);
    expect(soft.length).toBeGreaterThan(20);
    const gaps = soft.flatMap((d) => {
      const previous = fillDates.filter((f) => f <= d).at(-1); // a fill at today's open counts: no session has passed since
      return previous === undefined ? [] : [dates.filter((x) => x > previous && x <= d).length];
    });
    expect(Math.min(...gaps)).toBe(5); // never sooner, and often as soon as allowed
  });

  it('keeps every day\'s decisions, each with a closed code and a sentence', () => {
    // From the second bar on; the first 39 have fewer than the 41 closes lookback_days 40 needs.
    const days = new Set(strategy.trace.map((d) => d.date));
    const short = new Set(strategy.trace.filter((d) => d.code === 'SHORT_HISTORY').map((d) => d.date));
    const decided = new Set(strategy.trace.filter((d) => d.step === 'mode').map((d) => d.date));
    expect([days.size, short.size, decided.size]).toEqual([steps - 1, 39, steps - 40]);
    for (const d of strategy.trace) {
      expect(d.code).toMatch(/^[A-Z_]+$/);
      expect(d.message.length).toBeGreaterThan(10);
    }
  });
});
