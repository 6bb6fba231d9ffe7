// Strategies configured by the whole file rather than by their parameters — the wheel (its tables,
// docs/wheel-rules.md §6.2) and the regime rebalance (its basket, docs/regime-rebalance.md §4) — as
// the backtest job builds them. A build of the engine passes the ones it carries: the CLI all of them,
// the browser lab none (it offers single-symbol strategies, and its worker stays small without them).
import type { MoneyTrailzConfig } from '../config/index.ts';
import type { Strategy } from '../strategies/strategy.ts';
import { wheelConfigOf } from '../strategies/wheel/from-config.ts';
import { WheelStrategy } from '../strategies/wheel/wheel-strategy.ts';
import type { WheelConfig } from '../strategies/wheel/config.ts';
import { regimeConfigOf } from '../strategies/regime/from-config.ts';
import { RegimeStrategy } from '../strategies/regime/regime-strategy.ts';
import type { RegimeConfig } from '../strategies/regime/config.ts';
import type { BarSeries } from '../data/bar-series.ts';
import type { OptionQuotes } from '../options/option-quotes.ts';
import { SyntheticOptionQuotes } from '../options/synthetic-chain.ts';

/** How the job builds one whole-file strategy. */
export interface WholeFileStrategy<C = unknown> {
  /** Reads and checks the instance's tables (a SchemaError names the key). */
  readonly configOf: (config: MoneyTrailzConfig, id: string) => C;
  readonly create: (config: C, symbols: readonly string[]) => Strategy;
  /** Why it needs daily bars, e.g. 'the wheel decides once a day on daily bars'. */
  readonly daily: string;
  /** It trades options: the chains the job prices from the daily bars (each symbol's history up to the run's end). */
  readonly options?: (daily: readonly BarSeries[]) => OptionQuotes;
}

export type WholeFileName = 'wheel' | 'regime_rebalance';
export type WholeFileStrategies = { readonly [N in WholeFileName]?: WholeFileStrategy };

const wheel: WholeFileStrategy<WheelConfig> = {
  configOf: wheelConfigOf,
  create: (c, symbols) => new WheelStrategy(c, symbols),
  daily: 'the wheel decides once a day on daily bars',
  // Synthetic chains priced from the daily bars (docs/trading-model.md §14).
  options: (daily) => new SyntheticOptionQuotes(daily),
};

const regime: WholeFileStrategy<RegimeConfig> = {
  configOf: regimeConfigOf,
  create: (c, symbols) => new RegimeStrategy(c, symbols),
  daily: 'the regime rebalance decides once a day on daily closes',
};

/** Every whole-file strategy: what the command-line backtest, sweeps and paper runs carry. */
export const WHOLE_FILE_STRATEGIES: WholeFileStrategies = { wheel: wheel as WholeFileStrategy, regime_rebalance: regime as WholeFileStrategy };
