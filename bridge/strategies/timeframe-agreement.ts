// Multi-timeframe agreement for the strategy monitor (docs/bridge.md §6): for each symbol of a running
// instance and each timeframe shown — its primary, every higher one it lists, and the next coarser one
// as context when it lists only one (1d -> 1w) — the trend by shared/signals' rule (close vs SMA(20)
// on bars resampled from the run's daily bars; a higher bar counts only once completed: confirm.ts's
// higherTimeframeTrend, no look-ahead) and whether the symbol's latest decision goes with it.
// The primary timeframe's trend is that of its latest bar, the bar the decision was made on.
import { TIMEFRAMES, type BarSeries, type Timeframe } from '../../shared/data/bar-series.ts';
import { formatIsoDate } from '../../shared/data/iso-time.ts';
import { sliceBars } from '../../shared/data/slice-bars.ts';
import type { OrderIntent } from '../../shared/domain/intent.ts';
import { describeTrend, higherTimeframeTrend, smaTrend, TREND_DEFAULT_PERIOD, type Direction, type Trend } from '../../shared/signals/index.ts';
import type { StrategySignal } from '../../shared/strategies/strategy.ts';
import { STRATEGY_AGREEMENT_MAX, type StrategyAgreementRow } from '../../shared/protocol/index.ts';

/** A symbol's latest decision that has a direction to agree with (HOLD is none: the earlier one stands). */
export interface LatestDecision {
  /** The decision's bar, epoch ms. */
  readonly time: number;
  /** As in the row's signals: BUY, SELL, buy, sell, close, target 40 %. */
  readonly side: string;
  /** +1 long (BUY, buy, a positive target), -1 short or exit of a long (SELL, sell, close of a long), 0 none. */
  readonly direction: Direction;
  /** The side the decisions so far hold (+1 long, -1 short, 0 flat): what a close exits. */
  readonly held: Direction;
}

const cut = (s: string) => (s.length > 300 ? `${s.slice(0, 299)}…` : s);

/**
 * The timeframes shown for an instance running on `runBars` bars: its primary (the first configured)
 * and every configured one above it, none finer than the run's bars; with a single one, also the next
 * coarser (1d -> 1w, 1w -> 1mo) as context.
 */
export function agreementTimeframes(configured: readonly Timeframe[], runBars: Timeframe = '1d'): Timeframe[] {
  const floor = Math.max(TIMEFRAMES.indexOf(runBars), configured.length > 0 ? TIMEFRAMES.indexOf(configured[0]) : -1);
  const out = configured.filter((tf, i) => TIMEFRAMES.indexOf(tf) >= floor && configured.indexOf(tf) === i);
  if (out.length === 0) out.push(runBars);
  if (out.length === 1) {
    const next = TIMEFRAMES[TIMEFRAMES.indexOf(out[0]) + 1];
    if (next !== undefined && (out[0] === '1d' || out[0] === '1w')) out.push(next);
  }
  return out;
}

/** The most sessions one bar of a timeframe holds (a week 5, a month 23): history sized with them has enough bars. */
const MAX_SESSIONS: Partial<Record<Timeframe, number>> = { '1d': 1, '1w': 5, '1mo': 23 };

/**
 * Daily sessions of history before a run's first session for each shown timeframe's trend to be ready
 * there: SMA(20) over completed bars and one more bar (e.g. 105 for 1w, 483 for 1mo).
 */
export function agreementHistoryBars(timeframes: readonly Timeframe[]): number {
  return Math.max(0, ...timeframes.map((tf) => (TREND_DEFAULT_PERIOD + 1) * (MAX_SESSIONS[tf] ?? 1)));
}

/** The bars a live run has of one symbol: its series up to the last bar with a close (planned sessions not yet seen are NaN). */
export function barsSoFar(series: BarSeries): BarSeries {
  let n = series.length;
  while (n > 0 && !Number.isFinite(series.close[n - 1])) n--;
  return n === series.length ? series : sliceBars(series, 0, n);
}

/** One symbol's agreement rows, one per timeframe, from its bars so far and its latest decision. */
export function symbolAgreement(bars: BarSeries, timeframes: readonly Timeframe[], decision?: LatestDecision): StrategyAgreementRow[] {
  return timeframes.map((tf) => {
    const t = trendAt(bars, tf);
    const agrees = decision && decision.direction !== 0 && t.ready ? t.trend === decision.direction : undefined;
    return {
      symbol: bars.symbol,
      timeframe: tf,
      trend: t.trend,
      ready: t.ready,
      text: cut(t.text),
      ...(decision && { signal: decision.side, signalTime: decision.time }),
      ...(agrees !== undefined && { agrees }),
    };
  });
}

/** Every symbol's rows (symbols in the given order), capped at STRATEGY_AGREEMENT_MAX. */
export function instanceAgreement(series: readonly BarSeries[], timeframes: readonly Timeframe[], latest: ReadonlyMap<string, LatestDecision>): StrategyAgreementRow[] {
  return series.flatMap((s) => symbolAgreement(barsSoFar(s), timeframes, latest.get(s.symbol))).slice(0, STRATEGY_AGREEMENT_MAX);
}

interface TrendAt {
  readonly trend: Direction;
  readonly ready: boolean;
  readonly text: string;
}

/** The trend on `tf` as of the newest bar of `bars`: its own latest bar for the bars' timeframe, else the newest completed `tf` bar. */
function trendAt(bars: BarSeries, tf: Timeframe): TrendAt {
  const notYet = (why: string): TrendAt => ({ trend: 0, ready: false, text: `not enough bars for the ${tf} trend yet: ${why}` });
  if (bars.length === 0) return notYet(`no ${bars.timeframe} bar of ${bars.symbol || 'the symbol'} yet`);
  let trend: Trend;
  let k: number;
  let higher: BarSeries;
  if (tf === bars.timeframe) {
    trend = smaTrend(bars.close);
    k = bars.length - 1;
    higher = bars;
  } else {
    const h = higherTimeframeTrend(bars, { timeframe: tf });
    k = h.index[bars.length - 1];
    if (k < 0) return notYet(`no ${tf} bar has completed`);
    trend = h;
    higher = h.higher;
  }
  if (!Number.isFinite(trend.sma[k])) return notYet(`SMA(${trend.period}) needs ${trend.period} completed ${tf} bars, ${k + 1} so far`);
  const d = trend.direction[k] as Direction;
  return { trend: d, ready: true, text: `${tf} trend ${describeTrend(trend, k)} (${periodOf(tf)} of ${dateLabel(tf, higher.time[k])})` };
}

function periodOf(tf: Timeframe): string {
  return tf === '1w' ? 'week' : tf === '1mo' ? 'month' : tf === '1d' ? 'day' : `${tf} bar`;
}

function dateLabel(tf: Timeframe, time: number): string {
  const d = formatIsoDate(time);
  return tf === '1mo' ? d.slice(0, 7) : d;
}

/**
 * Records one answer of a strategy deciding on `symbol`'s bar at `time` (shown as `side`) in `latest`,
 * keyed by the stock it trades. No direction, no change: a HOLD, an intent on an option or another
 * non-stock instrument. A close (or a target of 0) exits what is held: a sell after longs, a buy
 * after shorts, no direction when flat.
 */
export function noteDecision(latest: Map<string, LatestDecision>, symbol: string, answer: OrderIntent | StrategySignal, side: string, time: number): void {
  let stock: string | undefined;
  let opening: number;
  if ('signal' in answer) {
    if (answer.signal === 'HOLD') return;
    stock = symbol;
    opening = answer.signal === 'BUY' ? 1 : -1;
  } else {
    stock = intentStock(answer, symbol);
    if (stock === undefined) return;
    opening = answer.action === 'buy' ? 1 : answer.action === 'sell' ? -1 : answer.action === 'target' ? Math.sign(answer.weight) : 0;
  }
  const held = latest.get(stock)?.held ?? 0;
  const direction = (opening !== 0 ? opening : held === 0 ? 0 : -held) as Direction;
  latest.set(stock, { time, side, direction, held: (opening !== 0 ? opening : 0) as Direction });
}

/** The stock symbol an intent trades: its own when it names a stock, `symbol` by default; undefined for other instruments. */
function intentStock(intent: OrderIntent, symbol: string): string | undefined {
  const i = intent.instrument;
  if (i === undefined) return symbol;
  if (typeof i === 'string') return i;
  return i.secType === 'STK' ? i.symbol : undefined;
}
