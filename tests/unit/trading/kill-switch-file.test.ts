// The kill switch on disk (bridge/trading/kill-switch-file.ts): a HALT is durable before it is
// acknowledged and survives a restart; no file means ACTIVE; a file that cannot be read starts the
// bridge HALTED (fail closed), with a warning naming it.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { KillSwitchFile } from '../../../bridge/trading/kill-switch-file.ts';

const dirs: string[] = [];
afterEach(async () => {
  for (const d of dirs.splice(0)) await rm(d, { recursive: true, force: true });
});
async function fileIn(): Promise<string> {
  const d = await mkdtemp(join(tmpdir(), 'mt-kill-'));
  dirs.push(d);
  return join(d, 'trading-state.json');
}

describe('the kill switch file', () => {
  it('starts ACTIVE without a file, and a HALT set before a restart is still HALTED after it', async () => {
    const path = await fileIn();
    const warnings: string[] = [];
    const a = await KillSwitchFile.open(path, (l) => warnings.push(l));
    expect(a.state).toBe('ACTIVE');
    await a.set('HALTED');
    expect(JSON.parse(await readFile(path, 'utf8'))).toEqual({ tradingState: 'HALTED' });
    const b = await KillSwitchFile.open(path, (l) => warnings.push(l));
    expect(b.state).toBe('HALTED');
    await Promise.all([b.set('REDUCING'), b.set('ACTIVE')]); // chained: the last one is on disk
    expect((await KillSwitchFile.open(path, (l) => warnings.push(l))).state).toBe('ACTIVE');
    expect(warnings).toEqual([]);
  });

  it('starts HALTED, naming the file, when the saved state cannot be read', async () => {
    for (const text of ['{"tradingState":"PAUSED"}', 'not json', '']) {
      const path = await fileIn();
      await writeFile(path, text);
      const warnings: string[] = [];
      expect((await KillSwitchFile.open(path, (l) => warnings.push(l))).state).toBe('HALTED');
      expect(warnings).toHaveLength(1);
      expect(warnings[0]).toContain(path);
    }
  });
});
