// The order ticket's option-chain picker (issue 13, item 4), under "Option (pick)": Load chain (or Enter
// in the underlying field) asks the bridge for the chain; the listed expiries (with DTE) ask again; the
// strikes of the ticket's right are a table whose rows are buttons (Tab or ↑/↓, then Enter) filling the
// ticket's underlying, right, expiry and strike — and a LMT order's price at the mid when none was typed.
// The prices are a snapshot, said so with their time. Offline the request is refused, nothing queued.
import { For, Show } from 'solid-js';
import type { OptionRow } from '../../shared/protocol/index.ts';
import { atmStrike, chainNumber, dashedDate, expiryLabel, midOf, rowName, type OptionChainState } from '../state/option-chain.ts';
import { pickedOption, type OrderTicketState } from '../state/order-ticket.ts';
import './account.css';

const cell = (v: number | undefined, digits = 2) => chainNumber(v, digits) ?? '–';

export function OptionChainPicker(props: { chain: OptionChainState; ticket: OrderTicketState }) {
  const c = props.chain;
  const f = () => props.ticket.form();
  /** The chain, while it is the typed underlying's. */
  const shown = () => {
    const ch = c.chain();
    return ch && ch.symbol === f().underlying.trim().toUpperCase() ? ch : undefined;
  };
  const rows = () => (shown()?.rows ?? []).filter((r) => r.right === f().right).sort((a, b) => a.strike - b.strike);
  const atm = () => atmStrike(rows(), shown()?.underlyingPrice);
  const picked = (r: OptionRow) => f().strike === String(r.strike) && f().expiry === dashedDate(shown()!.expiry);
  const pick = (r: OptionRow) => {
    const ch = shown();
    if (!ch || r.error) return;
    props.ticket.edit(pickedOption(f(), { symbol: ch.symbol, expiry: dashedDate(ch.expiry), right: r.right, strike: r.strike, mid: midOf(r) }));
  };
  let body: HTMLTableSectionElement | undefined;
  /** ↑/↓ move between the rows' buttons. */
  const move = (e: KeyboardEvent) => {
    if (e.key !== 'ArrowDown' && e.key !== 'ArrowUp') return;
    const all = [...body!.querySelectorAll<HTMLButtonElement>('button:not(:disabled)')];
    const i = all.indexOf(document.activeElement as HTMLButtonElement);
    const next = all[Math.max(0, Math.min(all.length - 1, i + (e.key === 'ArrowDown' ? 1 : -1)))];
    if (next) {
      e.preventDefault();
      next.focus();
    }
  };
  const side = () => (f().right === 'P' ? 'puts' : 'calls');
  return (
    <div class="chain-picker" data-testid="chain-picker">
      <div class="ticket-actions">
        <button type="button" data-testid="chain-load" disabled={c.loading() !== undefined} onClick={() => void c.load(f().underlying)}>
          Load chain
        </button>
      </div>
      <Show when={c.loading()}>
        {(s) => (
          <p class="kill-note" role="status" data-testid="chain-progress">
            asking the bridge for {s()}'s chain…
          </p>
        )}
      </Show>
      <Show when={c.error()}>
        {(e) => (
          <p class="kill-note error" role="alert" data-testid="chain-error">
            {e()}
          </p>
        )}
      </Show>
      <Show when={shown()}>
        {(ch) => (
          <>
            <label class="risk-limit ticket-field">
              <span>Listed expiry</span>
              <select
                data-testid="chain-expiry"
                value={ch().expiry}
                disabled={c.loading() !== undefined}
                onChange={(e) => {
                  const el = e.currentTarget;
                  void c.load(ch().symbol, el.value).then(() => (el.value = shown()?.expiry ?? el.value));
                }}
              >
                <For each={ch().expiries ?? [ch().expiry]}>{(x) => <option value={x}>{expiryLabel(x, c.today())}</option>}</For>
              </select>
            </label>
            <p class="muted" data-testid="chain-underlying">
              {ch().symbol} {ch().underlyingPrice === undefined ? 'has no price' : `at ${cell(ch().underlyingPrice)}`} · a snapshot of {new Date(c.loadedAt() ?? Date.now()).toLocaleTimeString()}, not live — load again for fresh prices
            </p>
            <div class="table-scroll">
              <table class="positions chain" data-testid="chain-table">
                <caption>
                  {ch().symbol} {side()} · {dashedDate(ch().expiry)}
                </caption>
                <thead>
                  <tr>
                    <th scope="col">Strike</th>
                    <th scope="col">Bid</th>
                    <th scope="col">Ask</th>
                    <th scope="col">Mid</th>
                    <th scope="col">Delta</th>
                    <th scope="col">IV</th>
                  </tr>
                </thead>
                <tbody ref={body} onKeyDown={move}>
                  <For each={rows()}>
                    {(r) => (
                      <tr classList={{ atm: r.strike === atm(), picked: picked(r) }} data-testid="chain-row" onClick={() => pick(r)}>
                        <th scope="row">
                          <button
                            type="button"
                            aria-label={rowName(r, r.strike === atm())}
                            aria-pressed={picked(r)}
                            disabled={!!r.error}
                            title={r.error}
                            onClick={(e) => {
                              e.stopPropagation();
                              pick(r);
                            }}
                          >
                            {r.strike}
                            <Show when={r.strike === atm()}> ATM</Show>
                          </button>
                        </th>
                        <td>{cell(r.bid)}</td>
                        <td>{cell(r.ask)}</td>
                        <td>{cell(midOf(r))}</td>
                        <td>{cell(r.delta)}</td>
                        <td>{r.impliedVol === undefined ? '–' : `${(r.impliedVol * 100).toFixed(1)}%`}</td>
                      </tr>
                    )}
                  </For>
                </tbody>
              </table>
            </div>
            <Show when={rows().length === 0}>
              <p class="muted">No {side()} in this chain: choose another expiry or right.</p>
            </Show>
          </>
        )}
      </Show>
    </div>
  );
}
