// Dependency rules and banned identifiers (docs: architecture §3.3). Each rule also has a
// self-test on a synthetic violation, so a broken checker cannot pass silently.
import { describe, expect, it } from 'vitest';
import {
  HOST_GLOBALS,
  NONDETERMINISM,
  ROOT,
  fileStem,
  importSpecifiers,
  importedFiles,
  isNodeBuiltin,
  matchingLines,
  read,
  rel,
  resolvedTarget,
  scriptEntryPoints,
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

/** Imports from files under `from/` into `to/` (one layer must not depend on the other). */
function layerViolations(file: string, src: string, to: string): string[] {
  return importedFiles(file, src)
    .filter((target) => target.startsWith(`${to}/`))
    .map((target) => `${rel(file)} imports '${target}'`);
}

/**
 * The trading rules' module names (docs/trading-model.md: one model, its rules in shared/). A file of
 * that name under bridge/ would be a second copy of the rule (the before-stop hook's list).
 */
const RULE_MODULES = ['ledger', 'margin', 'buying-power', 'expiry', 'commission', 'fee', 'calendar', 'holiday', 'instrument', 'position', 'order', 'fill'];

/** bridge/ files named like a rule module (singular or plural); a command that package.json runs is named after its script. */
function ruleTwinViolations(files: readonly string[], entryPoints: ReadonlySet<string>): string[] {
  return files
    .map(rel)
    .filter((f) => !entryPoints.has(f) && RULE_MODULES.includes(fileStem(f).replace(/s$/, '')))
    .map((f) => `${f} is named like a shared trading-rule module`);
}

/** The shared rule modules the simulator must use (each directly, or through one of `via`). */
const SIMULATOR_RULES: readonly { readonly module: string; readonly via?: readonly string[] }[] = [
  { module: 'shared/portfolio/ledger.ts' },
  { module: 'shared/portfolio/margin.ts', via: ['shared/portfolio/account-values.ts', 'shared/portfolio/what-if.ts'] },
  { module: 'shared/portfolio/expiry.ts' },
  { module: 'shared/portfolio/commissions.ts' },
  { module: 'shared/time/exchange-calendar.ts' },
];

/** The rules of SIMULATOR_RULES that `imported` (repo-relative files) does not reach; `importsOf` lists a file's own imports. */
function missingRules(imported: ReadonlySet<string>, importsOf: (file: string) => readonly string[]): string[] {
  return SIMULATOR_RULES.filter(({ module, via = [] }) => !imported.has(module) && !via.some((v) => imported.has(v) && importsOf(v).includes(module))).map(
    ({ module }) => `bridge/simulator does not import ${module}`,
  );
}

/** Names the shared domain owns: bridge/ may extend them, never declare its own. */
const DOMAIN_TYPES = /\b(?:interface|type|class)\s+(?:Instrument|Order|Fill|Position|OrderTicket)\b(?=\s*(?:[<={]|extends\b|implements\b))/;

function domainTypeViolations(file: string, src: string): string[] {
  return matchingLines(src, DOMAIN_TYPES).map((line) => `${rel(file)}:${line} declares its own domain type`);
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

  it('shared/broker/ never imports shared/engine/', () => {
    const files = sourceFiles('shared/broker');
    expect(files.length).toBeGreaterThan(2);
    expect(files.flatMap((f) => layerViolations(f, read(f), 'shared/engine'))).toEqual([]);
  });

  it('shared/risk/ never imports shared/strategies/', () => {
    const files = sourceFiles('shared/risk');
    expect(files.length).toBeGreaterThan(0);
    expect(files.flatMap((f) => layerViolations(f, read(f), 'shared/strategies'))).toEqual([]);
  });

  it('bridge/ defines none of the trading rules: no file is named like a rule module, and the simulator imports the shared ones', () => {
    expect(ruleTwinViolations(sourceFiles('bridge'), scriptEntryPoints())).toEqual([]);
    const files = sourceFiles('bridge/simulator');
    const imported = new Set(files.flatMap((f) => importedFiles(f, read(f))));
    expect(missingRules(imported, (f) => importedFiles(`${ROOT}/${f}`, read(`${ROOT}/${f}`)))).toEqual([]);
  });

  it('bridge/ declares no Instrument, Order, Fill, Position or OrderTicket type of its own', () => {
    expect(sourceFiles('bridge').flatMap((f) => domainTypeViolations(f, read(f)))).toEqual([]);
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
    it('flags imports across a forbidden layer boundary', () => {
      const broker = `${process.cwd()}/shared/broker/x.ts`;
      const src = ["import { Engine } from '../engine/engine.ts';", "import type { Order } from '../domain/order.ts';", "// import { x } from '../engine/sweep.ts';"].join('\n');
      expect(layerViolations(broker, src, 'shared/engine')).toEqual(["shared/broker/x.ts imports 'shared/engine/engine.ts'"]);
      const risk = `${process.cwd()}/shared/risk/x.ts`;
      expect(layerViolations(risk, "export { registry } from '../strategies/registry.ts';", 'shared/strategies')).toHaveLength(1);
      expect(layerViolations(risk, "import { OrderIntent } from '../domain/intent.ts';", 'shared/strategies')).toHaveLength(0);
    });
    it('flags bridge/ files named like a rule module, not commands or files that only mention one', () => {
      const files = [
        'bridge/simulator/account/ledger.ts',
        'bridge/simulator/market/calendar.ts',
        'bridge/simulator/market/instruments.ts',
        'bridge/simulator/orders/fills.ts',
        'bridge/simulator/orders/buying-power.ts',
        'bridge/simulator/orders/execute-fill.ts',
        'bridge/simulator/orders/order-book.ts',
        'bridge/cli/calendar.ts',
      ].map((f) => `${process.cwd()}/${f}`);
      expect(ruleTwinViolations(files, new Set(['bridge/cli/calendar.ts'])).map((v) => v.split(' ')[0])).toEqual([
        'bridge/simulator/account/ledger.ts',
        'bridge/simulator/market/calendar.ts',
        'bridge/simulator/market/instruments.ts',
        'bridge/simulator/orders/fills.ts',
        'bridge/simulator/orders/buying-power.ts',
      ]);
    });
    it('reports the shared rules the simulator does not import (margin also through account values or what-if)', () => {
      const all = ['shared/portfolio/ledger.ts', 'shared/portfolio/margin.ts', 'shared/portfolio/expiry.ts', 'shared/portfolio/commissions.ts', 'shared/time/exchange-calendar.ts'];
      const none = () => [];
      expect(missingRules(new Set(all), none)).toEqual([]);
      expect(missingRules(new Set(all.filter((m) => !m.endsWith('expiry.ts'))), none)).toEqual(['bridge/simulator does not import shared/portfolio/expiry.ts']);
      const viaWhatIf = new Set([...all.filter((m) => !m.endsWith('margin.ts')), 'shared/portfolio/what-if.ts']);
      expect(missingRules(viaWhatIf, (f) => (f === 'shared/portfolio/what-if.ts' ? ['shared/portfolio/margin.ts'] : []))).toEqual([]);
      expect(missingRules(viaWhatIf, none)).toEqual(['bridge/simulator does not import shared/portfolio/margin.ts']);
    });
    it('flags domain type declarations in bridge/, not extensions, imports or longer names', () => {
      const src = [
        'export interface Order {',
        'type Fill = { qty: number };',
        'export type Position<T> = T;',
        'interface OrderTicket extends Base {',
        'export class Instrument {}',
        'export interface PaperOrder extends Order {',
        "import type { Order } from '../../../shared/domain/order.ts';",
        "import { type Instrument, type Fill as F } from '../x.ts';",
        'type OrderLeg = { conId: number };',
        '// interface Position {',
        "const s = 'type Order = 1';",
      ].join('\n');
      expect(domainTypeViolations(`${process.cwd()}/bridge/a.ts`, src).map((v) => /:(\d+) /.exec(v)?.[1])).toEqual(['1', '2', '3', '4', '5']);
    });
    it('flags wall clock and randomness, not dates built from data', () => {
      const src = ['const a = Date.now();', 'const b = new Date();', 'const c = new Date(ms);', 'const d = performance.now();', 'const e = Math.random();', '// Date.now() in prose'].join('\n');
      expect(clockViolations(f, src).map((v) => /:(\d+) /.exec(v)?.[1])).toEqual(['1', '2', '4', '5']);
    });
  });
});
