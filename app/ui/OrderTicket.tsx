// The manual order ticket (issue 13, item 4): instrument (a symbol, an option by OSI symbol, or an option
// picked by underlying, right, expiry and strike), side, quantity, type with the prices it needs, TIF.
// Enter in the form = Review: the order guard's verdict and TWS's whatIf in a confirmation; Send places it
// (disabled on a denial); Escape closes the confirmation. "Option (pick)" has a chain picker
// (OptionChainPicker.tsx) filling expiry and strike from the bridge's option chain. Offline both are refused and nothing is queued.
import { createEffect, For, Show } from 'solid-js';
import type { Commands } from '../bridge-client/commands.ts';
import { createOrderTicket, needsLimit, needsStop, type TicketField, type TicketForm } from '../state/order-ticket.ts';
import { createOptionChain } from '../state/option-chain.ts';
import { OptionChainPicker } from './OptionChainPicker.tsx';
import './account.css';

const money = (v: number | undefined) => (v === undefined ? '–' : v.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 }));
const signed = (v: number) => `${v > 0 ? '+' : ''}${money(v)}`;

export function OrderTicket(props: { commands: Commands }) {
  const t = createOrderTicket(props.commands);
  const chain = createOptionChain(props.commands);
  let sendButton: HTMLButtonElement | undefined;
  let closeButton: HTMLButtonElement | undefined;
  createEffect(() => {
    if (t.phase() !== 'confirm') return;
    (t.preview()?.verdict.ok ? sendButton : closeButton)?.focus();
  });
  const f = () => t.form();
  const err = (k: TicketField) => t.errors()[k];
  /** A labelled field with its error under it (aria-describedby, aria-invalid). */
  const text = (k: TicketField, label: string, attrs: { inputmode?: 'decimal' | 'numeric' | 'text'; placeholder?: string; type?: string; onKeyDown?: (e: KeyboardEvent) => void } = {}) => (
    <label class="risk-limit ticket-field">
      <span>{label}</span>
      <input
        data-testid={`ticket-${k}`}
        type={attrs.type ?? 'text'}
        inputmode={attrs.inputmode}
        placeholder={attrs.placeholder}
        value={String(f()[k as keyof TicketForm])}
        aria-invalid={err(k) ? 'true' : undefined}
        aria-describedby={err(k) ? `ticket-${k}-error` : undefined}
        onInput={(e) => t.edit({ [k]: e.currentTarget.value } as Partial<TicketForm>)}
        onKeyDown={attrs.onKeyDown}
      />
      <Show when={err(k)}>
        <span class="kill-note error" id={`ticket-${k}-error`} data-testid={`ticket-${k}-error`}>
          {err(k)}
        </span>
      </Show>
    </label>
  );
  const choice = <K extends 'kind' | 'right' | 'side' | 'orderType' | 'tif'>(k: K, label: string, options: readonly (readonly [TicketForm[K], string])[]) => (
    <label class="risk-limit ticket-field">
      <span>{label}</span>
      <select data-testid={`ticket-${k}`} value={f()[k]} onChange={(e) => t.edit({ [k]: e.currentTarget.value } as Partial<TicketForm>)}>
        <For each={options}>{([v, name]) => <option value={v}>{name}</option>}</For>
      </select>
    </label>
  );
  const p = () => t.preview();
  return (
    <section class="ticket" aria-labelledby="ticket-title">
      <h3 id="ticket-title">New order</h3>
      <form
        class="risk-limits"
        data-testid="order-ticket"
        onSubmit={(e) => {
          e.preventDefault();
          void t.review();
        }}
      >
        {choice('kind', 'Instrument', [
          ['stock', 'Stock / ETF'],
          ['osi', 'Option (OSI symbol)'],
          ['option', 'Option (pick)'],
        ])}
        <Show when={f().kind === 'stock'}>{text('symbol', 'Symbol', { placeholder: 'SPY' })}</Show>
        <Show when={f().kind === 'osi'}>{text('osi', 'OSI symbol', { placeholder: 'SPY250321P00550000' })}</Show>
        <Show when={f().kind === 'option'}>
          {text('underlying', 'Underlying', {
            placeholder: 'SPY',
            // Enter here loads the chain (the picker below), not a Review.
            onKeyDown: (e) => {
              if (e.key !== 'Enter') return;
              e.preventDefault();
              void chain.load(f().underlying);
            },
          })}
          {choice('right', 'Right', [
            ['P', 'Put'],
            ['C', 'Call'],
          ])}
          {text('expiry', 'Expiry', { type: 'date' })}
          {text('strike', 'Strike', { inputmode: 'decimal' })}
          <OptionChainPicker chain={chain} ticket={t} />
        </Show>
        {choice('side', 'Side', [
          ['BUY', 'Buy'],
          ['SELL', 'Sell'],
        ])}
        {text('quantity', 'Quantity', { inputmode: 'numeric' })}
        {choice('orderType', 'Type', [
          ['MKT', 'Market'],
          ['LMT', 'Limit'],
          ['STP', 'Stop'],
          ['STP LMT', 'Stop limit'],
        ])}
        <Show when={needsLimit(f().orderType)}>{text('limitPrice', 'Limit price', { inputmode: 'decimal' })}</Show>
        <Show when={needsStop(f().orderType)}>{text('stopPrice', 'Stop price', { inputmode: 'decimal' })}</Show>
        {choice('tif', 'Time in force', [
          ['DAY', 'Day'],
          ['GTC', 'Good till cancelled'],
        ])}
        <button type="submit" data-testid="ticket-review" disabled={t.phase() === 'reviewing' || t.phase() === 'sending'}>
          {t.phase() === 'reviewing' ? 'Reviewing…' : 'Review'}
        </button>
      </form>
      <Show when={t.note()}>
        {(n) => (
          <p class={n().error ? 'kill-note error' : 'kill-note'} role={n().error ? 'alert' : 'status'} data-testid="ticket-note">
            {n().text}
          </p>
        )}
      </Show>
      <Show when={(t.phase() === 'confirm' || t.phase() === 'sending' || t.phase() === 'sent') && p()}>
        {(pv) => (
          <div
            class="figure ticket-confirm"
            role="dialog"
            aria-labelledby="ticket-confirm-title"
            data-testid="ticket-confirm"
            onKeyDown={(e) => {
              if (e.key === 'Escape') t.close();
            }}
          >
            <h4 id="ticket-confirm-title">Confirm the order</h4>
            <p data-testid="ticket-verdict" class={pv().verdict.ok ? 'up' : 'down'}>
              {pv().verdict.ok ? 'Order guard: ok — ' : `Order guard: denied (${pv().verdict.code}) — `}
              {pv().verdict.message}
            </p>
            <Show when={pv().whatIf} fallback={<p class="muted" data-testid="ticket-whatif-error">No margin preview: {pv().whatIfError}</p>}>
              {(w) => (
                <dl class="figures" data-testid="ticket-whatif">
                  <div class="figure">
                    <dt class="label">Initial margin change</dt>
                    <dd class="value" data-testid="whatif-init-margin">{signed(w().initMarginChange)}</dd>
                  </div>
                  <div class="figure">
                    <dt class="label">Maintenance margin change</dt>
                    <dd class="value">{signed(w().maintMarginChange)}</dd>
                  </div>
                  <div class="figure">
                    <dt class="label">Equity with loan after</dt>
                    <dd class="value" data-testid="whatif-ewl">{money(w().equityWithLoanAfter)}</dd>
                  </div>
                  <div class="figure">
                    <dt class="label">Commission (est.)</dt>
                    <dd class="value" data-testid="whatif-commission">{money(w().commission)}</dd>
                  </div>
                  <Show when={w().warningText}>
                    <p class="kill-note error">TWS warns: {w().warningText}</p>
                  </Show>
                </dl>
              )}
            </Show>
            <p class="muted">A preview as of {new Date(pv().bridgeTime).toLocaleTimeString()}; prices and margins move until it is sent.</p>
            <div class="ticket-actions">
              <button type="button" data-testid="ticket-send" ref={sendButton} disabled={!pv().verdict.ok || t.phase() !== 'confirm'} onClick={() => void t.send()}>
                {t.phase() === 'sending' ? 'Sending…' : t.phase() === 'sent' ? 'Sent' : 'Send'}
              </button>
              <button type="button" data-testid="ticket-close" ref={closeButton} onClick={() => t.close()} disabled={t.phase() !== 'confirm'} aria-keyshortcuts="Escape">
                Back to the form
              </button>
            </div>
          </div>
        )}
      </Show>
    </section>
  );
}
