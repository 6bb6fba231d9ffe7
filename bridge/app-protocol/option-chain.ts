// Option-chain snapshots for the app (docs/app-protocol.md §3; ib-protocol.md §7 P8): the listed
// expiries and strikes from reqSecDefOptParams, the underlying's price from one snapshot, then one
// snapshot reqMktData per option — in batches no larger than the chain's line budget, each batch
// finished (tickSnapshotEnd, an error or a time-out) before the next starts, so a chain scan never
// holds more lines than its budget and never streams a line it does not need.
import { EventName, OptionType, SecType, type Contract, type ContractDetails, type IBApi } from '@stoqey/ib';
import type { OptionChainRequest, OptionChainResponse, OptionRow } from '../../shared/protocol/index.ts';
import type { LineBudget } from './line-budget.ts';
import { PRICE_TICKS } from './quote-feed.ts';
import { AppRequestError, twsFailure } from './request-error.ts';
import type { TwsLink } from './tws-link.ts';

export interface OptionChainOptions {
  /** Most snapshot requests in flight for one chain (default: the whole chain budget). */
  readonly batch?: number;
  /** A snapshot's answer must end within this many ms (TWS ends snapshots after 11 s; default 12 000). */
  readonly snapshotTimeoutMs?: number;
}

const DEFAULT_STRIKES = 10;

function needApi(link: TwsLink): IBApi {
  const api = link.api();
  if (!api) throw new AppRequestError('TWS_NOT_READY', 'TWS is not connected; no request was sent');
  return api;
}

/** One request/answer exchange with an end marker; collects what `on` returns. */
function exchange<T>(link: TwsLink, events: Partial<Record<EventName, (acc: T[], ...args: any[]) => void>>, end: EventName, send: (api: IBApi, reqId: number) => void, timeoutMs: number): Promise<T[]> {
  return new Promise((resolve, reject) => {
    const api = needApi(link);
    const acc: T[] = [];
    const handlers: Record<string, (...args: any[]) => void> = {};
    for (const [ev, fn] of Object.entries(events)) handlers[ev] = (_id: number, ...args: unknown[]) => fn!(acc, ...args);
    let timer: NodeJS.Timeout | undefined;
    const r = link.request({
      ...handlers,
      [end]: () => done(),
      error: (code, message) => done(twsFailure(code, message)),
      lost: () => done(new AppRequestError('TWS_NOT_READY', 'the TWS connection was lost before the answer')),
    });
    const done = (err?: Error) => {
      clearTimeout(timer);
      r.done();
      if (err) reject(err);
      else resolve(acc);
    };
    timer = setTimeout(() => done(new AppRequestError('TWS_ERROR', `TWS did not answer within ${timeoutMs} ms`)), timeoutMs);
    timer.unref();
    send(api, r.reqId);
  });
}

/** A market data snapshot: prices (and option computations) until tickSnapshotEnd. */
function snapshot(link: TwsLink, contract: Contract, timeoutMs: number): Promise<{ prices: Record<string, number>; impliedVol?: number; delta?: number }> {
  const out: { prices: Record<string, number>; impliedVol?: number; delta?: number } = { prices: {} };
  return exchange<never>(
    link,
    {
      [EventName.tickPrice]: (_acc, type: number, value: number) => {
        const f = PRICE_TICKS[type];
        if (f && Number.isFinite(value) && value > 0) out.prices[f] = value;
      },
      [EventName.tickOptionComputation]: (_acc, field: number, _attrib: unknown, iv?: number, delta?: number) => {
        // 13 = model, preferred; 10–12 (bid/ask/last) only until a model value arrives.
        if (field !== 13 && out.impliedVol !== undefined) return;
        if (typeof iv === 'number' && Number.isFinite(iv) && iv >= 0) out.impliedVol = iv;
        if (typeof delta === 'number' && Number.isFinite(delta) && Math.abs(delta) <= 1) out.delta = delta;
      },
    },
    EventName.tickSnapshotEnd,
    (api, reqId) => api.reqMktData(reqId, contract, '', true, false),
    timeoutMs,
  ).then(() => out);
}

export class OptionChains {
  /** Snapshot requests in flight now, and the most ever (tests check the budget with it). */
  inFlight = 0;
  peakInFlight = 0;

  constructor(
    private readonly link: TwsLink,
    private readonly lines: LineBudget,
    private readonly options: OptionChainOptions = {},
  ) {}

  async get(req: OptionChainRequest): Promise<OptionChainResponse> {
    const timeoutMs = this.options.snapshotTimeoutMs ?? 12_000;
    const stock: Contract = { symbol: req.symbol, secType: SecType.STK, exchange: 'SMART', currency: 'USD' };
    const details = await exchange<ContractDetails>(this.link, { [EventName.contractDetails]: (acc, d: ContractDetails) => void acc.push(d) }, EventName.contractDetailsEnd, (api, id) => api.reqContractDetails(id, stock), timeoutMs);
    const conId = details[0]?.contract?.conId;
    if (!conId) throw new AppRequestError('UNKNOWN_INSTRUMENT', `TWS does not know ${req.symbol}`);
    const params = await exchange<{ exchange: string; expirations: string[]; strikes: number[] }>(
      this.link,
      { [EventName.securityDefinitionOptionParameter]: (acc, exchange: string, _u: number, _tc: string, _m: string, expirations: string[], strikes: number[]) => void acc.push({ exchange, expirations, strikes }) },
      EventName.securityDefinitionOptionParameterEnd,
      (api, id) => api.reqSecDefOptParams(id, req.symbol, '', SecType.STK, conId),
      timeoutMs,
    );
    const chosen = params.find((p) => p.exchange === 'SMART') ?? params[0];
    if (!chosen) throw new AppRequestError('NO_SUCH_EXPIRY', `TWS lists no options on ${req.symbol}`);
    const expiries = [...new Set(chosen.expirations.map(String))].sort();
    const expiry = req.expiry ?? expiries[0];
    if (!expiries.includes(expiry)) throw new AppRequestError('NO_SUCH_EXPIRY', `${req.symbol} has no listed expiry ${expiry} (listed: ${expiries.slice(0, 8).join(', ')}${expiries.length > 8 ? ', …' : ''})`);

    const underlying = await this.withLines(1, () => snapshot(this.link, stock, timeoutMs));
    const p = underlying.prices;
    const price = p.last ?? (p.bid && p.ask ? (p.bid + p.ask) / 2 : p.close);
    const all = [...new Set(chosen.strikes.map(Number))].filter((s) => Number.isFinite(s) && s > 0).sort((a, b) => a - b);
    const centre = price ?? all[Math.floor(all.length / 2)];
    const n = req.strikes ?? DEFAULT_STRIKES;
    const strikes = [...all].sort((a, b) => Math.abs(a - centre) - Math.abs(b - centre) || a - b).slice(0, n).sort((a, b) => a - b);

    const wanted: { strike: number; right: 'C' | 'P' }[] = strikes.flatMap((strike) => [{ strike, right: 'C' as const }, { strike, right: 'P' as const }]);
    const rows: OptionRow[] = [];
    const batchMax = Math.max(1, Math.min(this.options.batch ?? this.lines.total, this.lines.total));
    for (let i = 0; i < wanted.length; ) {
      const taken = await this.lines.takeUpTo(Math.min(batchMax, wanted.length - i));
      const batch = wanted.slice(i, i + taken);
      i += taken;
      try {
        this.inFlight += batch.length;
        this.peakInFlight = Math.max(this.peakInFlight, this.inFlight);
        const answers = await Promise.all(
          batch.map(({ strike, right }) =>
            snapshot(this.link, { symbol: req.symbol, secType: SecType.OPT, exchange: 'SMART', currency: 'USD', lastTradeDateOrContractMonth: expiry, strike, right: right === 'C' ? OptionType.Call : OptionType.Put, multiplier: 100 }, timeoutMs).then(
              (s): OptionRow => ({ strike, right, bid: s.prices.bid, ask: s.prices.ask, last: s.prices.last, impliedVol: s.impliedVol, delta: s.delta }),
              (err: unknown): OptionRow => {
                if (err instanceof AppRequestError && err.code === 'TWS_NOT_READY') throw err;
                return { strike, right, error: err instanceof Error ? err.message : String(err) };
              },
            ),
          ),
        );
        rows.push(...answers);
      } finally {
        this.inFlight -= batch.length;
        this.lines.give(taken);
      }
    }
    return { type: 'optionChain', id: req.id, symbol: req.symbol, expiry, underlyingPrice: price, rows };
  }

  private async withLines<T>(n: number, fn: () => Promise<T>): Promise<T> {
    const taken = await this.lines.takeUpTo(n);
    try {
      return await fn();
    } finally {
      this.lines.give(taken);
    }
  }
}
