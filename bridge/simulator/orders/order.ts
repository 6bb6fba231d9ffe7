// A paper order as the broker keeps it (plain data: persisted as is), its statuses (ib-protocol.md
// §5 "Order status strings") and how it is shown in OPEN_ORDER / COMPLETED_ORDER.

import type { ComboLegFields, ContractFields, OrderFields } from '../wire/order-encoders.ts';
import { formatEasternWithZone } from '../market/us-eastern.ts';

export type OrderStatus = 'PreSubmitted' | 'Submitted' | 'PendingCancel' | 'Cancelled' | 'Filled' | 'Inactive';

/** The order types the paper broker executes. */
export const SUPPORTED_ORDER_TYPES = ['MKT', 'LMT', 'STP', 'STP LMT', 'MOC', 'TRAIL'] as const;
export type SimOrderType = (typeof SUPPORTED_ORDER_TYPES)[number];
export const SUPPORTED_TIFS = ['DAY', 'GTC', 'IOC'] as const;

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

export interface SimOrder {
  clientId: number;
  orderId: number;
  permId: number;
  account: string;
  /** As echoed in order messages (BAG: the combo contract). */
  contract: ContractFields;
  /** Instrument traded (0 for a combo: see legs). */
  conId: number;
  multiplier: number;
  isOption: boolean;
  comboLegs: ComboLegFields[];
  legs: OrderLeg[];
  action: string;
  buy: boolean;
  totalQuantity: number;
  orderType: SimOrderType;
  lmtPrice: number | undefined;
  auxPrice: number | undefined;
  trailingPercent: number | undefined;
  /** TRAIL: the current stop price (NaN until the first quote sets it). */
  trailStopPrice: number | undefined;
  tif: string;
  ocaGroup: string;
  ocaType: number;
  orderRef: string;
  openClose: string;
  origin: number;
  outsideRth: boolean;
  hidden: boolean;
  displaySize: number | undefined;
  allOrNone: boolean;
  minQty: number | undefined;
  goodTillDate: string;
  transmit: boolean;
  parentId: number;
  triggerMethod: number;
  status: OrderStatus;
  whyHeld: string;
  filled: number;
  avgFillPrice: number;
  lastFillPrice: number;
  /** Commission charged so far (single-instrument orders; combos sum their legs). */
  commission: number;
  /** A stop (STP, STP LMT, TRAIL) whose trigger was hit. */
  triggered: boolean;
  /** Evaluated against at least one quote after it arrived (a limit that rests fills at its limit). */
  resting: boolean;
  /** Replay instants. */
  placedAt: number;
  completedAt: number | undefined;
  completedStatus: string;
}

export function isTerminal(o: SimOrder): boolean {
  return o.status === 'Filled' || o.status === 'Cancelled' || o.status === 'Inactive';
}

export function remaining(o: SimOrder): number {
  return Math.max(0, o.totalQuantity - o.filled);
}

/** Whether the order may trade now: transmitted, not held behind an unfilled parent, not finished. */
export function isWorking(o: SimOrder): boolean {
  return o.status === 'Submitted' && o.transmit;
}

/** The OPEN_ORDER / COMPLETED_ORDER view of an order. */
export function orderFields(o: SimOrder): OrderFields {
  return {
    orderId: o.orderId,
    contract: o.contract,
    comboLegs: o.comboLegs,
    orderComboLegPrices: [],
    action: o.action,
    totalQuantity: o.totalQuantity,
    orderType: o.orderType,
    lmtPrice: o.lmtPrice,
    auxPrice: o.auxPrice,
    tif: o.tif,
    ocaGroup: o.ocaGroup,
    ocaType: o.ocaType,
    account: o.account,
    openClose: o.openClose,
    origin: o.origin,
    orderRef: o.orderRef,
    clientId: o.clientId,
    permId: o.permId,
    outsideRth: o.outsideRth,
    hidden: o.hidden,
    goodAfterTime: '',
    goodTillDate: o.goodTillDate,
    displaySize: o.displaySize,
    allOrNone: o.allOrNone,
    minQty: o.minQty,
    parentId: o.parentId,
    triggerMethod: o.triggerMethod,
    trailStopPrice: o.orderType === 'TRAIL' && o.trailStopPrice === o.trailStopPrice ? o.trailStopPrice : undefined,
    trailingPercent: o.trailingPercent,
    status: o.status,
    commission: o.filled > 0 ? Math.round(commissionOf(o) * 100) / 100 : undefined,
    filledQuantity: o.filled,
    completedTime: o.completedAt === undefined ? '' : formatEasternWithZone(o.completedAt),
    completedStatus: o.completedStatus,
  };
}

/** Commission paid on the order so far (legs summed for combos). */
export function commissionOf(o: SimOrder): number {
  return o.legs.length > 0 ? o.legs.reduce((s, l) => s + l.commission, 0) : o.commission;
}
