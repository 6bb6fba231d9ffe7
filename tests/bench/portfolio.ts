// The portfolio engine at scale (docs/trading-model.md §9–§12), on real data:
// 1. 100 symbols × 10 years of daily bars with 100 strategy instances in one runPortfolioBacktest
//    (goal < 1 s, indicators included; the MarketData build is reported beside it);
// 2. the heap a 50-instance run adds (goal < 100 MB), measured with forced GCs in a child process
//    started with --expose-gc (portfolio-heap.ts) unless this process already has global.gc;
// 3. one mark of an account with 1,000 open positions (goal < 1 ms): netLiquidation with a Marks
//    that looks prices up in a Float64Array by a precomputed index, as the engine does, and
//    accountValues with Reg-T margin for the same account.
// The data: the bundled daily files (SPY, QQQ, TLT, AAPL, GOOG) made into 100 symbols S000…S099.
// Symbol i copies file i mod 5: a 2,520-bar window of it (the whole file for AAPL, 2,453 bars, and
// GOOG, 2,148), each copy of one file a different window (shifted back by an equal stride), prices ×
// (0.5 + i/100), stamped onto the last dates of one 2,520-day timeline (SPY's last ten years,
// 2005-03 … 2015-03), so every symbol trades on the same steps (AAPL's and GOOG's copies start later).
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { BarSeries } from '../../shared/data/bar-series.ts';
import { readBarsCsv } from '../../shared/data/read-bars-csv.ts';
import { instrumentKey, option, stock, type HoldableInstrument, type StockInstrument } from '../../shared/domain/instrument.ts';
import { runPortfolioBacktest } from '../../shared/engine/backtest.ts';
import type { EngineSettings } from '../../shared/engine/engine.ts';
import { MarketData } from '../../shared/engine/market-data.ts';
import type { SleeveSpec } from '../../shared/engine/sleeve.ts';
import { ready } from '../../shared/indicators/index.ts';
import { accountValues, netLiquidation, type Marks } from '../../shared/portfolio/account-values.ts';
import { Ledger } from '../../shared/portfolio/ledger.ts';
import { REG_T } from '../../shared/portfolio/margin.ts';
import { createStrategy } from '../../shared/strategies/registry.ts';
import { ROOT } from '../support/source-rules.ts';
import { fmt, measure, table } from './measure.ts';

const FILES = ['SPY', 'QQQ', 'TLT', 'AAPL', 'GOOG'] as const;
const STRATEGIES = ['sma_cross', 'rsi_reversion', 'bollinger_reversion'] as const;
/** Ten years of trading days. */
const STEPS = 2520;
const SYMBOLS = 100;
const HEAP_INSTANCES = 50;
const POSITIONS = 1000;
const OPTION_POSITIONS = 200;

const GOAL_RUN_S = 1;
const GOAL_HEAP_MB = 100;
const GOAL_MARK_MS = 1;

const mark = (ok: boolean) => (ok ? '✓' : '✗');

/** `count` symbols S000… built from the bundled daily files as the header says. */
export function portfolioSeries(count = SYMBOLS): BarSeries[] {
  const sources = FILES.map((s) => readBarsCsv(readFileSync(join(ROOT, `data/samples/${s}_1d.csv`), 'utf8'), `${s}_1d.csv`, { symbol: s }));
  const spy = sources[0];
  const timeline = spy.time.subarray(spy.length - STEPS);
  const copies = Math.ceil(SYMBOLS / FILES.length);
  const out: BarSeries[] = [];
  for (let i = 0; i < count; i++) {
    const src = sources[i % FILES.length];
    const copy = Math.floor(i / FILES.length);
    const n = Math.min(STEPS, src.length);
    const stride = Math.floor((src.length - n) / (copies - 1));
    const to = src.length - copy * stride;
    const from = to - n;
    const factor = 0.5 + i / 100;
    const time = timeline.slice(STEPS - n);
    const end = new Float64Array(n);
    const scaled = (a: Float64Array) => a.slice(from, to).map((v) => v * factor);
    for (let j = 0; j < n; j++) end[j] = time[j] + (src.end[from + j] - src.time[from + j]);
    out.push({
      symbol: `S${String(i).padStart(3, '0')}`,
      timeframe: '1d',
      length: n,
      time,
      end,
      open: scaled(src.open),
      high: scaled(src.high),
      low: scaled(src.low),
      close: scaled(src.close),
      volume: src.volume.slice(from, to),
    });
  }
  return out;
}

/** One instance per symbol, cycling sma_cross, rsi_reversion, bollinger_reversion (default parameters), 1 % of the capital each. */
export function portfolioSleeves(symbols: readonly string[]): SleeveSpec[] {
  return symbols.map((symbol, i) => {
    const name = STRATEGIES[i % STRATEGIES.length];
    return {
      id: `${name}_${symbol}`,
      strategy: name,
      symbols: [symbol],
      timeframes: ['1d'],
      allocation: 0.01,
      priority: 0,
      minConfidence: 0,
      allowShort: true,
      create: (s: readonly string[]) => createStrategy(name, {}, s),
    };
  });
}

export const PORTFOLIO_SETTINGS: EngineSettings = {
  initialCash: 1_000_000,
  sizeFraction: 1 - 2 ** -52,
  fill: 'next_open',
  finalizeTrades: true,
  costs: { commission: { kind: 'ibkr_tiered' }, spread: 0, slippage: 0, marketImpact: 0 },
  risk: {},
  allowShort: true,
};

export interface HeapReport {
  readonly instances: number;
  readonly steps: number;
  readonly fills: number;
  /** Bytes added over the GC'd baseline. */
  readonly peakHeap: number;
  readonly retainedHeap: number;
  /** heapUsed + external (typed-array backing stores and wasm memory live outside heapUsed). */
  readonly peakTotal: number;
  readonly retainedTotal: number;
  readonly samples: number;
}

export async function benchPortfolio(): Promise<string> {
  await ready();
  return [await benchRun(), '', await benchHeap(), '', benchMarks()].join('\n');
}

// ---- 1. 100 symbols × 100 instances ------------------------------------------------------------

async function benchRun(): Promise<string> {
  const series = portfolioSeries();
  const sleeves = portfolioSleeves(series.map((s) => s.symbol));
  // Indicators are cached in the MarketData's frames: every timed run gets a fresh one, built untimed.
  const build = measure(() => new MarketData(series), { warmup: 3, minRuns: 10, minMs: 300 });
  const times: number[] = [];
  let steps = 0;
  let fills = 0;
  let trades = 0;
  const RUNS = 5;
  for (let r = 0; r <= RUNS; r++) {
    const market = new MarketData(series);
    const t0 = performance.now();
    const run = runPortfolioBacktest({ market, sleeves, settings: PORTFOLIO_SETTINGS });
    const ms = performance.now() - t0;
    if (r > 0) times.push(ms); // the first run warms the JIT up
    steps = run.timeline.length;
    fills = run.orders.length;
    trades = run.sleeves.reduce((n, s) => n + s.trades.length, 0);
  }
  times.sort((a, b) => a - b);
  const median = times[Math.floor(times.length / 2)];
  const perUnit = (median * 1000) / (steps * sleeves.length);
  return [
    `100 symbols × 10 years of daily bars with 100 strategy instances on one account (one per symbol: sma_cross, rsi_reversion, bollinger_reversion in turn, default parameters, 1 % of $1,000,000 each, all-in sizing, shorts allowed, next-open fills, IBKR tiered commissions, finalize on). Wall time of \`runPortfolioBacktest\`, indicators included (a fresh \`MarketData\` per run), median of ${RUNS} runs after one warm-up. Data: the bundled SPY, QQQ, TLT, AAPL and GOOG daily bars made into 100 symbols S000…S099 — each a copy of one file (a different 10-year window per copy; AAPL's and GOOG's whole files, 2,453 and 2,148 bars), prices scaled by 0.5 + i/100 so no two are identical, restamped onto one ${STEPS.toLocaleString('en-US')}-day timeline.`,
    '',
    table(
      ['run', 'wall time', 'goal', 'steps', 'fills', 'µs per step × instance'],
      [
        [`runPortfolioBacktest, ${sleeves.length} instances × ${series.length} symbols (${trades.toLocaleString('en-US')} round trips)`, `${(median / 1000).toFixed(3)} s`, `< ${GOAL_RUN_S} s ${mark(median < GOAL_RUN_S * 1000)}`, steps.toLocaleString('en-US'), fills.toLocaleString('en-US'), fmt(perUnit, 3)],
        [`new MarketData(${series.length} series), before the run`, `${fmt(build.medianMs)} ms`, '–', steps.toLocaleString('en-US'), '–', '–'],
      ],
    ),
  ].join('\n');
}

// ---- 2. Heap of a 50-instance run ----------------------------------------------------------------

async function benchHeap(): Promise<string> {
  let report: HeapReport;
  let where: string;
  if (typeof globalThis.gc === 'function') {
    const { measureHeap } = await import('./portfolio-heap.ts');
    report = await measureHeap(HEAP_INSTANCES);
    where = 'in this process (global.gc available)';
  } else {
    report = await heapInChild();
    where = 'in a child process `node --expose-gc --import tsx tests/bench/portfolio-heap.ts`';
  }
  const mb = (b: number) => `${fmt(b / 2 ** 20)} MB`;
  const ok = (b: number) => `< ${GOAL_HEAP_MB} MB ${mark(b < GOAL_HEAP_MB * 2 ** 20)}`;
  return [
    `Memory of a ${report.instances}-instance run (the first ${report.instances} symbols and instances above, ${report.steps.toLocaleString('en-US')} steps, ${report.fills.toLocaleString('en-US')} fills), measured ${where}: the bars are built and GC forced for the baseline; peak = the highest of ${report.samples} samples taken during the run (every 50 steps) and at its end; retained = after the run and a forced GC with its result kept alive. \`heapUsed\` leaves out typed-array backing stores and wasm memory, so the second row adds \`external\`. Goal: < ${GOAL_HEAP_MB} MB added (judged on the peak).`,
    '',
    table(
      ['memory added by the run', 'peak', 'retained', 'goal'],
      [
        ['JS heap (`heapUsed`)', mb(report.peakHeap), mb(report.retainedHeap), ok(report.peakHeap)],
        ['JS heap + external (`heapUsed + external`)', mb(report.peakTotal), mb(report.retainedTotal), ok(report.peakTotal)],
      ],
    ),
  ].join('\n');
}

function heapInChild(): Promise<HeapReport> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--expose-gc', '--import', 'tsx', join(ROOT, 'tests/bench/portfolio-heap.ts'), String(HEAP_INSTANCES)], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0) return reject(new Error(`portfolio-heap.ts exited with ${code}: ${err.trim()}`));
      try {
        resolve(JSON.parse(out.trim().split('\n').pop() ?? '') as HeapReport);
      } catch (e) {
        reject(new Error(`portfolio-heap.ts printed no report: ${out}${err}`, { cause: e }));
      }
    });
  });
}

// ---- 3. Marking 1,000 positions ------------------------------------------------------------------

/** The engine's marks (engine.ts `price`): a key's index looked up once per key change, prices in a Float64Array. */
class IndexedMarks implements Marks {
  private readonly ids = new Map<string, number>();
  readonly prices: Float64Array;
  private lastKey = '';
  private lastId = 0;

  constructor(keys: readonly string[]) {
    keys.forEach((k, i) => this.ids.set(k, i));
    this.prices = new Float64Array(keys.length).fill(NaN);
  }

  index(key: string): number {
    return this.ids.get(key) ?? -1;
  }

  price(_instrument: HoldableInstrument, key: string): number {
    if (key === this.lastKey) return this.prices[this.lastId];
    const id = this.ids.get(key);
    if (id === undefined) return NaN;
    this.lastKey = key;
    this.lastId = id;
    return this.prices[id];
  }
}

/** An account of `stocks` stock positions and `options` option positions (1,000 in all), bought and sold short at prices near 100, and its marks. */
function account(stocks: number, options: number): { ledger: Ledger; marks: IndexedMarks } {
  const ledger = Ledger.withCash(10_000_000);
  const instruments: HoldableInstrument[] = [];
  for (let i = 0; i < stocks; i++) instruments.push(stock(`P${String(i).padStart(4, '0')}`));
  // Options on the first underlyings: calls and puts, long and short (covered calls, cash-secured and spread puts), two expiries.
  for (let j = 0; j < options; j++) {
    const u = instruments[j >> 2] as StockInstrument;
    instruments.push(option(u, j % 2 === 0 ? 'C' : 'P', 90 + 5 * (j % 5), j % 4 < 2 ? 20150320 : 20150417));
  }
  const keys = instruments.map((i) => instrumentKey(i));
  const marks = new IndexedMarks(keys);
  instruments.forEach((inst, i) => {
    const isOpt = inst.secType === 'OPT';
    const price = isOpt ? 1 + (i % 7) : 50 + (i % 100);
    const qty = isOpt ? (i % 3 === 0 ? 2 : -1) : (i % 5 === 4 ? -1 : 1) * (10 + (i % 50));
    ledger.book(inst, qty, price, 1, keys[i]);
    marks.prices[i] = price * (1 + ((i % 11) - 5) / 100);
  });
  return { ledger, marks };
}

function benchMarks(): string {
  const BATCH = 100;
  let sink = 0;
  const rows: (string | number)[][] = [];
  for (const [label, options] of [[`${POSITIONS.toLocaleString('en-US')} stocks`, 0], [`${(POSITIONS - OPTION_POSITIONS).toLocaleString('en-US')} stocks + ${OPTION_POSITIONS} options (calls and puts, long and short)`, OPTION_POSITIONS]] as const) {
    const { ledger, marks } = account(POSITIONS - options, options);
    const open = ledger.open().length;
    // Each batch moves the prices a little, as a new bar would (no allocation in the loop).
    const prices = marks.prices;
    let tick = 0;
    const nav = measure(
      () => {
        for (let b = 0; b < BATCH; b++) {
          prices[tick++ % prices.length] *= 1.0001;
          sink += netLiquidation(ledger, marks);
        }
      },
      { warmup: 50, minRuns: 200, minMs: 500 },
    );
    const values = measure(
      () => {
        for (let b = 0; b < 10; b++) sink += accountValues(ledger, marks, REG_T).availableFunds;
      },
      { warmup: 20, minRuns: 100, minMs: 500 },
    );
    const navMs = nav.medianMs / BATCH;
    const valuesMs = values.medianMs / 10;
    rows.push([`${label}: \`netLiquidation\` (${open.toLocaleString('en-US')} open positions)`, `${fmt(navMs * 1000)} µs`, `< ${GOAL_MARK_MS} ms ${mark(navMs < GOAL_MARK_MS)}`, `${fmt((navMs * 1e6) / open)} ns`]);
    rows.push([`${label}: \`accountValues\` with Reg-T margin`, `${fmt(valuesMs * 1000)} µs`, '– (no goal)', `${fmt((valuesMs * 1e6) / open)} ns`]);
  }
  if (sink === 42) console.log('');
  return [
    `One mark of an account (a \`Ledger\`) with ${POSITIONS.toLocaleString('en-US')} open positions on ${POSITIONS.toLocaleString('en-US')} instruments, median over batches of marks (each mark after one price moved). Marks as the engine prices a stock: the instrument key's index looked up in a precomputed map, the price read from a Float64Array; an option is marked by its own quote in the same array (the backtest's synthetic option model is not included). Goal: one mark < ${GOAL_MARK_MS} ms.`,
    '',
    table(['account of 1,000 positions', 'median per call', 'goal', 'per position'], rows),
  ].join('\n');
}
