// A service manager (or `kill`) signals only npm, not its process group: the bridge must still stop
// and free its port (npm forwards the signal; the start script execs the bridge so nothing is orphaned).
import { describe, expect, it } from 'vitest';
import { createConnection } from 'node:net';
import { groupGone, startAndWaitForUrl } from '../support/start-process.ts';

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = createConnection({ port, host: '127.0.0.1' });
    s.once('connect', () => (s.destroy(), resolve(true)));
    s.once('error', () => resolve(false));
  });
}

describe('npm start under a process manager', () => {
  it('stops the bridge when only npm receives SIGTERM', async () => {
    const app = await startAndWaitForUrl('npm', ['start'], { MONEYTRAILZ_PORT: '0' }, /MoneyTrailz is running: (http:\/\/\S+)/);
    const port = Number(new URL(app.url).port);
    expect(await accepts(port)).toBe(true);
    process.kill(app.child.pid!, 'SIGTERM');
    await expect.poll(() => groupGone(app.child.pid!), { timeout: 10_000, interval: 200 }).toBe(true);
    expect(await accepts(port)).toBe(false);
    expect(app.output()).toContain('SIGTERM: stopping');
  });
});
