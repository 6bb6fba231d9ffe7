// A backtest result: the run's price bars as candles with its trades' entries and exits (loaded
// from IndexedDB: run-bars.ts; when the bars are gone it says so), the equity curve, the drawdown
// curve (uPlot via the app's LineChart, cursors synced) and the stats table with human labels.
import { createSignal, For, Match, onMount, Switch } from 'solid-js';
import type { BarSeries } from '../../shared/data/bar-series.ts';
import { drawdownSeries } from '../../shared/analytics/drawdown.ts';
import { LineChart } from '../charts/LineChart.tsx';
import type { MoneyTrailzDb, StoredResult } from '../db/schema.ts';
import { runBars, runSymbol, tradeMarkers } from './run-bars.ts';
import { STAT_ROWS, formatStat } from './stat-rows.ts';

const EQUITY_COLOR = '#4fa3ff';
const DRAWDOWN_COLOR = '#ff6b6b';

/** Drawdown per step in percent, ≤ 0 (0 at every new high). */
function drawdownPct(equity: Float64Array): Float64Array {
  const dd = drawdownSeries(equity);
  for (let i = 0; i < dd.length; i++) dd[i] = -100 * dd[i];
  return dd;
}

type PriceBars = { readonly status: 'loading' } | { readonly status: 'ready'; readonly bars: BarSeries } | { readonly status: 'gone'; readonly why: string };

/** `db`: where the run's bars are stored (without it, no price chart). */
export function LabResult(props: { readonly result: StoredResult; readonly db?: MoneyTrailzDb }) {
  const sync = `lab-${Math.random().toString(36).slice(2)}`;
  const [price, setPrice] = createSignal<PriceBars>({ status: 'loading' });
  onMount(() => {
    if (!props.db) return;
    runBars(props.db, props.result).then(
      (bars) => setPrice({ status: 'ready', bars }),
      (e: unknown) => setPrice({ status: 'gone', why: e instanceof Error ? e.message : String(e) }),
    );
  });
  const ready = () => {
    const p = price();
    return p.status === 'ready' ? p.bars : undefined;
  };
  return (
    <div class="lab-result" data-testid="lab-result">
      <div class="lab-charts">
        <Switch>
          <Match when={!props.db}>{null}</Match>
          <Match when={ready()}>
            {(bars) => (
              <LineChart
                time={bars().time}
                ohlc={{ bars: bars(), style: 'candles' }}
                series={[]}
                markers={tradeMarkers(props.result.json.trades, runSymbol(props.result), bars().time)}
                height={260}
                title={`Price and trades: ${props.result.title}`}
                testId="lab-price"
                syncKey={sync}
              />
            )}
          </Match>
          <Match when={price().status === 'loading'}>
            <p class="muted" role="status" data-testid="lab-price-loading">
              Loading the run's bars from IndexedDB…
            </p>
          </Match>
          <Match when={price().status === 'gone'}>
            <p class="muted" data-testid="lab-price-gone">
              No price chart: {(price() as { why: string }).why}.
            </p>
          </Match>
        </Switch>
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
