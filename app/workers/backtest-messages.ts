// Messages between the UI thread and the backtest worker. A run request runs one backtest: the
// configuration (moneytrailz.toml text, or the same as an object) and the bars of every [data]
// series by symbol; the worker answers with progress messages, then the result or an error. A check
// request checks the lab's form by the configuration's rules (app/lab/lab-form-rules.ts).
import type { BarSeries } from '../../shared/data/bar-series.ts';
import type { PortfolioJson } from '../../shared/engine/backtest-result.ts';
import type { FormCheck, LabForm } from '../lab/lab-form.ts';

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

/** What the page posts to the worker. */
export type BacktestWorkerRequest = ({ readonly kind: 'run' } & BacktestRequest) | { readonly kind: 'check'; readonly id: number; readonly form: LabForm };

export type BacktestResponse =
  | { readonly kind: 'checked'; readonly id: number; readonly check: FormCheck }
  | { readonly kind: 'progress'; readonly done: number; readonly total: number }
  | ({ readonly kind: 'done' } & BacktestOutcome)
  | { readonly kind: 'error'; readonly error: string };
