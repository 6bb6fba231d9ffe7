// The order conditions block of PLACE_ORDER, OPEN_ORDER and COMPLETED_ORDER (ib-protocol.md §4.1,
// §5.2): conditionsCount, then per condition its type, its conjunction with the NEXT condition
// ("a" AND, "o" OR) and the fields of its type, then conditionsIgnoreRth and conditionsCancelOrder
// (only when the count is > 0). Field order per type, as the TWS API writes and reads them:
//   1 price:          isMore, price, conId, exchange, triggerMethod
//   3 time:           isMore, time ("yyyyMMdd HH:mm:ss [zone]")
//   4 margin:         isMore, percent (an integer: the cushion in %)
//   5 execution:      secType, exchange, symbol
//   6 volume:         isMore, volume (an integer), conId, exchange
//   7 percent change: isMore, percent, conId, exchange

import type { FieldReader } from './field-reader.ts';
import { msg } from './fields.ts';

interface Base {
  /** Conjunction with the next condition as sent: 'a' (AND), 'o' (OR) or '' (unset: AND). */
  conjunction: string;
}
export type OrderCondition =
  | (Base & { type: 1; isMore: boolean; price: number; conId: number; exchange: string; triggerMethod: number })
  | (Base & { type: 3; isMore: boolean; time: string })
  | (Base & { type: 4; isMore: boolean; percent: number })
  | (Base & { type: 5; secType: string; exchange: string; symbol: string })
  | (Base & { type: 6; isMore: boolean; volume: number; conId: number; exchange: string })
  | (Base & { type: 7; isMore: boolean; percent: number; conId: number; exchange: string });

export interface ConditionsBlock {
  conditions: OrderCondition[];
  conditionsIgnoreRth: boolean;
  conditionsCancelOrder: boolean;
}

/** At most this many conditions per order. */
export const MAX_CONDITIONS = 64;

function number(r: FieldReader, what: string): number {
  const v = r.num(what);
  if (v === undefined) throw r.invalid(what, 'a number is required');
  return v;
}

/** Reads conditionsCount and the block that follows it. */
export function readConditions(r: FieldReader): ConditionsBlock {
  const n = r.intOr('conditionsCount', 0);
  if (n < 0 || n > MAX_CONDITIONS) throw r.invalid('conditionsCount', `${n} is out of range (expected 0..${MAX_CONDITIONS})`);
  const conditions: OrderCondition[] = [];
  for (let i = 0; i < n; i++) {
    const what = `condition ${i}`;
    const type = r.int(`${what} type`);
    if (![1, 3, 4, 5, 6, 7].includes(type)) throw r.invalid(`${what} type`, `${type} is not a condition type (1, 3, 4, 5, 6 or 7)`);
    const conjunction = r.str(`${what} conjunction`).toLowerCase();
    if (conjunction !== 'a' && conjunction !== 'o' && conjunction !== '') throw r.invalid(`${what} conjunction`, `'${conjunction}' is not a conjunction (a = AND, o = OR)`);
    switch (type) {
      case 1:
        conditions.push({
          type, conjunction, isMore: r.bool(`${what} isMore`), price: number(r, `${what} price`), conId: r.int(`${what} conId`),
          exchange: r.str(`${what} exchange`), triggerMethod: r.intOr(`${what} triggerMethod`, 0),
        });
        break;
      case 3:
        conditions.push({ type, conjunction, isMore: r.bool(`${what} isMore`), time: r.str(`${what} time`) });
        break;
      case 4:
        conditions.push({ type, conjunction, isMore: r.bool(`${what} isMore`), percent: Math.trunc(number(r, `${what} percent`)) });
        break;
      case 5:
        conditions.push({ type, conjunction, secType: r.str(`${what} secType`), exchange: r.str(`${what} exchange`), symbol: r.str(`${what} symbol`) });
        break;
      case 6:
        conditions.push({ type, conjunction, isMore: r.bool(`${what} isMore`), volume: Math.trunc(number(r, `${what} volume`)), conId: r.int(`${what} conId`), exchange: r.str(`${what} exchange`) });
        break;
      default:
        conditions.push({ type: 7, conjunction, isMore: r.bool(`${what} isMore`), percent: number(r, `${what} percent`), conId: r.int(`${what} conId`), exchange: r.str(`${what} exchange`) });
    }
  }
  if (n === 0) return { conditions, conditionsIgnoreRth: false, conditionsCancelOrder: false };
  return { conditions, conditionsIgnoreRth: r.bool('conditionsIgnoreRth'), conditionsCancelOrder: r.bool('conditionsCancelOrder') };
}

/** conditionsCount, the conditions and (when there are any) the two flags, as OPEN_ORDER / COMPLETED_ORDER carry them. */
export function conditionsFields(b: ConditionsBlock | undefined): string {
  if (!b || b.conditions.length === 0) return msg(0);
  let s = msg(b.conditions.length);
  for (const c of b.conditions) {
    s += msg(c.type, c.conjunction);
    switch (c.type) {
      case 1:
        s += msg(c.isMore, c.price, c.conId, c.exchange, c.triggerMethod);
        break;
      case 3:
        s += msg(c.isMore, c.time);
        break;
      case 4:
        s += msg(c.isMore, c.percent);
        break;
      case 5:
        s += msg(c.secType, c.exchange, c.symbol);
        break;
      case 6:
        s += msg(c.isMore, c.volume, c.conId, c.exchange);
        break;
      case 7:
        s += msg(c.isMore, c.percent, c.conId, c.exchange);
        break;
    }
  }
  return s + msg(b.conditionsIgnoreRth, b.conditionsCancelOrder);
}
