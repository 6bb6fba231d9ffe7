// Seeded fuzzing of the TWS simulator over raw sockets: garbage preambles and version offers,
// oversized declared lengths (> 16 MiB: closed before anything is allocated), truncated frames,
// wrong field counts, garbage field values, random payload bytes, requests before START_API.
// Oracle: the server answers with an error or closes that connection, keeps answering the fuzzed
// connections that are still open, keeps serving a live IBApi client concurrently (ticks keep
// arriving, the client sees no 505 and no error), never throws, and afterwards holds no state for
// the fuzz connections (sessions, client ids, market data lines).
//
// FUZZ_SEED and FUZZ_CASES (environment) change the run; the seed is printed in failure messages.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EventName, OrderAction, OrderType, TimeInForce } from '@stoqey/ib';
import type { RunningSimulator } from '../../bridge/simulator/index.ts';
import { IbTestClient } from '../support/ib-client.ts';
import { RawTwsClient, frame, hello } from '../support/ib-raw.ts';
import { SPY, startTestSimulator } from '../support/ib-simulator.ts';
import { mulberry32 as prng } from '../../shared/data/seeded-hash.ts';

const SEED = Number(process.env.FUZZ_SEED ?? 20240220);
const CASES = Number(process.env.FUZZ_CASES ?? 240);
const CONCURRENCY = 12;


const rand = prng(SEED);
const int = (n: number) => Math.floor(rand() * n);
const pick = <T>(xs: readonly T[]): T => xs[int(xs.length)];

/** Valid requests of server version 193 (ib-protocol.md §4), to mutate. R = a request id. */
const TEMPLATES: ((r: number) => (string | number)[])[] = [
  () => [49, 1],
  () => [8, 1, 1],
  () => [17, 1],
  () => [59, 1, 1 + int(4)],
  (r) => [9, 8, r, 0, 'SPY', 'STK', '', '', '', '', 'SMART', '', 'USD', '', '', 0, '', '', ''],
  (r) => [9, 8, r, 0, 'SPY', 'OPT', '20120120', 127, 'C', '', 'SMART', '', 'USD', '', '', 0, '', '', ''],
  (r) => [1, 11, r, 0, 'SPY', 'STK', '', '', '', '', 'SMART', '', 'USD', '', '', 0, '100,101', 1, 0, ''],
  (r) => [1, 11, r, 0, 'AAPL', 'STK', '', '', '', '', 'SMART', '', 'USD', '', '', 0, '', 0, 0, ''],
  (r) => [20, r, 0, 'SPY', 'STK', '', '', '', '', 'SMART', '', 'USD', '', '', 0, '', '1 hour', '1 D', 1, 'TRADES', 1, 0, ''],
  (r) => [78, r, 'SPY', '', 'STK', 756733],
  (r) => [81, r, 'SP'],
  (r) => [50, 3, r, 0, 'SPY', 'STK', '', '', '', '', 'SMART', '', 'USD', '', '', 5, 'TRADES', 0, ''],
  (r) => [2, 1, r],
  (r) => [25, 1, r],
  (r) => [87, r, 0, 'SPY', 'STK', '', '', '', '', 'SMART', '', 'USD', '', '', 0, 1, 'TRADES', 1],
  () => [61, 1],
  (r) => [62, 1, r, 'All', 'NetLiquidation'],
  (r) => placeOrderFields(r),
  (r) => conditionalOrderFields(r, false),
  (r) => conditionalOrderFields(r, true),
  (r) => [4, r, '', '', 2147483647],
  () => [5, 1],
  (r) => [7, 3, r, '', '', '', '', '', '', ''],
  (r) => [92, r, 'DU1234567', ''],
  (r) => [74, 1, r, 'DU1234567', ''],
  (r) => [75, 1, r],
  (r) => [76, 2, r, 'DU1234567', '', 0],
  (r) => [77, 2, r],
  (r) => [96, r, 0, 'SPY', 'STK', '', '', '', '', 'SMART', '', 'USD', '', '', 0, '20120103 10:00:00 US/Eastern', '', 20, 'BID_ASK', 0, 0, ''],
  (r) => [88, r, 0, 'SPY', 'STK', '', '', '', '', 'SMART', '', 'USD', '', '', 0, 1, '2 days'],
  (r) => [89, r],
  () => [91, pick([26, 32, 110, 111, 4242])],
  () => [24, 1],
  (r) => [22, r, 10, 'STK', 'STK.US.MAJOR', pick(['MOST_ACTIVE', 'TOP_PERC_GAIN', 'TOP_PERC_LOSE', 'HOT_BY_VOLUME']), '', '', '', '', '', '', '', '', '', '', '', '', '', '', '', '', '', 'priceAbove=10;', ''],
  (r) => [23, 1, r],
  () => [85],
  (r) => [86, r, 756733, 'BRFG+DJNL', '', '', 10, ''],
  (r) => [84, r, 'BRFG', 'BRFG$04fb9da2', ''],
  () => [12, 1, 1],
  () => [13, 1],
  (r) => [100, r],
  (r) => [101, r],
  (r) => [102, r, 756733, '', 0, 0, 0, '', '', ''],
  (r) => [103, r],
  (r) => [104, r],
  () => [80],
  () => [82],
  (r) => [83, r, '9c0001'],
  (r) => [79, r],
  (r) => [54, 2, r, 0, 'SPY', 'OPT', '20120120', 127, 'C', '100', 'SMART', '', 'USD', '', '', 2.5, 127, ''],
  (r) => [55, 2, r, 0, 'SPY', 'OPT', '20120120', 127, 'C', '100', 'SMART', '', 'USD', '', '', 0.2, '', ''],
  (r) => [56, 1, r],
  (r) => [57, 1, r],
  (r) => [10, 5, r, 0, 'SPY', 'STK', '', '', '', '', 'SMART', '', 'USD', '', '', 5, 0, ''],
  (r) => [11, 1, r, 0],
  (r) => [52, 2, r, 0, 'AAPL', 'STK', 'SMART', '', 'USD', '', 'ReportSnapshot', ''],
  (r) => [53, 1, r],
  (r) => [97, r, 0, 'SPY', 'STK', '', '', '', '', 'SMART', '', 'USD', '', '', pick(['Last', 'AllLast', 'BidAsk', 'MidPoint']), 0, 0],
  (r) => [98, r],
];

/**
 * PLACE_ORDER as @stoqey/ib sends a plain order at 193 (ib-protocol.md §4.1: 118 fields, "0" at 81
 * and 89), untransmitted (transmit 0) so that even a mutated order that parses never trades.
 */
function placeOrderFields(orderId: number): (string | number)[] {
  const f: (string | number)[] = Array.from({ length: 118 }, () => '');
  Object.assign(f, { 0: 3, 1: orderId, 2: 0, 3: 'SPY', 4: 'STK', 9: 'SMART', 11: 'USD', 16: 'BUY', 17: 1, 18: 'LMT', 19: 100, 21: 'DAY', 27: 0, 28: 0, 81: 0, 89: 0 });
  return f;
}

/** The same order with a goodAfterTime and one price condition (+9 fields at 89), optionally a whatIf preview. */
function conditionalOrderFields(orderId: number, whatIf: boolean): (string | number)[] {
  const f = placeOrderFields(orderId);
  f[37] = '20120103 10:30:00 US/Eastern';
  if (whatIf) f[84] = 1;
  f.splice(89, 1, 1, 1, 'a', 1, 120, 756733, 'SMART', 2, 0, 0);
  return f;
}

const GARBAGE = ['', 'x', '-1', '2147483648', '99999999999999999999', '1e308', 'NaN', 'Infinity', '0x1f', ' 1', '\u00e9\u4e2d', 'SPY\u0001', '3.5', '-0', '1,2'];

function randomBytes(n: number): Buffer {
  const b = Buffer.alloc(n);
  for (let i = 0; i < n; i++) b[i] = int(256);
  return b;
}

function rawFrame(payload: Buffer): Buffer {
  const head = Buffer.alloc(4);
  head.writeUInt32BE(payload.length);
  return Buffer.concat([head, payload]);
}

let sim: RunningSimulator;
let live: IbTestClient;
let clientIds = 1000;
let reqIds = 1;
/** Requests that failed with an unexpected exception inside the server (a bug, even if answered with 320). */
const internalFailures: string[] = [];
const stats = { closedByServer: 0, errors320: 0, errors321: 0, otherErrors: 0, oversizedClosed: 0, wrongCountSent: 0, casesRun: 0 };

beforeAll(async () => {
  sim = await startTestSimulator({
    start: '2012-01-03T10:00',
    handshakeTimeoutMs: 400,
    log: (line) => {
      if (/request failed|onAdvance failed/.test(line)) internalFailures.push(line);
      if (process.env.FUZZ_LOG) console.error(line);
    },
  });
});
afterAll(async () => {
  await sim.close();
});

/** Keeps the replay moving and checks that the live client still gets ticks. */
async function liveStillServed(): Promise<void> {
  const at = live.mark();
  sim.clock.advance(30_000);
  await live.sync();
  expect(live.events(EventName.tickSize, (id: number) => id === 1, at).length, `seed ${SEED}: the live client stopped receiving ticks`).toBeGreaterThan(0);
}

/** After a batch of fuzz messages, a probe request must still be answered in order. */
async function probe(c: RawTwsClient, why: string): Promise<void> {
  const at = c.messages.length;
  c.write(frame([49, 1]));
  await c.waitFor((m) => m[0] === '49', 3000, at).catch((e: Error) => {
    throw new Error(`seed ${SEED}: ${why}: connection stopped answering: ${e.message}`);
  });
}

function countErrors(c: RawTwsClient, from = 0): void {
  for (const m of c.messages.slice(from)) {
    if (m[0] !== '4') continue;
    if (m[3] === '320') stats.errors320++;
    else if (m[3] === '321') stats.errors321++;
    else stats.otherErrors++;
  }
}

type Case = () => Promise<void>;

const cases: Record<string, Case> = {
  async garbagePreamble() {
    const c = await RawTwsClient.connect(sim.port);
    let bytes = randomBytes(1 + int(64));
    if (bytes.subarray(0, 4).equals(Buffer.from('API\0'))) bytes = Buffer.from('XPI\0');
    c.write(bytes);
    expect(await c.closedWithin(2000), `seed ${SEED}: garbage preamble not closed`).toBe(true);
    stats.closedByServer++;
  },

  async badVersionOffer() {
    const c = await RawTwsClient.connect(sim.port);
    c.write(hello(pick(['', 'v', 'v194..300', 'v1..99', 'vX..Y', randomBytes(8).toString('latin1')])));
    expect(await c.closedWithin(2000), `seed ${SEED}: bad version offer not closed`).toBe(true);
    stats.closedByServer++;
  },

  async silentClient() {
    const c = await RawTwsClient.connect(sim.port);
    if (rand() < 0.5) c.write(hello());
    expect(await c.closedWithin(3000), `seed ${SEED}: idle half-handshake not closed`).toBe(true);
    stats.closedByServer++;
  },

  async requestBeforeStartApi() {
    const c = await RawTwsClient.connect(sim.port);
    c.write(hello());
    c.write(frame(pick(TEMPLATES)(reqIds++)));
    expect(await c.closedWithin(3000)).toBe(true);
    stats.closedByServer++;
  },

  async oversizedFrame() {
    const c = await RawTwsClient.connect(sim.port);
    await c.handshake(clientIds++);
    const head = Buffer.alloc(4);
    head.writeUInt32BE(0x1000000 + int(0x7f000000)); // > 16 MiB − 1
    c.write(head);
    expect(await c.closedWithin(2000), `seed ${SEED}: oversized frame not closed`).toBe(true);
    stats.oversizedClosed++;
  },

  async truncatedFrame() {
    const c = await RawTwsClient.connect(sim.port);
    await c.handshake(clientIds++);
    const full = frame(pick(TEMPLATES)(reqIds++));
    c.write(full.subarray(0, 1 + int(full.length - 1)));
    if (rand() < 0.5) c.destroy(); // the rest never comes
    else await c.closedWithin(50); // or stays pending; the connection is cleaned up at the end
    c.destroy();
  },

  async wrongFieldCounts() {
    const c = await RawTwsClient.connect(sim.port);
    await c.handshake(clientIds++);
    const at = c.messages.length;
    const n = 1 + int(6);
    for (let i = 0; i < n; i++) {
      const fields = pick(TEMPLATES)(reqIds++);
      if (rand() < 0.5 && fields.length > 1) fields.splice(1 + int(fields.length - 1), 1);
      else fields.splice(1 + int(fields.length), 0, pick(['', '0', 'x']));
      c.write(frame(fields));
      stats.wrongCountSent++;
    }
    await probe(c, 'wrong field counts');
    const errs = c.messages.slice(at).filter((m) => m[0] === '4' && m[3] === '320');
    expect(errs.length, `seed ${SEED}: each wrong field count answered with 320`).toBe(n);
    countErrors(c, at);
    c.destroy();
  },

  async garbageValues() {
    const c = await RawTwsClient.connect(sim.port);
    await c.handshake(clientIds++);
    const at = c.messages.length;
    for (let i = 0, n = 1 + int(8); i < n; i++) {
      const fields = pick(TEMPLATES)(reqIds++);
      for (let k = 0, m = 1 + int(3); k < m; k++) fields[1 + int(fields.length - 1)] = pick(GARBAGE);
      c.write(frame(fields));
    }
    await probe(c, 'garbage values');
    countErrors(c, at);
    c.destroy();
  },

  async randomPayloads() {
    const c = await RawTwsClient.connect(sim.port);
    await c.handshake(clientIds++);
    const at = c.messages.length;
    const chunks: Buffer[] = [];
    for (let i = 0, n = 1 + int(10); i < n; i++) {
      const payload = randomBytes(int(200));
      if (rand() < 0.5) Buffer.from(`${pick([1, 9, 20, 49, 78, 81, 3, 999, -5])}\0`).copy(payload); // a plausible id first
      chunks.push(rawFrame(payload));
    }
    // all frames in one write, or dribbled across many small writes
    const all = Buffer.concat(chunks);
    if (rand() < 0.5) c.write(all);
    else {
      for (let p = 0; p < all.length; ) {
        const n = 1 + int(7);
        c.write(all.subarray(p, p + n));
        p += n;
      }
    }
    await probe(c, 'random payloads');
    countErrors(c, at);
    c.destroy();
  },

  async zeroLengthAndHugeBatches() {
    const c = await RawTwsClient.connect(sim.port);
    await c.handshake(clientIds++);
    const at = c.messages.length;
    c.write(Buffer.alloc(4)); // a frame of 0 bytes
    c.write(Buffer.concat(Array.from({ length: 200 + int(300) }, () => frame([49, 1]))));
    await probe(c, 'zero-length frame and a batch of hundreds');
    expect(c.messages.slice(at).some((m) => m[0] === '4' && m[3] === '320')).toBe(true);
    countErrors(c, at);
    c.destroy();
  },

  async duplicateClientIdThenGarbage() {
    const id = clientIds++;
    const a = await RawTwsClient.connect(sim.port);
    await a.handshake(id);
    const b = await RawTwsClient.connect(sim.port);
    b.write(hello());
    b.write(frame([71, 2, id, '']));
    await b.waitFor((m) => m[0] === '4' && m[3] === '326', 2000);
    b.write(randomBytes(32));
    expect(await b.closedWithin(3000)).toBe(true);
    await probe(a, 'the first holder of a client id');
    a.destroy();
    stats.closedByServer++;
  },
};

describe(`simulator fuzz (seed ${SEED}, ${CASES} cases)`, () => {
  it('never crashes, answers or closes each bad connection, keeps serving a live client and loses no account state', async () => {
    live = await IbTestClient.connect({ port: sim.port, clientId: 1 });
    live.api.reqMktData(1, SPY, '', false, false);
    // Account state the fuzzing must not touch: a position and a working order of the live client.
    const order = { action: OrderAction.BUY, totalQuantity: 100, tif: TimeInForce.GTC, transmit: true };
    live.api.placeOrder(1, SPY, { ...order, orderType: OrderType.MKT });
    live.api.placeOrder(2, SPY, { ...order, orderType: OrderType.LMT, lmtPrice: 50 });
    await live.waitFor(EventName.orderStatus, (id: number, s: string) => id === 2 && s === 'Submitted', { after: 0 });
    await live.sync();
    const ledgerBefore = JSON.stringify(sim.broker.ledger('DU1234567').toJSON());
    const workingBefore = JSON.stringify(sim.broker.book.get(1, 2));
    const names = Object.keys(cases);
    for (let done = 0; done < CASES; ) {
      const batch = Math.min(CONCURRENCY, CASES - done);
      await Promise.all(Array.from({ length: batch }, () => cases[pick(names)]()));
      done += batch;
      stats.casesRun += batch;
      await liveStillServed();
    }
    // Afterwards: only the live client is left, nothing leaked.
    await new Promise<void>((resolve) => {
      const check = () => (sim.state.sessions.size === 1 ? resolve() : setTimeout(check, 20));
      check();
    });
    expect([...sim.state.byClientId.keys()]).toEqual([1]);
    expect(sim.state.linesInUse()).toBe(1);
    await liveStillServed();
    expect(stats.oversizedClosed + stats.closedByServer).toBeGreaterThan(0);
    expect(stats.errors320).toBeGreaterThanOrEqual(stats.wrongCountSent);
    expect(internalFailures, `seed ${SEED}: unexpected exceptions inside the server`).toEqual([]);
    expect(JSON.stringify(sim.broker.ledger('DU1234567').toJSON()), `seed ${SEED}: the account changed`).toBe(ledgerBefore);
    expect(JSON.stringify(sim.broker.book.get(1, 2)), `seed ${SEED}: the live client's working order changed`).toBe(workingBefore);
    expect(sim.broker.executions.all().map((e) => e.clientId)).toEqual([1]); // no fuzzed order ever traded
    console.log(`fuzz seed ${SEED}: ${JSON.stringify(stats)}`);
  });
});
