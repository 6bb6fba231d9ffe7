// The wheel's part of the backtest report (bridge/report/wheel-report.ts, wheel-rules.md §6.2): the CLI
// table, the trace grouped per run date, which dates are listed by default, the compact page data (read
// back to what it encodes) and the panel's escaping.
import { describe, expect, it } from 'vitest';
import { notableDay, WHEEL_ROWS, wheelDays, wheelSectionHtml, wheelStatsTable, wheelTraceData, type WheelDay } from '../../../bridge/report/wheel-report.ts';
import type { TracedDecision, WheelStats } from '../../../shared/strategies/wheel/wheel-stats.ts';

const decision = (date: number, verdict: string, code: string, message = 'm', stage: TracedDecision['stage'] = 'write_puts'): TracedDecision => ({
  date,
  stage,
  symbol: 'SPY',
  verdict,
  code,
  message,
});

const STATS: WheelStats = {
  premiumNet: 43_946.5,
  premiumGross: 51_980,
  boughtBack: 8_033.5,
  putsWritten: 208,
  callsWritten: 201,
  premiumPerContract: 127.0904,
  rolls: 306,
  closes: 0,
  putsAssigned: 26,
  sharesAssigned: 2_600,
  callsCalledAway: 25,
  sharesCalledAway: 2_500,
  expiredWorthless: 46,
  closedAtEnd: 6,
  putAssignmentPct: 12.5,
  avgDaysHeld: 31.46,
  sessionsInStock: 1_395,
  sessionsInCash: 368,
  timeInStockPct: 79.126,
  timeInCashPct: 20.874,
  daysDecided: 1_762,
  writesDecided: 653,
  rollsDecided: 388,
  writesNotFunded: 12,
};

describe('the CLI table', () => {
  it('a row per statistic, a column per instance, numbers with their digits and — for none', () => {
    const table = wheelStatsTable(['wheel', 'spy_wheel_2'], [STATS, { ...STATS, premiumPerContract: NaN, putAssignmentPct: NaN }]).split('\n');
    expect(table).toHaveLength(WHEEL_ROWS.length + 1);
    expect(table[0].split(/\s+/)).toEqual(['Wheel', 'wheel', 'spy_wheel_2']);
    expect(table[1].split(/\s{2,}/)).toEqual(['Premium collected, net [$]', '43,946.50', '43,946.50']);
    expect(table.find((l) => l.startsWith('Premium per contract written'))!.split(/\s{2,}/).slice(1)).toEqual(['127.09', '—']);
    expect(table.find((l) => l.startsWith('Avg days held'))!.split(/\s{2,}/).slice(1)).toEqual(['31.5', '31.5']);
    expect(table.find((l) => l.startsWith('Shares assigned'))!.split(/\s{2,}/).slice(1)).toEqual(['2,600', '2,600']);
    // Right-aligned columns: every line as long as the header.
    expect(new Set(table.map((l) => l.length)).size).toBe(1);
  });
});

describe('the trace per run date', () => {
  const trace = [
    decision(20080104, 'write', 'PUTS_NEEDED'),
    decision(20080103, 'skip', 'AT_TARGET'),
    decision(20080104, 'skip', 'MODE_OFF', 'm', 'buy_rebalance'),
  ];
  const fills = [
    { bar: 2, instrument: 'SPY080215P00136000', qty: -1, price: 1.67, tag: 'write_puts SPY' },
    { bar: 3, instrument: 'SPY080215P00136000', qty: 1, price: 0, tag: 'expired at 140.00', reason: 'expiry' },
  ];
  const label = (bar: number) => ['2008-01-02', '2008-01-03', '2008-01-04', '2008-01-07'][bar];
  const days = wheelDays(trace, fills, label);

  it('groups decisions by their pass’s date and fills by their session, in date order', () => {
    expect(days.map((d) => [d.date, d.decisions.length, d.fills.length])).toEqual([
      ['2008-01-03', 1, 0],
      ['2008-01-04', 2, 1],
      ['2008-01-07', 0, 1],
    ]);
    expect(days[2].fills[0]).toEqual({ instrument: 'SPY080215P00136000', qty: 1, price: 0, tag: 'expired at 140.00', reason: 'expiry' });
  });

  it('lists by default a date with an order decided, a fill, or a write the funds could not carry; not one of skips and holds', () => {
    expect(days.map(notableDay)).toEqual([false, true, true]);
    const day = (decisions: TracedDecision[]): WheelDay => ({ date: '2008-01-08', decisions, fills: [] });
    expect(notableDay(day([decision(20080108, 'skip', 'NOT_FUNDED')]))).toBe(true);
    expect(notableDay(day([decision(20080108, 'write', 'PARTLY_FUNDED')]))).toBe(true);
    expect(notableDay(day([decision(20080108, 'hold', 'NOT_YET', 'm', 'roll'), decision(20080108, 'skip', 'GREEN_DAY')]))).toBe(false);
    expect(notableDay(day([decision(20080108, 'roll', 'DTE_AND_PNL', 'm', 'roll')]))).toBe(true);
  });

  it('the page data names each string once and reads back to the days it encodes', () => {
    const data = wheelTraceData(days);
    expect(data.stage).toEqual(['write_puts', 'buy_rebalance']);
    expect(data.code).toEqual(['AT_TARGET', 'PUTS_NEEDED', 'MODE_OFF']);
    const back = data.days.map(([date, notable, ds, fs]) => ({
      date,
      notable: notable === 1,
      decisions: (ds as [number, number, number, number, string][]).map(([st, sy, v, c, message]) => ({
        stage: data.stage[st],
        symbol: data.symbol[sy],
        verdict: data.verdict[v],
        code: data.code[c],
        message,
      })),
      fills: (fs as [number, number, number, number][]).map(([i, qty, price, note]) => ({ instrument: data.instrument[i], qty, price, note: data.note[note] })),
    }));
    expect(back).toEqual(
      days.map((d) => ({
        date: d.date,
        notable: notableDay(d),
        decisions: d.decisions.map(({ stage, symbol, verdict, code, message }) => ({ stage, symbol, verdict, code, message })),
        fills: d.fills.map((f) => ({ instrument: f.instrument, qty: f.qty, price: f.price, note: f.reason ?? f.tag ?? '' })),
      })),
    );
  });

  it('the panel: the statistics, the count of dates listed by default, the filter; sentences stay out of the markup', () => {
    const hostile = { date: '2008-01-08', decisions: [decision(20080108, 'skip', 'X', '<script>alert(1)</script>')], fills: [] };
    const html = wheelSectionHtml({ stats: STATS, days: [...days, hostile] }, 3);
    expect(html).toContain('data-wheel="3"');
    expect(html).toContain('<tr><td>Puts written [contracts]</td><td>208</td></tr>');
    expect(html).toContain('2 of 4 dates');
    expect(html).toContain('data-testid="trace-filter"');
    expect(html).not.toContain('<script>');
  });
});
