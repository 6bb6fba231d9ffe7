// The service worker's real state for the status chip and the update prompt (issue 13, item 8):
// registering, installing (caching for offline use), ready offline (a worker controls this page: it
// loads with no network), a new version waiting (the user reloads when it suits them — a reload never
// interrupts a running backtest or a half-filled form), unsupported or failed. The state is read from
// the registration itself, so after an offline reload the chip says "ready offline" again.
import { createSignal, type Accessor } from 'solid-js';
import { registerSW } from 'virtual:pwa-register';

export type SwState = 'registering' | 'installing' | 'ready offline' | 'update waiting' | 'unsupported' | 'failed';

export interface ServiceWorkerStatus {
  readonly state: Accessor<SwState>;
  /** The chip's text, e.g. 'service worker: ready offline'. */
  readonly text: Accessor<string>;
  /** Activates the waiting version and reloads the page. */
  reload(): void;
}

export function startServiceWorker(): ServiceWorkerStatus {
  const [state, setState] = createSignal<SwState>('registering');
  const [detail, setDetail] = createSignal('');
  if (!('serviceWorker' in navigator)) {
    setState('unsupported');
    return { state, text: () => 'service worker: unsupported', reload: () => location.reload() };
  }
  const judge = (reg: ServiceWorkerRegistration | undefined) => {
    if (state() === 'update waiting' || state() === 'failed') return;
    if (reg?.active && navigator.serviceWorker.controller) setState('ready offline');
    else if (reg?.installing || reg?.waiting || reg?.active) setState('installing');
  };
  const update = registerSW({
    immediate: true,
    onRegisteredSW: (_url, reg) => {
      judge(reg);
      reg?.addEventListener('updatefound', () => judge(reg));
    },
    onOfflineReady: () => setState('ready offline'),
    onNeedRefresh: () => setState('update waiting'),
    onRegisterError: (e: unknown) => {
      setState('failed');
      setDetail(String(e));
    },
  });
  navigator.serviceWorker.addEventListener('controllerchange', () => void navigator.serviceWorker.getRegistration().then(judge));
  return {
    state,
    text: () => `service worker: ${state() === 'failed' ? `failed (${detail()})` : state() === 'update waiting' ? 'new version waiting' : state()}`,
    reload: () => void update(true),
  };
}
