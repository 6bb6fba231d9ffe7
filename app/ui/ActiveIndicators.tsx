// The active indicators as chips: their colours, label, state (computing, unavailable) and a
// remove button. Removing keeps keyboard focus in the list.
import { For, Show } from 'solid-js';
import { useWorkbench } from '../state/workbench.ts';
import { indicatorLabel, infoOf, unavailableReason } from '../state/indicator-meta.ts';
import type { ActiveIndicator } from '../state/indicators.ts';
import { themedColor } from '../charts/palette.ts';
import { theme } from '../state/theme.ts';

export function ActiveIndicators() {
  const wb = useWorkbench();
  let list: HTMLUListElement | undefined;

  const problem = (a: ActiveIndicator): string | null => {
    const info = infoOf(a.name);
    const why = info && unavailableReason(info, wb.hasSessions());
    if (why) return why;
    const r = wb.results();
    const res = r.seriesKey === wb.series().sample.key ? r.byUid.get(a.uid) : undefined;
    return res?.status === 'error' ? res.error : null;
  };
  const pending = (a: ActiveIndicator) => {
    const r = wb.results();
    return wb.series().status === 'loading' || r.seriesKey !== wb.series().sample.key || !r.byUid.has(a.uid);
  };

  const remove = async (a: ActiveIndicator, index: number) => {
    await wb.actions.removeIndicator(a.uid);
    const buttons = list?.querySelectorAll<HTMLButtonElement>('button.remove');
    const next = buttons?.[Math.min(index, buttons.length - 1)];
    (next ?? document.getElementById('indicator-select'))?.focus();
  };

  return (
    <section class="active" aria-labelledby="active-title">
      <h3 id="active-title">
        Active indicators <span class="count">{wb.active().length}</span>
      </h3>
      <Show when={wb.active().length > 0} fallback={<p class="muted">None yet: add one above.</p>}>
        <ul class="chip-list" ref={list} data-testid="active-indicators">
          <For each={wb.active()}>
            {(a, i) => {
              const label = indicatorLabel(a.name, a.params);
              return (
                <li class="ind-chip" classList={{ problem: !!problem(a), pending: !problem(a) && pending(a) }} data-testid="active-indicator" title={problem(a) ?? label}>
                  <span class="swatches" aria-hidden="true">
                    <For each={a.colors}>{(c) => <span class="swatch" style={{ background: themedColor(c, theme()) }} />}</For>
                  </span>
                  <span class="ind-label">{label}</span>
                  <Show when={problem(a)}>
                    <span class="ind-note" aria-hidden="true">
                      ⚠
                    </span>
                  </Show>
                  <button type="button" class="remove" aria-label={`Remove ${label}`} onClick={() => void remove(a, i())}>
                    <span aria-hidden="true">×</span>
                  </button>
                </li>
              );
            }}
          </For>
        </ul>
        <For each={wb.active().filter((a) => problem(a))}>
          {(a) => (
            <p class="chip-problem" role="note">
              ⚠ {indicatorLabel(a.name, a.params)}: {problem(a)}
            </p>
          )}
        </For>
      </Show>
    </section>
  );
}
