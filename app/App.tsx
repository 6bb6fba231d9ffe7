import { createMemo, createSignal, For, onCleanup, Show, type Accessor, type JSX } from 'solid-js';
import type { BridgeStatus, PairOutcome } from './bridge-client/socket.ts';
import type { LiveAccount } from './state/account.ts';
import { WorkbenchContext, type Workbench as WorkbenchState } from './state/workbench.ts';
import type { MoneyTrailzDb } from './db/schema.ts';
import type { ServiceWorkerStatus } from './pwa/service-worker.ts';
import type { Storage } from './db/storage.ts';
import { AccountView } from './ui/AccountView.tsx';
import { SettingsView } from './ui/SettingsView.tsx';
import { OrdersView } from './ui/OrdersView.tsx';
import { KillSwitch } from './ui/KillSwitch.tsx';
import { LabView } from './lab/LabView.tsx';
import { RiskView } from './ui/RiskView.tsx';
import { StrategiesView } from './ui/StrategiesView.tsx';
import { WatchlistView } from './ui/WatchlistView.tsx';
import type { Watchlist } from './state/watchlist.ts';
import { LayoutsView } from './ui/LayoutsView.tsx';
import type { Layouts } from './state/layouts.ts';
import { runnerTargets } from './state/strategies.ts';
import type { LiveRisk, RiskLimits } from './state/risk.ts';
import type { Topics } from './bridge-client/topics.ts';
import type { Commands } from './bridge-client/commands.ts';
import { StatusChip } from './ui/StatusChip.tsx';
import { Workbench } from './ui/Workbench.tsx';
import { PairingScreen } from './ui/PairingScreen.tsx';
import './ui/shell.css';

export interface AppProps {
  readonly workbench: WorkbenchState;
  readonly bridge: Accessor<BridgeStatus>;
  readonly serviceWorker: Accessor<string>;
  /** Exchanges a pairing code for the bridge's token (shown when the bridge says 'unpaired'). */
  readonly pair?: (code: string) => Promise<PairOutcome>;
  /** The service worker: a visible prompt when a new version waits. */
  readonly update?: ServiceWorkerStatus;
  /** The live account over the bridge's topics (the Account view). */
  readonly account?: LiveAccount;
  /** The IndexedDB and the origin's storage (the Settings view). */
  readonly db?: MoneyTrailzDb;
  readonly storage?: Storage;
  /** The bridge's live topics and commands (orders, the kill switch). */
  readonly topics?: Topics;
  readonly commands?: Commands;
  /** The followed symbols with live quotes (the Chart view). */
  readonly watchlist?: Watchlist;
  /** Saved chart layouts (the Chart view). */
  readonly layouts?: Layouts;
  /** The live risk and the user's limits (the Risk view). */
  readonly risk?: { readonly live: LiveRisk; readonly limits: Accessor<RiskLimits>; setLimits(l: RiskLimits): void };
}

/**
 * The views, in navigation order; Alt+<key> switches to one, the URL's hash remembers it. `short` is
 * the label the phone's bottom bar shows where the full one does not fit (the accessible name stays
 * the full label).
 */
const VIEWS: readonly { readonly id: string; readonly label: string; readonly key: string; readonly short?: string }[] = [
  { id: 'chart', label: 'Chart', key: '1' },
  { id: 'account', label: 'Account', key: '2' },
  { id: 'orders', label: 'Orders', key: '3' },
  { id: 'lab', label: 'Lab', key: '4' },
  { id: 'risk', label: 'Risk', key: '5' },
  { id: 'strategies', label: 'Strategies', key: '6', short: 'Algos' },
  { id: 'settings', label: 'Settings', key: '9', short: 'Setup' },
];
type ViewId = string;

const viewOfHash = (hash: string): ViewId => VIEWS.find((v) => `#${v.id}` === hash)?.id ?? 'chart';

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

  // The account's target allocation comes with the strategy runners' topic (its `runner` key).
  const strategiesTopic = props.topics?.topic('strategies');
  const targets = createMemo(() => runnerTargets(strategiesTopic?.data()));

  const [view, setView] = createSignal<ViewId>(viewOfHash(location.hash));
  // A view is mounted the first time it is shown and then kept (its state and charts survive switching).
  const [visited, setVisited] = createSignal<ReadonlySet<ViewId>>(new Set([view()]));
  const show = (id: ViewId) => {
    setView(id);
    setVisited((v) => (v.has(id) ? v : new Set([...v, id])));
    if (location.hash !== `#${id}`) history.replaceState(null, '', `#${id}`);
  };
  const onKey = (e: KeyboardEvent) => {
    if (!e.altKey || e.ctrlKey || e.metaKey) return;
    const v = VIEWS.find((x) => x.key === e.key);
    if (!v) return;
    e.preventDefault();
    show(v.id);
  };
  const onHash = () => show(viewOfHash(location.hash));
  window.addEventListener('keydown', onKey);
  window.addEventListener('hashchange', onHash);
  onCleanup(() => {
    window.removeEventListener('keydown', onKey);
    window.removeEventListener('hashchange', onHash);
  });
  const pane = (id: ViewId, content: () => JSX.Element) => (
    <Show when={visited().has(id)}>
      <div class="view" id={`view-${id}`} hidden={view() !== id} data-testid={`view-${id}`}>
        {content()}
      </div>
    </Show>
  );

  return (
    <div class="shell">
      <header class="topbar">
        <h1>MoneyTrailz</h1>
        <div class="chips" aria-live="polite">
          <StatusChip text={bridgeText(props.bridge())[0]} tone={bridgeText(props.bridge())[1]} testId="bridge-status" />
          <StatusChip text={online() ? 'online' : 'offline'} tone={online() ? 'ok' : 'warn'} testId="network-status" />
          <StatusChip text={props.serviceWorker()} tone={props.serviceWorker().includes('failed') ? 'bad' : props.serviceWorker().includes('ready') ? 'ok' : 'warn'} testId="sw-status" />
        </div>
        <Show when={props.commands}>{(c) => <KillSwitch commands={c()} />}</Show>
      </header>
      <Show when={props.update?.state() === 'update waiting'}>
        <div class="update-banner" role="status" data-testid="update-banner">
          <span>A new version of MoneyTrailz is ready.</span>
          <button type="button" class="primary" onClick={() => props.update!.reload()}>
            Reload
          </button>
        </div>
      </Show>
      <Show
        when={props.bridge().state === 'unpaired' && props.pair}
        fallback={
          <>
            <nav class="views" aria-label="Views">
              <For each={VIEWS}>
                {(v) => (
                  <button
                    type="button"
                    aria-current={view() === v.id ? 'page' : undefined}
                    aria-label={v.label}
                    aria-keyshortcuts={`Alt+${v.key}`}
                    title={`${v.label} (Alt+${v.key})`}
                    onClick={() => show(v.id)}
                  >
                    <span classList={{ label: true, long: v.short !== undefined }}>{v.label}</span>
                    <Show when={v.short}>
                      <span class="label short" aria-hidden="true">
                        {v.short}
                      </span>
                    </Show>
                    <kbd>Alt+{v.key}</kbd>
                  </button>
                )}
              </For>
            </nav>
            <main>
              {pane('chart', () => (
                <>
                  <WorkbenchContext.Provider value={props.workbench}>
                    <Workbench />
                  </WorkbenchContext.Provider>
                  <Show when={props.watchlist}>
                    {(w) => (
                      <WatchlistView
                        watchlist={w()}
                        canChart={(symbol) => props.workbench.samples.some((x) => x.symbol === symbol) || props.workbench.liveAvailable()}
                        onChart={(symbol) => {
                          // Bars on this device: that series; else the bridge's live 1-minute bars of the symbol.
                          if (props.workbench.samples.some((x) => x.symbol === symbol)) void props.workbench.actions.selectSeries(symbol, props.workbench.series().sample.timeframe);
                          else props.workbench.actions.chartLive(symbol);
                          window.scrollTo({ top: 0 });
                        }}
                      />
                    )}
                  </Show>
                  <Show when={props.layouts}>{(l) => <LayoutsView layouts={l()} />}</Show>
                </>
              ))}
              {pane('account', () => (
                <Show when={props.account} fallback={<p class="card muted">The account needs the bridge (npm start).</p>}>
                  {(a) => <AccountView account={a()} bridge={props.bridge()} optionDelta={props.risk?.live.optionDelta} targets={targets()} />}
                </Show>
              ))}
              {pane('orders', () => (
                <Show when={props.topics && props.commands} fallback={<p class="card muted">Orders need the bridge (npm start).</p>}>
                  <OrdersView orders={props.topics!.topic('orders')} commands={props.commands!} executions={props.topics!.topic('executions')} />
                </Show>
              ))}
              {pane('risk', () => (
                <Show when={props.account && props.risk} fallback={<p class="card muted">Risk needs the bridge (npm start).</p>}>
                  <RiskView account={props.account!} risk={props.risk!.live} limits={props.risk!.limits()} setLimits={(l) => props.risk!.setLimits(l)} />
                </Show>
              ))}
              {pane('strategies', () => (
                <Show when={props.topics && props.commands} fallback={<p class="card muted">Strategies need the bridge (npm start).</p>}>
                  <StrategiesView strategies={props.topics!.topic('strategies')} commands={props.commands!} />
                </Show>
              ))}
              {pane('lab', () => (
                <Show when={props.db} fallback={<p class="card muted">The lab needs IndexedDB on this device.</p>}>
                  <LabView db={props.db!} />
                </Show>
              ))}
              {pane('settings', () => (
                <Show when={props.db && props.storage} fallback={<p class="card muted">No storage on this device.</p>}>
                  <SettingsView db={props.db!} storage={props.storage!} />
                </Show>
              ))}
            </main>
          </>
        }
      >
        {(pair) => (
          <main>
            <PairingScreen pair={pair()} />
          </main>
        )}
      </Show>
    </div>
  );
}
