// Strategy runners in the bridge (docs/bridge.md §6) over real sockets: the built-in sample instances
// offered on the `strategies` topic, all stopped; arm starts one (acked once the armed set is on
// disk), it runs THE engine through the bridge's order path on the simulator's replay clock — a
// session later its signal, its order and its sleeve equity are on the topic; HALT shows it halted;
// a restart of the bridge keeps it armed and running; disarm stops it and cancels its working
// orders; an unknown id is refused UNKNOWN_STRATEGY.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyPatch, decodeStrategyRow, type AckMessage, type ServerMessage, type StrategyRow } from '../../shared/protocol/index.ts';
import { startBridge, type RunningBridge } from '../../bridge/server.ts';
import { TwsConnection } from '../../bridge/ib/tws-connection.ts';
import type { RunningSimulator } from '../../bridge/simulator/index.ts';
import { openOrderPath, type OrderPath } from '../../bridge/trading/order-path.ts';
import { openStrategyRunners } from '../../bridge/strategies/open-runners.ts';
import type { StrategyRunners } from '../../bridge/strategies/strategy-runner.ts';
import { welcomedClient, type AppClient } from '../support/app-protocol-harness.ts';
import { startTestSimulator } from '../support/ib-simulator.ts';
import { guardOf } from '../support/order-path-harness.ts';

const root = resolve(import.meta.dirname, '..', '..');
const isAck = (id: string) => (m: ServerMessage) => m.type === 'ack' && m.id === id;

interface Running {
  path: OrderPath;
  runners: StrategyRunners;
  bridge: RunningBridge;
  client: AppClient;
  /** The topic's state as the client has applied it. */
  state: Record<string, unknown>;
}

describe('strategy runners: arm, run, halt, restart, disarm', () => {
  let sim: RunningSimulator;
  let stateDir: string;
  let b: Running;

  const open = async (): Promise<Running> => {
    const path = await openOrderPath({
      stateDir,
      config: { guard: guardOf({ intent_max_age_seconds: 30 }) },
      connect: (orderIds) => new TwsConnection({ host: '127.0.0.1', port: sim.port, clientId: 41, orderIds, maxReqPerSec: 50, backoff: { initialMs: 50, maxMs: 400 }, random: () => 0 }),
      log: () => {},
    });
    const { runners } = await openStrategyRunners({ root, path, clock: sim.clock, log: () => {} });
    const bridge = await startBridge({ host: '127.0.0.1', port: 0, staticDir: stateDir, serverVersion: '0.0.0-test', broker: 'simulator', log: () => {}, appProtocol: { tws: path.tws, orders: path, strategies: runners } });
    runners.resume();
    await path.tws.whenReady(5000);
    const client = await welcomedClient(`ws://127.0.0.1:${bridge.port}/ws`, 'strategies');
    const state: Record<string, unknown> = {};
    client.raw.ws.on('message', (d) => {
      const m = JSON.parse(d.toString()) as ServerMessage;
      if ((m.type === 'snapshot' || m.type === 'delta') && m.topic === 'strategies') {
        if (m.type === 'snapshot') for (const k of Object.keys(state)) delete state[k];
        applyPatch(state, m.data);
      }
    });
    client.send({ type: 'subscribe', id: 'sub', subscriptions: [{ topic: 'strategies' }] });
    await client.wait(isAck('sub'));
    return { path, runners, bridge, client, state };
  };
  const close = async (r: Running) => {
    r.client.close();
    await r.runners.close();
    await r.bridge.close();
    await r.path.close();
  };
  const row = (id: string): StrategyRow | undefined => {
    const v = b.state[`instance:${id}`];
    return v === undefined ? undefined : decodeStrategyRow(v, `instance:${id}`);
  };
  const until = async (what: string, pred: () => boolean, timeoutMs = 20_000) => {
    const t0 = Date.now();
    while (!pred()) {
      if (Date.now() - t0 > timeoutMs) throw new Error(`timed out waiting for ${what}; topic: ${JSON.stringify(b.state).slice(0, 1500)}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  };
  const command = async (kind: string, strategyId: string): Promise<AckMessage> => {
    const commandId = `${kind}-${strategyId}-${Date.now()}`;
    const at = b.client.log.length;
    b.client.send({ type: 'command', commandId, kind, strategyId });
    return b.client.wait<AckMessage>(isAck(commandId), 10_000, at);
  };

  beforeAll(async () => {
    // The replay at 3,000× from 15:40 on 2012-01-03: a session's close comes within a second, a whole session in ~8 s.
    sim = await startTestSimulator({ clock: 'realtime', speed: 3000, tickIntervalMs: 25, start: '2012-01-03T15:40' });
    stateDir = await mkdtemp(join(tmpdir(), 'mt-strategies-'));
    await writeFile(join(stateDir, 'index.html'), '<!doctype html><title>t</title>');
    b = await open();
  }, 30_000);
  afterAll(async () => {
    if (b) await close(b);
    await sim?.close();
    if (stateDir) await rm(stateDir, { recursive: true, force: true });
  });

  it('offers the sample instances, all stopped; an unknown id is refused and nothing is written', async () => {
    await until('the rows', () => row('tlt_hold') !== undefined);
    expect(b.state.runner).toEqual({ source: 'sample', targets: { from: 'sleeves', weights: { QQQ: 0.4, SPY: 0.4, TLT: 0.2 } } });
    for (const id of ['qqq_trend', 'spy_rsi', 'tlt_hold']) expect(row(id)).toMatchObject({ id, state: 'stopped', armed: false, openOrders: 0 });
    expect(row('tlt_hold')).toMatchObject({ strategy: 'buy_and_hold', symbols: ['TLT'], allocation: 0.2, capital: 20_000 });
    const ack = await command('arm', 'no_such_thing');
    expect(ack).toMatchObject({ ok: false, code: 'UNKNOWN_STRATEGY' });
    expect(ack.message).toContain('no_such_thing is not a configured strategy instance (configured: qqq_trend, spy_rsi, tlt_hold)');
    await expect(readFile(join(stateDir, 'armed-strategies.json'), 'utf8')).rejects.toThrow(/ENOENT/);
  });

  it('arm: acked once on disk; the instance runs, and after a session its signal, order and sleeve equity show', async () => {
    const ack = await command('arm', 'tlt_hold');
    expect(ack, JSON.stringify(ack)).toMatchObject({ ok: true });
    expect(JSON.parse(await readFile(join(stateDir, 'armed-strategies.json'), 'utf8'))).toEqual({ armed: ['tlt_hold'] });
    await until('tlt_hold running', () => row('tlt_hold')?.state === 'running');
    expect(row('tlt_hold')!.armed).toBe(true);
    // Buy and hold decides at its first close (a buy); the order goes out at the next open and fills.
    await until('a signal', () => (row('tlt_hold')?.signals.length ?? 0) > 0);
    expect(row('tlt_hold')!.signals[0]).toMatchObject({ symbol: 'TLT', side: 'buy' });
    expect(row('tlt_hold')!.trace.length).toBeGreaterThan(0);
    await until('a TLT position', () => (b.path.account.snapshot().positions.get('TLT') ?? 0) > 0, 30_000);
    await until('the sleeve equity', () => row('tlt_hold')?.equity !== undefined && row('tlt_hold')?.session !== undefined, 30_000);
    const r = row('tlt_hold')!;
    expect(r.equity! > 15_000 && r.equity! < 25_000, `equity ${r.equity}`).toBe(true);
    expect(r.pnl).toBeCloseTo(r.equity! - 20_000, 6);
    // Multi-timeframe agreement of its one symbol: the day and, as context, the week; the buy judged against each ready trend.
    expect(r.agreement?.map((a) => [a.symbol, a.timeframe, a.signal]), JSON.stringify(r.agreement)).toEqual([
      ['TLT', '1d', 'buy'],
      ['TLT', '1w', 'buy'],
    ]);
    for (const a of r.agreement!) expect(a.agrees).toBe(a.ready ? a.trend === 1 : undefined);
    // The order carried the instance's ref with the run's lease token.
    const refs = b.path.journal.entries.flatMap((e) => (e.kind === 'order-submitted' && e.orderRef.startsWith('tlt_hold#') ? [e.orderRef] : []));
    expect(refs.length).toBeGreaterThan(0);
    expect(refs[0]).toMatch(/^tlt_hold#\d+@\d+$/);
    // Its siblings never started.
    expect(row('spy_rsi')).toMatchObject({ state: 'stopped', armed: false });
  }, 60_000);

  it('a HALT shows the running instance as halted; resume shows it running again', async () => {
    await b.path.setTradingState('HALTED');
    await until('halted', () => row('tlt_hold')?.state === 'halted');
    expect(row('tlt_hold')!.reason).toContain('kill switch is HALTED');
    await b.path.setTradingState('ACTIVE');
    await until('running again', () => row('tlt_hold')?.state === 'running');
  });

  it('a restart of the bridge keeps the instance armed: it runs again after the first reconciliation', async () => {
    await close(b);
    b = await open();
    await until('tlt_hold running after the restart', () => row('tlt_hold')?.state === 'running' && row('tlt_hold')?.armed === true);
    expect(row('qqq_trend')).toMatchObject({ state: 'stopped', armed: false });
  }, 30_000);

  it('disarm: acked once on disk; the instance stops, its positions stay', async () => {
    const ack = await command('disarm', 'tlt_hold');
    expect(ack, JSON.stringify(ack)).toMatchObject({ ok: true });
    expect(JSON.parse(await readFile(join(stateDir, 'armed-strategies.json'), 'utf8'))).toEqual({ armed: [] });
    await until('stopped', () => row('tlt_hold')?.state === 'stopped');
    expect(row('tlt_hold')).toMatchObject({ armed: false, openOrders: 0 });
    expect(row('tlt_hold')!.reason).toContain('positions kept');
    expect((b.path.account.snapshot().positions.get('TLT') ?? 0) > 0).toBe(true);
  }, 30_000);
});
