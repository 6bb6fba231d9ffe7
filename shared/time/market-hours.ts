// A market-hours gate: whether something (a strategy step, an order, a job) may run at an instant,
// given an exchange calendar and a rule. The allowed window of a session is
// [open + delayAfterOpenMin, close − delayBeforeCloseMin), early closes included; a session whose
// window is empty (delays longer than the session) allows nothing. Outside the window the rule
// says to skip, to wait until the next allowed instant, or to run anyway.

import { ParameterError } from '../errors.ts';
import { exchangeCalendar, type ExchangeCalendar, type ExchangeId, type Session } from './exchange-calendar.ts';
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

// --- thetagang's exchange-hours gate before a run: [exchange_hours] (wheel-rules.md §6.1; T33 in §3.2) ---------------

/** `[exchange_hours]` as moneytrailz.toml holds it (thetagang's keys, delays in seconds); every key optional. */
export interface ExchangeHoursTable {
  readonly exchange?: ExchangeId;
  readonly action_when_closed?: 'exit' | 'wait' | 'continue';
  readonly delay_after_open?: number;
  readonly delay_before_close?: number;
  readonly max_wait_until_open?: number;
}

/** The exchange-hours rule with every value set (seconds, as thetagang's keys). */
export interface ExchangeHoursRule {
  readonly exchange: ExchangeId;
  /** Outside the window: exit this run, wait for the start (at most maxWaitUntilOpenSec), or continue anyway. */
  readonly actionWhenClosed: 'exit' | 'wait' | 'continue';
  readonly delayAfterOpenSec: number;
  readonly delayBeforeCloseSec: number;
  /** With 'wait': wait only when the start is less than this far away; else exit. */
  readonly maxWaitUntilOpenSec: number;
}

/** thetagang's defaults: XNYS, exit, 30 min after the open and before the close, wait at most an hour. */
export const EXCHANGE_HOURS_DEFAULTS: ExchangeHoursRule = Object.freeze({
  exchange: 'XNYS',
  actionWhenClosed: 'exit',
  delayAfterOpenSec: 1800,
  delayBeforeCloseSec: 1800,
  maxWaitUntilOpenSec: 3600,
});

/** The rule of an `[exchange_hours]` table (absent keys: thetagang's defaults). */
export function exchangeHoursRule(table: ExchangeHoursTable = {}): ExchangeHoursRule {
  const d = EXCHANGE_HOURS_DEFAULTS;
  return {
    exchange: table.exchange ?? d.exchange,
    actionWhenClosed: table.action_when_closed ?? d.actionWhenClosed,
    delayAfterOpenSec: table.delay_after_open ?? d.delayAfterOpenSec,
    delayBeforeCloseSec: table.delay_before_close ?? d.delayBeforeCloseSec,
    maxWaitUntilOpenSec: table.max_wait_until_open ?? d.maxWaitUntilOpenSec,
  };
}

/** What a run does: go on, stop with the reason, or sleep `waitMs` (until `until`) and then go on. */
export type ExchangeHoursAction =
  | { readonly action: 'continue' }
  | { readonly action: 'exit'; readonly reason: string }
  | { readonly action: 'wait'; readonly until: number; readonly waitMs: number; readonly reason: string };

const CONTINUE: ExchangeHoursAction = Object.freeze({ action: 'continue' });

function checkExchangeHoursRule(rule: ExchangeHoursRule): void {
  for (const key of ['delayAfterOpenSec', 'delayBeforeCloseSec', 'maxWaitUntilOpenSec'] as const) {
    const v = rule[key];
    if (!Number.isFinite(v) || v < 0) throw new ParameterError('exchange hours rule', key, `must be a number of seconds >= 0, got ${String(v)}`);
  }
  if (!['exit', 'wait', 'continue'].includes(rule.actionWhenClosed)) {
    throw new ParameterError('exchange hours rule', 'actionWhenClosed', `must be 'exit', 'wait' or 'continue', got '${String(rule.actionWhenClosed)}'`);
  }
}

/** yyyymmdd as yyyy-mm-dd. */
const isoDate = (d: number) => `${Math.floor(d / 10_000)}-${String(Math.floor(d / 100) % 100).padStart(2, '0')}-${String(d % 100).padStart(2, '0')}`;

/**
 * T33 (§3.2): thetagang's exchange-hours check at instant t, on the gate above. `continue` → continue without looking
 * at the calendar; inside [open + delay_after_open, close − delay_before_close) → continue; outside it `exit` → exit,
 * and `wait` → wait until the next start when it is less than max_wait_until_open away (a start already past needs
 * no wait: that is inside the window), else exit. A non-session day is closed like any other closed time. A session
 * whose open or close is missing is treated as closed and exits, with either action (fail closed: no start to wait
 * for). The caller sleeps; this function only decides.
 */
export function exchangeHoursAction(rule: ExchangeHoursRule, t: number, calendar: ExchangeCalendar = exchangeCalendar(rule.exchange)): ExchangeHoursAction {
  checkExchangeHoursRule(rule);
  if (!Number.isFinite(t)) throw new ParameterError('exchangeHoursAction', 't', `must be an epoch-ms instant, got ${String(t)}`);
  if (rule.actionWhenClosed === 'continue') return CONTINUE;
  const today = easternDate(t);
  const session = calendar.session(today);
  if (session && !(Number.isFinite(session.open) && Number.isFinite(session.close) && session.open < session.close)) {
    return { action: 'exit', reason: `the ${calendar.id} calendar has no open and close for the session of ${isoDate(today)}: treated as closed` };
  }
  const minutes: MarketHoursRule = {
    delayAfterOpenMin: rule.delayAfterOpenSec / 60,
    delayBeforeCloseMin: rule.delayBeforeCloseSec / 60,
    whenClosed: rule.actionWhenClosed === 'wait' ? 'wait' : 'skip',
  };
  const gate = marketHoursGate(calendar, minutes, t);
  if (gate.action === 'run') return CONTINUE;
  if (gate.action === 'skip') return { action: 'exit', reason: gate.reason };
  const waitMs = gate.until - t;
  const away = `${Math.ceil(waitMs / 1000)} s away`;
  if (waitMs < rule.maxWaitUntilOpenSec * 1000) return { action: 'wait', until: gate.until, waitMs, reason: `${gate.reason} (${away}: waiting)` };
  return { action: 'exit', reason: `${gate.reason} (${away}, not less than max_wait_until_open ${rule.maxWaitUntilOpenSec} s: not waiting)` };
}
