import { render } from 'solid-js/web';
import { createSignal } from 'solid-js';
import { registerSW } from 'virtual:pwa-register';
import { App } from './App.tsx';
import { MoneyTrailzDb } from './db/schema.ts';
import { TaClient } from './workers/ta-client.ts';
import { createWorkbench } from './state/workbench.ts';
import { bridgeUrl, connectBridge } from './bridge-client/socket.ts';
import { dexieTokenStore } from './bridge-client/token-store.ts';
import './styles.css';

const APP_VERSION = '0.1.0';

const [swState, setSwState] = createSignal('registering…');
if ('serviceWorker' in navigator) {
  registerSW({
    immediate: true,
    onRegisteredSW: (url) => setSwState(`registered ${new URL(url, location.href).pathname}`),
    onOfflineReady: () => setSwState('ready offline'),
    onRegisterError: (e: unknown) => setSwState(`failed: ${String(e)}`),
  });
} else setSwState('unsupported');

const db = new MoneyTrailzDb();
const ta = new TaClient();
const bridge = connectBridge(bridgeUrl(location), APP_VERSION, { tokens: dexieTokenStore(db) });
const workbench = createWorkbench({ db, ta });

render(
  () => <App workbench={workbench} bridge={bridge.status} serviceWorker={swState} pair={(code) => bridge.pair(code)} />,
  document.getElementById('root')!,
);
