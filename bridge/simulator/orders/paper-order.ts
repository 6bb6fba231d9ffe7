// A paper order: the shared domain Order (shared/domain/order.ts: instrument, side, quantity, type,
// prices, time in force, ref, status, fills) plus what the TWS wire adds — the client and perm ids,
// the account, the contract and combo legs as echoed, the request's own spellings, and the TWS
// order attributes the paper broker honours or echoes (ib-protocol.md §5 "Order status strings").
// Plain data: persisted as is.
import type { Order, OrderType } from '../../../shared/domain/order.ts';
import type { ComboLegFields, ContractFields, OrderFields } from '../wire/order-encoders.ts';
import type { OrderCondition } from '../wire/order-conditions.ts';
import { formatEasternWithZone } from '../../../shared/time/tws-time.ts';

/** The order types the paper broker executes (the shared model's types). */
export const SUPPORTED_ORDER_TYPES: readonly OrderType[] = ['MKT', 'LMT', 'STP', 'STP LMT', 'MOC', 'TRAIL'];

/** One leg of a combo order as the broker executes it (a BUY combo buys `buy` legs). */
export interface OrderLeg {
  conId: number;
  ratio: number;
  buy: boolean;
  contract: ContractFields;
  multiplier: number;
  /** Commission charged on this leg so far (the per-order minimum applies per leg). */
  commission: number;
  filled: number;
  avgPrice: number;
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

export interface PaperOrder extends Mutable<Order> {
  /** 0 when it has no parent. */
  parentId: number;
  /** '' when it is in no OCA group. */
  ocaGroup: string;
  clientId: number;
  permId: number;
  account: string;
  /** As echoed in order messages (BAG: the combo contract). */
  contract: ContractFields;
  comboLegs: ComboLegFields[];
  legs: OrderLeg[];
  /** The request's own spellings, echoed in OPEN_ORDER / COMPLETED_ORDER (action may be SSHORT). */
  echo: { action: string; orderType: string; tif: string; openClose: string };
  ocaType: number;
  origin: number;
  outsideRth: boolean;
  hidden: boolean;
  displaySize: number | undefined;
  allOrNone: boolean;
  minQty: number | undefined;
  goodTillDate: string;
  /** goodAfterTime as sent ('' when none) and the replay instant it names (order-times.ts). */
  goodAfterTime?: string;
  activeFrom?: number;
  /** GTD: the replay instant the order is cancelled at. */
  expiresAt?: number;
  /** Order conditions (conditions.ts): the order is submitted once they hold, or cancelled with conditionsCancelOrder. */
  conditions?: OrderCondition[];
  conditionsIgnoreRth?: boolean;
  conditionsCancelOrder?: boolean;
  /** The submit conditions held once (TWS does not check them again after submitting the order). */
  conditionsMet?: boolean;
  transmit: boolean;
  triggerMethod: number;
  whyHeld: string;
  lastFillPrice: number;
  /** Evaluated against at least one quote after it arrived (a limit that rests fills at its limit). */
  resting: boolean;
  /** Replay instants. */
  completedAt: number | undefined;
  completedStatus: string;
}

export function isTerminal(o: PaperOrder): boolean {
  return o.status === 'Filled' || o.status === 'Cancelled' || o.status === 'Inactive';
}

export function remaining(o: PaperOrder): number {
  return Math.max(0, o.quantity - o.filled);
}

/** Whether the order may trade now: transmitted, not held behind an unfilled parent, not finished. */
export function isWorking(o: PaperOrder): boolean {
  return o.status === 'Submitted' && o.transmit;
}

export function isOptionOrder(o: PaperOrder): boolean {
  return o.instrument.secType === 'OPT';
}

/** TWS's auxPrice: the stop price, or a trailing order's trailing amount. */
export function auxPriceOf(o: PaperOrder): number | undefined {
  return o.type === 'TRAIL' ? o.trailAmount : o.stopPrice;
}

/** The OPEN_ORDER / COMPLETED_ORDER view of an order. */
export function orderFields(o: PaperOrder): OrderFields {
  return {
    orderId: o.id,
    contract: o.contract,
    comboLegs: o.comboLegs,
    orderComboLegPrices: [],
    action: o.echo.action,
    totalQuantity: o.quantity,
    orderType: o.echo.orderType,
    lmtPrice: o.limitPrice,
    auxPrice: auxPriceOf(o),
    tif: o.echo.tif,
    ocaGroup: o.ocaGroup,
    ocaType: o.ocaType,
    account: o.account,
    openClose: o.echo.openClose,
    origin: o.origin,
    orderRef: o.ref,
    clientId: o.clientId,
    permId: o.permId,
    outsideRth: o.outsideRth,
    hidden: o.hidden,
    goodAfterTime: o.goodAfterTime ?? '',
    goodTillDate: o.goodTillDate,
    displaySize: o.displaySize,
    allOrNone: o.allOrNone,
    minQty: o.minQty,
    parentId: o.parentId,
    triggerMethod: o.triggerMethod,
    trailStopPrice: o.type === 'TRAIL' && o.trailStop === o.trailStop ? o.trailStop : undefined,
    trailingPercent: o.trailPercent,
    status: o.status,
    commission: o.filled > 0 ? Math.round(commissionOf(o) * 100) / 100 : undefined,
    filledQuantity: o.filled,
    completedTime: o.completedAt === undefined ? '' : formatEasternWithZone(o.completedAt),
    completedStatus: o.completedStatus,
    conditions: o.conditions?.length ? { conditions: o.conditions, conditionsIgnoreRth: o.conditionsIgnoreRth ?? false, conditionsCancelOrder: o.conditionsCancelOrder ?? false } : undefined,
  };
}

/** Commission paid on the order so far (legs summed for combos). */
export function commissionOf(o: PaperOrder): number {
  return o.legs.length > 0 ? o.legs.reduce((s, l) => s + l.commission, 0) : o.commission;
}
