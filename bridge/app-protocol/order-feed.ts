// orders (docs/app-protocol.md §2): every open order TWS reports (reqAllOpenOrders at start, then
// openOrder / orderStatus as they come), keyed `<clientId>:<orderId>` — order ids are per client.
// Read-only: orders are placed through intents, never through this topic. Each row names its contract
// as a trader reads it: an option by its OSI symbol (`instrument`), a combo by its legs (`legs`: each
// leg's instrument, ratio and action; a leg whose conId the bridge has not resolved is `conId <n>`).
import type { Contract, IBApi, Order as IbOrder, OrderState } from '@stoqey/ib';
import { EventName } from '@stoqey/ib';
import { osiSymbol, type Instrument } from '../../shared/domain/instrument.ts';
import { instrumentOf, type KnownContracts } from '../ib/contract-mapping.ts';
import type { Feed, FeedSink } from './hub.ts';
import type { TwsLink } from './tws-link.ts';

/** Legs a combo row lists at the most (TWS's own combos have 2–4; the contract is untrusted input). */
const MAX_LEGS = 8;

const nameOf = (i: Instrument): string => (i.secType === 'OPT' ? osiSymbol(i) : i.symbol);

/** The row's contract fields: an option's OSI symbol, a combo's legs; nothing more for a stock or an index. */
export function contractFields(contract: Contract | undefined, known: KnownContracts): Record<string, unknown> {
  const secType = String(contract?.secType ?? '').toUpperCase();
  if (secType === 'OPT') {
    const r = instrumentOf(contract, known);
    return r.ok ? { instrument: nameOf(r.instrument) } : {};
  }
  if (secType !== 'BAG' || !Array.isArray(contract?.comboLegs)) return {};
  const legs = contract.comboLegs.slice(0, MAX_LEGS).map((l) => {
    const conId = Number(l?.conId);
    const known1 = Number.isInteger(conId) && conId > 0 ? known.byConId?.(conId) : undefined;
    return {
      instrument: known1 ? nameOf(known1) : `conId ${Number.isFinite(conId) ? conId : '?'}`,
      ratio: typeof l?.ratio === 'number' && Number.isFinite(l.ratio) ? l.ratio : 1,
      action: String(l?.action ?? '').toUpperCase() === 'SELL' ? 'SELL' : 'BUY',
    };
  });
  return { legs };
}

export function orderFeed(link: TwsLink, known: KnownContracts = {}): Feed {
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
            ...contractFields(contract, known),
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
