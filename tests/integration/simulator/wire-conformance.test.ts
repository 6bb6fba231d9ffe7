// Every server → client encoder decoded by @stoqey/ib's own Decoder (the conformance reference:
// a missing field is an "Underrun", an extra one "unprocessed data", both 505). Covers messages the
// flows do not send yet (account and order ends). Also checks that the test fixture really fails a
// test on a 505.
import { describe, expect, it } from 'vitest';
import { EventName } from '@stoqey/ib';
import * as enc from '../../../bridge/simulator/wire/encoders.ts';
import type { ContractDetailsRecord, OrderFields } from '../../../bridge/simulator/wire/encoders.ts';
import type { SimulatorModule } from '../../../bridge/simulator/index.ts';
import { IbTestClient } from '../../support/ib-client.ts';
import { decode, decodesTo } from '../../support/ib-decode.ts';
import { startTestSimulator } from '../../support/ib-simulator.ts';

const stock: ContractDetailsRecord = {
  symbol: 'SPY', secType: 'STK', lastTradeDateOrContractMonth: '', lastTradeDate: '', strike: 0, right: '', exchange: 'SMART', currency: 'USD',
  localSymbol: 'SPY', marketName: 'SPY', tradingClass: 'SPY', conId: 756733, minTick: 0.01, multiplier: '', orderTypes: 'LMT,MKT',
  validExchanges: 'SMART,ARCA', priceMagnifier: 1, underConId: 0, longName: 'SPDR S&P 500 ETF TRUST', primaryExch: 'ARCA', contractMonth: '',
  industry: '', category: '', subcategory: '', timeZoneId: 'US/Eastern', tradingHours: '20120103:0400-20120103:2000', liquidHours: '20120103:0930-20120103:1600',
  evRule: '', evMultiplier: undefined, secIds: [{ tag: 'ISIN', value: 'US78462F1030' }], aggGroup: 1, underSymbol: '', underSecType: '',
  marketRuleIds: '26,26', realExpirationDate: '', stockType: 'ETF', minSize: '0.0001', sizeIncrement: '0.0001', suggestedSizeIncrement: '100',
};

const plainOrder: OrderFields = {
  orderId: 7,
  contract: { conId: 756733, symbol: 'SPY', secType: 'STK', lastTradeDateOrContractMonth: '', strike: 0, right: '', multiplier: '', exchange: 'SMART', primaryExch: 'ARCA', currency: 'USD', localSymbol: 'SPY', tradingClass: 'SPY' },
  comboLegs: [], orderComboLegPrices: [], action: 'BUY', totalQuantity: 100, orderType: 'LMT', lmtPrice: 127.5, auxPrice: undefined, tif: 'GTC', ocaGroup: 'g', ocaType: 1,
  account: 'DU1', openClose: '', origin: 0, orderRef: 'r', clientId: 3, permId: 1000001, outsideRth: false, hidden: false, goodAfterTime: '', goodTillDate: '',
  displaySize: undefined, allOrNone: false, minQty: undefined, parentId: 5, triggerMethod: 2, trailStopPrice: undefined, trailingPercent: undefined, status: 'Submitted',
  commission: 0.35, filledQuantity: 0, completedTime: '', completedStatus: '',
};

describe('encoders decode cleanly with @stoqey/ib’s Decoder (server version 193)', () => {
  it('connection messages', () => {
    expect(decodesTo(enc.managedAccounts(['DU1', 'DU2']), EventName.managedAccounts)).toEqual(['DU1,DU2']);
    expect(decodesTo(enc.nextValidId(42), EventName.nextValidId)).toEqual([42]);
    expect(decodesTo(enc.currentTime(1325601000.9), EventName.currentTime)).toEqual([1325601000]);
    const info = decode(enc.errorMessage(-1, 2104, 'Market data farm connection is OK:usfarm'));
    expect(info.infos).toEqual([{ message: 'Market data farm connection is OK:usfarm', code: 2104 }]);
    const err = decode(enc.errorMessage(7, 200, 'No security definition has been found for the request'));
    expect(err.errors[0]).toMatchObject({ code: 200 });
    expect(decode(enc.errorMessage(-1, 326, 'text with \0 inside')).infos[0].message).toBe('text with   inside');
  });

  it('contract data (42 fields + 2 per secId) for a stock and an option, and its end', () => {
    const [reqId, d] = decodesTo(enc.contractData(3, stock), EventName.contractDetails) as [number, { contract: { conId: number }; secIdList: unknown[]; stockType: string; suggestedSizeIncrement: number }];
    expect(reqId).toBe(3);
    expect(d.contract.conId).toBe(756733);
    expect(d.secIdList).toEqual([{ tag: 'ISIN', value: 'US78462F1030' }]);
    expect(d.stockType).toBe('ETF');
    const option = { ...stock, secType: 'OPT', lastTradeDateOrContractMonth: '20120120', lastTradeDate: '20120120', strike: 127, right: 'C' as const, multiplier: '100', secIds: [], underConId: 756733, underSymbol: 'SPY', underSecType: 'STK' };
    const [, o] = decodesTo(enc.contractData(4, option), EventName.contractDetails) as [number, { contract: { right: string; strike: number; multiplier: number }; underConId: number }];
    expect(o.contract).toMatchObject({ right: 'C', strike: 127, multiplier: 100 });
    expect(o.underConId).toBe(756733);
    expect(decodesTo(enc.contractDataEnd(4), EventName.contractDetailsEnd)).toEqual([4]);
  });

  it('option chain parameters, matching symbols, head timestamp', () => {
    const args = decodesTo(enc.secDefOptParameter(5, 'SMART', 756733, 'SPY', '100', ['20120120', '20120217'], [120, 120.5, 121]), EventName.securityDefinitionOptionParameter);
    expect(args).toEqual([5, 'SMART', 756733, 'SPY', 100, ['20120120', '20120217'], [120, 120.5, 121]]);
    expect(decodesTo(enc.secDefOptParameterEnd(5), EventName.securityDefinitionOptionParameterEnd)).toEqual([5]);
    const [, samples] = decodesTo(
      enc.symbolSamples(6, [
        { conId: 1, symbol: 'SPY', secType: 'STK', primaryExch: 'ARCA', currency: 'USD', derivativeSecTypes: ['OPT', 'WAR'], description: 'SPDR' },
        { conId: 2, symbol: 'VIX', secType: 'IND', primaryExch: 'CBOE', currency: 'USD', derivativeSecTypes: [], description: 'VIX' },
      ]),
      EventName.symbolSamples,
    ) as [number, { derivativeSecTypes: string[] }[]];
    expect(samples.map((s) => s.derivativeSecTypes)).toEqual([['OPT', 'WAR'], []]);
    expect(decodesTo(enc.headTimestamp(7, '19930129-09:30:00'), EventName.headTimestamp)).toEqual([7, '19930129-09:30:00']);
  });

  it('market data ticks, option computations (with not-computed values) and snapshot end', () => {
    expect(decodesTo(enc.marketDataType(8, 3), EventName.marketDataType)).toEqual([8, 3]);
    expect(decodesTo(enc.tickReqParams(8, 0.01, '9c0001', 3), EventName.tickReqParams)).toEqual([8, 0, '9c0001', 3]); // stoqey parses minTick with parseInt
    const price = decode(enc.tickPrice(8, 2, 127.77, 4500, 1));
    expect(price.errors).toEqual([]);
    expect(price.events.map((e) => [e.name, ...e.args])).toEqual([
      [EventName.tickPrice, 8, 2, 127.77, true],
      [EventName.tickSize, 8, 3, 4500],
    ]);
    expect(decodesTo(enc.tickSize(8, 8, 1234567), EventName.tickSize)).toEqual([8, 8, 1234567]);
    expect(decodesTo(enc.tickGeneric(8, 49, 0), EventName.tickGeneric)).toEqual([8, 49, 0]);
    expect(decodesTo(enc.tickString(8, 45, '1325601000'), EventName.tickString)).toEqual([8, 45, '1325601000']);
    const comp = decodesTo(enc.tickOptionComputation(9, 13, 1, 0.2, 0.5, 2.1, 0.01, 0.1, 0.12, -0.05, 127.6), EventName.tickOptionComputation);
    expect(comp).toEqual([9, 13, 1, 0.2, 0.5, 2.1, 0.01, 0.1, 0.12, -0.05, 127.6]);
    const none = decodesTo(enc.tickOptionComputation(9, 10, 1, NaN, NaN, 0, NaN, NaN, NaN, NaN, NaN), EventName.tickOptionComputation);
    expect(none).toEqual([9, 10, 1, undefined, undefined, 0, undefined, undefined, undefined, undefined, undefined]);
    expect(decodesTo(enc.tickSnapshotEnd(9), EventName.tickSnapshotEnd)).toEqual([9]);
  });

  it('historical bars, bar updates (close, high, low wire order) and real-time bars', () => {
    const bars = { length: 2, date: ['20120103', '20120104'], open: [1, 2], high: [3, 4], low: [0.5, 1.5], close: [2, 3], volume: [100, -1], wap: [1.8, -1], count: [10, -1] };
    const d = decode(enc.historicalData(10, 'a', 'b', bars));
    expect(d.errors).toEqual([]);
    expect(d.events.map((e) => e.args)).toEqual([
      [10, '20120103', 1, 3, 0.5, 2, 100, 10, 1.8, undefined],
      [10, '20120104', 2, 4, 1.5, 3, -1, -1, -1, undefined],
      [10, 'finished-a-b', -1, -1, -1, -1, -1, -1, -1, false],
    ]);
    expect(decodesTo(enc.historicalDataUpdate(11, 7, '1325601000', 1, 3, 0.5, 2, 1.9, 700), EventName.historicalDataUpdate)).toEqual([11, '1325601000', 1, 3, 0.5, 2, 700, 7, 1.9]);
    expect(decodesTo(enc.realTimeBar(12, 1325601005, 1, 3, 0.5, 2, 100, 1.8, 4), EventName.realtimeBar)).toEqual([12, 1325601005, 1, 3, 0.5, 2, 100, 1.8, 4]);
  });

  it('the empty account and order answers phase 1 sends', () => {
    decodesTo(enc.positionEnd(), EventName.positionEnd);
    decodesTo(enc.openOrderEnd(), EventName.openOrderEnd);
    expect(decodesTo(enc.executionDataEnd(13), EventName.execDetailsEnd)).toEqual([13]);
    decodesTo(enc.completedOrdersEnd(), EventName.completedOrdersEnd);
    expect(decodesTo(enc.accountSummary(14, 'DU1', 'NetLiquidation', '100000', 'USD'), EventName.accountSummary)).toEqual([14, 'DU1', 'NetLiquidation', '100000', 'USD']);
    expect(decodesTo(enc.accountSummaryEnd(14), EventName.accountSummaryEnd)).toEqual([14]);
    expect(decodesTo(enc.accountDownloadEnd('DU1'), EventName.accountDownloadEnd)).toEqual(['DU1']);
    expect(decodesTo(enc.accountUpdateTime('10:30'), EventName.updateAccountTime)).toEqual(['10:30']);
  });

  it('order messages: OPEN_ORDER (133 fields plain, + 8 per combo leg), ORDER_STATUS, EXECUTION_DATA, COMMISSION_REPORT, COMPLETED_ORDER (98)', () => {
    const fields = (body: string) => body.split('\0').length - 1;
    expect(fields(enc.openOrder(plainOrder))).toBe(133);
    const [orderId, contract, order, state] = decodesTo(enc.openOrder(plainOrder), EventName.openOrder) as [number, Record<string, unknown>, Record<string, unknown>, Record<string, unknown>];
    expect(orderId).toBe(7);
    expect(contract).toMatchObject({ conId: 756733, symbol: 'SPY', secType: 'STK', exchange: 'SMART', currency: 'USD' });
    expect(order).toMatchObject({ action: 'BUY', totalQuantity: 100, orderType: 'LMT', lmtPrice: 127.5, tif: 'GTC', ocaGroup: 'g', ocaType: 1, account: 'DU1', orderRef: 'r', clientId: 3, permId: 1000001, parentId: 5, triggerMethod: 2 });
    expect(order.auxPrice).toBeUndefined();
    expect(state).toMatchObject({ status: 'Submitted', commission: 0.35, commissionCurrency: 'USD' });
    const trail = decodesTo(enc.openOrder({ ...plainOrder, orderType: 'TRAIL', lmtPrice: undefined, auxPrice: 0.5, trailStopPrice: 126.25, commission: undefined }), EventName.openOrder)[2] as Record<string, unknown>;
    expect(trail).toMatchObject({ orderType: 'TRAIL', auxPrice: 0.5, trailStopPrice: 126.25 });
    const legs = [
      { conId: 1001, ratio: 1, action: 'BUY', exchange: 'SMART', openClose: 0, shortSaleSlot: 0, designatedLocation: '', exemptCode: -1 },
      { conId: 1002, ratio: 2, action: 'SELL', exchange: 'SMART', openClose: 0, shortSaleSlot: 0, designatedLocation: '', exemptCode: -1 },
    ];
    const bag = { ...plainOrder, contract: { ...plainOrder.contract, secType: 'BAG', conId: 0 }, comboLegs: legs };
    expect(fields(enc.openOrder(bag))).toBe(133 + 16);
    const [, bagContract] = decodesTo(enc.openOrder(bag), EventName.openOrder) as [number, { comboLegs: { conId: number; ratio: number; action: string }[]; comboLegsDescription: string }];
    expect(bagContract.comboLegs.map((l) => [l.conId, l.ratio, l.action])).toEqual([[1001, 1, 'BUY'], [1002, 2, 'SELL']]);
    expect(bagContract.comboLegsDescription).toBe('1001|1,1002|2');

    expect(fields(enc.orderStatus(7, 'Filled', 100, 0, 127.5, 1000001, 5, 127.5, 3, '', 0))).toBe(12);
    expect(decodesTo(enc.orderStatus(7, 'Filled', 100, 0, 127.5, 1000001, 5, 127.5, 3, '', 0), EventName.orderStatus)).toEqual([7, 'Filled', 100, 0, 127.5, 1000001, 5, 127.5, 3, '', 0]);

    const exec = { orderId: 7, contract: plainOrder.contract, execId: '0000e001.000f4241.01.01', time: '20120103 10:00:00 US/Eastern', account: 'DU1', exchange: 'ARCA', side: 'BOT' as const, shares: 100, price: 127.5, permId: 1000001, clientId: 3, cumQty: 100, avgPrice: 127.5, orderRef: 'r', lastLiquidity: 2 };
    expect(fields(enc.executionData(-1, exec))).toBe(32);
    const [reqId, execContract, execution] = decodesTo(enc.executionData(-1, exec), EventName.execDetails) as [number, Record<string, unknown>, Record<string, unknown>];
    expect(reqId).toBe(-1);
    expect(execContract).toMatchObject({ conId: 756733, symbol: 'SPY' });
    expect(execution).toMatchObject({ orderId: 7, execId: exec.execId, time: exec.time, acctNumber: 'DU1', exchange: 'ARCA', side: 'BOT', shares: 100, price: 127.5, permId: 1000001, clientId: 3, cumQty: 100, avgPrice: 127.5, orderRef: 'r', lastLiquidity: 2 });

    expect(fields(enc.commissionReport('x', 0.35, 'USD', undefined))).toBe(8);
    expect(decodesTo(enc.commissionReport('x', 0.35, 'USD', undefined), EventName.commissionReport)[0]).toMatchObject({ execId: 'x', commission: 0.35, currency: 'USD', realizedPNL: undefined, yield: undefined });
    expect(decodesTo(enc.commissionReport('y', 1, 'USD', -12.5), EventName.commissionReport)[0]).toMatchObject({ realizedPNL: -12.5 });

    const done = { ...plainOrder, status: 'Filled', filledQuantity: 100, completedTime: '20120103 10:00:00 US/Eastern', completedStatus: 'Filled' };
    expect(fields(enc.completedOrder(done))).toBe(98);
    const [cContract, cOrder, cState] = decodesTo(enc.completedOrder(done), EventName.completedOrder) as Record<string, unknown>[];
    expect(cContract).toMatchObject({ conId: 756733, symbol: 'SPY' });
    expect(cOrder).toMatchObject({ action: 'BUY', totalQuantity: 100, orderType: 'LMT', lmtPrice: 127.5, permId: 1000001, filledQuantity: 100 });
    expect(cState).toMatchObject({ status: 'Filled', completedTime: done.completedTime, completedStatus: 'Filled' });
    expect(fields(enc.completedOrder({ ...done, comboLegs: legs }))).toBe(98 + 16);
    decodesTo(enc.completedOrder({ ...done, comboLegs: legs }), EventName.completedOrder);
  });

  it('account messages: POSITION, PORTFOLIO_VALUE, ACCT_VALUE, PNL, PNL_SINGLE', () => {
    const c = plainOrder.contract;
    expect(decodesTo(enc.position('DU1', c, 100, 127.5035), EventName.position)).toEqual(['DU1', expect.objectContaining({ conId: 756733, symbol: 'SPY' }), 100, 127.5035]);
    const option = { ...c, conId: 1000000001, secType: 'OPT', lastTradeDateOrContractMonth: '20120120', strike: 130, right: 'P' as const, multiplier: '100', localSymbol: 'SPY   120120P00130000' };
    expect(decodesTo(enc.position('DU1', option, -2, 250.65), EventName.position)[1]).toMatchObject({ right: 'P', strike: 130, multiplier: 100 });
    const pv = decodesTo(enc.portfolioValue(c, 100, 128, 12800, 127.5, 50, 0, 'DU1'), EventName.updatePortfolio);
    expect(pv.slice(1)).toEqual([100, 128, 12800, 127.5, 50, 0, 'DU1']);
    expect(pv[0]).toMatchObject({ conId: 756733, primaryExch: 'ARCA', tradingClass: 'SPY' });
    expect(decodesTo(enc.accountValue('NetLiquidation', '1000000.00', 'USD', 'DU1'), EventName.updateAccountValue)).toEqual(['NetLiquidation', '1000000.00', 'USD', 'DU1']);
    expect(decodesTo(enc.pnl(9, 12.5, 10, 2.5), EventName.pnl)).toEqual([9, 12.5, 10, 2.5]);
    expect(decodesTo(enc.pnlSingle(9, 100, 12.5, 10, 2.5, 12800), EventName.pnlSingle)).toEqual([9, 100, 12.5, 10, 2.5, 12800]);
  });

  it('a message with a field missing or one too many is what the client reports as 505', () => {
    const short = enc.tickSize(8, 8, 1).replace(/[^\0]*\0$/, '');
    expect(decode(short).errors[0]).toMatchObject({ code: 505 });
    expect(decode(`${enc.tickSize(8, 8, 1)}extra\0`).errors[0]).toMatchObject({ code: 505 });
  });
});

describe('the test fixture', () => {
  it('records a 505 the real client reports, so a layout bug fails the test', async () => {
    // A module that answers reqMarketRule with a TICK_SIZE one field short.
    const broken: SimulatorModule = {
      name: 'broken',
      handlers: {
        91: ({ session, r }) => {
          r.int('marketRuleId');
          r.end();
          session.send('2\x006\x001\x008\x00');
        },
      },
    };
    const sim = await startTestSimulator({ modules: [broken] });
    try {
      const c = await IbTestClient.connect({ port: sim.port, clientId: 1 });
      c.api.reqMarketRule(26);
      await c.sync();
      expect(c.ledger.problems().join('\n')).toMatch(/505 decoding error.*Underrun error on TICK_SIZE/);
      c.ledger.errors.length = 0; // handled here, so the fixture's own check passes
    } finally {
      await sim.close();
    }
  });
});
