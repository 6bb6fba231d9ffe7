// Minor 1 of the app protocol (docs/app-protocol.md §1–§4) over real sockets: app clients over `ws`,
// the bridge with a real TwsConnection (real @stoqey/ib over TCP) to the embedded simulator. Options
// quoted by their OSI symbol; quote states with TWS's marketDataType and the resolved secType; the
// index fallback of thetagang's rule T35 for quotes and chains (SPX, VIX); option chains with every
// expiry, the multiplier, each row's OSI symbol, close and model price, and open interest read by
// streaming lines that are cancelled once read (or at their time-out) — none left open; and the
// account topic's portfolio rows after shares are bought and a put is sold through intents.
import { afterAll, beforeAll, describe, expect, it, onTestFinished, vi } from 'vitest';
import { SecType, type Contract } from '@stoqey/ib';
import { IN } from '../../bridge/simulator/wire/message-ids.ts';
import { FieldReader } from '../../bridge/simulator/wire/field-reader.ts';
import { marketDataModule } from '../../bridge/simulator/handlers/market-data.ts';
import type { SimulatorModule } from '../../bridge/simulator/server/module.ts';
import type { RunningSimulator } from '../../bridge/simulator/index.ts';
import { osiSymbol, parseOsiSymbol } from '../../shared/domain/instrument.ts';
import type { AckMessage, DeltaMessage, OptionChainResponse, PortfolioRow, ProtocolErrorMessage, ServerMessage, SnapshotMessage } from '../../shared/protocol/index.ts';
import { startHarness, welcomedClient, type AppClient, type Harness } from '../support/app-protocol-harness.ts';
import { ACCOUNT, quoteOf } from '../support/ib-orders.ts';
import { intentOf, startOrderPathHarness } from '../support/order-path-harness.ts';

const isSnapshot = (topic: string) => (m: ServerMessage) => m.type === 'snapshot' && m.topic === topic;
const isAck = (id: string) => (m: ServerMessage) => m.type === 'ack' && m.id === id;
const answerTo = (id: string) => (m: ServerMessage) => (m.type === 'optionChain' || m.type === 'ack') && m.id === id;
const topicFailed = (topic: string) => (m: ServerMessage) => m.type === 'error' && m.code === 'TOPIC_FAILED' && m.topic === topic;

/** A listed SPY option of the session's monthly expiry, at the first strike at or below the chain's reference. */
function listedSpyOption(sim: RunningSimulator, right: 'C' | 'P') {
  const cat = sim.state.catalogue;
  const spy = cat.underlying('SPY')!;
  const chain = cat.chain(spy, sim.clock.now())!;
  const expiry = chain.expiries.find((e) => e.kind === 'monthly')!;
  const strike = [...expiry.strikes].reverse().find((k) => k <= chain.reference)!;
  const listed = cat.option(spy, expiry.date, strike, right)!;
  return { listed, osi: osiSymbol({ symbol: 'SPY', expiry: expiry.date, right, strike }) };
}

/** Counts the simulator's market data requests and cancels of the bridge (client id 21), and its refusals. */
function countRequests(sim: RunningSimulator) {
  const counts = { reqMktData: 0, cancelMktData: 0, errors: [] as number[] };
  const onRequest = (s: { clientId: number }, msgId: number) => {
    if (s.clientId !== 21) return;
    if (msgId === IN.REQ_MKT_DATA) counts.reqMktData++;
    if (msgId === IN.CANCEL_MKT_DATA) counts.cancelMktData++;
  };
  const onError = (s: { clientId: number }, code: number) => {
    if (s.clientId === 21) counts.errors.push(code);
  };
  sim.events.on('request', onRequest as never);
  sim.events.on('request-error', onError as never);
  onTestFinished(() => {
    sim.events.off('request', onRequest as never);
    sim.events.off('request-error', onError as never);
  });
  return counts;
}

describe('on the simulator', () => {
  let h: Harness;
  let c: AppClient;
  /** Streaming lines the simulator holds for the bridge's connection (client id 21). */
  const simLines = () => h.sim.clients().find((x) => x.clientId === 21)?.marketDataLines ?? 0;

  beforeAll(async () => {
    h = await startHarness({}, { quoteLines: 6, chainLines: 4 });
    c = await welcomedClient(h.url, 'minor1');
  });
  afterAll(async () => {
    c?.close();
    await h?.close();
  });

  async function subscribe(client: AppClient, id: string, topics: string[]): Promise<AckMessage> {
    const at = client.log.length;
    client.send({ type: 'subscribe', id, subscriptions: topics.map((topic) => ({ topic })) });
    return client.wait<AckMessage>(isAck(id), 5000, at);
  }
  async function unsubscribeAll(client: AppClient, topics: string[]): Promise<void> {
    const id = `u-${topics.join('-')}`;
    client.send({ type: 'unsubscribe', id, topics });
    await client.wait(isAck(id));
    await h.twsBarrier();
  }
  async function chain(id: string, req: Record<string, unknown>, timeoutMs = 10_000): Promise<OptionChainResponse | AckMessage> {
    const at = c.log.length;
    c.send({ type: 'optionChain', id, ...req });
    return c.wait<OptionChainResponse | AckMessage>(answerTo(id), timeoutMs, at);
  }

  describe('quote states', () => {
    it("quotes:SPY carries TWS's marketDataType (1 live) and secType STK; a line opened while TWS sends delayed data says 3", async () => {
      const at = c.log.length;
      expect(await subscribe(c, 'q1', ['quotes:SPY'])).toMatchObject({ ok: true });
      const snap = await c.wait<SnapshotMessage>(isSnapshot('quotes:SPY'), 5000, at);
      expect(snap.data).toMatchObject({ secType: 'STK', marketDataType: 1, bid: expect.any(Number), ask: expect.any(Number) });

      const api = h.conn.readyApi()!;
      api.reqMarketDataType(3);
      try {
        await h.twsBarrier();
        expect(await subscribe(c, 'q2', ['quotes:QQQ'])).toMatchObject({ ok: true });
        const delayed = await c.wait<SnapshotMessage>(isSnapshot('quotes:QQQ'), 5000, at);
        expect(delayed.data).toMatchObject({ secType: 'STK', marketDataType: 3 });
        expect(delayed.data.bid).toBeGreaterThan(0); // delayed tick types map to the same fields
      } finally {
        api.reqMarketDataType(1);
      }
      await unsubscribeAll(c, ['quotes:SPY', 'quotes:QQQ']);
      expect(simLines()).toBe(0);
    });

    it('an option by its OSI symbol: secType OPT and its quote; the padded form is the same topic on the same line; an unlisted option fails UNKNOWN_INSTRUMENT', async () => {
      const { listed, osi } = listedSpyOption(h.sim, 'P');
      const topic = `quotes:${osi}`;
      const at = c.log.length;
      expect(await subscribe(c, 'o1', [topic])).toMatchObject({ ok: true, results: [{ topic, ok: true }] });
      const snap = await c.wait<SnapshotMessage>(isSnapshot(topic), 5000, at);
      const q = quoteOf(h.sim, listed.conId);
      expect(snap.data).toMatchObject({ secType: 'OPT', marketDataType: 1, bid: q.bid, ask: q.ask });
      expect(simLines()).toBe(1);

      // IBKR's localSymbol pads the root to six characters: the same option, the same topic and line.
      const b = await welcomedClient(h.url, 'padded');
      onTestFinished(() => b.close());
      expect(listed.localSymbol).toMatch(/^SPY {3}\d{6}P\d{8}$/);
      expect(await subscribe(b, 'o2', [`quotes:${listed.localSymbol}`])).toMatchObject({ ok: true, results: [{ topic, ok: true }] });
      expect((await b.wait<SnapshotMessage>(isSnapshot(topic))).data).toEqual(snap.data);
      await h.twsBarrier();
      expect(simLines()).toBe(1);

      const unlisted = osiSymbol({ symbol: 'SPY', expiry: listed.expiry, right: 'P', strike: 1 });
      expect(await subscribe(c, 'o3', [`quotes:${unlisted}`])).toMatchObject({ ok: true });
      const failed = await c.wait<ProtocolErrorMessage>(topicFailed(`quotes:${unlisted}`), 5000, at);
      expect(failed).toMatchObject({ ackCode: 'UNKNOWN_INSTRUMENT', message: expect.stringContaining(`option ${unlisted}`) });
      b.close();
      await b.raw.closed;
      await unsubscribeAll(c, [topic]);
      expect(simLines()).toBe(0);
      expect(h.bridge.app.quoteLines.inUse()).toBe(0);
    });
  });

  describe('T35: the index fallback', () => {
    it('T35: quotes:SPX, whose stock request TWS answers with 200, streams the index SPX with secType IND; VIX too; a conId of an index says IND', async () => {
      const counts = countRequests(h.sim);
      const at = c.log.length;
      expect(await subscribe(c, 't1', ['quotes:SPX', 'quotes:VIX', 'quotes:416904'])).toMatchObject({ ok: true });
      const spx = await c.wait<SnapshotMessage>(isSnapshot('quotes:SPX'), 5000, at);
      expect(spx.data).toMatchObject({ secType: 'IND', marketDataType: 1 });
      expect(spx.data.last).toBeCloseTo(quoteOf(h.sim, 416904).last, 2); // SPX = SPY × 10 in the simulator
      expect(spx.data.last).toBeGreaterThan(1000);
      expect((await c.wait<SnapshotMessage>(isSnapshot('quotes:VIX'), 5000, at)).data).toMatchObject({ secType: 'IND', last: expect.any(Number) });
      const byConId = await c.wait<SnapshotMessage>(isSnapshot('quotes:416904'), 5000, at);
      expect(byConId.data).toMatchObject({ secType: 'IND', last: spx.data.last });
      // The stock requests of SPX and VIX were refused (200) and the index lines opened instead.
      expect(counts.errors.filter((code) => code === 200)).toHaveLength(2);
      await h.twsBarrier();
      expect(simLines()).toBe(3);
      expect(h.bridge.app.quoteLines.inUse()).toBe(3);
      await unsubscribeAll(c, ['quotes:SPX', 'quotes:VIX', 'quotes:416904']);
      expect(simLines()).toBe(0);
    });

    it('T35: a symbol TWS knows neither as a stock nor as an index fails UNKNOWN_INSTRUMENT naming both attempts, and gives its line back', async () => {
      const at = c.log.length;
      expect(await subscribe(c, 't2', ['quotes:NOPEX'])).toMatchObject({ ok: true });
      const failed = await c.wait<ProtocolErrorMessage>(topicFailed('quotes:NOPEX'), 5000, at);
      expect(failed.ackCode).toBe('UNKNOWN_INSTRUMENT');
      expect(failed.message).toMatch(/NOPEX neither as a stock \(200: .+\) nor as an index \(.*200.*\)/);
      await vi.waitFor(() => expect(h.bridge.app.quoteLines.inUse()).toBe(0));
      expect(simLines()).toBe(0);
    });

    it('T35: an SPX chain falls back to the index: the SPX and SPXW expiries together, a weekly and a monthly expiry both priced; NOPEX names both attempts', async () => {
      const weekly = await chain('spx1', { symbol: 'SPX', strikes: 2 });
      expect(weekly.type, JSON.stringify(weekly)).toBe('optionChain');
      const w = weekly as OptionChainResponse;
      expect(w).toMatchObject({ underlyingSecType: 'IND', expiry: '20120106', multiplier: 100 });
      expect(w.expiries).toEqual(expect.arrayContaining(['20120106', '20120113', '20120120', '20120217']));
      expect(w.underlyingPrice).toBeGreaterThan(1000);
      expect(w.rows).toHaveLength(4);
      for (const r of w.rows) expect(r, JSON.stringify(r)).toMatchObject({ bid: expect.any(Number), ask: expect.any(Number), instrument: expect.stringMatching(/^SPX120106[CP]\d{8}$/) });
      const monthly = (await chain('spx2', { symbol: 'SPX', strikes: 2, expiry: '20120120' })) as OptionChainResponse;
      expect(monthly).toMatchObject({ type: 'optionChain', expiry: '20120120', underlyingSecType: 'IND' });
      for (const r of monthly.rows) expect(r, JSON.stringify(r)).toMatchObject({ bid: expect.any(Number), modelPrice: expect.any(Number) });
      expect(monthly.rows.some((r) => r.error !== undefined)).toBe(false);
      expect(await chain('nope', { symbol: 'NOPEX' })).toMatchObject({ type: 'ack', ok: false, code: 'UNKNOWN_INSTRUMENT', message: expect.stringMatching(/NOPEX neither as a stock .* nor as an index/) });
    });
  });

  describe('option chains', () => {
    it('an SPY chain lists every expiry (ascending), the multiplier and the underlying type; rows carry their OSI symbol, close and the model price', async () => {
      const answer = await chain('c1', { symbol: 'SPY', strikes: 3 });
      expect(answer.type, JSON.stringify(answer)).toBe('optionChain');
      const ch = answer as OptionChainResponse;
      expect(ch).toMatchObject({ underlyingSecType: 'STK', multiplier: 100 });
      expect(ch.expiries!.length).toBeGreaterThanOrEqual(10);
      expect(ch.expiries).toEqual([...ch.expiries!].sort());
      expect(ch.expiries![0]).toBe(ch.expiry);
      expect(ch.rows).toHaveLength(6);
      const spy = h.sim.state.catalogue.underlying('SPY')!;
      for (const r of ch.rows) {
        expect(r.instrument).toBe(osiSymbol({ symbol: 'SPY', expiry: Number(ch.expiry), right: r.right, strike: r.strike }));
        expect(parseOsiSymbol(r.instrument!)).toMatchObject({ strike: r.strike, right: r.right });
        const q = quoteOf(h.sim, h.sim.state.catalogue.option(spy, Number(ch.expiry), r.strike, r.right)!.conId);
        expect(r.modelPrice).toBeCloseTo(q.model.price, 3); // tickOptionComputation's optPrice, not another of its fields
        expect(r.close).toBeGreaterThan(0);
        expect(r).not.toHaveProperty('openInterest');
      }
      // Another listed expiry, asked for by name.
      const later = (await chain('c2', { symbol: 'SPY', strikes: 1, expiry: ch.expiries![3] })) as OptionChainResponse;
      expect(later).toMatchObject({ type: 'optionChain', expiry: ch.expiries![3] });
      expect(later.rows[0].instrument).toMatch(new RegExp(`^SPY${ch.expiries![3].slice(2)}C`));
    });

    it('control: TWS refuses generic ticks on a snapshot (321), so open interest needs a streaming line', async () => {
      const notices: number[] = [];
      const onNotice = (n: { code: number; reqId?: number }) => {
        if (n.reqId === 800_321) notices.push(n.code);
      };
      h.conn.on('notice', onNotice as never);
      onTestFinished(() => void h.conn.off('notice', onNotice as never));
      const spy: Contract = { symbol: 'SPY', secType: SecType.STK, exchange: 'SMART', currency: 'USD' };
      h.conn.readyApi()!.reqMktData(800_321, spy, '101', true, false);
      await h.twsBarrier();
      expect(notices).toEqual([321]);
    });

    it('with openInterest: true every contract is read on a streaming line (generic tick 101), cancelled as soon as its fields are in: open interest on every row, no line left open', async () => {
      const counts = countRequests(h.sim);
      const peak = h.bridge.app.chains.peakInFlight;
      const started = Date.now();
      const answer = await chain('oi1', { symbol: 'SPY', strikes: 3, openInterest: true }, 5000);
      const took = Date.now() - started;
      expect(answer.type, JSON.stringify(answer)).toBe('optionChain');
      const ch = answer as OptionChainResponse;
      expect(ch.rows).toHaveLength(6);
      for (const r of ch.rows) {
        expect(r, JSON.stringify(r)).toMatchObject({ bid: expect.any(Number), ask: expect.any(Number), modelPrice: expect.any(Number), instrument: expect.any(String) });
        expect(r.openInterest).toBeGreaterThan(0);
        expect(Number.isInteger(r.openInterest)).toBe(true);
        expect(r.error).toBeUndefined();
      }
      // Each read ended when its fields were in, long before the 12 s time-out.
      expect(took).toBeLessThan(3000);
      await h.twsBarrier();
      expect(counts.reqMktData).toBe(7); // the underlying's snapshot and six streaming lines
      expect(counts.cancelMktData).toBe(6); // every line cancelled
      expect(counts.errors).toEqual([]); // no 321 (snapshot with generic ticks), no 300 (cancel of an unknown line)
      expect(simLines()).toBe(0);
      expect(h.bridge.app.chainLines.inUse()).toBe(0);
      expect(Math.max(peak, h.bridge.app.chains.peakInFlight)).toBeLessThanOrEqual(4);
    });
  });
});

/**
 * A TWS whose option lines never bring open interest: the market data handler as it is, with the
 * genericTickList of streaming option requests emptied (REQ_MKT_DATA fields: 5 = secType, 16 =
 * genericTickList, 17 = snapshot, for a contract without combo legs or delta-neutral part).
 */
const noOpenInterest: SimulatorModule = {
  name: 'no-open-interest',
  handlers: {
    [IN.REQ_MKT_DATA]: (ctx) => {
      const fields: string[] = [];
      for (let i = 0; ctx.r.peek(i) !== undefined; i++) fields.push(ctx.r.peek(i)!);
      if (fields[5] === 'OPT' && fields[17] === '0') fields[16] = '';
      const r = FieldReader.fromPayload(Buffer.from(`${fields.join('\0')}\0`));
      try {
        marketDataModule.handlers![IN.REQ_MKT_DATA]({ ...ctx, r });
      } finally {
        ctx.r.reqId = r.reqId; // an error is answered with the request's id
      }
    },
  },
};

describe('open interest that never comes', () => {
  it('each line is cancelled at the time-out and its row has what arrived, without an error', async () => {
    const h = await startHarness({ modules: [noOpenInterest] }, { chainLines: 4, chains: { snapshotTimeoutMs: 400 } });
    onTestFinished(() => h.close());
    const c = await welcomedClient(h.url, 'slow-oi');
    onTestFinished(() => c.close());
    const counts = countRequests(h.sim);
    const started = Date.now();
    c.send({ type: 'optionChain', id: 'oi2', symbol: 'SPY', strikes: 1, openInterest: true });
    const answer = await c.wait<OptionChainResponse | AckMessage>(answerTo('oi2'));
    expect(answer.type, JSON.stringify(answer)).toBe('optionChain');
    expect(Date.now() - started).toBeGreaterThanOrEqual(400);
    const rows = (answer as OptionChainResponse).rows;
    expect(rows).toHaveLength(2);
    for (const r of rows) {
      expect(r, JSON.stringify(r)).toMatchObject({ bid: expect.any(Number), ask: expect.any(Number), modelPrice: expect.any(Number) });
      expect(r.openInterest).toBeUndefined();
      expect(r.error).toBeUndefined();
    }
    await h.twsBarrier();
    expect(counts.cancelMktData).toBe(2);
    expect(counts.errors).toEqual([]);
    expect(h.sim.clients().find((x) => x.clientId === 21)?.marketDataLines).toBe(0);
  });
});

describe('portfolio rows in the account topic', () => {
  it('shares bought and a put sold through intents appear as portfolio:<conId> rows with their fields (the option per contract)', async () => {
    const h = await startOrderPathHarness();
    onTestFinished(() => h.close());
    const c = await welcomedClient(h.url, 'portfolio');
    onTestFinished(() => c.close());
    c.send({ type: 'subscribe', id: 'acct', subscriptions: [{ topic: 'account' }] });
    const snap = await c.wait<SnapshotMessage>(isSnapshot('account'));
    expect(Object.keys(snap.data).filter((k) => k.startsWith('portfolio:'))).toEqual([]);

    c.send({ type: 'command', commandId: 'lease', kind: 'acquireLease', strategyId: 'wheel' });
    const lease = { strategyId: 'wheel', token: (await c.wait<AckMessage>(isAck('lease'))).lease!.token };
    c.send(intentOf('buy-spy', lease, { symbol: 'SPY', quantity: 100 }));
    expect(await c.wait<AckMessage>(isAck('buy-spy'))).toMatchObject({ ok: true });
    const { listed, osi } = listedSpyOption(h.sim, 'P');
    const bid = quoteOf(h.sim, listed.conId).bid;
    c.send(intentOf('sell-put', lease, { symbol: osi, side: 'SELL', quantity: 1 }));
    expect(await c.wait<AckMessage>(isAck('sell-put'))).toMatchObject({ ok: true });

    const rowIn = (key: string) => (m: ServerMessage) => (m.type === 'delta' || m.type === 'snapshot') && m.topic === 'account' && m.data[key] != null;
    const stock = (await c.wait<DeltaMessage>(rowIn('portfolio:756733'))).data['portfolio:756733'] as PortfolioRow;
    expect(stock).toMatchObject({ conId: 756733, symbol: 'SPY', secType: 'STK', currency: 'USD', position: 100, marketPrice: expect.any(Number), marketValue: expect.any(Number) });
    expect(stock.avgCost).toBeCloseTo(h.sim.broker.positionByConId(ACCOUNT, 756733)!.avgCost, 2);
    expect(stock).not.toHaveProperty('right');

    const key = `portfolio:${listed.conId}`;
    const put = (await c.wait<DeltaMessage>(rowIn(key))).data[key] as PortfolioRow;
    expect(put).toMatchObject({ conId: listed.conId, symbol: 'SPY', secType: 'OPT', right: 'P', strike: listed.strike, expiry: String(listed.expiry), multiplier: 100, position: -1 });
    expect(put.avgCost).toBeCloseTo(h.sim.broker.positionByConId(ACCOUNT, listed.conId)!.avgCost, 2);
    // Per contract: the premium (sold at the bid) × 100, less the commission.
    expect(put.avgCost).toBeGreaterThan(bid * 100 - 5);
    expect(put.avgCost).toBeLessThanOrEqual(bid * 100);
    for (const v of [put.marketPrice, put.marketValue, put.unrealizedPnl, put.realizedPnl]) expect(Number.isFinite(v)).toBe(true);
  });
});
