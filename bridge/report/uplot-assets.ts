// uPlot's browser build and stylesheet, read once from node_modules, for self-contained HTML files.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

let cached: { js: string; css: string } | null = null;

export function uplotAssets(): { js: string; css: string } {
  if (!cached) {
    const dist = dirname(createRequire(import.meta.url).resolve('uplot/dist/uPlot.iife.min.js'));
    cached = {
      js: readFileSync(join(dist, 'uPlot.iife.min.js'), 'utf8'),
      css: readFileSync(join(dist, 'uPlot.min.css'), 'utf8'),
    };
  }
  return cached;
}

/** JSON safe inside a <script> element (no `</script>`), NaN and ±Infinity as null. */
export function scriptJson(value: unknown): string {
  return JSON.stringify(value, (_k, v) => (typeof v === 'number' && !Number.isFinite(v) ? null : v)).replace(/</g, '\\u003c');
}

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

export const PAGE_CSS = `
:root{color-scheme:dark;--bg:#0f1419;--panel:#161d25;--line:#22303c;--text:#e6edf3;--muted:#9aa7b4;--up:#3fb950;--down:#f85149}
*{box-sizing:border-box}body{margin:0;background:var(--bg);color:var(--text);font:14px/1.45 system-ui,-apple-system,'Segoe UI',Roboto,sans-serif}
main{max-width:1200px;margin:0 auto;padding:16px}h1{font-size:1.3rem;margin:4px 0}h2{font-size:1rem;margin:18px 0 8px}
.muted{color:var(--muted)}.cards{display:grid;grid-template-columns:repeat(auto-fill,minmax(150px,1fr));gap:8px;margin:12px 0}
.card{background:var(--panel);border:1px solid var(--line);border-radius:8px;padding:8px 10px}.card b{display:block;font-size:1.15rem}
.panel{background:var(--panel);border:1px solid var(--line);border-radius:8px;padding:10px;margin:10px 0;overflow-x:auto}
table{border-collapse:collapse;width:100%;font-variant-numeric:tabular-nums}th,td{padding:3px 8px;border-bottom:1px solid var(--line);text-align:right;white-space:nowrap}
th:first-child,td:first-child{text-align:left}.two{display:grid;grid-template-columns:repeat(auto-fit,minmax(340px,1fr));gap:10px}
.pos{color:var(--up)}.neg{color:var(--down)}.u-legend{color:var(--text)}
`;
