// The production build's JavaScript (dist/, as `npm start` builds it), gzip-compressed with node:zlib
// chunk by chunk: what the page loads before its first paint (index.html's scripts and their static
// imports), what it loads later (workers, dynamic chunks), and the service worker. WASM is left
// out, and so is the kernels' base64 copy (ta-wasm-base64-*.js: Node's, never fetched by the browser).
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { table } from './measure.ts';

export const BUNDLE_GOAL_KB = 200;

export type ChunkLoad = 'first paint' | 'worker' | 'lazy' | 'service worker';

export interface Chunk {
  readonly file: string;
  readonly bytes: number;
  readonly gzipBytes: number;
  readonly load: ChunkLoad;
}

const NODE_ONLY = /(^|\/)ta-wasm-base64-[^/]*\.js$/;

/** Every .js file under `dir`, as paths relative to it. */
function jsFiles(dir: string, under = ''): string[] {
  return readdirSync(join(dir, under)).flatMap((name) => {
    const rel = under ? `${under}/${name}` : name;
    if (statSync(join(dir, rel)).isDirectory()) return jsFiles(dir, rel);
    return rel.endsWith('.js') ? [rel] : [];
  });
}

/** Relative static imports of a built chunk (`import{a}from"./x.js"`, `import"./y.js"`), resolved against `file`. */
function staticImports(code: string, file: string): string[] {
  const base = file.includes('/') ? file.slice(0, file.lastIndexOf('/') + 1) : '';
  const out: string[] = [];
  for (const m of code.matchAll(/(?:^|[;\n}])\s*import\s*(?:[\w$*{}\s,]+from\s*)?["'](\.\.?\/[^"']+\.js)["']/g)) {
    out.push(new URL(m[1], `file:///${base}`).pathname.slice(1));
  }
  return out;
}

/** The JS chunks of `dist` with their sizes and when the page loads them. */
export function bundleChunks(dist: string): Chunk[] {
  const html = readFileSync(join(dist, 'index.html'), 'utf8');
  const entries = [...html.matchAll(/<script[^>]*type="module"[^>]*src="\/?([^"]+)"/g)].map((m) => m[1]);
  const files = jsFiles(dist).filter((f) => !NODE_ONLY.test(f));
  const code = new Map(files.map((f) => [f, readFileSync(join(dist, f))]));
  const firstPaint = new Set<string>();
  const queue = [...entries];
  while (queue.length) {
    const f = queue.pop()!;
    if (firstPaint.has(f) || !code.has(f)) continue;
    firstPaint.add(f);
    queue.push(...staticImports(code.get(f)!.toString('utf8'), f));
  }
  const sw = /^(sw|workbox-[^/]*)\.js$/;
  return files
    .map((file): Chunk => {
      const bytes = code.get(file)!;
      const load: ChunkLoad = firstPaint.has(file) ? 'first paint' : sw.test(file) ? 'service worker' : /\.worker-/.test(file) ? 'worker' : 'lazy';
      return { file, bytes: bytes.length, gzipBytes: gzipSync(bytes).length, load };
    })
    .sort((a, b) => b.gzipBytes - a.gzipBytes);
}

const kb = (bytes: number) => (bytes / 1024).toFixed(1);

/** The markdown part of the UI section: the totals against the goal and the biggest chunks. */
export function bundleReport(dist: string): string {
  const chunks = bundleChunks(dist);
  if (!chunks.some((c) => c.load === 'first paint')) throw new Error(`no entry script of ${dist}/index.html found among its JS files`);
  const sum = (pick: (c: Chunk) => boolean) => chunks.filter(pick).reduce((s, c) => ({ raw: s.raw + c.bytes, gz: s.gz + c.gzipBytes }), { raw: 0, gz: 0 });
  const app = sum((c) => c.load !== 'service worker');
  const all = sum(() => true);
  const loads: ChunkLoad[] = ['first paint', 'worker', 'lazy', 'service worker'];
  const mark = (gz: number) => `< ${BUNDLE_GOAL_KB} KB ${gz / 1024 < BUNDLE_GOAL_KB ? '✓' : '✗'}`;
  const met = app.gz / 1024 < BUNDLE_GOAL_KB;
  return [
    `The production build's JavaScript (dist/ as \`npm start\` builds it), each file gzip-compressed (node:zlib, default level) and summed; ` +
      `WASM is excluded, and so is ta-wasm-base64-*.js (the kernels' copy for Node, which the browser never fetches). ` +
      `"first paint" = index.html's module script and its static imports; the workers start later, the service worker (Workbox, generated) runs beside the page. ` +
      `Goal: the app's JavaScript (page and workers) < ${BUNDLE_GOAL_KB} KB gzip — ${met ? 'met' : 'NOT met'}; ` +
      `with the service worker too — ${all.gz / 1024 < BUNDLE_GOAL_KB ? 'met' : 'NOT met'}.`,
    '',
    table(
      ['JavaScript', 'files', 'raw KB', 'gzip KB', 'goal'],
      [
        ...loads
          .filter((l) => chunks.some((c) => c.load === l))
          .map((l) => {
            const s = sum((c) => c.load === l);
            return [l, chunks.filter((c) => c.load === l).length, kb(s.raw), kb(s.gz), '–'];
          }),
        ['**the app: page and workers**', chunks.filter((c) => c.load !== 'service worker').length, kb(app.raw), `**${kb(app.gz)}**`, mark(app.gz)],
        ['all, with the service worker', chunks.length, kb(all.raw), kb(all.gz), mark(all.gz)],
      ],
    ),
    '',
    'The biggest chunks:',
    '',
    table(
      ['chunk', 'loads', 'raw KB', 'gzip KB'],
      chunks.slice(0, 6).map((c) => [c.file, c.load, kb(c.bytes), kb(c.gzipBytes)]),
    ),
  ].join('\n');
}
