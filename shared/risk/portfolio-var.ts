// A portfolio's one-day value at risk from its positions and its underlyings' daily closes (issue 13,
// the risk view): each position's dollar delta — shares × price for a stock; for an option, contracts ×
// multiplier × the shared quote model's delta (shared/options/quote-model.ts: the surface volatility
// over the underlying's realised volatility, the year's risk-free rate) × the underlying's price — then
// the P&L the positions would have made on each of the last days the underlyings all traded (Σ dollar
// delta × the underlying's simple return that day), and historical VaR at 95 %: the loss at the 5th
// percentile (shared/analytics/value-at-risk.ts). A first-order (delta) view: gamma and volatility moves
// are not in it.
import { historicalVar } from '../analytics/value-at-risk.ts';
import { optionTickLadder } from '../broker/ibkr-rules.ts';
import { daysFromYyyymmdd, MS_PER_DAY, yyyymmddFromDays } from '../data/iso-time.ts';
import { equitySessionHours } from '../time/exchange-calendar.ts';
import { newModelQuote, optionQuote, yearsToExpiry } from '../options/quote-model.ts';
import { underlyingParams } from '../options/underlying-params.ts';
import { DEFAULT_VOL, realisedVolBefore, riskFreeRate } from '../options/volatility.ts';

/** One position as the risk view reads it. */
export interface RiskPosition {
  /** The underlying's symbol (a stock's own). */
  readonly symbol: string;
  readonly secType: string;
  readonly quantity: number;
  readonly multiplier?: number;
  readonly right?: 'C' | 'P';
  readonly strike?: number;
  /** YYYYMMDD. */
  readonly expiry?: string;
}

/** An underlying's daily closes, oldest first: session dates (yyyymmdd) and closes. */
export interface DailyCloses {
  readonly dates: ArrayLike<number>;
  readonly closes: ArrayLike<number>;
}

export interface PositionDelta {
  readonly position: RiskPosition;
  /** Change of the position's value per 1.00 (100 %) move of the underlying, in dollars. */
  readonly dollarDelta: number;
  /** The option's model delta (1 for a stock); NaN when it could not be priced. */
  readonly delta: number;
}

export interface PortfolioVar {
  /** The one-day loss at 95 %, in dollars (positive: a loss). NaN when no day could be used. */
  readonly var95: number;
  /** Days of P&L it was read from. */
  readonly days: number;
  readonly deltas: readonly PositionDelta[];
  /** Positions left out and why (no closes for the underlying, an unpriceable option). */
  readonly missing: readonly string[];
}

/** The position's dollar delta at the underlying's last close (see the file header). */
export function positionDelta(p: RiskPosition, closes: DailyCloses | undefined): PositionDelta {
  const n = closes?.closes.length ?? 0;
  if (!closes || n === 0) return { position: p, dollarDelta: NaN, delta: NaN };
  const spot = closes.closes[n - 1];
  if (p.secType !== 'OPT') return { position: p, dollarDelta: p.quantity * spot, delta: 1 };
  if (p.right === undefined || p.strike === undefined || p.expiry === undefined) return { position: p, dollarDelta: NaN, delta: NaN };
  const date = closes.dates[n - 1];
  const days = Int32Array.from({ length: n }, (_, i) => daysFromYyyymmdd(closes.dates[i]));
  const today = days[n - 1] + 1;
  const rv = realisedVolBefore(days, closes.closes, n, today);
  const params = underlyingParams(p.symbol);
  const expiry = Number(p.expiry);
  const valuedAt = equitySessionHours(date).close;
  const years = yearsToExpiry(valuedAt, equitySessionHours(expiry).close);
  const q = optionQuote(p.right, p.strike, years, spot, riskFreeRate(date), params.dividendYield, rv === rv ? rv : DEFAULT_VOL, params.vol, optionTickLadder(p.symbol, params.pennyOptions), newModelQuote());
  const multiplier = p.multiplier ?? 100;
  return { position: p, dollarDelta: p.quantity * multiplier * q.delta * spot, delta: q.delta };
}

/**
 * Historical one-day VaR at 95 % of the positions over the last `lookback` days on which every
 * underlying held has a close (aligned by date).
 */
export function portfolioVar(positions: readonly RiskPosition[], closesBySymbol: ReadonlyMap<string, DailyCloses>, lookback = 250): PortfolioVar {
  const deltas: PositionDelta[] = [];
  const missing: string[] = [];
  const exposure = new Map<string, number>();
  for (const p of positions) {
    const d = positionDelta(p, closesBySymbol.get(p.symbol));
    deltas.push(d);
    if (!Number.isFinite(d.dollarDelta)) {
      missing.push(closesBySymbol.has(p.symbol) ? `${p.symbol} ${p.secType}: could not be priced` : `${p.symbol}: no daily closes`);
      continue;
    }
    exposure.set(p.symbol, (exposure.get(p.symbol) ?? 0) + d.dollarDelta);
  }
  const symbols = [...exposure.keys()];
  if (symbols.length === 0) return { var95: NaN, days: 0, deltas, missing };
  // Returns by date per symbol, then the dates every symbol has, the last `window` of them.
  const returns = symbols.map((s) => {
    const c = closesBySymbol.get(s)!;
    const m = new Map<number, number>();
    for (let i = 1; i < c.closes.length; i++) m.set(c.dates[i], c.closes[i] / c.closes[i - 1] - 1);
    return m;
  });
  const common = [...returns[0].keys()].filter((d) => returns.every((m) => m.has(d))).sort((a, b) => a - b).slice(-lookback);
  const pnl = new Float64Array(common.length);
  common.forEach((d, i) => {
    let v = 0;
    symbols.forEach((s, j) => (v += exposure.get(s)! * returns[j].get(d)!));
    pnl[i] = v;
  });
  return { var95: pnl.length > 0 ? -historicalVar(pnl) : NaN, days: pnl.length, deltas, missing };
}

/** Daily closes from bars stamped as the app protocol sends them (YYYYMMDD, or epoch seconds → UTC date). */
export function dailyCloses(bars: readonly { readonly time: string; readonly close: number }[]): DailyCloses {
  const dates: number[] = [];
  const closes: number[] = [];
  for (const b of bars) {
    const t = b.time.trim();
    const date = /^\d{8}$/.test(t) ? Number(t) : Number.isFinite(Number(t)) ? yyyymmddFromDays(Math.floor((Number(t) * 1000) / MS_PER_DAY)) : NaN;
    if (!Number.isFinite(date) || !(b.close > 0)) continue;
    dates.push(date);
    closes.push(b.close);
  }
  return { dates, closes };
}
