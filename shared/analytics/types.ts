// Shapes of the backtest analytics (docs: backtest-model.md §4–§7).
// Two labelled conventions: `BacktestStats` reproduces backtesting.py's stat set (geometric
// Sharpe, compounded volatility, ...); `BacktestMetrics` the empyrical/quantstats set.
// An undefined value (zero denominator, empty set) is NaN here and `null` in the JSON.

/** One closed trade (§4). */
export interface Trade {
  /** Bar index of the entry fill. */
  readonly entryBar: number;
  /** Bar index of the exit fill. */
  readonly exitBar: number;
  /** Date of `entryBar`, `YYYY-MM-DD`. */
  readonly entryTime: string;
  /** Date of `exitBar`, `YYYY-MM-DD`. */
  readonly exitTime: string;
  /** Signed whole shares (negative = short). */
  readonly size: number;
  /** Fill price including the spread. */
  readonly entryPrice: number;
  /** Fill price (no spread on exits). */
  readonly exitPrice: number;
  /** `size·(exitPrice − entryPrice) − commission`, in cash. */
  readonly pnl: number;
  /** Both sides: `c·|size|·entryPrice + c·|size|·exitPrice`. */
  readonly commission: number;
  /** A fraction: `sign(size)·(exitPrice/entryPrice − 1) − commission/(|size|·entryPrice)`. */
  readonly returnPct: number;
}

/** backtesting.py's 32 stats (§5), in its order. `…Pct` keys are percentages. */
export interface BacktestStats {
  start: string;
  end: string;
  durationDays: number;
  exposureTimePct: number;
  equityFinal: number;
  equityPeak: number;
  commissions: number;
  returnPct: number;
  buyHoldReturnPct: number;
  returnAnnPct: number;
  volatilityAnnPct: number;
  cagrPct: number;
  sharpeRatio: number;
  sortinoRatio: number;
  calmarRatio: number;
  alphaPct: number;
  beta: number;
  maxDrawdownPct: number;
  avgDrawdownPct: number;
  maxDrawdownDurationDays: number;
  avgDrawdownDurationDays: number;
  numTrades: number;
  winRatePct: number;
  bestTradePct: number;
  worstTradePct: number;
  avgTradePct: number;
  maxTradeDurationDays: number;
  avgTradeDurationDays: number;
  profitFactor: number;
  expectancyPct: number;
  sqn: number;
  kellyCriterion: number;
}

/** The empyrical / quantstats / per-trade metrics (§6), in order. Returns are fractions. */
export interface BacktestMetrics {
  nReturns: number;
  totalReturn: number;
  annualReturn: number;
  annualVolatility: number;
  sharpe: number;
  downsideRisk: number;
  sortino: number;
  maxDrawdown: number;
  calmar: number;
  var95Hist: number;
  cvar95Hist: number;
  var95Gauss: number;
  cvar95Gauss: number;
  omega: number;
  tailRatio: number;
  dailyWinRate: number;
  dailyProfitFactor: number;
  tradeWinRate: number;
  tradeProfitFactor: number;
  avgWin: number;
  avgLoss: number;
  payoffRatio: number;
  expectancy: number;
  tradeMeanReturn: number;
}

/** What `computeStats` / `computeMetrics` read. All arrays have the bar count N. */
export interface AnalyticsInput {
  /** Bar dates, epoch ms of UTC midnight. */
  readonly times: Float64Array;
  /** Equity after each bar, E[0..N-1] (warm-up bars hold the initial cash). */
  readonly equity: Float64Array;
  /** Close prices (for buy & hold and beta). */
  readonly close: Float64Array;
  /** Warm-up W: the bar buy & hold is measured from (§5). */
  readonly warmup: number;
  /** Closed trades in exit order. */
  readonly trades: readonly Trade[];
  /** Annualisation factor P; default `annualizationPeriods(times)` (§5.1). */
  readonly periodsPerYear?: number;
  /** Intraday bars: each bar's exchange UTC offset in minutes, so that its calendar day (§5.1) is the local date (default UTC). */
  readonly utcOffsetMin?: ArrayLike<number>;
}

/** The §5 stat keys in order. */
export const STATS_KEYS = [
  'start', 'end', 'durationDays', 'exposureTimePct', 'equityFinal', 'equityPeak', 'commissions',
  'returnPct', 'buyHoldReturnPct', 'returnAnnPct', 'volatilityAnnPct', 'cagrPct', 'sharpeRatio',
  'sortinoRatio', 'calmarRatio', 'alphaPct', 'beta', 'maxDrawdownPct', 'avgDrawdownPct',
  'maxDrawdownDurationDays', 'avgDrawdownDurationDays', 'numTrades', 'winRatePct', 'bestTradePct',
  'worstTradePct', 'avgTradePct', 'maxTradeDurationDays', 'avgTradeDurationDays', 'profitFactor',
  'expectancyPct', 'sqn', 'kellyCriterion',
] as const satisfies readonly (keyof BacktestStats)[];

/** The §6 metric keys in order. */
export const METRICS_KEYS = [
  'nReturns', 'totalReturn', 'annualReturn', 'annualVolatility', 'sharpe', 'downsideRisk', 'sortino',
  'maxDrawdown', 'calmar', 'var95Hist', 'cvar95Hist', 'var95Gauss', 'cvar95Gauss', 'omega', 'tailRatio',
  'dailyWinRate', 'dailyProfitFactor', 'tradeWinRate', 'tradeProfitFactor', 'avgWin', 'avgLoss',
  'payoffRatio', 'expectancy', 'tradeMeanReturn',
] as const satisfies readonly (keyof BacktestMetrics)[];

/** Trade fields in the §7 JSON order. */
export const TRADE_JSON_KEYS = [
  'entryTime', 'exitTime', 'size', 'entryPrice', 'exitPrice', 'pnl', 'entryBar', 'exitBar', 'commission', 'returnPct',
] as const satisfies readonly (keyof Trade)[];

/** Keys compared for equality, not with a tolerance (§7): dates, sizes, bar indices, counts, day durations. */
export const EXACT_KEYS: ReadonlySet<string> = new Set([
  'start', 'end', 'durationDays', 'maxDrawdownDurationDays', 'avgDrawdownDurationDays', 'numTrades',
  'maxTradeDurationDays', 'avgTradeDurationDays', 'nReturns',
  'entryTime', 'exitTime', 'size', 'entryBar', 'exitBar',
]);
