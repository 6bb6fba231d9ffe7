// Every order of the day and every open order, keyed by (client id, order id) as TWS keys them;
// the highest order id each client has used (for 103 "Duplicate order id", which survives the nightly
// restart's nextValidId roll-back, ib-protocol.md P4); perm ids; bracket and OCA relations.

import { isTerminal, type PaperOrder } from './paper-order.ts';

export interface OrderBookData {
  orders: PaperOrder[];
  highestIds: [clientId: number, orderId: number][];
  nextPermId: number;
}

const key = (clientId: number, orderId: number) => `${clientId}:${orderId}`;

export class OrderBook {
  private readonly orders = new Map<string, PaperOrder>();
  private readonly highest = new Map<number, number>();
  private permIds: number;

  constructor(data?: OrderBookData) {
    this.permIds = data?.nextPermId ?? 1_000_001;
    for (const o of data?.orders ?? []) this.orders.set(key(o.clientId, o.id), o);
    for (const [c, id] of data?.highestIds ?? []) this.highest.set(c, id);
  }

  toJSON(): OrderBookData {
    return { orders: [...this.orders.values()], highestIds: [...this.highest], nextPermId: this.permIds };
  }

  get(clientId: number, orderId: number): PaperOrder | undefined {
    return this.orders.get(key(clientId, orderId));
  }

  add(o: PaperOrder): void {
    this.orders.set(key(o.clientId, o.id), o);
    this.noteUsed(o.clientId, o.id);
  }

  nextPermId(): number {
    return this.permIds++;
  }

  /** The highest order id `clientId` has used (0 when none). */
  highestUsed(clientId: number): number {
    return this.highest.get(clientId) ?? 0;
  }

  noteUsed(clientId: number, orderId: number): void {
    if (orderId > this.highestUsed(clientId)) this.highest.set(clientId, orderId);
  }

  /** Every order, in placement order. */
  all(): PaperOrder[] {
    return [...this.orders.values()];
  }

  /** Orders not yet finished (working, held, untransmitted), optionally of one client. */
  open(clientId?: number): PaperOrder[] {
    const out: PaperOrder[] = [];
    for (const o of this.orders.values()) if (!isTerminal(o) && (clientId === undefined || o.clientId === clientId)) out.push(o);
    return out;
  }

  /** Finished orders in completion order. */
  completed(): PaperOrder[] {
    return this.all()
      .filter(isTerminal)
      .sort((a, b) => (a.completedAt ?? 0) - (b.completedAt ?? 0) || a.permId - b.permId);
  }

  /** Child orders of a bracket parent. */
  children(parent: PaperOrder): PaperOrder[] {
    return this.all().filter((o) => o.parentId === parent.id && o.clientId === parent.clientId && o !== parent);
  }

  parentOf(o: PaperOrder): PaperOrder | undefined {
    return o.parentId > 0 ? this.get(o.clientId, o.parentId) : undefined;
  }

  /**
   * Open orders that one-cancels-all with `o`: the same non-empty OCA group (per account), or,
   * for a bracket child, its siblings (TWS links a bracket's children as an OCA group).
   */
  ocaPeers(o: PaperOrder): PaperOrder[] {
    return this.open().filter(
      (p) => p !== o && ((o.ocaGroup !== '' && p.ocaGroup === o.ocaGroup && p.account === o.account) || (o.parentId > 0 && p.parentId === o.parentId && p.clientId === o.clientId)),
    );
  }

  /** Drops finished orders (a new session starts: TWS lists only today's completed orders). */
  pruneCompleted(): void {
    for (const [k, o] of this.orders) if (isTerminal(o)) this.orders.delete(k);
  }
}
