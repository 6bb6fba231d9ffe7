// Option chains for the app (docs/app-protocol.md §3; ib-protocol.md §7 P8): the underlying (a stock,
// else an index: thetagang's rule T35), its listed expiries and strikes from reqSecDefOptParams, the
// underlying's price from one snapshot, then one read per option — in batches no larger than the
// chain's line budget, each batch finished before the next starts, so a chain scan never holds more
// lines than its budget. A read is a snapshot reqMktData, or, when open interest is asked for, a
// streaming line with generic tick 101 (TWS sends no generic ticks on snapshots: 321), cancelled as
// soon as its fields are in or its time is up — never left streaming.
import { EventName, OptionType, SecType, type Contract, type IBApi } from '@stoqey/ib';
import { osiSymbol, parseOsiSymbol } from '../../shared/domain/instrument.ts';
import type { OptionChainRequest, OptionChainResponse, OptionRow } from '../../shared/protocol/index.ts';
import { indexContract, neither, stockContract } from './contracts.ts';
import type { LineBudget } from './line-budget.ts';
import { PRICE_TICKS } from './quote-feed.ts';
import { AppRequestError, twsFailure } from './request-error.ts';
import { contractDetails, exchange } from './tws-request.ts';
import type { TwsLink } from './tws-link.ts';

export interface OptionChainOptions {
  /** Most option reads in flight for one chain (default: the whole chain budget). */
  readonly batch?: number;
  /** A read's answer must end within this many ms (TWS ends snapshots after 11 s; default 12 000). */
  readonly snapshotTimeoutMs?: number;
}

const DEFAULT_STRIKES = 10;
/** tickOptionComputation fields of TWS's model (live, delayed); 10–12 and 80–82 are bid, ask and last. */
const MODEL_FIELDS: ReadonlySet<number> = new Set([13, 83]);
/** tickSize types of an option's open interest (generic tick 101): calls 27, puts 28. */
const OPEN_INTEREST_TICK = { C: 27, P: 28 } as const;
/** The venues whose option parameters are used, in order of preference. */
const VENUES = ['SMART', 'CBOE'];

const finite = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

/** What one read of a contract collected. */
interface Read {
  readonly prices: Record<string, number>;
  impliedVol?: number;
  delta?: number;
  modelPrice?: number;
  openInterest?: number;
}

/**
 * The tick handlers of one read (the request id already stripped), filling `out`; `seen` records which
 * of bid, ask, model and open interest arrived (with a value or TWS's "no value").
 */
function reader(right?: 'C' | 'P'): { out: Read; seen: Set<string>; events: Partial<Record<EventName, (...args: any[]) => void>> } {
  const out: Read = { prices: {} };
  const seen = new Set<string>();
  let fromModel = false;
  const events: Partial<Record<EventName, (...args: any[]) => void>> = {
    [EventName.tickPrice]: (type: number, value: number) => {
      const f = PRICE_TICKS[type];
      if (!f) return;
      seen.add(f);
      if (finite(value) && value > 0) out.prices[f] = value;
    },
    [EventName.tickOptionComputation]: (field: number, _attrib: unknown, iv?: number, delta?: number, optPrice?: number) => {
      const model = MODEL_FIELDS.has(field);
      if (model) seen.add('model');
      // The model's values are preferred; bid/ask/last computations only until a value arrives.
      if (!model && (fromModel || out.impliedVol !== undefined)) return;
      if (model) fromModel = true;
      if (finite(iv) && iv >= 0) out.impliedVol = iv;
      if (finite(delta) && Math.abs(delta) <= 1) out.delta = delta;
      if (model && finite(optPrice) && optPrice >= 0) out.modelPrice = optPrice;
    },
  };
  if (right) {
    events[EventName.tickSize] = (type: number, value: number) => {
      if (type !== OPEN_INTEREST_TICK[right]) return;
      seen.add('openInterest');
      if (finite(value) && value >= 0) out.openInterest = value;
    };
  }
  return { out, seen, events };
}

/** A market data snapshot: prices (and option computations) until tickSnapshotEnd. */
function snapshot(link: TwsLink, contract: Contract, timeoutMs: number): Promise<Read> {
  const r = reader();
  const events: Partial<Record<EventName, (acc: never[], ...args: any[]) => void>> = {};
  for (const [ev, fn] of Object.entries(r.events)) events[ev as EventName] = (_acc, ...args) => fn!(...args);
  const send = (api: IBApi, reqId: number) => api.reqMktData(reqId, contract, '', true, false);
  return exchange<never>(link, events, EventName.tickSnapshotEnd, send, timeoutMs).then(() => r.out);
}

const COMPLETE = ['bid', 'ask', 'model', 'openInterest'];

/**
 * An option's prices, model and open interest from a streaming line with generic tick 101, cancelled
 * (always) once bid, ask, the model computation and the open interest tick are in, or after
 * `timeoutMs` (then with what arrived). A TWS error rejects like a snapshot's.
 */
function streamedRead(link: TwsLink, contract: Contract, right: 'C' | 'P', timeoutMs: number): Promise<Read> {
  return new Promise((resolve, reject) => {
    const api = link.api();
    if (!api) return reject(new AppRequestError('TWS_NOT_READY', 'TWS is not connected; no request was sent'));
    const r = reader(right);
    let settled = false;
    let timer: NodeJS.Timeout | undefined;
    const finish = (err?: Error) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      try {
        req.done();
      } finally {
        try {
          if (api.isConnected) api.cancelMktData(req.reqId);
        } catch {
          // the socket went: the line went with it
        }
      }
      if (err) reject(err);
      else resolve(r.out);
    };
    const handlers: Record<string, (...args: any[]) => void> = {};
    for (const [ev, fn] of Object.entries(r.events)) {
      handlers[ev] = (_id: number, ...args: unknown[]) => {
        fn!(...args);
        if (COMPLETE.every((f) => r.seen.has(f))) finish();
      };
    }
    const req = link.request({
      ...handlers,
      error: (code, message) => finish(twsFailure(code, message)),
      lost: () => finish(new AppRequestError('TWS_NOT_READY', 'the TWS connection was lost before the answer')),
    });
    timer = setTimeout(() => finish(), timeoutMs);
    timer.unref();
    try {
      api.reqMktData(req.reqId, contract, '101', false, false);
    } catch (err) {
      finish(err instanceof Error ? err : new Error(String(err)));
    }
  });
}

/** One SECURITY_DEFINITION_OPTION_PARAMETER row, as read (untrusted: checked fields only). */
interface ParamRow {
  readonly exchange: string;
  readonly tradingClass: string;
  readonly multiplier: string;
  readonly expirations: readonly string[];
  readonly strikes: readonly number[];
}

const EXPIRY = /^\d{8}$/;

/** Keeps a SECURITY_DEFINITION_OPTION_PARAMETER row whose fields have the expected shapes. */
function readParams(acc: ParamRow[], venue: unknown, tradingClass: unknown, multiplier: unknown, expirations: unknown, strikes: unknown): void {
  if (typeof venue !== 'string' || !Array.isArray(expirations) || !Array.isArray(strikes)) return;
  acc.push({
    exchange: venue,
    tradingClass: typeof tradingClass === 'string' ? tradingClass : '',
    multiplier: typeof multiplier === 'string' || typeof multiplier === 'number' ? String(multiplier) : '',
    expirations: expirations.map(String).filter((e) => EXPIRY.test(e)),
    strikes: strikes.map(Number).filter((k) => Number.isFinite(k) && k > 0),
  });
}

/** The underlying of a chain: the stock, else the index of the same symbol (T35). */
interface Underlying {
  readonly contract: Contract;
  readonly conId: number;
  readonly secType: 'STK' | 'IND';
}

export class OptionChains {
  /** Option reads in flight now, and the most ever (tests check the budget with it). */
  inFlight = 0;
  peakInFlight = 0;

  constructor(
    private readonly link: TwsLink,
    private readonly lines: LineBudget,
    private readonly options: OptionChainOptions = {},
  ) {}

  async get(req: OptionChainRequest): Promise<OptionChainResponse> {
    const timeoutMs = this.options.snapshotTimeoutMs ?? 12_000;
    const symbol = req.symbol;
    const u = await this.underlying(symbol, timeoutMs);
    const params = await exchange<ParamRow>(
      this.link,
      {
        // (exchange, underlyingConId, tradingClass, multiplier, expirations, strikes)
        [EventName.securityDefinitionOptionParameter]: (acc, venue: unknown, _u: unknown, cls: unknown, mult: unknown, expirations: unknown, strikes: unknown) =>
          readParams(acc, venue, cls, mult, expirations, strikes),
      },
      EventName.securityDefinitionOptionParameterEnd,
      (api, id) => api.reqSecDefOptParams(id, symbol, '', u.secType === 'IND' ? SecType.IND : SecType.STK, u.conId),
      timeoutMs,
    );
    // One venue (SMART, else CBOE, else the first listed); its rows' expiries together (SPX and SPXW are
    // two classes of one venue), the strikes and class of the row that lists the expiry asked for.
    const venue = VENUES.find((v) => params.some((p) => p.exchange === v)) ?? params[0]?.exchange;
    if (venue === undefined) throw new AppRequestError('NO_SUCH_EXPIRY', `TWS lists no options on ${symbol}`);
    const rows = params.filter((p) => p.exchange === venue);
    const expiries = [...new Set(rows.flatMap((p) => p.expirations))].sort();
    const expiry = req.expiry ?? expiries[0];
    if (expiry === undefined || !expiries.includes(expiry)) {
      const listed = `${expiries.slice(0, 8).join(', ')}${expiries.length > 8 ? ', …' : ''}`;
      throw new AppRequestError('NO_SUCH_EXPIRY', `${symbol} has no listed expiry ${expiry ?? ''} (listed: ${listed})`);
    }
    const listing = rows.filter((p) => p.expirations.includes(expiry));
    const chosen = listing.find((p) => p.tradingClass === symbol) ?? listing[0];
    const multiplier = Number(chosen.multiplier);
    const known = Number.isFinite(multiplier) && multiplier > 0 ? multiplier : undefined;

    const underlying = await this.withLines(1, () => snapshot(this.link, u.contract, timeoutMs));
    const p = underlying.prices;
    const price = p.last ?? (p.bid && p.ask ? (p.bid + p.ask) / 2 : p.close);
    const all = await this.listedStrikes(symbol, venue, expiry, chosen, timeoutMs);
    const centre = price ?? all[Math.floor(all.length / 2)];
    const n = req.strikes ?? DEFAULT_STRIKES;
    const strikes = [...all].sort((a, b) => Math.abs(a - centre) - Math.abs(b - centre) || a - b).slice(0, n).sort((a, b) => a - b);

    const contractOf = (strike: number, right: 'C' | 'P'): Contract => ({
      symbol,
      secType: SecType.OPT,
      exchange: venue,
      currency: 'USD',
      lastTradeDateOrContractMonth: expiry,
      strike,
      right: right === 'C' ? OptionType.Call : OptionType.Put,
      ...(known === undefined ? {} : { multiplier: known }),
      ...(chosen.tradingClass ? { tradingClass: chosen.tradingClass } : {}),
    });
    const read = (strike: number, right: 'C' | 'P') => {
      const contract = contractOf(strike, right);
      return req.openInterest === true ? streamedRead(this.link, contract, right, timeoutMs) : snapshot(this.link, contract, timeoutMs);
    };
    const instrumentOf = (strike: number, right: 'C' | 'P') => {
      const osi = osiSymbol({ symbol, expiry: Number(expiry), right, strike });
      return typeof parseOsiSymbol(osi) === 'string' ? {} : { instrument: osi }; // a root longer than OSI's six characters has none
    };

    const wanted: { strike: number; right: 'C' | 'P' }[] = strikes.flatMap((strike) => [{ strike, right: 'C' as const }, { strike, right: 'P' as const }]);
    const out: OptionRow[] = [];
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
            read(strike, right).then(
              (s): OptionRow => ({
                strike,
                right,
                ...instrumentOf(strike, right),
                bid: s.prices.bid,
                ask: s.prices.ask,
                last: s.prices.last,
                close: s.prices.close,
                impliedVol: s.impliedVol,
                delta: s.delta,
                modelPrice: s.modelPrice,
                ...(req.openInterest === true ? { openInterest: s.openInterest } : {}),
              }),
              (err: unknown): OptionRow => {
                if (err instanceof AppRequestError && err.code === 'TWS_NOT_READY') throw err;
                return { strike, right, ...instrumentOf(strike, right), error: err instanceof Error ? err.message : String(err) };
              },
            ),
          ),
        );
        out.push(...answers);
      } finally {
        this.inFlight -= batch.length;
        this.lines.give(taken);
      }
    }
    return {
      type: 'optionChain',
      id: req.id,
      symbol,
      expiry,
      underlyingPrice: price,
      expiries,
      ...(known === undefined ? {} : { multiplier: known }),
      underlyingSecType: u.secType,
      rows: out,
    };
  }

  /** The stock `symbol` names; when TWS knows none (200), the index (T35); else UNKNOWN_INSTRUMENT naming both. */
  private async underlying(symbol: string, timeoutMs: number): Promise<Underlying> {
    const stock = stockContract(symbol);
    let why: string;
    try {
      const details = await contractDetails(this.link, stock, timeoutMs);
      const conId = details[0]?.contract?.conId;
      if (typeof conId === 'number' && Number.isSafeInteger(conId) && conId > 0) return { contract: stock, conId, secType: 'STK' };
      why = 'no contract with a conId';
    } catch (err) {
      if (!(err instanceof AppRequestError && err.code === 'UNKNOWN_INSTRUMENT')) throw err;
      why = err.message;
    }
    const index = await indexContract(this.link, symbol, timeoutMs);
    if (typeof index === 'string') throw new AppRequestError('UNKNOWN_INSTRUMENT', neither(symbol, why, index));
    return { contract: index.contract, conId: index.conId, secType: 'IND' };
  }

  /**
   * The strikes listed on `expiry`: reqSecDefOptParams gives one set for all of a class's expiries, so
   * the expiry's own contracts are looked up (one reqContractDetails, any strike and right); if that
   * lookup fails, the class's set is used (a strike the expiry lacks then answers with an error row).
   */
  private async listedStrikes(symbol: string, venue: string, expiry: string, row: ParamRow, timeoutMs: number): Promise<number[]> {
    const fallback = [...new Set(row.strikes)].sort((a, b) => a - b);
    const query: Contract = { symbol, secType: SecType.OPT, exchange: venue, currency: 'USD', lastTradeDateOrContractMonth: expiry, ...(row.tradingClass ? { tradingClass: row.tradingClass } : {}) };
    const details = await contractDetails(this.link, query, timeoutMs).catch((err: unknown) => {
      if (err instanceof AppRequestError && err.code === 'TWS_NOT_READY') throw err;
      return [];
    });
    const listed = new Set<number>();
    for (const d of details) {
      const k = Number(d?.contract?.strike);
      if (Number.isFinite(k) && k > 0 && String(d?.contract?.lastTradeDateOrContractMonth ?? '').startsWith(expiry)) listed.add(k);
    }
    return listed.size > 0 ? [...listed].sort((a, b) => a - b) : fallback;
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
