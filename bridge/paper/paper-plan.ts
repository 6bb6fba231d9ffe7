// A paper run from a moneytrailz.toml (docs/trading-model.md §9.5): the backtest job's instances,
// sleeves and engine settings (bridge/backtest/job.ts: the same config errors, file:line and key),
// the symbols they trade, and the sessions of the range — --from/--to, else [backtesting]
// start_date/end_date. What a paper run cannot do is refused here, naming the key: bars other than
// daily, fills at the close.
import { ConfigError } from '../../shared/errors.ts';
import { formatKeyPath, type KeySegment } from '../../shared/config/index.ts';
import { CONFIG_TIMEFRAME } from '../../shared/config/index.ts';
import { exchangeCalendar, type Session } from '../../shared/time/exchange-calendar.ts';
import type { BacktestJob } from '../backtest/job.ts';

export interface PaperPlan {
  readonly job: BacktestJob;
  readonly symbols: readonly string[];
  readonly sessions: readonly Session[];
}

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** yyyymmdd of a YYYY-MM-DD text, or undefined when it is not one. */
export function yyyymmddOf(text: string): number | undefined {
  const m = DATE.exec(text);
  if (!m) return undefined;
  const d = new Date(`${text}T00:00:00Z`);
  if (Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== text) return undefined;
  return Number(m[1] + m[2] + m[3]);
}

export function paperPlan(job: BacktestJob, range: { from?: string; to?: string } = {}): PaperPlan {
  const err = (path: readonly KeySegment[], problem: string) => new ConfigError(job.configPath, job.loaded.lineOf(path), formatKeyPath(path), problem);
  if (job.timeframe !== '1d') {
    const s = job.series[0];
    throw err(s.key, `${s.csv} has ${CONFIG_TIMEFRAME[job.timeframe]} bars; a paper run replays daily bars (1d) for now`);
  }
  if (job.settings.fill !== 'next_open') throw err(['backtesting', 'execution', 'fill'], `is "${job.settings.fill}"; a paper run fills market orders at the next session's open (fill = "next_open")`);
  const bt = job.loaded.config.backtesting;
  const fromText = range.from ?? bt.start_date;
  const toText = range.to ?? bt.end_date;
  if (!fromText) throw err(['backtesting', 'start_date'], 'missing: a paper run needs the first session (start_date, or --from YYYY-MM-DD)');
  if (!toText) throw err(['backtesting', 'end_date'], 'missing: a paper run needs the last session (end_date, or --to YYYY-MM-DD)');
  const from = yyyymmddOf(fromText);
  const to = yyyymmddOf(toText);
  if (from === undefined || to === undefined) throw new Error(`--from/--to: expected YYYY-MM-DD dates (got ${fromText} and ${toText})`);
  if (to < from) throw new Error(`--from ${fromText} is after --to ${toText}`);
  const sessions = exchangeCalendar('XNYS').sessions(from, to);
  if (sessions.length < 2) throw new Error(`${fromText} to ${toText} holds ${sessions.length} session(s); a paper run needs at least 2`);
  return { job, symbols: job.market.symbols.map((s) => s.symbol), sessions };
}
