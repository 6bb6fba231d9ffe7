// Messages between the UI thread and the backtest worker. A run request runs one backtest: the
// configuration (a moneytrailz.toml document as an object) and the bars of every [data]
// series by symbol; the worker answers with progress messages, then the result or an error. A check
// request checks the lab's form by the configuration's rules (app/lab/lab-form-rules.ts).
import type { BarSeries } from '../../shared/data/bar-series.ts';
import type { PortfolioJson } from '../../shared/engine/backtest-result.ts';
import type { FormCheck, LabForm } from '../lab/lab-form.ts';
import type { SweepRow } from '../../shared/engine/sweep.ts';
import type { SweepCheck } from '../lab/sweep-form.ts';

export interface BacktestRequest {
  /** The configuration: a moneytrailz.toml document as an object (the lab's form). */
  readonly config: Readonly<Record<string, unknown>>;
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
export type BacktestWorkerRequest = ({ readonly kind: 'run' } & BacktestRequest) | { readonly kind: 'check'; readonly id: number; readonly form: LabForm } | SweepWorkerRequest;

// A sweep (app/workers/sweep-pool.ts): 'check-sweep' checks the form with ranges (app/lab/sweep-form-rules.ts);
// 'sweep-init' sends one worker the configuration and the bars once (it builds the batch: shared/engine/sweep.ts),
// then each 'sweep-batch' runs a few combinations ([grid index, params]) on it.
export type SweepWorkerRequest =
  | { readonly kind: 'check-sweep'; readonly id: number; readonly form: LabForm }
  | ({ readonly kind: 'sweep-init' } & BacktestRequest)
  | { readonly kind: 'sweep-batch'; readonly items: readonly (readonly [number, Readonly<Record<string, number>>])[] };

export type BacktestResponse =
  | { readonly kind: 'checked'; readonly id: number; readonly check: FormCheck }
  | { readonly kind: 'progress'; readonly done: number; readonly total: number }
  | ({ readonly kind: 'done' } & BacktestOutcome)
  | { readonly kind: 'error'; readonly error: string }
  | { readonly kind: 'sweep-checked'; readonly id: number; readonly check: SweepCheck }
  | { readonly kind: 'sweep-ready' }
  | { readonly kind: 'sweep-rows'; readonly rows: readonly SweepRow[] };
