// The bridge's order path as far as reconciliation tests need it (a stand-in for the IBKR broker and
// the order guard): a TwsConnection, the journal, the order-id store and a Reconciler; orders go out
// only while the connection is ready and not reconciling, journaled (`intent`, `order-submitted`)
// before placeOrder; live orderStatus / execDetails / commissionReport are journaled as they arrive
// through bridge/ib/tws-records.ts. Used in-process and by reconcile-child.ts.
import { EventName, type CommissionReport, type Contract, type Execution, type IBApi, type Order } from '@stoqey/ib';
import { contractOf } from '../../bridge/ib/contract-mapping.ts';
import { Reconciler, type ReconcileAlarm, type ReconcileReport, type ReconcilerOptions } from '../../bridge/ib/reconcile.ts';
import { TwsConnection } from '../../bridge/ib/tws-connection.ts';
import { commissionRecord, executionRecord, orderStatusOf } from '../../bridge/ib/tws-records.ts';
import { Journal } from '../../bridge/journal/journal.ts';
import { OrderIdStore } from '../../bridge/journal/order-id-store.ts';
import { stock } from '../../shared/domain/instrument.ts';
import type { OrderSide } from '../../shared/domain/order.ts';
import { ACCOUNT, lmt, mkt } from './ib-orders.ts';

export interface BridgeState {
  readonly conn: TwsConnection;
  readonly journal: Journal;
  readonly ids: OrderIdStore;
  readonly reconciler: Reconciler;
  readonly alarms: ReconcileAlarm[];
  readonly reports: ReconcileReport[];
  /** Every value isReconciling() had when an order was attempted or the flag changed. */
  readonly flagLog: boolean[];
  /** Journals and places an order for `intentId`; refuses (returns a reason) when not allowed. */
  place(intentId: string, symbol: string, side: OrderSide, qty: number, limit?: number, extra?: Partial<Order>): Promise<number | string>;
  /** Live journal appends still in flight. */
  settled(): Promise<void>;
  stop(): Promise<void>;
}

export interface BridgeStateOptions {
  readonly port: number;
  readonly stateDir: string;
  readonly clientId?: number;
  readonly reconciler?: Partial<Omit<ReconcilerOptions, 'connection' | 'journal'>>;
}

export async function openBridgeState(options: BridgeStateOptions): Promise<BridgeState> {
  const journal = await Journal.open(`${options.stateDir}/journal.jsonl`, { warn: (m) => process.stderr.write(`${m}\n`) });
  const ids = await OrderIdStore.open(options.stateDir);
  const conn = new TwsConnection({ host: '127.0.0.1', port: options.port, clientId: options.clientId ?? 11, orderIds: ids, handshakeTimeoutMs: 3000, backoff: { initialMs: 50, maxMs: 200 }, random: () => 0, maxReqPerSec: 50 });
  const pending = new Set<Promise<unknown>>();
  const live = new Set<string>();
  const commissioned = new Set(journal.entries.flatMap((e) => (e.kind === 'commission' ? [e.execId] : [])));
  const track = (p: Promise<unknown>) => {
    const q = p.catch((err) => process.stderr.write(`live journal append failed: ${String(err)}\n`)).finally(() => pending.delete(q));
    pending.add(q);
  };
  conn.on('client', (api: IBApi) => {
    // Statuses of this client's orders only: other clients' orders are the Reconciler's (external).
    api.on(EventName.orderStatus, (orderId: number, status: string, filled: number, remaining: number, avgFillPrice: number, permId?: number, _parent?: number, _last?: number, clientId?: number) => {
      if (clientId !== conn.clientId) return;
      const s = orderStatusOf(status);
      if (s) track(journal.appendOrderStatus({ kind: 'order-status', orderId, permId: permId ?? 0, status: s, filled, remaining, avgFillPrice }));
    });
    // Live fills only (reqId -1): what reqExecutions brings back is the Reconciler's to journal.
    api.on(EventName.execDetails, (reqId: number, contract: Contract, e: Execution) => {
      const r = reqId === -1 ? executionRecord(contract, e) : 'not live';
      if (typeof r === 'string') return;
      live.add(r.execId);
      track(journal.appendExecution(r));
    });
    api.on(EventName.commissionReport, (report: CommissionReport) => {
      const r = commissionRecord(report);
      if (typeof r === 'string' || !live.has(r.execId) || commissioned.has(r.execId)) return;
      commissioned.add(r.execId);
      track(journal.append(r));
    });
  });
  const reconciler = new Reconciler({ connection: conn, journal, endTimeoutMs: 2000, retryMs: 100, commissionGraceMs: 300, ...options.reconciler });
  const alarms: ReconcileAlarm[] = [];
  const reports: ReconcileReport[] = [];
  const flagLog: boolean[] = [];
  reconciler.on('alarm', (a) => alarms.push(a));
  reconciler.on('reconciled', (r) => reports.push(r));
  reconciler.on('reconciling', (on) => flagLog.push(on));
  conn.start();
  const settled = async () => {
    while (pending.size > 0) await Promise.all([...pending]);
  };
  return {
    conn,
    journal,
    ids,
    reconciler,
    alarms,
    reports,
    flagLog,
    async place(intentId, symbol, side, qty, limit, extra = {}) {
      if (reconciler.isReconciling()) return 'RECONCILING';
      if (!conn.readyApi()) return 'NOT_CONNECTED';
      await journal.append({ kind: 'intent', intentId });
      const orderId = await ids.reserve();
      const instrument = stock(symbol);
      await journal.append({ kind: 'order-submitted', orderId, orderRef: intentId, ticket: { instrument, side, quantity: qty, type: limit === undefined ? 'MKT' : 'LMT', tif: 'DAY', ref: intentId, ...(limit === undefined ? {} : { limitPrice: limit }) } });
      // Checked again after the awaits: the connection may have gone meanwhile (fail closed, P3).
      const api = conn.readyApi();
      if (!api || reconciler.isReconciling()) return 'NOT_CONNECTED';
      const order = limit === undefined ? mkt(side, qty, { orderRef: intentId, account: ACCOUNT, ...extra }) : lmt(side, qty, limit, { orderRef: intentId, account: ACCOUNT, ...extra });
      api.placeOrder(orderId, contractOf(instrument), order);
      return orderId;
    },
    settled,
    async stop() {
      await reconciler.stop();
      await conn.stop();
      await settled();
      await journal.close();
    },
  };
}
