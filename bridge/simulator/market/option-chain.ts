// The simulator's listed option chains and option conId scheme. Which expiries and strikes exist
// on a session date is the shared listing rule (shared/options/chain.ts) with the replay's trading
// days; here only what the wire needs: strikes the conId can encode (at most MAX_STRIKE), the
// OptionChain lookup, conIds and OCC symbols.
//
// conIds are stable and decodable: 1e9 + (((slot·16384 + expiryDay)·4096 + strike·2)·2 + right),
// where slot is the underlying's 0..7 index, expiryDay counts days from 1990-01-01 and right is 0
// for calls, 1 for puts. All fit in a positive int32 (IB conIds are ints).
// Index options (SPX: $5 strikes up to 10,235) use the range above those:
// 2.08e9 + ((expiryDay·2048 + strike/5)·2 + right), one index slot (SPX) — at most 2,147,108,863.

import { daysFromCivil, daysFromYyyymmdd, yyyymmddFromDays } from '../../../shared/data/iso-time.ts';
import { listedChain, type ExpiryStrikes } from '../../../shared/options/chain.ts';
import type { UnderlyingParams } from '../../../shared/options/underlying-params.ts';
import type { ReplaySessions } from './replay-sessions.ts';

export type { ExpiryKind } from '../../../shared/options/chain.ts';

/** A listed expiry and its strikes (ascending). */
export type Expiry = ExpiryStrikes;

export interface OptionChain {
  readonly symbol: string;
  /** The session date the chain is listed for. */
  readonly date: number;
  readonly reference: number;
  /** Ascending by date. */
  readonly expiries: readonly Expiry[];
  /** Union of every expiry's strikes, ascending. */
  readonly strikes: readonly number[];
  expiry(date: number): Expiry | undefined;
}

const OPTION_CONID_BASE = 1_000_000_000;
const EPOCH_1990 = daysFromCivil(1990, 1, 1);
export const MAX_OPTION_SLOTS = 8;
/** Highest encodable strike: 4095 half-dollars. */
export const MAX_STRIKE = 2047.5;

export function encodeOptionConId(slot: number, expiry: number, strike: number, right: 'C' | 'P'): number {
  const day = daysFromYyyymmdd(expiry) - EPOCH_1990;
  const halves = Math.round(strike * 2);
  if (slot < 0 || slot >= MAX_OPTION_SLOTS || day < 0 || day >= 16384 || halves < 0 || halves > 4095 || halves / 2 !== strike) return -1;
  return OPTION_CONID_BASE + ((slot * 16384 + day) * 4096 + halves) * 2 + (right === 'P' ? 1 : 0);
}

const INDEX_OPTION_CONID_BASE = 2_080_000_000;
/** Highest encodable index option strike: 2047 × $5. */
export const MAX_INDEX_STRIKE = 10_235;

/** conId of an index option (slot 0: SPX); -1 when not encodable (strike not a multiple of 5, out of range). */
export function encodeIndexOptionConId(slot: number, expiry: number, strike: number, right: 'C' | 'P'): number {
  const day = daysFromYyyymmdd(expiry) - EPOCH_1990;
  const fives = Math.round(strike / 5);
  if (slot !== 0 || day < 0 || day >= 16384 || fives < 1 || fives > 2047 || fives * 5 !== strike) return -1;
  return INDEX_OPTION_CONID_BASE + (day * 2048 + fives) * 2 + (right === 'P' ? 1 : 0);
}

export function decodeIndexOptionConId(conId: number): { slot: number; expiry: number; strike: number; right: 'C' | 'P' } | null {
  const v = conId - INDEX_OPTION_CONID_BASE;
  if (!Number.isInteger(v) || v < 0 || v >= 16384 * 2048 * 2) return null;
  const right = v % 2 === 1 ? 'P' : 'C';
  const rest = Math.floor(v / 2);
  const fives = rest % 2048;
  if (fives === 0) return null;
  return { slot: 0, expiry: yyyymmddFromDays(Math.floor(rest / 2048) + EPOCH_1990), strike: fives * 5, right };
}

export function decodeOptionConId(conId: number): { slot: number; expiry: number; strike: number; right: 'C' | 'P' } | null {
  const v = conId - OPTION_CONID_BASE;
  if (!Number.isInteger(v) || v < 0 || v >= MAX_OPTION_SLOTS * 16384 * 4096 * 2) return null;
  const right = v % 2 === 1 ? 'P' : 'C';
  const rest = Math.floor(v / 2);
  const halves = rest % 4096;
  const rest2 = Math.floor(rest / 4096);
  const day = rest2 % 16384;
  const slot = Math.floor(rest2 / 16384);
  return { slot, expiry: yyyymmddFromDays(day + EPOCH_1990), strike: halves / 2, right };
}

/** OCC option symbol: root padded to 6, yymmdd, C/P, strike × 1000 in 8 digits. */
export function occSymbol(root: string, expiry: number, right: 'C' | 'P', strike: number): string {
  return `${root.padEnd(6, ' ')}${String(expiry % 1_000_000).padStart(6, '0')}${right}${String(Math.round(strike * 1000)).padStart(8, '0')}`;
}

/** Parses an OCC symbol (spaces optional); null when it is not one. */
export function parseOccSymbol(s: string): { root: string; expiry: number; right: 'C' | 'P'; strike: number } | null {
  const m = /^([A-Z.]{1,6})\s*(\d{6})([CP])(\d{8})$/.exec(s.trim().toUpperCase());
  if (!m) return null;
  return { root: m[1], expiry: 20_000_000 + Number(m[2]), right: m[3] as 'C' | 'P', strike: Number(m[4]) / 1000 };
}

/** The chain listed on session date `date` for an underlying whose previous close was `reference`. */
export function buildChain(spec: Pick<UnderlyingParams, 'symbol' | 'strikeStyle'>, date: number, reference: number, calendar: ReplaySessions): OptionChain {
  const encodable = new Map<readonly number[], readonly number[]>();
  const max = spec.strikeStyle === 'index' ? MAX_INDEX_STRIKE : MAX_STRIKE;
  const expiries: Expiry[] = listedChain(spec, date, reference, (d) => calendar.isTradingDay(d)).map((e) => {
    let strikes = encodable.get(e.strikes);
    if (!strikes) encodable.set(e.strikes, (strikes = e.strikes.filter((k) => k <= max)));
    return { date: e.date, kind: e.kind, strikes };
  });
  const all = new Set<number>();
  for (const e of expiries) for (const k of e.strikes) all.add(k);
  const byDate = new Map(expiries.map((e) => [e.date, e]));
  return {
    symbol: spec.symbol,
    date,
    reference,
    expiries,
    strikes: [...all].sort((a, b) => a - b),
    expiry: (d) => byDate.get(d),
  };
}
