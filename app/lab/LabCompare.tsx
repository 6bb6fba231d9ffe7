// Two stored results side by side: their stats in two columns and both equity curves on one chart
// (one time axis: compare-curves.ts).
import { createMemo, createSignal, For, Show } from 'solid-js';
import { LineChart } from '../charts/LineChart.tsx';
import type { StoredResult } from '../db/schema.ts';
import { mergeCurves } from './compare-curves.ts';
import { formatStat, formatStoredAt, STAT_ROWS } from './stat-rows.ts';

const COLORS = ['#4fa3ff', '#f5b942'] as const;

const label = (r: StoredResult) => `${r.title} (${formatStoredAt(r.storedAt)})`;

export function LabCompare(props: { readonly results: readonly StoredResult[] }) {
  const [ids, setIds] = createSignal<readonly [string, string]>(['', '']);
  const pick = (at: 0 | 1, id: string) => setIds(at === 0 ? [id, ids()[1]] : [ids()[0], id]);
  const pair = createMemo(() => {
    const [a, b] = ids().map((id) => props.results.find((r) => r.id === id));
    return a && b && a.id !== b.id ? ([a, b] as const) : undefined;
  });

  return (
    <div class="lab-compare" data-testid="lab-compare">
      <h3>Compare two results</h3>
      <div class="lab-row">
        <For each={[0, 1] as const}>
          {(at) => (
            <div class="lab-field">
              <label for={`lab-compare-${at}`}>{at === 0 ? 'First result' : 'Second result'}</label>
              <select id={`lab-compare-${at}`} data-testid={`lab-compare-${at}`} onChange={(e) => pick(at, e.currentTarget.value)}>
                <option value="" selected={ids()[at] === ''}>
                  —
                </option>
                <For each={props.results}>{(r) => <option value={r.id} selected={r.id === ids()[at]}>{label(r)}</option>}</For>
              </select>
            </div>
          )}
        </For>
      </div>
      <Show when={pair()} keyed fallback={<p class="muted">Pick two different results.</p>}>
        {([a, b]) => {
          const merged = mergeCurves(a, b);
          return (
            <div class="lab-compare-body">
              <LineChart
                time={merged.time}
                series={[
                  { label: `1: ${a.title}`, values: merged.a, color: COLORS[0] },
                  { label: `2: ${b.title}`, values: merged.b, color: COLORS[1] },
                ]}
                height={240}
                title={`Equity curves: ${a.title} and ${b.title}`}
                testId="lab-compare-equity"
              />
              <table class="lab-stats" data-testid="lab-compare-table">
                <caption class="sr-only">
                  Statistics of {label(a)} and {label(b)}
                </caption>
                <thead>
                  <tr>
                    <th scope="col">Statistic</th>
                    <th scope="col">1: {label(a)}</th>
                    <th scope="col">2: {label(b)}</th>
                  </tr>
                </thead>
                <tbody>
                  <For each={STAT_ROWS}>
                    {(row) => (
                      <tr data-key={row.key}>
                        <th scope="row">{row.label}</th>
                        <td>{formatStat(row, a.json)}</td>
                        <td>{formatStat(row, b.json)}</td>
                      </tr>
                    )}
                  </For>
                </tbody>
              </table>
            </div>
          );
        }}
      </Show>
    </div>
  );
}
