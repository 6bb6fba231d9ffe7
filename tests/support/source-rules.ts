// Static checks over source text used by tests/architecture.test.ts.
import { builtinModules } from 'node:module';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, join, relative, resolve, sep } from 'node:path';

export const ROOT = resolve(dirname(new URL(import.meta.url).pathname), '../..');

/** Every .ts/.tsx file under `dir` (relative to the repo root), skipping build output. */
export function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) {
        if (name !== 'node_modules' && name !== 'build') walk(p);
      } else if (/\.(ts|tsx|mts)$/.test(name) && !name.endsWith('.d.ts')) out.push(p);
    }
  };
  walk(join(ROOT, dir));
  return out;
}

/** Removes comments (keeping line breaks) so that prose never trips a rule. */
export function stripComments(src: string): string {
  let out = '';
  let i = 0;
  let quote: string | null = null;
  while (i < src.length) {
    const c = src[i];
    const n = src[i + 1];
    if (quote) {
      out += c;
      if (c === '\\') {
        out += n ?? '';
        i += 2;
        continue;
      }
      if (c === quote) quote = null;
      i++;
    } else if (c === '/' && n === '/') {
      while (i < src.length && src[i] !== '\n') i++;
    } else if (c === '/' && n === '*') {
      const endAt = src.indexOf('*/', i + 2);
      const block = src.slice(i, endAt < 0 ? src.length : endAt + 2);
      out += block.replace(/[^\n]/g, '');
      i += block.length;
    } else {
      if (c === '"' || c === "'" || c === '`') quote = c;
      out += c;
      i++;
    }
  }
  return out;
}

/** Module specifiers a file imports: static imports/exports, dynamic import(), require(). */
export function importSpecifiers(src: string): string[] {
  const code = stripComments(src);
  const specs: string[] = [];
  const patterns = [
    /\bimport\s+(?:type\s+)?[^'"]*?\bfrom\s*['"]([^'"]+)['"]/g,
    /\bexport\s+(?:type\s+)?[^'"]*?\bfrom\s*['"]([^'"]+)['"]/g,
    /\bimport\s*['"]([^'"]+)['"]/g,
    /\bimport\s*\(\s*['"]([^'"]+)['"]\s*\)/g,
    /\brequire\s*\(\s*['"]([^'"]+)['"]\s*\)/g,
  ];
  for (const re of patterns) for (const m of code.matchAll(re)) specs.push(m[1]);
  return specs;
}

const BUILTINS = new Set(builtinModules.flatMap((m) => [m, `node:${m}`]));

export function isNodeBuiltin(spec: string): boolean {
  return spec.startsWith('node:') || BUILTINS.has(spec) || BUILTINS.has(spec.split('/')[0]);
}

/** The repo-relative target of a relative import, or null for a package import. */
export function resolvedTarget(file: string, spec: string): string | null {
  if (!spec.startsWith('.')) return null;
  return relative(ROOT, resolve(dirname(file), spec)).split(sep).join('/');
}

/** The repo-relative files a source file imports by relative path (packages left out). */
export function importedFiles(file: string, src: string): string[] {
  return importSpecifiers(src).flatMap((spec) => resolvedTarget(file, spec) ?? []);
}

/** Repo-relative source files that package.json scripts run (`npm run calendar` → bridge/cli/calendar.ts). */
export function scriptEntryPoints(): Set<string> {
  const { scripts = {} } = JSON.parse(read(join(ROOT, 'package.json'))) as { scripts?: Record<string, string> };
  return new Set(Object.values(scripts).flatMap((cmd) => cmd.match(/[\w./-]+\.(?:ts|tsx|mts)\b/g) ?? []));
}

/** A file's name without folder and extension (`bridge/cli/calendar.ts` → `calendar`). */
export function fileStem(file: string): string {
  return basename(file).replace(/\.[^.]+$/, '');
}

/** Browser-only and Node-only globals that pure shared code must not touch. */
export const HOST_GLOBALS = /\b(window|document|navigator|localStorage|sessionStorage|indexedDB|HTMLElement|customElements|process|Buffer|__dirname|__filename|fetch|XMLHttpRequest)\b/;

/** Wall-clock and randomness in deterministic code. */
export const NONDETERMINISM = /\bDate\.now\b|\bnew\s+Date\s*\(\s*\)|\bperformance\.now\b|\bMath\.random\b|\bsetTimeout\b|\bsetInterval\b/;

/** Lines (1-based) of `src` matching `re` outside comments and string literals. */
export function matchingLines(src: string, re: RegExp): number[] {
  const lines = stripComments(src).split('\n');
  const hits: number[] = [];
  lines.forEach((line, i) => {
    const code = line.replace(/(['"`])(?:\\.|(?!\1).)*\1/g, '""');
    if (re.test(code)) hits.push(i + 1);
  });
  return hits;
}

export function read(file: string): string {
  return readFileSync(file, 'utf8');
}

export function rel(file: string): string {
  return relative(ROOT, file).split(sep).join('/');
}
