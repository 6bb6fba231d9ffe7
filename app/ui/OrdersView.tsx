// Orders (issue 13, item 4, first part): every order TWS reports with its live status, working ones
// first; Cancel on an order MoneyTrailz placed sends the bridge's cancel command (never queued: offline
// it says nothing was sent). Orders placed elsewhere (TWS itself) are shown but not cancelled from here.
import { createSignal, For, Show } from 'solid-js';
import type { Commands } from '../bridge-client/commands.ts';
import type { LiveTopic } from '../bridge-client/topics.ts';
import { orderLines, type OrderLine } from '../state/orders.ts';
import { commissionTotal, executionLines } from '../state/executions.ts';
import { OrderTicket } from './OrderTicket.tsx';
import './account.css';

const price = (v: number | undefined) => (v === undefined ? '–' : v.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 4 }));

/** `executions`: the bridge's executions topic (minor 2); without it the Executions table is not shown. */
export function OrdersView(props: { orders: LiveTopic; commands: Commands; executions?: LiveTopic }) {
  const [notes, setNotes] = createSignal<Readonly<Record<string, { text: string; error: boolean }>>>({});
  const lines = () => orderLines(props.orders.data());
  const cancel = async (o: OrderLine) => {
    setNotes((n) => ({ ...n, [o.key]: { text: 'cancelling…', error: false } }));
    const r = await props.commands.send({ kind: 'cancel', intentId: o.intentId! });
    setNotes((n) => ({ ...n, [o.key]: r.ok ? { text: 'cancel sent', error: false } : { text: r.message, error: true } }));
  };
  return (
    <section class="card account orders" aria-labelledby="orders-title">
      <header class="account-head">
        <h2 id="orders-title">Orders</h2>
        <p class="account-state" classList={{ stale: !props.orders.live() }} role="status" data-testid="orders-state">
          {props.orders.live() ? 'live' : props.orders.data() ? 'not live · bridge offline' : 'no orders yet · waiting for the bridge'}
        </p>
      </header>
      <div class="table-scroll">
        <table class="positions" classList={{ stale: !props.orders.live() }}>
          <caption>Working orders first, then today's done ones</caption>
          <thead>
            <tr>
              <th scope="col">Order</th>
              <th scope="col">Side</th>
              <th scope="col">Qty</th>
              <th scope="col">Type</th>
              <th scope="col">Limit</th>
              <th scope="col">Status</th>
              <th scope="col">Filled</th>
              <th scope="col">Avg price</th>
              <th scope="col">
                <span class="sr-only">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            <For each={lines()} fallback={<tr><td colSpan={9} class="muted">No orders.</td></tr>}>
              {(o) => (
                <tr data-testid="order" classList={{ done: !o.working }}>
                  <th scope="row">
                    {o.symbol} <span class="muted">{o.secType !== 'STK' ? o.secType : ''} #{o.orderId}</span>
                    <Show when={o.contract}>
                      <span class="order-contract muted" data-testid="order-contract">
                        {o.contract}
                      </span>
                    </Show>
                  </th>
                  <td>{o.action}</td>
                  <td>{o.quantity.toLocaleString('en-US')}</td>
                  <td>{o.orderType}</td>
                  <td>{price(o.limitPrice)}</td>
                  <td data-testid="order-status">{o.status}</td>
                  <td>
                    {o.filled.toLocaleString('en-US')} / {(o.filled + o.remaining).toLocaleString('en-US')}
                  </td>
                  <td>{price(o.avgFillPrice)}</td>
                  <td>
                    <Show when={o.working && o.intentId} fallback={<span class="muted">{o.working ? 'placed outside MoneyTrailz' : ''}</span>}>
                      <button type="button" onClick={() => void cancel(o)} aria-label={`Cancel order ${o.orderId} ${o.action} ${o.quantity} ${o.symbol}`}>
                        Cancel
                      </button>
                    </Show>
                    <Show when={notes()[o.key]}>
                      {(n) => (
                        <span class={n().error ? 'kill-note error' : 'kill-note'} role={n().error ? 'alert' : 'status'}>
                          {' '}
                          {n().text}
                        </span>
                      )}
                    </Show>
                  </td>
                </tr>
              )}
            </For>
          </tbody>
        </table>
      </div>
      <Show when={props.executions}>{(ex) => <Executions executions={ex()} />}</Show>
      <OrderTicket commands={props.commands} />
    </section>
  );
}

/** Today's executions, newest first, with TWS's commissions and their total. */
function Executions(props: { executions: LiveTopic }) {
  const lines = () => executionLines(props.executions.data());
  const totals = () => commissionTotal(lines());
  const time = (ms: number) => new Date(ms).toLocaleTimeString('en-US', { hour: '2-digit', minute: '2-digit', second: '2-digit', hour12: false });
  return (
    <div class="table-scroll">
      <table class="positions" classList={{ stale: !props.executions.live() }} data-testid="executions">
        <caption>
          Executions today{' '}
          <span class="muted" data-testid="executions-state">
            {props.executions.live() ? '' : props.executions.data() ? '· not live, bridge offline' : '· waiting for the bridge'}
          </span>
        </caption>
        <thead>
          <tr>
            <th scope="col">Time</th>
            <th scope="col">Instrument</th>
            <th scope="col">Side</th>
            <th scope="col">Qty</th>
            <th scope="col">Price</th>
            <th scope="col">Commission</th>
            <th scope="col">Order</th>
          </tr>
        </thead>
        <tbody>
          <For each={lines()} fallback={<tr><td colSpan={7} class="muted">No executions today.</td></tr>}>
            {(x) => (
              <tr data-testid="execution">
                <td>{time(x.time)}</td>
                <th scope="row">{x.instrument}</th>
                <td>{x.side}</td>
                <td>{x.quantity.toLocaleString('en-US')}</td>
                <td>{price(x.price)}</td>
                <td data-testid="execution-commission">{x.commission === undefined ? <span class="muted">pending</span> : price(x.commission)}</td>
                <td>
                  #{x.orderId} <span class="muted">{x.intentId ? '' : 'outside MoneyTrailz'}</span>
                </td>
              </tr>
            )}
          </For>
        </tbody>
        <tfoot>
          <tr>
            <th scope="row" colSpan={5}>
              Commissions today
            </th>
            <td data-testid="commission-total">{price(totals().total)}</td>
            <td class="muted">{totals().pending > 0 ? `${totals().pending} pending` : ''}</td>
          </tr>
        </tfoot>
      </table>
    </div>
  );
}
