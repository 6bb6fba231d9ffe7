// The cooldown (docs/regime-rebalance.md §2.4; wheel-rules.md §2.10; T39): after a fill of a regime order — one
// whose order reference starts with `tg:regime-rebalance`, on a basket symbol, within `order_history_lookback_days`
// — soft-band and flow trades wait until `cooldown_days` exchange sessions have opened after the fill's date.
// A hard-band breach ignores it. Dates are the exchange's (America/New_York).
import { daysFromYyyymmdd } from '../../data/iso-time.ts';
import type { ExchangeCalendar } from '../../time/exchange-calendar.ts';
import { easternDate } from '../../time/us-eastern.ts';
import { ParameterError } from '../../errors.ts';
import { REGIME_ORDER_REF_PREFIX, type Reason } from './types.ts';

/** An execution as the broker reports it: the contract's symbol, the order reference and the time (epoch ms). */
export interface Execution {
  readonly symbol: string;
  readonly orderRef?: string;
  readonly time: number;
}

/**
 * T39: the time of the latest fill whose order reference starts with `prefix`, on one of `symbols`, at or
 * after `since` (epoch ms); undefined when there is none. Other fills are ignored.
 */
export function lastTaggedFill(fills: readonly Execution[], symbols: readonly string[], since: number, prefix = REGIME_ORDER_REF_PREFIX): number | undefined {
  let last: number | undefined;
  for (const f of fills) {
    if (!f.orderRef?.startsWith(prefix) || !symbols.includes(f.symbol) || f.time < since) continue;
    if (last === undefined || f.time > last) last = f.time;
  }
  return last;
}

export type CooldownCode = 'NO_COOLDOWN' | 'NO_RECENT_FILL' | 'COOLDOWN_ELAPSED' | 'COOLDOWN_ACTIVE';

export interface CooldownResult {
  readonly ok: boolean;
  /** Sessions (or, off the calendar, days) counted since the fill's date. */
  readonly elapsed?: number;
  readonly reason: Reason<CooldownCode>;
}

const showDate = (d: number) => `${Math.floor(d / 10_000)}-${String(Math.floor(d / 100) % 100).padStart(2, '0')}-${String(d % 100).padStart(2, '0')}`;

/**
 * T39: whether `cooldownDays` sessions have opened since the last regime fill: a fill at or after `now` blocks;
 * otherwise count the sessions dated after the fill's date up to today's date. When the calendar has no
 * session in that span (or cannot answer), calendar days are counted instead, as thetagang does.
 */
export function cooldown(lastFill: number | undefined, now: number, cooldownDays: number, calendar: ExchangeCalendar): CooldownResult {
  if (cooldownDays <= 0) return { ok: true, reason: { code: 'NO_COOLDOWN', message: 'cooldown_days is 0: no cooldown' } };
  if (lastFill === undefined) {
    const message = `no regime fill in the order history: the ${cooldownDays}-session cooldown does not apply`;
    return { ok: true, reason: { code: 'NO_RECENT_FILL', message } };
  }
  const from = easternDate(lastFill);
  const to = easternDate(now);
  const since = `the last regime fill on ${showDate(from)}`;
  if (lastFill >= now || to < from) {
    return { ok: false, elapsed: 0, reason: { code: 'COOLDOWN_ACTIVE', message: `${since} is not before now: cooling down for ${cooldownDays} sessions` } };
  }
  let elapsed: number;
  let unit = 'session(s)';
  try {
    const sessions = calendar.sessions(from, to);
    if (sessions.length === 0) throw new ParameterError('cooldown', 'sessions', 'no session in the span');
    elapsed = sessions.filter((s) => s.date > from).length;
  } catch (e) {
    if (!(e instanceof ParameterError)) throw e;
    elapsed = daysFromYyyymmdd(to) - daysFromYyyymmdd(from);
    unit = 'calendar day(s) (no exchange session in the span)';
  }
  const counted = `${elapsed} ${unit} since ${since}`;
  if (elapsed >= cooldownDays) {
    return { ok: true, elapsed, reason: { code: 'COOLDOWN_ELAPSED', message: `${counted}, cooldown_days ${cooldownDays}: elapsed` } };
  }
  return { ok: false, elapsed, reason: { code: 'COOLDOWN_ACTIVE', message: `${counted}, fewer than cooldown_days ${cooldownDays}: cooling down` } };
}
