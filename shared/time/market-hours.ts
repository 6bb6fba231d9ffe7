// A market-hours gate: whether something (a strategy step, an order, a job) may run at an instant,
// given an exchange calendar and a rule. The allowed window of a session is
// [open + delayAfterOpenMin, close − delayBeforeCloseMin), early closes included; a session whose
// window is empty (delays longer than the session) allows nothing. Outside the window the rule
// says to skip, to wait until the next allowed instant, or to run anyway.

import { ParameterError } from '../errors.ts';
import type { ExchangeCalendar, Session } from './exchange-calendar.ts';
import { easternDate, formatEasternDateTime, formatEasternHhmm } from './us-eastern.ts';

export interface MarketHoursRule {
  /** Minutes after the open before running is allowed (>= 0). */
  readonly delayAfterOpenMin: number;
  /** Minutes before the close from which running stops (>= 0). */
  readonly delayBeforeCloseMin: number;
  /** Outside the window: skip this run, wait for the next allowed instant, or run anyway. */
  readonly whenClosed: 'skip' | 'wait' | 'continue';
}

export type GateDecision = { readonly action: 'run' } | { readonly action: 'skip'; readonly reason: string } | { readonly action: 'wait'; readonly until: number; readonly reason: string };

const MINUTE = 60_000;
const RUN: GateDecision = Object.freeze({ action: 'run' });
/** Sessions searched for a non-empty window before giving up (more than a year). */
const MAX_SESSIONS_SEARCHED = 400;

function checkRule(rule: MarketHoursRule): void {
  for (const key of ['delayAfterOpenMin', 'delayBeforeCloseMin'] as const) {
    const v = rule[key];
    if (!Number.isFinite(v) || v < 0) throw new ParameterError('market hours rule', key, `must be a number of minutes >= 0, got ${String(v)}`);
  }
  if (rule.whenClosed !== 'skip' && rule.whenClosed !== 'wait' && rule.whenClosed !== 'continue') {
    throw new ParameterError('market hours rule', 'whenClosed', `must be 'skip', 'wait' or 'continue', got '${String(rule.whenClosed)}'`);
  }
}

/** Start and end of a session's allowed window (start >= end: empty). */
function windowOf(s: Session, rule: MarketHoursRule): [number, number] {
  return [s.open + rule.delayAfterOpenMin * MINUTE, s.close - rule.delayBeforeCloseMin * MINUTE];
}

const et = (t: number) => `${formatEasternDateTime(t)} ET`;

/** The first allowed instant at or after the window of session `s` or later. */
function nextAllowed(calendar: ExchangeCalendar, rule: MarketHoursRule, from: Session, t: number): number {
  let s = from;
  for (let n = 0; n < MAX_SESSIONS_SEARCHED; n++) {
    const [a, b] = windowOf(s, rule);
    if (a < b && b > t) return Math.max(a, t);
    s = calendar.nextSession(s.date);
  }
  throw new ParameterError(
    'market hours rule',
    'delayAfterOpenMin',
    `+ delayBeforeCloseMin (${rule.delayAfterOpenMin} + ${rule.delayBeforeCloseMin} min) leave no time to run in any ${calendar.id} session`,
  );
}

/** Why t is outside the allowed window, and the next allowed instant. */
function explain(calendar: ExchangeCalendar, rule: MarketHoursRule, t: number): { reason: string; until: number } {
  const last = calendar.lastSessionAtOrBefore(t);
  const today = easternDate(t);
  if (last && t < last.close) {
    const [a, b] = windowOf(last, rule);
    const closeText = `${formatEasternHhmm(last.close)} ET${last.earlyClose ? ', early close' : ''}`;
    if (t < a && a < b) {
      return { until: a, reason: `within ${rule.delayAfterOpenMin} min after the open (${formatEasternHhmm(last.open)} ET); runs from ${et(a)}` };
    }
    const until = nextAllowed(calendar, rule, calendar.nextSession(last.date), t);
    if (a >= b) return { until, reason: `session too short for the rule (opens ${formatEasternHhmm(last.open)} ET, closes ${closeText}); next allowed ${et(until)}` };
    return { until, reason: `within ${rule.delayBeforeCloseMin} min before the close (${closeText}); next allowed ${et(until)}` };
  }
  // Closed at t: a session later today, or the next one.
  const upcoming = calendar.isSession(today) && last?.date !== today ? calendar.session(today)! : calendar.nextSession(today);
  const until = nextAllowed(calendar, rule, upcoming, t);
  const opens = rule.delayAfterOpenMin === 0 ? 'next open' : 'next allowed';
  let why: string;
  if (last && last.date === today) why = `market closed for the day (closed ${formatEasternHhmm(last.close)} ET${last.earlyClose ? ', early close' : ''})`;
  else if (upcoming.date === today) why = `market not open yet (opens ${formatEasternHhmm(upcoming.open)} ET)`;
  else why = `market closed (${calendar.closure(today) ?? 'closed'})`;
  return { until, reason: `${why}; ${opens} ${et(until)}` };
}

/**
 * The gate's decision at instant t: 'run' inside the allowed window of a session; outside it,
 * `skip` (with the reason), `wait` until the next allowed instant, or 'run' for whenClosed
 * 'continue'. Reasons are sentences with Eastern times, e.g. "market closed (Good Friday); next
 * open 2024-04-01 09:30 ET".
 */
export function marketHoursGate(calendar: ExchangeCalendar, rule: MarketHoursRule, t: number): GateDecision {
  checkRule(rule);
  if (!Number.isFinite(t)) throw new ParameterError('marketHoursGate', 't', `must be an epoch-ms instant, got ${String(t)}`);
  const s = calendar.lastSessionAtOrBefore(t);
  if (s && t < s.close) {
    const [a, b] = windowOf(s, rule);
    if (t >= a && t < b) return RUN;
  }
  if (rule.whenClosed === 'continue') return RUN;
  const { reason, until } = explain(calendar, rule, t);
  return rule.whenClosed === 'skip' ? { action: 'skip', reason } : { action: 'wait', until, reason };
}
