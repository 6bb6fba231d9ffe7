// Historical bars for the app (docs/app-protocol.md §3): a cache in front of the pacer. The same
// request is answered from the cache (one TWS request however many clients ask; identical requests
// in flight share it); a range ending "now" is cached for 15 s — IBKR's identical-request window —
// and a range with an explicit end until evicted (least recently used first).
import { EventName, type IBApi } from '@stoqey/ib';
import { BAR_SIZES, parseInstrumentRef, type Bar, type HistoricalBarsRequest, type InstrumentRef } from '../../shared/protocol/index.ts';
import { contractOf } from './contracts.ts';
import type { HistoricalPacer } from './historical-pacer.ts';
import { AppRequestError, twsFailure } from './request-error.ts';
import type { TwsLink } from './tws-link.ts';

export interface HistoricalBarsOptions {
  /** Cached answers kept (default 256). */
  readonly maxEntries?: number;
  /** How long an answer for a range ending now stays fresh, ms (default 15 000). */
  readonly liveTtlMs?: number;
  /** TWS's answer must come within this many ms (default 60 000). */
  readonly timeoutMs?: number;
  readonly now?: () => number;
}

interface Cached {
  readonly bars: readonly Bar[];
  readonly at: number;
  readonly live: boolean;
}

/** One historical request as TWS gets it (also the cache key and the pacer's identity). */
export interface BarQuery {
  readonly ref: InstrumentRef;
  readonly barSize: string;
  readonly duration: string;
  readonly end: string;
  readonly whatToShow: string;
  readonly rth: boolean;
}

export function queryOf(req: HistoricalBarsRequest): BarQuery {
  const ref = parseInstrumentRef(req.instrument);
  if (typeof ref === 'string') throw new AppRequestError('UNKNOWN_INSTRUMENT', ref);
  return { ref, barSize: BAR_SIZES[req.barSize], duration: req.duration, end: req.end ?? '', whatToShow: req.whatToShow ?? 'TRADES', rth: req.rth ?? true };
}

const groupOf = (q: BarQuery) => `${JSON.stringify(q.ref)}|SMART|${q.whatToShow}`;

/** Sends one reqHistoricalData on the current api and collects its bars. */
export function requestBars(link: TwsLink, q: BarQuery, timeoutMs: number, keepUpToDate = false, onUpdate?: (bar: Bar) => void): { result: Promise<Bar[]>; cancel: () => void } {
  let cancel = () => {};
  const result = new Promise<Bar[]>((resolve, reject) => {
    const api: IBApi | undefined = link.api();
    if (!api) return reject(new AppRequestError('TWS_NOT_READY', 'TWS is not connected; no request was sent'));
    const bars: Bar[] = [];
    let settled = false;
    const finish = (err?: Error) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      if (!keepUpToDate || err) r.done();
      if (err) reject(err);
      else resolve(bars);
    };
    const r = link.request({
      [EventName.historicalData]: (_id: number, time: string, open: number, high: number, low: number, close: number, volume: number) => {
        if (typeof time === 'string' && time.startsWith('finished')) return finish();
        bars.push({ time: String(time), open, high, low, close, volume: Number(volume) });
      },
      [EventName.historicalDataUpdate]: (_id: number, time: string, open: number, high: number, low: number, close: number, volume: number) => {
        onUpdate?.({ time: String(time), open, high, low, close, volume: Number(volume) });
      },
      error: (code, message) => finish(twsFailure(code, message)),
      // A one-shot request dies with the connection; a keepUpToDate stream is restarted by its topic
      // (and survives 1100 → 1102, when TWS keeps it).
      ...(keepUpToDate ? {} : { lost: () => finish(new AppRequestError('TWS_NOT_READY', 'the TWS connection was lost before the answer')) }),
    });
    const timer = setTimeout(() => {
      finish(new AppRequestError('TWS_ERROR', `TWS did not answer the historical request within ${timeoutMs} ms`));
      link.api()?.cancelHistoricalData(r.reqId);
    }, timeoutMs);
    timer.unref(); // a pending answer never keeps a stopping bridge alive
    cancel = () => {
      finish(new AppRequestError('TWS_ERROR', 'cancelled'));
      r.done();
      link.api()?.cancelHistoricalData(r.reqId);
    };
    api.reqHistoricalData(r.reqId, contractOf(q.ref), q.end, q.duration, q.barSize as never, q.whatToShow as never, q.rth ? 1 : 0, 2, keepUpToDate);
  });
  return { result, cancel: () => cancel() };
}

export class HistoricalBars {
  private readonly cache = new Map<string, Cached>();
  private readonly inFlight = new Map<string, Promise<readonly Bar[]>>();
  /** TWS requests actually sent (cache misses). */
  twsRequests = 0;

  constructor(
    private readonly link: TwsLink,
    private readonly pacer: HistoricalPacer,
    private readonly options: HistoricalBarsOptions = {},
  ) {}

  /** The bars of a request, from the cache when it holds them; `cached` says which. */
  async get(req: HistoricalBarsRequest): Promise<{ bars: readonly Bar[]; cached: boolean }> {
    const q = queryOf(req);
    const key = JSON.stringify(q);
    const now = (this.options.now ?? Date.now)();
    const hit = this.cache.get(key);
    if (hit && (!hit.live || now - hit.at < (this.options.liveTtlMs ?? 15_000))) {
      this.cache.delete(key); // most recently used goes last
      this.cache.set(key, hit);
      return { bars: hit.bars, cached: true };
    }
    const shared = this.inFlight.get(key);
    if (shared) return { bars: await shared, cached: true };
    const p = this.load(q, key);
    this.inFlight.set(key, p);
    try {
      return { bars: await p, cached: false };
    } finally {
      this.inFlight.delete(key);
    }
  }

  private async load(q: BarQuery, key: string): Promise<readonly Bar[]> {
    let bars: Bar[] = [];
    await this.pacer.enqueue({
      identity: key,
      group: groupOf(q),
      run: async () => {
        this.twsRequests++;
        bars = await requestBars(this.link, q, this.options.timeoutMs ?? 60_000).result;
      },
    });
    this.cache.set(key, { bars, at: (this.options.now ?? Date.now)(), live: q.end === '' });
    const max = this.options.maxEntries ?? 256;
    while (this.cache.size > max) this.cache.delete(this.cache.keys().next().value!);
    return bars;
  }
}

export { groupOf as pacingGroupOf };
