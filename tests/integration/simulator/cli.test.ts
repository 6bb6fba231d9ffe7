// The standalone simulator (`tsx bridge/simulator/cli.ts`): prints where it listens, serves a real
// IBApi client with a real-time replay clock, and stops cleanly on SIGINT.
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { EventName } from '@stoqey/ib';
import { IbTestClient } from '../../support/ib-client.ts';
import { mkt, stock, waitStatus } from '../../support/ib-orders.ts';
import { groupGone, startAndWaitForUrl } from '../../support/start-process.ts';

describe('simulator CLI', () => {
  it('listens on the printed address, streams in real time at --speed, and stops gracefully on SIGINT', async () => {
    const proc = await startAndWaitForUrl('node_modules/.bin/tsx', ['bridge/simulator/cli.ts', '--port', '0', '--speed', '600', '--start', '2012-01-04'], {}, /listening on (127\.0\.0\.1:\d+)/, 60_000);
    try {
      expect(proc.output()).toMatch(/server version 193/);
      expect(proc.output()).toMatch(/replay from 20120104 09:30:00 US\/Eastern at 600×/);
      const port = Number(proc.url.split(':')[1]);
      const c = await IbTestClient.connect({ port, clientId: 1 });
      const first = c.waitFor(EventName.currentTime);
      c.api.reqCurrentTime();
      const t1 = (await first)[0] as number;
      // The clock runs by itself: wait until it has moved (no step API in this mode).
      let t2 = t1;
      const deadline = Date.now() + 10_000;
      while (t2 <= t1 + 1 && Date.now() < deadline) {
        const p = c.waitFor(EventName.currentTime);
        c.api.reqCurrentTime();
        t2 = (await p)[0] as number;
      }
      expect(t2).toBeGreaterThan(t1 + 1);
      await c.disconnect();
    } finally {
      const pid = proc.child.pid!;
      const exit = await proc.interrupt();
      // Ctrl-C reaches the whole group: tsx's wrapper may report 130 (128 + SIGINT) while the
      // simulator under it stops gracefully (its own exit code is 0; the message proves the handler ran).
      expect([0, 130], JSON.stringify(exit)).toContain(exit.code);
      expect(proc.output()).toMatch(/SIGINT: stopping the simulator/);
      // The leader (tsx) exits as its child does; give the child's exit a moment to be reaped.
      await expect.poll(() => groupGone(pid), { timeout: 5000, interval: 100 }).toBe(true);
    }
    // nothing listens on the port any more
    const port = Number(proc.url.split(':')[1]);
    const refused = await new Promise<boolean>((resolve) => {
      const s = connect({ host: '127.0.0.1', port }, () => {
        s.destroy();
        resolve(false);
      });
      s.on('error', () => resolve(true));
    });
    expect(refused).toBe(true);
  }, 90_000);

  it('--state keeps the paper account across runs', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'moneytrailz-cli-state-'));
    onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
    const run = async (body: (port: number) => Promise<void>) => {
      const proc = await startAndWaitForUrl('node_modules/.bin/tsx', ['bridge/simulator/cli.ts', '--port', '0', '--start', '2012-01-04', '--state', dir], {}, /listening on (127\.0\.0\.1:\d+)/, 60_000);
      try {
        expect(proc.output()).toContain(`state in ${dir}`);
        await body(Number(proc.url.split(':')[1]));
      } finally {
        expect([0, 130]).toContain((await proc.interrupt()).code);
        expect(proc.output()).toMatch(/SIGINT: stopping the simulator/);
      }
    };
    await run(async (port) => {
      const c = await IbTestClient.connect({ port, clientId: 1 });
      c.api.placeOrder(1, stock('SPY'), mkt('BUY', 25));
      await waitStatus(c, 1, 'Filled', 0);
      await c.disconnect();
    });
    expect(existsSync(join(dir, 'paper-broker.json'))).toBe(true);
    expect(JSON.parse(readFileSync(join(dir, 'paper-broker.json'), 'utf8')).ledgers[0].positions[0]).toMatchObject({ instrument: { conId: 756733 }, qty: 25 });
    await run(async (port) => {
      const c = await IbTestClient.connect({ port, clientId: 1 });
      expect(c.events(EventName.nextValidId)[0].args[0]).toBe(2);
      const at = c.mark();
      c.api.reqPositions();
      await c.waitFor(EventName.positionEnd, () => true, { after: at });
      expect(c.events(EventName.position, () => true, at).map((e) => e.args[2])).toEqual([25]);
      await c.disconnect();
    });
  }, 90_000);
});
