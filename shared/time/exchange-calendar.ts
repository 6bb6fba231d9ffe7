// Exchange calendars of the US equity and equity-option markets: which dates are trading sessions,
// when each opens and closes (UTC instants, computed in the exchange's America/New_York time, so
// sessions follow the daylight-saving changes), and why a weekday is closed.
//
// - XNYS (New York Stock Exchange) and XNAS (Nasdaq): regular session 09:30–16:00 ET, early
//   closes at 13:00 ET. Both observe the same holidays and closed on the same unscheduled days.
// - XCBO (Cboe Options Exchange): the same holidays and closures as the NYSE. We model the
//   equity-option session, 09:30–16:00 ET with 13:00 ET early closes; broad index options (SPX,
//   VIX…) trade until 16:15 ET (13:15 ET on early-close days), which is not modelled here.
//
// Coverage: 1993 through 2027 are exact: every full-day holiday by rule (holiday-rules.ts), every
// unscheduled closure and every early close (rule-based and ad hoc, special-sessions.ts). These
// years are precomputed into typed arrays; lookups are binary searches. Before 1993 and after 2027
// the calendar applies today's holiday and early-close rules only: no unscheduled closures, no
// ad-hoc early closes (and no early closes at all before 1993). Dates must lie in years 1900–2199.

import { ParameterError } from '../errors.ts';
import { daysFromYyyymmdd, daysInMonth, isoWeekday } from '../data/iso-time.ts';
import type { NamedDay } from './holiday-rules.ts';
import { SPECIAL_DAYS_FROM_YEAR, SPECIAL_DAYS_TO_YEAR } from './special-sessions.ts';
import { SessionTable, type Session, type SessionHours } from './session-table.ts';
import { easternDate, easternToUtc } from './us-eastern.ts';

export type { Session, SessionHours } from './session-table.ts';
export type { NamedDay } from './holiday-rules.ts';

export type ExchangeId = 'XNYS' | 'XNAS' | 'XCBO';
export const EXCHANGE_IDS: readonly ExchangeId[] = Object.freeze(['XNYS', 'XNAS', 'XCBO'] as const);

/** First and last year a calendar answers for (precise 1993–2027, rules only outside). */
export const CALENDAR_MIN_YEAR = 1900;
export const CALENDAR_MAX_YEAR = 2199;

/** The US regular session and early close, minutes after midnight ET. */
export const US_EQUITY_HOURS: SessionHours = Object.freeze({ openMin: 9 * 60 + 30, closeMin: 16 * 60, earlyCloseMin: 13 * 60 });

export interface ExchangeCalendar {
  readonly id: ExchangeId;
  readonly name: string;
  readonly timeZone: 'America/New_York';
  /** Regular and early-close hours, minutes after local midnight. */
  readonly hours: SessionHours;
  /** True when the date (yyyymmdd) is a trading session. */
  isSession(yyyymmdd: number): boolean;
  /** The session on a date, or undefined on weekends, holidays and closures. */
  session(yyyymmdd: number): Session | undefined;
  /** Every session dated from..to, both inclusive (from after to is an error). */
  sessions(fromYyyymmdd: number, toYyyymmdd: number): Session[];
  /** The first session dated strictly after the date. */
  nextSession(yyyymmdd: number): Session;
  /** The last session dated strictly before the date. */
  previousSession(yyyymmdd: number): Session;
  /** The session with open <= t < close, or undefined when the market is closed at t. */
  sessionAt(t: number): Session | undefined;
  /** The last session whose open is at or before t (undefined before 1900). */
  lastSessionAtOrBefore(t: number): Session | undefined;
  /** Why a date has no session: the holiday or closure ('Good Friday', 'Hurricane Sandy'…), 'weekend'; undefined for a session. */
  closure(yyyymmdd: number): string | undefined;
  /** The weekday closures (holidays and unscheduled closures) dated from..to, inclusive, in order. */
  closures(fromYyyymmdd: number, toYyyymmdd: number): NamedDay[];
}

interface ExchangeSpec {
  readonly id: ExchangeId;
  readonly name: string;
  readonly hours: SessionHours;
}

const SPECS: Readonly<Record<ExchangeId, ExchangeSpec>> = {
  XNYS: { id: 'XNYS', name: 'New York Stock Exchange', hours: US_EQUITY_HOURS },
  XNAS: { id: 'XNAS', name: 'Nasdaq', hours: US_EQUITY_HOURS },
  XCBO: { id: 'XCBO', name: 'Cboe Options Exchange (equity options session)', hours: US_EQUITY_HOURS },
};

const yearOf = (yyyymmdd: number) => Math.floor(yyyymmdd / 10_000);

/** Throws a ParameterError unless `d` is a real yyyymmdd date in the supported years. */
function checkDate(owner: string, param: string, d: number): void {
  if (!Number.isInteger(d)) throw new ParameterError(owner, param, `must be a yyyymmdd date number, got ${String(d)}`);
  const y = yearOf(d);
  const m = Math.floor(d / 100) % 100;
  const day = d % 100;
  if (y < CALENDAR_MIN_YEAR || y > CALENDAR_MAX_YEAR) throw new ParameterError(owner, param, `${d} is outside the supported years ${CALENDAR_MIN_YEAR}–${CALENDAR_MAX_YEAR}`);
  if (m < 1 || m > 12 || day < 1 || day > daysInMonth(y, m)) throw new ParameterError(owner, param, `${d} is not a valid yyyymmdd date`);
}

function checkInstant(owner: string, t: number): void {
  if (!Number.isFinite(t)) throw new ParameterError(owner, 't', `must be an epoch-ms instant, got ${String(t)}`);
}

/** Session tables by hours: the precise 1993–2027 span, and single rule-only years on demand. */
class TableSet {
  readonly core: SessionTable;
  private readonly years = new Map<number, SessionTable>();

  constructor(private readonly hours: SessionHours) {
    this.core = new SessionTable(hours, SPECIAL_DAYS_FROM_YEAR, SPECIAL_DAYS_TO_YEAR);
  }

  /** The table holding a year. */
  of(year: number): SessionTable {
    if (year >= SPECIAL_DAYS_FROM_YEAR && year <= SPECIAL_DAYS_TO_YEAR) return this.core;
    let t = this.years.get(year);
    if (!t) {
      if (this.years.size >= 64) this.years.clear();
      t = new SessionTable(this.hours, year, year);
      this.years.set(year, t);
    }
    return t;
  }
}

const tableSets = new Map<SessionHours, TableSet>();

function tablesFor(hours: SessionHours): TableSet {
  let set = tableSets.get(hours);
  if (!set) tableSets.set(hours, (set = new TableSet(hours)));
  return set;
}

class UsExchangeCalendar implements ExchangeCalendar {
  readonly id: ExchangeId;
  readonly name: string;
  readonly timeZone = 'America/New_York' as const;
  readonly hours: SessionHours;
  private readonly tables: TableSet;
  private readonly owner: string;

  constructor(spec: ExchangeSpec) {
    this.id = spec.id;
    this.name = spec.name;
    this.hours = spec.hours;
    this.tables = tablesFor(spec.hours);
    this.owner = `exchange calendar ${spec.id}`;
  }

  isSession(yyyymmdd: number): boolean {
    checkDate(this.owner, 'yyyymmdd', yyyymmdd);
    return this.tables.of(yearOf(yyyymmdd)).indexOf(yyyymmdd) >= 0;
  }

  session(yyyymmdd: number): Session | undefined {
    checkDate(this.owner, 'yyyymmdd', yyyymmdd);
    const table = this.tables.of(yearOf(yyyymmdd));
    const i = table.indexOf(yyyymmdd);
    return i >= 0 ? table.at(i) : undefined;
  }

  sessions(fromYyyymmdd: number, toYyyymmdd: number): Session[] {
    this.checkRange(fromYyyymmdd, toYyyymmdd);
    const out: Session[] = [];
    let year = yearOf(fromYyyymmdd);
    const lastYear = yearOf(toYyyymmdd);
    while (year <= lastYear) {
      const table = this.tables.of(year);
      for (let i = table.lowerBound(fromYyyymmdd); i < table.length && table.dates[i] <= toYyyymmdd; i++) out.push(table.at(i));
      year = table.toYear + 1;
    }
    return out;
  }

  nextSession(yyyymmdd: number): Session {
    checkDate(this.owner, 'yyyymmdd', yyyymmdd);
    for (let year = yearOf(yyyymmdd); year <= CALENDAR_MAX_YEAR; ) {
      const table = this.tables.of(year);
      const i = table.lowerBound(yyyymmdd + 1);
      if (i < table.length) return table.at(i);
      year = table.toYear + 1;
    }
    throw new ParameterError(this.owner, 'yyyymmdd', `${yyyymmdd}: no session after it within the supported years (to ${CALENDAR_MAX_YEAR})`);
  }

  previousSession(yyyymmdd: number): Session {
    checkDate(this.owner, 'yyyymmdd', yyyymmdd);
    for (let year = yearOf(yyyymmdd); year >= CALENDAR_MIN_YEAR; ) {
      const table = this.tables.of(year);
      const i = table.lowerBound(yyyymmdd) - 1;
      if (i >= 0) return table.at(i);
      year = table.fromYear - 1;
    }
    throw new ParameterError(this.owner, 'yyyymmdd', `${yyyymmdd}: no session before it within the supported years (from ${CALENDAR_MIN_YEAR})`);
  }

  sessionAt(t: number): Session | undefined {
    const s = this.lastSessionAtOrBefore(t);
    return s && t < s.close ? s : undefined;
  }

  lastSessionAtOrBefore(t: number): Session | undefined {
    checkInstant(this.owner, t);
    const date = easternDate(t);
    const year = yearOf(date);
    if (year < CALENDAR_MIN_YEAR) return undefined;
    if (year > CALENDAR_MAX_YEAR) throw new ParameterError(this.owner, 't', `${t} is after the supported years (to ${CALENDAR_MAX_YEAR})`);
    const table = this.tables.of(year);
    const i = table.lastOpenAtOrBefore(t);
    if (i >= 0) return table.at(i);
    return table.fromYear > CALENDAR_MIN_YEAR ? this.previousSession(table.fromYear * 10_000 + 101) : undefined;
  }

  closure(yyyymmdd: number): string | undefined {
    checkDate(this.owner, 'yyyymmdd', yyyymmdd);
    if (isoWeekday(daysFromYyyymmdd(yyyymmdd)) > 5) return 'weekend';
    return this.tables.of(yearOf(yyyymmdd)).closures.get(yyyymmdd);
  }

  closures(fromYyyymmdd: number, toYyyymmdd: number): NamedDay[] {
    this.checkRange(fromYyyymmdd, toYyyymmdd);
    const out: NamedDay[] = [];
    for (let year = yearOf(fromYyyymmdd); year <= yearOf(toYyyymmdd); year++) {
      for (const [date, name] of this.tables.of(year).closures) {
        if (yearOf(date) === year && date >= fromYyyymmdd && date <= toYyyymmdd) out.push({ date, name });
      }
    }
    return out.sort((a, b) => a.date - b.date);
  }

  private checkRange(from: number, to: number): void {
    checkDate(this.owner, 'fromYyyymmdd', from);
    checkDate(this.owner, 'toYyyymmdd', to);
    if (from > to) throw new ParameterError(this.owner, 'fromYyyymmdd', `${from} is after toYyyymmdd ${to}`);
  }
}

const calendars = new Map<ExchangeId, ExchangeCalendar>();

/**
 * The calendar of an exchange (one instance per id). An unknown id is a ParameterError naming the
 * valid ids.
 */
export function exchangeCalendar(id: ExchangeId): ExchangeCalendar {
  let cal = calendars.get(id);
  if (cal) return cal;
  const spec = Object.prototype.hasOwnProperty.call(SPECS, id) ? SPECS[id] : undefined;
  if (!spec) throw new ParameterError('exchangeCalendar', 'id', `'${String(id)}' is not a known exchange (valid: ${EXCHANGE_IDS.join(', ')})`);
  cal = new UsExchangeCalendar(spec);
  calendars.set(id, cal);
  return cal;
}

/** True when a string is one of EXCHANGE_IDS. */
export function isExchangeId(id: string): id is ExchangeId {
  return (EXCHANGE_IDS as readonly string[]).includes(id);
}

/**
 * Open and close (UTC ms) of a date's NYSE session, or the regular hours (09:30–16:00 ET) for a date
 * that has none (a bar dated on a closure): the session a daily bar's intraday path spans, in the TWS
 * simulator's replay and the backtest's venue alike.
 */
export function equitySessionHours(yyyymmdd: number): { open: number; close: number } {
  const s = exchangeCalendar('XNYS').session(yyyymmdd);
  return s ?? { open: easternToUtc(yyyymmdd, US_EQUITY_HOURS.openMin), close: easternToUtc(yyyymmdd, US_EQUITY_HOURS.closeMin) };
}
