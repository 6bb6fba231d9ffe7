// The IBKR broker in tests: a real TwsConnection (tests/support/tws-connection.ts), a journal and an
// intent index in a temporary state folder, the broker over them, and a listener that records every
// fill and status it reports. Stopped and removed when the test finishes.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { onTestFinished } from 'vitest';
import { IbkrBroker, type ReportedOrder } from '../../bridge/ib/ibkr-broker.ts';
import { IntentIndex } from '../../bridge/journal/intent-index.ts';
import { Journal } from '../../bridge/journal/journal.ts';
import type { RunningSimulator } from '../../bridge/simulator/index.ts';
import type { Fill } from '../../shared/domain/fill.ts';
import { stock } from '../../shared/domain/instrument.ts';
import type { OrderTicket } from '../../shared/domain/order.ts';
import { startTestConnection, type Recorded } from './tws-connection.ts';

const SPY = stock('SPY');

export interface Rig {
  readonly sim: RunningSimulator;
  readonly rec: Recorded;
  readonly journal: Journal;
  readonly broker: IbkrBroker;
  readonly fills: Fill[];
  readonly statuses: { id: number; status: string; filled: number; reason?: string }[];
  /** Every report in order: `fill <orderId>` and `<status> <orderId>`. */
  readonly events: string[];
  readonly problems: string[];
  /** Resolves when `pred` holds (checked on every listener event and every 20 ms). */
  until(pred: () => boolean, what: string, timeoutMs?: number): Promise<void>;
}

export async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'ibkr-broker-'));
  onTestFinished(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

/** A broker over a TwsConnection + journal + intent index in `stateDir`, connected to `sim`. */
export async function brokerRig(sim: RunningSimulator, stateDir?: string, clientId = 11): Promise<Rig> {
  const dir = stateDir ?? (await tempDir());
  const rec = await startTestConnection({ port: sim.port, stateDir: dir, clientId });
  const journal = await Journal.open(join(dir, 'journal.jsonl'));
  const intents = IntentIndex.from(journal.entries);
  const off = journal.onAppend((e) => intents.apply(e));
  const problems: string[] = [];
  const broker = new IbkrBroker({ conn: rec.conn, orderIds: rec.store, journal, intents, onProblem: (m) => problems.push(m), commissionWaitMs: 3000 });
  const fills: Fill[] = [];
  const statuses: Rig['statuses'] = [];
  const events: string[] = [];
  const waiters = new Set<() => void>();
  const poke = () => {
    for (const w of [...waiters]) w();
  };
  broker.listen({
    onFill: (f) => {
      fills.push(f);
      events.push(`fill ${f.orderId}`);
      poke();
    },
    onOrderStatus: (o: ReportedOrder) => {
      statuses.push({ id: o.id, status: o.status, filled: o.filled, reason: o.reason });
      events.push(`${o.status} ${o.id}`);
      poke();
    },
  });
  onTestFinished(async () => {
    off();
    await rec.conn.stop();
    await journal.close();
  });
  await broker.whenReady(5000);
  const until = (pred: () => boolean, what: string, timeoutMs = 5000) =>
    new Promise<void>((resolve, reject) => {
      if (pred()) return resolve();
      const check = () => {
        if (!pred()) return;
        clearTimeout(timer);
        clearInterval(poll);
        waiters.delete(check);
        resolve();
      };
      const poll = setInterval(check, 20); // field changes (openOrder) come without an event
      const timer = setTimeout(() => {
        clearInterval(poll);
        waiters.delete(check);
        reject(new Error(`timed out waiting for ${what}; statuses ${JSON.stringify(statuses)}; fills ${fills.length}; problems ${JSON.stringify(problems)}`));
      }, timeoutMs);
      waiters.add(check);
    });
  return { sim, rec, journal, broker, fills, statuses, events, problems, until };
}

export function ticket(side: 'BUY' | 'SELL', quantity: number, ref: string, extra: Partial<OrderTicket> = {}): OrderTicket {
  return { instrument: SPY, side, quantity, type: 'MKT', tif: 'DAY', ref, ...extra };
}

export function accepted(r: ReturnType<IbkrBroker['submit']>): ReportedOrder {
  if (!r.ok) throw new Error(`refused: ${r.reason}`);
  return r.order;
}

