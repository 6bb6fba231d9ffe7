// T33 (wheel-rules.md §3.2): thetagang's exchange-hours check before a run, on our market-hours gate
// (shared/time/market-hours.ts), with upstream's numbers: XNYS on 2025-01-21 (open 14:30 UTC, close 21:00 UTC),
// continue / exit / wait, 60 s delays, max_wait_until_open 600 s and 30 s, non-session days, a session without times.
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../../shared/config/index.ts';
import { exchangeCalendar, type ExchangeCalendar, type Session } from '../../../shared/time/exchange-calendar.ts';
import { EXCHANGE_HOURS_DEFAULTS, exchangeHoursAction, exchangeHoursRule, type ExchangeHoursRule } from '../../../shared/time/market-hours.ts';

const xnys = exchangeCalendar('XNYS');
/** 2025-01-21 at hh:mm(:ss) UTC, as upstream's tests give `now`. */
const utc = (hhmm: string, day = 21) => Date.parse(`2025-01-${day}T${hhmm.length === 5 ? `${hhmm}:00` : hhmm}Z`);
/** Upstream's ExchangeHoursConfig: XNYS, the delays and the action given, max wait as given (thetagang's default 3600 s). */
const rule = (actionWhenClosed: ExchangeHoursRule['actionWhenClosed'], delaySec: number, maxWaitUntilOpenSec = 3600): ExchangeHoursRule => ({
  exchange: 'XNYS',
  actionWhenClosed,
  delayAfterOpenSec: delaySec,
  delayBeforeCloseSec: delaySec,
  maxWaitUntilOpenSec,
});

/** XNYS with one session removed (upstream stubs a calendar whose only session is 2025-01-21). */
function withoutSession(date: number): ExchangeCalendar {
  const before = (d: number) => xnys.previousSession(d);
  return {
    id: xnys.id,
    name: xnys.name,
    timeZone: xnys.timeZone,
    hours: xnys.hours,
    isSession: (d) => d !== date && xnys.isSession(d),
    session: (d) => (d === date ? undefined : xnys.session(d)),
    sessions: (from, to) => xnys.sessions(from, to).filter((s) => s.date !== date),
    nextSession: (d) => (xnys.nextSession(d).date === date ? xnys.nextSession(date) : xnys.nextSession(d)),
    previousSession: (d) => (before(d).date === date ? before(date) : before(d)),
    sessionAt: (t) => (xnys.sessionAt(t)?.date === date ? undefined : xnys.sessionAt(t)),
    lastSessionAtOrBefore: (t) => (xnys.lastSessionAtOrBefore(t)?.date === date ? before(date) : xnys.lastSessionAtOrBefore(t)),
    closure: (d) => (d === date ? 'no session in this calendar' : xnys.closure(d)),
    closures: (from, to) => xnys.closures(from, to),
  };
}

/** XNYS whose session on `date` has no open and close (upstream: NaT in the schedule). */
function withoutTimes(date: number): ExchangeCalendar {
  const broken: Session = { date, open: Number.NaN, close: Number.NaN, earlyClose: false };
  const cal = withoutSession(-1);
  return { ...cal, isSession: (d) => d === date || xnys.isSession(d), session: (d) => (d === date ? broken : xnys.session(d)) };
}

describe('T33: the action at a time of 2025-01-21 (XNYS)', () => {
  it('T33: 12:00 UTC (before the open) with continue → continue', () => {
    expect(exchangeHoursAction(rule('continue', 0), utc('12:00'))).toEqual({ action: 'continue' });
  });

  it('T33: 15:00 UTC with 60 s delays → continue, with continue as upstream and with exit (inside the window)', () => {
    expect(exchangeHoursAction(rule('continue', 60), utc('15:00'))).toEqual({ action: 'continue' });
    expect(exchangeHoursAction(rule('exit', 60), utc('15:00'))).toEqual({ action: 'continue' });
  });

  it('T33: the 60 s delays bound the window: [14:31, 20:59) UTC', () => {
    expect(exchangeHoursAction(rule('exit', 60), utc('14:30:59')).action).toBe('exit');
    expect(exchangeHoursAction(rule('exit', 60), utc('14:31'))).toEqual({ action: 'continue' });
    expect(exchangeHoursAction(rule('exit', 60), utc('20:58:59'))).toEqual({ action: 'continue' });
    expect(exchangeHoursAction(rule('exit', 60), utc('20:59'))).toEqual({
      action: 'exit',
      reason: 'within 1 min before the close (16:00 ET); next allowed 2025-01-22 09:31 ET',
    });
  });

  it('T33: 21:00 UTC (the close) with exit → exit, saying when it opens next', () => {
    expect(exchangeHoursAction(rule('exit', 60), utc('21:00'))).toEqual({
      action: 'exit',
      reason: 'market closed for the day (closed 16:00 ET); next allowed 2025-01-22 09:31 ET',
    });
  });

  it('T33: 14:29 UTC with wait → wait until the start, 14:31 UTC (open + 60 s): 120 s', () => {
    expect(exchangeHoursAction(rule('wait', 60), utc('14:29'))).toEqual({
      action: 'wait',
      until: utc('14:31'),
      waitMs: 120_000,
      reason: 'market not open yet (opens 09:30 ET); next allowed 2025-01-21 09:31 ET (120 s away: waiting)',
    });
  });
});

describe('T33: how long it waits (max_wait_until_open)', () => {
  it('T33: waiting is allowed when the start is less than max_wait_until_open (600 s) away: 14:29 → wait 120 s', () => {
    const a = exchangeHoursAction(rule('wait', 60, 600), utc('14:29'));
    expect(a).toMatchObject({ action: 'wait', until: utc('14:31'), waitMs: 120_000 });
  });

  it('T33: not with max_wait_until_open 30 s at 14:00 (the start is 1860 s away) → exit, no wait', () => {
    expect(exchangeHoursAction(rule('wait', 60, 30), utc('14:00'))).toEqual({
      action: 'exit',
      reason: 'market not open yet (opens 09:30 ET); next allowed 2025-01-21 09:31 ET (1860 s away, not less than max_wait_until_open 30 s: not waiting)',
    });
  });

  it('T33: exactly max_wait_until_open away is not less than it → exit (thetagang waits only when strictly less)', () => {
    expect(exchangeHoursAction(rule('wait', 60, 120), utc('14:29')).action).toBe('exit');
    expect(exchangeHoursAction(rule('wait', 60, 121), utc('14:29')).action).toBe('wait');
  });

  it('T33: the start already past (15:00 UTC, max 300 s) → continue at once, no wait', () => {
    expect(exchangeHoursAction(rule('wait', 60, 300), utc('15:00'))).toEqual({ action: 'continue' });
  });
});

describe('T33: days without a usable session', () => {
  it('T33: a non-session day → exit: 2025-01-22 in a calendar without it (upstream), and XNYS on Martin Luther King, Jr. Day', () => {
    expect(exchangeHoursAction(rule('exit', 0), utc('15:00', 22), withoutSession(20250122))).toEqual({
      action: 'exit',
      reason: 'market closed (no session in this calendar); next open 2025-01-23 09:30 ET',
    });
    expect(exchangeHoursAction(rule('exit', 0), utc('15:00', 20))).toEqual({
      action: 'exit',
      reason: 'market closed (Martin Luther King, Jr. Day); next open 2025-01-21 09:30 ET',
    });
  });

  it('T33: a non-session day with wait: the next start (2025-01-21 14:31 UTC) is ~23.5 h away, beyond 600 s → exit', () => {
    const a = exchangeHoursAction(rule('wait', 60, 600), utc('15:00', 20));
    expect(a).toEqual({
      action: 'exit',
      reason:
        'market closed (Martin Luther King, Jr. Day); next allowed 2025-01-21 09:31 ET ' +
        '(84660 s away, not less than max_wait_until_open 600 s: not waiting)',
    });
  });

  it('T33: a session without open and close → the closed action (exit); with wait too (no start to wait for)', () => {
    const broken = withoutTimes(20250121);
    const reason = 'the XNYS calendar has no open and close for the session of 2025-01-21: treated as closed';
    expect(exchangeHoursAction(rule('exit', 0), utc('15:00'), broken)).toEqual({ action: 'exit', reason });
    expect(exchangeHoursAction(rule('wait', 0, 86_400), utc('15:00'), broken)).toEqual({ action: 'exit', reason });
    expect(exchangeHoursAction(rule('continue', 0), utc('15:00'), broken)).toEqual({ action: 'continue' });
  });
});

describe('T33: the rule from [exchange_hours]', () => {
  it("absent keys take thetagang's defaults (XNYS, exit, 1800 s, 1800 s, 3600 s)", () => {
    expect(exchangeHoursRule()).toEqual(EXCHANGE_HOURS_DEFAULTS);
    expect(EXCHANGE_HOURS_DEFAULTS).toEqual({
      exchange: 'XNYS',
      actionWhenClosed: 'exit',
      delayAfterOpenSec: 1800,
      delayBeforeCloseSec: 1800,
      maxWaitUntilOpenSec: 3600,
    });
    // The defaults' window on 2025-01-21 is [15:00, 20:30) UTC.
    expect(exchangeHoursAction(exchangeHoursRule(), utc('14:59')).action).toBe('exit');
    expect(exchangeHoursAction(exchangeHoursRule(), utc('15:00')).action).toBe('continue');
    expect(exchangeHoursAction(exchangeHoursRule(), utc('20:30')).action).toBe('exit');
  });

  it("T33: moneytrailz.toml's [exchange_hours] with upstream's numbers: wait, 60 s delays, max 600 s → 14:29 UTC waits 120 s", () => {
    const text = ['[exchange_hours]', 'exchange = "XNYS"', 'action_when_closed = "wait"'];
    text.push('delay_after_open = 60', 'delay_before_close = 60', 'max_wait_until_open = 600');
    const config = parseConfig(text.join('\n'), 'moneytrailz.toml');
    const r = exchangeHoursRule(config.exchange_hours);
    expect(r).toEqual(rule('wait', 60, 600));
    expect(exchangeHoursAction(r, utc('14:29'))).toMatchObject({ action: 'wait', waitMs: 120_000 });
  });

  it('refuses a negative delay or an unknown action by name', () => {
    expect(() => exchangeHoursAction({ ...rule('exit', 60), maxWaitUntilOpenSec: -1 }, utc('15:00'))).toThrow(/maxWaitUntilOpenSec.*>= 0, got -1/);
    expect(() => exchangeHoursAction({ ...rule('exit', 60), actionWhenClosed: 'skip' as 'exit' }, utc('15:00'))).toThrow(/actionWhenClosed.*got 'skip'/);
  });
});
