// The manual order ticket (issue 13, item 4): the form's fields become one intent leg, checked by the
// protocol's own decoder (shared/protocol/validate.ts — the rules the bridge applies), errors by field.
// Review takes the device's `manual` runner lease (every order carries one, docs/trading-model.md
// §11.6) and asks the bridge for a `preview`: the order guard's verdict and TWS's whatIf. Send sends the
// intent under an id made once per ticket — a retried Send can never make a second order (the bridge
// answers a repeated intent id with the order it made). Nothing is ever queued: offline, Review and
// Send are refused with a sentence and nothing goes out when the bridge comes back.
import { createSignal } from 'solid-js';
import { osiSymbol } from '../../shared/domain/instrument.ts';
import { decodeClientMessage, MessageError, type IntentLeg, type PreviewResponse } from '../../shared/protocol/index.ts';
import type { Commands, OrderFields } from '../bridge-client/commands.ts';

/** The runner lease manual orders carry (one per device: Review takes it over from another device). */
export const MANUAL_STRATEGY = 'manual';

export type InstrumentKind = 'stock' | 'osi' | 'option';
export type TicketField = 'symbol' | 'osi' | 'underlying' | 'right' | 'expiry' | 'strike' | 'side' | 'quantity' | 'orderType' | 'limitPrice' | 'stopPrice' | 'tif';

export interface TicketForm {
  readonly kind: InstrumentKind;
  readonly symbol: string;
  readonly osi: string;
  readonly underlying: string;
  readonly right: 'C' | 'P';
  /** YYYY-MM-DD (a date input's value). */
  readonly expiry: string;
  readonly strike: string;
  readonly side: 'BUY' | 'SELL';
  readonly quantity: string;
  readonly orderType: IntentLeg['orderType'];
  readonly limitPrice: string;
  readonly stopPrice: string;
  readonly tif: 'DAY' | 'GTC';
}

export const EMPTY_TICKET: TicketForm = { kind: 'stock', symbol: '', osi: '', underlying: '', right: 'P', expiry: '', strike: '', side: 'BUY', quantity: '1', orderType: 'MKT', limitPrice: '', stopPrice: '', tif: 'DAY' };

export const needsLimit = (t: IntentLeg['orderType']) => t === 'LMT' || t === 'STP LMT';
export const needsStop = (t: IntentLeg['orderType']) => t === 'STP' || t === 'STP LMT';

export type FieldErrors = Partial<Record<TicketField, string>>;

/** A number typed in a field: NaN when it is not one (the decoder then names the field). */
const numberOf = (text: string): number => (text.trim() === '' ? Number.NaN : Number(text.trim()));

/** The instrument text the protocol takes (a symbol or an OSI symbol), or the field that is wrong. */
function instrumentOf(f: TicketForm): string | FieldErrors {
  if (f.kind === 'stock') return f.symbol.trim().toUpperCase();
  if (f.kind === 'osi') return f.osi.trim().toUpperCase();
  const errors: FieldErrors = {};
  const underlying = f.underlying.trim().toUpperCase();
  if (!/^[A-Z][A-Z0-9.]{0,5}$/.test(underlying)) errors.underlying = 'an underlying symbol of 1–6 letters (e.g. SPY)';
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(f.expiry);
  if (!m) errors.expiry = 'an expiry date';
  const strike = numberOf(f.strike);
  if (!(strike > 0) || Math.round(strike * 1000) !== strike * 1000) errors.strike = 'a strike above 0 (at most 3 decimals)';
  if (Object.keys(errors).length > 0) return errors;
  return osiSymbol({ symbol: underlying, expiry: Number(`${m![1]}${m![2]}${m![3]}`), right: f.right, strike });
}

/** Where a decoder path of the leg points in the form. */
function fieldOf(path: string, kind: InstrumentKind): TicketField {
  const key = path.replace(/^legs\[0\]\.?/, '');
  if (key === 'instrument') return kind === 'stock' ? 'symbol' : kind === 'osi' ? 'osi' : 'underlying';
  return (['side', 'quantity', 'orderType', 'limitPrice', 'stopPrice', 'tif'] as const).find((k) => k === key) ?? 'symbol';
}

/** The form as one intent leg, checked by the protocol's decoder; or the errors by field. */
export function legOf(f: TicketForm): { leg: IntentLeg } | { errors: FieldErrors } {
  const instrument = instrumentOf(f);
  if (typeof instrument !== 'string') return { errors: instrument };
  const leg: IntentLeg = {
    instrument,
    side: f.side,
    quantity: numberOf(f.quantity),
    orderType: f.orderType,
    ...(needsLimit(f.orderType) ? { limitPrice: numberOf(f.limitPrice) } : {}),
    ...(needsStop(f.orderType) ? { stopPrice: numberOf(f.stopPrice) } : {}),
    tif: f.tif,
  };
  try {
    decodeClientMessage(JSON.stringify({ type: 'preview', id: 'ticket', legs: [leg] }));
  } catch (err) {
    if (!(err instanceof MessageError)) throw err;
    return { errors: { [fieldOf(err.path, f.kind)]: err.problem } };
  }
  return { leg };
}

/**
 * A chain row picked in the ticket (OptionChainPicker): the underlying, right, expiry (YYYYMMDD) and
 * strike, and — for a LMT order with no price typed yet — the row's mid as the limit price.
 * `expiry` is YYYY-MM-DD (the date input's value).
 */
export function pickedOption(f: TicketForm, pick: { symbol: string; expiry: string; right: 'C' | 'P'; strike: number; mid?: number }): Partial<TicketForm> {
  return {
    underlying: pick.symbol,
    right: pick.right,
    expiry: pick.expiry,
    strike: String(pick.strike),
    ...(f.orderType === 'LMT' && f.limitPrice.trim() === '' && pick.mid !== undefined ? { limitPrice: pick.mid.toFixed(2) } : {}),
  };
}

export type TicketPhase = 'editing' | 'reviewing' | 'confirm' | 'sending' | 'sent';

/** A fresh intent id (random once per ticket). */
const newIntentId = () => `manual-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 10)}`;

export function createOrderTicket(commands: Commands) {
  const [form, setForm] = createSignal<TicketForm>(EMPTY_TICKET);
  const [errors, setErrors] = createSignal<FieldErrors>({});
  const [phase, setPhase] = createSignal<TicketPhase>('editing');
  const [preview, setPreview] = createSignal<PreviewResponse | undefined>();
  const [note, setNote] = createSignal<{ text: string; error: boolean } | undefined>();
  /** What Review checked: Send sends exactly this, under this ticket's one intent id. */
  let reviewed: { leg: IntentLeg; leaseToken: number; offsetMs: number; intentId: string } | undefined;
  let intentId = newIntentId();

  const edit = (patch: Partial<TicketForm>) => {
    if (phase() === 'sending') return;
    setForm((f) => ({ ...f, ...patch }));
    setErrors({});
    // Another order: another intent id (the last one may already have made an order).
    if (phase() === 'sent') intentId = newIntentId();
    if (phase() !== 'editing') setPhase('editing');
    reviewed = undefined;
    setPreview(undefined);
  };

  const review = async () => {
    if (phase() === 'reviewing' || phase() === 'sending') return;
    const r = legOf(form());
    if ('errors' in r) {
      setErrors(r.errors);
      setNote({ text: 'Fix the marked fields, then review again.', error: true });
      return;
    }
    setErrors({});
    if (phase() === 'sent') intentId = newIntentId();
    setPhase('reviewing');
    setNote({ text: 'asking the order guard and TWS…', error: false });
    const lease = await commands.send({ kind: 'acquireLease', strategyId: MANUAL_STRATEGY, takeover: true });
    if (!lease.ok || !lease.ack.lease) {
      setPhase('editing');
      const text = !lease.ok && lease.reason === 'offline' ? 'The bridge is not connected: nothing was reviewed or sent (orders are never queued). Review again once it is back.' : `The manual order lease was not granted: ${lease.ok ? 'no lease in the answer' : lease.message}`;
      setNote({ text, error: true });
      return;
    }
    const leaseToken = lease.ack.lease.token;
    let p: PreviewResponse;
    try {
      p = await commands.preview({ legs: [r.leg], strategyId: MANUAL_STRATEGY, leaseToken });
    } catch (err) {
      setPhase('editing');
      setNote({ text: `No review: ${err instanceof Error ? err.message : String(err)}`, error: true });
      return;
    }
    reviewed = { leg: r.leg, leaseToken, offsetMs: p.bridgeTime - Date.now(), intentId };
    setPreview(p);
    setNote(undefined);
    setPhase('confirm');
  };

  const send = async () => {
    const r = reviewed;
    const p = preview();
    if (phase() !== 'confirm' || !r || !p?.verdict.ok) return;
    setPhase('sending');
    setNote({ text: 'sending…', error: false });
    const order: OrderFields & { createdAt: number } = { legs: [r.leg], strategyId: MANUAL_STRATEGY, leaseToken: r.leaseToken, createdAt: Date.now() + r.offsetMs };
    const out = await commands.intent(r.intentId, order);
    if (out.ok) {
      const o = out.ack.order;
      setPhase('sent');
      setNote({ text: `Sent: order ${o ? `#${o.orderId} ${o.status}` : 'placed'} (intent ${r.intentId}).`, error: false });
      return;
    }
    if (out.reason === 'refused') {
      // Denied (durably, under this id): another try is another ticket, reviewed again.
      intentId = newIntentId();
      reviewed = undefined;
      setPhase('editing');
      setNote({ text: `Not sent — ${out.message}. Change the order or review again.`, error: true });
      return;
    }
    // Offline or unanswered: the same ticket (same intent id) may be sent again; nothing was queued.
    setPhase('confirm');
    setNote({ text: out.reason === 'offline' ? 'The bridge is not connected: the order was not sent (orders are never queued). Send again once it is back.' : out.message, error: true });
  };

  /** Escape: back to the form, the ticket kept. */
  const close = () => {
    if (phase() === 'confirm') setPhase('editing');
  };

  return { form, errors, phase, preview, note, edit, review, send, close, intentId: () => reviewed?.intentId ?? intentId };
}

export type OrderTicketState = ReturnType<typeof createOrderTicket>;
