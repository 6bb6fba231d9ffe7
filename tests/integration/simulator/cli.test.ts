// The standalone simulator (`tsx bridge/simulator/cli.ts`): prints where it listens, serves a real
// IBApi client with a real-time replay clock, and stops cleanly on SIGINT.
import { connect } from 'node:net';
import { describe, expect, it } from 'vitest';
import { EventName } from '@stoqey/ib';
import { IbTestClient } from '../../support/ib-client.ts';
import { groupGone, startAndWaitForUrl } from '../../support/start-process.ts';

describe('simulator CLI', () => {
  it('listens on the printed address, streams in real time at --speed, and exits 0 on SIGINT', async () => {
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
      expect(exit.code).toBe(0);
      expect(proc.output()).toMatch(/SIGINT: stopping the simulator/);
      expect(groupGone(pid)).toBe(true);
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
});
