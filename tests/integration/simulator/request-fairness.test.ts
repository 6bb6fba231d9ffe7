// A client that floods expensive historical requests and never reads delays no other client
// (ib-protocol.md §6 "Pacing and fairness"): a second, real IBApi client completes its handshake and
// receives ticks promptly, the flooder's 51st open request gets 322, its unsent output stays bounded;
// and IBKR's pacing rules (switchable) answer 162 with the real client.
import { afterEach, describe, expect, it } from 'vitest';
import { EventName, type BarSizeSetting, type WhatToShow } from '@stoqey/ib';
import type { RunningSimulator, Session } from '../../../bridge/simulator/index.ts';
import { HARD_BACKLOG_BYTES, MAX_OPEN_HISTORICAL } from '../../../bridge/simulator/server/request-scheduler.ts';
import { IbTestClient } from '../../support/ib-client.ts';
import { RawTwsClient, frame } from '../../support/ib-raw.ts';
import { SPY, startTestSimulator } from '../../support/ib-simulator.ts';

let sim: RunningSimulator | undefined;
afterEach(async () => {
  await sim?.close();
  sim = undefined;
});

/**
 * REQ_HISTORICAL_DATA at 193 for SPY: by default one month of 1-minute bars (~7,000 bars, ~700 KB, ~40 ms
 * of work); one year of hourly bars is ~1,750 bars, ~180 KB, ~50 ms.
 */
function heavyRequest(reqId: number, duration = '1 M', barSize = '1 min'): Buffer {
  return frame([20, reqId, 0, 'SPY', 'STK', '', 0, '', '', 'SMART', '', 'USD', '', '', 0, '', barSize, duration, 1, 'TRADES', 1, 0, '']);
}

describe('fair service under a historical-request flood', () => {
  it('a flooder that never reads does not delay another client’s handshake or ticks, and is bounded', async () => {
    const s = (sim = await startTestSimulator({ start: '2012-01-17T12:00' }));
    const refused: { code: number; reqId: number }[] = [];
    let flooderSession: Session | undefined;
    s.events.on('session-ready', (session) => {
      if (session.clientId === 66) flooderSession = session;
    });
    s.events.on('request-error', (session, code, _m, reqId = -1) => {
      if (session.clientId === 66) refused.push({ code, reqId });
    });

    const flooder = await RawTwsClient.connect(s.port);
    await flooder.handshake(66);
    flooder.socket.pause(); // never reads again
    const flood = Buffer.concat(Array.from({ length: 2000 }, (_, i) => heavyRequest(1000 + i)));
    // The simulator runs in this process: time from before the flood, so a blocked loop cannot hide.
    const t0 = performance.now();
    flooder.write(flood);
    const c = await IbTestClient.connect({ port: s.port, clientId: 2 });
    const handshakeMs = performance.now() - t0;

    c.api.reqMktData(1, SPY, '', false, false);
    const first = c.waitFor(EventName.tickPrice, (id: number) => id === 1);
    const t1 = performance.now();
    s.clock.advance(1000);
    await first;
    const tickMs = performance.now() - t1;

    // A request answer for the well-behaved client is served between the flooder's jobs too.
    const t2 = performance.now();
    const at = c.mark();
    c.api.reqHistoricalData(7, SPY, '', '1 D', '5 mins' as BarSizeSetting, 'TRADES' as WhatToShow, 1, 1, false);
    await c.waitFor(EventName.historicalData, (id: number, date: string) => id === 7 && date.startsWith('finished'), { after: at, timeoutMs: 5000 });
    const historyMs = performance.now() - t2;

    console.log(`under flood: handshake ${handshakeMs.toFixed(0)} ms, first tick ${tickMs.toFixed(0)} ms, historical answer ${historyMs.toFixed(0)} ms`);
    expect(handshakeMs).toBeLessThan(1000); // served inline, the flood held the loop for 20 s and more
    expect(tickMs).toBeLessThan(1000);
    expect(historyMs).toBeLessThan(2000);

    // The flooder: requests beyond 50 open ones were refused with 322 at once; at most 50 wait.
    expect(refused.length).toBeGreaterThan(0);
    expect(refused.every((e) => e.code === 322)).toBe(true);
    expect(refused[0].reqId).toBeGreaterThanOrEqual(1000 + MAX_OPEN_HISTORICAL);
    expect(flooderSession).toBeDefined();
    const session = flooderSession!;
    expect(s.state.scheduler.historical(session)).toBeLessThanOrEqual(MAX_OPEN_HISTORICAL);
    expect(session.closed || session.backlog < HARD_BACKLOG_BYTES).toBe(true);
    flooder.destroy();
  }, 20_000);

  it('a flooder that reads gets its answers in turn while another client connects and is served', async () => {
    const s = (sim = await startTestSimulator({ start: '2012-01-17T12:00' }));
    const flooder = await RawTwsClient.connect(s.port);
    await flooder.handshake(67);
    const before = flooder.messages.length;
    // ~2.5 s of work; timed from before the flood (the simulator shares this process's event loop).
    const t0 = performance.now();
    flooder.write(Buffer.concat(Array.from({ length: 50 }, (_, i) => heavyRequest(2000 + i, '1 Y', '1 hour'))));
    const c = await IbTestClient.connect({ port: s.port, clientId: 4 });
    const handshakeMs = performance.now() - t0;
    const answered = flooder.messages.slice(before).filter((m) => m[0] === '17').length;
    console.log(`reading flooder: handshake ${handshakeMs.toFixed(0)} ms with ${answered} of 50 answers sent so far`);
    expect(handshakeMs).toBeLessThan(1000); // served inline, the flood holds the loop for ~2.5 s
    expect(answered).toBeLessThan(50); // the handshake did not wait for the whole flood
    c.api.reqCurrentTime();
    await c.waitFor(EventName.currentTime);
    // Every request is answered in the end, in order.
    await flooder.waitFor((m) => m[0] === '17' && m[1] === '2049', 15_000, before);
    const ids = flooder.messages.slice(before).filter((m) => m[0] === '17').map((m) => Number(m[1]));
    expect(ids).toEqual(Array.from({ length: 50 }, (_, i) => 2000 + i));
    flooder.destroy();
  }, 30_000);

  it('with historicalPacing on, an identical request within 15 s and the 6th for one contract within 2 s get 162', async () => {
    const s = (sim = await startTestSimulator({ start: '2012-01-17T12:00', historicalPacing: true }));
    const c = await IbTestClient.connect({ port: s.port, clientId: 3 });
    const ask = async (reqId: number, duration: string): Promise<'data' | number> => {
      const at = c.mark();
      c.api.reqHistoricalData(reqId, SPY, '', duration, '1 day' as BarSizeSetting, 'TRADES' as WhatToShow, 1, 1, false);
      const [event] = await Promise.race([
        c.waitFor(EventName.historicalData, (id: number, date: string) => id === reqId && date.startsWith('finished'), { after: at }).then(() => ['data']),
        c.waitFor(EventName.error, (_e: Error, _code: number, id: number) => id === reqId, { after: at }).then((args) => [args[1] as number]),
      ]);
      return event as 'data' | number;
    };
    c.allow(162);
    expect(await ask(1, '1 M')).toBe('data');
    expect(await ask(2, '1 M')).toBe(162); // identical to request 1 within 15 s
    expect(await ask(3, '2 M')).toBe('data');
    expect(await ask(4, '3 M')).toBe('data');
    expect(await ask(5, '4 M')).toBe('data');
    expect(await ask(6, '5 M')).toBe('data'); // the 5th served for SPY/SMART/TRADES within 2 s
    expect(await ask(7, '6 M')).toBe(162); // the 6th
    // Switched off at run time: served again.
    s.faults.setHistoricalPacing(false);
    expect(await ask(8, '1 M')).toBe('data');
  }, 20_000);
});
