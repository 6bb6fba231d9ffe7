// Light and dark themes in Chromium: the Settings control (keyboard, stored), data-theme on <html>,
// the CSS custom properties' contrast, charts repainted in the light palette; and the dashed guide
// levels of oscillator panes (RSI 30/70) at the heights of their values.
import { describe, expect, it, vi } from 'vitest';
import { page, userEvent } from 'vitest/browser';
import { render } from 'solid-js/web';
import { LineChart } from '../../app/charts/LineChart.tsx';
import { CHART_PALETTES, rgbOf, type ChartPalette } from '../../app/charts/palette.ts';
import { MoneyTrailzDb } from '../../app/db/schema.ts';
import { createStorage } from '../../app/db/storage.ts';
import { readThemeChoice } from '../../app/state/settings.ts';
import { resolveTheme, setThemeChoice, startTheme, theme } from '../../app/state/theme.ts';
import { guideLevelsOf } from '../../app/state/indicator-meta.ts';
import { SettingsView } from '../../app/ui/SettingsView.tsx';
import { countColorPixels } from '../support/canvas-pixels.ts';
import '../../app/styles.css';
import { cleanups, frames, hostOf } from '../support/page-host.ts';
import { syntheticBars } from '../support/synthetic-bars.ts';

async function tempDb(): Promise<MoneyTrailzDb> {
  const name = `mt-theme-${Math.random().toString(36).slice(2)}`;
  const db = new MoneyTrailzDb(name);
  cleanups.push(async () => {
    db.close();
    await new MoneyTrailzDb(name).delete();
  });
  // Every test starts and ends in the dark theme (the default), whatever it switched to.
  cleanups.push(() => setThemeChoice(db, 'dark'));
  return db;
}

/** WCAG relative luminance of '#rrggbb' or 'rgb(r, g, b)'. */
function luminance(color: string): number {
  const rgb = color.startsWith('#') ? rgbOf(color) : color.match(/\d+(\.\d+)?/g)!.slice(0, 3).map(Number);
  const [r, g, b] = rgb.map((v) => {
    const c = v / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

function contrast(a: string, b: string): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (hi + 0.05) / (lo + 0.05);
}

const cssVar = (name: string) => getComputedStyle(document.documentElement).getPropertyValue(name).trim();


const candleColors = (p: ChartPalette) => [p.up, p.down, p.volumeUp, p.volumeDown].map(rgbOf);

describe('themes', () => {
  it('resolves System to dark unless the device prefers light; a choice wins', () => {
    expect(resolveTheme('system', false)).toBe('dark');
    expect(resolveTheme('system', true)).toBe('light');
    expect(resolveTheme('dark', true)).toBe('dark');
    expect(resolveTheme('light', false)).toBe('light');
  });

  it('main text colours have at least 4.5:1 contrast on the background and panels of both themes', async () => {
    const db = await tempDb();
    for (const t of ['dark', 'light'] as const) {
      await setThemeChoice(db, t);
      expect(document.documentElement.dataset.theme).toBe(t);
      const pal = CHART_PALETTES[t];
      for (const bg of [cssVar('--bg'), cssVar('--panel'), cssVar('--field')]) {
        for (const [name, fg] of [['--text', cssVar('--text')], ['--muted', cssVar('--muted')], ['axis labels', pal.axis]] as const) {
          expect(contrast(fg, bg), `${t}: ${name} ${fg} on ${bg}`).toBeGreaterThanOrEqual(4.5);
        }
      }
      expect(contrast(cssVar('--on-primary'), cssVar('--primary')), `${t}: primary buttons`).toBeGreaterThanOrEqual(4.5);
    }
  });

  it('repaints a chart in the light palette on a light background when the theme switches, and back', async () => {
    const db = await tempDb();
    await setThemeChoice(db, 'dark');
    const host = hostOf(800);
    const { time, bars: ohlc } = syntheticBars();
    cleanups.push(render(() => <LineChart title="t" time={time} series={[]} ohlc={{ bars: ohlc, style: 'candles' }} />, host));
    await frames();
    const count = (p: ChartPalette) => countColorPixels(host.querySelector('canvas')!, candleColors(p));
    const darkOnDark = count(CHART_PALETTES.dark);
    for (const n of darkOnDark) expect(n).toBeGreaterThan(30 * 9 * 5);
    expect(count(CHART_PALETTES.light)).toEqual([0, 0, 0, 0]);
    expect(luminance(getComputedStyle(document.documentElement).backgroundColor)).toBeLessThan(0.05);

    await setThemeChoice(db, 'light');
    await frames();
    expect(theme()).toBe('light');
    expect(luminance(getComputedStyle(document.documentElement).backgroundColor)).toBeGreaterThan(0.85);
    expect(luminance(cssVar('--panel'))).toBeGreaterThan(0.85);
    const light = count(CHART_PALETTES.light);
    for (const n of light) expect(n).toBeGreaterThan(30 * 9 * 5);
    expect(count(CHART_PALETTES.dark)).toEqual([0, 0, 0, 0]);
    // The same bars: the same shapes in the other colours.
    expect(light[0]).toBeGreaterThan(darkOnDark[0] * 0.9);
    expect(light[0]).toBeLessThan(darkOnDark[0] * 1.1);

    await setThemeChoice(db, 'dark');
    await frames();
    expect(count(CHART_PALETTES.dark)).toEqual(darkOnDark);
  });

  it('Settings: Theme System / Dark / Light by keyboard, applied at once, stored and applied again at start', async () => {
    const db = await tempDb();
    await startTheme(db);
    const host = hostOf(390);
    cleanups.push(render(() => <SettingsView db={db} storage={createStorage()} />, host));
    const group = page.getByRole('group', { name: 'Theme' });
    await expect.element(group).toBeVisible();
    const dark = page.getByRole('radio', { name: 'Dark' });
    await userEvent.click(dark);
    await expect.element(dark).toBeChecked();
    await userEvent.keyboard('{ArrowRight}');
    await expect.element(page.getByRole('radio', { name: 'Light' })).toBeChecked();
    expect(document.documentElement.dataset.theme).toBe('light');
    await vi.waitFor(async () => expect(await readThemeChoice(db)).toBe('light'));
    // A fresh start reads the stored choice back (first the device's preference, then the choice).
    await setThemeChoice(db, 'light');
    document.documentElement.dataset.theme = 'dark';
    await startTheme(db);
    expect(document.documentElement.dataset.theme).toBe('light');
    // System follows the device (this Chromium's preference decides which).
    await userEvent.click(page.getByRole('radio', { name: 'System' }));
    const prefersLight = matchMedia('(prefers-color-scheme: light)').matches;
    expect(document.documentElement.dataset.theme).toBe(prefersLight ? 'light' : 'dark');
    await vi.waitFor(async () => expect(await readThemeChoice(db)).toBe('system'));
  });
});

/** Canvas rows where `color` covers at least `share` of the width (dashed lines cover part of it). */
function rowsWith(canvas: HTMLCanvasElement, color: string, share: number): number[] {
  const [r, g, b] = rgbOf(color);
  const { data, width, height } = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height);
  const rows: number[] = [];
  for (let y = 0; y < height; y++) {
    let n = 0;
    for (let x = 0; x < width; x++) {
      const i = (y * width + x) * 4;
      if (data[i + 3] >= 128 && Math.abs(data[i] - r) + Math.abs(data[i + 1] - g) + Math.abs(data[i + 2] - b) <= 40) n++;
    }
    if (n >= width * share) rows.push(y);
  }
  return rows;
}

describe('guide levels', () => {
  it('RSI and the stochastics have overbought/oversold levels; other indicators none', () => {
    expect(guideLevelsOf('RSI')).toEqual([30, 70]);
    expect(guideLevelsOf('STOCH')).toEqual([20, 80]);
    expect(guideLevelsOf('SMA')).toEqual([]);
  });

  it('draws 30 and 70 as dashed lines at their heights, even when the values stay between them', async () => {
    const host = hostOf(700);
    const n = 200;
    const time = Float64Array.from({ length: n }, (_, i) => Date.UTC(2024, 0, 1) + i * 86_400_000);
    const rsi = Float64Array.from({ length: n }, () => 50);
    const LINE = '#c792ea';
    cleanups.push(render(() => <LineChart title="rsi" time={time} height={200} series={[{ label: 'RSI', values: rsi, color: LINE, width: 2 }]} guides={[30, 70]} />, host));
    await frames();
    const canvas = host.querySelector('canvas')!;
    const guide = CHART_PALETTES.dark.guide;
    const rows = rowsWith(canvas, guide, 0.3);
    // Two bands (one row each at pixel ratio 1, a few at higher ratios), far apart.
    const bands = rows.filter((y, i) => i === 0 || y - rows[i - 1] > 1);
    expect(bands).toHaveLength(2);
    const [y70, y30] = bands;
    // Dashed: no row of the guide is solid across the plot.
    expect(rowsWith(canvas, guide, 0.9)).toEqual([]);
    // The constant 50 sits halfway between the guides (a linear scale): the levels are at 30 and 70.
    const line = rowsWith(canvas, LINE, 0.5);
    expect(line.length).toBeGreaterThan(0);
    const y50 = (line[0] + line[line.length - 1]) / 2;
    expect(Math.abs(y50 - (y30 + y70) / 2)).toBeLessThanOrEqual(2);
    expect(y30 - y70).toBeGreaterThan(canvas.height * 0.3);
  });
});
