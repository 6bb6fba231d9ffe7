// The backtest lab: a series (bundled, or the user's own CSV: LabImport.tsx), a runnable single-symbol strategy with its parameters (the
// form built from the strategy's schema and checked by its rules), the initial capital and the
// commission. Run computes in a Web Worker (progress bar, Cancel; the page stays responsive) or,
// when the same configuration already ran on the same data, shows the result stored in IndexedDB.
// Results: equity and drawdown curves and the stats; stored results can be opened again, and two of
// them compared side by side. A run goes on while the view is hidden (the shell keeps it mounted).
import { createSignal, For, onCleanup, onMount, Show } from 'solid-js';
import type { StrategyName } from '../../shared/config/strategy-params.ts';
import type { MoneyTrailzDb, StoredResult } from '../db/schema.ts';
import { BacktestCancelled, BacktestClient } from '../workers/backtest-client.ts';
import { CAPITAL, COMMISSION, defaultParams, LAB_STRATEGIES, paramFields } from './lab-config.ts';
import { runLab, storedResults, type LabOutcome } from './lab-runner.ts';
import { importedSeries, SAMPLE_SERIES, seriesName, type LabSeries } from './lab-series.ts';
import { formatStoredAt } from './stat-rows.ts';
import { LabCompare } from './LabCompare.tsx';
import { LabField } from './LabField.tsx';
import { LabImport } from './LabImport.tsx';
import { LabResult } from './LabResult.tsx';
import './lab.css';

type RunState =
  | { readonly status: 'idle' }
  | { readonly status: 'running'; readonly done: number; readonly total: number }
  | { readonly status: 'cancelled' }
  | { readonly status: 'error'; readonly error: string };

const DEFAULT_SERIES = SAMPLE_SERIES.find((s) => s.key === 'GOOG:1d') ?? SAMPLE_SERIES[0];
const DEFAULT_STRATEGY: StrategyName = LAB_STRATEGIES.includes('sma_cross') ? 'sma_cross' : LAB_STRATEGIES[0];

export function LabView(props: { db: MoneyTrailzDb; ta?: unknown }) {
  const client = new BacktestClient();
  onCleanup(() => client.terminate());

  const [seriesKey, setSeriesKey] = createSignal(DEFAULT_SERIES.key);
  const [imported, setImported] = createSignal<LabSeries[]>([]);
  const [strategy, setStrategy] = createSignal<StrategyName>(DEFAULT_STRATEGY);
  const [params, setParams] = createSignal<Record<string, string>>(defaultParams(DEFAULT_STRATEGY));
  const [capital, setCapital] = createSignal('10000');
  const [commission, setCommission] = createSignal('0');
  const [errors, setErrors] = createSignal<Readonly<Record<string, string>>>({});
  const [run, setRun] = createSignal<RunState>({ status: 'idle' });
  const [shown, setShown] = createSignal<LabOutcome | undefined>();
  const [stored, setStored] = createSignal<StoredResult[]>([]);

  const series = () => [...SAMPLE_SERIES, ...imported()].find((s) => s.key === seriesKey()) ?? DEFAULT_SERIES;
  const running = () => run().status === 'running';
  const percent = () => {
    const r = run();
    return r.status === 'running' && r.total > 0 ? Math.round((100 * r.done) / r.total) : 0;
  };
  const refresh = async () => setStored(await storedResults(props.db));
  const refreshImported = async () => setImported(await importedSeries(props.db));
  onMount(() => void Promise.all([refresh(), refreshImported()]).catch(() => undefined));
  const onImported = async (s: LabSeries) => {
    await refreshImported();
    setSeriesKey(s.key);
  };

  const chooseStrategy = (name: StrategyName) => {
    setStrategy(name);
    setParams(defaultParams(name));
    setErrors({});
  };

  const submit = async (e: Event) => {
    e.preventDefault();
    if (running()) return;
    const picked = series();
    const form = { sample: picked, strategy: strategy(), params: params(), capital: capital(), commission: commission() };
    setRun({ status: 'running', done: 0, total: 0 });
    try {
      const check = await client.check(form);
      if (!check.ok) {
        setRun({ status: 'idle' });
        return void setErrors(check.errors);
      }
      setErrors({});
      const outcome = await runLab({
        db: props.db,
        client,
        series: picked,
        config: check.config,
        title: `${form.strategy} on ${seriesName(picked)}`,
        onProgress: (done, total) => setRun({ status: 'running', done, total }),
      });
      setShown(outcome);
      setRun({ status: 'idle' });
      if (outcome.origin === 'run') await refresh();
    } catch (err) {
      setRun(err instanceof BacktestCancelled ? { status: 'cancelled' } : { status: 'error', error: err instanceof Error ? err.message : String(err) });
    }
  };

  return (
    <section class="lab card" aria-labelledby="lab-title" data-testid="lab">
      <h2 id="lab-title">Backtest lab</h2>
      <LabImport db={props.db} onImported={(s) => void onImported(s)} />
      <form class="lab-form" onSubmit={submit} novalidate>
        <div class="lab-row">
          <div class="lab-field">
            <label for="lab-sample">Series</label>
            <select id="lab-sample" data-testid="lab-sample" onChange={(e) => setSeriesKey(e.currentTarget.value)}>
              <optgroup label="Samples">
                <For each={SAMPLE_SERIES}>{(s) => <option value={s.key} selected={s.key === seriesKey()}>{seriesName(s)}</option>}</For>
              </optgroup>
              <Show when={imported().length > 0}>
                <optgroup label="Your data" data-testid="lab-imported">
                  <For each={imported()}>{(s) => <option value={s.key} selected={s.key === seriesKey()}>{seriesName(s)}</option>}</For>
                </optgroup>
              </Show>
            </select>
          </div>
          <div class="lab-field">
            <label for="lab-strategy">Strategy</label>
            <select id="lab-strategy" data-testid="lab-strategy" onChange={(e) => chooseStrategy(e.currentTarget.value as StrategyName)}>
              <For each={LAB_STRATEGIES}>{(n) => <option value={n} selected={n === strategy()}>{n}</option>}</For>
            </select>
          </div>
          <LabField id={`lab-${CAPITAL}`} label="Initial capital" kind="number" initial={capital()} help="a number > 0" error={errors()[CAPITAL]} onInput={setCapital} />
          <LabField id={`lab-${COMMISSION}`} label="Commission (fraction per side)" kind="number" initial={commission()} help="a number in [0, 1)" error={errors()[COMMISSION]} onInput={setCommission} />
        </div>
        {/* keyed: another strategy gets fresh inputs holding its defaults */}
        <Show when={strategy()} keyed>
          {(name) => (
            <fieldset class="lab-params">
              <legend>{name} parameters</legend>
              <For each={paramFields(name)} fallback={<p class="muted">No parameters.</p>}>
                {(f) => (
                  <LabField
                    id={`lab-param-${f.name}`}
                    label={f.name}
                    kind={f.kind}
                    initial={f.initial}
                    help={f.expected}
                    choices={f.choices}
                    error={errors()[f.name]}
                    onInput={(t) => setParams({ ...params(), [f.name]: t })}
                  />
                )}
              </For>
            </fieldset>
          )}
        </Show>
        <Show when={errors()['']}>
          <p class="form-error" role="alert">
            {errors()['']}
          </p>
        </Show>
        <div class="lab-actions">
          <button type="submit" class="primary" data-testid="lab-run" disabled={running()}>
            Run
          </button>
          <Show when={running()}>
            <button type="button" data-testid="lab-cancel" onClick={() => client.cancel()}>
              Cancel
            </button>
            <div class="lab-progress" role="progressbar" aria-label="Backtest progress" aria-valuemin={0} aria-valuemax={100} aria-valuenow={percent()} data-testid="lab-progress">
              <div class="lab-progress-fill" style={{ width: `${percent()}%` }} />
            </div>
          </Show>
          <span class="muted" role="status" data-testid="lab-status">
            {(() => {
              const r = run();
              if (r.status === 'running') return r.total > 0 ? `Running in a Web Worker… ${percent()} %` : 'Starting…';
              if (r.status === 'cancelled') return 'Cancelled.';
              const s = shown();
              return s ? (s.origin === 'indexeddb' ? `${s.result.title}: from IndexedDB (stored ${formatStoredAt(s.result.storedAt)})` : `${s.result.title}: computed in a Web Worker and stored`) : '';
            })()}
          </span>
        </div>
        <Show when={run().status === 'error' ? (run() as { error: string }).error : undefined}>
          {(m) => (
            <p class="form-error" role="alert" data-testid="lab-error">
              {m()}
            </p>
          )}
        </Show>
      </form>
      <Show when={shown()} keyed>
        {(s) => <LabResult result={s.result} />}
      </Show>
      <Show when={stored().length > 0}>
        <div class="lab-stored">
          <h3>Stored results</h3>
          <ul data-testid="lab-stored">
            <For each={stored()}>
              {(r) => (
                <li>
                  <button type="button" class="link" onClick={() => setShown({ result: r, origin: 'indexeddb' })}>
                    {r.title}
                  </button>{' '}
                  <span class="muted">{formatStoredAt(r.storedAt)}</span>
                </li>
              )}
            </For>
          </ul>
        </div>
      </Show>
      <Show when={stored().length >= 2}>
        <LabCompare results={stored()} />
      </Show>
    </section>
  );
}
