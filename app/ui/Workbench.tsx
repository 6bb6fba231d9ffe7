// The indicator workbench: series and indicator pickers, the price chart (candles, OHLC bars or a
// close line, with volume) with overlays, the lower pane, and the active indicators. While a series loads the last chart stays (dimmed),
// so nothing below it moves.
import { createMemo, createSignal, Show } from 'solid-js';
import { LineChart } from '../charts/LineChart.tsx';
import { IndicatorPane } from '../charts/IndicatorPane.tsx';
import { ChartToolbar } from '../charts/ChartToolbar.tsx';
import { COMPACT_WIDTH } from '../charts/compact-legend.ts';
import { moveOfKey, moveWindow, presetWindow, type BarWindow, type RangePreset } from '../charts/date-range.ts';
import { useWorkbench } from '../state/workbench.ts';
import { sampleName, timeframeName } from '../state/samples.ts';
import { isIntraday } from '../../shared/data/bar-series.ts';
import type { ChartModel } from '../state/chart-model.ts';
import { ActiveIndicators } from './ActiveIndicators.tsx';
import { ChartStylePicker } from './ChartStylePicker.tsx';
import { IndicatorPicker } from './IndicatorPicker.tsx';
import { SeriesPicker } from './SeriesPicker.tsx';

/**
 * Plot height of the price chart for a width (styles.css sizes the skeleton the same way). On a phone
 * (narrower than COMPACT_WIDTH) it follows the screen's height instead: the plot area, under a legend
 * of two rows and above the time axis (80 px together), gets at least 45 % of the viewport.
 */
export const priceHeight = (width: number, viewport: number = steadyViewport()): number =>
  width < COMPACT_WIDTH ? Math.round(Math.max(220, viewport * 0.45 + 80)) : Math.round(Math.min(360, Math.max(220, width * 0.45)));

let viewportAt: { width: number; height: number } | undefined;
/**
 * The window's height, read again only when its width changes (a rotation): a phone's address bar
 * coming and going (or a full-page screenshot) resizes the height and must not resize the chart.
 */
function steadyViewport(): number {
  if (viewportAt?.width !== window.innerWidth) viewportAt = { width: window.innerWidth, height: window.innerHeight };
  return viewportAt.height;
}

export function Workbench() {
  const wb = useWorkbench();
  // The last complete model: kept on screen while the next series or computation is under way.
  const shown = createMemo<ChartModel | null>((prev) => wb.chart() ?? prev, null);
  const loading = () => wb.chart() === null && wb.series().status !== 'error';
  const seriesError = () => {
    const s = wb.series();
    return s.status === 'error' ? s.error : null;
  };
  const intraday = () => {
    const m = shown();
    return m !== null && isIntraday(m.sample.timeframe);
  };
  // The bars the chosen date range shows (recomputed as bars are appended, so it follows the last bar).
  const windowOf = (m: ChartModel, preset: RangePreset) => presetWindow(preset, m.bars.time, m.bars.session);
  // The keyboard's pan and zoom (←/→, Shift+←/→, +/−, Home/End on the focused chart) and the pointer's
  // (mouse drag-zoom, touch pan and pinch: window-gestures.ts) override the preset until a preset
  // (the same one again too), series or timeframe is chosen; meanwhile no preset shows pressed.
  const [moved, setMoved] = createSignal<{ key: string; win: BarWindow } | null>(null);
  const movedKey = () => {
    const m = shown();
    return m ? `${m.sample.key}|${wb.range()}` : '';
  };
  const isMoved = () => {
    const mv = moved();
    return mv !== null && mv.key === movedKey();
  };
  const shownWindow = createMemo(
    () => {
      const m = shown();
      if (!m) return null;
      return isMoved() ? moved()!.win : windowOf(m, wb.range());
    },
    null,
    { equals: (a, b) => a === b || (a !== null && b !== null && a.from === b.from && a.to === b.to) },
  );
  const showBars = (win: BarWindow) => setMoved({ key: movedKey(), win });
  const choosePreset = (preset: RangePreset) => {
    setMoved(null);
    wb.actions.setRange(preset);
  };
  const onChartKey = (e: KeyboardEvent) => {
    const m = shown();
    const move = moveOfKey(e.key, e.shiftKey);
    if (!m || !move || e.altKey || e.ctrlKey || e.metaKey) return;
    const win = shownWindow() ?? { from: 0, to: m.bars.length - 1 };
    e.preventDefault();
    showBars(moveWindow(win, m.bars.length, move));
  };
  const usable = (preset: RangePreset) => {
    const m = shown();
    const w = m ? windowOf(m, preset) : null;
    return w !== null && (preset === 'All' || w.to > w.from);
  };
  const liveState = () => wb.live();
  const isLive = () => liveState().status !== 'off';
  const shownName = () => {
    const l = liveState();
    return l.status === 'off' ? sampleName(wb.series().sample) : `${l.symbol} 1-minute`;
  };
  const clock = (ms: number) => new Date(ms).toLocaleTimeString('en-GB');
  /** What Live shows: progress, its age when not live, or what went wrong and what to do. */
  const liveText = (): { text: string; error: boolean; stale?: boolean } | null => {
    const l = liveState();
    switch (l.status) {
      case 'off':
        return null;
      case 'loading':
        return { text: `Loading ${l.symbol}'s recent 1-minute bars from the bridge…`, error: false };
      case 'error':
        return { text: `Live ${l.symbol}: ${l.error}. Turn Live off and on to try again.`, error: true };
      case 'on':
        return l.live
          ? { text: `Live · ${l.symbol} 1-minute bars from the bridge · updated ${clock(l.updatedAt)}`, error: false }
          : { text: `not live · ${l.why ?? 'no data from the bridge yet'} · bars as of ${clock(l.updatedAt)}`, error: false, stale: true };
    }
  };
  const styleName = () => ({ candles: 'candles', ohlc: 'OHLC bars', line: 'close' })[wb.chartStyle()];
  // Today's fills and the strategies' signals of the shown symbol (while the bridge is connected).
  const markers = createMemo(() => {
    const m = shown();
    return m ? wb.markersFor(m) : [];
  });

  return (
    <section class="card workbench" aria-labelledby="chart-title">
      <div class="wb-controls">
        <SeriesPicker />
        <IndicatorPicker />
      </div>
      <div class="wb-charts">
        <div class="chart-head">
          <h2 id="chart-title">
            {shownName()} <span class="muted">· {styleName()}</span>
          </h2>
          <ChartStylePicker />
        </div>
        <ChartToolbar
          range={isMoved() ? null : wb.range()}
          onRange={choosePreset}
          usable={usable}
          logScale={wb.logScale()}
          onLogScale={wb.actions.setLogScale}
          live={
            wb.hasLive
              ? { on: isLive(), unavailable: wb.liveAvailable() ? null : 'Live needs the bridge (npm start) to be connected', onChange: wb.actions.setLive }
              : undefined
          }
        />
        <Show when={wb.hasLive}>
          <div class="chart-toolbar">
            <label class="toggle">
              <input type="checkbox" data-testid="show-markers" checked={wb.showMarkers()} onChange={(e) => wb.actions.setShowMarkers(e.currentTarget.checked)} /> Show fills and signals
            </label>
            <Show when={wb.showMarkers() && !wb.liveAvailable()}>
              <span class="muted" data-testid="markers-offline">
                Fills and signals need the bridge (npm start) to be connected.
              </span>
            </Show>
          </div>
        </Show>
        <Show when={liveText()}>
          {(t) => (
            <p class={t().error ? 'form-error' : 'muted live-status'} classList={{ stale: t().stale === true }} role={t().error ? 'alert' : 'status'} data-testid="live-status">
              {t().text}
            </p>
          )}
        </Show>
        <div class="chart-stack" classList={{ stale: loading() && shown() !== null }} aria-busy={loading()}>
          <Show
            when={!seriesError() && shown()}
            fallback={
              <div class="chart-skeleton">
                <div class="price-skeleton">
                  <Show
                    when={seriesError()}
                    fallback={<p class="muted">Loading bars and computing indicators in WebAssembly…</p>}
                  >
                    <div class="load-error" role="alert">
                      <p class="error">
                        Could not load {sampleName(wb.series().sample)}: {seriesError()}
                      </p>
                      <button type="button" onClick={() => void wb.actions.selectSeries(wb.series().sample.symbol, wb.series().sample.timeframe, wb.series().sample.imported === true)}>
                        Retry
                      </button>
                    </div>
                  </Show>
                </div>
                <div class="lower" aria-hidden="true">
                  <p class="lower-empty" />
                </div>
              </div>
            }
          >
            {(m) => (
              <div
                class="chart-keys"
                tabIndex={0}
                role="group"
                aria-label="Price chart: arrow keys pan, Shift+arrow pans further, + and − zoom, Home and End go to the first and last bars; with a mouse drag across the bars to show, double-click for every bar; on a touch screen drag to pan and pinch to zoom"
                data-testid="chart-keys"
                onKeyDown={onChartKey}
              >
                <LineChart
                  title={`${sampleName(m().sample)} ${styleName()} and volume with ${m().overlays.length} overlays`}
                  time={m().bars.time}
                  ohlc={{ bars: m().bars, style: wb.chartStyle() }}
                  series={m().overlays}
                  height={priceHeight}
                  intraday={intraday()}
                  syncKey="workbench"
                  logScale={wb.logScale()}
                  window={shownWindow()}
                  onWindow={showBars}
                  markers={markers()}
                />
                <IndicatorPane time={m().bars.time} panes={m().panes} intraday={intraday()} syncKey="workbench" window={shownWindow()} onWindow={showBars} />
                <p class="muted" data-testid="chart-info">
                  {m().bars.length.toLocaleString('en-US')} bars
                  {m().sample.resampledFrom ? ` resampled from ${timeframeName(m().sample.resampledFrom!.timeframe)} bars` : ''} · {({ cache: 'from IndexedDB', loaded: 'loaded and stored in IndexedDB', live: 'from the bridge, not stored' })[m().origin]} · indicators by the WASM kernels in a Web Worker
                </p>
              </div>
            )}
          </Show>
          <Show when={loading() && shown() !== null}>
            <p class="loading-note" role="status">
              Loading {sampleName(wb.series().sample)}…
            </p>
          </Show>
        </div>
      </div>
      <div class="wb-active">
        <ActiveIndicators />
      </div>
    </section>
  );
}
