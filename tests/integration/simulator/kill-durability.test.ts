// `kill -9` of a standalone simulator process right after its client was told about fills
// (ib-protocol.md §6 "Durability"): the paper broker's state is fsync'd before any reply leaves, so
// after a restart on the same --state every reported fill is in the positions and executions, and
// nextValidId is above every order id used. Repeated over several kill/restart rounds; and SIGTERM
// stops a simulator that a client floods with historical requests within seconds, with exit code 0.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { EventName, type Execution } from '@stoqey/ib';
import { IbTestClient } from '../../support/ib-client.ts';
import { RawTwsClient, frame } from '../../support/ib-raw.ts';
import { mkt, stock } from '../../support/ib-orders.ts';
import { groupGone, startAndWaitForUrl, type StartedProcess } from '../../support/start-process.ts';

const SPY = stock('SPY');

/** The simulator CLI under plain node (no tsx wrapper process, so the exit code is the simulator's). */
function startCli(args: string[]): Promise<StartedProcess> {
  return startAndWaitForUrl(process.execPath, ['--import', 'tsx', 'bridge/simulator/cli.ts', '--port', '0', ...args], {}, /listening on (127\.0\.0\.1:\d+)/, 60_000);
}

function portOf(proc: StartedProcess): number {
  return Number(proc.url.split(':')[1]);
}

function exitOf(proc: StartedProcess): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  const child = proc.child;
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve({ code: child.exitCode, signal: child.signalCode });
  return new Promise((r) => child.once('exit', (code, signal) => r({ code, signal })));
}

describe('simulator durability and shutdown (real child processes)', () => {
  it('after kill -9 right after fills were reported, a restart has every reported fill and a higher nextValidId', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'moneytrailz-sim-kill-'));
    onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
    const args = ['--state', dir, '--speed', '60', '--start', '2012-01-04'];
    const reported = new Map<string, number>(); // execId → shares
    let maxUsed = 0;

    for (let round = 0; round < 3; round++) {
      const proc = await startCli(args);
      const pid = proc.child.pid!;
      onTestFinished(() => {
        if (!groupGone(pid)) process.kill(-pid, 'SIGKILL');
      });
      const c = await IbTestClient.connect({ port: portOf(proc), clientId: 1 });
      const next = c.events(EventName.nextValidId)[0].args[0] as number;
      expect(next, `round ${round}: nextValidId after a kill -9`).toBeGreaterThan(maxUsed);
      const ids = [0, 1, 2, 3, 4].map((i) => next + i);
      const fills = new Map<string, { orderId: number; shares: number }>();
      const allFilled = new Promise<void>((resolve) => {
        c.api.on(EventName.execDetails, (_reqId: number, _contract: unknown, e: Execution) => {
          if (!ids.includes(e.orderId!)) return;
          fills.set(e.execId!, { orderId: e.orderId!, shares: e.shares! });
          const filled = new Set([...fills.values()].map((f) => f.orderId));
          const done = ids.every((id) => filled.has(id)) && ids.every((id) => [...fills.values()].filter((f) => f.orderId === id).reduce((n, f) => n + f.shares, 0) === 10 + id - next);
          if (done) {
            process.kill(-pid, 'SIGKILL'); // at once, before anything else runs
            resolve();
          }
        });
      });
      for (const id of ids) c.api.placeOrder(id, SPY, mkt('BUY', 10 + id - next));
      await allFilled;
      c.allow(1100); // the connection drops under the client
      c.allow(502);
      c.allow(504);
      expect((await exitOf(proc)).signal).toBe('SIGKILL');
      for (const [execId, f] of fills) reported.set(execId, f.shares);
      maxUsed = Math.max(maxUsed, ...ids);
    }

    const proc = await startCli(args);
    try {
      const c = await IbTestClient.connect({ port: portOf(proc), clientId: 1 });
      expect(c.events(EventName.nextValidId)[0].args[0]).toBeGreaterThan(maxUsed);
      let at = c.mark();
      c.api.reqPositions();
      await c.waitFor(EventName.positionEnd, () => true, { after: at });
      const spy = c.events(EventName.position, (_a: string, contract: { symbol: string }) => contract.symbol === 'SPY', at).map((e) => e.args[2]);
      const total = [...reported.values()].reduce((a, b) => a + b, 0);
      expect(spy).toEqual([total]);
      at = c.mark();
      c.api.reqExecutions(9, {});
      await c.waitFor(EventName.execDetailsEnd, (id: number) => id === 9, { after: at });
      const execIds = new Set(c.events(EventName.execDetails, (id: number) => id === 9, at).map((e) => (e.args[2] as Execution).execId));
      for (const execId of reported.keys()) expect(execIds.has(execId), `execution ${execId} after restart`).toBe(true);
      await c.disconnect();
    } finally {
      process.kill(-proc.child.pid!, 'SIGTERM');
      await exitOf(proc);
    }
  }, 60_000);

  it('SIGTERM stops the simulator within seconds (exit code 0) while a client floods historical requests', async () => {
    const proc = await startCli(['--start', '2012-01-17']);
    const pid = proc.child.pid!;
    onTestFinished(() => {
      if (!groupGone(pid)) process.kill(-pid, 'SIGKILL');
    });
    const flooder = await RawTwsClient.connect(portOf(proc));
    onTestFinished(() => flooder.destroy());
    await flooder.handshake(5);
    flooder.socket.pause(); // never reads
    const request = (reqId: number) => frame([20, reqId, 0, 'SPY', 'STK', '', 0, '', '', 'SMART', '', 'USD', '', '', 0, '', '1 min', '1 M', 1, 'TRADES', 1, 0, '']);
    flooder.write(Buffer.concat(Array.from({ length: 3000 }, (_, i) => request(i + 1))));
    const reader = await RawTwsClient.connect(portOf(proc)); // a second client that reads, also flooding
    onTestFinished(() => reader.destroy());
    await reader.handshake(6);
    reader.write(Buffer.concat(Array.from({ length: 200 }, (_, i) => request(i + 1))));
    await reader.waitFor((m) => m[0] === '17', 10_000); // the server is busy with the floods
    const t0 = performance.now();
    process.kill(pid, 'SIGTERM');
    const exit = await exitOf(proc);
    const ms = performance.now() - t0;
    console.log(`SIGTERM under flood: exited in ${ms.toFixed(0)} ms with ${JSON.stringify(exit)}`);
    expect(exit).toEqual({ code: 0, signal: null });
    expect(ms).toBeLessThan(3000);
    expect(proc.output()).toMatch(/SIGTERM: stopping the simulator/);
  }, 60_000);
});
