// MoneyTrailz's embedded TWS API simulator: connection, reference data, market data, historical and
// real-time bars, option chains and greeks, fault injection, and a paper broker (orders matched
// against the replayed quotes, account, option expiry, persisted state). It speaks the real TWS
// socket protocol at server version 193 (docs/ib-protocol.md), so
// the unmodified @stoqey/ib client connects to it. `startSimulator()` is the one entry point.

import { fileURLToPath } from 'node:url';
import type { EventEmitter } from 'node:events';
import { ReplaySessions, SESSION_OPEN_MIN } from './market/replay-sessions.ts';
import { Catalogue } from './market/catalogue.ts';
import { QuoteModel } from './market/quotes.ts';
import { ReplayClock, type ClockMode } from './market/replay-clock.ts';
import { loadSampleData } from './market/sample-data.ts';
import { easternToUtc } from '../../shared/time/us-eastern.ts';
import { connectionModule } from './handlers/connection.ts';
import { referenceDataModule } from './handlers/reference-data.ts';
import { marketDataModule } from './handlers/market-data.ts';
import { historicalDataModule } from './handlers/historical-data.ts';
import { realTimeBarsModule } from './handlers/real-time-bars.ts';
import { historicalTicksModule } from './handlers/historical-ticks.ts';
import { unsupportedModule } from './handlers/unsupported.ts';
import { servicesModule } from './handlers/services.ts';
import { scannerModule } from './handlers/scanner.ts';
import { optionCalcModule } from './handlers/option-calc.ts';
import { tickByTickModule } from './handlers/tick-by-tick.ts';
import { accountModule } from './account/account-module.ts';
import { accountMultiModule } from './account/account-multi-module.ts';
import { catchUpSessions } from './orders/lifecycle.ts';
import { ordersModule } from './orders/orders-module.ts';
import { PaperBroker, type CommissionSchedule, type TradingPermission } from './orders/paper-broker.ts';
import { SimulatorFaults, defaultFaultSwitches } from './server/faults.ts';
import type { SimulatorModule } from './server/module.ts';
import { OrderIdBook } from './server/order-ids.ts';
import { SimulatorServer } from './server/server.ts';
import { SimulatorState, type SimulatorEvents } from './server/state.ts';
import { SERVER_VERSION } from './wire/message-ids.ts';

export type { SimulatorModule, RequestContext, RequestHandler } from './server/module.ts';
export type { SimulatorState, SimulatorEvents, FaultSwitches } from './server/state.ts';
export type { Session } from './server/session.ts';
export type { ReplayClock, ClockMode } from './market/replay-clock.ts';
export type { SimulatorFaults, NightlyRestartOptions } from './server/faults.ts';
export { SERVER_VERSION } from './wire/message-ids.ts';
export type { PaperBroker, PaperBrokerOptions, CommissionSchedule, TradingPermission } from './orders/paper-broker.ts';
export type { AccountValues } from '../../shared/portfolio/account-values.ts';
export type { PaperOrder } from './orders/paper-order.ts';
export type { OrderStatus } from '../../shared/domain/order.ts';

/** Where the sample bars live by default: the repository's data/samples. */
export const DEFAULT_DATA_DIR = fileURLToPath(new URL('../../data/samples/', import.meta.url));
/** Default replay start: the first 2012 session, when every daily sample (SPY, QQQ, TLT, AAPL, GOOG) has data. */
export const DEFAULT_START = '2012-01-03';
export const DEFAULT_PORT = 7497;

export interface SimulatorOptions {
  /** Interface to listen on (default 127.0.0.1: private to this machine). */
  readonly host?: string;
  /** TCP port (default 7497, TWS paper's; 0 picks a free one). */
  readonly port?: number;
  /** Folder of `<SYMBOL>_1d.csv` / `<SYMBOL>_1m.csv` files (default data/samples). */
  readonly dataDir?: string;
  /**
   * Replay start: `YYYY-MM-DD` (that session's 09:30 US/Eastern, or the next session), an Eastern wall
   * time `YYYY-MM-DDTHH:MM[:SS]`, an ISO instant with offset, or epoch ms. Default 2012-01-03.
   */
  readonly start?: string | number;
  /** 'realtime' (default; a timer moves the clock) or 'step' (only clock.advance() moves it: tests). */
  readonly clock?: ClockMode;
  /** Replay speed in realtime mode: 1 = real time (default), 60 = a minute per second. */
  readonly speed?: number;
  /** Realtime mode: real ms between clock moves / feed publishes (default 250). */
  readonly tickIntervalMs?: number;
  /** Skip nights, weekends and holidays (default true). */
  readonly skipClosed?: boolean;
  /** Managed accounts announced on connect (default ['DU1234567']). */
  readonly accounts?: readonly string[];
  /** First nextValidId of a client id never seen before (default 1). */
  readonly nextValidId?: number;
  /** Simultaneous streaming market data lines (default 100, TWS's; more → error 101). */
  readonly marketDataLines?: number;
  /**
   * IBKR's historical pacing rules per client (identical request within 15 s, 6 for one contract in
   * 2 s, 60 in 10 minutes → 162 pacing violation; server/historical-pacing.ts). Default false: tests
   * make many requests; the 50-open-requests limit and fair scheduling apply either way.
   */
  readonly historicalPacing?: boolean;
  /** Simultaneous API clients (default 32, TWS's). */
  readonly maxClients?: number;
  /** Close a connection that has not completed the handshake after this many ms (default 10 000). */
  readonly handshakeTimeoutMs?: number;
  /**
   * Folder for the paper broker's state (positions, cash, open orders, the day's executions, order
   * ids), one JSON file written atomically; a restarted simulator continues from it, its replay clock
   * included (at the later of `start` and the saved instant). None = memory only.
   */
  readonly stateDir?: string;
  /** Starting cash of each managed account, USD (default 1,000,000). Ignored when state is restored. */
  readonly initialCash?: number;
  /** IBKR Pro commission schedule of paper fills: 'tiered' (default), 'fixed' or 'none'. */
  readonly commissions?: CommissionSchedule;
  /** Security types the accounts may trade (default ['STK', 'OPT', 'BAG']); others are rejected with 201. */
  readonly permissions?: readonly TradingPermission[];
  /** Extra modules; their handlers replace the built-in ones per message id. */
  readonly modules?: readonly SimulatorModule[];
  /** Log sink (default: none). */
  readonly log?: (line: string) => void;
}

export interface ConnectedClient {
  readonly clientId: number;
  readonly remote: string;
  readonly marketDataLines: number;
  readonly historicalSubscriptions: number;
  readonly realTimeBarSubscriptions: number;
  readonly marketDataType: number;
}

export interface RunningSimulator {
  readonly host: string;
  /** The bound port (resolved when 0 was asked). */
  readonly port: number;
  /** Always 193. */
  readonly serverVersion: number;
  /** The replay clock: now(), advance(ms), advanceTo(t), setSpeed(), pause()/resume(), onDateChange()… */
  readonly clock: ReplayClock;
  /** Fault injection switches and actions. */
  readonly faults: SimulatorFaults;
  /** The server state (catalogue, quotes, order ids, sessions) for modules and diagnostics. */
  readonly state: SimulatorState;
  /** The paper broker: accounts (ledgers, values()), order book, executions; save() writes the state now. */
  readonly broker: PaperBroker;
  /** session-open / session-ready / session-closed / request / request-error / log. */
  readonly events: EventEmitter<SimulatorEvents>;
  /** Clients that completed the handshake. */
  clients(): ConnectedClient[];
  /** Closes every connection, stops the clock and the listener. */
  close(): Promise<void>;
}

/** The built-in market-data modules, in handler-precedence order (later wins); the paper broker's follow. */
export const PHASE1_MODULES: readonly SimulatorModule[] = [
  unsupportedModule,
  connectionModule,
  referenceDataModule,
  marketDataModule,
  historicalDataModule,
  realTimeBarsModule,
  servicesModule,
  scannerModule,
  optionCalcModule,
  tickByTickModule,
  historicalTicksModule,
];

/** Parses the `start` option into an instant. */
export function parseStart(start: string | number): number {
  if (typeof start === 'number') return start;
  const date = /^(\d{4})-(\d{2})-(\d{2})$/.exec(start);
  if (date) return easternToUtc(Number(date[1]) * 10_000 + Number(date[2]) * 100 + Number(date[3]), SESSION_OPEN_MIN);
  const wall = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/.exec(start);
  if (wall) {
    const [, y, mo, d, h, mi, s] = wall;
    return easternToUtc(Number(y) * 10_000 + Number(mo) * 100 + Number(d), Number(h) * 60 + Number(mi)) + Number(s ?? 0) * 1000;
  }
  const t = Date.parse(start);
  if (Number.isNaN(t)) throw new Error(`simulator start '${start}': expected YYYY-MM-DD, YYYY-MM-DDTHH:MM[:SS] (US/Eastern), an ISO instant or epoch ms`);
  return t;
}

/** Starts the simulator and resolves once it listens. */
export async function startSimulator(options: SimulatorOptions = {}): Promise<RunningSimulator> {
  const data = loadSampleData(options.dataDir ?? DEFAULT_DATA_DIR);
  const dates: number[] = [];
  for (const s of data.symbols.values()) for (const d of s.daily.date) dates.push(d);
  const calendar = new ReplaySessions(dates);
  const catalogue = new Catalogue(data, calendar);
  const broker = new PaperBroker({ initialCash: options.initialCash, commissions: options.commissions, permissions: options.permissions, stateDir: options.stateDir });
  const savedClock = broker.load();
  const clock = new ReplayClock(calendar, {
    start: Math.max(parseStart(options.start ?? DEFAULT_START), savedClock ?? -Infinity),
    mode: options.clock ?? 'realtime',
    speed: options.speed ?? 1,
    tickIntervalMs: options.tickIntervalMs ?? 250,
    skipClosed: options.skipClosed ?? true,
  });
  const marketDataLines = options.marketDataLines ?? 100;
  const modules = [...PHASE1_MODULES, ordersModule(broker), accountModule(broker), accountMultiModule(broker), ...(options.modules ?? [])];
  const log = options.log ?? (() => undefined);
  const state = new SimulatorState({
    accounts: options.accounts ?? ['DU1234567'],
    catalogue,
    quotes: new QuoteModel(),
    clock,
    orderIds: new OrderIdBook(options.nextValidId ?? 1),
    faults: defaultFaultSwitches(marketDataLines),
    modules,
    maxClients: options.maxClients ?? 32,
    log,
    historicalPacing: options.historicalPacing ?? false,
  });
  broker.attach(state);
  catchUpSessions(broker);
  const server = new SimulatorServer(state, options.handshakeTimeoutMs ?? 10_000);
  const host = options.host ?? '127.0.0.1';
  const port = await server.listen(host, options.port ?? DEFAULT_PORT);
  const faults = new SimulatorFaults(server, marketDataLines);
  clock.onDateChange((date, prevDate) => {
    for (const m of modules) m.onDateChange?.(state, date, prevDate);
  });
  clock.onAdvance((now, prev) => server.publish(now, prev));
  clock.start();
  let closed = false;
  return {
    host,
    port,
    serverVersion: SERVER_VERSION,
    clock,
    faults,
    state,
    broker,
    events: state.events,
    clients: () =>
      [...state.byClientId.values()].map((s) => ({
        clientId: s.clientId,
        remote: s.remote,
        marketDataLines: s.lines.size,
        historicalSubscriptions: s.historical.size,
        realTimeBarSubscriptions: s.realTimeBars.size,
        marketDataType: s.marketDataType,
      })),
    close: async () => {
      if (closed) return;
      closed = true;
      clock.stop();
      await server.close();
      await broker.close();
    },
  };
}

