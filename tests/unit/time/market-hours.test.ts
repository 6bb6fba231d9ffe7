// The market-hours gate: run inside [open + delay, close − delay), else skip / wait / continue, with
// reasons that name the closure and the next allowed time; holidays, early closes and DST included.
import { describe, expect, it } from 'vitest';
import { ParameterError } from '../../../shared/errors.ts';
import { exchangeCalendar } from '../../../shared/time/exchange-calendar.ts';
import { marketHoursGate, type MarketHoursRule } from '../../../shared/time/market-hours.ts';
import { easternToUtc } from '../../../shared/time/us-eastern.ts';

const xnys = exchangeCalendar('XNYS');
/** An Eastern wall time: date yyyymmdd, 'HH:MM'. */
const et = (date: number, hhmm: string) => easternToUtc(date, Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3)));
const plain = (whenClosed: MarketHoursRule['whenClosed']): MarketHoursRule => ({ delayAfterOpenMin: 0, delayBeforeCloseMin: 0, whenClosed });
const delayed = (whenClosed: MarketHoursRule['whenClosed']): MarketHoursRule => ({ delayAfterOpenMin: 15, delayBeforeCloseMin: 15, whenClosed });

describe('inside the session', () => {
  it('runs from the open up to (not at) the close', () => {
    expect(marketHoursGate(xnys, plain('skip'), et(20240328, '09:30'))).toEqual({ action: 'run' });
    expect(marketHoursGate(xnys, plain('skip'), et(20240328, '15:59'))).toEqual({ action: 'run' });
    expect(marketHoursGate(xnys, plain('skip'), et(20240328, '16:00')).action).toBe('skip');
  });

  it('follows the exchange’s time zone across the DST change', () => {
    expect(marketHoursGate(xnys, plain('skip'), Date.parse('2024-03-08T14:30:00Z')).action).toBe('run');
    expect(marketHoursGate(xnys, plain('skip'), Date.parse('2024-03-11T13:30:00Z')).action).toBe('run');
    expect(marketHoursGate(xnys, plain('skip'), Date.parse('2024-03-11T13:29:00Z')).action).toBe('skip');
  });

  it('applies the delays after the open and before the close', () => {
    const rule = delayed('wait');
    expect(marketHoursGate(xnys, rule, et(20240401, '09:45'))).toEqual({ action: 'run' });
    expect(marketHoursGate(xnys, rule, et(20240401, '15:44'))).toEqual({ action: 'run' });
    expect(marketHoursGate(xnys, rule, et(20240401, '09:40'))).toEqual({
      action: 'wait',
      until: et(20240401, '09:45'),
      reason: 'within 15 min after the open (09:30 ET); runs from 2024-04-01 09:45 ET',
    });
    expect(marketHoursGate(xnys, rule, et(20240401, '15:50'))).toEqual({
      action: 'wait',
      until: et(20240402, '09:45'),
      reason: 'within 15 min before the close (16:00 ET); next allowed 2024-04-02 09:45 ET',
    });
  });
});

describe('closed', () => {
  it('a holiday: skip says why and when it opens; wait waits until then; continue runs', () => {
    const t = et(20240329, '12:00');
    expect(marketHoursGate(xnys, plain('skip'), t)).toEqual({ action: 'skip', reason: 'market closed (Good Friday); next open 2024-04-01 09:30 ET' });
    expect(marketHoursGate(xnys, plain('wait'), t)).toEqual({ action: 'wait', until: et(20240401, '09:30'), reason: 'market closed (Good Friday); next open 2024-04-01 09:30 ET' });
    expect(marketHoursGate(xnys, plain('continue'), t)).toEqual({ action: 'run' });
  });

  it('an unscheduled closure, a weekend, before the open and after the close', () => {
    expect(marketHoursGate(xnys, plain('skip'), et(20121029, '11:00'))).toEqual({ action: 'skip', reason: 'market closed (Hurricane Sandy); next open 2012-10-31 09:30 ET' });
    expect(marketHoursGate(xnys, plain('skip'), et(20240330, '11:00'))).toEqual({ action: 'skip', reason: 'market closed (weekend); next open 2024-04-01 09:30 ET' });
    expect(marketHoursGate(xnys, plain('wait'), et(20240401, '08:00'))).toEqual({
      action: 'wait',
      until: et(20240401, '09:30'),
      reason: 'market not open yet (opens 09:30 ET); next open 2024-04-01 09:30 ET',
    });
    expect(marketHoursGate(xnys, plain('skip'), et(20240328, '17:00'))).toEqual({ action: 'skip', reason: 'market closed for the day (closed 16:00 ET); next open 2024-04-01 09:30 ET' });
  });

  it('with a delay after the open, the next allowed instant is open + delay', () => {
    expect(marketHoursGate(xnys, delayed('wait'), et(20240329, '12:00'))).toEqual({
      action: 'wait',
      until: et(20240401, '09:45'),
      reason: 'market closed (Good Friday); next allowed 2024-04-01 09:45 ET',
    });
  });
});

describe('early closes', () => {
  it('the window ends delayBeforeClose before 13:00 ET', () => {
    const rule = delayed('wait');
    expect(marketHoursGate(xnys, rule, et(20241129, '12:44'))).toEqual({ action: 'run' });
    expect(marketHoursGate(xnys, rule, et(20241129, '12:50'))).toEqual({
      action: 'wait',
      until: et(20241202, '09:45'),
      reason: 'within 15 min before the close (13:00 ET, early close); next allowed 2024-12-02 09:45 ET',
    });
  });

  it('after an early close the market is closed for the day', () => {
    expect(marketHoursGate(xnys, plain('skip'), et(20241129, '14:00'))).toEqual({
      action: 'skip',
      reason: 'market closed for the day (closed 13:00 ET, early close); next open 2024-12-02 09:30 ET',
    });
    expect(marketHoursGate(xnys, plain('skip'), et(20241224, '13:00')).action).toBe('skip');
    expect(marketHoursGate(xnys, plain('skip'), et(20241224, '12:59')).action).toBe('run');
  });

  it('a session shorter than the delays allows nothing; wait goes to the next session that does', () => {
    const rule: MarketHoursRule = { delayAfterOpenMin: 120, delayBeforeCloseMin: 120, whenClosed: 'wait' };
    const d = marketHoursGate(xnys, rule, et(20241129, '10:00'));
    expect(d).toEqual({
      action: 'wait',
      until: et(20241202, '11:30'),
      reason: 'session too short for the rule (opens 09:30 ET, closes 13:00 ET, early close); next allowed 2024-12-02 11:30 ET',
    });
  });
});

describe('rule errors', () => {
  it('names the bad field', () => {
    expect(() => marketHoursGate(xnys, { delayAfterOpenMin: -1, delayBeforeCloseMin: 0, whenClosed: 'skip' }, 0)).toThrow(ParameterError);
    expect(() => marketHoursGate(xnys, { delayAfterOpenMin: -1, delayBeforeCloseMin: 0, whenClosed: 'skip' }, 0)).toThrow(/'delayAfterOpenMin'/);
    expect(() => marketHoursGate(xnys, { delayAfterOpenMin: 0, delayBeforeCloseMin: Number.NaN, whenClosed: 'skip' }, 0)).toThrow(/'delayBeforeCloseMin'/);
    expect(() => marketHoursGate(xnys, { delayAfterOpenMin: 0, delayBeforeCloseMin: 0, whenClosed: 'later' as 'skip' }, 0)).toThrow(/'whenClosed'.*'later'/);
    expect(() => marketHoursGate(xnys, { delayAfterOpenMin: 400, delayBeforeCloseMin: 0, whenClosed: 'wait' }, et(20240401, '12:00'))).toThrow(/no time to run/);
  });
});
