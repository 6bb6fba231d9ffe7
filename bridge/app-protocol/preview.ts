// The order preview (docs/app-protocol.md §3, minor 2): an intent's fields become the order they would
// (order-desk.ts's ticketOf, the intent's own mapping), the order guard gives its verdict on it without
// sending, counting or journaling anything (GuardedBroker.preview: the submit's checks), and — only when
// the guard lets it through — TWS prices it as a whatIf order: placeOrder with whatIf = true under an
// order id reserved from the order-id store (so it can never collide with a real order's), answered by
// one openOrder routed by that id (tws-link.ts), placed in the broker's send order (IbkrBroker.placeOutOfBand). A whatIf never places an order. A TWS error, a lost
// connection or no answer within the time-out leaves `whatIf` absent with the reason in `whatIfError`.
import type { Order as IbOrder, OrderState } from '@stoqey/ib';
import type { PreviewRequest, PreviewResponse, PreviewVerdict, WhatIfPreview } from '../../shared/protocol/index.ts';
import type { OrderTicket } from '../../shared/domain/order.ts';
import { contractOf } from '../ib/contract-mapping.ts';
import { ibOrderOf } from '../ib/order-fields.ts';
import type { OrderPath } from '../trading/order-path.ts';
import { ackCode, type OrderDesk } from './order-desk.ts';
import type { TwsLink } from './tws-link.ts';

/** How long TWS may take to answer a whatIf order. */
export const WHAT_IF_TIMEOUT_MS = 5_000;

/** TWS's "no value" for a double (Double.MAX_VALUE), and anything not a finite number. */
const valueOf = (v: unknown): number | undefined => {
  const n = typeof v === 'string' && v.trim() !== '' ? Number(v) : v;
  return typeof n === 'number' && Number.isFinite(n) && Math.abs(n) < 1e300 ? n : undefined;
};
const describe = (err: unknown): string => (err instanceof Error ? err.message : String(err));

/** TWS's whatIf order state as the preview's `whatIf`, or why it is not one (a margin change missing). */
export function whatIfOf(s: OrderState | undefined): WhatIfPreview | string {
  const initMarginChange = valueOf(s?.initMarginChange);
  const maintMarginChange = valueOf(s?.maintMarginChange);
  const equityWithLoanAfter = valueOf(s?.equityWithLoanAfter);
  if (initMarginChange === undefined || maintMarginChange === undefined || equityWithLoanAfter === undefined) {
    return "TWS's whatIf answer carried no margin change or equity with loan after";
  }
  const out: Record<string, unknown> = { initMarginChange, maintMarginChange, equityWithLoanAfter };
  for (const k of ['initMarginBefore', 'initMarginAfter', 'maintMarginBefore', 'maintMarginAfter', 'equityWithLoanBefore', 'equityWithLoanChange', 'commission', 'minCommission', 'maxCommission'] as const) {
    const v = valueOf(s?.[k]);
    if (v !== undefined) out[k] = v;
  }
  if (typeof s?.commissionCurrency === 'string' && s.commissionCurrency !== '') out.commissionCurrency = s.commissionCurrency;
  if (typeof s?.warningText === 'string' && s.warningText !== '') out.warningText = s.warningText.slice(0, 500);
  return out as unknown as WhatIfPreview;
}

export class OrderPreview {
  constructor(
    private readonly path: OrderPath,
    private readonly desk: OrderDesk,
    private readonly link: TwsLink,
    private readonly timeoutMs = WHAT_IF_TIMEOUT_MS,
  ) {}

  async preview(device: string, msg: PreviewRequest): Promise<PreviewResponse> {
    const answer = (verdict: PreviewVerdict, what: { whatIf?: WhatIfPreview; whatIfError?: string }): PreviewResponse => ({ type: 'preview', id: msg.id, verdict, ...what, bridgeTime: Date.now() });
    const built = this.desk.ticketOf(`preview:${msg.id}`, msg);
    if ('refused' in built) {
      const r = built.refused;
      return answer({ ok: false, code: r.code, message: r.message ?? 'the order cannot be made' }, { whatIfError: 'not asked: the order cannot be made' });
    }
    const ticket = built.ticket;
    const createdAt = msg.createdAt ?? this.path.clock.now();
    const stamp = msg.strategyId !== undefined && msg.leaseToken !== undefined ? { strategy: msg.strategyId, device, token: msg.leaseToken, createdAt } : undefined;
    if (this.path.tws.isReady()) await this.path.ensureMark(ticket.instrument); // as for an intent: the guard values it at its mark
    const r = this.path.broker.preview(ticket, stamp);
    if (!r.ok) return answer({ ok: false, code: ackCode(r.code), message: r.reason }, { whatIfError: `not asked: the order guard denies the order (${r.code})` });
    const verdict: PreviewVerdict = { ok: true, message: 'the order guard lets this order through now; nothing was sent' };
    const w = await this.whatIf(ticket);
    return answer(verdict, typeof w === 'string' ? { whatIfError: w } : { whatIf: w });
  }

  /** TWS's whatIf answer for the ticket, or why there is none (a sentence). */
  private async whatIf(ticket: OrderTicket): Promise<WhatIfPreview | string> {
    if (!this.link.api()) return 'TWS is not connected: no whatIf was asked for';
    let contract;
    try {
      contract = contractOf(await this.path.rawBroker.resolver.resolve(ticket.instrument));
    } catch (err) {
      return `the contract could not be resolved for the whatIf: ${describe(err)}`;
    }
    const account = this.path.tws.readyInfo()?.accounts[0];
    return new Promise((resolve) => {
      let stop = () => {};
      let timer: ReturnType<typeof setTimeout> | undefined;
      let done = false;
      const finish = (v: WhatIfPreview | string) => {
        if (done) return;
        done = true;
        if (timer) clearTimeout(timer);
        stop();
        resolve(v);
      };
      // Placed in the broker's send order, under an id of its block (IbkrBroker.placeOutOfBand): never ahead
      // of a real order with a lower id that is still being sent.
      this.path.rawBroker
        .placeOutOfBand((api, orderId) => {
          stop = this.link.routeId(orderId, {
            openOrder: (_id: number, _contract: unknown, order: IbOrder | undefined, state: OrderState | undefined) => {
              if (order?.whatIf) finish(whatIfOf(state));
            },
            error: (code, message) => finish(`TWS refused the whatIf (${code}: ${message})`),
            lost: () => finish('TWS stopped being ready before it answered the whatIf'),
          });
          timer = setTimeout(() => finish(`TWS did not answer the whatIf within ${this.timeoutMs / 1000} s`), this.timeoutMs);
          timer.unref?.();
          api.placeOrder(orderId, contract, { ...ibOrderOf(orderId, ticket, { transmit: true, account }), whatIf: true });
        })
        .catch((err: unknown) => finish(`the whatIf could not be sent: ${describe(err)}`));
    });
  }
}
