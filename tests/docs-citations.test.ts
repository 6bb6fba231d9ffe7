// The specifications the code cites live in docs/ (docs: architecture §3.5). Every citation such as
// `backtest-model §3.2` or `ib-protocol.md §6` in the source folders must name an existing
// docs/<doc>.md with a heading numbered that section (`## 3.` or `### 3.2`), and no source file may
// point at documents outside the checkout. The extractor has its own self-tests, so a broken regex
// cannot pass silently.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from './support/source-rules.ts';

/** Folders whose files may cite the docs (repo-relative). */
const SOURCE_DIRS = ['shared', 'bridge', 'app', 'wasm/assembly', 'tests'];
/** Code and configuration files; Markdown is prose (and tests/fixtures holds third-party copies). */
const SOURCE_FILE = /\.(?:ts|tsx|mts|cts|js|mjs|cjs|toml|json|html|css)$/;
const SKIP_DIRS = new Set(['node_modules', 'build', 'dist']);
/** This file: its self-tests hold synthetic citations and the forbidden patterns on purpose. */
const SELF = 'tests/docs-citations.test.ts';

/** Short names the code uses for a doc: the kernels write `conventions §3` for indicator-conventions. */
const ALIASES: Readonly<Record<string, string>> = { conventions: 'indicator-conventions' };

const DOCS_DIR = join(ROOT, 'docs');

export interface Citation {
  /** The doc's base name in docs/ (aliases resolved). */
  readonly doc: string;
  readonly section: string;
  /** The cited text as written, e.g. `ib-protocol.md §6`. */
  readonly text: string;
  /** The path written before the doc name, e.g. `docs/` ("" when none). */
  readonly prefix: string;
  /** 1-based line. */
  readonly line: number;
}

const NAME = String.raw`[a-z][a-z0-9]*(?:-[a-z0-9]+)*`;
const SECTION = String.raw`\d+(?:\.\d+)*`;
const SPACE = String.raw`[ \u00a0]?`;
/**
 * `<path/>?<doc>(.md)? §<n>(.<m>)*`, then any directly following `, §n` / `–§n` items, which cite the
 * same doc (`ib-protocol.md §4, §5`, `backtest-model §4–§7`).
 */
const CITATION = new RegExp(
  String.raw`(?<![\w./-])((?:[\w.-]+/)*)(${NAME})(\.md)?\`?${SPACE}§${SPACE}(${SECTION})((?:\s*(?:,|–|—|-|and|to)\s*§${SPACE}${SECTION})*)`,
  'g',
);
const MORE = new RegExp(String.raw`§${SPACE}(${SECTION})`, 'g');

/** Whether a name before `§` is a doc citation (not prose such as "the §7"). */
function isDocName(name: string, withMd: boolean, docs: ReadonlySet<string>): boolean {
  return withMd || name.includes('-') || name in ALIASES || docs.has(name);
}

/** The citations in one file's text. `docs` are the base names present in docs/. */
export function extractCitations(src: string, docs: ReadonlySet<string>): Citation[] {
  const out: Citation[] = [];
  src.split('\n').forEach((text, i) => {
    for (const m of text.matchAll(CITATION)) {
      const [whole, prefix, name, md, first, rest] = m;
      if (!isDocName(name, md !== undefined, docs)) continue;
      const doc = ALIASES[name] ?? name;
      const sections = [first, ...[...rest.matchAll(MORE)].map((x) => x[1])];
      for (const section of sections) out.push({ doc, section, text: whole.trim(), prefix, line: i + 1 });
    }
  });
  return out;
}

/** Section numbers of a Markdown file's headings (`## 3. Title` → 3, `### 3.2 Title` → 3.2), code blocks skipped. */
export function headingNumbers(markdown: string): string[] {
  const numbers: string[] = [];
  let fenced = false;
  for (const line of markdown.split('\n')) {
    if (/^\s*(```|~~~)/.test(line)) fenced = !fenced;
    if (fenced) continue;
    const m = /^#{1,6}\s+(\d+(?:\.\d+)*)\.?(?=\s|$)/.exec(line);
    if (m) numbers.push(m[1]);
  }
  return numbers;
}

function filesUnder(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) {
        if (!SKIP_DIRS.has(name)) walk(p);
      } else if (SOURCE_FILE.test(name)) out.push(p);
    }
  };
  if (existsSync(join(ROOT, dir))) walk(join(ROOT, dir));
  return out;
}

const rel = (file: string) => relative(ROOT, file).split(sep).join('/');

function docNames(): Set<string> {
  return new Set(existsSync(DOCS_DIR) ? readdirSync(DOCS_DIR).filter((f) => f.endsWith('.md')).map((f) => f.slice(0, -3)) : []);
}

/** Problems with the citations of `cited` (file → its citations), one readable line each. */
export function citationProblems(cited: ReadonlyMap<string, readonly Citation[]>, readDoc: (doc: string) => string | null): string[] {
  const headings = new Map<string, string[] | null>();
  const problems: string[] = [];
  for (const [file, list] of cited) {
    for (const c of list) {
      const where = `${file}:${c.line}: '${c.text}'`;
      if (c.prefix !== '' && c.prefix !== 'docs/') {
        problems.push(`${where} cites ${c.prefix}${c.doc}.md, outside docs/ (cite docs/${c.doc}.md)`);
        continue;
      }
      if (!headings.has(c.doc)) {
        const text = readDoc(c.doc);
        headings.set(c.doc, text === null ? null : headingNumbers(text));
      }
      const numbers = headings.get(c.doc);
      if (numbers === null || numbers === undefined) problems.push(`${where} cites docs/${c.doc}.md, which does not exist`);
      else if (!numbers.includes(c.section)) {
        problems.push(`${where} cites §${c.section}, but docs/${c.doc}.md has no heading numbered ${c.section} (it has ${numbers.join(', ') || 'none'})`);
      }
    }
  }
  return problems;
}

function readDoc(doc: string): string | null {
  const path = join(DOCS_DIR, `${doc}.md`);
  return existsSync(path) ? readFileSync(path, 'utf8') : null;
}

/** Every source file's citations, by repo-relative path. */
function allCitations(): Map<string, Citation[]> {
  const docs = docNames();
  const out = new Map<string, Citation[]>();
  for (const file of SOURCE_DIRS.flatMap(filesUnder)) {
    const path = rel(file);
    if (path === SELF) continue;
    const list = extractCitations(readFileSync(file, 'utf8'), docs);
    if (list.length > 0) out.set(path, list);
  }
  return out;
}

/** References to documents outside the checkout (built from pieces so that this file does not match itself). */
const OUTSIDE = [
  { re: new RegExp(['shared', 'docs'].join('/') + String.raw`\b`), what: 'the shared docs folder outside the repository' },
  { re: new RegExp(['', 'work', 'shared'].join('/') + String.raw`\b`), what: 'an absolute path outside the repository' },
  { re: new RegExp(['beside', 'the', 'checkout'].join(' '), 'i'), what: 'material beside the checkout' },
];

export function outsideReferences(file: string, src: string): string[] {
  const out: string[] = [];
  src.split('\n').forEach((line, i) => {
    for (const { re, what } of OUTSIDE) {
      const m = re.exec(line);
      if (m) out.push(`${file}:${i + 1}: refers to ${what} ('${m[0]}'): cite docs/ instead`);
    }
  });
  return out;
}

describe('doc citations', () => {
  const cited = allCitations();

  it('finds the citations (the extractor works on the real tree)', () => {
    const docs = new Set([...cited.values()].flat().map((c) => c.doc));
    for (const doc of ['backtest-model', 'ib-protocol', 'indicator-conventions', 'architecture', 'trading-model']) expect(docs).toContain(doc);
    expect([...cited.values()].flat().length).toBeGreaterThan(100);
  });

  it('every cited section has a numbered heading in its docs/<doc>.md', () => {
    expect(citationProblems(cited, readDoc)).toEqual([]);
  });

  it('no source file refers to documents outside the repository', () => {
    const bad = SOURCE_DIRS.flatMap(filesUnder)
      .filter((f) => rel(f) !== SELF)
      .flatMap((f) => outsideReferences(rel(f), readFileSync(f, 'utf8')));
    expect(bad).toEqual([]);
  });
});

describe('the citation checker (self-test)', () => {
  const docs = new Set(['architecture', 'backtest-model']);
  const sections = (src: string) => extractCitations(src, docs).map((c) => `${c.doc} ${c.section}`);

  it('reads doc names with and without .md, section lists and ranges, and aliases', () => {
    expect(sections('// the loop (backtest-model §3.2); see ib-protocol.md §4, §6 "Orders" and §7')).toEqual(['backtest-model 3.2', 'ib-protocol 4', 'ib-protocol 6']);
    expect(sections('// backtest-model §4–§7, `backtest-model.md` §2')).toEqual(['backtest-model 4', 'backtest-model 7', 'backtest-model 2']);
    expect(sections('// docs: architecture §3.3 and docs/trading-model.md §1')).toEqual(['architecture 3.3', 'trading-model 1']);
    expect(sections('* Wilder RSI (conventions §3 RSI)')).toEqual(['indicator-conventions 3']);
  });

  it('ignores prose section marks and text that is not a doc name', () => {
    expect(sections('// The §7 JSON object; the §5 stats; three §5 figures; TA-Lib §2; x.py §4')).toEqual([]);
  });

  it('flags a missing doc, a missing section and a doc outside docs/, naming file, line and citation', () => {
    const cited = new Map([
      ['a.ts', extractCitations('\n// backtest-model §3.9 and nosuch-doc §1', docs)],
      ['b.ts', extractCitations('// lib/backtest-model.md §3', docs)],
    ]);
    const problems = citationProblems(cited, (doc) => (doc === 'backtest-model' ? '# Model\n## 3. Execution\n### 3.1 Timing\n```\n## 9. in a code block\n```\n' : null));
    expect(problems).toHaveLength(3);
    expect(problems[0]).toMatch(/^a\.ts:2: 'backtest-model §3\.9' cites §3\.9, but docs\/backtest-model\.md has no heading numbered 3\.9 \(it has 3, 3\.1\)$/);
    expect(problems[1]).toMatch(/^a\.ts:2: 'nosuch-doc §1' cites docs\/nosuch-doc\.md, which does not exist$/);
    expect(problems[2]).toMatch(/^b\.ts:1: .* outside docs\//);
  });

  it('reads heading numbers the way the docs write them', () => {
    expect(headingNumbers('# Title\n## 0. Decisions\n### 4.1 PLACE_ORDER\n#### 10\n## Notes\n## 2024 plan x\n')).toEqual(['0', '4.1', '10', '2024']);
  });

  it('flags references to documents outside the checkout', () => {
    const src = ['// see ../../../' + 'shared/docs/x.md', '// /work' + '/shared/docs', '// (beside the ' + 'checkout)', '// shared/data is fine'].join('\n');
    expect(outsideReferences('c.ts', src).map((p) => p.split(':').slice(0, 2).join(':'))).toEqual(['c.ts:1', 'c.ts:2', 'c.ts:2', 'c.ts:3']);
  });
});
