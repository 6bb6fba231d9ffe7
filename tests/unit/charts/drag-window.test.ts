// Touch and mouse pan and zoom of the chart's bars (app/charts/date-range.ts dragWindow, windowOfX):
// a drag keeps the width, a pinch scales it around the point between the fingers, both clamped as
// the keyboard's moves are; an x range (a mouse selection, the chart's scale) maps back to its bars.
import { describe, expect, it } from 'vitest';
import { dragWindow, moveWindow, windowOfX, xWindow } from '../../../app/charts/date-range.ts';

const DAY = 86_400_000;

describe('dragWindow', () => {
  const w = { from: 500, to: 600 };
  it('a drag moves the bars under the finger with it and keeps the width', () => {
    // The finger moves right by a tenth of the plot: the window moves a tenth (10 bars) earlier.
    expect(dragWindow(w, 1000, { from: 0.5, to: 0.6, scale: 1 })).toEqual({ from: 490, to: 590 });
    expect(dragWindow(w, 1000, { from: 0.5, to: 0.25, scale: 1 })).toEqual({ from: 525, to: 625 });
    // Stops at either end, as the keyboard's pan does.
    expect(dragWindow(w, 1000, { from: 0, to: 1, scale: 1 })).toEqual({ from: 400, to: 500 });
    expect(dragWindow({ from: 50, to: 150 }, 1000, { from: 0, to: 1, scale: 1 })).toEqual(moveWindow({ from: 50, to: 150 }, 1000, 'start'));
    expect(dragWindow({ from: 850, to: 950 }, 1000, { from: 1, to: 0, scale: 1 })).toEqual({ from: 899, to: 999 });
  });

  it('a pinch scales the width around the bar between the fingers: at least two bars, at most all', () => {
    // Spread to twice the distance around the middle: half the bars, the same middle.
    expect(dragWindow(w, 1000, { from: 0.5, to: 0.5, scale: 2 })).toEqual({ from: 525, to: 575 });
    // Around a quarter of the way across: bar 525 stays a quarter of the way across.
    expect(dragWindow(w, 1000, { from: 0.25, to: 0.25, scale: 2 })).toEqual({ from: 513, to: 563 });
    expect(dragWindow(w, 1000, { from: 0.5, to: 0.5, scale: 0.5 })).toEqual({ from: 450, to: 650 });
    expect(dragWindow(w, 1000, { from: 0.5, to: 0.5, scale: 1000 })).toEqual({ from: 550, to: 551 });
    expect(dragWindow(w, 1000, { from: 0.5, to: 0.5, scale: 0.001 })).toEqual({ from: 0, to: 999 });
    // Nonsense scales are no zoom; one bar has nowhere to go.
    expect(dragWindow(w, 1000, { from: 0.5, to: 0.5, scale: Number.NaN })).toEqual(w);
    expect(dragWindow({ from: 0, to: 0 }, 1, { from: 0.5, to: 0.9, scale: 3 })).toEqual({ from: 0, to: 0 });
  });
});

describe('windowOfX', () => {
  const daily = Float64Array.from({ length: 30 }, (_, i) => Date.UTC(2024, 0, 1) + i * DAY);
  it('maps xWindow back to its bars (daily: epoch seconds; intraday: bar numbers)', () => {
    for (const win of [{ from: 0, to: 29 }, { from: 3, to: 17 }, { from: 28, to: 29 }]) {
      expect(windowOfX(xWindow(win, daily, false)!, daily, false)).toEqual(win);
      expect(windowOfX(xWindow(win, daily, true)!, daily, true)).toEqual(win);
    }
  });

  it('takes the bars inside a selection, at least two, within the series', () => {
    const sec = (day: number) => (Date.UTC(2024, 0, 1) + day * DAY) / 1000;
    expect(windowOfX({ min: sec(2.5), max: sec(9.2) }, daily, false)).toEqual({ from: 3, to: 9 });
    expect(windowOfX({ min: sec(4.2), max: sec(4.8) }, daily, false)).toEqual({ from: 4, to: 5 });
    expect(windowOfX({ min: sec(-10), max: sec(100) }, daily, false)).toEqual({ from: 0, to: 29 });
    expect(windowOfX({ min: 6.6, max: 6.9 }, daily, true)).toEqual({ from: 6, to: 7 });
    expect(windowOfX({ min: 5, max: 5 }, daily, false)).toBeNull();
    expect(windowOfX({ min: 0, max: 1 }, new Float64Array(0), true)).toBeNull();
  });
});
