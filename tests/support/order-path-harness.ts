// The bridge with its order path against the embedded simulator, for tests and the benchmark: a
// simulator (step clock by default), the order path of bridge/trading/order-path.ts in a temporary
// state folder (journal, order ids, leases) over a real TwsConnection (real @stoqey/ib over TCP),
// and startBridge serving the app protocol with it, so app clients talk over real `ws` WebSockets.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startBridge, type RunningBridge } from '../../bridge/server.ts';
import { TwsConnection } from '../../bridge/ib/tws-connection.ts';
import type { RunningSimulator, SimulatorOptions } from '../../bridge/simulator/index.ts';
import { openOrderPath, type OrderPath, type OrderPathOptions } from '../../bridge/trading/order-path.ts';
import type { GuardConfig } from '../../shared/config/index.ts';
import { startTestSimulator } from './ib-simulator.ts';

export const ORDER_PATH_CLIENT_ID = 31;

export interface OrderPathHarness {
  readonly sim: RunningSimulator;
  readonly path: OrderPath;
  readonly bridge: RunningBridge;
  readonly url: string;
  readonly stateDir: string;
  close(): Promise<void>;
}

/** `[guard]` as the config file would give it (the schema's defaults, then `over`). */
export function guardOf(over: Partial<GuardConfig> = {}): GuardConfig {
  return { max_position_share: 1, max_open_orders: 100, max_orders_per_minute: 3000, intent_max_age_seconds: 5, ...over } as GuardConfig;
}

export async function startOrderPathHarness(options: { sim?: SimulatorOptions; guard?: Partial<GuardConfig>; path?: Partial<OrderPathOptions> } = {}): Promise<OrderPathHarness> {
  const sim = await startTestSimulator({ start: '2012-01-03T10:00', ...options.sim });
  const stateDir = await mkdtemp(join(tmpdir(), 'mt-order-path-'));
  await writeFile(join(stateDir, 'index.html'), '<!doctype html><title>t</title>');
  const path = await openOrderPath({
    stateDir,
    config: { guard: guardOf(options.guard) },
    connect: (orderIds) => new TwsConnection({ host: '127.0.0.1', port: sim.port, clientId: ORDER_PATH_CLIENT_ID, orderIds, maxReqPerSec: 50, backoff: { initialMs: 50, maxMs: 400 }, random: () => 0 }),
    log: () => {},
    ...options.path,
  });
  await path.tws.whenReady(5000);
  await path.reconciler.whenReconciled(5000);
  await path.rawBroker.whenReady(5000);
  const bridge = await startBridge({ host: '127.0.0.1', port: 0, staticDir: stateDir, serverVersion: '0.0.0-test', broker: 'simulator', log: () => {}, appProtocol: { tws: path.tws, orders: path } });
  return {
    sim,
    path,
    bridge,
    url: `ws://127.0.0.1:${bridge.port}/ws`,
    stateDir,
    async close() {
      await bridge.close();
      await path.close();
      await sim.close();
      await rm(stateDir, { recursive: true, force: true });
    },
  };
}

/** An intent message for one leg (MKT unless a limit is given), made now on the bridge's clock. */
export function intentOf(intentId: string, lease: { strategyId: string; token: number } | undefined, leg: { symbol?: string; side?: 'BUY' | 'SELL'; quantity?: number; limit?: number } = {}): Record<string, unknown> {
  return {
    type: 'intent',
    intentId,
    ...(lease ? { strategyId: lease.strategyId, leaseToken: lease.token } : {}),
    createdAt: Date.now(),
    legs: [{ instrument: leg.symbol ?? 'SPY', side: leg.side ?? 'BUY', quantity: leg.quantity ?? 1, ...(leg.limit === undefined ? { orderType: 'MKT' } : { orderType: 'LMT', limitPrice: leg.limit }), tif: 'DAY' }],
  };
}
