// TWS simulator benchmarks with one real @stoqey/ib IBApi client over loopback:
// 1. order round trip: placeOrder → orderStatus Filled latency of 1,000 market orders (p50/p99,
//    goal p99 < 5 ms), each sent only after the previous one filled, as the client decodes it;
// 2. throughput: market data ticks streamed to one real @stoqey/ib IBApi client for 100
// simultaneous lines (5 stocks/ETFs, VIX and 94 options with greeks), counted as the client decodes
// them. The simulator and the client share one Node process and thread, as when the simulator is
// embedded in the bridge, so the figure is end to end: tick model + encoding + TCP loopback +
// stoqey's decoder. The replay clock is stepped one simulated second at a time as fast as the client
// keeps up (the server waits whenever more than 1 MiB is unread).
import { performance } from 'node:perf_hooks';
import { EventName, IBApi, IBApiTickType as T, OrderAction, OrderType, SecType, type Contract } from '@stoqey/ib';
import { startSimulator } from '../../bridge/simulator/index.ts';
import { fmt, table } from './measure.ts';

const GOAL_TICKS_PER_SEC = 50_000;
const LINES = 100;
const RUN_MS = 4000;
const STEP_MS = 1000;

/** tickPrice types for which stoqey also emits a tickSize (not BID: its `if (sizeTickType)` skips 0). */
const AUTO_SIZE = new Set([T.ASK, T.LAST, T.DELAYED_BID, T.DELAYED_ASK, T.DELAYED_LAST]);

const ORDERS = 1000;
const WARMUP_ORDERS = 100;
const GOAL_P99_MS = 5;

export async function benchSimulator(): Promise<string> {
  const orders = await benchOrderRoundTrip();
  const ticks = await benchTicks();
  return [orders, '', ticks].join('\n');
}

/** placeOrder → Filled latency: 1,000 one-share SPY market orders, alternately bought and sold. */
async function benchOrderRoundTrip(): Promise<string> {
  const sim = await startSimulator({ host: '127.0.0.1', port: 0, clock: 'step', start: '2012-01-03T10:00' });
  const api = new IBApi({ host: '127.0.0.1', port: sim.port, clientId: 1, maxReqPerSec: 10_000 });
  let errors = 0;
  api.on(EventName.error, () => errors++);
  const spy: Contract = { symbol: 'SPY', secType: SecType.STK, exchange: 'SMART', currency: 'USD' };
  const filled = new Map<number, () => void>();
  api.on(EventName.orderStatus, (id: number, status: string) => {
    if (status === 'Filled') filled.get(id)?.();
  });
  try {
    const firstId = await new Promise<number>((resolve) => {
      api.once(EventName.nextValidId, (id: number) => resolve(id));
      api.connect();
    });
    const latencies: number[] = [];
    for (let i = 0; i < WARMUP_ORDERS + ORDERS; i++) {
      // Each replay second shows at least 100 shares a side; move the clock (untimed) now and then.
      if (i % 50 === 0) sim.clock.advance(1000);
      const id = firstId + i;
      const done = new Promise<void>((resolve) => filled.set(id, resolve));
      const t0 = performance.now();
      api.placeOrder(id, spy, { action: i % 2 ? OrderAction.SELL : OrderAction.BUY, orderType: OrderType.MKT, totalQuantity: 1, tif: 'DAY', transmit: true });
      await done;
      const ms = performance.now() - t0;
      filled.delete(id);
      if (i >= WARMUP_ORDERS) latencies.push(ms);
    }
    latencies.sort((a, b) => a - b);
    const pct = (p: number) => latencies[Math.min(latencies.length - 1, Math.ceil((p / 100) * latencies.length) - 1)];
    const mean = latencies.reduce((a, b) => a + b, 0) / latencies.length;
    const p99 = pct(99);
    const rows = [
      ['p50', fmt(pct(50), 3)],
      ['p90', fmt(pct(90), 3)],
      ['p99', fmt(p99, 3)],
      ['max', fmt(latencies[latencies.length - 1], 3)],
      ['mean', fmt(mean, 3)],
    ];
    return [
      `Order round trip: ${ORDERS.toLocaleString('en-US')} one-share SPY market orders (after ${WARMUP_ORDERS} warm-up orders), each placed by a real IBApi client once the previous one ` +
        `reported Filled; time from placeOrder() to the decoded orderStatus(Filled) (openOrder, orderStatus, execDetails, openOrder, orderStatus and commissionReport per order), ` +
        `simulator and client in one Node process over loopback; ${errors} client errors. Goal: p99 < ${GOAL_P99_MS} ms — ${p99 < GOAL_P99_MS ? 'met' : 'NOT met'}.`,
      '',
      table(['percentile', 'ms'], rows),
    ].join('\n');
  } finally {
    api.disconnect();
    await sim.close();
  }
}

/** Ticks/s streamed to one client for 100 lines. */
async function benchTicks(): Promise<string> {
  const sim = await startSimulator({ host: '127.0.0.1', port: 0, clock: 'step', start: '2012-01-03T10:00', marketDataLines: LINES });
  const api = new IBApi({ host: '127.0.0.1', port: sim.port, clientId: 1, maxReqPerSec: 10_000 });
  const counts = { price: 0, size: 0, generic: 0, string: 0, option: 0, autoSize: 0, errors: 0 };
  api.on(EventName.tickPrice, (_id: number, type: number) => {
    counts.price++;
    if (AUTO_SIZE.has(type)) counts.autoSize++;
  });
  api.on(EventName.tickSize, () => counts.size++);
  api.on(EventName.tickGeneric, () => counts.generic++);
  api.on(EventName.tickString, () => counts.string++);
  api.on(EventName.tickOptionComputation, () => counts.option++);
  api.on(EventName.error, () => counts.errors++);
  const roundTrip = () =>
    new Promise<void>((resolve) => {
      api.once(EventName.currentTime, () => resolve());
      api.reqCurrentTime();
    });
  try {
    await new Promise<void>((resolve) => {
      api.once(EventName.nextValidId, () => resolve());
      api.connect();
    });
    const contracts = benchContracts(sim);
    contracts.forEach((c, i) => api.reqMktData(i + 1, c, '', false, false));
    await roundTrip();
    if (sim.state.linesInUse() !== LINES) throw new Error(`bench: ${sim.state.linesInUse()} lines open, expected ${LINES}`);

    const session = sim.state.byClientId.get(1)!;
    const total = () => counts.price + counts.size + counts.generic + counts.string + counts.option;
    const startTicks = total();
    const startAuto = counts.autoSize;
    let publishMs = 0;
    let steps = 0;
    const t0 = performance.now();
    while (performance.now() - t0 < RUN_MS) {
      const p0 = performance.now();
      sim.clock.advance(STEP_MS);
      publishMs += performance.now() - p0;
      steps++;
      // let the client read; never pile up more than 1 MiB unread
      do await new Promise((r) => setImmediate(r));
      while (session.backlog > 1024 * 1024);
    }
    await roundTrip(); // everything sent so far is decoded
    const seconds = (performance.now() - t0) / 1000;
    const events = total() - startTicks;
    const messages = events - (counts.autoSize - startAuto);
    const rows = [
      ['tick messages decoded (wire)', messages.toLocaleString('en-US'), fmt(messages / seconds / 1000), messages / seconds > GOAL_TICKS_PER_SEC ? 'yes' : 'NO'],
      ['tick events emitted by IBApi (incl. derived sizes)', events.toLocaleString('en-US'), fmt(events / seconds / 1000), events / seconds > GOAL_TICKS_PER_SEC ? 'yes' : 'NO'],
    ];
    return [
      `${LINES} streaming lines (SPY, QQQ, TLT, AAPL, GOOG, VIX and 94 options with greeks) to one IBApi client over loopback, ` +
        `${steps} clock steps of ${STEP_MS / 1000} s replay time in ${fmt(seconds)} s; server tick model + encoding ${fmt((publishMs / steps) * 1000 / LINES, 1)} µs per line per step; ` +
        `${counts.errors} client errors. Goal: > ${GOAL_TICKS_PER_SEC.toLocaleString('en-US')} ticks/s.`,
      '',
      table(['measure', 'ticks', 'k ticks/s', 'goal met'], rows),
    ].join('\n');
  } finally {
    api.disconnect();
    await sim.close();
  }
}

/** The 100 contracts: 5 stocks/ETFs, VIX, and options near the money of the next monthly expiries. */
function benchContracts(sim: Awaited<ReturnType<typeof startSimulator>>): Contract[] {
  const { catalogue } = sim.state;
  const now = sim.clock.now();
  const out: Contract[] = [];
  for (const s of catalogue.stocks) out.push({ symbol: s.symbol, secType: SecType.STK, exchange: 'SMART', currency: 'USD' });
  if (catalogue.vix) out.push({ symbol: 'VIX', secType: SecType.IND, exchange: 'CBOE', currency: 'USD' });
  const options: Contract[] = [];
  for (const s of catalogue.stocks) {
    const chain = catalogue.chain(s, now);
    if (!chain) continue;
    const monthlies = chain.expiries.filter((e) => e.kind === 'monthly').slice(0, 2);
    for (const e of monthlies) {
      const atm = [...e.strikes].sort((a, b) => Math.abs(a - chain.reference) - Math.abs(b - chain.reference)).slice(0, 6);
      for (const k of atm) for (const right of ['C', 'P']) options.push({ conId: catalogue.option(s, e.date, k, right as 'C' | 'P')!.conId, exchange: 'SMART' });
    }
  }
  return [...out, ...options].slice(0, LINES);
}

// `npx tsx tests/bench/simulator.ts` runs it alone.
if (import.meta.url === `file://${process.argv[1]}`) {
  benchSimulator().then((md) => console.log(md));
}
