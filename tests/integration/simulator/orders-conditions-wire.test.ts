// Wire conformance of the order features of issue 10 (ib-protocol.md §4.1, §5.2): PLACE_ORDER bytes
// as @stoqey/ib's own Encoder writes them — every condition type with its conjunction,
// conditionsIgnoreRth/conditionsCancelOrder, goodAfterTime, goodTillDate, whatIf — read by the
// simulator's decoder; the OPEN_ORDER / COMPLETED_ORDER that echo them, and a whatIf answer's order
// state, decoded by @stoqey/ib's Decoder with no 505 and giving back the same conditions.
import { describe, expect, it } from 'vitest';
import {
  ConjunctionConnection,
  EventName,
  ExecutionCondition,
  MarginCondition,
  OrderAction,
  OrderType,
  PercentChangeCondition,
  PriceCondition,
  SecType,
  TimeCondition,
  TriggerMethod,
  VolumeCondition,
  type Contract,
  type Order,
} from '@stoqey/ib';
import { Encoder } from '@stoqey/ib/dist/core/io/encoder.js';
import { FieldReader } from '../../../bridge/simulator/wire/field-reader.ts';
import { readPlaceOrder } from '../../../bridge/simulator/wire/place-order.ts';
import * as enc from '../../../bridge/simulator/wire/encoders.ts';
import { decode as decodeAll } from '../../support/ib-decode.ts';

/** Decoded events, with errors and notices both counted as errors. */
const decode = (body: string) => {
  const d = decodeAll(body);
  return { events: d.events, errors: [...d.errors, ...d.infos] };
};
import type { OrderFields, WhatIfState } from '../../../bridge/simulator/wire/order-encoders.ts';

/** The PLACE_ORDER payload the real client sends at server version 193. */
function placeOrderPayload(id: number, contract: Contract, order: Order): Buffer {
  let tokens: unknown[] = [];
  const encoder = new Encoder({
    serverVersion: 193,
    sendMsg: (...args: unknown[]) => (tokens = (args as unknown[]).flat(Infinity)),
    emitError: (msg: string) => {
      throw new Error(msg);
    },
  });
  encoder.placeOrder(id, contract, order);
  const fields = tokens.map((v) => (v === true ? '1' : v === false ? '0' : v === undefined || v === null ? '' : String(v)));
  return Buffer.from(fields.join('\0') + '\0');
}

const SPY: Contract = { symbol: 'SPY', secType: SecType.STK, exchange: 'SMART', currency: 'USD' };
const CONDITIONS = [
  new PriceCondition(128.5, TriggerMethod.Last, 756733, 'SMART', true, ConjunctionConnection.OR),
  new TimeCondition('20120103 11:30:00 US/Eastern', true, ConjunctionConnection.AND),
  new MarginCondition(30, false, ConjunctionConnection.AND),
  new ExecutionCondition('SMART', SecType.STK, 'QQQ', ConjunctionConnection.OR),
  new VolumeCondition(1_000_000, 756733, 'SMART', true, ConjunctionConnection.AND),
  new PercentChangeCondition(-1.5, 756733, 'SMART', false, ConjunctionConnection.AND),
];
const ORDER: Order = {
  action: OrderAction.BUY, totalQuantity: 100, orderType: OrderType.LMT, lmtPrice: 127.5, tif: 'GTD', transmit: true, account: 'DU1234567',
  goodAfterTime: '20120103 10:30:00 US/Eastern', goodTillDate: '20120105 16:00:00 US/Eastern',
  conditions: CONDITIONS, conditionsIgnoreRth: true, conditionsCancelOrder: false,
};

describe('PLACE_ORDER with conditions, good-after/good-till times and whatIf, from the real client', () => {
  it('reads every condition type, both flags, the times and whatIf; a malformed condition is a 320', () => {
    const req = readPlaceOrder(FieldReader.fromPayload(placeOrderPayload(9, SPY, { ...ORDER, whatIf: true })));
    expect(req.unsupported).toEqual([]);
    expect(req).toMatchObject({ orderId: 9, tif: 'GTD', goodAfterTime: ORDER.goodAfterTime, goodTillDate: ORDER.goodTillDate, whatIf: true });
    expect(req.conditions).toEqual({
      conditionsIgnoreRth: true,
      conditionsCancelOrder: false,
      conditions: [
        { type: 1, conjunction: 'o', isMore: true, price: 128.5, conId: 756733, exchange: 'SMART', triggerMethod: 2 },
        { type: 3, conjunction: 'a', isMore: true, time: '20120103 11:30:00 US/Eastern' },
        { type: 4, conjunction: 'a', isMore: false, percent: 30 },
        { type: 5, conjunction: 'o', secType: 'STK', exchange: 'SMART', symbol: 'QQQ' },
        { type: 6, conjunction: 'a', isMore: true, volume: 1_000_000, conId: 756733, exchange: 'SMART' },
        { type: 7, conjunction: 'a', isMore: false, percent: -1.5, conId: 756733, exchange: 'SMART' },
      ],
    });
    const plain = readPlaceOrder(FieldReader.fromPayload(placeOrderPayload(10, SPY, { action: OrderAction.BUY, totalQuantity: 1, orderType: OrderType.MKT, transmit: true })));
    expect(plain.conditions).toEqual({ conditions: [], conditionsIgnoreRth: false, conditionsCancelOrder: false });
    expect(plain.whatIf).toBe(false);
    const bad = placeOrderPayload(11, SPY, { ...ORDER, conditions: [new PriceCondition(NaN, TriggerMethod.Last, 756733, 'SMART', true, ConjunctionConnection.AND)] });
    expect(() => readPlaceOrder(FieldReader.fromPayload(bad))).toThrow(/condition 0 price/);
  });

  it('OPEN_ORDER and COMPLETED_ORDER echo the conditions and times; the client decodes them back identically', () => {
    const req = readPlaceOrder(FieldReader.fromPayload(placeOrderPayload(9, SPY, ORDER)));
    const fields: OrderFields = {
      orderId: 9, contract: { conId: 756733, symbol: 'SPY', secType: 'STK', lastTradeDateOrContractMonth: '', strike: 0, right: '', multiplier: '', exchange: 'SMART', primaryExch: 'ARCA', currency: 'USD', localSymbol: 'SPY', tradingClass: 'SPY' },
      comboLegs: [], orderComboLegPrices: [], action: 'BUY', totalQuantity: 100, orderType: 'LMT', lmtPrice: 127.5, auxPrice: undefined, tif: 'GTD', ocaGroup: '', ocaType: 0,
      account: 'DU1234567', openClose: '', origin: 0, orderRef: '', clientId: 1, permId: 1000001, outsideRth: false, hidden: false, goodAfterTime: req.goodAfterTime, goodTillDate: req.goodTillDate,
      displaySize: undefined, allOrNone: false, minQty: undefined, parentId: 0, triggerMethod: 0, trailStopPrice: undefined, trailingPercent: undefined, status: 'PreSubmitted',
      commission: undefined, filledQuantity: 0, completedTime: '', completedStatus: '', conditions: req.conditions,
    };
    const open = decode(enc.openOrder(fields));
    expect(open.errors).toEqual([]);
    const [, , order] = open.events.find((e) => e.name === EventName.openOrder)!.args as [number, unknown, Order];
    expect(order.conditions).toEqual(CONDITIONS);
    expect(order).toMatchObject({ conditionsIgnoreRth: true, conditionsCancelOrder: false, goodAfterTime: ORDER.goodAfterTime, goodTillDate: ORDER.goodTillDate, tif: 'GTD' });
    const done = decode(enc.completedOrder({ ...fields, status: 'Cancelled', completedStatus: 'Cancelled' }));
    expect(done.errors).toEqual([]);
    const [, completed] = done.events.find((e) => e.name === EventName.completedOrder)!.args as [unknown, Order];
    expect(completed.conditions).toEqual(CONDITIONS);
    expect(completed.conditionsCancelOrder).toBe(false);
  });

  it('a whatIf answer carries the margin impact and the commission range in its order state', () => {
    const w: WhatIfState = {
      initMarginBefore: 0, maintMarginBefore: 0, equityWithLoanBefore: 1_000_000, initMarginChange: 6387.5, maintMarginChange: 3193.75, equityWithLoanChange: -0.35,
      initMarginAfter: 6387.5, maintMarginAfter: 3193.75, equityWithLoanAfter: 999_999.65, commission: 0.35, minCommission: 0.35, maxCommission: 0.35, commissionCurrency: 'USD', warningText: '',
    };
    const body = enc.openOrder({
      orderId: 12, contract: { conId: 756733, symbol: 'SPY', secType: 'STK', lastTradeDateOrContractMonth: '', strike: 0, right: '', multiplier: '', exchange: 'SMART', primaryExch: 'ARCA', currency: 'USD', localSymbol: 'SPY', tradingClass: 'SPY' },
      comboLegs: [], orderComboLegPrices: [], action: 'BUY', totalQuantity: 100, orderType: 'MKT', lmtPrice: undefined, auxPrice: undefined, tif: 'DAY', ocaGroup: '', ocaType: 0,
      account: 'DU1234567', openClose: '', origin: 0, orderRef: '', clientId: 1, permId: 0, outsideRth: false, hidden: false, goodAfterTime: '', goodTillDate: '',
      displaySize: undefined, allOrNone: false, minQty: undefined, parentId: 0, triggerMethod: 0, trailStopPrice: undefined, trailingPercent: undefined, status: 'PreSubmitted',
      commission: undefined, filledQuantity: 0, completedTime: '', completedStatus: '', whatIf: w,
    });
    expect(body.split('\0').length - 1).toBe(133);
    const d = decode(body);
    expect(d.errors).toEqual([]);
    const [, , order, state] = d.events.find((e) => e.name === EventName.openOrder)!.args as [number, unknown, Order, Record<string, unknown>];
    expect(order.whatIf).toBe(true);
    const { commissionCurrency, warningText, ...numbers } = w;
    expect(state).toMatchObject({ status: 'PreSubmitted', ...numbers, commissionCurrency, warningText });
  });
});
