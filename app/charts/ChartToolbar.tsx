// The chart's range and scale controls: date-range presets (toggle buttons: Tab to the row, Enter or
// Space to choose; aria-pressed tells which one shows), a log-scale switch for the price axis and,
// with a bridge, the Live switch (checkboxes: Space toggles).
import { For, Show } from 'solid-js';
import { RANGE_PRESETS, type RangePreset } from './date-range.ts';

export interface ChartToolbarProps {
  /** The preset shown; null after a pan or zoom (no button pressed: choosing one, the same too, returns to it). */
  readonly range: RangePreset | null;
  onRange(preset: RangePreset): void;
  /** Whether a preset shows at least two bars of this series (else it is disabled). */
  usable(preset: RangePreset): boolean;
  readonly logScale: boolean;
  onLogScale(on: boolean): void;
  /** The Live switch (absent without a bridge connection). */
  readonly live?: {
    readonly on: boolean;
    /** Why it cannot be switched on now (the bridge is not connected), or null. */
    readonly unavailable: string | null;
    onChange(on: boolean): void;
  };
}

export function ChartToolbar(props: ChartToolbarProps) {
  return (
    <div class="chart-toolbar">
      <div class="range-presets" role="group" aria-label="Date range" data-testid="range-presets">
        <For each={RANGE_PRESETS}>
          {(p) => (
            <button
              type="button"
              aria-pressed={props.range === p.id}
              disabled={!props.usable(p.id)}
              title={props.usable(p.id) ? `Show ${p.title}` : `Fewer than two bars in ${p.title}`}
              onClick={() => props.onRange(p.id)}
            >
              {p.id}
            </button>
          )}
        </For>
      </div>
      <label class="toggle">
        <input type="checkbox" checked={props.logScale} data-testid="log-scale" onChange={(e) => props.onLogScale(e.currentTarget.checked)} />
        Log scale
      </label>
      <Show when={props.live}>
        {(live) => (
          <label class="toggle" title={live().unavailable ?? "Follow this symbol's 1-minute bars from the bridge as they trade"}>
            <input
              type="checkbox"
              checked={live().on}
              disabled={!live().on && live().unavailable !== null}
              data-testid="live-toggle"
              onChange={(e) => live().onChange(e.currentTarget.checked)}
            />
            Live
          </label>
        )}
      </Show>
    </div>
  );
}
