// Good-after and good-till times of an order (ib-protocol.md §6 "Orders"): goodAfterTime (GAT: the
// order is accepted, shows PreSubmitted, and may work only from that instant on the replay clock) and
// goodTillDate (time in force GTD: cancelled when the replay clock reaches it). The formats TWS
// reads: `yyyyMMdd HH:mm:ss[ zone]`, `yyyyMMdd-HH:mm:ss` (UTC), `HH:mm:ss[ zone]` (today assumed);
// a GTD also takes a date alone (`yyyyMMdd`: until that day's close). A value TWS cannot read is
// error 337 "Start Time: …" for goodAfterTime, 391 "End Time: …" for goodTillDate (also when a
// GTD order has none), on the order's id.

import { withExtendedHours } from '../../../shared/time/extended-session.ts';
import { easternDate } from '../../../shared/time/us-eastern.ts';
import { ERR, TEXT } from '../wire/error-codes.ts';
import { RequestError } from '../wire/field-reader.ts';
import { parseTwsDateTime } from '../../../shared/time/tws-time.ts';
import type { PlaceOrderRequest } from '../wire/place-order.ts';
import type { ReplaySessions } from '../market/replay-sessions.ts';

const TIME_ONLY = /^(\d{2}:\d{2}:\d{2})(?:\s+(\S+))?$/;
const DATE_ONLY = /^\d{8}$/;
const UTC_ZONE = /^(UTC|GMT|Z|Etc\/UTC|Etc\/GMT)$/i;

/**
 * A TWS order date-time as UTC ms, or null when TWS would not read it. `now` supplies the date of a
 * time given alone (the Eastern date, or the UTC date for a UTC zone). With `calendar`, a date alone
 * is accepted and means that day's close (the end of the day when it is not a session).
 */
export function parseOrderTime(text: string, now: number, calendar?: ReplaySessions): number | null {
  const s = text.trim();
  if (DATE_ONLY.test(s)) {
    if (!calendar) return null;
    const end = parseTwsDateTime(s);
    if (end === null) return null;
    const i = calendar.indexOf(Number(s));
    return i >= 0 ? calendar.closeMs[i] : end;
  }
  const t = TIME_ONLY.exec(s);
  if (t) {
    const zone = t[2];
    const date = zone && UTC_ZONE.test(zone) ? new Date(now).toISOString().slice(0, 10).replaceAll('-', '') : String(easternDate(now));
    return parseTwsDateTime(`${date} ${t[1]}${zone ? ` ${zone}` : ''}`);
  }
  if (!/^\d{8}[ -]\d{2}:\d{2}:\d{2}/.test(s)) return null;
  return parseTwsDateTime(s);
}

/**
 * When a DAY order stops working: the close of the session it belongs to — the first whose close
 * comes after `from` (its placement, or its good-after time) — or, for an order that trades outside
 * regular hours, the end of that session's after-hours (20:00 ET, 17:00 after an early close; the
 * extended-session rule of shared/time). Undefined past the data's last session.
 */
export function dayOrderEnd(calendar: ReplaySessions, from: number, outsideRth: boolean): number | undefined {
  const end = (i: number) => (outsideRth ? withExtendedHours(calendar.exchange.session(calendar.dates[i])!).postClose : calendar.closeMs[i]);
  for (let i = Math.max(0, calendar.sessionAtOrBefore(from)); i < calendar.length; i++) if (end(i) > from) return end(i);
  return undefined;
}

/** When an order may start working and when a DAY or GTD order expires (replay instants; undefined = none). */
export interface OrderTimes {
  activeFrom: number | undefined;
  expiresAt: number | undefined;
}

/** Reads goodAfterTime and (for GTD) goodTillDate; throws 337 / 391 on the order's id when TWS could not read them. */
export function orderTimes(req: PlaceOrderRequest, now: number, calendar: ReplaySessions): OrderTimes {
  let activeFrom: number | undefined;
  let expiresAt: number | undefined;
  if (req.goodAfterTime.trim() !== '') {
    const t = parseOrderTime(req.goodAfterTime, now);
    if (t === null) throw new RequestError(ERR.INVALID_START_TIME, req.orderId, TEXT.invalidDateTime('Start Time'));
    activeFrom = t;
  }
  if ((req.tif || '').toUpperCase() === 'GTD') {
    const t = req.goodTillDate.trim() === '' ? null : parseOrderTime(req.goodTillDate, now, calendar);
    if (t === null) throw new RequestError(ERR.INVALID_END_TIME, req.orderId, TEXT.invalidDateTime('End Time'));
    expiresAt = t;
  }
  return { activeFrom, expiresAt };
}
