// What a paper run trades through (docs/trading-model.md §9.5): the embedded simulator (step clock,
// or realtime at --speed N) starting at the run's first session, a TwsConnection to it, the bridge's
// order path (journal, order ids, IbkrBroker, Reconciler, GuardedBroker: bridge/trading/order-path.ts)
// in a state folder of its own, one runner lease for the engine, and the TWS link historical bars come
// through. Orders wait until the first reconciliation has completed and TWS's cash is known.
// The order path runs on the replay's clock, TWS's time: the guard's order rate, a trading day's
// start and intent freshness are in market time (a stepped run crosses a year in seconds of wall
// time, and must not trip max_orders_per_minute for it), and the run's lease lasts as long as the
// run (its state folder is its own: one process per folder), however far the replay jumps.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Broker } from '../../shared/broker/broker.ts';
import type { MoneyTrailzConfig } from '../../shared/config/index.ts';
import type { HoldableInstrument } from '../../shared/domain/instrument.ts';
import { TwsLink } from '../app-protocol/tws-link.ts';
import { TwsConnection } from '../ib/tws-connection.ts';
import { startSimulator, type RunningSimulator } from '../simulator/index.ts';
import { openOrderPath, type OrderPath } from '../trading/order-path.ts';
import { realtimePacer, steppedPacer, type ReplayPacer } from './replay-pacer.ts';
import { twsDailyBars, twsDailyHistory, type BarSource, type HistorySource } from './tws-bars.ts';

export interface PaperSessionOptions {
  /** Replay start: the run's first session date, yyyymmdd. */
  readonly start: number;
  /** Step clock (tests, fastest) or realtime at `speed` × real time. */
  readonly clock: 'step' | 'realtime';
  readonly speed?: number;
  readonly config?: Pick<MoneyTrailzConfig, 'guard'>;
  /** Folder of the journal, order ids and leases (default: a new temporary folder, removed at close). */
  readonly stateDir?: string;
  /** Simulator sample-data folder (default data/samples). */
  readonly dataDir?: string;
  readonly clientId?: number;
  readonly log?: (line: string) => void;
}

export interface PaperSession {
  readonly sim: RunningSimulator;
  readonly path: OrderPath;
  /** The engine's broker: the guard's runner broker under the run's lease. */
  readonly broker: Broker;
  readonly bars: BarSource;
  /** Resolves once what TWS has sent so far is journaled and reported (the journal is idle). */
  settled(): Promise<void>;
  /** The daily bars TWS has before a date (option quotes' volatility). */
  readonly history: HistorySource;
  readonly pacer: ReplayPacer;
  /** Fetches a mark for each instrument (the guard's value limits need a price). */
  marks(instruments: readonly HoldableInstrument[]): Promise<void>;
  close(): Promise<void>;
}

/** A paper run's lease, in replay time: longer than any run. */
const PAPER_LEASE_TTL_MS = 100 * 365 * 86_400_000;

const iso = (yyyymmdd: number) => `${String(yyyymmdd).slice(0, 4)}-${String(yyyymmdd).slice(4, 6)}-${String(yyyymmdd).slice(6, 8)}`;

function waitFor(pred: () => boolean, what: string, timeoutMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const t0 = Date.now();
    const timer = setInterval(() => {
      if (pred()) {
        clearInterval(timer);
        resolve();
      } else if (Date.now() - t0 > timeoutMs) {
        clearInterval(timer);
        reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what}`));
      }
    }, 10);
  });
}

export async function openPaperSession(options: PaperSessionOptions): Promise<PaperSession> {
  const log = options.log ?? (() => {});
  const sim = await startSimulator({ port: 0, clock: options.clock, speed: options.speed ?? 1, start: iso(options.start), ...(options.dataDir && { dataDir: options.dataDir }) });
  const temporary = options.stateDir === undefined;
  const stateDir = options.stateDir ?? (await mkdtemp(join(tmpdir(), 'moneytrailz-paper-')));
  let path: OrderPath | undefined;
  let link: TwsLink | undefined;
  const close = async () => {
    link?.removeAllListeners();
    await path?.close();
    await sim.close();
    if (temporary) await rm(stateDir, { recursive: true, force: true });
  };
  try {
    path = await openOrderPath({
      stateDir,
      config: options.config,
      clock: { now: () => sim.clock.now() },
      leaseTtlMs: PAPER_LEASE_TTL_MS,
      log,
      connect: (orderIds) => new TwsConnection({ host: '127.0.0.1', port: sim.port, clientId: options.clientId ?? 1, orderIds }),
    });
    const p = path;
    link = new TwsLink(p.tws);
    await p.tws.whenReady(10_000);
    await waitFor(() => !p.reconciler.isReconciling(), 'the first reconciliation', 15_000);
    await waitFor(() => p.account.snapshot().netLiquidation > 0, "TWS's cash (account summary)", 10_000);
    const lease = await p.leases.acquire('paper', 'paper-run', p.clock.now(), true);
    if (!lease.ok) throw new Error(`no runner lease for the paper run: ${lease.reason}`);
    let current = lease.lease;
    const runner = p.broker.runner({ strategy: current.strategy, device: current.device, token: current.token });
    // The lease is renewed as the run goes (each mark fetch, i.e. before every batch of orders).
    const renew = async () => {
      if (current.expiresAt - p.clock.now() > 30_000) return;
      const r = await p.leases.renew(current.strategy, current.device, current.token, p.clock.now());
      if (!r.ok) throw new Error(`the paper run's lease could not be renewed: ${r.reason}`);
      current = r.lease;
    };
    return {
      sim,
      path: p,
      broker: runner,
      bars: twsDailyBars(link),
      history: twsDailyHistory(link),
      settled: () => p.journal.idle(),
      pacer: options.clock === 'step' ? steppedPacer(sim.clock) : realtimePacer(sim.clock),
      marks: async (instruments) => {
        await renew();
        for (const i of instruments) await p.ensureMark(i);
      },
      close,
    };
  } catch (err) {
    await close().catch(() => {});
    throw err;
  }
}
