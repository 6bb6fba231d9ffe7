// One-off days of the US equity and options markets from 1993 through 2027, beyond the rules of
// holiday-rules.ts: unscheduled full-day closures and ad-hoc 13:00 ET early closes. Facts from
// the exchanges' notices, checked against the public exchange_calendars project's NYSE calendar.
// Outside SPECIAL_DAYS_FROM_YEAR..SPECIAL_DAYS_TO_YEAR only the rules apply.

import type { NamedDay } from './holiday-rules.ts';

export const SPECIAL_DAYS_FROM_YEAR = 1993;
export const SPECIAL_DAYS_TO_YEAR = 2027;

/** Unscheduled full-day closures (weekdays). */
export const UNSCHEDULED_CLOSURES: readonly NamedDay[] = [
  { date: 19940427, name: 'National Day of Mourning for President Richard Nixon' },
  { date: 20010911, name: 'September 11 attacks' },
  { date: 20010912, name: 'September 11 attacks' },
  { date: 20010913, name: 'September 11 attacks' },
  { date: 20010914, name: 'September 11 attacks' },
  { date: 20040611, name: 'National Day of Mourning for President Ronald Reagan' },
  { date: 20070102, name: 'National Day of Mourning for President Gerald Ford' },
  { date: 20121029, name: 'Hurricane Sandy' },
  { date: 20121030, name: 'Hurricane Sandy' },
  { date: 20181205, name: 'National Day of Mourning for President George H. W. Bush' },
  { date: 20250109, name: 'National Day of Mourning for President Jimmy Carter' },
];

/** Early closes (13:00 ET) that no rule produces. */
export const AD_HOC_EARLY_CLOSES: readonly NamedDay[] = [
  { date: 19971226, name: 'day after Christmas' },
  { date: 19991231, name: "New Year's Eve 1999" },
  { date: 20031226, name: 'day after Christmas' },
];
