// A backtest result: the equity curve, the drawdown curve (uPlot via the app's LineChart, cursors
// synced) and the stats table with human labels.
import { For } from 'solid-js';
import { drawdownSeries } from '../../shared/analytics/drawdown.ts';
import { LineChart } from '../charts/LineChart.tsx';
import type { StoredResult } from '../db/schema.ts';
import { STAT_ROWS, formatStat } from './stat-rows.ts';

const EQUITY_COLOR = '#4fa3ff';
const DRAWDOWN_COLOR = '#ff6b6b';

/** Drawdown per step in percent, ≤ 0 (0 at every new high). */
function drawdownPct(equity: Float64Array): Float64Array {
  const dd = drawdownSeries(equity);
  for (let i = 0; i < dd.length; i++) dd[i] = -100 * dd[i];
  return dd;
}

export function LabResult(props: { readonly result: StoredResult }) {
  const sync = `lab-${Math.random().toString(36).slice(2)}`;
  return (
    <div class="lab-result" data-testid="lab-result">
      <div class="lab-charts">
        <LineChart
          time={props.result.times}
          series={[{ label: 'Equity', values: props.result.equity, color: EQUITY_COLOR }]}
          height={260}
          title={`Equity curve: ${props.result.title}`}
          testId="lab-equity"
          syncKey={sync}
        />
        <LineChart
          time={props.result.times}
          series={[{ label: 'Drawdown %', values: drawdownPct(props.result.equity), color: DRAWDOWN_COLOR }]}
          height={140}
          title={`Drawdown curve: ${props.result.title}`}
          testId="lab-drawdown"
          syncKey={sync}
        />
      </div>
      <table class="lab-stats" data-testid="lab-stats">
        <caption class="sr-only">Statistics of {props.result.title}</caption>
        <tbody>
          <For each={STAT_ROWS}>
            {(row) => (
              <tr data-key={row.key}>
                <th scope="row">{row.label}</th>
                <td>{formatStat(row, props.result.json)}</td>
              </tr>
            )}
          </For>
        </tbody>
      </table>
    </div>
  );
}
