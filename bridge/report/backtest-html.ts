// The self-contained HTML report of a backtest: equity curve and drawdown (uPlot, inlined), the two
// labelled stat sets, the trade list and the risk rules that acted. Opens offline, from a file.
import type { BacktestMetrics, BacktestStats, Trade } from '../../shared/analytics/types.ts';
import { PAGE_CSS, escapeHtml, scriptJson, uplotAssets } from './uplot-assets.ts';

export interface ReportRun {
  readonly name: string;
  readonly symbol: string;
  readonly params: Readonly<Record<string, unknown>>;
  /** Bar dates as epoch ms. */
  readonly times: Float64Array;
  readonly close: Float64Array;
  readonly equity: Float64Array;
  readonly warmup: number;
  readonly trades: readonly Trade[];
  readonly stats: BacktestStats;
  readonly metrics: BacktestMetrics;
  readonly riskEvents: readonly { readonly bar: number; readonly rule: string; readonly message: string }[];
}

const num = (v: number, digits = 2) =>
  !Number.isFinite(v) ? '—' : Number.isInteger(v) && digits > 2 ? v.toLocaleString('en-US') : v.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });

function rows(entries: [string, string][]): string {
  return entries.map(([k, v]) => `<tr><td>${escapeHtml(k)}</td><td>${escapeHtml(v)}</td></tr>`).join('');
}

function runSection(run: ReportRun, index: number): string {
  const s = run.stats;
  const m = run.metrics;
  const cards: [string, string][] = [
    ['Return', `${num(s.returnPct)} %`],
    ['Buy & hold', `${num(s.buyHoldReturnPct)} %`],
    ['CAGR', `${num(s.cagrPct)} %`],
    ['Sharpe (empyrical)', num(m.sharpe, 3)],
    ['Sortino (empyrical)', num(m.sortino, 3)],
    ['Max drawdown', `${num(s.maxDrawdownPct)} %`],
    ['Trades', String(s.numTrades)],
    ['Win rate', `${num(s.winRatePct)} %`],
  ];
  const statsRows = Object.entries(s).map(([k, v]) => [k, typeof v === 'number' ? num(v, 4) : String(v)] as [string, string]);
  const metricRows = Object.entries(m).map(([k, v]) => [k, typeof v === 'number' ? num(v, 6) : String(v)] as [string, string]);
  const trades = run.trades
    .map(
      (t, i) =>
        `<tr><td>${i + 1}</td><td>${t.entryTime}</td><td>${t.exitTime}</td><td>${t.size}</td><td>${num(t.entryPrice)}</td><td>${num(t.exitPrice)}</td><td class="${t.pnl >= 0 ? 'pos' : 'neg'}">${num(t.pnl)}</td><td>${num(t.returnPct * 100)} %</td><td>${num(t.commission)}</td></tr>`,
    )
    .join('');
  const risk = run.riskEvents.length
    ? `<div class="panel"><h2>Risk rules that acted</h2><ul>${run.riskEvents
        .slice(0, 50)
        .map((e) => `<li>bar ${e.bar}: <b>${escapeHtml(e.rule)}</b> — ${escapeHtml(e.message)}</li>`)
        .join('')}${run.riskEvents.length > 50 ? `<li>… and ${run.riskEvents.length - 50} more</li>` : ''}</ul></div>`
    : '';
  return `<section>
<h1>${escapeHtml(run.name)} · ${escapeHtml(run.symbol)}</h1>
<p class="muted">${escapeHtml(s.start)} → ${escapeHtml(s.end)} · ${escapeHtml(JSON.stringify(run.params))}</p>
<div class="cards">${cards.map(([k, v]) => `<div class="card"><span class="muted">${k}</span><b>${escapeHtml(v)}</b></div>`).join('')}</div>
<div class="panel"><h2>Equity</h2><div id="equity-${index}" class="chart" data-testid="equity-chart"></div></div>
<div class="panel"><h2>Drawdown</h2><div id="drawdown-${index}" class="chart"></div></div>
${risk}
<div class="two">
<div class="panel"><h2>Statistics · backtesting.py conventions</h2><table>${rows(statsRows)}</table></div>
<div class="panel"><h2>Metrics · empyrical / quantstats conventions</h2><table>${rows(metricRows)}</table></div>
</div>
<div class="panel"><h2>Trades (${run.trades.length})</h2><table data-testid="trades"><thead><tr><th>#</th><th>entry</th><th>exit</th><th>size</th><th>entry price</th><th>exit price</th><th>P&amp;L</th><th>return</th><th>commission</th></tr></thead><tbody>${trades}</tbody></table></div>
</section>`;
}

const CHART_SCRIPT = `
const runs = JSON.parse(document.getElementById('report-data').textContent);
const axis = { stroke: '#9aa7b4', grid: { stroke: '#22303c' }, ticks: { stroke: '#22303c' } };
const width = (el) => Math.max(300, el.clientWidth);
runs.forEach((r, i) => {
  const t = r.times.map((ms) => ms / 1000);
  let p = -Infinity;
  const dd = r.equity.map((e) => { p = Math.max(p, e); return p > 0 ? (e / p - 1) * 100 : 0; });
  const bh = r.close.map((c, k) => (k >= r.warmup && r.warmupClose ? r.equity[0] * c / r.warmupClose : null));
  const eqEl = document.getElementById('equity-' + i);
  const ddEl = document.getElementById('drawdown-' + i);
  const sync = uPlot.sync('run-' + i);
  const cursor = { sync: { key: sync.key } };
  new uPlot({ width: width(eqEl), height: 320, cursor, axes: [axis, { ...axis, size: 70 }],
    series: [{}, { label: 'Equity', stroke: '#4fa3ff', width: 2 }, { label: 'Buy & hold', stroke: '#9aa7b4', width: 1, dash: [4, 4] }] },
    [t, r.equity, bh], eqEl);
  new uPlot({ width: width(ddEl), height: 160, cursor, axes: [axis, { ...axis, size: 70 }],
    series: [{}, { label: 'Drawdown %', stroke: '#f85149', fill: 'rgba(248,81,73,0.25)', width: 1 }] },
    [t, dd], ddEl);
});
`;

/** The whole report as one HTML string (uPlot inlined: no network needed). */
export function backtestHtml(runs: readonly ReportRun[], title: string): string {
  const { js, css } = uplotAssets();
  const data = runs.map((r) => ({
    times: Array.from(r.times),
    equity: Array.from(r.equity),
    close: Array.from(r.close),
    warmup: r.warmup,
    warmupClose: r.close[Math.min(r.warmup, r.close.length - 1)],
  }));
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${escapeHtml(title)}</title><style>${css}${PAGE_CSS}</style></head>
<body><main>
<p class="muted">MoneyTrailz backtest report · ${escapeHtml(title)}</p>
${runs.map(runSection).join('\n')}
<p class="muted">Statistics follow backtesting.py (geometric Sharpe, compounded volatility); metrics follow empyrical/quantstats (arithmetic Sharpe, σ·√252). Buy &amp; hold is scaled from the close of the last warm-up bar.</p>
</main>
<script type="application/json" id="report-data">${scriptJson(data)}</script>
<script>${js}</script>
<script>${CHART_SCRIPT}</script>
</body></html>
`;
}
