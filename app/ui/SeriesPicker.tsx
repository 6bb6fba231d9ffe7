// Symbol and timeframe of the shown series: the bundled sample files and the timeframes resampled
// from them (finest first), and under "Your data" the series the user imported in the lab (listed
// from IndexedDB's keys when the picker appears or is focused; charted from IndexedDB, resampled the
// same way).
import { For, onMount, Show } from 'solid-js';
import { useWorkbench } from '../state/workbench.ts';
import { timeframeName, type SampleSeries } from '../state/samples.ts';
import { TIMEFRAMES } from '../../shared/data/bar-series.ts';

/** The symbol select's value of one of the user's series (a user's symbol may also be a sample's). */
const MINE = 'mine:';

export function SeriesPicker() {
  const wb = useWorkbench();
  onMount(() => void wb.actions.refreshImported());
  const current = () => wb.series().sample;
  const mine = () => current().imported === true;
  /** The series the timeframe select chooses among: the samples, or the user's own. */
  const group = (): readonly SampleSeries[] => (mine() ? wb.imported() : wb.samples);
  const symbolsOf = (list: readonly SampleSeries[]) => [...new Set(list.map((s) => s.symbol))];
  const timeframes = () => TIMEFRAMES.filter((tf) => group().some((s) => s.timeframe === tf));
  const has = (symbol: string, tf: string) => group().some((s) => s.symbol === symbol && s.timeframe === tf);
  const withTimeframe = (tf: string) =>
    group()
      .filter((s) => s.timeframe === tf)
      .map((s) => s.symbol)
      .join(', ');
  const chooseSymbol = (value: string) =>
    value.startsWith(MINE) ? wb.actions.selectSeries(value.slice(MINE.length), current().timeframe, true) : wb.actions.selectSeries(value, current().timeframe);

  return (
    <fieldset class="series-picker">
      <legend>Series</legend>
      <div class="field">
        <label for="symbol-select">Symbol</label>
        <select id="symbol-select" data-testid="symbol-select" onFocus={() => void wb.actions.refreshImported()} onChange={(e) => void chooseSymbol(e.currentTarget.value)}>
          <optgroup label="Samples">
            <For each={symbolsOf(wb.samples)}>{(s) => <option value={s} selected={!mine() && current().symbol === s}>{s}</option>}</For>
          </optgroup>
          <Show when={wb.imported().length > 0}>
            <optgroup label="Your data" data-testid="symbol-imported">
              <For each={symbolsOf(wb.imported())}>
                {(s) => (
                  <option value={`${MINE}${s}`} selected={mine() && current().symbol === s}>
                    {s} (your data)
                  </option>
                )}
              </For>
            </optgroup>
          </Show>
        </select>
      </div>
      <div class="field">
        <label for="timeframe-select">Timeframe</label>
        <select
          id="timeframe-select"
          data-testid="timeframe-select"
          onChange={(e) => void wb.actions.selectSeries(current().symbol, e.currentTarget.value as never, mine())}
        >
          <For each={timeframes()}>
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
