// A live strategy run warms up from TWS's history (docs/bridge.md §6) over real sockets: an instance
// whose indicator needs 50 sessions (RSI(50), which answers "buy" whenever it exists) decides at the
// FIRST session after arm, and an SMA 10/50 cross says it warmed up; when TWS refuses the history
// (a pacing violation) the row says so and the run decides nothing on its first session (the
// indicators warm up live, never partial). Arm/disarm cycles leave the order path's broker with as
// many listeners as before.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StrategyRow } from '../../shared/protocol/index.ts';
import { ready } from '../../shared/indicators/index.ts';
import { MS_PER_DAY, daysFromYyyymmdd } from '../../shared/data/iso-time.ts';
import { TwsConnection } from '../../bridge/ib/tws-connection.ts';
import type { RunningSimulator } from '../../bridge/simulator/index.ts';
import { openOrderPath, type OrderPath } from '../../bridge/trading/order-path.ts';
import { openStrategyRunners } from '../../bridge/strategies/open-runners.ts';
import type { StrategyRunners } from '../../bridge/strategies/strategy-runner.ts';
import { startTestSimulator } from '../support/ib-simulator.ts';
import { guardOf } from '../support/order-path-harness.ts';
import { ROOT } from '../support/source-rules.ts';

const sample = (s: string) => join(ROOT, 'data/samples', `${s}_1d.csv`);

const CONFIG = `[data.SPY]
csv = "${sample('SPY')}"
[data.QQQ]
csv = "${sample('QQQ')}"
[backtesting]
initial_capital = 100000.0
[backtesting.execution]
commission = 0.0
fill = "next_open"
size_fraction = 10
[strategies.spy_dip]
strategy = "rsi_reversion"
symbols = ["SPY"]
allocation = 0.5
period = 50
buy_below = 99
sell_above = 99.5
[strategies.qqq_slow]
strategy = "sma_cross"
symbols = ["QQQ"]
allocation = 0.5
fast = 10
slow = 50
direction = "long_only"
`;

describe('strategy runners warm up from history', () => {
  let sim: RunningSimulator;
  let dir: string;
  let path: OrderPath;
  let runners: StrategyRunners;
  let listeners0: number;

  const row = (id: string) => runners.state()[`instance:${id}`] as StrategyRow;
  const until = async (what: string, pred: () => boolean, timeoutMs = 20_000) => {
    const t0 = Date.now();
    while (!pred()) {
      if (Date.now() - t0 > timeoutMs) throw new Error(`timed out waiting for ${what}; rows: ${JSON.stringify(runners.state()).slice(0, 2000)}`);
      await new Promise((r) => setTimeout(r, 25));
    }
  };
  /** The first session's time (epoch ms) from the row's reason ("from the session of YYYY-MM-DD"). */
  const firstSession = (r: StrategyRow) => {
    const m = /from the session of (\d{4})-(\d{2})-(\d{2})/.exec(r.reason ?? '');
    if (!m) throw new Error(`no first session in ${JSON.stringify(r.reason)}`);
    return daysFromYyyymmdd(Number(m[1] + m[2] + m[3])) * MS_PER_DAY;
  };
  const warmed = (id: string) => row(id).trace.some((t) => t.code === 'WARMED_UP' || t.code === 'WARMING_UP_LIVE');

  beforeAll(async () => {
    await ready();
    // 3,000× from 2012-06-01 15:40: years of history before it; a session's close within a second.
    sim = await startTestSimulator({ clock: 'realtime', speed: 3000, tickIntervalMs: 25, start: '2012-06-01T15:40' });
    dir = await mkdtemp(join(tmpdir(), 'mt-warm-up-'));
    await writeFile(join(dir, 'config.toml'), CONFIG);
    path = await openOrderPath({
      stateDir: dir,
      config: { guard: guardOf({ intent_max_age_seconds: 30 }) },
      connect: (orderIds) => new TwsConnection({ host: '127.0.0.1', port: sim.port, clientId: 43, orderIds, maxReqPerSec: 50, backoff: { initialMs: 50, maxMs: 400 }, random: () => 0 }),
      log: () => {},
    });
    ({ runners } = await openStrategyRunners({ root: ROOT, configPath: join(dir, 'config.toml'), path, clock: sim.clock, log: () => {} }));
    await path.tws.whenReady(5000);
    listeners0 = path.rawBroker.listenerCount;
  }, 30_000);
  afterAll(async () => {
    await runners?.close();
    await path?.close();
    await sim?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('an RSI(50) instance decides at its first live session; an SMA 10/50 cross is warmed up from the start', async () => {
    expect((await runners.arm('spy_dip')).ok).toBe(true);
    expect((await runners.arm('qqq_slow')).ok).toBe(true);
    await until('both warmed up', () => warmed('spy_dip') && warmed('qqq_slow'));
    for (const id of ['spy_dip', 'qqq_slow']) {
      const r = row(id);
      expect(r.state).toBe('running');
      expect(r.reason).toMatch(/warmed up on \d+ sessions of TWS history: it decides from the first session/);
      expect(r.trace[0]).toMatchObject({ code: 'WARMED_UP', time: firstSession(r) });
      expect(Number(/warmed up on (\d+)/.exec(r.reason!)![1])).toBeGreaterThanOrEqual(50);
    }
    // The multi-timeframe agreement is there from the warm-up: the day and, as context for the one
    // timeframe it lists, the week — both ready on the history TWS gave (asked for enough weeks).
    const q = row('qqq_slow');
    expect(q.agreement?.map((a) => [a.symbol, a.timeframe, a.ready])).toEqual([
      ['QQQ', '1d', true],
      ['QQQ', '1w', true],
    ]);
    expect(q.agreement![1].text).toMatch(/^1w trend (up|down|none): close [\d.]+ [<>=] SMA\(20\) [\d.]+ \(week of \d{4}-\d{2}-\d{2}\)$/);
    // Two runs, two listeners each (the engine's and the driver's) on the order path's broker.
    expect(path.rawBroker.listenerCount).toBe(listeners0 + 4);
    await until('a signal of spy_dip', () => row('spy_dip').signals.length > 0);
    const r = row('spy_dip');
    expect(r.signals[0]).toMatchObject({ symbol: 'SPY', side: 'buy', time: firstSession(r) });
    // After a step the agreement is on the session just stepped and judges the latest buy against each trend.
    const last = r.signals[r.signals.length - 1];
    const day = r.agreement!.find((a) => a.timeframe === '1d')!;
    const s = String(r.session);
    expect(day).toMatchObject({ symbol: 'SPY', ready: true, signal: 'buy', signalTime: last.time });
    expect(day.text).toContain(`(day of ${s.slice(0, 4)}-${s.slice(4, 6)}-${s.slice(6, 8)})`);
    for (const a of r.agreement!) expect(a.agrees).toBe(a.trend === 1);
    for (const id of ['spy_dip', 'qqq_slow']) expect((await runners.disarm(id)).ok).toBe(true);
    expect(path.rawBroker.listenerCount).toBe(listeners0);
  }, 60_000);

  it('when TWS refuses the history the row says so and nothing is decided on partial indicators', async () => {
    sim.faults.historicalPacingViolation(1);
    expect((await runners.arm('spy_dip')).ok).toBe(true);
    await until('the warm-up sentence', () => warmed('spy_dip'));
    const r = row('spy_dip');
    expect(r.reason).toMatch(/TWS gave no daily history before it \(SPY: .+\): the indicators warm up on the live sessions/);
    expect(r.trace[0]).toMatchObject({ code: 'WARMING_UP_LIVE', symbol: 'SPY' });
    // Its first session ends without a decision: RSI(50) does not exist on one session.
    await until('the first session stepped', () => row('spy_dip').session !== undefined);
    expect(row('spy_dip').signals).toEqual([]);
    // Nor are the trends: a session or two is not enough bars, and the row says so.
    const agreement = row('spy_dip').agreement!;
    expect(agreement.map((a) => [a.symbol, a.timeframe, a.trend, a.ready])).toEqual([
      ['SPY', '1d', 0, false],
      ['SPY', '1w', 0, false],
    ]);
    expect(agreement[0].text).toMatch(/^not enough bars for the 1d trend yet: SMA\(20\) needs 20 completed 1d bars, [12] so far$/);
    expect(agreement[1].text).toMatch(/^not enough bars for the 1w trend yet: (no 1w bar has completed|SMA\(20\) needs 20 completed 1w bars, 1 so far)$/);
    expect((await runners.disarm('spy_dip')).ok).toBe(true);
  }, 60_000);

  it('arm/disarm cycles leave the order path broker with as many listeners as before', async () => {
    for (let n = 0; n < 4; n++) {
      expect((await runners.arm('qqq_slow')).ok).toBe(true);
      await until(`run ${n + 1} warmed up`, () => warmed('qqq_slow'));
      expect(path.rawBroker.listenerCount).toBe(listeners0 + 2);
      expect((await runners.disarm('qqq_slow')).ok).toBe(true);
      expect(row('qqq_slow').state).toBe('stopped');
      expect(path.rawBroker.listenerCount).toBe(listeners0);
    }
  }, 60_000);
});
