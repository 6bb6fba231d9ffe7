// Saved chart layouts (app/state/layouts.ts, app/ui/LayoutsView.tsx) on a real workbench in Chromium:
// a layout saves the series, the price style and the indicators with their parameters; after the
// chart changed, Apply brings back exactly that chart; layouts survive a reload; a bad name is refused.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { userEvent } from 'vitest/browser';
import { createRoot } from 'solid-js';
import { render } from 'solid-js/web';
import { MoneyTrailzDb } from '../../app/db/schema.ts';
import { TaClient } from '../../app/workers/ta-client.ts';
import { createWorkbench } from '../../app/state/workbench.ts';
import { createLayouts } from '../../app/state/layouts.ts';
import { LayoutsView } from '../../app/ui/LayoutsView.tsx';

const cleanups: (() => void | Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function open(name: string) {
  const db = new MoneyTrailzDb(name);
  const ta = new TaClient();
  const host = document.createElement('div');
  host.style.width = '390px';
  document.body.appendChild(host);
  const { wb, layouts, dispose } = createRoot((d) => {
    const wb = createWorkbench({ db, ta });
    const layouts = createLayouts(db, wb);
    render(() => <LayoutsView layouts={layouts} />, host);
    return { wb, layouts, dispose: d };
  });
  cleanups.push(() => {
    dispose();
    host.remove();
    ta.terminate();
    db.close();
  });
  await wb.started;
  await layouts.ready;
  return { wb, layouts, host };
}

const shown = (wb: Awaited<ReturnType<typeof open>>['wb']) => ({
  series: wb.series().sample.key,
  style: wb.chartStyle(),
  indicators: wb.active().map((a) => `${a.name} ${JSON.stringify(a.params)}`),
});

describe('chart layouts', () => {
  it('saves the chart, brings it back exactly after it changed, and keeps it across a reload', async () => {
    const name = `mt-layouts-${Math.random().toString(36).slice(2)}`;
    const a = await open(name);
    await a.wb.actions.selectSeries('QQQ', '1d');
    expect(await a.wb.actions.addIndicator('RSI', { period: '9' })).toBe(true);
    a.wb.actions.setChartStyle('ohlc');
    const saved = shown(a.wb);
    expect(saved.indicators).toContain('RSI {"period":9}');

    const input = a.host.querySelector<HTMLInputElement>('[data-testid="layout-name"]')!;
    await userEvent.type(input, '   {Enter}');
    await vi.waitFor(() => expect(a.host.querySelector('[data-testid="layout-note"]')?.textContent).toBe('give the layout a name'));
    await userEvent.clear(input);
    await userEvent.type(input, 'QQQ momentum{Enter}');
    await vi.waitFor(() => expect(a.host.querySelectorAll('[data-testid="layout"]').length).toBe(1));

    // The chart changes: another series, style and indicators.
    await a.wb.actions.selectSeries('SPY', '1d');
    a.wb.actions.setChartStyle('line');
    for (const x of a.wb.active()) await a.wb.actions.removeIndicator(x.uid);
    expect(await a.wb.actions.addIndicator('EMA', { period: '50' })).toBe(true);
    expect(shown(a.wb)).not.toEqual(saved);

    await userEvent.click(a.host.querySelector<HTMLButtonElement>('[aria-label="Apply layout QQQ momentum"]')!);
    await vi.waitFor(() => expect(shown(a.wb)).toEqual(saved), { timeout: 20_000 });
    expect(a.host.querySelector('[data-testid="layout-note"]')?.textContent).toBe('Showing “QQQ momentum”.');

    // A reload finds it.
    const b = await open(name);
    expect(b.layouts.list().map((l) => [l.name, l.symbol, l.timeframe, l.style])).toEqual([['QQQ momentum', 'QQQ', '1d', 'ohlc']]);
    await userEvent.click(b.host.querySelector<HTMLButtonElement>('[aria-label="Delete layout QQQ momentum"]')!);
    await vi.waitFor(() => expect(b.layouts.list()).toEqual([]));
    await new MoneyTrailzDb(name).delete();
  }, 60_000);
});
