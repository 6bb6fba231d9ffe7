// The lab's sweep in Chromium: sma_cross fast 5:15:5 × slow 20:40:10 on GOOG daily runs across Web
// Workers into a 3 × 3 heat map whose cells hold the shared sweep code's numbers (shared/engine/sweep.ts,
// run here in the page; tests/integration/lab-sweep-cli.test.ts ties the lab's path to `npm run sweep`),
// named for a screen reader, the best outlined; a cell opens as a single run; a reload shows the last
// sweep; skipped combinations are counted; a bad range is named by field and runs nothing; Cancel stops.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { userEvent } from 'vitest/browser';
import { render } from 'solid-js/web';
import { stringify } from 'smol-toml';
import googText from '../../data/samples/GOOG_1d.csv?raw';
import wasmUrl from '../../wasm/build/ta.wasm?url';
import { readBarsCsv } from '../../shared/data/read-bars-csv.ts';
import { configDocument } from '../../shared/config/index.ts';
import { buildBacktestJob } from '../../shared/engine/backtest-job.ts';
import { MarketData } from '../../shared/engine/market-data.ts';
import { gridCombinations, parseGridAxis, runSweepItems, type SweepRow } from '../../shared/engine/sweep.ts';
import { ready } from '../../shared/indicators/kernels.ts';
import { MoneyTrailzDb } from '../../app/db/schema.ts';
import { LabView } from '../../app/lab/LabView.tsx';
import { checkForm, defaultParams } from '../../app/lab/lab-form-rules.ts';
import { SAMPLES } from '../../app/state/samples.ts';
import { BacktestCancelled } from '../../app/workers/backtest-client.ts';
import { SweepPool, sweepWorkerCount } from '../../app/workers/sweep-pool.ts';
import '../../app/styles.css';

const GOOG = SAMPLES.find((s) => s.key === 'GOOG:1d')!;
const goog = () => readBarsCsv(googText, 'GOOG_1d.csv', { symbol: 'GOOG' });

/** The reference: the lab's default configuration's job, its batch built here as the CLI's thread builds it, every combination run by runSweepItems. */
async function reference(grid: string[]): Promise<SweepRow[]> {
  await ready(await WebAssembly.compileStreaming(fetch(wasmUrl)));
  const check = checkForm({ sample: GOOG, strategy: 'sma_cross', params: defaultParams('sma_cross'), capital: '10000', commission: '0' });
  if (!check.ok) throw new Error('the default form is valid');
  const job = await buildBacktestJob(configDocument(stringify(check.config), 'lab.toml'), (d) => ({ bars: goog(), path: d.csv }));
  const [instance] = job.instances;
  const bars = job.series[0].bars;
  const batch = { bars, settings: job.settings, strategy: instance.strategy, baseParams: instance.params, symbol: 'GOOG', market: new MarketData([bars]), timeframes: instance.timeframes, close: bars.close };
  return runSweepItems(batch, gridCombinations(grid.map((g) => parseGridAxis(g))).map((p, i) => [i, p] as const));
}

const cleanup: (() => void | Promise<void>)[] = [];
afterEach(async () => {
  for (const f of cleanup.splice(0).reverse()) await f();
});

async function mount(name = `mt-sweep-${Math.random().toString(36).slice(2)}`, keep = false) {
  const db = new MoneyTrailzDb(name);
  const host = document.createElement('div');
  host.style.width = '1100px';
  document.body.appendChild(host);
  const dispose = render(() => <LabView db={db} />, host);
  const unmount = () => {
    dispose();
    host.remove();
    db.close();
  };
  cleanup.push(async () => {
    if (host.isConnected) unmount();
    if (!keep) await new MoneyTrailzDb(name).delete();
  });
  return { host, db, name, unmount };
}

const q = <T extends Element = HTMLElement>(host: ParentNode, sel: string) => host.querySelector<T>(sel);
const text = (host: ParentNode, sel: string) => q(host, sel)?.textContent ?? '';

async function sweepMode(host: HTMLElement, fast: string, slow: string) {
  await userEvent.click(q(host, '[data-testid="lab-mode-sweep"]')!);
  for (const [id, v] of [['#lab-param-fast', fast], ['#lab-param-slow', slow]] as const) {
    const input = q<HTMLInputElement>(host, id)!;
    await userEvent.clear(input);
    await userEvent.type(input, v);
  }
}

describe('lab sweep', () => {
  it('sweeps fast 5:15:5 × slow 20:40:10 on GOOG daily into a heat map of the shared sweep’s numbers; a cell opens a single run; a reload shows it', async () => {
    const { host, db, name, unmount } = await mount(undefined, true);
    cleanup.push(() => new MoneyTrailzDb(name).delete());
    await sweepMode(host, '5:15:5', '20:40:10');
    expect(text(host, '[data-testid="sweep-count"]')).toBe('9 runs');
    expect(q<HTMLInputElement>(host, '#lab-param-fast')!.type).toBe('text');
    await userEvent.click(q(host, '[data-testid="lab-run"]')!);
    await vi.waitFor(() => expect(host.querySelectorAll('[data-testid="sweep-cell"]').length).toBe(9), { timeout: 30_000 });
    expect(text(host, '[data-testid="lab-status"]')).toMatch(/^sma_cross sweep on GOOG daily: 9 runs computed in Web Workers and stored$/);

    const want = await reference(['fast=5:15:5', 'slow=20:40:10']);
    const cells = () => [...host.querySelectorAll<HTMLButtonElement>('[data-testid="sweep-cell"]')];
    // rows = slow (down), columns = fast (across)
    const byCell = (fast: number, slow: number) => want.find((r) => r.params.fast === fast && r.params.slow === slow)!;
    const order = [20, 30, 40].flatMap((slow) => [5, 10, 15].map((fast) => byCell(fast, slow)));
    expect(cells().map((c) => Number(c.dataset.value))).toEqual(order.map((r) => r.stats.returnPct));
    const r10x30 = byCell(10, 30).stats.returnPct;
    expect(cells()[4].getAttribute('aria-label')).toBe(`fast 10, slow 30: Return ${r10x30.toLocaleString('en-US', { minimumFractionDigits: 1, maximumFractionDigits: 1 })} %`);
    const bestReturn = Math.max(...order.map((r) => r.stats.returnPct));
    expect(Number(q<HTMLElement>(host, '.sweep-cell.best')!.dataset.value)).toBe(bestReturn);
    expect(q(host, '[data-testid="sweep-legend"]')).not.toBeNull();

    for (const [key, stat] of [['sharpeRatio', 'sharpeRatio'], ['maxDrawdownPct', 'maxDrawdownPct'], ['numTrades', 'numTrades']] as const) {
      await userEvent.selectOptions(q<HTMLSelectElement>(host, '[data-testid="sweep-metric"]')!, key);
      expect(cells().map((c) => Number(c.dataset.value)), key).toEqual(order.map((r) => r.stats[stat]));
    }
    expect(host.querySelectorAll('.sweep-cell.best').length).toBe(0); // # trades: neither end is better
    expect(host.querySelectorAll('[data-testid="sweep-top"] tbody tr').length).toBe(9);

    // a cell opens its combination as a single run, stored under its content id
    cells()[4].focus();
    expect(document.activeElement).toBe(cells()[4]);
    await userEvent.keyboard('{Enter}');
    await vi.waitFor(() => expect(q(host, '[data-testid="lab-stats"]')).not.toBeNull(), { timeout: 30_000 });
    expect(text(host, '[data-testid="lab-status"]')).toMatch(/^sma_cross \(fast 10, slow 30\) on GOOG daily: computed in a Web Worker/);
    expect(text(host, '[data-key="stats.numTrades"] td')).toBe(String(byCell(10, 30).stats.numTrades));
    expect(await db.results.count()).toBe(1);
    expect(await db.sweeps.count()).toBe(1);

    // a reload shows the last sweep from IndexedDB
    unmount();
    const again = await mount(name, true);
    await vi.waitFor(() => expect(again.host.querySelectorAll('[data-testid="sweep-cell"]').length).toBe(9));
    expect([...again.host.querySelectorAll<HTMLElement>('[data-testid="sweep-cell"]')].map((c) => Number(c.dataset.value))).toEqual(order.map((r) => r.stats.returnPct));
  });

  it('counts skipped combinations, shows the cap, names a bad range by field and runs nothing', async () => {
    const { host, db } = await mount();
    await sweepMode(host, '10:30:10', '20:30:10');
    expect(text(host, '[data-testid="sweep-count"]')).toBe('6 runs');
    await userEvent.click(q(host, '[data-testid="lab-run"]')!);
    await vi.waitFor(() => expect(host.querySelectorAll('[data-testid="sweep-cell"]').length).toBe(3), { timeout: 30_000 });
    expect(text(host, '[data-testid="sweep-summary"]')).toMatch(/^3 of 6 combinations ran \(3 skipped: fast must be less than slow\)/);
    expect(host.querySelectorAll('.sweep-skipped').length).toBe(3);

    const fast = q<HTMLInputElement>(host, '#lab-param-fast')!;
    await userEvent.clear(fast);
    await userEvent.type(fast, '1:3000:1');
    expect(text(host, '[data-testid="sweep-count"]')).toBe("Check the ranges — fast: '1:3000:1' has 3,000 values: at most 2,000");
    await userEvent.clear(fast);
    await userEvent.type(fast, '1:100:1');
    const slow = q<HTMLInputElement>(host, '#lab-param-slow')!;
    await userEvent.clear(slow);
    await userEvent.type(slow, '101:130:1');
    expect(text(host, '[data-testid="sweep-count"]')).toMatch(/^3,000 combinations: a sweep here runs at most 2,000 — narrow a range/);
    await userEvent.clear(fast);
    await userEvent.type(fast, '1.5:3:0.5');
    await userEvent.click(q(host, '[data-testid="lab-run"]')!);
    const error = await vi.waitFor(() => q(host, '[data-testid="field-lab-param-fast"] .field-error')!, { timeout: 20_000 });
    expect(error.textContent).toMatch(/^1\.5 in the range: /);
    expect(fast.getAttribute('aria-invalid')).toBe('true');
    expect(q(host, '[role="progressbar"]')).toBeNull();
    expect(await db.sweeps.count()).toBe(1);
  });

  it('Cancel stops a sweep: every worker ends, nothing is stored', async () => {
    expect(sweepWorkerCount(1)).toBe(1);
    expect(sweepWorkerCount(3)).toBe(2);
    expect(sweepWorkerCount(16)).toBe(4);
    const { host, db } = await mount();
    await sweepMode(host, '2:40:1', '41:90:1');
    expect(text(host, '[data-testid="sweep-count"]')).toBe('1,950 runs');
    await userEvent.click(q(host, '[data-testid="lab-run"]')!);
    await vi.waitFor(() => expect(text(host, '[data-testid="lab-status"]')).toMatch(/Sweeping on \d Web Workers?… \d+ % \([1-9]\d* of 1950 runs\)/), { timeout: 30_000, interval: 5 });
    expect(q(host, '[role="progressbar"]')).not.toBeNull();
    await userEvent.click(q(host, '[data-testid="lab-cancel"]')!);
    await vi.waitFor(() => expect(text(host, '[data-testid="lab-status"]')).toBe('Cancelled.'));
    expect(q(host, '[role="progressbar"]')).toBeNull();
    await new Promise((r) => setTimeout(r, 300));
    expect(text(host, '[data-testid="lab-status"]')).toBe('Cancelled.');
    expect(await db.sweeps.count()).toBe(0);
    expect(q(host, '[data-testid="lab-sweep"]')).toBeNull();
  });

  it('the pool: cancel rejects with BacktestCancelled and no progress comes after it', async () => {
    const check = checkForm({ sample: GOOG, strategy: 'sma_cross', params: defaultParams('sma_cross'), capital: '10000', commission: '0' });
    if (!check.ok) throw new Error('the default form is valid');
    const items = gridCombinations([parseGridAxis('fast=2:40:1'), parseGridAxis('slow=41:90:1')]).map((p, i) => [i, p] as const);
    const pool = new SweepPool(2);
    cleanup.push(() => void pool.cancel());
    let calls = 0;
    const outcome = pool.run({ config: check.config, bars: { GOOG: goog() }, items }, () => calls++).then(
      () => 'finished',
      (e: unknown) => (e instanceof BacktestCancelled ? 'cancelled' : String(e)),
    );
    await vi.waitFor(() => expect(calls).toBeGreaterThan(0), { timeout: 30_000, interval: 5 });
    expect(pool.busy).toBe(true);
    expect(pool.cancel()).toBe(true);
    expect(await outcome).toBe('cancelled');
    const seen = calls;
    await new Promise((r) => setTimeout(r, 400));
    expect(calls).toBe(seen);
    expect(pool.busy).toBe(false);
    expect(pool.cancel()).toBe(false);
  });
});
