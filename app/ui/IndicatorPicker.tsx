// Choose an indicator from the catalog (grouped), set its parameters, add it (Enter or the button).
// Parameters are validated by the worker; its message shows under the parameter it names.
import { batch, createMemo, createSignal, For, Show } from 'solid-js';
import { ParamInput } from './ParamInput.tsx';
import { useWorkbench } from '../state/workbench.ts';
import { catalogByGroup, defaultText, infoOf, placementOf, unavailableReason, type IndicatorInfo } from '../state/indicator-meta.ts';

const GROUPS = catalogByGroup();
const defaultsOf = (info: IndicatorInfo | undefined): Record<string, string> =>
  Object.fromEntries((info?.params ?? []).map((p) => [p.name, defaultText(p)]));

export function IndicatorPicker() {
  const wb = useWorkbench();
  const [name, setName] = createSignal('RSI');
  const [texts, setTexts] = createSignal<Record<string, string>>(defaultsOf(infoOf('RSI')));
  const info = createMemo(() => infoOf(name())!);
  const reason = () => unavailableReason(info(), wb.hasSessions());
  const adding = () => wb.addState().status === 'adding';
  const error = () => {
    const s = wb.addState();
    return s.status === 'error' ? s : null;
  };
  const paramError = (param: string) => (error()?.param === param ? error()!.message : undefined);
  const formError = () => {
    const e = error();
    return e && !info().params.some((p) => p.name === e.param) ? e.message : null;
  };

  const choose = (next: string) =>
    batch(() => {
      setTexts(defaultsOf(infoOf(next))); // before the name: the new inputs start from these
      setName(next);
      wb.actions.clearAddState();
    });
  const submit = (e?: Event) => {
    e?.preventDefault();
    if (reason() || adding()) return;
    void wb.actions.addIndicator(name(), texts());
  };

  return (
    <form class="picker" onSubmit={submit} novalidate aria-labelledby="picker-title">
      <h3 id="picker-title">Add an indicator</h3>
      <label class="field-label" for="indicator-select">
        Indicator
      </label>
      <select
        id="indicator-select"
        data-testid="indicator-select"
        aria-describedby="indicator-hint"
        onChange={(e) => choose(e.currentTarget.value)}
        onKeyDown={(e) => {
          if (e.key === 'Enter') submit(e);
        }}
      >
        <For each={GROUPS}>
          {(g) => (
            <optgroup label={g.title}>
              <For each={g.items}>
                {(i) => {
                  const why = () => unavailableReason(i, wb.hasSessions());
                  return (
                    <option value={i.name} selected={name() === i.name} disabled={!!why()} title={why() ?? i.definition}>
                      {i.name} — {i.title}
                      {why() ? ' (needs sessions)' : ''}
                    </option>
                  );
                }}
              </For>
            </optgroup>
          )}
        </For>
      </select>
      <p id="indicator-hint" class="hint" classList={{ warn: !!reason() }}>
        {reason() ?? `${placementOf(info()) === 'overlay' ? 'Drawn over the price' : 'Drawn in the lower pane'} · ${info().outputs.length === 1 ? '1 line' : `${info().outputs.length} lines`}`}
      </p>
      {/* keyed: another indicator gets fresh inputs holding its defaults */}
      <Show when={info()} keyed>
        {(inf) => (
          <Show when={inf.params.length > 0} fallback={<p class="muted no-params">No parameters.</p>}>
            <fieldset class="params">
              <legend class="sr-only">{inf.name} parameters</legend>
              <For each={inf.params}>
                {(p) => (
                  <ParamInput
                    param={p}
                    idPrefix={`param-${inf.id}`}
                    initial={texts()[p.name] ?? ''}
                    onInput={(t) => setTexts({ ...texts(), [p.name]: t })}
                    error={paramError(p.name)}
                  />
                )}
              </For>
            </fieldset>
          </Show>
        )}
      </Show>
      <Show when={formError()}>
        <p class="form-error" role="alert">
          {formError()}
        </p>
      </Show>
      <div class="picker-actions">
        <button type="submit" class="primary" data-testid="add-indicator" disabled={!!reason()} aria-busy={adding()}>
          {adding() ? 'Adding…' : 'Add'}
        </button>
        <span class="muted status" role="status">
          {wb.addState().status === 'added' ? `Added ${(wb.addState() as { label: string }).label}` : adding() ? 'Computing in WebAssembly…' : ''}
        </span>
      </div>
    </form>
  );
}
