// The extended-hours session of US stocks and ETFs around an exchange calendar's regular session:
// pre-market 04:00 ET to the regular open (09:30 ET), after-hours from the regular close (16:00 ET)
// to 20:00 ET, or to 17:00 ET on an early-close day (13:00 ET close). Only days that are regular
// sessions have extended hours (no pre-market on a holiday or weekend). This is the one place the
// rule lives; the simulator's extended-hours prices, `useRTH = 0` bars and `outsideRth` fills use it.

import type { ExchangeCalendar, Session } from './exchange-calendar.ts';
import { easternDate, easternToUtc } from './us-eastern.ts';

/** Extended hours of US equities, minutes after midnight ET. */
export const US_EQUITY_EXTENDED_HOURS = Object.freeze({
  /** Pre-market opens 04:00 ET. */
  preOpenMin: 4 * 60,
  /** After-hours ends 20:00 ET. */
  postCloseMin: 20 * 60,
  /** After-hours ends 17:00 ET after a 13:00 ET early close. */
  earlyPostCloseMin: 17 * 60,
});

/** A regular session with its extended hours: [preOpen, open) pre-market, [close, postClose) after-hours. */
export interface ExtendedSession extends Session {
  /** Start of the pre-market, UTC epoch ms. */
  readonly preOpen: number;
  /** End of the after-hours session, UTC epoch ms. */
  readonly postClose: number;
}

/** Which part of the extended session an instant falls in. */
export type SessionPhase = 'pre' | 'regular' | 'post';

/** The regular session `s` with its extended hours. */
export function withExtendedHours(s: Session): ExtendedSession {
  const h = US_EQUITY_EXTENDED_HOURS;
  return { ...s, preOpen: easternToUtc(s.date, h.preOpenMin), postClose: easternToUtc(s.date, s.earlyClose ? h.earlyPostCloseMin : h.postCloseMin) };
}

/** The extended session on a date (yyyymmdd), or undefined when the date has no regular session. */
export function extendedSession(calendar: ExchangeCalendar, yyyymmdd: number): ExtendedSession | undefined {
  const s = calendar.session(yyyymmdd);
  return s ? withExtendedHours(s) : undefined;
}

/**
 * The extended session containing instant t (preOpen <= t < postClose) and the phase of t in it,
 * or undefined when even extended trading is closed (nights, weekends, holidays).
 */
export function extendedSessionAt(calendar: ExchangeCalendar, t: number): { readonly session: ExtendedSession; readonly phase: SessionPhase } | undefined {
  const s = extendedSession(calendar, easternDate(t));
  if (!s || t < s.preOpen || t >= s.postClose) return undefined;
  return { session: s, phase: t < s.open ? 'pre' : t < s.close ? 'regular' : 'post' };
}
