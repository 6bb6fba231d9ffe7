// Saved chart layouts (app/state/layouts.ts): save what the chart shows under a name, apply or delete
// a saved one; what could not be restored (an indicator refused) is said.
import { createSignal, For, Show } from 'solid-js';
import type { Layouts } from '../state/layouts.ts';
import './account.css';

export function LayoutsView(props: { layouts: Layouts }) {
  const [name, setName] = createSignal('');
  const [note, setNote] = createSignal<{ text: string; error: boolean } | undefined>();
  const save = async (e: Event) => {
    e.preventDefault();
    const problem = await props.layouts.save(name()).catch((err: unknown) => `not stored: ${err instanceof Error ? err.message : String(err)}`);
    setNote(problem ? { text: problem, error: true } : { text: `Saved “${name().trim()}”.`, error: false });
    if (!problem) setName('');
  };
  const apply = async (n: string) => {
    const layout = props.layouts.list().find((l) => l.name === n);
    if (!layout) return;
    const problems = await props.layouts.apply(layout).catch((err: unknown) => [err instanceof Error ? err.message : String(err)]);
    setNote(problems.length === 0 ? { text: `Showing “${n}”.`, error: false } : { text: `“${n}” shown without: ${problems.join('; ')}`, error: true });
  };
  return (
    <section class="card account layouts" aria-labelledby="layouts-title" data-testid="layouts">
      <header class="account-head">
        <h2 id="layouts-title">Chart layouts</h2>
      </header>
      <form class="watchlist-add" onSubmit={save} novalidate>
        <label for="layout-name" class="sr-only">
          Layout name
        </label>
        <input id="layout-name" data-testid="layout-name" placeholder="Name this chart, e.g. SPY swing" value={name()} onInput={(e) => setName(e.currentTarget.value)} />
        <button type="submit">Save</button>
      </form>
      <Show when={note()}>
        {(n) => (
          <p class={n().error ? 'form-error' : 'hint'} role={n().error ? 'alert' : 'status'} data-testid="layout-note">
            {n().text}
          </p>
        )}
      </Show>
      <ul class="layout-list">
        <For each={props.layouts.list()} fallback={<li class="muted">No saved layouts.</li>}>
          {(l) => (
            <li data-testid="layout">
              <span>
                <strong>{l.name}</strong>{' '}
                <span class="muted">
                  {l.symbol} {l.timeframe} · {l.style} · {l.indicators.map((i) => i.name).join(', ') || 'no indicators'}
                </span>
              </span>
              <span class="actions">
                <button type="button" aria-label={`Apply layout ${l.name}`} onClick={() => void apply(l.name)}>
                  Apply
                </button>
                <button type="button" aria-label={`Delete layout ${l.name}`} onClick={() => void props.layouts.remove(l.name)}>
                  Delete
                </button>
              </span>
            </li>
          )}
        </For>
      </ul>
    </section>
  );
}
