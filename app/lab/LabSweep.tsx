// A sweep's results: a heat map when two parameters vary (x and y = their values, colour = the chosen
// metric, diverging scale with a legend, the best cell outlined), a row of cells when one varies, and
// the top 10 combinations. Every cell is a button named by its parameters and value; it opens that
// combination as an ordinary single run of the lab (stored under its content id).
import { createMemo, createSignal, For, Show } from 'solid-js';
import type { StoredSweep, SweepCell } from '../db/schema.ts';
import { cellName, formatMetric, paramsText, skippedText, SWEEP_METRICS, type SweepMetric } from './sweep-form.ts';
import { bestCell, cellBackground, legendGradient, ranked, scaleOf } from './sweep-scale.ts';
import { formatStoredAt } from './stat-rows.ts';

export interface LabSweepProps {
  readonly sweep: StoredSweep;
  /** A run is in progress: cells cannot open one more. */
  readonly busy: boolean;
  readonly onOpen: (params: Readonly<Record<string, number>>) => void;
}

export function LabSweep(props: LabSweepProps) {
  const [metricKey, setMetricKey] = createSignal<SweepMetric['key']>('returnPct');
  const metric = () => SWEEP_METRICS.find((m) => m.key === metricKey()) ?? SWEEP_METRICS[0];
  const varying = () => props.sweep.axes.filter((a) => a.values.length > 1);
  const scale = createMemo(() => scaleOf(props.sweep.cells.map((c) => c[metric().key])));
  const best = createMemo(() => bestCell(props.sweep.cells, metric()));
  const at = createMemo(() => new Map(props.sweep.cells.map((c, i) => [varying().map((a) => c.params[a.param]).join('|'), i])));
  const top = () => ranked(props.sweep.cells, metric()).slice(0, 10);
  const skipped = () => props.sweep.total - props.sweep.cells.length;

  const Cell = (p: { readonly values: readonly number[] }) => {
    const i = () => at().get(p.values.join('|'));
    return (
      <Show when={i() !== undefined} fallback={<span class="sweep-skipped" title="skipped: breaks the strategy's rule">skipped</span>}>
        {(() => {
          const c = (): SweepCell => props.sweep.cells[i()!];
          const v = () => c()[metric().key];
          return (
            <button
              type="button"
              class="sweep-cell"
              classList={{ best: i() === best() }}
              style={{ background: cellBackground(scale().t(v()), metric()) }}
              aria-label={cellName(c().params, metric(), v())}
              data-testid="sweep-cell"
              data-value={String(v())}
              disabled={props.busy}
              onClick={() => props.onOpen(c().params)}
            >
              {formatMetric(metric(), v())}
            </button>
          );
        })()}
      </Show>
    );
  };

  return (
    <div class="lab-sweep" data-testid="lab-sweep">
      <h3>{props.sweep.title}</h3>
      <p class="muted" data-testid="sweep-summary">
        {props.sweep.cells.length} of {props.sweep.total} combinations ran
        {skipped() > 0 ? ` (${skippedText(props.sweep.skippedBy)})` : ''} · stored {formatStoredAt(props.sweep.storedAt)} · open a cell to run it alone
      </p>
      <div class="lab-field sweep-metric">
        <label for="sweep-metric">Colour by</label>
        <select id="sweep-metric" data-testid="sweep-metric" onChange={(e) => setMetricKey(e.currentTarget.value as SweepMetric['key'])}>
          <For each={SWEEP_METRICS}>{(m) => <option value={m.key} selected={m.key === metricKey()}>{m.label}</option>}</For>
        </select>
      </div>
      <Show when={varying().length <= 2} fallback={<p class="muted">{varying().length} parameters vary: the map shows two at a time — see the table of the best below.</p>}>
        <div class="table-scroll">
          <table class="sweep-map" data-testid="sweep-map">
            <caption class="sr-only">
              {metric().label} by {varying().map((a) => a.param).join(' (across) and ') || 'combination'}
              {varying().length === 2 ? ' (down)' : ''}
            </caption>
            <thead>
              <tr>
                <th scope="col">{varying().length === 2 ? `${varying()[1].param} ↓ · ${varying()[0].param} →` : (varying()[0]?.param ?? '')}</th>
                <For each={varying()[0]?.values ?? [0]}>{(x) => <th scope="col">{varying()[0] ? x : ''}</th>}</For>
              </tr>
            </thead>
            <tbody>
              <For each={varying().length === 2 ? varying()[1].values : [undefined]}>
                {(y) => (
                  <tr>
                    <th scope="row">{y ?? metric().label}</th>
                    <For each={varying()[0]?.values ?? [undefined]}>
                      {(x) => (
                        <td>
                          <Cell values={[x, y].filter((v): v is number => v !== undefined)} />
                        </td>
                      )}
                    </For>
                  </tr>
                )}
              </For>
            </tbody>
          </table>
        </div>
      </Show>
      <div class="sweep-legend" aria-label={`Colour scale of ${metric().label}`} data-testid="sweep-legend">
        <span>{formatMetric(metric(), scale().min)}</span>
        <span class="sweep-legend-bar" style={{ background: legendGradient(metric()) }} />
        <span>{formatMetric(metric(), scale().max)}</span>
        <span class="muted">
          {metric().better === 'higher' ? `centre ${formatMetric(metric(), scale().centre)}; the best cell is outlined` : `centre ${formatMetric(metric(), scale().centre)}; neither end is better`}
        </span>
      </div>
      <h4>Top {Math.min(10, props.sweep.cells.length)} by {metric().label}</h4>
      <div class="table-scroll">
        <table class="lab-stats sweep-top" data-testid="sweep-top">
          <thead>
            <tr>
              <th scope="col">#</th>
              <th scope="col">Parameters</th>
              <For each={SWEEP_METRICS}>{(m) => <th scope="col">{m.label}</th>}</For>
            </tr>
          </thead>
          <tbody>
            <For each={top()}>
              {(c, i) => (
                <tr>
                  <td>{i() + 1}</td>
                  <th scope="row">
                    <button type="button" class="link" disabled={props.busy} onClick={() => props.onOpen(c.params)} aria-label={`Open ${paramsText(c.params)} as a single run`}>
                      {paramsText(c.params)}
                    </button>
                  </th>
                  <For each={SWEEP_METRICS}>{(m) => <td>{formatMetric(m, c[m.key])}</td>}</For>
                </tr>
              )}
            </For>
          </tbody>
        </table>
      </div>
    </div>
  );
}
