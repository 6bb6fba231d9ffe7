// A self-contained HTML heat map of one statistic over a two-parameter sweep grid (rows × columns),
// with the ranked table below it. Cells are coloured from worst (red) to best (green).
import type { SweepRow } from '../../shared/engine/sweep.ts';
import { PAGE_CSS, escapeHtml } from './uplot-assets.ts';

export interface HeatmapInput {
  readonly title: string;
  readonly stat: string;
  readonly higherIsBetter: boolean;
  readonly xParam: string;
  readonly yParam: string | null;
  readonly rows: readonly SweepRow[];
  readonly value: (row: SweepRow) => number;
  /** The ranked rows to list under the map. */
  readonly ranked: readonly SweepRow[];
  readonly skipped: number;
}

function color(t: number): string {
  // 0 → red, 0.5 → amber, 1 → green
  const hue = Math.round(120 * Math.max(0, Math.min(1, t)));
  return `hsl(${hue} 65% 32%)`;
}

const fmt = (v: number) => (Number.isFinite(v) ? (Math.abs(v) >= 100 ? v.toFixed(0) : v.toPrecision(3)) : '—');

export function heatmapHtml(h: HeatmapInput): string {
  const xs = [...new Set(h.rows.map((r) => r.params[h.xParam]))].sort((a, b) => a - b);
  const ys = h.yParam ? [...new Set(h.rows.map((r) => r.params[h.yParam!]))].sort((a, b) => a - b) : [NaN];
  const cell = new Map<string, number>();
  for (const r of h.rows) {
    const key = `${r.params[h.xParam]}|${h.yParam ? r.params[h.yParam] : NaN}`;
    const v = h.value(r);
    const prev = cell.get(key);
    // With more than two axes, a cell shows the best value over the other parameters.
    if (prev === undefined || (Number.isFinite(v) && (!Number.isFinite(prev) || (h.higherIsBetter ? v > prev : v < prev)))) cell.set(key, v);
  }
  const finite = [...cell.values()].filter(Number.isFinite);
  const lo = Math.min(...finite);
  const hi = Math.max(...finite);
  const norm = (v: number) => (hi > lo ? (h.higherIsBetter ? (v - lo) / (hi - lo) : (hi - v) / (hi - lo)) : 1);
  const head = `<tr><th>${escapeHtml(h.yParam ?? '')} \\ ${escapeHtml(h.xParam)}</th>${xs.map((x) => `<th>${x}</th>`).join('')}</tr>`;
  const body = ys
    .map((y) => {
      const tds = xs
        .map((x) => {
          const v = cell.get(`${x}|${y}`);
          if (v === undefined) return '<td class="muted">·</td>';
          const title = `${h.xParam}=${x}${h.yParam ? `, ${h.yParam}=${y}` : ''}: ${h.stat} ${v}`;
          return `<td title="${escapeHtml(title)}" style="background:${Number.isFinite(v) ? color(norm(v)) : 'transparent'}">${fmt(v)}</td>`;
        })
        .join('');
      return `<tr><th>${h.yParam ? y : ''}</th>${tds}</tr>`;
    })
    .join('');
  const params = [h.xParam, ...(h.yParam ? [h.yParam] : [])];
  const ranked = h.ranked
    .map((r, i) => `<tr><td>${i + 1}</td>${Object.values(r.params).map((v) => `<td>${v}</td>`).join('')}<td>${fmt(h.value(r))}</td><td>${fmt(r.stats.returnPct)}</td><td>${fmt(r.stats.maxDrawdownPct)}</td><td>${r.stats.numTrades}</td></tr>`)
    .join('');
  const allParams = h.ranked.length ? Object.keys(h.ranked[0].params) : params;
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${escapeHtml(h.title)}</title><style>${PAGE_CSS}
.heat td{min-width:44px;text-align:center;color:#fff}.heat th{position:sticky;left:0;background:var(--panel)}</style></head>
<body><main>
<h1>${escapeHtml(h.title)}</h1>
<p class="muted">${h.rows.length} combinations${h.skipped ? `, ${h.skipped} skipped (invalid parameters)` : ''} · cell = ${escapeHtml(h.stat)} (${h.higherIsBetter ? 'higher' : 'lower'} is better, green = best)</p>
<div class="panel"><table class="heat" data-testid="heatmap">${head}${body}</table></div>
<div class="panel"><h2>Ranked by ${escapeHtml(h.stat)}</h2><table><tr><th>#</th>${allParams.map((p) => `<th>${escapeHtml(p)}</th>`).join('')}<th>${escapeHtml(h.stat)}</th><th>return %</th><th>max DD %</th><th>trades</th></tr>${ranked}</table></div>
</main></body></html>
`;
}
