// The colour theme: the user's choice (System / Dark / Light, stored with the settings) resolved
// against the device's prefers-color-scheme — dark unless the device prefers light and the user has
// not chosen — and applied as `data-theme` on <html>, where the CSS custom properties switch. Charts
// read theme() when they are built, so a switch repaints them in the other palette.
import { createSignal, type Accessor } from 'solid-js';
import type { MoneyTrailzDb } from '../db/schema.ts';
import type { Theme } from '../charts/palette.ts';
import { readThemeChoice, writeThemeChoice, type ThemeChoice } from './settings.ts';

export type { Theme, ThemeChoice };

/** The theme a choice shows: 'system' is dark unless the device prefers light. */
export const resolveTheme = (choice: ThemeChoice, prefersLight: boolean): Theme =>
  choice === 'system' ? (prefersLight ? 'light' : 'dark') : choice;

/** <meta name="theme-color"> per theme (the browser's bars around the app): each theme's --bg. */
const BAR_COLOR: Readonly<Record<Theme, string>> = { dark: '#0f1419', light: '#f6f8fa' };

const [choice, setChoiceSignal] = createSignal<ThemeChoice>('system');
const [current, setCurrent] = createSignal<Theme>('dark');

/** The theme on screen (dark until startTheme() has run). */
export const theme: Accessor<Theme> = current;
/** The user's choice ('system' until one is read or made). */
export const themeChoice: Accessor<ThemeChoice> = choice;

let media: MediaQueryList | undefined;

function apply(): void {
  if (!media) {
    media = matchMedia('(prefers-color-scheme: light)');
    media.addEventListener('change', apply);
  }
  const t = resolveTheme(choice(), media.matches);
  setCurrent(t);
  document.documentElement.dataset.theme = t;
  document.querySelector('meta[name="theme-color"]')?.setAttribute('content', BAR_COLOR[t]);
}

/**
 * Applies the device's preference at once (no flash of the wrong theme), then the stored choice,
 * and follows the device's preference while the choice is 'system'. Resolves once the stored
 * choice is applied (an unreadable store keeps 'system').
 */
export async function startTheme(db: MoneyTrailzDb): Promise<void> {
  apply();
  const stored = await readThemeChoice(db).catch(() => 'system' as const);
  setChoiceSignal(stored);
  apply();
}

/** Shows `next` at once and stores it; rejects (the theme still switched) when the store fails. */
export function setThemeChoice(db: MoneyTrailzDb, next: ThemeChoice): Promise<void> {
  setChoiceSignal(next);
  apply();
  return writeThemeChoice(db, next);
}
