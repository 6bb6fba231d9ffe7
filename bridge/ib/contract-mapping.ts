// The shared domain's instruments (shared/domain/instrument.ts) ↔ @stoqey/ib contracts, for the IBKR
// broker and reconciliation (docs/bridge.md §2).
//
// Contract (what callers rely on):
// - `contractOf(instrument)` — the contract to send: STK (SMART, primaryExch when known), IND, OPT
//   (expiry yyyymmdd, strike, right, multiplier, tradingClass when the instrument carries one), and
//   BAG (symbol, currency, SMART, one combo leg per domain leg by conId with its ratio and action).
//   A conId known on the instrument is always sent. A BAG leg without a conId cannot be sent: it
//   throws ContractMappingError — resolve it first (`ContractResolver.resolve`). Pure, no I/O.
// - `instrumentOf(contract, known?)` — the instrument a contract from openOrder / execDetails /
//   position / contractDetails means: `{ok: true, instrument}` or `{ok: false, reason}` (never throws:
//   the contract is untrusted input from a socket). An option's underlying is a stock unless
//   `known.underlyingSecType` says 'IND' or an instrument with that symbol was learned as an index;
//   style and settlement then follow the shared `option()` defaults. A BAG is mapped leg by leg from
//   `comboLegs` through the learned conIds (`known.byConId`); an unknown leg conId is a refusal.
// - `ContractResolver` — a cache of conId → instrument (learned from what we send and from
//   contractDetails) and `resolve(instrument)`: the same instrument with conIds filled in (every leg
//   of a combo too), by reqContractDetails over the connection's ready client. It fails closed: no
//   ready connection, no answer within the time-out, none or several matches → a rejected promise
//   with the reason. Request ids come from `requestIds` (default: the connection's nextRequestId).
// - The extra listing data IBKR needs beyond the domain (an option's tradingClass and localSymbol)
//   rides on the instrument as optional fields (`IbOptionFields`), as shared/domain/instrument.ts
//   allows; the domain rules never read them.
// Trading rules (ticks, order types, permissions) are not here: shared/broker/ibkr-rules.ts has them.
import { EventName, OptionType, OrderAction, SecType, type ComboLeg as IbComboLeg, type Contract, type ContractDetails } from '@stoqey/ib';
import {
  combo,
  indexOf,
  instrumentKey,
  option,
  stock,
  type ComboInstrument,
  type ComboLeg,
  type HoldableInstrument,
  type IndexInstrument,
  type Instrument,
  type OptionInstrument,
  type StockInstrument,
} from '../../shared/domain/instrument.ts';
import type { TwsConnection } from './tws-connection.ts';

/** An option's listing data IBKR uses to tell contracts apart (SPX vs SPXW) and to display them. */
export interface IbOptionFields {
  readonly tradingClass?: string;
  readonly localSymbol?: string;
}

export class ContractMappingError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ContractMappingError';
  }
}

export type InstrumentResult = { readonly ok: true; readonly instrument: Instrument } | { readonly ok: false; readonly reason: string };

/** What `instrumentOf` may use beyond the contract's own fields. */
export interface KnownContracts {
  /** Instruments by conId (combo legs are mapped through it). */
  readonly byConId?: (conId: number) => Instrument | undefined;
  /** The underlying's security type of an option on `symbol` ('STK' unless known otherwise). */
  readonly underlyingSecType?: (symbol: string) => 'STK' | 'IND' | undefined;
}

const SEC_TYPES: Readonly<Record<string, SecType>> = { STK: SecType.STK, IND: SecType.IND, OPT: SecType.OPT, BAG: SecType.BAG };

/** The contract that trades or quotes `instrument` (a BAG needs every leg's conId). */
export function contractOf(instrument: Instrument): Contract {
  const base: Contract = { symbol: instrument.symbol, secType: SEC_TYPES[instrument.secType], exchange: instrument.exchange || 'SMART', currency: instrument.currency };
  if (instrument.conId !== undefined) base.conId = instrument.conId;
  switch (instrument.secType) {
    case 'STK':
      if (instrument.primaryExchange) base.primaryExch = instrument.primaryExchange;
      return base;
    case 'IND':
      return base;
    case 'OPT': {
      const extra = instrument as OptionInstrument & IbOptionFields;
      base.lastTradeDateOrContractMonth = String(instrument.expiry);
      base.strike = instrument.strike;
      base.right = instrument.right === 'C' ? OptionType.Call : OptionType.Put;
      base.multiplier = instrument.multiplier;
      if (extra.tradingClass) base.tradingClass = extra.tradingClass;
      if (extra.localSymbol) base.localSymbol = extra.localSymbol;
      return base;
    }
    case 'BAG':
      base.exchange = 'SMART';
      base.comboLegs = instrument.legs.map((leg, i): IbComboLeg => {
        const conId = leg.instrument.conId;
        if (conId === undefined) throw new ContractMappingError(`combo leg ${i + 1} (${instrumentKey(leg.instrument)}) has no conId: resolve the combo before sending it`);
        return { conId, ratio: leg.ratio, action: leg.action === 'BUY' ? OrderAction.BUY : OrderAction.SELL, exchange: 'SMART' };
      });
      return base;
  }
}

const str = (v: unknown): string => (typeof v === 'string' ? v.trim() : '');
const posInt = (v: unknown): number | undefined => (typeof v === 'number' && Number.isSafeInteger(v) && v > 0 ? v : undefined);

/** The instrument a contract from TWS means, or why it cannot be read (untrusted input: never throws). */
export function instrumentOf(contract: Contract | undefined | null, known: KnownContracts = {}): InstrumentResult {
  if (contract === null || typeof contract !== 'object') return { ok: false, reason: 'no contract' };
  const secType = str(contract.secType).toUpperCase();
  const conId = posInt(contract.conId);
  try {
    switch (secType) {
      case 'STK':
        return { ok: true, instrument: stockOf(contract, conId) };
      case 'IND':
        return { ok: true, instrument: indexOf(str(contract.symbol), withConId({ currency: str(contract.currency) || 'USD', exchange: str(contract.exchange) || 'CBOE' }, conId)) };
      case 'OPT':
        return optionOf(contract, conId, known);
      case 'BAG':
        return comboOf(contract, known);
      default:
        return { ok: false, reason: `security type '${secType}' is not traded here (STK, IND, OPT, BAG)` };
    }
  } catch (err) {
    return { ok: false, reason: `${secType} ${str(contract.symbol) || '?'}: ${err instanceof Error ? err.message : String(err)}` };
  }
}

function withConId<T extends object>(o: T, conId: number | undefined): T & { conId?: number } {
  return conId === undefined ? o : { ...o, conId };
}

function stockOf(c: Contract, conId: number | undefined): StockInstrument {
  const extra: { currency: string; exchange: string; primaryExchange?: string } = { currency: str(c.currency) || 'USD', exchange: str(c.exchange) || 'SMART' };
  // Positions and executions name the venue the trade happened on; orders are routed SMART.
  if (extra.exchange !== 'SMART' && str(c.primaryExch) === '') extra.primaryExchange = extra.exchange;
  if (str(c.primaryExch)) extra.primaryExchange = str(c.primaryExch);
  extra.exchange = 'SMART';
  return stock(str(c.symbol), withConId(extra, conId));
}

function optionOf(c: Contract, conId: number | undefined, known: KnownContracts): InstrumentResult {
  const symbol = str(c.symbol).toUpperCase();
  const expiryText = str(c.lastTradeDateOrContractMonth) || str(c.lastTradeDate);
  if (!/^\d{8}$/.test(expiryText)) return { ok: false, reason: `OPT ${symbol || '?'}: expiry '${expiryText}' is not yyyymmdd` };
  const right = str(c.right).toUpperCase();
  const r = right === 'C' || right === 'CALL' ? 'C' : right === 'P' || right === 'PUT' ? 'P' : undefined;
  if (!r) return { ok: false, reason: `OPT ${symbol || '?'}: right '${right}' is not C or P` };
  const strike = typeof c.strike === 'number' ? c.strike : Number.NaN;
  const multiplier = Number(c.multiplier ?? 100);
  if (!(multiplier > 0) || !Number.isFinite(multiplier)) return { ok: false, reason: `OPT ${symbol || '?'}: multiplier '${String(c.multiplier)}' is not a positive number` };
  const currency = str(c.currency) || 'USD';
  const underType = known.underlyingSecType?.(symbol) ?? 'STK';
  const underlying: StockInstrument | IndexInstrument = underType === 'IND' ? indexOf(symbol, { currency }) : stock(symbol, { currency });
  const base = option(underlying, r, strike, Number(expiryText), withConId({ multiplier, exchange: 'SMART' }, conId));
  const tradingClass = str(c.tradingClass);
  const localSymbol = str(c.localSymbol);
  const inst: OptionInstrument & IbOptionFields = { ...base, ...(tradingClass ? { tradingClass } : {}), ...(localSymbol ? { localSymbol } : {}) };
  return { ok: true, instrument: inst };
}

function comboOf(c: Contract, known: KnownContracts): InstrumentResult {
  const legs = Array.isArray(c.comboLegs) ? c.comboLegs : [];
  if (legs.length === 0) return { ok: false, reason: `BAG ${str(c.symbol) || '?'}: no combo legs` };
  const out: ComboLeg[] = [];
  for (const [i, l] of legs.entries()) {
    const conId = posInt(l?.conId);
    if (conId === undefined) return { ok: false, reason: `BAG leg ${i + 1}: conId '${String(l?.conId)}' is not a positive integer` };
    const inst = known.byConId?.(conId);
    if (!inst) return { ok: false, reason: `BAG leg ${i + 1}: conId ${conId} is not known (resolve it with reqContractDetails first)` };
    if (inst.secType !== 'STK' && inst.secType !== 'OPT') return { ok: false, reason: `BAG leg ${i + 1}: conId ${conId} is a ${inst.secType}, not a stock or an option` };
    const action = str(l.action).toUpperCase();
    if (action !== 'BUY' && action !== 'SELL') return { ok: false, reason: `BAG leg ${i + 1}: action '${action}' is not BUY or SELL` };
    out.push({ instrument: inst, ratio: Number(l.ratio), action });
  }
  return { ok: true, instrument: combo(out) };
}

export interface ContractResolverOptions {
  /** Answer time-out per reqContractDetails (default 5000 ms). */
  readonly timeoutMs?: number;
  /** Request id source (default: the connection's nextRequestId, shared by every user of it). */
  readonly requestIds?: () => number;
}

/**
 * conId ↔ instrument knowledge of one bridge, and conId resolution over the TWS connection. Learns
 * from every instrument handed to `learn` (what we sent, what contractDetails answered).
 */
export class ContractResolver {
  private readonly byId = new Map<number, Instrument>();
  private readonly resolved = new Map<string, HoldableInstrument>();
  private readonly indexSymbols = new Set<string>();
  private readonly nextReqId: () => number;
  private readonly timeoutMs: number;

  constructor(
    private readonly conn: Pick<TwsConnection, 'readyApi' | 'nextRequestId'>,
    options: ContractResolverOptions = {},
  ) {
    this.nextReqId = options.requestIds ?? (() => conn.nextRequestId());
    this.timeoutMs = options.timeoutMs ?? 5000;
  }

  /** What `instrumentOf` needs from this cache. */
  readonly known: KnownContracts = {
    byConId: (conId) => this.byId.get(conId),
    underlyingSecType: (symbol) => (this.indexSymbols.has(symbol) ? 'IND' : undefined),
  };

  /** Remembers an instrument (and its legs and underlying) by conId. */
  learn(instrument: Instrument): void {
    if (instrument.secType === 'BAG') {
      for (const l of instrument.legs) this.learn(l.instrument);
      return;
    }
    if (instrument.secType === 'IND') this.indexSymbols.add(instrument.symbol);
    if (instrument.secType === 'OPT') this.learn(instrument.underlying);
    if (instrument.conId !== undefined) {
      this.byId.set(instrument.conId, instrument);
      this.resolved.set(instrumentKey(instrument), instrument);
    }
  }

  /** The instrument known for a conId. */
  byConId(conId: number): Instrument | undefined {
    return this.byId.get(conId);
  }

  /** `instrumentOf` with this cache's knowledge. */
  instrumentOf(contract: Contract | undefined | null): InstrumentResult {
    return instrumentOf(contract, this.known);
  }

  /** The instrument with its conId (every combo leg's) filled in, from the cache if possible; synchronous. */
  cached(instrument: Instrument): Instrument | undefined {
    if (instrument.secType === 'BAG') {
      const legs: ComboLeg[] = [];
      for (const l of instrument.legs) {
        const inst = l.instrument.conId !== undefined ? l.instrument : this.resolved.get(instrumentKey(l.instrument));
        if (!inst || (inst.secType !== 'STK' && inst.secType !== 'OPT')) return undefined;
        legs.push({ ...l, instrument: inst });
      }
      return { ...instrument, legs } satisfies ComboInstrument;
    }
    if (instrument.conId !== undefined) return instrument;
    return this.resolved.get(instrumentKey(instrument));
  }

  /** The instrument with conIds filled in (reqContractDetails for what the cache lacks); rejects with the reason. */
  async resolve(instrument: Instrument): Promise<Instrument> {
    const hit = this.cached(instrument);
    if (hit) return hit;
    if (instrument.secType === 'BAG') {
      const legs: ComboLeg[] = [];
      for (const l of instrument.legs) legs.push({ ...l, instrument: (await this.resolve(l.instrument)) as StockInstrument | OptionInstrument });
      return { ...instrument, legs } satisfies ComboInstrument;
    }
    const conId = await this.lookUp(instrument);
    const withId = { ...instrument, conId } as HoldableInstrument;
    this.learn(withId);
    return withId;
  }

  /** One reqContractDetails: exactly one match → its conId. */
  private lookUp(instrument: HoldableInstrument): Promise<number> {
    const api = this.conn.readyApi();
    const key = instrumentKey(instrument);
    if (!api) return Promise.reject(new ContractMappingError(`cannot look up ${key}: the TWS connection is not ready`));
    const reqId = this.nextReqId();
    return new Promise<number>((resolve, reject) => {
      const found: ContractDetails[] = [];
      const onDetails = (id: number, d: ContractDetails) => {
        if (id === reqId) found.push(d);
      };
      const onEnd = (id: number) => {
        if (id !== reqId) return;
        done();
        const ids = [...new Set(found.map((d) => posInt(d?.contract?.conId)).filter((x): x is number => x !== undefined))];
        if (ids.length === 1) resolve(ids[0]);
        else reject(new ContractMappingError(ids.length === 0 ? `no contract found for ${key}` : `${key} is ambiguous (${ids.length} contracts: ${ids.slice(0, 5).join(', ')})`));
      };
      const onError = (err: Error, code: number, id: number) => {
        if (id !== reqId) return;
        done();
        reject(new ContractMappingError(`contract details for ${key}: ${code} ${err?.message ?? String(err)}`));
      };
      const timer = setTimeout(() => {
        done();
        reject(new ContractMappingError(`contract details for ${key}: no answer within ${this.timeoutMs} ms`));
      }, this.timeoutMs);
      const done = () => {
        clearTimeout(timer);
        api.off(EventName.contractDetails, onDetails);
        api.off(EventName.contractDetailsEnd, onEnd);
        api.off(EventName.error, onError);
      };
      api.on(EventName.contractDetails, onDetails);
      api.on(EventName.contractDetailsEnd, onEnd);
      api.on(EventName.error, onError);
      try {
        api.reqContractDetails(reqId, contractOf(instrument));
      } catch (err) {
        done();
        reject(new ContractMappingError(`contract details for ${key}: ${err instanceof Error ? err.message : String(err)}`));
      }
    });
  }
}
