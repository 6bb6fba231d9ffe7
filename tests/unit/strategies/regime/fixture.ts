// thetagang's regime test fixture (tests/test_regime_rebalance.py): AAA and BBB at 50/50, lookback 3 days, soft band
// 10 %, hard band 80 %, cooldown 2 sessions, choppiness ≥ 0.1, efficiency ≤ 0.9, NLV × margin usage 1.0 as the
// base, both symbols closing 100, 110, 100, 110 on 2024-01-02..05 (docs/regime-rebalance.md §2).
import { regimeConfig, type RegimeConfig, type RegimeSymbolConfig } from '../../../../shared/strategies/regime/config.ts';
import type { Execution } from '../../../../shared/strategies/regime/cooldown.ts';
import type { RegimeSnapshot } from '../../../../shared/strategies/regime/pass.ts';
import { easternToUtc } from '../../../../shared/time/us-eastern.ts';

/** 2024-01-05 12:00 New York: "now" of thetagang's cooldown tests. */
export const NOW = easternToUtc(20240105, 12 * 60);

/** Midnight (New York) of a yyyymmdd date: thetagang's bar dates. */
export const day = (yyyymmdd: number, minute = 0) => easternToUtc(yyyymmdd, minute);

export function aaaBbb(over: Partial<RegimeConfig> = {}, symbols: Record<string, RegimeSymbolConfig> = { AAA: { weight: 0.5 }, BBB: { weight: 0.5 } }) {
  return regimeConfig(
    { symbols: new Map(Object.entries(symbols)), marginUsage: 1 },
    {
      lookbackDays: 3,
      softBand: 0.1,
      hardBand: 0.8,
      hardBandRebalanceFraction: 1,
      cooldownDays: 2,
      choppinessMin: 0.1,
      efficiencyMax: 0.9,
      ...over,
    },
  );
}

export interface SnapshotOptions {
  nlv?: number;
  shares?: Record<string, number>;
  prices?: Record<string, number>;
  closes?: Record<string, number[]>;
  executions?: Execution[];
  time?: number;
}

/** A snapshot: NLV $400, AAA 3 sh and BBB 1 sh at $100, both closing 100, 110, 100, 110, no executions. */
export function snapshot(o: SnapshotOptions = {}): RegimeSnapshot {
  const prices = o.prices ?? { AAA: 100, BBB: 100 };
  const closes = o.closes ?? Object.fromEntries(Object.keys(prices).map((s) => [s, [100, 110, 100, 110]]));
  return {
    time: o.time ?? NOW,
    netLiquidation: o.nlv ?? 400,
    optionsMarketValue: 0,
    quotes: new Map(Object.entries(prices).map(([s, p]) => [s, { last: p }])),
    shares: new Map(Object.entries(o.shares ?? { AAA: 3, BBB: 1 })),
    closes: new Map(Object.entries(closes)),
    executions: o.executions ?? [],
  };
}

/** The orders as thetagang's tests list them: [symbol, signed shares]. */
export function signed(orders: readonly { symbol: string; action: 'BUY' | 'SELL'; quantity: number }[]): [string, number][] {
  return orders.map((o) => [o.symbol, o.action === 'BUY' ? o.quantity : -o.quantity]);
}
