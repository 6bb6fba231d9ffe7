// Keyboard pan and zoom of the chart's window of bars (app/charts/date-range.ts moveWindow, moveOfKey).
import { describe, expect, it } from 'vitest';
import { moveOfKey, moveWindow } from '../../../app/charts/date-range.ts';

describe('keyboard pan and zoom', () => {
  it('maps the keys, Shift panning further', () => {
    expect(['ArrowLeft', 'ArrowRight', '+', '=', '-', 'Home', 'End', 'a'].map((k) => moveOfKey(k, false))).toEqual(['left', 'right', 'in', 'in', 'out', 'start', 'end', undefined]);
    expect(moveOfKey('ArrowLeft', true)).toBe('far-left');
  });

  it('pans a tenth of the window (a half with Shift) and stops at either end, keeping the width', () => {
    const w = { from: 500, to: 599 };
    expect(moveWindow(w, 1000, 'left')).toEqual({ from: 490, to: 589 });
    expect(moveWindow(w, 1000, 'far-right')).toEqual({ from: 550, to: 649 });
    expect(moveWindow({ from: 3, to: 102 }, 1000, 'left')).toEqual({ from: 0, to: 99 });
    expect(moveWindow({ from: 895, to: 994 }, 1000, 'right')).toEqual({ from: 900, to: 999 });
    expect(moveWindow(w, 1000, 'start')).toEqual({ from: 0, to: 99 });
    expect(moveWindow(w, 1000, 'end')).toEqual({ from: 900, to: 999 });
  });

  it('zooms around the centre: at least two bars, at most all', () => {
    expect(moveWindow({ from: 400, to: 600 }, 1000, 'in')).toEqual({ from: 420, to: 580 });
    expect(moveWindow({ from: 400, to: 600 }, 1000, 'out')).toEqual({ from: 375, to: 625 });
    expect(moveWindow({ from: 10, to: 11 }, 1000, 'in')).toEqual({ from: 10, to: 11 });
    expect(moveWindow({ from: 0, to: 999 }, 1000, 'out')).toEqual({ from: 0, to: 999 });
    expect(moveWindow({ from: 0, to: 0 }, 1, 'left')).toEqual({ from: 0, to: 0 });
  });
});
