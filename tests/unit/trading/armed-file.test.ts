// The armed strategy instances on disk (bridge/strategies/armed-file.ts): an arm or disarm is durable
// before it is acknowledged and survives a restart; no file means nothing armed; a file that cannot be
// read or is malformed arms nothing (fail closed) and says why, naming the file; a write that fails
// leaves the set as the file holds it.
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ArmedFile, parseArmed } from '../../../bridge/strategies/armed-file.ts';

const dirs: string[] = [];
afterEach(async () => {
  for (const d of dirs.splice(0)) await rm(d, { recursive: true, force: true });
});
async function dir(): Promise<string> {
  const d = await mkdtemp(join(tmpdir(), 'mt-armed-'));
  dirs.push(d);
  return d;
}

describe('the armed-strategies file', () => {
  it('starts with nothing armed without a file; what is armed before a restart is armed after it', async () => {
    const path = join(await dir(), 'armed-strategies.json');
    const a = await ArmedFile.open(path);
    expect(a.list()).toEqual([]);
    expect(a.problem).toBeUndefined();
    await a.set('spy_rsi', true);
    await a.set('tlt_hold', true);
    expect(JSON.parse(await readFile(path, 'utf8'))).toEqual({ armed: ['spy_rsi', 'tlt_hold'] });
    await Promise.all([a.set('spy_rsi', false), a.set('qqq_trend', true)]); // chained: the last state is on disk
    const b = await ArmedFile.open(path);
    expect(b.list()).toEqual(['tlt_hold', 'qqq_trend']);
    expect(b.has('spy_rsi')).toBe(false);
  });

  it('a malformed file arms nothing and names the file and the problem', async () => {
    const d = await dir();
    const cases: [string, RegExp][] = [
      ['{not json', /not valid JSON/],
      ['["tlt_hold"]', /expected \{"armed": \["<instance id>", …\]\}/],
      ['{"armed": ["ok", 7]}', /armed\[1\]: expected an instance id/],
      ['{"armed": ["bad id with spaces"]}', /armed\[0\]: expected an instance id/],
    ];
    for (const [i, [text, problem]] of cases.entries()) {
      const path = join(d, `armed-${i}.json`);
      await writeFile(path, text);
      const f = await ArmedFile.open(path);
      expect(f.list(), text).toEqual([]);
      expect(f.problem, text).toMatch(problem);
      expect(f.problem).toContain(path);
      expect(f.problem).toContain('every instance is stopped');
    }
  });

  it('a file that cannot be read (a folder in its place) arms nothing and says why', async () => {
    const path = join(await dir(), 'armed-strategies.json');
    await mkdir(path);
    const f = await ArmedFile.open(path);
    expect(f.list()).toEqual([]);
    expect(f.problem).toMatch(/the armed strategies cannot be read \(EISDIR/);
  });

  it('a write that fails rejects and leaves the set as it was', async () => {
    const d = join(await dir(), 'state');
    await mkdir(d);
    const path = join(d, 'armed-strategies.json');
    const f = await ArmedFile.open(path);
    await f.set('tlt_hold', true);
    await rm(d, { recursive: true }); // the state folder is gone: the temporary file cannot be created
    await expect(f.set('spy_rsi', true)).rejects.toThrow(/ENOENT/);
    expect(f.list()).toEqual(['tlt_hold']);
    await expect(f.set('tlt_hold', false)).rejects.toThrow(/ENOENT/);
    expect(f.has('tlt_hold')).toBe(true);
    await expect(f.set('has space', true)).rejects.toThrow(/not a strategy instance id/);
  });

  it('parseArmed drops repeated ids', () => {
    expect(parseArmed('{"armed": ["a", "b", "a"]}')).toEqual(['a', 'b']);
  });
});
