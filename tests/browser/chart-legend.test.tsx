// The legend never covers the plot (issue 13, item 9): at 390 px a long legend wraps onto several
// rows above the plot, which gets shorter by as much, so the chart keeps its height.
import { afterEach, describe, expect, it } from 'vitest';
import { render } from 'solid-js/web';
import { LineChart, type LineSeries } from '../../app/charts/LineChart.tsx';
import { PALETTE } from '../../app/charts/palette.ts';
import '../../app/styles.css';
import { frames } from '../support/page-host.ts';

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const c of cleanups.splice(0).reverse()) c();
});

async function chart(width: number, lines: number) {
  const host = document.createElement('div');
  host.style.width = `${width}px`;
  document.body.appendChild(host);
  const n = 120;
  const time = Float64Array.from({ length: n }, (_, i) => Date.UTC(2024, 0, 1) + i * 86_400_000);
  const close = Float64Array.from({ length: n }, (_, i) => 100 + 5 * Math.sin(i / 10));
  const bars = { open: close, high: close.map((c) => c + 1), low: close.map((c) => c - 1), close, volume: close.map(() => 1e6) };
  const series: LineSeries[] = Array.from({ length: lines }, (_, i) => ({ label: `BBANDS(20,2,2) line${i}`, values: close, color: PALETTE[i] }));
  const dispose = render(() => <LineChart title="t" time={time} series={series} ohlc={{ bars, style: 'candles' }} height={240} />, host);
  cleanups.push(() => {
    dispose();
    host.remove();
  });
  await frames();
  await frames(); // the legend's values fill in after the first draw; the plot makes room a frame later
  const box = (sel: string) => host.querySelector(sel)!.getBoundingClientRect();
  return { legend: box('.u-legend'), plot: box('.u-over'), chart: box('[data-testid="chart"]') };
}

describe('chart legend', () => {
  it('at 390 px a wrapped legend ends above the plot and the chart keeps its height', async () => {
    const short = await chart(390, 0);
    const long = await chart(390, 4);
    expect(long.legend.height).toBeGreaterThan(short.legend.height + 20); // it did wrap onto more rows
    for (const c of [short, long]) expect(c.legend.bottom).toBeLessThanOrEqual(c.plot.top + 0.5);
    expect(long.chart.height).toBe(short.chart.height);
    expect(long.plot.height).toBeLessThan(short.plot.height);
  });
});
