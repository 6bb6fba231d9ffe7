// The backtest lab: a series (bundled, or the user's own CSV: LabImport.tsx), a runnable single-symbol strategy with its parameters (the
// form built from the strategy's schema and checked by its rules), the initial capital and the
// commission. Run computes in a Web Worker (progress bar, Cancel; the page stays responsive) or,
// when the same configuration already ran on the same data, shows the result stored in IndexedDB.
// Results: equity and drawdown curves and the stats; stored results can be opened again, and two of
// them compared side by side. A run goes on while the view is hidden (the shell keeps it mounted).
// Sweep mode: numeric parameters take ranges; every valid combination runs across Web Workers
// (sweep-runner.ts) into a heat map whose cells open as single runs (LabSweep.tsx); the last sweep is
// stored and shown again on load.
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
import { LabSweep } from './LabSweep.tsx';
import type { StoredSweep } from '../db/schema.ts';
import { SweepPool } from '../workers/sweep-pool.ts';
import { countGrid, countText, rangeable } from './sweep-form.ts';
import { cellConfig, lastSweep, runSweep } from './sweep-runner.ts';
import { createLabInstances } from './lab-instances.ts';
import './lab.css';

type RunState =
  | { readonly status: 'idle' }
  | { readonly status: 'running'; readonly done: number; readonly total: number; readonly workers?: number }
  | { readonly status: 'cancelled' }
  | { readonly status: 'error'; readonly error: string };

const DEFAULT_SERIES = SAMPLE_SERIES.find((s) => s.key === 'GOOG:1d') ?? SAMPLE_SERIES[0];
const DEFAULT_STRATEGY: StrategyName = LAB_STRATEGIES.includes('sma_cross') ? 'sma_cross' : LAB_STRATEGIES[0];

export function LabView(props: { db: MoneyTrailzDb; ta?: unknown }) {
  const client = new BacktestClient();
  onCleanup(() => client.terminate());
  const pool = new SweepPool();
  onCleanup(() => pool.cancel());

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
  const [mode, setMode] = createSignal<'single' | 'sweep'>('single');
  const [sweepParams, setSweepParams] = createSignal<Record<string, string>>(defaultParams(DEFAULT_STRATEGY));
  const [sweep, setSweep] = createSignal<StoredSweep | undefined>();
  // The user's saved strategy instances (lab-instances.ts); loading one re-creates the form's inputs.
  const instances = createLabInstances(props.db);
  const [formVersion, setFormVersion] = createSignal(0);
  const [instanceName, setInstanceName] = createSignal('');
  const [instanceNote, setInstanceNote] = createSignal<{ text: string; error: boolean } | undefined>();
  const saveInstance = async () => {
    const problem = await instances
      .save({ name: instanceName(), strategy: strategy(), params: params(), capital: capital(), commission: commission() })
      .catch((err: unknown) => `not stored: ${err instanceof Error ? err.message : String(err)}`);
    setInstanceNote(problem ? { text: problem, error: true } : { text: `Saved “${instanceName().trim()}”.`, error: false });
  };
  const loadInstance = (name: string) => {
    const i = instances.list().find((x) => x.name === name);
    if (!i) return;
    setStrategy(i.strategy);
    setParams({ ...defaultParams(i.strategy), ...i.params });
    setSweepParams({ ...defaultParams(i.strategy), ...i.params });
    setCapital(i.capital);
    setCommission(i.commission);
    setErrors({});
    setInstanceName(i.name);
    setFormVersion((v) => v + 1);
    setInstanceNote({ text: `Loaded “${i.name}”.`, error: false });
  };
  /** What the status line reports when idle: the last single run, or the last sweep and where it came from. */
  const [last, setLast] = createSignal<'run' | { readonly sweep: 'run' | 'indexeddb' }>('run');

  const series = () => [...SAMPLE_SERIES, ...imported()].find((s) => s.key === seriesKey()) ?? DEFAULT_SERIES;
  const running = () => run().status === 'running';
  const percent = () => {
    const r = run();
    return r.status === 'running' && r.total > 0 ? Math.round((100 * r.done) / r.total) : 0;
  };
  const refresh = async () => setStored(await storedResults(props.db));
  const refreshImported = async () => setImported(await importedSeries(props.db));
  onMount(() => void Promise.all([refresh(), refreshImported(), lastSweep(props.db).then(setSweep)]).catch(() => undefined));
  const onImported = async (s: LabSeries) => {
    await refreshImported();
    setSeriesKey(s.key);
  };

  const chooseStrategy = (name: StrategyName) => {
    setStrategy(name);
    setParams(defaultParams(name));
    setSweepParams(defaultParams(name));
    setErrors({});
  };

  const failed = (err: unknown) =>
    setRun(err instanceof BacktestCancelled ? { status: 'cancelled' } : { status: 'error', error: err instanceof Error ? err.message : String(err) });

  const submitSweep = async () => {
    const picked = series();
    const form = { sample: picked, strategy: strategy(), params: sweepParams(), capital: capital(), commission: commission() };
    setRun({ status: 'running', done: 0, total: 0 });
    try {
      const out = await runSweep({
        db: props.db,
        client,
        pool,
        series: picked,
        form,
        title: `${form.strategy} sweep on ${seriesName(picked)}`,
        onStart: (total) => setRun({ status: 'running', done: 0, total, workers: Math.min(pool.size, total) }),
        onProgress: (done, total) => setRun({ status: 'running', done, total, workers: Math.min(pool.size, total) }),
      });
      setRun({ status: 'idle' });
      if (!out.ok) return void setErrors(out.errors);
      setErrors({});
      setSweep(out.sweep);
      setLast({ sweep: out.origin });
    } catch (err) {
      failed(err);
    }
  };

  /** A sweep's cell as a single run: the existing path (stored under its content id). */
  const openCell = async (s: StoredSweep, cell: Readonly<Record<string, number>>) => {
    if (running()) return;
    const picked = [...SAMPLE_SERIES, ...imported()].find((x) => x.key === s.seriesKey);
    if (!picked) return setRun({ status: 'error', error: `The sweep's series (${s.seriesKey}) is no longer on this device: import its CSV again, then sweep again.` });
    setRun({ status: 'running', done: 0, total: 0 });
    try {
      const outcome = await runLab({
        db: props.db,
        client,
        series: picked,
        config: cellConfig(s, cell),
        title: `${s.strategy} (${Object.entries(cell).map(([k, v]) => `${k} ${v}`).join(', ')}) on ${seriesName(picked)}`,
        onProgress: (done, total) => setRun({ status: 'running', done, total }),
      });
      setShown(outcome);
      setLast('run');
      setRun({ status: 'idle' });
      if (outcome.origin === 'run') await refresh();
    } catch (err) {
      failed(err);
    }
  };

  const submit = async (e: Event) => {
    e.preventDefault();
    if (running()) return;
    if (mode() === 'sweep') return submitSweep();
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
      setLast('run');
      setRun({ status: 'idle' });
      if (outcome.origin === 'run') await refresh();
    } catch (err) {
      failed(err);
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
          {/* keyed: a loaded instance gets fresh inputs holding its values */}
          <Show when={`v${formVersion()}`} keyed>
            {(_v) => (
              <>
                <LabField id={`lab-${CAPITAL}`} label="Initial capital" kind="number" initial={capital()} help="a number > 0" error={errors()[CAPITAL]} onInput={setCapital} />
                <LabField id={`lab-${COMMISSION}`} label="Commission (fraction per side)" kind="number" initial={commission()} help="a number in [0, 1)" error={errors()[COMMISSION]} onInput={setCommission} />
              </>
            )}
          </Show>
        </div>
        <fieldset class="lab-instances" data-testid="lab-instances">
          <legend>Your strategy instances</legend>
          <div class="lab-row">
            <div class="lab-field">
              <label for="lab-instance-load">Load</label>
              <select
                id="lab-instance-load"
                data-testid="lab-instance-load"
                disabled={running() || instances.list().length === 0}
                onChange={(e) => {
                  loadInstance(e.currentTarget.value);
                  e.currentTarget.value = '';
                }}
              >
                <option value="">{instances.list().length === 0 ? 'none saved yet' : 'choose one…'}</option>
                <For each={instances.list()}>{(i) => <option value={i.name}>{`${i.name} (${i.strategy})`}</option>}</For>
              </select>
            </div>
            <div class="lab-field">
              <label for="lab-instance-name">Save the form as</label>
              <input id="lab-instance-name" data-testid="lab-instance-name" value={instanceName()} placeholder="e.g. GOOG fast trend" onInput={(e) => setInstanceName(e.currentTarget.value)} />
            </div>
            <div class="lab-field lab-instance-actions">
              <button type="button" data-testid="lab-instance-save" onClick={() => void saveInstance()}>
                Save instance
              </button>
              <Show when={instances.list().some((i) => i.name === instanceName().trim())}>
                <button type="button" data-testid="lab-instance-delete" onClick={() => void instances.remove(instanceName().trim()).then(() => setInstanceNote({ text: 'Deleted.', error: false }))}>
                  Delete
                </button>
              </Show>
            </div>
          </div>
          <Show when={instanceNote()}>
            {(n) => (
              <p class={n().error ? 'form-error' : 'muted'} role={n().error ? 'alert' : 'status'} data-testid="lab-instance-note">
                {n().text}
              </p>
            )}
          </Show>
        </fieldset>
        <fieldset class="lab-mode">
          <legend>Mode</legend>
          <label>
            <input type="radio" name="lab-mode" value="single" data-testid="lab-mode-single" checked={mode() === 'single'} disabled={running()} onChange={() => (setMode('single'), setErrors({}))} /> Single run
          </label>
          <label>
            <input type="radio" name="lab-mode" value="sweep" data-testid="lab-mode-sweep" checked={mode() === 'sweep'} disabled={running()} onChange={() => (setMode('sweep'), setErrors({}))} /> Sweep (ranges of parameters)
          </label>
        </fieldset>
        {/* keyed: another strategy (or mode) gets fresh inputs holding its values */}
        <Show when={`${strategy()}|${mode()}|${formVersion()}`} keyed>
          {(_key) => {
            const name = strategy();
            const sweeping = mode() === 'sweep';
            return (
              <fieldset class="lab-params">
                <legend>
                  {name} parameters{sweeping ? ' — a value, from:to:step or a,b,c' : ''}
                </legend>
                <For each={paramFields(name)} fallback={<p class="muted">No parameters.</p>}>
                  {(f) => (
                    <LabField
                      id={`lab-param-${f.name}`}
                      label={f.name}
                      kind={f.kind}
                      initial={(sweeping ? sweepParams() : params())[f.name] ?? f.initial}
                      help={sweeping && rangeable(f) ? `${f.expected}; or a range, e.g. 5:50:5, or a list, e.g. 5,8,13` : f.expected}
                      choices={f.choices}
                      range={sweeping && rangeable(f)}
                      error={errors()[f.name]}
                      onInput={(t) => (sweeping ? setSweepParams({ ...sweepParams(), [f.name]: t }) : setParams({ ...params(), [f.name]: t }))}
                    />
                  )}
                </For>
              </fieldset>
            );
          }}
        </Show>
        <Show when={mode() === 'sweep'}>
          <p class="sweep-count muted" role="status" data-testid="sweep-count">
            {countText(countGrid(paramFields(strategy()), sweepParams()))}
          </p>
        </Show>
        <Show when={errors()['']}>
          <p class="form-error" role="alert">
            {errors()['']}
          </p>
        </Show>
        <div class="lab-actions">
          <button type="submit" class="primary" data-testid="lab-run" disabled={running()}>
            {mode() === 'sweep' ? 'Run sweep' : 'Run'}
          </button>
          <Show when={running()}>
            <button type="button" data-testid="lab-cancel" onClick={() => (client.cancel(), pool.cancel())}>
              Cancel
            </button>
            <div class="lab-progress" role="progressbar" aria-label="Backtest progress" aria-valuemin={0} aria-valuemax={100} aria-valuenow={percent()} data-testid="lab-progress">
              <div class="lab-progress-fill" style={{ width: `${percent()}%` }} />
            </div>
          </Show>
          <span class="muted" role="status" data-testid="lab-status">
            {(() => {
              const r = run();
              if (r.status === 'running' && r.workers !== undefined) {
                return `Sweeping on ${r.workers} Web Worker${r.workers === 1 ? '' : 's'}… ${percent()} % (${r.done} of ${r.total} runs)`;
              }
              if (r.status === 'running') return r.total > 0 ? `Running in a Web Worker… ${percent()} %` : 'Starting…';
              if (r.status === 'cancelled') return 'Cancelled.';
              const l = last();
              const sw = sweep();
              if (l !== 'run' && sw) return l.sweep === 'indexeddb' ? `${sw.title}: from IndexedDB (stored ${formatStoredAt(sw.storedAt)})` : `${sw.title}: ${sw.cells.length} runs computed in Web Workers and stored`;
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
        {(s) => <LabResult result={s.result} db={props.db} />}
      </Show>
      <Show when={sweep()} keyed>
        {(s) => <LabSweep sweep={s} busy={running()} onOpen={(cell) => void openCell(s, cell)} />}
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
