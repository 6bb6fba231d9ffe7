// An option's quotes through one session of a backtest on daily bars, minute by minute, as the TWS
// simulator publishes them in a paper run (docs/trading-model.md §8): the underlying's price at
// minute m of the session is the m-th point of its synthetic intraday path (the Brownian bridge of
// shared/data/intraday-path.ts seeded by symbol and date, over the NYSE session: 390 minutes, 210 on
// an early close), and the option's touch at that instant is the shared quote model's (bid, ask,
// last, shown sizes; time to expiry from the instant). The simulator steps a paper run's clock to
// the same instants (open, open + 1 min, …) and fills against the same quotes. `bounds` lets the
// venue skip a session in which a limit cannot be reached at all.
import type { BarSeries } from '../data/bar-series.ts';
import { sessionSeed, synthesizePoints } from '../data/intraday-path.ts';
import { MS_PER_DAY, yyyymmddFromDays } from '../data/iso-time.ts';
import type { OptionInstrument } from '../domain/instrument.ts';
import type { PathQuote, QuotePath } from '../broker/sim-venue.ts';
import type { OptionQuotes } from '../options/option-quotes.ts';
import { optionSizeSeed } from '../options/quote-model.ts';
import { equitySessionHours } from '../time/exchange-calendar.ts';

const MINUTE = 60_000;

/** One symbol's synthetic minute opens of one session (an array reused across sessions of the same length). */
export class SessionMinutes {
  bars: BarSeries | undefined;
  index = -1;
  openMs = 0;
  date = 0;
  /** Minutes in the session. */
  length = 0;
  /** The path's points: minute m's open at m, the close last (pointsNow). */
  private points = new Float64Array(0);
  private synthesized = false;
  /** The lowest and highest point (the day's range). */
  low = 0;
  high = 0;

  /** Points to the session of daily bar `i` of `bars`; false when the bar is not a daily (UTC-midnight) stamp. */
  load(bars: BarSeries, i: number): boolean {
    if (this.bars === bars && this.index === i) return true;
    const stamp = bars.time[i];
    if (stamp % MS_PER_DAY !== 0) return false;
    const date = yyyymmddFromDays(stamp / MS_PER_DAY);
    const { open, close } = equitySessionHours(date);
    const n = Math.round((close - open) / MINUTE);
    if (n < 4) return false;
    const o = bars.open[i];
    const h = bars.high[i];
    const l = bars.low[i];
    const c = bars.close[i];
    this.low = Math.min(l, o, c);
    this.high = Math.max(h, o, c);
    this.bars = bars;
    this.index = i;
    this.date = date;
    this.openMs = open;
    this.length = n;
    this.synthesized = false;
    return true;
  }

  /** The points, synthesised on first use (a session whose limits are out of reach never needs them). */
  pointsNow(): Float64Array {
    if (!this.synthesized) {
      const n = this.length;
      if (this.points.length !== n + 1) this.points = new Float64Array(n + 1);
      const b = this.bars!;
      const i = this.index;
      synthesizePoints(sessionSeed(b.symbol, this.date), b.open[i], b.high[i], b.low[i], b.close[i], this.points);
      this.synthesized = true;
    }
    return this.points;
  }
}

/** Relative and absolute slack on the model price's range over a session (skew and time decay are not monotone to the cent). */
const PRICE_SLACK = 1.02;
const PRICE_SLACK_ABS = 0.005;

/** The quote path of options on one underlying's daily bars; `point` re-aims it at an option and a session. */
export class OptionPath implements QuotePath {
  length = 0;
  private option: OptionInstrument | undefined;
  private seed = 0;
  private readonly out = { bid: NaN, ask: NaN, last: NaN, bidSize: 0, askSize: 0, lastSize: 0, price: NaN, time: 0 };
  private readonly limits = { bidHigh: NaN, askLow: NaN };

  /** `session`: the underlying's minutes, shared by the paths of its options. */
  constructor(
    private readonly quotes: OptionQuotes,
    private readonly session: SessionMinutes,
  ) {}

  /** Aims the path at `option` over the session of daily bar `i` of its underlying's `bars`; false when there is none. */
  point(option: OptionInstrument, bars: BarSeries, i: number): boolean {
    if (bars.timeframe !== '1d' || !this.session.load(bars, i)) return false;
    if (this.option !== option) {
      this.option = option;
      this.seed = optionSizeSeed(option);
    }
    this.length = this.session.length;
    return true;
  }

  at(m: number): PathQuote {
    const s = this.session;
    const time = s.openMs + m * MINUTE;
    this.quotes.touch(this.option!, s.pointsNow()[m], time, this.seed, this.out);
    this.out.time = time;
    return this.out;
  }

  /**
   * Bounds of the touch over the session: the model price at the day's low and high at the first and
   * the last minute, with slack, and the quote model's narrowest spread (quote-model.ts: the bid at
   * most 0.99 p − ½ ¢, the ask at least 1.01 p + ½ ¢ and one cent).
   */
  bounds(): { readonly bidHigh: number; readonly askLow: number } {
    const s = this.session;
    const first = s.openMs;
    const last = s.openMs + (this.length - 1) * MINUTE;
    let hi = -Infinity;
    let lo = Infinity;
    for (const spot of [s.low, s.high]) {
      for (const t of [first, last]) {
        const p = this.quotes.touch(this.option!, spot, t, this.seed, this.out).price;
        if (p > hi) hi = p;
        if (p < lo) lo = p;
      }
    }
    this.limits.bidHigh = 0.99 * (hi * PRICE_SLACK + PRICE_SLACK_ABS) - 0.005 + 1e-6;
    this.limits.askLow = Math.max(0.01, 1.01 * (lo / PRICE_SLACK - PRICE_SLACK_ABS) + 0.005) - 1e-6;
    return this.limits;
  }
}
