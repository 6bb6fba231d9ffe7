// What the browser tests of the charts share: a host element of a given width in the page, undone
// after each test with everything else a test pushes to `cleanups` (newest first), and a wait for two
// animation frames (uPlot draws on the next one).
import { afterEach } from 'vitest';

/** Undone after each test of the file that imports this, newest first. */
export const cleanups: (() => void | Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

/** Two animation frames. */
export const frames = (): Promise<unknown> => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));

/** A `width`-pixel-wide div in the page, removed after the test. */
export function hostOf(width: number): HTMLDivElement {
  const host = document.createElement('div');
  host.style.width = `${width}px`;
  document.body.appendChild(host);
  cleanups.push(() => host.remove());
  return host;
}
