// Historical bars, bar topics and option chains over the app protocol (docs/app-protocol.md §3),
// against the embedded simulator with IBKR's historical pacing rules switched on (a request that
// breaks one is refused with 162): the bridge's cache answers a repeated request without TWS, its
// pacer spaces requests for one contract so that none is refused, and an option chain is fetched
// as snapshots that never hold more lines than the chain budget.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { AckMessage, HistoricalBarsResponse, OptionChainResponse, ServerMessage, SnapshotMessage, DeltaMessage } from '../../shared/protocol/index.ts';
import { IN } from '../../bridge/simulator/wire/message-ids.ts';
import { startHarness, welcomedClient, type AppClient, type Harness } from '../support/app-protocol-harness.ts';

let h: Harness;
let c: AppClient;
const errors162: unknown[] = [];

beforeAll(async () => {
  h = await startHarness({ historicalPacing: true }, { chainLines: 4 });
  h.conn.on('notice', (n) => {
    if (n.code === 162) errors162.push(n);
  });
  c = await welcomedClient(h.url, 'history');
});
afterAll(async () => {
  c?.close();
  await h?.close();
});

const answerTo = (id: string) => (m: ServerMessage) => (m.type === 'historicalBars' || m.type === 'optionChain' || m.type === 'ack') && m.id === id;

describe('historical bars', () => {
  it('the same request is served from the cache the second time (one TWS request)', async () => {
    const req = { type: 'historicalBars', id: 'h1', instrument: 'SPY', barSize: '5m', duration: '1 D' };
    const sent = h.bridge.app.bars.twsRequests;
    c.send(req);
    const first = await c.wait<HistoricalBarsResponse>(answerTo('h1'));
    expect(first).toMatchObject({ type: 'historicalBars', cached: false });
    expect(first.bars.length).toBeGreaterThan(5);
    expect(first.bars[0]).toEqual({ time: expect.any(String), open: expect.any(Number), high: expect.any(Number), low: expect.any(Number), close: expect.any(Number), volume: expect.any(Number) });
    const at = c.log.length;
    c.send({ ...req, id: 'h2' });
    const second = await c.wait<HistoricalBarsResponse>(answerTo('h2'), 5000, at);
    expect(second.cached).toBe(true);
    expect(second.bars).toEqual(first.bars);
    expect(h.bridge.app.bars.twsRequests - sent).toBe(1);
    expect(errors162).toEqual([]);
  });

  it('six different requests for one contract at once are paced (the 6th waits out the 2 s window) and none is refused with 162', async () => {
    const pacer = h.bridge.app.pacer;
    const from = pacer.dispatched.length;
    const ids = ['p1', 'p2', 'p3', 'p4', 'p5', 'p6'];
    const at = c.log.length;
    ids.forEach((id, i) => c.send({ type: 'historicalBars', id, instrument: 'QQQ', barSize: '1d', duration: `${i + 2} D`, end: '20120103-21:00:00' }));
    const answers = await Promise.all(ids.map((id) => c.wait(answerTo(id), 10_000, at)));
    for (const a of answers) expect(a.type, JSON.stringify(a)).toBe('historicalBars');
    const times = pacer.dispatched.slice(from).map((d) => d.at);
    expect(times).toHaveLength(6);
    // Five go at once; the sixth only after the first left the 2 s window (plus the margin).
    expect(times[4] - times[0]).toBeLessThan(500);
    expect(times[5] - times[0]).toBeGreaterThanOrEqual(2000);
    // Answered in the order asked.
    expect(ids.map((id) => c.log.findIndex(answerTo(id)))).toEqual([...ids.map((id) => c.log.findIndex(answerTo(id)))].sort((x, y) => x - y));
    expect(errors162).toEqual([]);
  });

  it('control: the same six requests sent straight to TWS without the pacer get a 162 pacing violation', async () => {
    const api = h.conn.readyApi()!;
    const before = errors162.length;
    for (let i = 0; i < 6; i++) api.reqHistoricalData(800_000 + i, { symbol: 'TLT', secType: 'STK' as never, exchange: 'SMART', currency: 'USD' }, '20120103-21:00:00', `${i + 2} D`, '1 day' as never, 'TRADES' as never, 1, 2, false);
    await vi.waitFor(() => expect(errors162.length - before).toBeGreaterThanOrEqual(1), { timeout: 5000 });
    expect((errors162[before] as { reqId: number }).reqId).toBe(800_005); // the sixth
    errors162.length = before;
  });

  it('an unknown instrument is answered with an ack naming the problem', async () => {
    const at = c.log.length;
    c.send({ type: 'historicalBars', id: 'nope', instrument: 'NOPEX', barSize: '1d', duration: '5 D' });
    expect(await c.wait<AckMessage>(answerTo('nope'), 5000, at)).toMatchObject({ type: 'ack', ok: false, code: 'UNKNOWN_INSTRUMENT' });
  });

  it('bars:SPY:1m streams a snapshot of recent bars, then the current bar as deltas', async () => {
    const at = c.log.length;
    c.send({ type: 'subscribe', id: 'b1', subscriptions: [{ topic: 'bars:SPY:1m' }] });
    const snap = await c.wait<SnapshotMessage>((m) => m.type === 'snapshot' && m.topic === 'bars:SPY:1m', 5000, at);
    const times = Object.keys(snap.data);
    expect(times.length).toBeGreaterThan(10);
    h.sim.clock.advance(3 * 60_000);
    await h.twsBarrier();
    const delta = await c.wait<DeltaMessage>((m) => m.type === 'delta' && m.topic === 'bars:SPY:1m', 5000, at);
    expect(delta.seq).toBe(snap.seq + 1);
    const bar = Object.values(delta.data)[0] as { close: number };
    expect(bar.close).toBeGreaterThan(100);
    expect(errors162).toEqual([]);
  });
});

describe('option chains', () => {
  it('an option chain of 8 strikes (16 contracts) comes as snapshots, never more than the 4-line chain budget at once', async () => {
    let optionSnapshots = 0;
    const count = (_s: unknown, msgId: number) => {
      if (msgId === IN.REQ_MKT_DATA) optionSnapshots++;
    };
    h.sim.events.on('request', count as never);
    const at = c.log.length;
    c.send({ type: 'optionChain', id: 'oc1', symbol: 'SPY', strikes: 8 });
    const chain = await c.wait<OptionChainResponse>(answerTo('oc1'), 20_000, at);
    h.sim.events.off('request', count as never);
    expect(chain.type, JSON.stringify(chain)).toBe('optionChain');
    expect(chain.expiry).toMatch(/^2012\d{4}$/);
    expect(chain.underlyingPrice).toBeGreaterThan(100);
    expect(chain.rows).toHaveLength(16);
    const strikes = [...new Set(chain.rows.map((r) => r.strike))];
    expect(strikes).toHaveLength(8);
    // Strikes around the underlying's price.
    expect(Math.min(...strikes)).toBeLessThan(chain.underlyingPrice!);
    expect(Math.max(...strikes)).toBeGreaterThan(chain.underlyingPrice!);
    const priced = chain.rows.filter((r) => r.bid !== undefined && r.ask !== undefined);
    expect(priced.length, JSON.stringify(chain.rows)).toBeGreaterThanOrEqual(12);
    for (const r of priced) expect(r.ask!).toBeGreaterThanOrEqual(r.bid!);
    expect(optionSnapshots).toBe(17); // the underlying and 16 options, each once
    expect(h.bridge.app.chains.peakInFlight).toBe(4);
    expect(h.bridge.app.chainLines.peakUse()).toBeLessThanOrEqual(4);
    expect(h.bridge.app.chainLines.inUse()).toBe(0);
  });

  it('an expiry that is not listed is refused with NO_SUCH_EXPIRY', async () => {
    const at = c.log.length;
    c.send({ type: 'optionChain', id: 'oc2', symbol: 'SPY', expiry: '20120104', strikes: 2 });
    expect(await c.wait<AckMessage>(answerTo('oc2'), 10_000, at)).toMatchObject({ type: 'ack', ok: false, code: 'NO_SUCH_EXPIRY' });
  });
});
