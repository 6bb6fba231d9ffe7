import { createSignal, onCleanup, Show, type Accessor } from 'solid-js';
import type { BridgeStatus, PairOutcome } from './bridge-client/socket.ts';
import { WorkbenchContext, type Workbench as WorkbenchState } from './state/workbench.ts';
import { StatusChip } from './ui/StatusChip.tsx';
import { Workbench } from './ui/Workbench.tsx';
import { PairingScreen } from './ui/PairingScreen.tsx';

export interface AppProps {
  readonly workbench: WorkbenchState;
  readonly bridge: Accessor<BridgeStatus>;
  readonly serviceWorker: Accessor<string>;
  /** Exchanges a pairing code for the bridge's token (shown when the bridge says 'unpaired'). */
  readonly pair?: (code: string) => Promise<PairOutcome>;
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
    case 'unpaired':
      return ['bridge: pair this device', 'warn'];
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
        <Show
          when={props.bridge().state === 'unpaired' && props.pair}
          fallback={
            <WorkbenchContext.Provider value={props.workbench}>
              <Workbench />
            </WorkbenchContext.Provider>
          }
        >
          {(pair) => <PairingScreen pair={pair()} />}
        </Show>
      </main>
    </div>
  );
}
