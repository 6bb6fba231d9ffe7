// The backtest lab in Chromium: the backtest worker runs the CLI's canonical config (sma_cross on
// GOOG daily, tests/fixtures/backtest/goog-sma-cross.toml) to the same portfolio JSON as the shared
// job builder and engine run in the page (the functions the CLI runs; tests/integration/
// backtest-job-shared.test.ts ties them to `npm run backtest --json`), with progress; cancel stops a
// run and the next run gets a fresh worker; the lab view shows a progress bar, the curves and the
// stats, names bad fields next to them, and serves a second identical run from IndexedDB.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { userEvent } from 'vitest/browser';
import { render } from 'solid-js/web';
import { parse, stringify } from 'smol-toml';
import googText from '../../data/samples/GOOG_1d.csv?raw';
import spy1mText from '../../data/samples/SPY_1m.csv?raw';
import fixtureText from '../fixtures/backtest/goog-sma-cross.toml?raw';
import wasmUrl from '../../wasm/build/ta.wasm?url';
import { readBarsCsv } from '../../shared/data/read-bars-csv.ts';
import type { BarSeries } from '../../shared/data/bar-series.ts';
import { configDocument } from '../../shared/config/index.ts';
import { buildBacktestJob, runBacktestJob } from '../../shared/engine/backtest-job.ts';
import { portfolioJson, portfolioResult } from '../../shared/engine/backtest-result.ts';
import { ready } from '../../shared/indicators/kernels.ts';
import { MoneyTrailzDb } from '../../app/db/schema.ts';
import { BacktestCancelled, BacktestClient } from '../../app/workers/backtest-client.ts';
import { LabView } from '../../app/lab/LabView.tsx';
import { checkForm, defaultParams } from '../../app/lab/lab-form-rules.ts';
import { formatStat, STAT_ROWS } from '../../app/lab/stat-rows.ts';
import { SAMPLES } from '../../app/state/samples.ts';
import '../../app/styles.css';

const goog = (): BarSeries => readBarsCsv(googText, 'GOOG_1d.csv', { symbol: 'GOOG' });

/** The portfolio JSON of `text` on `bars`, computed in the page by the shared functions. */
async function inPage(text: string, bars: Record<string, BarSeries>) {
  await ready(await WebAssembly.compileStreaming(fetch(wasmUrl)));
  const job = await buildBacktestJob(configDocument(text, 'lab.toml'), (d) => ({ bars: bars[d.symbol], path: d.csv }));
  const r = portfolioResult(runBacktestJob(job), job.market, job.benchmark.bars);
  return { json: portfolioJson(r), equity: r.equity, times: r.times };
}

const cleanup: (() => void | Promise<void>)[] = [];
afterEach(async () => {
  for (const f of cleanup.splice(0).reverse()) await f();
});

describe('backtest worker', () => {
  it('runs sma_cross on GOOG daily to the shared engine’s result, with progress', async () => {
    const client = new BacktestClient();
    cleanup.push(() => client.terminate());
    const progress: [number, number][] = [];
    const got = await client.run({ config: parse(fixtureText), bars: { GOOG: goog() } }, (done, total) => progress.push([done, total]));
    const want = await inPage(fixtureText, { GOOG: goog() });
    expect(got.json).toEqual(want.json);
    expect(got.json.stats.numTrades).toBeGreaterThan(10);
    expect(got.equity).toBeInstanceOf(Float64Array);
    expect(Array.from(got.equity)).toEqual(Array.from(want.equity));
    expect(Array.from(got.times)).toEqual(Array.from(want.times));
    // progress every 1 % of the steps, increasing, ending at the total
    const total = want.times.length;
    expect(progress.length).toBeGreaterThanOrEqual(50);
    expect(progress.every(([d, t], i) => t === total && (i === 0 || d > progress[i - 1][0]))).toBe(true);
    expect(progress.at(-1)).toEqual([total, total]);
  });

  it('runs a configuration object as its TOML runs, and reports a config error by its key (an object has no lines)', async () => {
    const client = new BacktestClient();
    cleanup.push(() => client.terminate());
    const config = { data: { csv: 'GOOG_1d.csv', symbol: 'GOOG' }, strategies: { buy_and_hold: { enabled: true } } };
    const got = await client.run({ config, bars: { GOOG: goog() } });
    expect(got.json).toEqual((await inPage(stringify(config), { GOOG: goog() })).json);
    await expect(client.run({ config, bars: {} })).rejects.toThrow('lab.toml: data.csv: no bars were sent for GOOG (sent: none)');
  });

  it('cancel stops a run (no progress after it) and the next run gets a fresh worker', async () => {
    // 20 instances on 24,570 one-minute bars: long enough to cancel mid-run.
    const spy = readBarsCsv(spy1mText, 'SPY_1m.csv', { symbol: 'SPY' });
    const strategies = Object.fromEntries(Array.from({ length: 20 }, (_, i) => [`s${i}`, { strategy: 'sma_cross', symbols: ['SPY'], allocation: 0.05, fast: 5 + i, slow: 60 + i }]));
    const config = { data: { csv: 'SPY_1m.csv', symbol: 'SPY' }, strategies };
    const client = new BacktestClient();
    cleanup.push(() => client.terminate());
    let calls = 0;
    let last = 0;
    const long = client.run({ config, bars: { SPY: spy } }, (done, total) => {
      calls++;
      last = done / total;
    });
    const outcome = long.then(
      () => 'finished',
      (e: unknown) => (e instanceof BacktestCancelled ? 'cancelled' : String(e)),
    );
    await vi.waitFor(() => expect(calls).toBeGreaterThan(0), { timeout: 20_000, interval: 5 });
    expect(client.busy).toBe(true);
    expect(client.cancel()).toBe(true);
    expect(await outcome).toBe('cancelled');
    expect(client.busy).toBe(false);
    expect(last).toBeLessThan(1);
    const seen = calls;
    await new Promise((r) => setTimeout(r, 400));
    expect(calls).toBe(seen);
    expect(client.cancel()).toBe(false);
    const next = await client.run({ config: parse(fixtureText), bars: { GOOG: goog() } });
    expect(next.json.stats.numTrades).toBeGreaterThan(10);
  });
});

describe('lab view', () => {
  async function mount() {
    const name = `mt-lab-${Math.random().toString(36).slice(2)}`;
    const db = new MoneyTrailzDb(name);
    const host = document.createElement('div');
    host.style.width = '1100px';
    document.body.appendChild(host);
    const dispose = render(() => <LabView db={db} />, host);
    cleanup.push(async () => {
      dispose();
      host.remove();
      db.close();
      await new MoneyTrailzDb(name).delete();
    });
    return { host, db };
  }

  const q = <T extends Element = HTMLElement>(host: HTMLElement, sel: string) => host.querySelector<T>(sel);
  const status = (host: HTMLElement) => q(host, '[data-testid="lab-status"]')!.textContent ?? '';
  const statTexts = (host: HTMLElement) => Object.fromEntries([...host.querySelectorAll('[data-testid="lab-stats"] tr')].map((tr) => [tr.getAttribute('data-key'), tr.querySelector('td')!.textContent]));

  it('runs sma_cross on GOOG daily with a progress bar, shows curves and stats, and serves the same run from IndexedDB', async () => {
    const { host, db } = await mount();
    expect(q<HTMLSelectElement>(host, '[data-testid="lab-sample"]')!.value).toBe('GOOG:1d');
    expect(q<HTMLSelectElement>(host, '[data-testid="lab-strategy"]')!.value).toBe('sma_cross');
    expect(q<HTMLInputElement>(host, '#lab-param-fast')!.value).toBe('10');

    const seen: { now: string | null; cancel: boolean }[] = [];
    const mo = new MutationObserver(() => {
      const bar = q(host, '[role="progressbar"]');
      if (bar) seen.push({ now: bar.getAttribute('aria-valuenow'), cancel: !!q(host, '[data-testid="lab-cancel"]') });
    });
    mo.observe(host, { subtree: true, childList: true, attributes: true, attributeFilter: ['aria-valuenow'] });
    await userEvent.click(q(host, '[data-testid="lab-run"]')!);
    await vi.waitFor(() => expect(q(host, '[data-testid="lab-stats"]')).not.toBeNull(), { timeout: 30_000 });
    mo.disconnect();
    expect(status(host)).toMatch(/sma_cross on GOOG daily: computed in a Web Worker/);
    expect(seen.length).toBeGreaterThan(2);
    expect(seen.every((s) => s.cancel)).toBe(true);
    const values = seen.map((s) => Number(s.now));
    expect(Math.max(...values)).toBe(100);
    expect(values.some((v) => v > 0 && v < 100)).toBe(true);
    expect(q(host, '[role="progressbar"]')).toBeNull();
    await vi.waitFor(() => expect(host.querySelectorAll('[data-testid="lab-equity"] canvas, [data-testid="lab-drawdown"] canvas').length).toBeGreaterThanOrEqual(2));

    // the table shows the engine's numbers for the same configuration
    const goog1d = SAMPLES.find((s) => s.key === 'GOOG:1d')!;
    const check = checkForm({ sample: goog1d, strategy: 'sma_cross', params: defaultParams('sma_cross'), capital: '10000', commission: '0' });
    if (!check.ok) throw new Error('the default form is valid');
    const want = (await inPage(stringify(check.config), { GOOG: goog() })).json;
    const stats = statTexts(host);
    for (const row of STAT_ROWS) expect(stats[row.key], row.label).toBe(formatStat(row, want));
    expect(q(host, '[data-key="stats.returnPct"] th')!.textContent).toBe('Return');
    expect(await db.results.count()).toBe(1);
    expect(host.querySelectorAll('[data-testid="lab-stored"] li').length).toBe(1);

    // the same run again: the stored result, at once
    await userEvent.click(q(host, '[data-testid="lab-run"]')!);
    await vi.waitFor(() => expect(status(host)).toMatch(/sma_cross on GOOG daily: from IndexedDB/));
    expect(statTexts(host)).toEqual(stats);
    expect(await db.results.count()).toBe(1);
  });

  it('names a bad parameter next to its field and runs nothing', async () => {
    const { host, db } = await mount();
    const fast = q<HTMLInputElement>(host, '#lab-param-fast')!;
    await userEvent.clear(fast);
    await userEvent.type(fast, '40');
    await userEvent.click(q(host, '[data-testid="lab-run"]')!);
    const error = await vi.waitFor(() => {
      const e = q(host, '[data-testid="field-lab-param-fast"] .field-error');
      expect(e).not.toBeNull();
      return e!;
    }, { timeout: 20_000 }); // the form is checked in the backtest worker (its first start loads its modules)
    expect(error.textContent).toBe('fast (40) must be less than slow (30)');
    expect(fast.getAttribute('aria-invalid')).toBe('true');
    expect(q(host, '[role="progressbar"]')).toBeNull();
    expect(await db.results.count()).toBe(0);
  });
});
