// Live topics the app subscribes to (docs/app-protocol.md §2): their names, parsing and the bar
// sizes the bridge offers. A topic names one stream of broker-sourced live state; every topic has
// one sequence, shared by all its subscribers.
import { osiSymbol, parseOsiSymbol, type OsiParts } from '../domain/instrument.ts';

/** Bar sizes of `bars:` topics and historical requests, as short codes → TWS's barSizeSetting. */
export const BAR_SIZES = {
  '5s': '5 secs',
  '1m': '1 min',
  '5m': '5 mins',
  '15m': '15 mins',
  '30m': '30 mins',
  '1h': '1 hour',
  '1d': '1 day',
} as const;
export type BarSizeCode = keyof typeof BAR_SIZES;
export const BAR_SIZE_CODES = Object.keys(BAR_SIZES) as BarSizeCode[];

/**
 * An instrument as the app names it: a stock/ETF symbol (SMART, USD), an IB conId, or (minor 1) a US
 * option (SMART, USD) by its OSI symbol — `SPY250307P00385000`, or padded as IBKR's localSymbol.
 */
export type InstrumentRef = { readonly symbol: string } | { readonly conId: number } | { readonly option: OsiParts };

export type Topic =
  | { readonly kind: 'quotes'; readonly instrument: InstrumentRef }
  | { readonly kind: 'bars'; readonly symbol: string; readonly barSize: BarSizeCode }
  | { readonly kind: 'account' }
  | { readonly kind: 'positions' }
  | { readonly kind: 'orders' }
  | { readonly kind: 'pnl' }
  /** Minor 2: today's executions by execId, with their commissions. */
  | { readonly kind: 'executions' }
  /** Minor 2: the configured strategy instances and their runs (the strategy monitor). */
  | { readonly kind: 'strategies' };

const SYMBOL = /^[A-Z][A-Z0-9.]{0,11}$/;
/** Long enough to be an option's OSI symbol (a stock symbol is at most 12 characters). */
const OSI_LIKE = /^[A-Z][A-Z0-9. ]{5,}[CP]\d{8}$/;
const CON_ID = /^[1-9]\d{0,9}$/;

/** What a topic string must look like (used in error messages). */
export const TOPIC_FORMS = `quotes:<SYMBOL|conId|OSI>, bars:<SYMBOL>:<${BAR_SIZE_CODES.join('|')}>, account, positions, orders, pnl, executions or strategies`;

/** Parses an instrument reference: an upper-case symbol (SPY, BRK.B), a conId or an option's OSI symbol; a reason otherwise. */
export function parseInstrumentRef(text: string): InstrumentRef | string {
  if (CON_ID.test(text) && Number(text) <= 2_147_483_647) return { conId: Number(text) };
  if (SYMBOL.test(text)) return { symbol: text };
  if (OSI_LIKE.test(text)) {
    const o = parseOsiSymbol(text);
    return typeof o === 'string' ? o : { option: o };
  }
  return `expected an upper-case symbol (e.g. SPY), a conId or an option's OSI symbol (e.g. SPY250307P00385000), got ${JSON.stringify(text.length > 60 ? `${text.slice(0, 60)}…` : text)}`;
}

/** The canonical text of an instrument reference (an option by its unpadded OSI symbol). */
export function formatInstrumentRef(ref: InstrumentRef): string {
  if ('symbol' in ref) return ref.symbol;
  if ('conId' in ref) return String(ref.conId);
  return osiSymbol(ref.option);
}

/** Parses a topic string; returns the reason as a string when it is not one. */
export function parseTopic(text: string): Topic | string {
  const parts = text.split(':');
  const bad = `expected ${TOPIC_FORMS}; got ${JSON.stringify(text.length > 60 ? `${text.slice(0, 60)}…` : text)}`;
  switch (parts[0]) {
    case 'account':
    case 'positions':
    case 'orders':
    case 'pnl':
    case 'executions':
    case 'strategies':
      return parts.length === 1 ? { kind: parts[0] } : bad;
    case 'quotes': {
      if (parts.length !== 2) return bad;
      const ref = parseInstrumentRef(parts[1]);
      return typeof ref === 'string' ? `quotes:<SYMBOL|conId|OSI>: ${ref}` : { kind: 'quotes', instrument: ref };
    }
    case 'bars': {
      if (parts.length !== 3) return bad;
      if (!SYMBOL.test(parts[1])) return `bars:<SYMBOL>:<size>: expected an upper-case symbol, got ${JSON.stringify(parts[1])}`;
      if (!(BAR_SIZE_CODES as string[]).includes(parts[2])) return `bars:<SYMBOL>:<size>: expected a bar size of ${BAR_SIZE_CODES.join(', ')}, got ${JSON.stringify(parts[2])}`;
      return { kind: 'bars', symbol: parts[1], barSize: parts[2] as BarSizeCode };
    }
    default:
      return bad;
  }
}

/** The canonical string of a topic (what snapshots and deltas carry). */
export function formatTopic(t: Topic): string {
  switch (t.kind) {
    case 'quotes':
      return `quotes:${formatInstrumentRef(t.instrument)}`;
    case 'bars':
      return `bars:${t.symbol}:${t.barSize}`;
    default:
      return t.kind;
  }
}

/**
 * Applies a delta's data to a topic's state: a shallow merge where `null` deletes the key. Both the
 * bridge (to keep the state it snapshots) and the app (to follow the stream) use this one rule.
 */
export function applyPatch(state: Record<string, unknown>, patch: Readonly<Record<string, unknown>>): Record<string, unknown> {
  for (const [k, v] of Object.entries(patch)) {
    if (v === null) delete state[k];
    else state[k] = v;
  }
  return state;
}
