// The light theme's chart colours (issue 13, item 2): every indicator colour, the price line and the
// candles have at least 3:1 contrast against the light chart's panel (read from app/styles.css), the
// dimmer volume columns at least 2:1 (as the dark theme's on its panel); the dark colours are unchanged.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CHART_PALETTES, contrastRatio, LIGHT_PALETTE, PALETTE, themedColor } from '../../../app/charts/palette.ts';
import { ROOT } from '../../support/source-rules.ts';

/** A custom property of a theme's block in styles.css. */
function cssVar(theme: 'dark' | 'light', name: string): string {
  const css = readFileSync(join(ROOT, 'app/styles.css'), 'utf8');
  const block = theme === 'light' ? css.slice(css.indexOf(":root[data-theme='light']")) : css.slice(css.indexOf(':root {'));
  const m = block.slice(0, block.indexOf('}')).match(new RegExp(`${name}:\\s*(#[0-9a-f]{6})`, 'i'));
  if (!m) throw new Error(`${name} not found in the ${theme} theme of app/styles.css`);
  return m[1];
}

describe('contrastRatio', () => {
  it('is the WCAG ratio', () => {
    expect(contrastRatio('#000000', '#ffffff')).toBeCloseTo(21, 5);
    expect(contrastRatio('#ffffff', '#ffffff')).toBe(1);
    expect(contrastRatio('#767676', '#ffffff')).toBeCloseTo(4.54, 2);
  });
});

describe('light chart colours', () => {
  const panel = cssVar('light', '--panel');

  it('every indicator colour has at least 3:1 against the light panel (the dark shades do not)', () => {
    expect(LIGHT_PALETTE).toHaveLength(PALETTE.length);
    for (const c of LIGHT_PALETTE) expect(contrastRatio(c, panel), c).toBeGreaterThanOrEqual(3);
    // Why: the dark theme's yellow and silver are near invisible on white.
    expect(contrastRatio(PALETTE[5], panel)).toBeLessThan(2);
    expect(contrastRatio(PALETTE[7], panel)).toBeLessThan(2);
  });

  it('the price line, candles and guides have at least 3:1, volume columns at least 2:1 (dark: on the dark panel)', () => {
    for (const t of ['dark', 'light'] as const) {
      const p = CHART_PALETTES[t];
      const bg = cssVar(t, '--panel');
      for (const c of [p.price, p.up, p.down, p.guide]) expect(contrastRatio(c, bg), `${t} ${c}`).toBeGreaterThanOrEqual(3);
      for (const c of [p.volumeUp, p.volumeDown]) expect(contrastRatio(c, bg), `${t} ${c}`).toBeGreaterThanOrEqual(2);
    }
  });

  it('indicators keep their stored (dark) colour; the light theme draws its shade, the dark one itself', () => {
    PALETTE.forEach((c, i) => {
      expect(themedColor(c, 'dark')).toBe(c);
      expect(themedColor(c, 'light')).toBe(LIGHT_PALETTE[i]);
      expect(themedColor(c.toUpperCase(), 'light')).toBe(LIGHT_PALETTE[i]);
    });
    expect(themedColor('#123456', 'light')).toBe('#123456');
    expect(new Set(LIGHT_PALETTE).size).toBe(LIGHT_PALETTE.length);
    expect(PALETTE[0]).toBe('#ffb347'); // the dark palette is unchanged
    expect(PALETTE[7]).toBe('#d0d7de');
  });
});
