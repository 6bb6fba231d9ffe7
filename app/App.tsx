import { createSignal, onCleanup, type Accessor } from 'solid-js';
import type { BridgeStatus } from './bridge-client/socket.ts';
import { WorkbenchContext, type Workbench as WorkbenchState } from './state/workbench.ts';
import { StatusChip } from './ui/StatusChip.tsx';
import { Workbench } from './ui/Workbench.tsx';

export interface AppProps {
  readonly workbench: WorkbenchState;
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
        <WorkbenchContext.Provider value={props.workbench}>
          <Workbench />
        </WorkbenchContext.Provider>
      </main>
    </div>
  );
}
