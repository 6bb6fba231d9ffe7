// The CLIs' start-up path (`npm run ta|backtest|sweep|bench|build:wasm`): with the kernels already
// built, the wasm step is a plain-Node freshness check that never loads the AssemblyScript compiler;
// a kernel edited after the build makes it stale and rebuilds. Everything runs on a temporary copy
// of wasm/ (with faked mtimes), so the real build is never made stale or rewritten.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { cp, mkdir, mkdtemp, readFile, readdir, rm, symlink, unlink, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ROOT } from '../support/source-rules.ts';

/** Sources a day ago, outputs a minute later: an up-to-date build. */
const SOURCES_AT = new Date(Date.now() - 86_400_000);
const BUILT_AT = new Date(SOURCES_AT.getTime() + 60_000);

let dir: string;
let wasm: string;
let traceHook: string;

// A module hook that appends every resolved module URL to $TRACE_FILE: how the test sees what a
// process (and the processes it starts, through NODE_OPTIONS) really loaded.
const HOOKS = `import { appendFileSync } from 'node:fs';
let log;
export function initialize(data) { log = data.log; }
export async function resolve(specifier, context, next) {
  const r = await next(specifier, context);
  if (log) appendFileSync(log, r.url + '\\n');
  return r;
}`;
const REGISTER = `import { register } from 'node:module';
register('./trace-hooks.mjs', import.meta.url, { data: { log: process.env.TRACE_FILE } });`;

async function walk(d: string): Promise<string[]> {
  const out: string[] = [];
  for (const e of await readdir(d, { withFileTypes: true })) {
    if (e.isDirectory()) out.push(...(await walk(join(d, e.name))));
    else out.push(join(d, e.name));
  }
  return out;
}

/** Gives every source of the copy the time `sources`, and both outputs the time `outputs`. */
async function setTimes(sources: Date, outputs: Date): Promise<void> {
  const files = [...(await walk(join(wasm, 'assembly'))), ...['asconfig.json', 'build.ts', 'build-check.mjs'].map((f) => join(wasm, f))];
  for (const f of files) await utimes(f, sources, sources);
  for (const f of ['ta.wasm', 'ta-wasm-base64.ts']) await utimes(join(wasm, 'build', f), outputs, outputs);
}

/** Runs node with the trace hook (inherited by child processes); returns exit code, stderr and the loaded URLs. */
async function traced(args: string[]) {
  const log = join(dir, `trace-${Math.random().toString(36).slice(2)}.txt`);
  await writeFile(log, '');
  const r = spawnSync(process.execPath, args, {
    cwd: ROOT,
    encoding: 'utf8',
    env: { ...process.env, TRACE_FILE: log, NODE_OPTIONS: `--import=${pathToFileURL(traceHook).href}` },
  });
  const loaded = (await readFile(log, 'utf8')).split('\n').filter(Boolean);
  return { code: r.status, err: r.stderr, out: r.stdout, loaded };
}

const check = (...args: string[]) => traced([join(wasm, 'build-check.mjs'), ...args]);

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'mt-wasm-'));
  wasm = join(dir, 'wasm');
  await mkdir(join(wasm, 'build'), { recursive: true });
  await cp(join(ROOT, 'wasm/assembly'), join(wasm, 'assembly'), { recursive: true });
  for (const f of ['asconfig.json', 'build.ts', 'build-check.mjs']) await cp(join(ROOT, 'wasm', f), join(wasm, f));
  // Placeholder outputs: the up-to-date cases never read them, the rebuild replaces them.
  await writeFile(join(wasm, 'build/ta.wasm'), 'placeholder');
  await writeFile(join(wasm, 'build/ta-wasm-base64.ts'), '// placeholder\n');
  // The copy resolves packages (tsx, assemblyscript) from the real node_modules.
  await symlink(join(ROOT, 'node_modules'), join(dir, 'node_modules'), 'dir');
  await writeFile(join(dir, 'trace-hooks.mjs'), HOOKS);
  traceHook = join(dir, 'trace-register.mjs');
  await writeFile(traceHook, REGISTER);
});

afterAll(async () => {
  if (!dir) return;
  await unlink(join(dir, 'node_modules')).catch(() => {}); // the link only, never its target
  await rm(dir, { recursive: true, force: true });
});

describe('CLI start-up: the wasm freshness check', () => {
  it('the npm scripts run the plain-Node check, not tsx and the compiler, before each CLI', async () => {
    const { scripts } = JSON.parse(await readFile(join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
    expect(scripts['build:wasm']).toBe('node wasm/build-check.mjs');
    for (const cli of ['ta', 'backtest', 'sweep', 'bench']) {
      expect(scripts[cli]).toMatch(/^node bridge\/tools\/ensure-deps\.mjs --wasm && /);
      expect(scripts[cli]).not.toContain('build:wasm');
    }
  });

  it('with an up-to-date build reports "up to date" and loads nothing but Node built-ins', async () => {
    await setTimes(SOURCES_AT, BUILT_AT);
    const r = await check();
    expect(r.code, r.err).toBe(0);
    expect(r.err).toContain('wasm: wasm/build/ta.wasm is up to date');
    expect(r.out).toBe('');
    // The tracer works (it saw the script itself), and saw neither the compiler nor tsx.
    expect(r.loaded.some((u) => u.endsWith('/wasm/build-check.mjs'))).toBe(true);
    expect(r.loaded.filter((u) => !u.startsWith('node:') && !u.includes('/trace-hooks.mjs'))).toEqual([pathToFileURL(join(wasm, 'build-check.mjs')).href]);
    expect(r.loaded.join('\n')).not.toMatch(/assemblyscript|binaryen|tsx/);
  });

  it('wasm/build.ts run directly makes the same check and does not load the compiler either', async () => {
    await setTimes(SOURCES_AT, BUILT_AT);
    const r = await traced(['--import', 'tsx', join(wasm, 'build.ts')]);
    expect(r.code, r.err).toBe(0);
    expect(r.err).toContain('up to date');
    expect(r.loaded.some((u) => u.endsWith('/wasm/build-check.mjs'))).toBe(true);
    expect(r.loaded.join('\n')).not.toMatch(/assemblyscript|binaryen/);
  });

  it('reports "stale" when a kernel source, the config or the build script is newer than the outputs', async () => {
    for (const f of ['assembly/rsi.ts', 'asconfig.json', 'build.ts']) {
      await setTimes(SOURCES_AT, BUILT_AT);
      const later = new Date(BUILT_AT.getTime() + 1000);
      await utimes(join(wasm, f), later, later);
      const r = await check('--check');
      expect(r.code, r.err).toBe(3);
      expect(r.err).toContain(`wasm: stale: ${f} changed after the last build`);
      expect(r.loaded.join('\n')).not.toMatch(/assemblyscript/);
    }
  });

  it('reports "stale" when an output is missing or older than a source', async () => {
    await setTimes(SOURCES_AT, BUILT_AT);
    const older = new Date(SOURCES_AT.getTime() - 1000);
    await utimes(join(wasm, 'build/ta-wasm-base64.ts'), older, older);
    expect((await check('--check')).err).toMatch(/stale: .* changed after the last build/);
    await rm(join(wasm, 'build/ta.wasm'));
    const r = await check('--check');
    expect(r.code).toBe(3);
    expect(r.err).toContain('wasm: stale: build/ta.wasm is missing');
    await writeFile(join(wasm, 'build/ta.wasm'), 'placeholder');
  });

  it('a touched kernel triggers a real rebuild (compiler loaded only then), written atomically', async () => {
    await setTimes(SOURCES_AT, BUILT_AT);
    const now = new Date();
    await utimes(join(wasm, 'assembly/sma.ts'), now, now);
    const r = await check();
    expect(r.code, r.err).toBe(0);
    expect(r.err).toContain('wasm: rebuilding (assembly/sma.ts changed after the last build)');
    expect(r.err).toMatch(/wasm: built wasm\/build\/ta\.wasm \(\d+ bytes\)/);
    expect(r.out).toBe(''); // stdout stays free for the CLIs' data
    expect(r.loaded.join('\n')).toMatch(/assemblyscript/); // the tracer does see the compiler when it is used
    const bytes = await readFile(join(wasm, 'build/ta.wasm'));
    expect(WebAssembly.validate(bytes)).toBe(true);
    const embedded = await readFile(join(wasm, 'build/ta-wasm-base64.ts'), 'utf8');
    expect(embedded).toContain(`export const TA_WASM_BASE64 = '${bytes.toString('base64')}';`);
    expect((await readdir(join(wasm, 'build'))).sort()).toEqual(['ta-wasm-base64.ts', 'ta.wasm']); // no temporary files left
    const again = await check('--check');
    expect(again.code, again.err).toBe(0);
    expect(again.err).toContain('up to date');
  }, 180_000);

  it('--force builds even when up to date; a failed build leaves the previous outputs in place', async () => {
    // A kernel that does not compile, with mtimes that say "up to date": only --force builds it.
    const index = join(wasm, 'assembly/index.ts');
    const good = await readFile(index, 'utf8');
    await writeFile(index, `${good}\nexport function broken(: i32 {\n`);
    await setTimes(SOURCES_AT, BUILT_AT);
    expect((await check()).err).toContain('up to date');
    const before = await readFile(join(wasm, 'build/ta.wasm'));
    const r = await check('--force');
    expect(r.code).not.toBe(0);
    expect(r.err).toContain('AssemblyScript build failed');
    expect(r.loaded.join('\n')).toMatch(/assemblyscript/);
    expect(await readFile(join(wasm, 'build/ta.wasm'))).toEqual(before);
    expect((await readdir(join(wasm, 'build'))).sort()).toEqual(['ta-wasm-base64.ts', 'ta.wasm']);
    await writeFile(index, good);
  }, 180_000);
});
