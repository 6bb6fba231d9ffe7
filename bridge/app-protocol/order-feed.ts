// orders (docs/app-protocol.md §2): every open order TWS reports (reqAllOpenOrders at start, then
// openOrder / orderStatus as they come), keyed `<clientId>:<orderId>` — order ids are per client.
// Read-only: orders are placed through intents, never through this topic.
import type { Contract, IBApi, Order as IbOrder, OrderState } from '@stoqey/ib';
import { EventName } from '@stoqey/ib';
import type { Feed, FeedSink } from './hub.ts';
import type { TwsLink } from './tws-link.ts';

export function orderFeed(link: TwsLink): Feed {
  let offs: (() => void)[] = [];
  return {
    start(api: IBApi, sink: FeedSink) {
      for (const off of offs) off();
      const rows = new Map<string, Record<string, unknown>>();
      let held: Record<string, unknown> | undefined = {};
      const put = (key: string, fields: Record<string, unknown>) => {
        const row = { ...rows.get(key), ...fields };
        rows.set(key, row);
        if (held) held[key] = row;
        else sink.update({ [key]: row });
      };
      offs = [
        link.listen(api, EventName.openOrder, (orderId: number, contract: Contract, order: IbOrder, state: OrderState) => {
          if (order?.whatIf) return; // a preview's answer (preview.ts), never an order
          put(`${order?.clientId ?? 0}:${orderId}`, {
            orderId,
            clientId: order?.clientId,
            permId: order?.permId,
            orderRef: order?.orderRef,
            account: order?.account,
            symbol: contract?.symbol,
            conId: contract?.conId,
            secType: contract?.secType,
            action: order?.action,
            quantity: order?.totalQuantity,
            orderType: order?.orderType,
            limitPrice: order?.lmtPrice,
            stopPrice: order?.auxPrice,
            tif: order?.tif,
            status: state?.status,
          });
        }),
        link.listen(api, EventName.orderStatus, (orderId: number, status: string, filled: number, remaining: number, avgFillPrice: number, permId?: number, _parentId?: number, lastFillPrice?: number, clientId?: number) => {
          put(`${clientId ?? 0}:${orderId}`, { orderId, clientId, permId, status, filled, remaining, avgFillPrice, lastFillPrice });
        }),
        link.listen(api, EventName.openOrderEnd, () => {
          if (!held) return;
          const all = held;
          held = undefined;
          sink.update(all);
        }),
      ];
      api.reqAllOpenOrders();
    },
    stop() {
      for (const off of offs) off();
      offs = [];
    },
  };
}
