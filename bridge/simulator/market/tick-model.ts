// Quotes → tick messages for one market data line. Sends only what changed since the line's last
// publish (TWS streams changes, not snapshots), everything on the first publish or a snapshot, in
// the live tick types or their delayed twins. Per line state is a few numbers; nothing is allocated
// per tick except the message strings themselves.

import * as enc from '../wire/encoders.ts';
import type { OutBuffer } from '../wire/out-buffer.ts';
import { DELAYED_OF, TICK } from '../wire/tick-types.ts';
import type { Listing } from './listed.ts';
import type { Quote } from './quotes.ts';

/** How far delayed market data (types 3 and 4) lags the replay clock. */
export const DELAY_MS = 15 * 60_000;

/** Generic ticks (reqMktData genericTickList) this simulator fills; others are accepted and ignored. */
export const GENERIC = { OPTION_VOLUME: 100, OPEN_INTEREST: 101, HIST_VOL: 104, IMPLIED_VOL: 106, MARK_PRICE: 221, RT_VOLUME: 233, SHORTABLE: 236 } as const;

const enum Slot {
  Bid,
  Ask,
  Last,
  BidSize,
  AskSize,
  Volume,
  High,
  Low,
  Date,
  Underlying,
  Model,
  CallVolume,
  Count,
}

/** Parses a genericTickList ("100,101,233"); non-numeric entries are ignored, like TWS's lenient ones. */
export function parseGenericTicks(list: string): Set<number> {
  const set = new Set<number>();
  for (const part of list.split(',')) {
    const n = Number(part.trim());
    if (part.trim() && Number.isInteger(n)) set.add(n);
  }
  return set;
}

export class TickStream {
  private readonly sent = new Float64Array(Slot.Count).fill(NaN);
  private readonly isOption: boolean;
  private readonly isIndex: boolean;
  private readonly tBid: number;
  private readonly tAsk: number;
  private readonly tLast: number;
  private readonly tBidSize: number;
  private readonly tAskSize: number;
  private readonly tLastSize: number;
  private readonly tVolume: number;
  private readonly tHigh: number;
  private readonly tLow: number;
  private readonly tLastTime: number;

  constructor(
    readonly reqId: number,
    readonly instrument: Listing,
    readonly delayed: boolean,
    readonly generic: ReadonlySet<number>,
  ) {
    this.isOption = instrument.secType === 'OPT';
    this.isIndex = instrument.secType === 'IND';
    this.tBid = this.type(TICK.BID);
    this.tAsk = this.type(TICK.ASK);
    this.tLast = this.type(TICK.LAST);
    this.tBidSize = this.type(TICK.BID_SIZE);
    this.tAskSize = this.type(TICK.ASK_SIZE);
    this.tLastSize = this.type(TICK.LAST_SIZE);
    this.tVolume = this.type(TICK.VOLUME);
    this.tHigh = this.type(TICK.HIGH);
    this.tLow = this.type(TICK.LOW);
    this.tLastTime = this.type(TICK.LAST_TIMESTAMP);
  }

  private type(live: number): number {
    return this.delayed ? (DELAYED_OF[live] ?? live) : live;
  }

  /** Forgets what was sent, so the next publish sends everything (used after data was lost). */
  reset(): void {
    this.sent.fill(NaN);
  }

  /**
   * Writes the ticks of `q` that differ from the last publish (all when `full`) and returns how many
   * messages were written.
   */
  publish(q: Quote, out: OutBuffer, full = false): number {
    if (!q.valid) return 0;
    const s = this.sent;
    const id = this.reqId;
    const first = full || s[Slot.Date] !== q.date;
    const before = out.messages;

    if (!this.isIndex) {
      const bidChanged = first || q.bid !== s[Slot.Bid];
      const askChanged = first || q.ask !== s[Slot.Ask];
      // @stoqey/ib derives a tickSize from every BID/ASK/LAST tickPrice, except for BID: its check
      // `if (sizeTickType)` drops BID_SIZE = 0. So a bid price change also carries an explicit
      // TICK_SIZE (TWS sends separate size ticks too).
      if (bidChanged) {
        out.push(enc.tickPrice(id, this.tBid, q.bid, q.bidSize, 1));
        if (!this.delayed) out.push(enc.tickSize(id, this.tBidSize, q.bidSize));
      } else if (q.bidSize !== s[Slot.BidSize]) out.push(enc.tickSize(id, this.tBidSize, q.bidSize));
      if (askChanged) out.push(enc.tickPrice(id, this.tAsk, q.ask, q.askSize, 1));
      else if (q.askSize !== s[Slot.AskSize]) out.push(enc.tickSize(id, this.tAskSize, q.askSize));
      if ((bidChanged || askChanged) && this.generic.has(GENERIC.MARK_PRICE)) {
        out.push(enc.tickPrice(id, TICK.MARK_PRICE, Math.round(((q.bid + q.ask) / 2) * 1e4) / 1e4, 0, 0));
      }
      s[Slot.Bid] = q.bid;
      s[Slot.Ask] = q.ask;
      s[Slot.BidSize] = q.bidSize;
      s[Slot.AskSize] = q.askSize;
    }

    const lastChanged = first || q.last !== s[Slot.Last];
    const traded = first || q.volume !== s[Slot.Volume];
    if (lastChanged) out.push(enc.tickPrice(id, this.tLast, q.last, this.isIndex ? 0 : q.lastSize, 0));
    else if (traded && !this.isIndex) out.push(enc.tickSize(id, this.tLastSize, q.lastSize));
    if (lastChanged || traded) {
      out.push(enc.tickString(id, this.tLastTime, String(q.lastTime)));
      if (!this.isIndex) out.push(enc.tickSize(id, this.tVolume, q.volume));
      if (this.generic.has(GENERIC.RT_VOLUME) && !this.isIndex) {
        out.push(enc.tickString(id, TICK.RT_VOLUME, `${q.last};${q.lastSize};${q.lastTime * 1000};${q.volume};${q.last};true`));
      }
    }
    s[Slot.Last] = q.last;
    s[Slot.Volume] = q.volume;

    if (q.high === q.high && (first || q.high !== s[Slot.High])) out.push(enc.tickPrice(id, this.tHigh, q.high, 0, 0));
    if (q.low === q.low && (first || q.low !== s[Slot.Low])) out.push(enc.tickPrice(id, this.tLow, q.low, 0, 0));
    s[Slot.High] = q.high;
    s[Slot.Low] = q.low;

    if (first) this.publishDaily(q, out);
    if (this.isOption) this.publishGreeks(q, out, first, lastChanged);
    else if (this.generic.has(GENERIC.OPTION_VOLUME) && !this.isIndex) {
      const calls = Math.floor(q.volume / 80);
      if (first || calls !== s[Slot.CallVolume]) {
        out.push(enc.tickSize(id, TICK.OPTION_CALL_VOLUME, calls));
        out.push(enc.tickSize(id, TICK.OPTION_PUT_VOLUME, Math.floor(q.volume / 100)));
        s[Slot.CallVolume] = calls;
      }
    }
    s[Slot.Date] = q.date;
    return out.messages - before;
  }

  /** Once per session: previous close, open, halted flag and the daily generic ticks. */
  private publishDaily(q: Quote, out: OutBuffer): void {
    const id = this.reqId;
    if (q.close === q.close) out.push(enc.tickPrice(id, this.type(TICK.CLOSE), q.close, 0, 0));
    if (q.open === q.open) out.push(enc.tickPrice(id, this.type(TICK.OPEN), q.open, 0, 0));
    out.push(enc.tickGeneric(id, this.type(TICK.HALTED), 0));
    const g = this.generic;
    if (g.has(GENERIC.HIST_VOL) && q.histVol === q.histVol) out.push(enc.tickGeneric(id, TICK.OPTION_HISTORICAL_VOL, q.histVol));
    if (g.has(GENERIC.IMPLIED_VOL)) {
      const iv = this.isOption ? q.modelVol : q.impliedVol30;
      if (iv === iv) out.push(enc.tickGeneric(id, TICK.OPTION_IMPLIED_VOL, iv));
    }
    if (g.has(GENERIC.OPEN_INTEREST)) {
      if (this.instrument.secType === 'OPT') {
        out.push(enc.tickSize(id, this.instrument.right === 'C' ? TICK.OPTION_CALL_OPEN_INTEREST : TICK.OPTION_PUT_OPEN_INTEREST, q.openInterest));
      } else if (!this.isIndex) {
        out.push(enc.tickSize(id, TICK.OPTION_CALL_OPEN_INTEREST, Math.floor(q.volume / 20) + 1000));
        out.push(enc.tickSize(id, TICK.OPTION_PUT_OPEN_INTEREST, Math.floor(q.volume / 25) + 1000));
      }
    }
    if (g.has(GENERIC.SHORTABLE) && !this.isIndex) out.push(enc.tickGeneric(id, TICK.SHORTABLE, 3));
  }

  /** tickOptionComputation for the model (whenever the underlying or model moved), bid, ask and last. */
  private publishGreeks(q: Quote, out: OutBuffer, first: boolean, lastChanged: boolean): void {
    const s = this.sent;
    const id = this.reqId;
    const und = q.underlying;
    const m = q.model;
    const moved = first || und !== s[Slot.Underlying] || m.price !== s[Slot.Model];
    if (moved) {
      out.push(enc.tickOptionComputation(id, this.type(TICK.MODEL_OPTION), 1, q.modelVol, m.delta, m.price, q.pvDividend, m.gamma, m.vega, m.theta, und));
      const b = q.bidGreeks;
      out.push(enc.tickOptionComputation(id, this.type(TICK.BID_OPTION), 1, q.bidVol, b.delta, q.bid, q.pvDividend, b.gamma, b.vega, b.theta, und));
      const a = q.askGreeks;
      out.push(enc.tickOptionComputation(id, this.type(TICK.ASK_OPTION), 1, q.askVol, a.delta, q.ask, q.pvDividend, a.gamma, a.vega, a.theta, und));
    }
    if (lastChanged || moved) {
      const l = q.lastGreeks;
      out.push(enc.tickOptionComputation(id, this.type(TICK.LAST_OPTION), 1, q.lastVol, l.delta, q.last, q.pvDividend, l.gamma, l.vega, l.theta, und));
    }
    s[Slot.Underlying] = und;
    s[Slot.Model] = m.price;
  }
}
