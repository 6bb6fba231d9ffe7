// Live mode in Chromium with a scripted bridge (topics and commands as the app's own interfaces):
// off by default, switched on by keyboard, the recent 1-minute bars from historicalBars, the last
// bar's close following the topic in place (same canvas), a new minute appended, "not live · bridge
// offline" when the bridge goes, and a malformed bar refused with an alert while the chart stays.
import { describe, expect, it, vi } from 'vitest';
import { page, userEvent } from 'vitest/browser';
import { createSignal } from 'solid-js';
import type { BridgeStatus } from '../../app/bridge-client/socket.ts';
import type { Commands } from '../../app/bridge-client/commands.ts';
import type { LiveTopic, Topics } from '../../app/bridge-client/topics.ts';
import { liveBarSeries } from '../../app/charts/live-bars.ts';
import type { LiveSource } from '../../app/charts/live-chart.ts';
import type { Bar } from '../../shared/protocol/index.ts';
import '../../app/styles.css';
import { frames } from '../support/page-host.ts';
import { mountWorkbench, uniqueDbName } from '../support/workbench-host.tsx';

// 2026-03-12 09:30 ET (EDT, UTC-4) in epoch seconds, and 30 minutes of bars from it.
const OPEN = Date.UTC(2026, 2, 12, 13, 30) / 1000;
const bar = (i: number, close: number): Bar => ({ time: String(OPEN + 60 * i), open: close - 0.1, high: close + 0.2, low: close - 0.3, close, volume: 1000 + i });
const HISTORY: Bar[] = Array.from({ length: 30 }, (_, i) => bar(i, 500 + i / 10));

/** A bridge whose status, bar answers and `bars:` topic the test drives. */
function scriptedBridge() {
  const [status, setStatus] = createSignal<BridgeStatus>({ state: 'connected', serverVersion: 'test', broker: 'simulator' });
  const [data, setData] = createSignal<Readonly<Record<string, unknown>> | undefined>(undefined);
  const requested: string[] = [];
  const subscribed: string[] = [];
  const topic: LiveTopic = {
    data,
    live: () => status().state === 'connected' && data() !== undefined,
    updatedAt: () => (data() ? Date.now() : undefined),
    failure: () => undefined,
  };
  const topics: Topics = {
    topic(name) {
      subscribed.push(name);
      return topic;
    },
    release: () => undefined,
  };
  const commands = {
    async bars(instrument: string, barSize: string, duration: string) {
      requested.push(`${instrument} ${barSize} ${duration}`);
      return HISTORY;
    },
  } as unknown as Commands; // only bars() is used by Live
  const source: LiveSource = { topics, commands, status };
  const row = (b: Bar) => ({ open: b.open, high: b.high, low: b.low, close: b.close, volume: b.volume });
  return {
    source,
    requested,
    subscribed,
    setStatus,
    /** The topic's state: the last `n` history bars plus `extra`. */
    publish(extra: readonly Bar[], n = 5) {
      setData(Object.fromEntries([...HISTORY.slice(-n), ...extra].map((b) => [b.time, row(b)])));
    },
    setRaw: setData,
  };
}

const mount = (source?: LiveSource) => mountWorkbench({ width: 1000, dbName: uniqueDbName('mt-live'), live: source });

/** The price chart legend's Close value (the last bar's, while the cursor is off the chart). */
const legendClose = (host: HTMLElement) => {
  const rows = [...host.querySelectorAll('[data-testid="chart"] .u-legend .u-series')];
  const close = rows.find((r) => r.querySelector('.u-label')?.textContent === 'Close')!;
  return close.querySelector('.u-value')!.textContent;
};
const info = (host: HTMLElement) => host.querySelector('[data-testid="chart-info"]')!.textContent!;
const status = (host: HTMLElement) => host.querySelector('[data-testid="live-status"]')?.textContent ?? '';

describe('live bars', () => {
  it('merges the topic over the history by minute and refuses a malformed bar by name', () => {
    const s = liveBarSeries('SPY', HISTORY, { [String(OPEN + 60 * 29)]: { open: 1, high: 9, low: 0.5, close: 7, volume: 5 }, [String(OPEN + 60 * 30)]: { open: 7, high: 8, low: 6, close: 7.5, volume: 1 } });
    expect(s.length).toBe(31);
    expect(s.close[29]).toBe(7);
    expect(s.time[30]).toBe((OPEN + 60 * 30) * 1000);
    expect(s.session![0]).toBe(20260312);
    expect(() => liveBarSeries('SPY', HISTORY, { [String(OPEN)]: { open: 1, high: 2, low: 0, close: 'x', volume: 1 } })).toThrow(`bars:SPY:1m, bar ${OPEN}: 'close' is not a finite number`);
    expect(() => liveBarSeries('SPY', [], { 'not-a-time': {} })).toThrow("bars:SPY:1m: bar time 'not-a-time' is not epoch seconds");
  });

  it('no Live toggle without a bridge', async () => {
    const { host } = await mount();
    expect(host.querySelector('[data-testid="live-toggle"]')).toBeNull();
  });

  it('off by default; on by keyboard; the last bar follows the topic in place; a new minute appends; offline says so', async () => {
    const bridge = scriptedBridge();
    const { host, wb } = await mount(bridge.source);
    const toggle = page.getByRole('checkbox', { name: 'Live' });
    await expect.element(toggle).not.toBeChecked();
    expect(wb.live().status).toBe('off');
    expect(bridge.requested).toEqual([]);

    host.querySelector<HTMLInputElement>('[data-testid="live-toggle"]')!.focus();
    await userEvent.keyboard(' ');
    await expect.element(toggle).toBeChecked();
    await vi.waitFor(() => expect(info(host)).toMatch(/^\s*30 bars · from the bridge/), { timeout: 20_000 });
    expect(bridge.requested).toEqual(['SPY 1m 1 D']);
    expect(bridge.subscribed.filter((n) => n.startsWith('bars:'))).toEqual(['bars:SPY:1m']); // fills and signals come on their own topics
    expect(host.querySelector('#chart-title')!.textContent).toContain('SPY 1-minute');
    expect(wb.range()).toBe('1D');
    await frames();
    expect(legendClose(host)).toBe('502.9');
    const canvas = host.querySelector('[data-testid="chart"] canvas');

    // A tick moves the last bar's close: same chart, new value; SMA(20) recomputed on the live bars.
    bridge.publish([bar(29, 503.45)]);
    await vi.waitFor(() => expect(legendClose(host)).toBe('503.45'));
    expect(host.querySelector('[data-testid="chart"] canvas')).toBe(canvas);
    expect(status(host)).toMatch(/^Live · SPY 1-minute bars from the bridge · updated \d\d:\d\d:\d\d$/);
    const l = wb.live();
    if (l.status !== 'on') throw new Error('not on');
    const sma = l.results.byUid.get('default-sma');
    if (sma?.status !== 'ready') throw new Error('SMA not computed on the live bars');
    const closes = [...HISTORY.slice(10, 29).map((b) => b.close), 503.45];
    expect(Object.values(sma.outputs)[0][29]).toBeCloseTo(closes.reduce((a, b) => a + b, 0) / 20, 9);

    // The minute rolls: a 31st bar.
    bridge.publish([bar(29, 503.45), bar(30, 503.6)]);
    await vi.waitFor(() => expect(info(host)).toMatch(/^\s*31 bars/));
    await vi.waitFor(() => expect(legendClose(host)).toBe('503.6'));
    expect(host.querySelector('[data-testid="chart"] canvas')).toBe(canvas);

    // The bridge goes: the bars stay, marked not live.
    bridge.setStatus({ state: 'offline', retryInMs: 5000 });
    await vi.waitFor(() => expect(status(host)).toMatch(/^not live · bridge offline · bars as of \d\d:\d\d:\d\d$/));
    expect(legendClose(host)).toBe('503.6');

    // Off again: the bundled daily series is back.
    await userEvent.click(toggle);
    await vi.waitFor(() => expect(info(host)).toContain('5,564 bars'));
    expect(status(host)).toBe('');
  });

  it('charts a symbol with no bars on this device (one only watched) from the bridge; Live off returns to the shown series', async () => {
    const bridge = scriptedBridge();
    const { host, wb } = await mount(bridge.source);
    const before = host.querySelector('#chart-title')!.textContent!;
    wb.actions.chartLive('IWM');
    bridge.publish([]);
    await vi.waitFor(() => expect(host.querySelector('#chart-title')!.textContent).toContain('IWM 1-minute'), { timeout: 20_000 });
    expect(bridge.requested).toEqual(['IWM 1m 1 D']);
    expect(bridge.subscribed.filter((n) => n.startsWith('bars:'))).toEqual(['bars:IWM:1m']);
    await expect.element(page.getByRole('checkbox', { name: 'Live' })).toBeChecked();
    wb.actions.setLive(false);
    await vi.waitFor(() => expect(host.querySelector('#chart-title')!.textContent).toBe(before));
  });

  it('a malformed bar from the bridge: an alert naming it, nothing half-drawn', async () => {
    const bridge = scriptedBridge();
    const { host } = await mount(bridge.source);
    await userEvent.click(page.getByRole('checkbox', { name: 'Live' }));
    await vi.waitFor(() => expect(info(host)).toMatch(/^\s*30 bars/), { timeout: 20_000 });
    bridge.setRaw({ [String(OPEN + 60 * 30)]: { open: 1, high: 2, low: 3, close: 1.5, volume: 1 } });
    await expect.element(page.getByRole('alert')).toHaveTextContent(`bars:SPY:1m, bar ${OPEN + 60 * 30}: low 3 above high 2`);
    await expect.element(page.getByRole('alert')).toHaveTextContent('Turn Live off and on to try again');
  });

  it('Live cannot be switched on while the bridge is not connected, and says why', async () => {
    const bridge = scriptedBridge();
    bridge.setStatus({ state: 'offline', retryInMs: 3000 });
    const { host } = await mount(bridge.source);
    const input = host.querySelector<HTMLInputElement>('[data-testid="live-toggle"]')!;
    expect(input.disabled).toBe(true);
    expect(input.closest('label')!.title).toContain('needs the bridge');
  });
});
