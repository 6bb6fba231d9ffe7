// The broker one live run of a strategy instance trades through (docs/bridge.md §6): the guard's
// runner broker under the run's lease, with every order's ref (IBKR's orderRef: `<instance>#<n>`, the
// engine's intent id) suffixed `@<lease token>`. A run restarted after a disarm or a bridge restart
// counts its intents from 1 again; the suffix keeps its refs new, so the order path never mistakes a
// new intent for a repeated one. The run sees only its own orders and fills (refs with its suffix,
// given back to the engine without it), and nothing once it has ended: end() detaches every listener
// the run attached to the order path's broker, so runs that come and go leave none behind.
import type { Broker, BrokerListener } from '../../shared/broker/broker.ts';
import type { Order } from '../../shared/domain/order.ts';

export interface RunBroker extends Broker {
  /** The run ended: its listeners are detached from the order path's broker and no more events reach them. */
  end(): void;
}

export function runBroker(inner: Broker, token: number): RunBroker {
  const suffix = `@${token}`;
  const mine = (ref: string) => ref.endsWith(suffix);
  const bare = <T extends { ref: string }>(x: T): T => ({ ...x, ref: x.ref.slice(0, -suffix.length) });
  let live = true;
  const detach: (() => void)[] = [];
  return {
    submit: (ticket, exits = []) => {
      const r = inner.submit({ ...ticket, ref: ticket.ref + suffix }, exits.map((e) => ({ ...e, ref: e.ref + suffix })));
      return r.ok ? { ok: true, order: bare(r.order) } : r;
    },
    modify: (orderId, changes) => inner.modify(orderId, changes),
    cancel: (orderId) => inner.cancel(orderId),
    openOrders: () => inner.openOrders().filter((o) => mine(o.ref)).map((o) => bare(o)),
    listen: (l: BrokerListener) => {
      const remove = inner.listen({
        onFill: (fill, order: Order) => {
          if (live && mine(fill.ref)) l.onFill(bare(fill), bare(order));
        },
        onOrderStatus: (order) => {
          if (live && mine(order.ref)) l.onOrderStatus(bare(order));
        },
      });
      if (!live) remove();
      else detach.push(remove);
      return remove;
    },
    end: () => {
      live = false;
      for (const remove of detach.splice(0)) remove();
    },
  };
}

/** Whether an order's ref is one of an instance's (any run of it): `<instance>#<n>…`. */
export function isInstanceRef(ref: string, instanceId: string): boolean {
  return ref.startsWith(`${instanceId}#`);
}
