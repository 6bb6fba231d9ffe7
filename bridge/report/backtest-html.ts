// The self-contained HTML report of a backtest: equity curve and drawdown (uPlot, inlined), the two
// labelled stat sets, the trade list and the risk rules that acted. Opens offline, from a file.
// A portfolio (several strategy instances) gets a first section for the total — the total's and every
// sleeve's equity on one chart, the total's drawdown and stats, a table of the sleeves, the risk
// events and coordinator decisions summarised, every trade — then one section per sleeve. A wheel
// sleeve's section adds its statistics and its decision trace per run date (wheel-report.ts).
import type { BacktestMetrics, BacktestStats, Trade } from '../../shared/analytics/types.ts';
import { PAGE_CSS, escapeHtml, scriptJson, uplotAssets } from './uplot-assets.ts';
import { WHEEL_CSS, WHEEL_SCRIPT, wheelSectionHtml, wheelTraceData, type WheelReport } from './wheel-report.ts';

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
  /** Adds a symbol column to the trade list (a sleeve trading several symbols). */
  readonly tradeSymbols?: boolean;
  /** A wheel instance: its statistics and decision trace (wheel-report.ts). */
  readonly wheel?: WheelReport;
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
  const sym = run.tradeSymbols === true;
  const trades = run.trades
    .map(
      (t, i) =>
        `<tr><td>${i + 1}</td>${sym ? `<td>${escapeHtml((t as { symbol?: string }).symbol ?? '')}</td>` : ''}<td>${t.entryTime}</td><td>${t.exitTime}</td><td>${t.size}</td><td>${num(t.entryPrice)}</td><td>${num(t.exitPrice)}</td><td class="${t.pnl >= 0 ? 'pos' : 'neg'}">${num(t.pnl)}</td><td>${num(t.returnPct * 100)} %</td><td>${num(t.commission)}</td></tr>`,
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
${run.wheel ? wheelSectionHtml(run.wheel, index) : ''}
<div class="two">
<div class="panel"><h2>Statistics · backtesting.py conventions</h2><table>${rows(statsRows)}</table></div>
<div class="panel"><h2>Metrics · empyrical / quantstats conventions</h2><table>${rows(metricRows)}</table></div>
</div>
<div class="panel"><h2>Trades (${run.trades.length})</h2><table data-testid="trades"><thead><tr><th>#</th>${sym ? '<th>symbol</th>' : ''}<th>entry</th><th>exit</th><th>size</th><th>entry price</th><th>exit price</th><th>P&amp;L</th><th>return</th><th>commission</th></tr></thead><tbody>${trades}</tbody></table></div>
</section>`;
}

const CHART_SCRIPT = `
const data = JSON.parse(document.getElementById('report-data').textContent);
const axis = { stroke: '#9aa7b4', grid: { stroke: '#22303c' }, ticks: { stroke: '#22303c' } };
const width = (el) => Math.max(300, el.clientWidth);
const drawdown = (equity) => { let p = -Infinity; return equity.map((e) => { p = Math.max(p, e); return p > 0 ? (e / p - 1) * 100 : 0; }); };
const buyHold = (r) => r.close.map((c, k) => (k >= r.warmup && r.warmupClose ? r.equity[0] * c / r.warmupClose : null));
const PALETTE = ['#f0883e', '#3fb950', '#d2a8ff', '#f778ba', '#e3b341', '#56d4dd', '#ff7b72', '#a5d6ff'];
if (data.portfolio) {
  const p = data.portfolio;
  const t = p.times.map((ms) => ms / 1000);
  const eqEl = document.getElementById('portfolio-equity');
  const ddEl = document.getElementById('portfolio-drawdown');
  const cursor = { sync: { key: uPlot.sync('portfolio').key } };
  const series = [{}, { label: 'Total', stroke: '#4fa3ff', width: 2 },
    ...p.sleeves.map((s, i) => ({ label: s.name, stroke: PALETTE[i % PALETTE.length], width: 1 })),
    { label: 'Buy & hold ' + p.benchmark, stroke: '#9aa7b4', width: 1, dash: [4, 4] }];
  new uPlot({ width: width(eqEl), height: 360, cursor, axes: [axis, { ...axis, size: 70 }], series },
    [t, p.equity, ...p.sleeves.map((s) => s.equity), buyHold(p)], eqEl);
  new uPlot({ width: width(ddEl), height: 160, cursor, axes: [axis, { ...axis, size: 70 }],
    series: [{}, { label: 'Drawdown %', stroke: '#f85149', fill: 'rgba(248,81,73,0.25)', width: 1 }] },
    [t, drawdown(p.equity)], ddEl);
}
data.runs.forEach((r, i) => {
  const t = r.times.map((ms) => ms / 1000);
  const eqEl = document.getElementById('equity-' + i);
  const ddEl = document.getElementById('drawdown-' + i);
  const sync = uPlot.sync('run-' + i);
  const cursor = { sync: { key: sync.key } };
  new uPlot({ width: width(eqEl), height: 320, cursor, axes: [axis, { ...axis, size: 70 }],
    series: [{}, { label: 'Equity', stroke: '#4fa3ff', width: 2 }, { label: 'Buy & hold', stroke: '#9aa7b4', width: 1, dash: [4, 4] }] },
    [t, r.equity, buyHold(r)], eqEl);
  new uPlot({ width: width(ddEl), height: 160, cursor, axes: [axis, { ...axis, size: 70 }],
    series: [{}, { label: 'Drawdown %', stroke: '#f85149', fill: 'rgba(248,81,73,0.25)', width: 1 }] },
    [t, drawdown(r.equity)], ddEl);
});
`;

const chartData = (r: { times: Float64Array; equity: Float64Array; close: Float64Array; warmup: number }) => ({
  times: Array.from(r.times),
  equity: Array.from(r.equity),
  close: Array.from(r.close),
  warmup: r.warmup,
  warmupClose: r.close[Math.min(r.warmup, r.close.length - 1)],
});

const FOOTNOTE =
  '<p class="muted">Statistics follow backtesting.py (geometric Sharpe, compounded volatility); metrics follow empyrical/quantstats (arithmetic Sharpe, σ·√252). Buy &amp; hold is scaled from the close of the last warm-up bar.</p>';

function page(title: string, body: string, data: unknown, wheel = false): string {
  const { js, css } = uplotAssets();
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${escapeHtml(title)}</title><style>${css}${PAGE_CSS}${wheel ? WHEEL_CSS : ''}</style></head>
<body><main>
<p class="muted">MoneyTrailz backtest report · ${escapeHtml(title)}</p>
${body}
${FOOTNOTE}
</main>
<script type="application/json" id="report-data">${scriptJson(data)}</script>
<script>${js}</script>
<script>${CHART_SCRIPT}${wheel ? WHEEL_SCRIPT : ''}</script>
</body></html>
`;
}

/** The whole report as one HTML string (uPlot inlined: no network needed). */
export function backtestHtml(runs: readonly ReportRun[], title: string): string {
  const wheel = runs.some((r) => r.wheel !== undefined);
  const data = { runs: runs.map(chartData), ...(wheel && { wheels: runs.map((r) => (r.wheel ? wheelTraceData(r.wheel.days) : null)) }) };
  return page(title, runs.map(runSection).join('\n'), data, wheel);
}

/** One sleeve of a portfolio: its report section plus what the total's table shows. */
export interface ReportSleeve extends ReportRun {
  readonly strategy: string;
  readonly symbols: readonly string[];
  readonly allocation: number;
}

export interface PortfolioReport {
  readonly symbols: readonly string[];
  readonly benchmark: string;
  readonly times: Float64Array;
  /** The benchmark's closes on the timeline. */
  readonly close: Float64Array;
  readonly equity: Float64Array;
  readonly warmup: number;
  readonly unallocated: number;
  readonly stats: BacktestStats;
  readonly metrics: BacktestMetrics;
  readonly trades: readonly (Trade & { readonly strategy: string; readonly symbol: string })[];
  readonly sleeves: readonly ReportSleeve[];
  /** Summaries: one line per risk rule / coordinator decision kind. */
  readonly riskSummary: readonly string[];
  readonly traceSummary: readonly string[];
}

function portfolioSection(p: PortfolioReport): string {
  const s = p.stats;
  const m = p.metrics;
  const cards: [string, string][] = [
    ['Return', `${num(s.returnPct)} %`],
    [`Buy & hold ${p.benchmark}`, `${num(s.buyHoldReturnPct)} %`],
    ['CAGR', `${num(s.cagrPct)} %`],
    ['Sharpe (empyrical)', num(m.sharpe, 3)],
    ['Sortino (empyrical)', num(m.sortino, 3)],
    ['Max drawdown', `${num(s.maxDrawdownPct)} %`],
    ['Beta', num(s.beta, 3)],
    ['Trades', String(s.numTrades)],
  ];
  const sleeveRows = p.sleeves
    .map(
      (x) =>
        `<tr><td>${escapeHtml(x.name)}</td><td>${escapeHtml(x.strategy)}</td><td>${escapeHtml(x.symbols.join(', '))}</td><td>${num(x.allocation * 100)} %</td><td>${num(x.stats.equityFinal)}</td><td>${num(x.stats.returnPct)} %</td><td>${num(x.metrics.sharpe, 3)}</td><td>${num(x.stats.maxDrawdownPct)} %</td><td>${x.stats.numTrades}</td></tr>`,
    )
    .join('');
  const statsRows = Object.entries(s).map(([k, v]) => [k, typeof v === 'number' ? num(v, 4) : String(v)] as [string, string]);
  const metricRows = Object.entries(m).map(([k, v]) => [k, typeof v === 'number' ? num(v, 6) : String(v)] as [string, string]);
  const list = (items: readonly string[]) => `<ul>${items.map((x) => `<li>${escapeHtml(x)}</li>`).join('')}</ul>`;
  const shown = p.trades.slice(0, 2000);
  const trades = shown
    .map(
      (t, i) =>
        `<tr><td>${i + 1}</td><td>${escapeHtml(t.strategy)}</td><td>${escapeHtml(t.symbol)}</td><td>${t.entryTime}</td><td>${t.exitTime}</td><td>${t.size}</td><td>${num(t.entryPrice)}</td><td>${num(t.exitPrice)}</td><td class="${t.pnl >= 0 ? 'pos' : 'neg'}">${num(t.pnl)}</td><td>${num(t.returnPct * 100)} %</td><td>${num(t.commission)}</td></tr>`,
    )
    .join('');
  return `<section data-testid="portfolio">
<h1>Portfolio · ${escapeHtml(p.symbols.join(', '))}</h1>
<p class="muted">${escapeHtml(s.start)} → ${escapeHtml(s.end)} · ${p.sleeves.length} strategy instances · benchmark ${escapeHtml(p.benchmark)}${p.unallocated > 0 ? ` · unallocated cash ${num(p.unallocated)}` : ''}</p>
<div class="cards">${cards.map(([k, v]) => `<div class="card"><span class="muted">${escapeHtml(k)}</span><b>${escapeHtml(v)}</b></div>`).join('')}</div>
<div class="panel"><h2>Equity · total and each sleeve</h2><div id="portfolio-equity" class="chart" data-testid="portfolio-chart"></div></div>
<div class="panel"><h2>Drawdown · total</h2><div id="portfolio-drawdown" class="chart"></div></div>
<div class="panel"><h2>Sleeves</h2><table data-testid="sleeves"><thead><tr><th>instance</th><th>strategy</th><th>symbols</th><th>allocation</th><th>equity final</th><th>return</th><th>Sharpe (empyrical)</th><th>max drawdown</th><th>trades</th></tr></thead><tbody>${sleeveRows}</tbody></table></div>
${p.riskSummary.length ? `<div class="panel"><h2>Risk rules that acted</h2>${list(p.riskSummary)}</div>` : ''}
${p.traceSummary.length ? `<div class="panel"><h2>Coordinator decisions</h2>${list(p.traceSummary)}</div>` : ''}
<div class="two">
<div class="panel"><h2>Statistics · backtesting.py conventions · total</h2><table>${rows(statsRows)}</table></div>
<div class="panel"><h2>Metrics · empyrical / quantstats conventions · total</h2><table>${rows(metricRows)}</table></div>
</div>
<div class="panel"><h2>All trades (${p.trades.length}${shown.length < p.trades.length ? `, the first ${shown.length} shown` : ''})</h2><table data-testid="portfolio-trades"><thead><tr><th>#</th><th>instance</th><th>symbol</th><th>entry</th><th>exit</th><th>size</th><th>entry price</th><th>exit price</th><th>P&amp;L</th><th>return</th><th>commission</th></tr></thead><tbody>${trades}</tbody></table></div>
</section>`;
}

/** The report of a portfolio run: the total first, then each sleeve. */
export function portfolioHtml(p: PortfolioReport, title: string): string {
  const data = {
    portfolio: { ...chartData(p), benchmark: p.benchmark, sleeves: p.sleeves.map((x) => ({ name: x.name, equity: Array.from(x.equity) })) },
    runs: p.sleeves.map(chartData),
  };
  const wheel = p.sleeves.some((x) => x.wheel !== undefined);
  if (wheel) Object.assign(data, { wheels: p.sleeves.map((x) => (x.wheel ? wheelTraceData(x.wheel.days) : null)) });
  return page(title, [portfolioSection(p), ...p.sleeves.map(runSection)].join('\n'), data, wheel);
}
