// How the price is drawn: candles, OHLC bars or a close line. Native radio buttons in a
// fieldset: one Tab stop, arrow keys move the choice, each option named by its visible label.
import { For } from 'solid-js';
import { CHART_STYLES } from '../charts/candle-plot.ts';
import { useWorkbench } from '../state/workbench.ts';

export function ChartStylePicker() {
  const wb = useWorkbench();
  return (
    <fieldset class="chart-style" data-testid="chart-style">
      <legend class="sr-only">Chart style</legend>
      <For each={CHART_STYLES}>
        {(s) => (
          <label class="segment">
            <input
              type="radio"
              name="chart-style"
              value={s.style}
              checked={wb.chartStyle() === s.style}
              onChange={() => wb.actions.setChartStyle(s.style)}
            />
            <span>{s.label}</span>
          </label>
        )}
      </For>
    </fieldset>
  );
}
