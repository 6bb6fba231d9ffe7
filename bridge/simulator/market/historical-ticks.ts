// Historical ticks (reqHistoricalTicks) from the replayed path, at TWS's one-second resolution. Each
// second of a trading window is looked at with the same quote model the live ticks use (quotes.ts;
// extended-hours.ts in the pre-market and after-hours when useRth = 0), so a tick agrees with the
// market data and bars of the same instant:
// - TRADES: a trade at a second chosen by a seeded hash (about 60 % of regular seconds, 10 % in the
//   extended session, 5 % for an option), at the quote's last price with its last size, on an
//   exchange picked by the same hash; extended-hours trades carry the special condition "T" (Form T,
//   trades outside the regular session). An index "trades" whenever its level changes (size 0).
// - BID_ASK: a tick whenever the bid or ask changes from the previous second; with ignoreSize = 0
//   also when only their sizes change (ignoreSize = 1 sends sizes as 0).
// - MIDPOINT: a tick whenever (bid + ask) / 2 changes (an index: its level).
// Whether a second has a tick depends only on that second and the one before it, so asking forward
// from a start or backward from an end gives the same ticks. Nothing after the replay clock is used.

import type { BidAskTick, LastTick, MidTick } from '../wire/historical-ticks-encoders.ts';
import { extendedHoursQuote, tapeExtendedSession, tapePhaseAt } from './extended-hours.ts';
import { hash32 } from '../../../shared/data/seeded-hash.ts';
import { baseTape, type Listing } from './listed.ts';
import { newQuote, type QuoteModel } from './quotes.ts';
import type { SymbolTape } from './symbol-tape.ts';

/** TWS's maximum numberOfTicks per request. */
export const MAX_TICKS = 1000;
/** Seconds looked at per request at most (about four regular sessions): the search stops there. */
export const MAX_SCAN_SECONDS = 100_000;

export type TickKind = 'TRADES' | 'BID_ASK' | 'MIDPOINT';

export interface TickQuery {
  readonly instrument: Listing;
  readonly kind: TickKind;
  /** Forward from `start` (epoch ms) when set, else backward from `end`. */
  readonly start: number | null;
  /** Exclusive bound, already clipped to the replay clock. */
  readonly end: number;
  readonly count: number;
  readonly useRth: boolean;
  readonly ignoreSize: boolean;
}

export type TickResult = { readonly kind: 'TRADES'; readonly ticks: LastTick[] } | { readonly kind: 'BID_ASK'; readonly ticks: BidAskTick[] } | { readonly kind: 'MIDPOINT'; readonly ticks: MidTick[] };

const EXCHANGES = ['ARCA', 'NASDAQ', 'NYSE', 'BATS', 'IEX', 'EDGX', 'DRCTEDGE', 'MEMX'];
const SEC = 1000;

interface Point {
  bid: number;
  ask: number;
  bidSize: number;
  askSize: number;
  last: number;
  lastSize: number;
  extended: boolean;
}

/** Reads the market at whole seconds. */
class SecondSampler {
  private readonly quote = newQuote();
  private readonly hasBook: boolean;

  constructor(
    private readonly quotes: QuoteModel,
    private readonly inst: Listing,
  ) {
    this.hasBook = inst.secType !== 'IND';
  }

  at(sec: number, out: Point): boolean {
    const t = sec * SEC;
    const inst = this.inst;
    if (inst.secType === 'STK') {
      const phase = tapePhaseAt(inst.tape, t)?.phase;
      if (phase === 'pre' || phase === 'post') {
        const x = extendedHoursQuote(inst, t)!;
        const h = hash32(inst.conId, sec, 11);
        out.bid = x.bid;
        out.ask = x.ask;
        out.last = x.last;
        out.bidSize = 100 * (1 + (h % 8));
        out.askSize = 100 * (1 + ((h >>> 8) % 8));
        out.lastSize = 100 * (1 + ((h >>> 16) % 3));
        out.extended = true;
        return true;
      }
    }
    const q = this.quotes.quote(inst, t, this.quote);
    return q.valid && this.fill(q, out, false);
  }

  private fill(q: ReturnType<QuoteModel['quote']>, out: Point, extended: boolean): boolean {
    out.last = q.last;
    out.lastSize = this.hasBook ? q.lastSize : 0;
    out.bid = this.hasBook ? q.bid : q.last;
    out.ask = this.hasBook ? q.ask : q.last;
    out.bidSize = this.hasBook ? q.bidSize : 0;
    out.askSize = this.hasBook ? q.askSize : 0;
    out.extended = extended;
    return true;
  }
}

/** The trading windows [a, b) (ms) of session i: regular, or 04:00–20:00 ET for a stock with useRth = 0. */
function windowOf(tape: SymbolTape, i: number, extended: boolean): [number, number] {
  if (!extended) return [tape.openMs[i], tape.closeMs[i]];
  const s = tapeExtendedSession(tape, i);
  return [s.preOpen, s.postClose];
}

/**
 * The ticks of `q`: up to `count` of them, in time order, forward from start or ending before end.
 * An empty list when the period has no trading (TWS answers such a request with no ticks, done).
 */
export function historicalTicks(quotes: QuoteModel, q: TickQuery): TickResult {
  const inst = q.instrument;
  const tape = baseTape(inst);
  const extended = !q.useRth && inst.secType === 'STK';
  const sampler = new SecondSampler(quotes, inst);
  const cur: Point = { bid: 0, ask: 0, bidSize: 0, askSize: 0, last: 0, lastSize: 0, extended: false };
  const prev: Point = { ...cur };
  const count = Math.min(MAX_TICKS, q.count);
  const last: LastTick[] = [];
  const bidAsk: BidAskTick[] = [];
  const mid: MidTick[] = [];
  const size = () => (q.kind === 'TRADES' ? last.length : q.kind === 'BID_ASK' ? bidAsk.length : mid.length);

  /** Adds the tick of second `sec` (window start `a`) when it has one. */
  const visit = (sec: number, a: number): void => {
    if (!sampler.at(sec, cur)) return;
    const first = sec * SEC <= a || !sampler.at(sec - 1, prev);
    if (q.kind === 'TRADES') {
      if (inst.secType === 'IND') {
        if (first || cur.last !== prev.last) last.push({ time: sec, mask: 0, price: cur.last, size: 0, exchange: inst.exchange, specialConditions: '' });
        return;
      }
      const h = hash32(inst.conId, sec, 5);
      if (h % 100 >= (inst.secType === 'OPT' ? 5 : cur.extended ? 10 : 60)) return;
      last.push({ time: sec, mask: 0, price: cur.last, size: cur.lastSize, exchange: EXCHANGES[(h >>> 8) % EXCHANGES.length], specialConditions: cur.extended ? 'T' : '' });
    } else if (q.kind === 'BID_ASK') {
      const moved = first || cur.bid !== prev.bid || cur.ask !== prev.ask || (!q.ignoreSize && (cur.bidSize !== prev.bidSize || cur.askSize !== prev.askSize));
      if (moved) bidAsk.push({ time: sec, mask: 0, bid: cur.bid, ask: cur.ask, bidSize: q.ignoreSize ? 0 : cur.bidSize, askSize: q.ignoreSize ? 0 : cur.askSize });
    } else {
      const m = Math.round(((cur.bid + cur.ask) / 2) * 1e4) / 1e4;
      if (first || m !== Math.round(((prev.bid + prev.ask) / 2) * 1e4) / 1e4) mid.push({ time: sec, price: m, size: 0 });
    }
  };

  const n = tape.daily.length;
  let scanned = 0;
  if (q.start !== null) {
    let t = Math.ceil(q.start / SEC) * SEC;
    for (let i = Math.max(0, tape.dayAtOrBefore(t)); i < n && t < q.end && size() < count && scanned < MAX_SCAN_SECONDS; i++) {
      const [a, b] = windowOf(tape, i, extended);
      if (t >= b) continue;
      if (t < a) t = a;
      for (; t < b && t < q.end && size() < count && scanned < MAX_SCAN_SECONDS; t += SEC, scanned++) visit(t / SEC, a);
    }
    return result(q.kind, last, bidAsk, mid);
  }
  let t = Math.ceil(q.end / SEC) * SEC - SEC; // the last whole second before end
  for (let i = Math.min(n - 1, tape.dayAtOrBefore(t) + 1); i >= 0 && size() < count && scanned < MAX_SCAN_SECONDS; i--) {
    const [a, b] = windowOf(tape, i, extended);
    if (t < a) continue;
    if (t >= b) t = Math.ceil(b / SEC) * SEC - SEC;
    for (; t >= a && size() < count && scanned < MAX_SCAN_SECONDS; t -= SEC, scanned++) visit(t / SEC, a);
  }
  last.reverse();
  bidAsk.reverse();
  mid.reverse();
  return result(q.kind, last, bidAsk, mid);
}

function result(kind: TickKind, last: LastTick[], bidAsk: BidAskTick[], mid: MidTick[]): TickResult {
  if (kind === 'TRADES') return { kind, ticks: last };
  if (kind === 'BID_ASK') return { kind, ticks: bidAsk };
  return { kind, ticks: mid };
}
