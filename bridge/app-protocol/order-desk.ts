// Intents and commands of the app protocol (docs/app-protocol.md §4) on the bridge's order path
// (bridge/trading/order-path.ts). An intent (validated by shared/protocol/validate.ts) becomes one
// order ticket whose ref — IBKR's orderRef — is the intent id (an intent with `combo`: one BAG ticket
// of its legs at the combo's net price), goes through the order guard, and is
// acknowledged only once the journal holds its order or its denial (durable before acknowledged).
// A repeated intent id answers with the order it made (or the denial it got); nothing is sent again.
// Commands: cancel (passes the kill switch), halt / reduce / resume (the kill switch: any welcomed
// client may send them — the WebSocket is already authenticated, and stopping must never wait for a
// particular device), acquireLease / renewLease / releaseLease (a strategy's runner lease for the
// sending device; the ack carries the fencing token every intent of that strategy must carry), and
// (minor 2) arm / disarm: start and stop a configured instance's run in the bridge (bridge/strategies).
import type { AckLease, AckMessage, AckOrder, CommandMessage, ComboIntentMessage, IntentMessage, SingleIntentMessage } from '../../shared/protocol/index.ts';
import { parseInstrumentRef } from '../../shared/protocol/index.ts';
import { combo, instrumentKey, stock, underlyingSymbol, type ComboLeg, type HoldableInstrument } from '../../shared/domain/instrument.ts';
import type { OrderTicket } from '../../shared/domain/order.ts';
import type { Lease } from '../../shared/risk/leases.ts';
import type { ReportedOrder } from '../ib/ibkr-broker.ts';
import type { OrderPath } from '../trading/order-path.ts';
import { contractOf } from './contracts.ts';
import type { StrategyRunners } from '../strategies/strategy-runner.ts';

/** How long an intent may wait for the journal before it is answered JOURNAL_FAILED (nothing was sent then). */
const DURABLE_WAIT_MS = 10_000;

type AckCode = NonNullable<AckMessage['code']>;
/** The order guard's codes an ack carries as they are (the rest are the backtest's: ORDER_REFUSED here). */
const GUARD_CODES: ReadonlySet<string> = new Set<AckCode>([
  'NOT_CONNECTED', 'RECONCILING', 'STALE_INTENT', 'NO_LEASE', 'LEASE_EXPIRED', 'STALE_FENCING_TOKEN', 'NO_PRICE_FOR_LIMIT', 'MAX_ORDER_VALUE', 'MAX_POSITION_SHARE',
  'DAILY_LOSS_LIMIT', 'MAX_OPEN_ORDERS', 'ORDER_RATE', 'SYMBOL_NOT_ALLOWED', 'ORDER_TYPE_NOT_ALLOWED', 'TRADING_HALTED', 'TRADING_REDUCING', 'ORDER_REFUSED', 'UNKNOWN_ORDER',
]);
export const ackCode = (code: string | undefined): AckCode => (code !== undefined && GUARD_CODES.has(code) ? (code as AckCode) : 'ORDER_REFUSED');

export class OrderDesk {
  constructor(
    private readonly path: OrderPath,
    /** Minor 2: arm / disarm start and stop a configured instance's run (bridge/strategies); none = NOT_AVAILABLE. */
    private readonly strategies?: StrategyRunners,
  ) {}

  async intent(device: string, msg: IntentMessage): Promise<AckMessage> {
    const id = msg.intentId;
    const known = this.repeat(id);
    if (known) return known;
    const built = this.ticketOf(id, msg);
    if ('refused' in built) return built.refused;
    const ticket = built.ticket;
    const stamp = msg.strategyId !== undefined && msg.leaseToken !== undefined ? { strategy: msg.strategyId, device, token: msg.leaseToken, createdAt: msg.createdAt } : undefined;
    // The guard values the order at the instrument's mark (a combo at its legs'): one snapshot quote each when the bridge has none.
    if (this.path.tws.isReady()) await this.path.ensureMark(ticket.instrument);
    const again = this.repeat(id); // the same intent may have arrived twice while the quote was asked for
    if (again) return again;
    const r = this.path.broker.submit(ticket, [], stamp);
    const durable = await this.durable(id);
    if (!r.ok) return refuse(id, ackCode(r.code), r.reason);
    if (!durable) return { type: 'ack', id, ok: false, code: 'JOURNAL_FAILED', message: `the order for intent ${id} could not be journaled within ${DURABLE_WAIT_MS} ms, so it is not sent`, order: orderState(r.order) };
    const order = r.order as ReportedOrder;
    if (order.status === 'Inactive' || (order.status === 'Cancelled' && order.filled === 0)) {
      return { type: 'ack', id, ok: false, code: 'ORDER_REFUSED', message: `ORDER_REFUSED: ${order.reason ?? 'the order ended before it was sent'}`, order: orderState(order) };
    }
    return { type: 'ack', id, ok: true, order: orderState(order) };
  }

  async command(device: string, msg: CommandMessage): Promise<AckMessage> {
    const id = msg.commandId;
    const now = this.path.clock.now();
    switch (msg.kind) {
      case 'halt':
      case 'reduce':
      case 'resume': {
        const state = msg.kind === 'halt' ? 'HALTED' : msg.kind === 'reduce' ? 'REDUCING' : 'ACTIVE';
        await this.path.setTradingState(state); // durable before the ack
        return { type: 'ack', id, ok: true, tradingState: state, message: `trading is ${state}` };
      }
      case 'cancel': {
        const order = this.path.rawBroker.orderOfRef(msg.intentId!);
        if (!order) return refuse(id, 'UNKNOWN_ORDER', `intent ${msg.intentId} has no order on this bridge`);
        const r = this.path.broker.tryCancel(order.id);
        return r.ok ? { type: 'ack', id, ok: true, order: orderState(order) } : refuse(id, ackCode(r.code), r.reason);
      }
      case 'modify': {
        const order = this.path.rawBroker.orderOfRef(msg.intentId!);
        if (!order) return refuse(id, 'UNKNOWN_ORDER', `intent ${msg.intentId} has no order on this bridge`);
        const stamp = msg.strategyId !== undefined && msg.leaseToken !== undefined ? { strategy: msg.strategyId, device, token: msg.leaseToken, createdAt: now } : undefined;
        const r = this.path.broker.tryModify(order.id, { limitPrice: msg.limitPrice }, stamp);
        return r.ok ? { type: 'ack', id, ok: true, order: orderState(order), message: `order ${order.id} of intent ${msg.intentId} now works at ${msg.limitPrice}` } : refuse(id, ackCode(r.code), r.reason);
      }
      case 'acquireLease': {
        const r = await this.path.leases.acquire(msg.strategyId!, device, now, msg.takeover === true);
        if (r.ok) return { type: 'ack', id, ok: true, lease: leaseOf(r.lease) };
        if (r.reason === 'LEASE_HELD') return refuse(id, 'LEASE_HELD', `strategy ${msg.strategyId}'s runner lease is held by another device until ${new Date(r.holder.expiresAt).toISOString()}; acquire with takeover: true to take it`);
        return refuse(id, r.reason, `strategy ${msg.strategyId}: ${r.reason}`);
      }
      case 'renewLease': {
        const r = await this.path.leases.renew(msg.strategyId!, device, msg.leaseToken!, now);
        if (r.ok) return { type: 'ack', id, ok: true, lease: leaseOf(r.lease) };
        return refuse(id, r.reason === 'LEASE_HELD' ? 'LEASE_HELD' : r.reason, `strategy ${msg.strategyId}, token ${msg.leaseToken}: the lease cannot be renewed (${r.reason})`);
      }
      case 'releaseLease': {
        const ok = await this.path.leases.release(msg.strategyId!, device, msg.leaseToken!);
        return ok ? { type: 'ack', id, ok: true } : refuse(id, 'NO_LEASE', `strategy ${msg.strategyId}: this device holds no lease with token ${msg.leaseToken}`);
      }
      case 'arm':
      case 'disarm': {
        if (!this.strategies) return refuse(id, 'NOT_AVAILABLE', `${msg.kind}: this bridge runs no strategy instances; nothing changed`);
        const r = msg.kind === 'arm' ? await this.strategies.arm(msg.strategyId!) : await this.strategies.disarm(msg.strategyId!); // durable before the ack
        return r.ok ? { type: 'ack', id, ok: true, message: r.message } : refuse(id, r.code, r.message);
      }
      case 'setLimit':
        return refuse(id, 'NOT_AVAILABLE', `${msg.kind}: not available over the app protocol yet (limits come from moneytrailz.toml's [guard]); nothing changed`);
    }
  }

  /** The answer for an intent id seen before (its order, or its denial), else undefined. */
  private repeat(id: string): AckMessage | undefined {
    const order = this.path.rawBroker.orderOfRef(id);
    const seen = this.path.intents.get(id);
    if (order && seen?.stage === 'order') return { type: 'ack', id, ok: true, order: orderState(order), message: `intent ${id} already has order ${order.id}; nothing was sent again` };
    if (seen?.stage === 'denied') return refuse(id, ackCode(seen.code), `intent ${id} was denied before (${seen.code}); an intent id is never reused`);
    if (seen?.stage === 'order' && seen.orderId !== undefined) {
      return { type: 'ack', id, ok: true, message: `intent ${id} already has order ${seen.orderId}; nothing was sent again`, order: { orderId: seen.orderId, status: seen.status ?? 'Unknown', filled: seen.filled ?? 0, remaining: seen.remaining ?? 0, avgFillPrice: seen.avgFillPrice ?? 0 } };
    }
    return undefined;
  }

  /** The order an intent's fields make (ref = `id`), or the ack refusing it before the guard; a preview builds its order here too. */
  ticketOf(id: string, msg: Pick<SingleIntentMessage, 'legs' | 'combo'> | Pick<ComboIntentMessage, 'legs' | 'combo'>): Built {
    return msg.combo !== undefined ? this.comboTicket(id, msg as Pick<ComboIntentMessage, 'legs' | 'combo'>) : this.singleTicket(id, msg as Pick<SingleIntentMessage, 'legs'>);
  }

  /** A one-leg intent as its ticket; several legs without `combo` are not one order. */
  private singleTicket(id: string, msg: Pick<SingleIntentMessage, 'legs'>): Built {
    if (msg.legs.length !== 1) {
      const hint = 'send `combo` (its side, quantity, type and net price)';
      return refused(id, 'NOT_AVAILABLE', `an intent with several legs is one order only as a combo: ${hint}; nothing was sent`);
    }
    const leg = msg.legs[0];
    const instrument = this.instrumentOf(leg.instrument);
    if (typeof instrument === 'string') return refused(id, 'UNKNOWN_INSTRUMENT', `legs[0].instrument: ${instrument}; nothing was sent`);
    return {
      ticket: {
        instrument,
        side: leg.side,
        quantity: leg.quantity,
        type: leg.orderType,
        ...(leg.limitPrice === undefined ? {} : { limitPrice: leg.limitPrice }),
        ...(leg.stopPrice === undefined ? {} : { stopPrice: leg.stopPrice }),
        tif: leg.tif ?? 'DAY',
        ref: id,
      },
    };
  }

  /**
   * A combo intent as one BAG ticket (docs/app-protocol.md §4): each leg's side is its action and its
   * quantity its ratio; the combo's side, quantity, type, net limit and tif are the order's. Every leg
   * must be a stock or an option on one underlying symbol, each instrument once (conIds are checked here).
   */
  private comboTicket(id: string, msg: Pick<ComboIntentMessage, 'legs' | 'combo'>): Built {
    const legs: ComboLeg[] = [];
    const seen = new Map<string, number>();
    for (const [i, leg] of msg.legs.entries()) {
      const instrument = this.instrumentOf(leg.instrument);
      if (typeof instrument === 'string') return refused(id, 'UNKNOWN_INSTRUMENT', `legs[${i}].instrument: ${instrument}; nothing was sent`);
      // instrumentOf gives stocks and options only; the test narrows the type for a combo leg.
      if (instrument.secType !== 'STK' && instrument.secType !== 'OPT') return refused(id, 'ORDER_REFUSED', `legs[${i}].instrument: not a stock or an option`);
      const symbol = underlyingSymbol(instrument);
      const base = legs.length > 0 ? underlyingSymbol(legs[0].instrument) : symbol;
      if (symbol !== base) {
        const what = `${leg.instrument} is on ${symbol}, legs[0] on ${base}`;
        return refused(id, 'ORDER_REFUSED', `legs[${i}].instrument: ${what}: a combo's legs are on one underlying symbol; nothing was sent`);
      }
      const key = instrumentKey(instrument);
      const twin = seen.get(key);
      if (twin !== undefined) {
        return refused(id, 'ORDER_REFUSED', `legs[${i}].instrument: ${key} is legs[${twin}] again; a combo names each instrument once; nothing was sent`);
      }
      seen.set(key, i);
      legs.push({ instrument, ratio: leg.quantity, action: leg.side });
    }
    const c = msg.combo;
    return {
      ticket: {
        instrument: combo(legs),
        side: c.side,
        quantity: c.quantity,
        type: c.orderType,
        ...(c.limitPrice === undefined ? {} : { limitPrice: c.limitPrice }),
        tif: c.tif ?? 'DAY',
        ref: id,
      },
    };
  }

  private instrumentOf(text: string): HoldableInstrument | string {
    const ref = parseInstrumentRef(text);
    if (typeof ref === 'string') return ref;
    try {
      if ('symbol' in ref) return stock(ref.symbol);
    } catch (err) {
      return err instanceof Error ? err.message : String(err);
    }
    if ('option' in ref) {
      // The mapping an option TWS reports goes through (bridge/ib/contract-mapping.ts): option(stock(root), right,
      // strike, expiry), on an index when the broker learned the root as one (SPX); the broker resolves its conId.
      const r = this.path.rawBroker.resolver.instrumentOf(contractOf(ref));
      if (!r.ok) return r.reason;
      return r.instrument.secType === 'OPT' ? r.instrument : `${text} is not an option contract`;
    }
    const known = this.path.rawBroker.resolver.byConId(ref.conId);
    if (!known) return `conId ${ref.conId} is not known to the bridge (send the symbol, or subscribe to its quotes first)`;
    if (known.secType !== 'STK' && known.secType !== 'OPT') return `conId ${ref.conId} is a ${known.secType}, which an intent cannot trade`;
    return known;
  }

  private durable(id: string): Promise<boolean> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => resolve(false), DURABLE_WAIT_MS);
      this.path.durable(id).then(() => {
        clearTimeout(timer);
        resolve(true);
      });
    });
  }
}

function refuse(id: string, code: AckCode, message: string): AckMessage {
  return { type: 'ack', id, ok: false, code, message };
}

/** An intent's ticket, or the ack that refuses it before the guard (nothing was sent). */
export type Built = { readonly ticket: OrderTicket } | { readonly refused: AckMessage };

function refused(id: string, code: AckCode, message: string): Built {
  return { refused: refuse(id, code, message) };
}

function orderState(o: ReportedOrder | { id: number; status: string; filled: number; quantity: number; avgFillPrice: number }): AckOrder {
  return { orderId: o.id, status: o.status, filled: o.filled, remaining: Math.max(0, o.quantity - o.filled), avgFillPrice: o.avgFillPrice };
}

function leaseOf(l: Lease): AckLease {
  return { strategyId: l.strategy, token: l.token, expiresAt: l.expiresAt };
}
