// Messages between the UI thread and the backtest worker. One request runs one backtest: the
// configuration (moneytrailz.toml text, or the same as an object) and the bars of every [data]
// series by symbol. The worker answers with progress messages, then the result or an error.
import type { BarSeries } from '../../shared/data/bar-series.ts';
import type { PortfolioJson } from '../../shared/engine/backtest-result.ts';

export interface BacktestRequest {
  /** moneytrailz.toml text, or the TOML document as an object. */
  readonly config: string | Readonly<Record<string, unknown>>;
  /** The bars of each [data] series, by its symbol (uncut: start_date/end_date apply in the worker). */
  readonly bars: Readonly<Record<string, BarSeries>>;
  /** The configuration's name in error messages (default 'lab.toml'). */
  readonly file?: string;
}

/** A finished run: the portfolio JSON (shared/engine/backtest-result.ts) and its curves as typed arrays. */
export interface BacktestOutcome {
  readonly json: PortfolioJson;
  /** Bar start of each timeline step (epoch ms). */
  readonly times: Float64Array;
  /** Total equity per timeline step. */
  readonly equity: Float64Array;
  /** Timeline step of the last warm-up bar. */
  readonly warmup: number;
}

export type BacktestResponse =
  | { readonly kind: 'progress'; readonly done: number; readonly total: number }
  | ({ readonly kind: 'done' } & BacktestOutcome)
  | { readonly kind: 'error'; readonly error: string };
