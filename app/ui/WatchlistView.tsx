// The watchlist card (issue 13, item 7): the followed symbols with live quotes (app/state/watchlist.ts),
// an input to add one (checked: a ticker, not twice, at most 30), Remove, and Chart for a symbol the
// chart has data for. Values that are not live say so.
import { createSignal, For, Show } from 'solid-js';
import { quoteLine, type Watchlist } from '../state/watchlist.ts';
import './account.css';

const price = (v: number | undefined) => (v === undefined ? '–' : v.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 }));
const signedPct = (v: number | undefined) => (v === undefined ? '–' : `${v >= 0 ? '+' : ''}${(v * 100).toFixed(2)} %`);

export function WatchlistView(props: { watchlist: Watchlist; canChart: (symbol: string) => boolean; onChart: (symbol: string) => void }) {
  const [text, setText] = createSignal('');
  const [problem, setProblem] = createSignal<string | undefined>();
  const add = async (e: Event) => {
    e.preventDefault();
    const p = await props.watchlist.add(text()).catch((err: unknown) => `not stored: ${err instanceof Error ? err.message : String(err)}`);
    setProblem(p);
    if (!p) setText('');
  };
  return (
    <section class="card account watchlist" aria-labelledby="watchlist-title" data-testid="watchlist">
      <header class="account-head">
        <h2 id="watchlist-title">Watchlist</h2>
      </header>
      <form class="watchlist-add" onSubmit={add} novalidate>
        <label for="watchlist-symbol" class="sr-only">
          Symbol to add
        </label>
        <input
          id="watchlist-symbol"
          data-testid="watchlist-symbol"
          placeholder="Add a symbol, e.g. IWM"
          autocomplete="off"
          value={text()}
          aria-invalid={problem() ? 'true' : undefined}
          aria-describedby={problem() ? 'watchlist-problem' : undefined}
          onInput={(e) => setText(e.currentTarget.value)}
        />
        <button type="submit">Add</button>
      </form>
      <Show when={problem()}>
        <p class="form-error" role="alert" id="watchlist-problem" data-testid="watchlist-problem">
          {problem()}
        </p>
      </Show>
      <div class="table-scroll">
        <table class="positions">
          <caption class="sr-only">Followed symbols with their live quotes</caption>
          <thead>
            <tr>
              <th scope="col">Symbol</th>
              <th scope="col">Last</th>
              <th scope="col">Change</th>
              <th scope="col">Bid</th>
              <th scope="col">Ask</th>
              <th scope="col">
                <span class="sr-only">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            <For each={props.watchlist.symbols()} fallback={<tr><td colSpan={6} class="muted">No symbols: add one above.</td></tr>}>
              {(symbol) => {
                const line = () => quoteLine(symbol, props.watchlist.quote(symbol));
                return (
                  <tr data-testid="watchlist-row" classList={{ stale: !line().live }}>
                    <th scope="row">
                      {symbol}
                      <Show when={!line().live}>
                        <span class="muted" title={line().problem ?? 'the bridge is not connected'}>
                          {' '}
                          · {line().problem ? 'no quote' : 'not live'}
                        </span>
                      </Show>
                    </th>
                    <td data-testid="watchlist-last">{price(line().last)}</td>
                    <td class={line().change === undefined ? '' : line().change! >= 0 ? 'up' : 'down'}>{signedPct(line().changePct)}</td>
                    <td>{price(line().bid)}</td>
                    <td>{price(line().ask)}</td>
                    <td class="actions">
                      <Show when={props.canChart(symbol)}>
                        <button type="button" class="link" aria-label={`Chart ${symbol}`} onClick={() => props.onChart(symbol)}>
                          Chart
                        </button>
                      </Show>
                      <button type="button" class="link" aria-label={`Remove ${symbol} from the watchlist`} onClick={() => void props.watchlist.remove(symbol)}>
                        Remove
                      </button>
                    </td>
                  </tr>
                );
              }}
            </For>
          </tbody>
        </table>
      </div>
    </section>
  );
}
