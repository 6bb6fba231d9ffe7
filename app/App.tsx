import { createResource, createSignal, onCleanup, Show, type Accessor } from 'solid-js';
import { LineChart } from './charts/LineChart.tsx';
import type { BridgeStatus } from './bridge-client/socket.ts';
import type { ChartModel } from './state/market.ts';
import { StatusChip } from './ui/StatusChip.tsx';

export interface AppProps {
  readonly loadChart: () => Promise<ChartModel>;
  readonly bridge: Accessor<BridgeStatus>;
  readonly serviceWorker: Accessor<string>;
}

function bridgeText(s: BridgeStatus): [string, 'ok' | 'warn' | 'bad'] {
  switch (s.state) {
    case 'connected':
      return [`bridge ${s.serverVersion} · broker: ${s.broker}`, 'ok'];
    case 'connecting':
      return ['bridge: connecting…', 'warn'];
    case 'offline':
      return [`bridge offline · retry in ${Math.round(s.retryInMs / 1000)} s`, 'bad'];
    case 'incompatible':
      return [`bridge incompatible: ${s.message}`, 'bad'];
  }
}

export function App(props: AppProps) {
  const [chart] = createResource(props.loadChart);
  const [online, setOnline] = createSignal(navigator.onLine);
  const on = () => setOnline(true);
  const off = () => setOnline(false);
  window.addEventListener('online', on);
  window.addEventListener('offline', off);
  onCleanup(() => {
    window.removeEventListener('online', on);
    window.removeEventListener('offline', off);
  });

  return (
    <div class="shell">
      <header class="topbar">
        <h1>MoneyTrailz</h1>
        <div class="chips" aria-live="polite">
          <StatusChip text={bridgeText(props.bridge())[0]} tone={bridgeText(props.bridge())[1]} testId="bridge-status" />
          <StatusChip text={online() ? 'online' : 'offline'} tone={online() ? 'ok' : 'warn'} testId="network-status" />
          <StatusChip text={`service worker: ${props.serviceWorker()}`} tone="ok" testId="sw-status" />
        </div>
      </header>
      <main>
        <section class="card" aria-labelledby="chart-title">
          <h2 id="chart-title">SPY daily close · SMA(20)</h2>
          <Show when={chart.error}>
            <p class="error" role="alert">Could not load the chart: {String((chart.error as Error)?.message ?? chart.error)}</p>
          </Show>
          <Show when={chart()} fallback={<Show when={!chart.error}><p class="muted">Loading bars and computing SMA(20) in WebAssembly…</p></Show>}>
            {(m) => (
              <>
                <LineChart
                  title="SPY daily close with SMA(20)"
                  time={m().bars.time}
                  series={[
                    { label: 'SPY close', values: m().bars.close, color: '#4fa3ff' },
                    { label: 'SMA(20)', values: m().sma20, color: '#ffb347', width: 2 },
                  ]}
                />
                <p class="muted" data-testid="chart-info">
                  {m().bars.length.toLocaleString()} bars · {m().origin === 'cache' ? 'from IndexedDB' : 'loaded and stored in IndexedDB'} · SMA by the WASM kernel in a Web Worker
                </p>
              </>
            )}
          </Show>
        </section>
      </main>
    </div>
  );
}
