// Listed option chains (shared/options/chain.ts): expiries on known dates against the exchange
// calendar, and strike grids.
import { describe, expect, it } from 'vitest';
import { daysFromYyyymmdd, isoWeekday, yyyymmddFromDays } from '../../../shared/data/iso-time.ts';
import { listedChain, listedExpiries, strikeGrid, thirdFriday, underlyingParams, type ExpiryKind } from '../../../shared/options/index.ts';
import { exchangeCalendar } from '../../../shared/time/exchange-calendar.ts';

const XCBO = exchangeCalendar('XCBO');
const SPY = underlyingParams('SPY');
const AAPL = underlyingParams('AAPL');

const dates = (date: number, kind?: ExpiryKind, params = SPY) =>
  listedExpiries(params, date, XCBO)
    .filter((e) => kind === undefined || e.kind === kind)
    .map((e) => e.date);

/** from, from + step, …, to. */
const range = (from: number, to: number, step: number) => Array.from({ length: Math.round((to - from) / step) + 1 }, (_, i) => from + i * step);
/** The near-the-money strikes and the far ones, merged, ascending. */
const grid = (near: number[], far: number[]) => [...new Set([...near, ...far])].sort((a, b) => a - b);

describe('expiries', () => {
  it('third Fridays', () => {
    expect(thirdFriday(2024, 2)).toBe(20240216);
    expect(thirdFriday(2019, 4)).toBe(20190419);
    expect(thirdFriday(2015, 4)).toBe(20150417);
    expect(thirdFriday(2026, 1)).toBe(20260116);
  });

  it('a monthly on a holiday moves to the trading day before: Good Friday 2019-04-19 and 2022-04-15, Juneteenth 2026-06-19', () => {
    expect(XCBO.closure(20190419)).toBe('Good Friday');
    expect(dates(20190301, 'monthly')).toContain(20190418);
    expect(dates(20190301)).not.toContain(20190419);
    expect(XCBO.closure(20220415)).toBe('Good Friday');
    expect(dates(20220301, 'monthly')).toContain(20220414);
    expect(dates(20220301)).not.toContain(20220415);
    expect(XCBO.closure(20260619)).toBe('Juneteenth National Independence Day');
    expect(dates(20260501, 'monthly')).toContain(20260618);
    expect(dates(20260501)).not.toContain(20260619);
  });

  it('a weekly on a holiday moves too: Good Friday 2015-04-03 → Thursday 2015-04-02 (April 2015’s monthly is the 17th)', () => {
    expect(listedExpiries(SPY, 20150330, XCBO).slice(0, 3)).toEqual([
      { date: 20150402, kind: 'weekly' },
      { date: 20150410, kind: 'weekly' },
      { date: 20150417, kind: 'monthly' },
    ]);
  });

  it('every monthly from 1995 to 2027 is the third Friday, or the last trading day before it', () => {
    for (let year = 1995; year <= 2027; year++) {
      for (let month = 1; month <= 12; month++) {
        const first = year * 10_000 + month * 100 + 1;
        const monthly = listedExpiries(SPY, first, XCBO).find((e) => e.kind === 'monthly')!;
        let expected = thirdFriday(year, month);
        for (let d = daysFromYyyymmdd(expected); !XCBO.isSession(expected); ) expected = yyyymmddFromDays(--d);
        expect(monthly.date, `${year}-${month}`).toBe(expected);
      }
    }
  });

  it('lists 8 monthlies and the January LEAPS of the next two years beyond them', () => {
    expect(dates(20240220, 'monthly')).toEqual([20240315, 20240419, 20240517, 20240621, 20240719, 20240816, 20240920, 20241018]);
    expect(dates(20240220, 'leaps')).toEqual([20250117, 20260116]);
    // January 2011 is a monthly already: one LEAPS only.
    expect(dates(20101231, 'leaps')).toEqual([20120120]);
  });

  it('weeklies start in 2011: the next 5 Fridays, monthlies among them keep their kind', () => {
    expect(dates(20101231, 'weekly')).toEqual([]);
    expect(dates(20080201, 'weekly')).toEqual([]);
    expect(dates(20110103, 'weekly')).toEqual([20110107, 20110114, 20110128, 20110204]);
    expect(dates(20110103, 'monthly')[0]).toBe(20110121);
  });

  it('dailies for broad ETFs from 2022-11-14, not before and not for single names', () => {
    expect(dates(20221111, 'daily')).toEqual([]);
    expect(dates(20221114, 'daily')).toEqual([20221114, 20221115, 20221116, 20221117]); // the 18th is the monthly
    expect(dates(20221114, 'daily', underlyingParams('QQQ'))).toEqual([20221114, 20221115, 20221116, 20221117]);
    expect(dates(20221114, 'daily', AAPL)).toEqual([]);
    expect(dates(20221114, 'daily', underlyingParams('TLT'))).toEqual([]);
    expect(listedExpiries(SPY, 20240220, XCBO).slice(0, 5)).toEqual([
      { date: 20240220, kind: 'daily' },
      { date: 20240221, kind: 'daily' },
      { date: 20240222, kind: 'daily' },
      { date: 20240223, kind: 'weekly' },
      { date: 20240226, kind: 'daily' },
    ]);
  });

  it('expiries are ascending trading days on or after the listing date', () => {
    for (const date of [19990601, 20121029, 20150330, 20221124, 20241224]) {
      const list = listedExpiries(SPY, date, XCBO);
      for (let i = 0; i < list.length; i++) {
        expect(list[i].date).toBeGreaterThanOrEqual(date);
        expect(XCBO.isSession(list[i].date)).toBe(true);
        if (i > 0) expect(list[i].date).toBeGreaterThan(list[i - 1].date);
      }
    }
  });

  it('takes a predicate as the trading-day rule as well as a calendar', () => {
    const weekdays = (d: number) => isoWeekday(daysFromYyyymmdd(d)) <= 5;
    expect(listedExpiries(SPY, 20190301, weekdays).map((e) => e.date)).toContain(20190419); // no holidays known
    expect(listedExpiries(SPY, 20190301, (d) => XCBO.isSession(d))).toEqual(listedExpiries(SPY, 20190301, XCBO));
  });
});

describe('strike grids', () => {
  it('SPY at $500: monthly $1 within ±10 %, $5 out to ±35 %', () => {
    expect(strikeGrid(SPY, 500, 'monthly')).toEqual(grid(range(450, 550, 1), range(325, 675, 5)));
    expect(strikeGrid(SPY, 500, 'monthly')).toEqual([...range(325, 445, 5), ...range(450, 550, 1), ...range(555, 675, 5)]);
  });

  it('SPY at $500: weekly ±6 % / ±15 %, daily ±3 % / ±8 %, LEAPS ±20 % / ±60 %', () => {
    expect(strikeGrid(SPY, 500, 'weekly')).toEqual(grid(range(470, 530, 1), range(425, 575, 5)));
    expect(strikeGrid(SPY, 500, 'daily')).toEqual(grid(range(485, 515, 1), range(460, 540, 5)));
    expect(strikeGrid(SPY, 500, 'leaps')).toEqual(grid(range(400, 600, 1), range(200, 800, 5)));
  });

  it('an equity at $150: $1 near the money, $5 further out', () => {
    expect(strikeGrid(AAPL, 150, 'monthly')).toEqual([...range(100, 130, 5), ...range(135, 165, 1), ...range(170, 200, 5)]);
    // weekly: $1 within ±6 % (141…159), $5 within ±15 % (127.5…172.5 → 130…170)
    expect(strikeGrid(AAPL, 150, 'weekly')).toEqual(grid(range(141, 159, 1), range(130, 170, 5)));
    expect(strikeGrid(underlyingParams('XYZ'), 150, 'monthly')).toEqual(strikeGrid(AAPL, 150, 'monthly')); // generic equity
  });

  it('equity steps by price: $0.5/$1 below $25, $1/$2.5 below $100, $2.5/$10 below $500, $5/$10 above', () => {
    expect(strikeGrid(AAPL, 20, 'monthly')).toEqual([13, 14, 15, 16, 17, 18, 18.5, 19, 19.5, 20, 20.5, 21, 21.5, 22, 23, 24, 25, 26, 27]);
    expect(strikeGrid(AAPL, 47, 'monthly')).toEqual([32.5, 35, 37.5, 40, 42.5, 43, 44, 45, 46, 47, 47.5, 48, 49, 50, 51, 52.5, 55, 57.5, 60, 62.5]);
    expect(strikeGrid(AAPL, 300, 'weekly')).toEqual(grid(range(282.5, 317.5, 2.5), range(260, 340, 10)));
    expect(strikeGrid(AAPL, 600, 'weekly')).toEqual(grid(range(565, 635, 5), range(510, 690, 10)));
  });

  it('broad ETFs keep $1 strikes near the money at any price; every grid is ascending and positive', () => {
    expect(strikeGrid(SPY, 80, 'monthly')).toEqual(grid(range(72, 88, 1), range(52.5, 107.5, 2.5)));
    expect(strikeGrid(SPY, 1200, 'weekly')).toEqual(grid(range(1128, 1272, 1), range(1020, 1380, 5)));
    for (const kind of ['daily', 'weekly', 'monthly', 'leaps'] as const) {
      for (const ref of [18, 150, 2600]) {
        const g = strikeGrid(AAPL, ref, kind);
        expect(g.length).toBeGreaterThan(0);
        for (let i = 0; i < g.length; i++) {
          expect(g[i]).toBeGreaterThan(0);
          expect(g[i] * 2).toBe(Math.round(g[i] * 2));
          if (i > 0) expect(g[i]).toBeGreaterThan(g[i - 1]);
        }
      }
    }
  });

  it('a listed chain gives each expiry the grid of its kind', () => {
    const chain = listedChain(SPY, 20240220, 496.76, XCBO);
    expect(chain.map((e) => e.date)).toEqual(dates(20240220));
    for (const e of chain) expect(e.strikes).toEqual(strikeGrid(SPY, 496.76, e.kind));
    const monthly = chain.find((e) => e.kind === 'monthly')!;
    for (let k = 460; k <= 540; k++) expect(monthly.strikes).toContain(k);
    expect(monthly.strikes).toContain(400);
    expect(monthly.strikes).not.toContain(401);
  });
});
