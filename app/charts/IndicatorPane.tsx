// The lower pane: one small synced uPlot per momentum/volume indicator, stacked under the price
// chart. Its first pane's space is reserved (placeholder) so adding the first one moves nothing.
import { Index, Show } from 'solid-js';
import type { LowerPane } from '../state/chart-model.ts';
import { LineChart } from './LineChart.tsx';
import type { BarWindow } from './date-range.ts';

export interface IndicatorPaneProps {
  readonly time: Float64Array;
  readonly panes: readonly LowerPane[];
  readonly intraday: boolean;
  readonly syncKey: string;
  /** The bars shown (the price chart's date range). */
  readonly window?: BarWindow | null;
  /** A mouse drag-zoom, touch pan or pinch on a pane: the bars to show on every chart. */
  readonly onWindow?: (win: BarWindow) => void;
}

/** Plot height of one pane (its legend comes on top). */
export const paneHeight = (width: number): number => (width < 520 ? 120 : 150);

export function IndicatorPane(props: IndicatorPaneProps) {
  return (
    <div class="lower" data-testid="lower-chart" aria-label="Momentum and volume indicators">
      <Show when={props.panes.length > 0} fallback={<p class="lower-empty muted">Momentum and volume indicators (RSI, MACD, OBV…) are drawn here.</p>}>
        <Index each={props.panes}>
          {(pane) => (
            <LineChart
              title={`${pane().label} for the bars above`}
              testId="lower-pane"
              time={props.time}
              series={pane().lines}
              height={paneHeight}
              intraday={props.intraday}
              syncKey={props.syncKey}
              guides={pane().guides}
              window={props.window}
              onWindow={props.onWindow}
              hideTimeLabels
            />
          )}
        </Index>
      </Show>
    </div>
  );
}
