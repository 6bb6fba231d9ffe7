// Runner leases on disk (bridge/trading/lease-file.ts): a token granted before a restart is never
// granted again after it, a takeover makes the old token stale, and a damaged file is refused with
// its path instead of starting the tokens over.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { LeaseFile } from '../../../bridge/trading/lease-file.ts';

async function dir(): Promise<string> {
  const d = await mkdtemp(join(tmpdir(), 'mt-leases-'));
  onTestFinished(() => rm(d, { recursive: true, force: true }));
  return d;
}

describe('LeaseFile', () => {
  it('keeps fencing tokens increasing across a restart', async () => {
    const path = join(await dir(), 'leases.json');
    const a = await LeaseFile.open(path, 60_000);
    const first = await a.acquire('s1', 'desk', 1000);
    const taken = await a.acquire('s1', 'phone', 2000, true);
    expect(first.ok && taken.ok && taken.lease.token > first.lease.token).toBe(true);
    const token = taken.ok ? taken.lease.token : -1;
    expect(a.leases.check('s1', 'desk', first.ok ? first.lease.token : -1, 2000)).toBe('STALE_FENCING_TOKEN');

    const b = await LeaseFile.open(path, 60_000);
    expect(b.leases.check('s1', 'phone', token, 3000)).toBeUndefined(); // the holder keeps its lease
    const next = await b.acquire('s2', 'desk', 3000);
    expect(next.ok && next.lease.token).toBe(token + 1);
    expect(await b.release('s1', 'phone', token)).toBe(true);
    const c = await LeaseFile.open(path, 60_000);
    expect(c.leases.check('s1', 'phone', token, 3000)).toBe('NO_LEASE');
  });

  it('refuses a damaged file with its path', async () => {
    const path = join(await dir(), 'leases.json');
    await writeFile(path, '{"lastToken": "x"');
    await expect(LeaseFile.open(path, 60_000)).rejects.toThrow(/leases\.json: not valid JSON/);
    await writeFile(path, '{"lastToken": 3, "leases": [{"strategy": "s1"}]}');
    await expect(LeaseFile.open(path, 60_000)).rejects.toThrow(/leases\[0\]: expected strategy, device, token and expiresAt/);
  });
});
