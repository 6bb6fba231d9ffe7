// The market scanner over the replayed stocks, with the real @stoqey/ib IBApi and IBApiNext over
// TCP: rankings checked against what reqMktData reports for each symbol (volume, last, close),
// refreshed as the replay clock moves, stopped by the cancel; scans we do not serve get 162.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EventName, IBApiTickType as T, Instrument, LocationCode, ScanCode, SecType, type ContractDetails, type ScannerSubscription } from '@stoqey/ib';
import { firstValueFrom } from 'rxjs';
import { filter, timeout } from 'rxjs/operators';
import type { RunningSimulator } from '../../../bridge/simulator/index.ts';
import { SCAN_REFRESH_MS } from '../../../bridge/simulator/handlers/scanner.ts';
import { IbNextTestClient, IbTestClient } from '../../support/ib-client.ts';
import { nextSimulatorEvent, startTestSimulator } from '../../support/ib-simulator.ts';

let sim: RunningSimulator;

beforeAll(async () => {
  sim = await startTestSimulator({ start: '2012-01-04T11:30' }); // every sample symbol trades on 2012-01-04
});
afterAll(async () => {
  await sim.close();
});

const SYMBOLS = ['SPY', 'QQQ', 'TLT', 'AAPL', 'GOOG'];
const US_MAJOR = { instrument: Instrument.STK, locationCode: LocationCode.STK_US_MAJOR };

interface Snapshot {
  last: number;
  close: number;
  volume: number;
}

/** A reqMktData snapshot of each symbol: what a client sees, the reference the scanner must agree with. */
async function snapshots(c: IbTestClient, firstId: number): Promise<Map<string, Snapshot>> {
  const out = new Map<string, Snapshot>();
  for (const [i, symbol] of SYMBOLS.entries()) {
    const id = firstId + i;
    const at = c.mark();
    c.api.reqMktData(id, { symbol, secType: SecType.STK, exchange: 'SMART', currency: 'USD' }, '', true, false);
    await c.waitFor(EventName.tickSnapshotEnd, (r: number) => r === id, { after: at });
    const price = (t: number) => c.events(EventName.tickPrice, (r: number, tt: number) => r === id && tt === t, at).at(-1)!.args[2] as number;
    const volume = c.events(EventName.tickSize, (r: number, tt: number) => r === id && tt === T.VOLUME, at).at(-1)!.args[2] as number;
    out.set(symbol, { last: price(T.LAST), close: price(T.CLOSE), volume });
  }
  return out;
}

/** One scan with IBApi: the ranked symbols of its first SCANNER_DATA. */
async function scanOnce(c: IbTestClient, reqId: number, sub: ScannerSubscription): Promise<string[]> {
  const at = c.mark();
  c.api.reqScannerSubscription(reqId, sub);
  await c.waitFor(EventName.scannerDataEnd, (id: number) => id === reqId, { after: at, timeoutMs: 2000 });
  c.api.cancelScannerSubscription(reqId);
  const rows = c.events(EventName.scannerData, (id: number) => id === reqId, at).map((e) => e.args as [number, number, ContractDetails]);
  expect(rows.map(([, rank]) => rank)).toEqual(rows.map((_, i) => i)); // 0-based ranks, in order
  return rows.map(([, , d]) => d.contract.symbol!);
}

describe('scanner subscriptions rank the replayed stocks at the replay clock’s now', () => {
  it('MOST_ACTIVE is every symbol by session volume; TOP_PERC_GAIN / TOP_PERC_LOSE split them by change since the close', async () => {
    const c = await IbTestClient.connect({ port: sim.port, clientId: 1 });
    const snap = await snapshots(c, 100);
    const byVolume = [...SYMBOLS].sort((a, b) => snap.get(b)!.volume - snap.get(a)!.volume);
    expect(await scanOnce(c, 1, { ...US_MAJOR, scanCode: ScanCode.MOST_ACTIVE })).toEqual(byVolume);

    const change = (s: string) => (snap.get(s)!.last - snap.get(s)!.close) / snap.get(s)!.close;
    const gainers = SYMBOLS.filter((s) => change(s) > 0).sort((a, b) => change(b) - change(a));
    const losers = SYMBOLS.filter((s) => change(s) < 0).sort((a, b) => change(a) - change(b));
    expect(gainers.length + losers.length).toBeGreaterThan(0);
    expect(await scanOnce(c, 2, { ...US_MAJOR, scanCode: ScanCode.TOP_PERC_GAIN })).toEqual(gainers);
    expect(await scanOnce(c, 3, { ...US_MAJOR, scanCode: ScanCode.TOP_PERC_LOSE })).toEqual(losers);
  });

  it('numberOfRows, price filters and locations narrow the scan; HOT_BY_VOLUME and the option-volume scans answer too', async () => {
    const c = await IbTestClient.connect({ port: sim.port, clientId: 2 });
    const snap = await snapshots(c, 200);
    expect((await scanOnce(c, 11, { ...US_MAJOR, scanCode: ScanCode.MOST_ACTIVE, numberOfRows: 2 })).length).toBe(2);
    const above = await scanOnce(c, 12, { ...US_MAJOR, scanCode: ScanCode.MOST_ACTIVE, abovePrice: 100 });
    expect(above).toEqual(SYMBOLS.filter((s) => snap.get(s)!.last > 100).sort((a, b) => snap.get(b)!.volume - snap.get(a)!.volume));
    expect((await scanOnce(c, 13, { instrument: Instrument.STK, locationCode: LocationCode.STK_ARCA, scanCode: ScanCode.MOST_ACTIVE })).sort()).toEqual(['SPY']);
    expect((await scanOnce(c, 14, { ...US_MAJOR, scanCode: ScanCode.HOT_BY_VOLUME })).sort()).toEqual([...SYMBOLS].sort());
    const optionActive = await scanOnce(c, 15, { ...US_MAJOR, scanCode: ScanCode.OPT_VOLUME_MOST_ACTIVE });
    expect(optionActive.length).toBeGreaterThan(0);
    expect((await scanOnce(c, 16, { ...US_MAJOR, scanCode: ScanCode.HIGH_OPT_VOLUME_PUT_CALL_RATIO })).sort()).toEqual([...optionActive].sort());
  });

  it('IBApiNext.getMarketScanner emits the ranked rows, re-ranks as the clock moves, and its unsubscribe cancels', async () => {
    const c = await IbNextTestClient.connect({ port: sim.port, clientId: 3 });
    const scan = c.next.getMarketScanner({ ...US_MAJOR, scanCode: ScanCode.MOST_ACTIVE });
    const updates: number[] = [];
    let latest = new Map<number, { contract: { contract: { symbol?: string } } }>();
    const sub = scan.subscribe((u) => {
      updates.push(Date.now());
      latest = u.all as never;
    });
    try {
      await firstValueFrom(scan.pipe(filter((u) => u.all.size === SYMBOLS.length), timeout(2000)));
      expect([...latest.keys()].sort()).toEqual([0, 1, 2, 3, 4]);
      expect(new Set([...latest.values()].map((r) => r.contract.contract.symbol))).toEqual(new Set(SYMBOLS));
      const before = updates.length;
      const at = c.mark();
      sim.clock.advance(SCAN_REFRESH_MS);
      await c.waitFor(EventName.scannerDataEnd, () => true, { after: at, timeoutMs: 2000 });
      expect(updates.length).toBeGreaterThan(before);
    } finally {
      const cancel = nextSimulatorEvent(sim, 'request', (_s: unknown, msgId: number) => msgId === 23, 2000);
      sub.unsubscribe();
      await cancel;
    }
    const after = c.mark();
    sim.clock.advance(2 * SCAN_REFRESH_MS);
    await c.next.getCurrentTime(); // a round trip: every message of the clock move has been decoded
    expect(c.events(EventName.scannerData, () => true, after)).toEqual([]);
  });

  it('cancelScannerSubscription stops the refreshes; unknown scan codes and locations get 162 on their own id', async () => {
    const c = await IbTestClient.connect({ port: sim.port, clientId: 4 });
    c.allow(162, 31);
    c.allow(162, 32);
    let at = c.mark();
    c.api.reqScannerSubscription(30, { ...US_MAJOR, scanCode: ScanCode.TOP_PERC_GAIN });
    await c.waitFor(EventName.scannerDataEnd, (id: number) => id === 30, { after: at });
    sim.clock.advance(SCAN_REFRESH_MS);
    await c.sync();
    expect(c.events(EventName.scannerDataEnd, (id: number) => id === 30, at).length).toBe(2);
    c.api.cancelScannerSubscription(30);
    await c.sync();
    at = c.mark();
    sim.clock.advance(3 * SCAN_REFRESH_MS);
    await c.sync();
    expect(c.events(EventName.scannerDataEnd, (id: number) => id === 30, at)).toEqual([]);

    c.api.reqScannerSubscription(31, { ...US_MAJOR, scanCode: ScanCode.TOP_TRADE_RATE });
    c.api.reqScannerSubscription(32, { instrument: Instrument.FUT_US, locationCode: LocationCode.FUT_US, scanCode: ScanCode.MOST_ACTIVE });
    const [e31] = await c.waitForError(162, 31, { after: at });
    expect((e31 as Error).message).toMatch(/^Historical Market Data Service error message:Scanner scan code 'TOP_TRADE_RATE'/);
    const [e32] = await c.waitForError(162, 32, { after: at });
    expect((e32 as Error).message).toMatch(/instrument 'FUT.US'/);
  });
});
