// IBKR's historical pacing rules (bridge/simulator/server/historical-pacing.ts) on a controlled
// clock: identical within 15 s, the 6th for one contract/exchange/type within 2 s, more than 60
// (BID_ASK twice) in 10 minutes; per client; off means no rule; refused requests are not counted.
import { describe, expect, it } from 'vitest';
import { HistoricalPacing } from '../../../bridge/simulator/server/historical-pacing.ts';
import { RequestError } from '../../../bridge/simulator/wire/field-reader.ts';

function pacing(enabled = true) {
  const clock = { t: 0 };
  return { clock, p: new HistoricalPacing(enabled, () => clock.t) };
}

describe('historical pacing rules', () => {
  it('refuses an identical request within 15 s, and serves it after', () => {
    const { clock, p } = pacing();
    const client = {};
    expect(p.violation(client, { identity: 'a', group: 'SPY' })).toBeUndefined();
    clock.t = 14_999;
    expect(p.violation(client, { identity: 'a', group: 'SPY' })).toMatch(/identical/);
    clock.t = 15_000;
    expect(p.violation(client, { identity: 'a', group: 'SPY' })).toBeUndefined();
  });

  it('refuses the 6th request for one contract, exchange and type within 2 s; other groups and clients are separate', () => {
    const { clock, p } = pacing();
    const a = {};
    for (let i = 0; i < 5; i++) expect(p.violation(a, { identity: `q${i}`, group: 'SPY|SMART|TRADES' })).toBeUndefined();
    expect(p.violation(a, { identity: 'q5', group: 'SPY|SMART|TRADES' })).toMatch(/same contract/);
    expect(p.violation(a, { identity: 'q6', group: 'SPY|SMART|MIDPOINT' })).toBeUndefined();
    expect(p.violation({}, { identity: 'q7', group: 'SPY|SMART|TRADES' })).toBeUndefined();
    clock.t = 2000;
    expect(p.violation(a, { identity: 'q8', group: 'SPY|SMART|TRADES' })).toBeUndefined();
  });

  it('allows 60 requests in 10 minutes (BID_ASK counts twice), then refuses until the oldest age out', () => {
    const { clock, p } = pacing();
    const c = {};
    for (let i = 0; i < 58; i++) {
      clock.t = i * 3000; // spread out: no 2 s rule
      expect(p.violation(c, { identity: `r${i}`, group: `g${i % 3}` }), `request ${i}`).toBeUndefined();
    }
    clock.t = 58 * 3000;
    expect(p.violation(c, { identity: 'bidask', group: 'x', weight: 2 })).toBeUndefined(); // 60
    clock.t += 3000;
    expect(p.violation(c, { identity: 'one-more', group: 'y' })).toMatch(/60 historical requests within 10 minutes/);
    clock.t = 600_000; // the first request (t = 0) is 10 minutes old
    expect(p.violation(c, { identity: 'one-more', group: 'y' })).toBeUndefined();
  });

  it('check() throws the 162 pacing violation; switched off, nothing is refused', () => {
    const { p } = pacing();
    p.check({}, 7, { identity: 'a', group: 'g' });
    const client = {};
    p.check(client, 7, { identity: 'a', group: 'g' });
    let caught: unknown;
    try {
      p.check(client, 8, { identity: 'a', group: 'g' });
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(RequestError);
    expect(caught).toMatchObject({ code: 162, reqId: 8, message: 'Historical Market Data Service error message:Historical data request pacing violation' });
    p.enabled = false;
    for (let i = 0; i < 100; i++) expect(p.violation(client, { identity: 'a', group: 'g' })).toBeUndefined();
  });
});
