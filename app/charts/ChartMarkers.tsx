// A chart's markers beyond the canvas: placed when the markers or the bars change (marker-plot.ts),
// the hooks that draw them and follow the shown range and the cursor, and the accessible list under
// the chart — how many fills and signals are shown, the markers of the bar under the cursor, and
// (opened) every shown marker in words.
import { createEffect, createMemo, createSignal, For, on, Show, type Accessor } from 'solid-js';
import type uPlot from 'uplot';
import { countKinds, labelsOnBar, markersHook, markersIn, placeMarkers, type ChartMarker, type PlacedMarkers } from './marker-plot.ts';
import type { ChartPalette } from './palette.ts';
import './markers.css';

/** At most this many shown markers are listed (the count says how many there are). */
const LISTED = 100;

export interface MarkerLayer {
  readonly placed: Accessor<PlacedMarkers>;
  /** The shown markers: indices [from, to) of placed(). */
  readonly shown: Accessor<{ readonly from: number; readonly to: number }>;
  /** The bar under the cursor (null off the chart). */
  readonly cursorBar: Accessor<number | null>;
  /** Adds the draw, scale and cursor hooks to a new chart's options. */
  attach(opts: uPlot.Options, pal: ChartPalette): void;
  /** After a chart was built or fed: the shown range as it is now. */
  sync(u: uPlot): void;
}

export function createMarkerLayer(
  markers: () => readonly ChartMarker[] | undefined,
  time: () => Float64Array,
  intraday: () => boolean,
  plot: () => uPlot | undefined,
): MarkerLayer {
  const placed = createMemo(() => placeMarkers(markers(), time(), intraday()));
  const [shown, setShown] = createSignal({ from: 0, to: 0 }, { equals: (a, b) => a.from === b.from && a.to === b.to });
  const [cursorBar, setCursorBar] = createSignal<number | null>(null);
  const sync = (u: uPlot) => setShown(markersIn(placed(), u.scales.x.min, u.scales.x.max));
  // New markers on the same chart: repaint (the chart's own effect repaints when its data changes).
  createEffect(
    on(placed, () => {
      const u = plot();
      if (!u) return;
      u.redraw(false);
      sync(u);
    }, { defer: true }),
  );
  return {
    placed,
    shown,
    cursorBar,
    sync,
    attach(opts, pal) {
      const hooks = (opts.hooks ??= {});
      (hooks.draw ??= []).push(markersHook(placed, pal));
      (hooks.setScale ??= []).push((u, key) => key === 'x' && sync(u));
      (hooks.setCursor ??= []).push((u) => setCursorBar(u.cursor.idx ?? null));
    },
  };
}

function countText(fills: number, signals: number): string {
  const f = `${fills} fill${fills === 1 ? '' : 's'}`;
  const s = `${signals} signal${signals === 1 ? '' : 's'}`;
  return fills > 0 && signals > 0 ? `${f} and ${s}` : signals > 0 ? s : f;
}

/** The list under a chart with markers (nothing when it has none). */
export function ChartMarkers(props: { readonly layer: MarkerLayer; readonly testId: string }) {
  const total = () => props.layer.placed().count + props.layer.placed().outside;
  const summary = () => {
    const p = props.layer.placed();
    const { from, to } = props.layer.shown();
    const { fills, signals } = countKinds(p, from, to);
    const hidden = total() - (to - from);
    const shown = to > from ? `${countText(fills, signals)} shown` : 'No fills or signals in the shown bars';
    return hidden > 0 ? `${shown} (${hidden} more outside them)` : shown;
  };
  const atCursor = () => labelsOnBar(props.layer.placed(), props.layer.cursorBar()).join('; ');
  const listed = () => {
    const p = props.layer.placed();
    const { from, to } = props.layer.shown();
    return p.label.slice(from, Math.min(to, from + LISTED));
  };
  return (
    <Show when={total() > 0}>
      <details class="chart-markers" data-testid={`${props.testId}-markers`}>
        <summary>
          <span data-testid={`${props.testId}-markers-count`}>{summary()}</span>
          <Show when={atCursor()}>
            {(at) => (
              <span class="chart-markers-at" data-testid={`${props.testId}-markers-at`}>
                {' '}
                · this bar: {at()}
              </span>
            )}
          </Show>
        </summary>
        <ul>
          <For each={listed()}>{(label) => <li>{label}</li>}</For>
        </ul>
        <Show when={props.layer.shown().to - props.layer.shown().from > LISTED}>
          <p class="muted">The first {LISTED} are listed; zoom in to list others.</p>
        </Show>
      </details>
    </Show>
  );
}
