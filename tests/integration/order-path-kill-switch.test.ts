// A HALT sent by a device survives a restart of the bridge's order path (docs/bridge.md §5): the
// state is on disk before the command is acknowledged, and a new order path on the same state folder
// starts HALTED and refuses a new order with TRADING_HALTED. And one order path per state folder: a
// second one on a folder in use is refused before it touches the journal.
import { rm } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { stock } from '../../shared/domain/instrument.ts';
import { TwsConnection } from '../../bridge/ib/tws-connection.ts';
import { openOrderPath } from '../../bridge/trading/order-path.ts';
import { ORDER_PATH_CLIENT_ID, guardOf, startOrderPathHarness } from '../support/order-path-harness.ts';

describe('the kill switch across restarts', () => {
  it('a bridge halted before a restart is halted after it', async () => {
    const h = await startOrderPathHarness();
    try {
      await h.path.setTradingState('HALTED');
      // While the first order path runs, a second one on its folder is refused (journal and ids untouched).
      await expect(
        openOrderPath({ stateDir: h.stateDir, config: { guard: guardOf() }, connect: () => { throw new Error('must not connect'); }, log: () => {} }),
      ).rejects.toThrow(`${h.stateDir} is in use by process ${process.pid}`);
      await h.bridge.close();
      await h.path.close();
      const again = await openOrderPath({
        stateDir: h.stateDir,
        config: { guard: guardOf() },
        connect: (orderIds) => new TwsConnection({ host: '127.0.0.1', port: h.sim.port, clientId: ORDER_PATH_CLIENT_ID, orderIds, maxReqPerSec: 50, backoff: { initialMs: 50, maxMs: 400 }, random: () => 0 }),
        log: () => {},
      });
      try {
        expect(again.tradingState()).toBe('HALTED');
        expect(again.broker.state).toBe('HALTED');
        await again.tws.whenReady(5000);
        await again.reconciler.whenReconciled(5000);
        const lease = await again.leases.acquire('restart-test', 'desktop', again.clock.now());
        if (!lease.ok) throw new Error(`no lease: ${lease.reason}`);
        const runner = again.broker.runner({ strategy: 'restart-test', device: 'desktop', token: lease.lease.token });
        const r = runner.submit({ instrument: stock('SPY'), side: 'BUY', quantity: 1, type: 'MKT', tif: 'DAY', ref: 'after-restart-1' } as never);
        expect(r.ok).toBe(false);
        expect(r.ok ? '' : r.reason).toMatch(/^TRADING_HALTED/);
      } finally {
        await again.close();
      }
    } finally {
      await h.sim.close();
      await rm(h.stateDir, { recursive: true, force: true });
    }
  });
});
