// Encoders for the historical ticks and histogram replies at server version 193 (ib-protocol.md §5),
// field lists as @stoqey/ib's decoder reads them. Sizes are decimals (printed as numbers); a tick's
// time is epoch seconds; `done` is 1 on the last (here: only) message of a request.

import { Z, msg, text } from './fields.ts';
import { OUT } from './message-ids.ts';

/** A MIDPOINT tick: time (epoch s), price, size (0). */
export interface MidTick {
  readonly time: number;
  readonly price: number;
  readonly size: number;
}

/** A BID_ASK tick; `mask` bit 0 bidPastLow, bit 1 askPastHigh. */
export interface BidAskTick {
  readonly time: number;
  readonly mask: number;
  readonly bid: number;
  readonly ask: number;
  readonly bidSize: number;
  readonly askSize: number;
}

/** A TRADES tick; `mask` bit 0 pastLimit, bit 1 unreported. */
export interface LastTick {
  readonly time: number;
  readonly mask: number;
  readonly price: number;
  readonly size: number;
  readonly exchange: string;
  readonly specialConditions: string;
}

/** HISTORICAL_TICKS: [96, reqId, count, then per tick: time, 0, price, size, then done]. 4 + 4·count fields. */
export function historicalTicks(reqId: number, ticks: readonly MidTick[], done: boolean): string {
  let s = msg(OUT.HISTORICAL_TICKS, reqId, ticks.length);
  for (const t of ticks) s += t.time + Z + '0' + Z + text(t.price) + Z + text(t.size) + Z;
  return s + (done ? '1' : '0') + Z;
}

/** HISTORICAL_TICKS_BID_ASK: [97, reqId, count, then per tick: time, mask, bid, ask, bidSize, askSize, then done]. 4 + 6·count fields. */
export function historicalTicksBidAsk(reqId: number, ticks: readonly BidAskTick[], done: boolean): string {
  let s = msg(OUT.HISTORICAL_TICKS_BID_ASK, reqId, ticks.length);
  for (const t of ticks) s += msg(t.time, t.mask, t.bid, t.ask, t.bidSize, t.askSize);
  return s + (done ? '1' : '0') + Z;
}

/** HISTORICAL_TICKS_LAST: [98, reqId, count, then per tick: time, mask, price, size, exchange, specialConditions, then done]. 4 + 6·count fields. */
export function historicalTicksLast(reqId: number, ticks: readonly LastTick[], done: boolean): string {
  let s = msg(OUT.HISTORICAL_TICKS_LAST, reqId, ticks.length);
  for (const t of ticks) s += msg(t.time, t.mask, t.price, t.size, t.exchange, t.specialConditions);
  return s + (done ? '1' : '0') + Z;
}

/** HISTOGRAM_DATA: [89, reqId, count, then per entry: price, size]. 3 + 2·count fields. */
export function histogramData(reqId: number, entries: readonly { readonly price: number; readonly size: number }[]): string {
  let s = msg(OUT.HISTOGRAM_DATA, reqId, entries.length);
  for (const e of entries) s += text(e.price) + Z + text(e.size) + Z;
  return s;
}
