import { render } from 'solid-js/web';
import { createRoot } from 'solid-js';
import { startServiceWorker } from './pwa/service-worker.ts';
import { App } from './App.tsx';
import { MoneyTrailzDb } from './db/schema.ts';
import { TaClient } from './workers/ta-client.ts';
import { createWorkbench } from './state/workbench.ts';
import { bridgeUrl, connectBridge } from './bridge-client/socket.ts';
import { dexieTokenStore } from './bridge-client/token-store.ts';
import { createTopics } from './bridge-client/topics.ts';
import { createCommands } from './bridge-client/commands.ts';
import { createLiveAccount } from './state/account.ts';
import { createStorage } from './db/storage.ts';
import { createLiveRisk, createRiskLimits } from './state/risk.ts';
import { startTheme } from './state/theme.ts';
import { createWatchlist } from './state/watchlist.ts';
import { createLayouts } from './state/layouts.ts';
import './styles.css';

const APP_VERSION = '0.1.0';

const sw = startServiceWorker();

const db = new MoneyTrailzDb();
void startTheme(db);
const ta = new TaClient();
const bridge = connectBridge(bridgeUrl(location), APP_VERSION, { tokens: dexieTokenStore(db) });
const topics = createTopics(bridge);
const account = createRoot(() => createLiveAccount(topics));
const storage = createStorage();
const commands = createCommands(bridge);
const workbench = createWorkbench({ db, ta, live: { topics, commands, status: bridge.status } });
// Ask the browser to keep the data once the user has made something worth keeping (a choice, a result);
// the market-data cache's own bookkeeping (cache.*) is not such a thing.
const keep = () => void storage.persist();
const userSetting = (key: unknown) => !String(key).startsWith('cache.');
db.settings.hook('creating', (key) => void (userSetting(key) && keep()));
db.settings.hook('updating', (_mods, key) => void (userSetting(key) && keep()));
db.results.hook('creating', keep);
const watchlist = createRoot(() => createWatchlist(db, topics));
const layouts = createRoot(() => createLayouts(db, workbench));
const riskLimits = createRiskLimits(db);
const risk = { live: createRoot(() => createLiveRisk(account, commands, riskLimits.limits)), limits: riskLimits.limits, setLimits: riskLimits.set };

render(
  () => <App workbench={workbench} bridge={bridge.status} serviceWorker={sw.text} update={sw} pair={(code) => bridge.pair(code)} account={account} db={db} storage={storage} topics={topics} commands={commands} risk={risk} watchlist={watchlist} layouts={layouts} />,
  document.getElementById('root')!,
);
