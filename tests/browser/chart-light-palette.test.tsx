// Indicator lines in the light theme (issue 13, item 2): a line given a palette colour (as stored
// with its indicator) is drawn in that colour's darker light-theme shade, and in itself when dark.
import { describe, expect, it } from 'vitest';
import { render } from 'solid-js/web';
import { LineChart } from '../../app/charts/LineChart.tsx';
import { LIGHT_PALETTE, PALETTE, rgbOf } from '../../app/charts/palette.ts';
import { MoneyTrailzDb } from '../../app/db/schema.ts';
import { setThemeChoice } from '../../app/state/theme.ts';
import { countColorPixels } from '../support/canvas-pixels.ts';
import '../../app/styles.css';
import { cleanups, frames } from '../support/page-host.ts';

describe('light palette', () => {
  it('draws the yellow and silver lines in their light shades on the light theme, as they are on the dark one', async () => {
    const name = `mt-light-${Math.random().toString(36).slice(2)}`;
    const db = new MoneyTrailzDb(name);
    cleanups.push(async () => {
      db.close();
      await new MoneyTrailzDb(name).delete();
    });
    cleanups.push(() => setThemeChoice(db, 'dark'));
    await setThemeChoice(db, 'dark');
    const host = document.createElement('div');
    host.style.width = '700px';
    document.body.appendChild(host);
    cleanups.push(() => host.remove());
    const n = 100;
    const time = Float64Array.from({ length: n }, (_, i) => Date.UTC(2024, 0, 1) + i * 86_400_000);
    const up = Float64Array.from({ length: n }, (_, i) => i);
    const down = Float64Array.from({ length: n }, (_, i) => n - i);
    const series = [
      { label: 'yellow', values: up, color: PALETTE[5], width: 2 },
      { label: 'silver', values: down, color: PALETTE[7], width: 2 },
    ];
    cleanups.push(render(() => <LineChart title="t" time={time} series={series} height={200} />, host));
    await frames();
    const count = () => countColorPixels(host.querySelector('canvas')!, [PALETTE[5], PALETTE[7], LIGHT_PALETTE[5], LIGHT_PALETTE[7]].map(rgbOf), 20);
    const [darkYellow, darkSilver] = count();
    expect(darkYellow).toBeGreaterThan(200);
    expect(darkSilver).toBeGreaterThan(200);

    await setThemeChoice(db, 'light');
    await frames();
    const [y, s, lightYellow, lightSilver] = count();
    expect(lightYellow).toBeGreaterThan(200);
    expect(lightSilver).toBeGreaterThan(200);
    // At most a few blended edge pixels come near the pale shades.
    expect(y, `pale yellow pixels: ${y}`).toBeLessThan(lightYellow / 20);
    expect(s, `pale silver pixels: ${s}`).toBeLessThan(lightSilver / 20);
  });
});
