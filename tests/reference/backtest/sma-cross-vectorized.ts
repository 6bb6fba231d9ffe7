// A slow, plain reference of the canonical SmaCross backtest, written from backtest-model.md §2–§4
// alone (backtesting.py's execution model). It shares no code with the engine, the broker or the
// analytics: its own SMA (a fresh sum per window), its own signals, its own date formatting.
//
// Signals are computed for all bars at once; the bar loop then does, for i = W+1 .. N−1:
//   a. fill the orders queued at bar i−1 (closes first, then opens),
//   b. mark equity at the close,
//   c. queue the orders of this bar's signal.
// Then `finalize` closes what is open by stepping the broker again on the last bar.

export interface SmaCrossReferenceBars {
  readonly time: ArrayLike<number>;
  readonly open: ArrayLike<number>;
  readonly close: ArrayLike<number>;
}

export interface SmaCrossReferenceOptions {
  readonly fast?: number;
  readonly slow?: number;
  readonly cash?: number;
  /** Relative commission per side. */
  readonly commission?: number;
  /** Fraction added to long entry prices, subtracted from short entry prices. */
  readonly spread?: number;
  /** Fraction of available cash per entry; default 1 − 2⁻⁵². */
  readonly sizeFraction?: number;
  /** 'next_open' (default): fill at O[i+1]. 'close': fill at the signal bar's close (trade_on_close). */
  readonly fill?: 'next_open' | 'close';
  /** Close what is open after the last bar (default true). */
  readonly finalize?: boolean;
  /** Long only: an up-cross closes and buys, a down-cross only closes. */
  readonly longOnly?: boolean;
}

export interface ReferenceTrade {
  entryBar: number;
  exitBar: number;
  entryTime: string;
  exitTime: string;
  size: number;
  entryPrice: number;
  exitPrice: number;
  pnl: number;
  commission: number;
  returnPct: number;
}

export interface SmaCrossReferenceResult {
  readonly trades: ReferenceTrade[];
  readonly equity: Float64Array;
  /** W: the largest index of a first defined indicator value. */
  readonly warmup: number;
  /** A trade still open at the end (only when `finalize` is false), else null. */
  readonly openTrade: { size: number; entryPrice: number; entryBar: number } | null;
}

/** SMA(n) of x: NaN before bar n−1, then a fresh sum of each window divided by n. */
export function referenceSma(x: ArrayLike<number>, n: number): Float64Array {
  const out = new Float64Array(x.length).fill(Number.NaN);
  for (let i = n - 1; i < x.length; i++) {
    let sum = 0;
    for (let j = i - n + 1; j <= i; j++) sum += x[j];
    out[i] = sum / n;
  }
  return out;
}

/** Index of the first non-NaN value. */
function firstDefined(a: Float64Array): number {
  let i = 0;
  while (i < a.length && Number.isNaN(a[i])) i++;
  return i;
}

/** `YYYY-MM-DD` of an epoch-ms UTC midnight. */
function isoDate(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

interface OpenTrade {
  size: number;
  entryPrice: number;
  entryBar: number;
}

type Order = { kind: 'close'; trade: OpenTrade } | { kind: 'open'; direction: 1 | -1 };

export function smaCrossVectorized(bars: SmaCrossReferenceBars, options: SmaCrossReferenceOptions = {}): SmaCrossReferenceResult {
  const fast = options.fast ?? 10;
  const slow = options.slow ?? 30;
  const cash0 = options.cash ?? 10_000;
  const c = options.commission ?? 0;
  const spread = options.spread ?? 0;
  const f = options.sizeFraction ?? 1 - 2 ** -52;
  const onClose = (options.fill ?? 'next_open') === 'close';
  const finalize = options.finalize ?? true;
  const longOnly = options.longOnly ?? false;
  const O = bars.open;
  const C = bars.close;
  const N = C.length;

  // §2: indicators, warm-up, strict crosses (vectorised over all bars).
  const smaFast = referenceSma(C, fast);
  const smaSlow = referenceSma(C, slow);
  const W = Math.max(firstDefined(smaFast), firstDefined(smaSlow));
  const signal = new Int8Array(N); // +1: fast crosses above slow, −1: slow crosses above fast
  for (let i = W + 1; i < N; i++) {
    if (smaFast[i - 1] < smaSlow[i - 1] && smaFast[i] > smaSlow[i]) signal[i] = 1;
    else if (smaSlow[i - 1] < smaFast[i - 1] && smaSlow[i] > smaFast[i]) signal[i] = -1;
  }

  // The account: cash and the one open trade (hedging off, at most one trade at a time).
  const book: { cash: number; open: OpenTrade | null } = { cash: cash0, open: null };
  const trades: ReferenceTrade[] = [];
  const equity = new Float64Array(N).fill(cash0); // warm-up bars keep the initial cash

  // §3.2 a: fill the queued orders while stepping bar i. Next-open fills use O[i] and bar i;
  // trade-on-close fills use the previous bar's close C[i−1] and bar i−1 (upstream's `prev_close`,
  // so the finalize step on the last bar fills at C[N−2], stamped N−2: this reproduces the §8 check
  // value 64392.08; filling at C[N−1] would give 64791.28).
  const fill = (orders: Order[], i: number): void => {
    const price = onClose ? C[i - 1] : O[i];
    const bar = onClose ? i - 1 : i;
    for (const order of orders) {
      if (order.kind === 'close') {
        const t = order.trade;
        if (book.open !== t) continue; // already closed (e.g. by the finalize close)
        const units = Math.abs(t.size);
        const exitComm = c * units * price;
        book.cash += t.size * (price - t.entryPrice) - exitComm;
        const commission = c * units * t.entryPrice + exitComm;
        trades.push({
          entryBar: t.entryBar,
          exitBar: bar,
          entryTime: isoDate(bars.time[t.entryBar]),
          exitTime: isoDate(bars.time[bar]),
          size: t.size,
          entryPrice: t.entryPrice,
          exitPrice: price,
          pnl: t.size * (price - t.entryPrice) - commission,
          commission,
          returnPct: Math.sign(t.size) * (price / t.entryPrice - 1) - commission / (units * t.entryPrice),
        });
        book.open = null;
      } else {
        if (book.open !== null) throw new Error(`reference: an entry at bar ${bar} while a trade is open (not modelled)`);
        const s = order.direction;
        const entryPrice = price * (1 + s * spread);
        const units = Math.floor((book.cash * f) / (entryPrice + c * price));
        if (units === 0) continue; // not even one share: the order is dropped
        book.cash -= c * units * entryPrice;
        book.open = { size: s * units, entryPrice, entryBar: bar };
      }
    }
  };

  // §3.2 b: cash plus the open trade marked at the close.
  const mark = (i: number): number => (book.open === null ? book.cash : book.cash + book.open.size * (C[i] - book.open.entryPrice));

  let queued: Order[] = [];
  for (let i = W + 1; i < N; i++) {
    fill(queued, i);
    equity[i] = mark(i);
    // §3.2 c: close first (queued at the front), then open.
    queued = [];
    if (signal[i] !== 0) {
      if (book.open !== null) queued.push({ kind: 'close', trade: book.open });
      if (signal[i] === 1 || !longOnly) queued.push({ kind: 'open', direction: signal[i] as 1 | -1 });
    }
  }

  // §3.5: close orders for the open trade go to the front, then the broker steps the last bar again.
  if (finalize && W + 1 < N) {
    const orders: Order[] = book.open === null ? queued : [{ kind: 'close', trade: book.open }, ...queued];
    fill(orders, N - 1);
    equity[N - 1] = mark(N - 1);
  }

  return { trades, equity, warmup: W, openTrade: book.open === null ? null : { ...book.open } };
}
