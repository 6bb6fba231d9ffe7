// The cooldown (docs/regime-rebalance.md §2.4), pinned to thetagang's T39 with its dates: bars on 2024-01-02..05,
// now 2024-01-05 12:00 (or 2024-01-10 12:00), cooldown_days 2, sessions of the NYSE calendar.
import { describe, expect, it } from 'vitest';
import { cooldown, lastTaggedFill } from '../../../../shared/strategies/regime/cooldown.ts';
import { regimePass } from '../../../../shared/strategies/regime/pass.ts';
import { exchangeCalendar } from '../../../../shared/time/exchange-calendar.ts';
import { aaaBbb, day, NOW, signed, snapshot } from './fixture.ts';

const XNYS = exchangeCalendar('XNYS');
const tagged = (symbol: string, time: number, ref = `tg:regime-rebalance:${symbol}`) => ({ symbol, orderRef: ref, time });

describe('lastTaggedFill', () => {
  it('T39: fills without the tag prefix, or on symbols outside the basket, are ignored → the latest is BBB on 01-07', () => {
    const untagged = { symbol: 'AAA', time: day(20240108) };
    const fills = [tagged('AAA', day(20240105), 'tg:other:AAA'), tagged('CCC', day(20240106)), tagged('BBB', day(20240107)), untagged];
    expect(lastTaggedFill(fills, ['AAA', 'BBB'], 0)).toBe(day(20240107));
    expect(lastTaggedFill(fills, ['AAA'], 0)).toBeUndefined();
  });

  it('only fills within order_history_lookback_days count', () => {
    expect(lastTaggedFill([tagged('AAA', day(20240105))], ['AAA'], day(20240106))).toBeUndefined();
  });
});

describe('cooldown (2 sessions)', () => {
  it('T39: the last tagged fill on the latest bar (01-05) → blocked, no session has opened since', () => {
    expect(cooldown(day(20240105), NOW, 2, XNYS)).toMatchObject({ ok: false, elapsed: 0, reason: { code: 'COOLDOWN_ACTIVE' } });
  });

  it('T39: the last tagged fill on the first bar (01-02) → allowed: 01-03, 01-04 and 01-05 have opened since', () => {
    const r = cooldown(day(20240102), NOW, 2, XNYS);
    expect(r).toMatchObject({ ok: true, elapsed: 3, reason: { code: 'COOLDOWN_ELAPSED' } });
    expect(r.reason.message).toBe('3 session(s) since the last regime fill on 2024-01-02, cooldown_days 2: elapsed');
  });

  it('T39: a fill today, for which no daily bar exists yet → blocked (at now, or earlier today)', () => {
    const now = day(20240110, 12 * 60);
    expect(cooldown(now, now, 2, XNYS)).toMatchObject({ ok: false, reason: { code: 'COOLDOWN_ACTIVE' } });
    expect(cooldown(day(20240110, 9 * 60 + 45), now, 2, XNYS)).toMatchObject({ ok: false, elapsed: 0 });
  });

  it('counts sessions, not days: a Friday fill has one session behind it on Monday; no cooldown and no fill always pass', () => {
    expect(cooldown(day(20240105, 10 * 60), day(20240108, 12 * 60), 2, XNYS)).toMatchObject({ ok: false, elapsed: 1 });
    expect(cooldown(day(20240105, 10 * 60), day(20240109, 12 * 60), 2, XNYS)).toMatchObject({ ok: true, elapsed: 2 });
    expect(cooldown(day(20240105), NOW, 0, XNYS).reason.code).toBe('NO_COOLDOWN');
    expect(cooldown(undefined, NOW, 2, XNYS).reason.code).toBe('NO_RECENT_FILL');
  });

  it("with no session in the span (a Saturday fill seen on Sunday) calendar days count instead, as in thetagang", () => {
    const r = cooldown(day(20240106, 12 * 60), day(20240107, 12 * 60), 1, XNYS);
    expect(r).toMatchObject({ ok: true, elapsed: 1 });
    expect(r.reason.message).toContain('calendar day(s)');
  });
});

describe('the cooldown in a pass (thetagang\'s fixture: a soft breach, NLV 400, 3 / 1 sh)', () => {
  it('T39: a tagged fill on the latest bar blocks the soft trade; on the first bar it is allowed → −1 / +1', () => {
    const blocked = regimePass(aaaBbb(), snapshot({ executions: [tagged('AAA', day(20240105))] }));
    expect(blocked.orders).toEqual([]);
    expect(blocked.decisions.find((d) => d.step === 'mode')?.message).toContain('blocked by the cooldown gate');
    expect(signed(regimePass(aaaBbb(), snapshot({ executions: [tagged('AAA', day(20240102))] })).orders)).toEqual([['AAA', -1], ['BBB', 1]]);
  });

  it('T39: a same-day fill without a bar blocks; an untagged fill on the latest bar does not', () => {
    const now = day(20240110, 12 * 60);
    expect(regimePass(aaaBbb(), snapshot({ time: now, executions: [tagged('AAA', now)] })).orders).toEqual([]);
    expect(signed(regimePass(aaaBbb(), snapshot({ executions: [tagged('AAA', day(20240105), 'tg:other:AAA')] })).orders)).toEqual([['AAA', -1], ['BBB', 1]]);
  });
});
