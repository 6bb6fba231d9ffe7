// The uPlot chart component draws both series (a NaN warm-up would blank the y range if passed through).
import { describe, expect, it } from 'vitest';
import { render } from 'solid-js/web';
import { LineChart } from '../../app/charts/LineChart.tsx';
import { countColorPixels } from '../support/canvas-pixels.ts';

describe('LineChart (Solid + uPlot in Chromium)', () => {
  it('paints the price line and the indicator line despite the indicator\'s leading NaN', async () => {
    const host = document.createElement('div');
    host.style.width = '800px';
    document.body.appendChild(host);
    const n = 500;
    const time = Float64Array.from({ length: n }, (_, i) => Date.UTC(2020, 0, 1) + i * 86_400_000);
    const price = Float64Array.from({ length: n }, (_, i) => 100 + 10 * Math.sin(i / 25));
    const avg = price.map((v, i) => (i < 19 ? NaN : v - 2));
    const dispose = render(
      () => (
        <LineChart
          title="t"
          time={time}
          series={[
            { label: 'price', values: price, color: '#4fa3ff' },
            { label: 'avg', values: avg, color: '#ffb347', width: 2 },
          ]}
        />
      ),
      host,
    );
    await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
    const canvas = host.querySelector('canvas')!;
    expect(canvas).not.toBeNull();
    const px = countColorPixels(canvas, [[79, 163, 255], [255, 179, 71]]);
    expect(px[0]).toBeGreaterThan(300);
    expect(px[1]).toBeGreaterThan(300);
    // uPlot draws axes on the canvas; the legend (DOM) shows the series with their labels.
    expect(host.querySelector('.u-legend')?.textContent).toContain('avg');
    dispose();
    host.remove();
  });
});
