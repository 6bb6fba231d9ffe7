// How the pointer moves a chart's window of bars. The chart does not zoom itself: it reports the new
// window and the workbench shows it on every synced chart (as it does the keyboard's pan and zoom),
// so the panes, the keys and the toolbar agree.
//   Mouse: a drag selects the bars to show; a double-click shows every bar.
//   Touch: one finger drags the bars along; two fingers pinch to zoom around the point between them
//   (and drag while they do). The plot takes every touch (touch-action: none) so the page does not
//   scroll under a gesture; the axes and legend around it still scroll the page. A tap without a move
//   is left to the browser, whose compatibility mouse events move the cursor and fill the legend.
import type uPlot from 'uplot';
import { dragWindow, windowOfX, type BarWindow } from './date-range.ts';

export interface WindowTarget {
  /** The chart's bar times (epoch ms, ascending). */
  time(): Float64Array;
  /** Intraday bars: x is the bar number. */
  intraday(): boolean;
  onWindow(win: BarWindow): void;
}

/** A finger moves this far (CSS px) before a touch counts as a drag rather than a tap. */
const TAP_SLOP = 6;

/** Adds the mouse and touch gestures to a chart's options (before `new uPlot`). */
export function windowGestures(opts: uPlot.Options, target: WindowTarget): void {
  const all = (): null => {
    const n = target.time().length;
    if (n > 0) target.onWindow({ from: 0, to: n - 1 });
    return null;
  };
  opts.cursor = {
    ...opts.cursor,
    drag: { x: true, y: false, ...opts.cursor?.drag, setScale: false },
    bind: { ...opts.cursor?.bind, dblclick: () => all },
  };
  const hooks = (opts.hooks ??= {});
  hooks.setSelect = [...(hooks.setSelect ?? []), (u) => selected(u, target)];
  hooks.ready = [...(hooks.ready ?? []), (u) => touch(u, target)];
}

/**
 * A finished drag selection: its bars become the window. Synced charts get the same mouse-up and
 * report the same bars; the report waits until every one has read the selection against the old scale.
 */
function selected(u: uPlot, target: WindowTarget): void {
  const { left, width } = u.select;
  if (!(width > 0)) return;
  const win = windowOfX({ min: u.posToVal(left, 'x'), max: u.posToVal(left + width, 'x') }, target.time(), target.intraday());
  u.setSelect({ left: 0, top: 0, width: 0, height: 0 }, false);
  if (win) queueMicrotask(() => target.onWindow(win));
}

/** The window the chart shows now (its x scale in bars). */
function shownWindow(u: uPlot, target: WindowTarget): BarWindow | null {
  const { min, max } = u.scales.x;
  return min == null || max == null ? null : windowOfX({ min, max }, target.time(), target.intraday());
}

/** Touch pan and pinch on the plot (pointer events of pointerType 'touch'). */
function touch(u: uPlot, target: WindowTarget): void {
  const over = u.over;
  over.style.touchAction = 'none';
  const fingers = new Map<number, { x: number; y: number }>();
  /** Where the gesture (or its last change of fingers) began. */
  let start: { win: BarWindow; mid: number; spread: number; x: number } | null = null;
  let dragging = false;
  let last: BarWindow | null = null;
  let pending: BarWindow | null = null;
  let frame = 0;

  const report = () => {
    frame = 0;
    if (!pending) return;
    const win = pending;
    pending = null;
    target.onWindow(win);
  };
  const middle = () => {
    let x = 0;
    for (const f of fingers.values()) x += f.x;
    return x / Math.max(1, fingers.size);
  };
  const spread = () => {
    const [a, b] = [...fingers.values()];
    return b ? Math.max(10, Math.hypot(a.x - b.x, a.y - b.y)) : 0;
  };
  /** A new baseline whenever a finger comes or goes (the window so far stays). */
  const begin = () => {
    if (frame) {
      cancelAnimationFrame(frame);
      report();
    }
    const win = last ?? shownWindow(u, target);
    const rect = over.getBoundingClientRect();
    start = win && fingers.size > 0 && rect.width > 0 ? { win, mid: (middle() - rect.left) / rect.width, spread: spread(), x: middle() } : null;
  };

  over.addEventListener('pointerdown', (e) => {
    if (e.pointerType !== 'touch') return;
    fingers.set(e.pointerId, { x: e.clientX, y: e.clientY });
    if (fingers.size === 1) {
      dragging = false;
      last = null;
    }
    begin();
  });
  over.addEventListener('pointermove', (e) => {
    const f = fingers.get(e.pointerId);
    if (!f || !start) return;
    f.x = e.clientX;
    f.y = e.clientY;
    const pinch = fingers.size >= 2 && start.spread > 0;
    if (!dragging && !pinch && Math.abs(middle() - start.x) < TAP_SLOP) return;
    dragging = true;
    const rect = over.getBoundingClientRect();
    const win = dragWindow(start.win, target.time().length, {
      from: start.mid,
      to: (middle() - rect.left) / rect.width,
      scale: pinch ? spread() / start.spread : 1,
    });
    if (last && win.from === last.from && win.to === last.to) return;
    last = win;
    pending = win;
    frame ||= requestAnimationFrame(report);
  });
  const up = (e: PointerEvent) => {
    if (!fingers.delete(e.pointerId)) return;
    begin();
  };
  over.addEventListener('pointerup', up);
  over.addEventListener('pointercancel', up);
}
