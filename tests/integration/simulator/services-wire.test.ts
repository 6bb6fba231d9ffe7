// Wire conformance of the informational services (market rules, scanner, news, WSH, user info,
// family codes, depth exchanges, SMART components, soft dollar tiers, option calculations): request
// bytes, laid out as @stoqey/ib's Encoder writes them at 193, go into the simulator over a raw socket; every
// reply is decoded by @stoqey/ib's own Decoder at server version 193 with no 505 (a missing field is
// an "Underrun", an extra one "unprocessed data").
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EventName } from '@stoqey/ib';
import * as svc from '../../../bridge/simulator/wire/service-encoders.ts';
import { STOCK_TICKS } from '../../../shared/broker/ibkr-rules.ts';
import type { RunningSimulator } from '../../../bridge/simulator/index.ts';
import { decode as decodeFields, decodesTo } from '../../support/ib-decode.ts';
import { RawTwsClient, frame } from '../../support/ib-raw.ts';
import { startTestSimulator } from '../../support/ib-simulator.ts';

const body = (s: string) => s.split('\0').slice(0, -1);

let sim: RunningSimulator;
let c: RawTwsClient;

beforeAll(async () => {
  sim = await startTestSimulator({ start: '2012-01-03T11:00' });
  c = await RawTwsClient.connect(sim.port);
  await c.handshake(1);
});
afterAll(async () => {
  c.destroy();
  await sim.close();
});

/** Sends one request (fields as @stoqey/ib's Encoder writes them) and returns the first reply with message id `replyId`. */
async function roundTrip(request: (string | number)[], replyId: number): Promise<string[]> {
  const at = c.messages.length;
  c.write(frame(request));
  return c.waitFor((m) => m[0] === String(replyId), 2000, at);
}

describe('request bytes in, reply bytes out, decoded by @stoqey/ib with no 505', () => {
  it('REQ_MARKET_RULE [91, id] → MARKET_RULE [93, id, n, (lowEdge, increment)…]', async () => {
    const reply = await roundTrip([91, 26], 93);
    expect(reply).toEqual(['93', '26', '2', '0', '0.0001', '1', '0.01']);
    expect(decodesTo(reply, EventName.marketRule)).toEqual([26, [{ lowEdge: 0, increment: 0.0001 }, { lowEdge: 1, increment: 0.01 }]]);
  });

  it('REQ_SCANNER_PARAMETERS [24, 1] → SCANNER_PARAMETERS [19, 1, xml]', async () => {
    const reply = await roundTrip([24, 1], 19);
    const [xml] = decodesTo(reply, EventName.scannerParameters) as [string];
    expect(xml).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?>\n<ScanParameterResponse>/);
  });

  it('REQ_SCANNER_SUBSCRIPTION [22, reqId, … 25 fields] → SCANNER_DATA v3 with 16 fields per row', async () => {
    const req = [22, 40, 10, 'STK', 'STK.US.MAJOR', 'MOST_ACTIVE', '', '', '', '', '', '', '', '', '', '', '', '', '', '', '', '', '', '', ''];
    expect(req.length).toBe(25);
    const reply = await roundTrip(req, 20);
    const d = decodeFields(reply);
    expect(d.errors).toEqual([]);
    const rows = d.events.filter((e) => e.name === EventName.scannerData);
    expect(rows.length).toBeGreaterThan(0);
    expect(reply.length).toBe(4 + 16 * rows.length);
    expect(d.events.at(-1)?.name).toBe(EventName.scannerDataEnd);
    c.write(frame([23, 1, 40]));
  });

  it('REQ_NEWS_PROVIDERS [85] → NEWS_PROVIDERS [85, 0]; REQ_HISTORICAL_NEWS → HISTORICAL_NEWS_END [87, reqId, 0]', async () => {
    expect(decodesTo(await roundTrip([85], 85), EventName.newsProviders)).toEqual([[]]);
    const end = await roundTrip([86, 41, 756733, 'BRFG+DJNL', '', '', 10, ''], 87);
    expect(decodesTo(end, EventName.historicalNewsEnd)).toEqual([41, false]);
  });

  it('WSH metadata / event data [100, reqId] / [102, reqId, conId, filter, …] → [104|105, reqId, json]', async () => {
    const [id, json] = decodesTo(await roundTrip([100, 42], 104), EventName.wshMetaData) as [number, string];
    expect(id).toBe(42);
    expect(JSON.parse(json)).toEqual({ validated_countries: [], event_types: [], filters: [] });
    const ev = decodesTo(await roundTrip([102, 43, 756733, '', 0, 0, 0, '', '', ''], 105), EventName.wshEventData);
    expect(ev).toEqual([43, '[]']);
  });

  it('user info, family codes, depth exchanges, SMART components, soft dollar tiers', async () => {
    expect(decodesTo(await roundTrip([104, 44], 107), EventName.userInfo)).toEqual([44, '']);
    expect(decodesTo(await roundTrip([80], 78), EventName.familyCodes)).toEqual([[{ accountID: 'DU1234567', familyCode: '' }]]);
    expect(decodesTo(await roundTrip([82], 80), EventName.mktDepthExchanges)).toEqual([[]]);
    const [reqId, map] = decodesTo(await roundTrip([83, 45, '9c0001'], 82), EventName.smartComponents) as [number, Map<number, [string, string]>];
    expect(reqId).toBe(45);
    expect(map.get(0)).toEqual(['AMEX', 'A']);
    expect([...map.values()].map(([e]) => e)).toContain('ARCA');
    expect(decodesTo(await roundTrip([79, 46], 77), EventName.softDollarTiers)).toEqual([46, []]);
  });

  it('REQ_CALC_OPTION_PRICE / REQ_CALC_IMPLIED_VOLAT [55|54, 2, reqId, contract(12), value, underPrice, ""] → TICK_OPTION_COMPUTATION', async () => {
    const option = [0, 'SPY', 'OPT', '20120120', 127, 'C', '100', 'SMART', '', 'USD', '', ''];
    const price = await roundTrip([55, 2, 47, ...option, 0.2, 127.5, ''], 21);
    const [id, tickType, , iv, delta, optPrice, , , , , und] = decodesTo(price, EventName.tickOptionComputation) as number[];
    expect([id, tickType, iv, und]).toEqual([47, 13, 0.2, 127.5]);
    expect(delta).toBeGreaterThan(0.5);
    expect(optPrice).toBeGreaterThan(0.5);
    const vol = await roundTrip([54, 2, 48, ...option, optPrice, 127.5, ''], 21);
    const [id2, , , iv2] = decodesTo(vol, EventName.tickOptionComputation) as number[];
    expect(id2).toBe(48);
    expect(iv2).toBeCloseTo(0.2, 6);
  });

  it('REQ_TICK_BY_TICK_DATA [97, reqId, contract(12), tickType, numberOfTicks, ignoreSize] → TICK_BY_TICK per type; CANCEL [98, reqId]', async () => {
    const stk = [0, 'SPY', 'STK', '', '', '', '', 'SMART', '', 'USD', '', ''];
    const kinds: [string, string, number][] = [
      ['Last', EventName.tickByTickAllLast, 9],
      ['AllLast', EventName.tickByTickAllLast, 9],
      ['BidAsk', EventName.tickByTickBidAsk, 9],
      ['MidPoint', EventName.tickByTickMidPoint, 5],
    ];
    for (const [i, [type, event, fields]] of kinds.entries()) {
      const reply = await roundTrip([97, 60 + i, ...stk, type, 0, 0], 99);
      expect(reply.length).toBe(fields);
      expect(decodesTo(reply, event)[0]).toBe(60 + i);
      c.write(frame([98, 60 + i]));
    }
  });

  it('refusals carry the request id: depth 10092, fundamentals 430, news article 10172, unknown scan code 162', async () => {
    const stk = [0, 'SPY', 'STK', '', '', '', '', 'SMART', '', 'USD', '', ''];
    const depth = await roundTrip([10, 5, 50, ...stk, 5, 0, ''], 4);
    expect(depth.slice(2, 4)).toEqual(['50', '10092']);
    const fund = await roundTrip([52, 2, 51, 0, 'AAPL', 'STK', 'SMART', '', 'USD', '', 'ReportSnapshot', ''], 4);
    expect(fund.slice(2, 4)).toEqual(['51', '430']);
    const art = await roundTrip([84, 52, 'BRFG', 'BRFG$1234', ''], 4);
    expect(art.slice(2, 4)).toEqual(['52', '10172']);
    const scan = [22, 53, 10, 'STK', 'STK.US.MAJOR', 'NO_SUCH_SCAN', '', '', '', '', '', '', '', '', '', '', '', '', '', '', '', '', '', '', ''];
    const bad = await roundTrip(scan, 4);
    expect(bad.slice(2, 4)).toEqual(['53', '162']);
    expect(bad[4]).toContain('NO_SUCH_SCAN');
  });

  it('an unknown market rule: the 321 notice on id -1 and an empty MARKET_RULE for that id', async () => {
    const at = c.messages.length;
    const rule = await roundTrip([91, 999_999], 93);
    expect(rule).toEqual(['93', '999999', '0']);
    const notice = c.messages.slice(at).find((m) => m[0] === '4');
    expect(notice?.slice(2, 4)).toEqual(['-1', '321']);
    expect(decodesTo(body(svc.marketRule(26, STOCK_TICKS)), EventName.marketRule)[0]).toBe(26);
  });
});
