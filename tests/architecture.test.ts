// Dependency rules and banned identifiers (docs: architecture §3.3). Each rule also has a
// self-test on a synthetic violation, so a broken checker cannot pass silently.
import { describe, expect, it } from 'vitest';
import {
  HOST_GLOBALS,
  NONDETERMINISM,
  importSpecifiers,
  isNodeBuiltin,
  matchingLines,
  read,
  rel,
  resolvedTarget,
  sourceFiles,
} from './support/source-rules.ts';

/** Packages pure shared code may use (no DOM, no Node, no I/O). */
const SHARED_PACKAGES = new Set(['smol-toml']);
/** Folders whose code must be deterministic: no wall clock, no randomness, no timers. */
const DETERMINISTIC = ['shared/engine', 'shared/strategies', 'shared/risk', 'shared/broker', 'shared/indicators', 'shared/analytics', 'shared/signals'];

function sharedViolations(file: string, src: string): string[] {
  const bad: string[] = [];
  for (const spec of importSpecifiers(src)) {
    if (isNodeBuiltin(spec)) bad.push(`${rel(file)} imports Node built-in '${spec}'`);
    const target = resolvedTarget(file, spec);
    if (target === null) {
      const pkg = spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0];
      if (!isNodeBuiltin(spec) && !SHARED_PACKAGES.has(pkg)) bad.push(`${rel(file)} imports package '${spec}' (not allowed in shared/)`);
    } else if (!target.startsWith('shared/') && !target.startsWith('wasm/build/')) {
      bad.push(`${rel(file)} imports '${spec}' outside shared/`);
    }
  }
  for (const line of matchingLines(src, HOST_GLOBALS)) bad.push(`${rel(file)}:${line} uses a DOM or Node global`);
  return bad;
}

function bridgeViolations(file: string, src: string): string[] {
  return importSpecifiers(src)
    .filter((spec) => resolvedTarget(file, spec)?.startsWith('app/'))
    .map((spec) => `${rel(file)} imports '${spec}' from app/`);
}

function clockViolations(file: string, src: string): string[] {
  return matchingLines(src, NONDETERMINISM).map((line) => `${rel(file)}:${line} uses the wall clock, a timer or Math.random`);
}

describe('architecture rules', () => {
  it('shared/ imports no DOM or Node built-ins and nothing from app/ or bridge/', () => {
    const files = sourceFiles('shared');
    expect(files.length).toBeGreaterThan(5);
    expect(files.flatMap((f) => sharedViolations(f, read(f)))).toEqual([]);
  });

  it('bridge/ never imports app/', () => {
    expect(sourceFiles('bridge').flatMap((f) => bridgeViolations(f, read(f)))).toEqual([]);
  });

  it('engine, strategy, risk, broker and indicator code never reads the wall clock or Math.random', () => {
    const files = DETERMINISTIC.flatMap((d) => {
      try {
        return sourceFiles(d);
      } catch {
        return [];
      }
    });
    expect(files.flatMap((f) => clockViolations(f, read(f)))).toEqual([]);
  });

  describe('the checkers catch violations (self-test)', () => {
    const f = `${process.cwd()}/shared/x/y.ts`;
    it('flags Node built-ins, DOM globals, packages and app/bridge imports in shared/', () => {
      const src = [
        "import { readFile } from 'node:fs/promises';",
        "import path from 'path';",
        "import Dexie from 'dexie';",
        "import { App } from '../../app/App.tsx';",
        "export { x } from '../../bridge/main.ts';",
        'const w = window.innerWidth;',
        "const ok = await import('../../wasm/build/ta-wasm-base64.ts');",
        '// document.title in a comment is fine',
        "const s = 'document';",
      ].join('\n');
      const v = sharedViolations(f, src);
      expect(v).toHaveLength(6);
      expect(v.join('\n')).toMatch(/node:fs\/promises[\s\S]*'path'[\s\S]*dexie[\s\S]*app\/App[\s\S]*bridge\/main[\s\S]*:6 uses a DOM/);
    });
    it('flags bridge → app imports', () => {
      expect(bridgeViolations(`${process.cwd()}/bridge/a.ts`, "import x from '../app/state/market.ts';")).toHaveLength(1);
      expect(bridgeViolations(`${process.cwd()}/bridge/a.ts`, "import x from '../shared/errors.ts';")).toHaveLength(0);
    });
    it('flags wall clock and randomness, not dates built from data', () => {
      const src = ['const a = Date.now();', 'const b = new Date();', 'const c = new Date(ms);', 'const d = performance.now();', 'const e = Math.random();', '// Date.now() in prose'].join('\n');
      expect(clockViolations(f, src).map((v) => /:(\d+) /.exec(v)?.[1])).toEqual(['1', '2', '4', '5']);
    });
  });
});
