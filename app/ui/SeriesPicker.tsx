// Symbol and timeframe of the shown series, over the bundled sample files and the timeframes
// resampled from them (finest first).
import { For } from 'solid-js';
import { useWorkbench } from '../state/workbench.ts';
import { timeframeName } from '../state/samples.ts';
import { TIMEFRAMES } from '../../shared/data/bar-series.ts';

export function SeriesPicker() {
  const wb = useWorkbench();
  const symbols = [...new Set(wb.samples.map((s) => s.symbol))];
  const timeframes = TIMEFRAMES.filter((tf) => wb.samples.some((s) => s.timeframe === tf));
  const current = () => wb.series().sample;
  const has = (symbol: string, tf: string) => wb.samples.some((s) => s.symbol === symbol && s.timeframe === tf);
  const withTimeframe = (tf: string) => wb.samples.filter((s) => s.timeframe === tf).map((s) => s.symbol).join(', ');

  return (
    <fieldset class="series-picker">
      <legend>Series</legend>
      <div class="field">
        <label for="symbol-select">Symbol</label>
        <select id="symbol-select" data-testid="symbol-select" onChange={(e) => void wb.actions.selectSeries(e.currentTarget.value, current().timeframe)}>
          <For each={symbols}>{(s) => <option value={s} selected={current().symbol === s}>{s}</option>}</For>
        </select>
      </div>
      <div class="field">
        <label for="timeframe-select">Timeframe</label>
        <select
          id="timeframe-select"
          data-testid="timeframe-select"
          onChange={(e) => void wb.actions.selectSeries(current().symbol, e.currentTarget.value as never)}
        >
          <For each={timeframes}>
            {(tf) => (
              <option
                value={tf}
                selected={current().timeframe === tf}
                disabled={!has(current().symbol, tf)}
                title={has(current().symbol, tf) ? undefined : `${timeframeName(tf)} bars exist for ${withTimeframe(tf)} only`}
              >
                {timeframeName(tf)}
                {has(current().symbol, tf) ? '' : ` (${withTimeframe(tf)} only)`}
              </option>
            )}
          </For>
        </select>
      </div>
    </fieldset>
  );
}
