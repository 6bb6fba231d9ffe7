// Runs something at configured times of each trading session. A time is one of:
// - `open`, `open+30m`, `open+1h`, `open-5m`: relative to the session's open;
// - `close`, `close-15m`, `close-1h`: relative to the session's close (an early close's on
//   shortened days);
// - `HH:MM`: an exchange-local (ET) wall time, e.g. `10:00`.
// A time runs on a session day only when it lies inside the session, open <= t <= close (a `close`
// entry runs at the closing instant); times outside that day's hours are skipped (e.g. `15:00` on
// a 13:00 early close). Duplicate instants run once.

import { ParameterError } from '../errors.ts';
import type { ExchangeCalendar, Session } from './exchange-calendar.ts';
import { easternDate, easternToUtc } from './us-eastern.ts';

export type SessionTime =
  | { readonly anchor: 'open' | 'close'; readonly offsetMin: number; readonly text: string }
  | { readonly anchor: 'wall'; readonly minuteOfDay: number; readonly text: string };

const MINUTE = 60_000;
/** Sessions searched for a run before concluding that no time ever falls inside one. */
const MAX_SESSIONS_SEARCHED = 400;
const TIME_RE = /^(open|close)(?:([+-])(\d{1,4})(m|h))?$/;
const WALL_RE = /^(\d{1,2}):(\d{2})$/;

/** Parses session time entries; a bad entry is a ParameterError naming it and its index. */
export function parseSessionTimes(spec: readonly string[]): SessionTime[] {
  if (spec.length === 0) throw new ParameterError('session times', 'times', 'needs at least one entry (open[±Nm|Nh], close[±Nm|Nh] or HH:MM)');
  return spec.map((raw, i) => {
    const text = String(raw).trim().toLowerCase().replace(/\s+/g, '');
    const bad = (why: string) => new ParameterError('session times', `times[${i}]`, `'${String(raw)}' ${why}`);
    const rel = TIME_RE.exec(text);
    if (rel) {
      const n = rel[3] === undefined ? 0 : Number(rel[3]) * (rel[4] === 'h' ? 60 : 1);
      if (n > 24 * 60) throw bad('has an offset longer than a day');
      return { anchor: rel[1] as 'open' | 'close', offsetMin: rel[2] === '-' ? -n : n, text };
    }
    const wall = WALL_RE.exec(text);
    if (wall) {
      const h = Number(wall[1]);
      const m = Number(wall[2]);
      if (h > 23 || m > 59) throw bad('is not a time of day 00:00–23:59');
      return { anchor: 'wall', minuteOfDay: h * 60 + m, text };
    }
    throw bad('is not open[±Nm|Nh], close[±Nm|Nh] or HH:MM (e.g. open+30m, close-15m, 10:00)');
  });
}

/** The instants of `times` on a session that lie inside it, ascending, without duplicates. */
function runsOn(s: Session, times: readonly SessionTime[], out: number[]): number[] {
  out.length = 0;
  for (const tm of times) {
    const t = tm.anchor === 'wall' ? easternToUtc(s.date, tm.minuteOfDay) : (tm.anchor === 'open' ? s.open : s.close) + tm.offsetMin * MINUTE;
    if (t >= s.open && t <= s.close) out.push(t);
  }
  out.sort((a, b) => a - b);
  let k = 0;
  for (let i = 0; i < out.length; i++) if (i === 0 || out[i] !== out[k - 1]) out[k++] = out[i];
  out.length = k;
  return out;
}

/** The session on t's local date, or the next one. */
function firstSessionFrom(calendar: ExchangeCalendar, t: number): Session {
  const date = easternDate(t);
  return calendar.session(date) ?? calendar.nextSession(date);
}

/** The first scheduled instant strictly after `afterT` that lies inside a session. */
export function nextRun(calendar: ExchangeCalendar, times: readonly SessionTime[], afterT: number): number {
  if (!Number.isFinite(afterT)) throw new ParameterError('nextRun', 'afterT', `must be an epoch-ms instant, got ${String(afterT)}`);
  if (times.length === 0) throw new ParameterError('nextRun', 'times', 'is empty');
  const buf: number[] = [];
  let s = firstSessionFrom(calendar, afterT);
  for (let n = 0; n < MAX_SESSIONS_SEARCHED; n++) {
    for (const t of runsOn(s, times, buf)) if (t > afterT) return t;
    s = calendar.nextSession(s.date);
  }
  throw new ParameterError('nextRun', 'times', `none of ${times.map((t) => t.text).join(', ')} falls inside a ${calendar.id} session`);
}

/** Every scheduled instant t with fromT < t <= toT (the instants nextRun steps through), ascending. */
export function runsBetween(calendar: ExchangeCalendar, times: readonly SessionTime[], fromT: number, toT: number): number[] {
  if (!Number.isFinite(fromT)) throw new ParameterError('runsBetween', 'fromT', `must be an epoch-ms instant, got ${String(fromT)}`);
  if (!Number.isFinite(toT)) throw new ParameterError('runsBetween', 'toT', `must be an epoch-ms instant, got ${String(toT)}`);
  if (fromT > toT) throw new ParameterError('runsBetween', 'fromT', `${fromT} is after toT ${toT}`);
  const out: number[] = [];
  const buf: number[] = [];
  for (const s of calendar.sessions(easternDate(fromT), easternDate(toT))) {
    for (const t of runsOn(s, times, buf)) if (t > fromT && t <= toT) out.push(t);
  }
  return out;
}
