// How many bars a sleeve's strategy needs before it can decide, known before any bar exists. The
// engine judges readiness from its indicators' values (unit-context.ts judgeReadiness: the primary
// series decides from bar W + 1, W = the largest first defined index, which is the indicator's
// lookback); this counts the same from the indicator catalog's lookback of each indicator the
// strategy's init declares, so a live driver can ask TWS for that much history before its first
// session (docs/bridge.md §6). It only sizes the request: the engine still decides nothing until the
// values exist, so a count that is short (bars read directly, an indicator whose lookback is known
// only from data) means a later first decision, never a decision on a partial indicator.
import type { Timeframe } from '../data/bar-series.ts';
import { lookbackOf } from '../indicators/catalog.ts';
import type { BarsRef, InitContext, SeriesRef } from '../strategies/strategy.ts';
import type { SleeveSpec } from './sleeve.ts';

/** Nominal minutes of a bar (a session is 390 minutes; a month at most 23 sessions). */
const MINUTES: Record<Timeframe, number> = { '1m': 1, '5m': 5, '15m': 15, '30m': 30, '1h': 60, '4h': 240, '1d': 390, '1w': 5 * 390, '1mo': 23 * 390 };

const nothing: SeriesRef = { at: () => Number.NaN };
const noBars: BarsRef = { open: nothing, high: nothing, low: nothing, close: nothing, volume: nothing, time: nothing };

/**
 * Bars of the sleeve's primary timeframe before the first one its strategy may decide on: the largest
 * lookback of the indicators it declares (coarser series counted in primary bars) plus one — the bar
 * the engine's warm-up ends on. 1 for a strategy that declares none.
 */
export function warmUpBars(spec: SleeveSpec): number {
  const primary = spec.timeframes[0];
  let bars = 0;
  const ctx: InitContext = {
    symbol: spec.symbols[0],
    symbols: spec.symbols,
    timeframes: spec.timeframes,
    indicator: (name, params, _output, where) => {
      const lookback = lookbackOf(name, params) ?? 0;
      const tf = where?.timeframe ?? primary;
      const scale = Math.max(1, Math.ceil(MINUTES[tf] / MINUTES[primary]));
      bars = Math.max(bars, (lookback + 1) * scale);
      return nothing;
    },
    bars: () => noBars,
  };
  spec.create(spec.symbols).init(ctx);
  return Math.max(1, bars);
}
