// Signals layer (issue 4 item 4): rules over indicator series, each in a columnar batch form
// (Int8Array of +1 BUY / -1 SELL / 0 HOLD, Float64Array of confidences, reason(i) on demand, signalAt
// for the object) and an at-bar form for a strategy's onBar (SeriesRef in, StrategySignal out); the
// weighted aggregator; multi-timeframe confirmation.
//
// Confidence of every rule: min(1, overshoot / scale), the overshoot being how far the input closed
// past the line it crossed or touched (>= 0), the scale a constant or a per-bar series (e.g. ATR) in
// `options.scale`, by default: crossover 1 % of the crossed line; thresholdCross 10 units of x;
// bandTouch 25 % of the band width; breakout 25 % of the previous bar's channel width. HOLD has 0.
// NaN inputs (warm-up) or an undefined per-bar scale -> HOLD. Aggregate: confidence = |score|.
// Multi-timeframe: a confirmed signal keeps its confidence; an unconfirmed one becomes HOLD.
export { BUY, SELL, HOLD, kindOf, directionOf, signalAt, firedAt, holdSignal, type Direction, type SignalSeries } from './signal-series.ts';
export { overshootConfidence, type Scale, type ScaleRef } from './confidence.ts';
export { crossover, crossoverAt, crossDirection, CROSSOVER_DEFAULT_SCALE_FRACTION, type CrossoverOptions } from './crossover.ts';
export { thresholdCross, thresholdCrossAt, levelCrossed, THRESHOLD_DEFAULT_SCALE, type CrossDirection, type ThresholdCrossOptions } from './threshold-cross.ts';
export { bandTouch, bandTouchAt, bandDirection, BAND_DEFAULT_SCALE_FRACTION, type BandOptions } from './band-touch.ts';
export { breakout, breakoutAt, breakoutDirection, BREAKOUT_DEFAULT_SCALE_FRACTION, type BreakoutOptions } from './breakout.ts';
export {
  aggregate,
  aggregateAt,
  scoreDirection,
  AGGREGATE_DEFAULT_THRESHOLD,
  SCORE_EPSILON,
  type AggregateOptions,
  type AggregateSeries,
  type WeightedSignal,
  type WeightedSignals,
} from './aggregate.ts';
export { smaTrend, trendDirection, describeTrend, TREND_DEFAULT_PERIOD, type Trend, type TrendMethod, type TrendOptions } from './trend.ts';
export {
  higherTimeframeTrend,
  confirmWithTrend,
  confirmByHigherTimeframe,
  confirmSignal,
  type ConfirmedSignals,
  type HigherTimeframeOptions,
  type HigherTimeframeTrend,
} from './confirm.ts';
