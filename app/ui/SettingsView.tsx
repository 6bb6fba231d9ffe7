// Settings (issue 13, item 7): what this device stores and how much room it has, whether the
// browser keeps the data under storage pressure (and asking it to), and all user data as one file —
// exported, or imported after the whole file is checked (the first problem named by its path;
// nothing written unless all of it is valid). The bridge's access token is never in the file.
import { createSignal, For, onMount, Show } from 'solid-js';
import type { MoneyTrailzDb } from '../db/schema.ts';
import { formatBytes, type Storage } from '../db/storage.ts';
import { CACHE_BUDGETS, cacheBudget, cacheUsage, clearCache, setCacheBudget } from '../db/cache-budget.ts';
import { exportUserData, ImportError, importUserData } from '../db/user-data.ts';
import { setThemeChoice, themeChoice, type ThemeChoice } from '../state/theme.ts';
import './settings.css';

const THEME_CHOICES: readonly { readonly id: ThemeChoice; readonly label: string }[] = [
  { id: 'system', label: 'System' },
  { id: 'dark', label: 'Dark' },
  { id: 'light', label: 'Light' },
];

export function SettingsView(props: { db: MoneyTrailzDb; storage: Storage }) {
  const [message, setMessage] = createSignal<{ text: string; error: boolean } | null>(null);
  const [busy, setBusy] = createSignal(false);
  let file!: HTMLInputElement;
  const [cache, setCache] = createSignal<{ usage: number; budget: number } | undefined>();
  const refreshCache = async () => setCache({ usage: await cacheUsage(props.db), budget: await cacheBudget(props.db) });
  onMount(() => {
    void props.storage.refresh();
    void refreshCache().catch(() => undefined);
  });
  const cacheAction = async (what: string, act: () => Promise<void>) => {
    try {
      await act();
      setMessage({ text: what, error: false });
    } catch (e) {
      setMessage({ text: `The market-data cache was not changed: ${e instanceof Error ? e.message : String(e)}.`, error: true });
    } finally {
      await refreshCache().catch(() => undefined);
      void props.storage.refresh();
    }
  };
  const s = () => props.storage.state();
  const share = () => {
    const { usage, quota } = s();
    return usage !== undefined && quota ? `${((100 * usage) / quota).toFixed(usage / quota < 0.01 ? 2 : 1)} %` : '–';
  };

  const doExport = async () => {
    setBusy(true);
    try {
      const text = await exportUserData(props.db);
      const url = URL.createObjectURL(new Blob([text], { type: 'application/json' }));
      const a = document.createElement('a');
      a.href = url;
      a.download = `moneytrailz-${new Date().toISOString().slice(0, 10)}.json`;
      a.click();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
      setMessage({ text: `Exported ${formatBytes(text.length)}.`, error: false });
    } catch (e) {
      setMessage({ text: `Export failed: ${e instanceof Error ? e.message : String(e)}`, error: true });
    } finally {
      setBusy(false);
    }
  };

  const doImport = async (f: File | undefined) => {
    if (!f) return;
    setBusy(true);
    try {
      const summary = await importUserData(props.db, await f.text());
      const parts = Object.entries(summary).map(([t, n]) => `${n} ${t}`);
      setMessage({ text: `Imported ${f.name}: ${parts.join(', ') || 'nothing'}. Reload to see it everywhere.`, error: false });
      await props.storage.persist();
    } catch (e) {
      const why = e instanceof ImportError ? `${e.path}: ${e.problem}` : e instanceof Error ? e.message : String(e);
      setMessage({ text: `Nothing was imported — ${f.name}, ${why}.`, error: true });
    } finally {
      setBusy(false);
      file.value = '';
      void props.storage.refresh();
    }
  };

  return (
    <section class="card settings" aria-labelledby="settings-title">
      <h2 id="settings-title">Settings</h2>
      {/* ---- theme (issue 13, item 2): app/state/theme.ts ---- */}
      <fieldset class="theme-choice" data-testid="theme-choice">
        <legend>Theme</legend>
        <For each={THEME_CHOICES}>
          {(c) => (
            <label style={{ display: 'inline-flex', 'align-items': 'center', gap: '6px', 'margin-right': '16px', 'min-height': '36px', cursor: 'pointer' }}>
              <input
                type="radio"
                name="theme"
                value={c.id}
                style={{ width: 'auto', 'min-height': '0', margin: '0' }}
                checked={themeChoice() === c.id}
                onChange={() =>
                  void setThemeChoice(props.db, c.id).catch((e: unknown) =>
                    setMessage({ text: `The theme switched but could not be stored (${e instanceof Error ? e.message : String(e)}); it resets on reload.`, error: true }),
                  )
                }
              />
              {c.label}
            </label>
          )}
        </For>
        <span class="help">System follows this device's light or dark setting (dark when it has none).</span>
      </fieldset>
      <h3>Storage on this device</h3>
      <dl class="storage" data-testid="storage">
        <dt>Used</dt>
        <dd data-testid="storage-usage">{formatBytes(s().usage)}</dd>
        <dt>Quota</dt>
        <dd>{formatBytes(s().quota)}</dd>
        <dt>Share</dt>
        <dd>{share()}</dd>
        <dt>Persistent</dt>
        <dd data-testid="storage-persisted">
          {s().persisted === undefined ? 'unknown' : s().persisted ? 'yes — the browser keeps it' : 'no — the browser may evict it under pressure'}
        </dd>
      </dl>
      <Show when={s().persisted === false}>
        <button type="button" onClick={() => void props.storage.persist()}>
          Keep my data (ask the browser)
        </button>
      </Show>
      {/* ---- the market-data cache's budget: app/db/cache-budget.ts ---- */}
      <h3>Market-data cache</h3>
      <p class="hint">Bars the app can load again (the bundled samples). Your imported data is never counted or evicted.</p>
      <div class="actions">
        <span data-testid="cache-usage">{cache() ? `${formatBytes(cache()!.usage)} of ${formatBytes(cache()!.budget)}` : '–'}</span>
        <label>
          Budget{' '}
          <select
            data-testid="cache-budget"
            onChange={(e) => {
              const budget = Number(e.currentTarget.value);
              void cacheAction(`Cache budget set to ${formatBytes(budget)}; the least recently used series beyond it were removed.`, () => setCacheBudget(props.db, budget));
            }}
          >
            <For each={CACHE_BUDGETS}>{(b) => <option value={b} selected={cache()?.budget === b}>{formatBytes(b)}</option>}</For>
          </select>
        </label>
        <button type="button" data-testid="cache-clear" onClick={() => void cacheAction('Market-data cache cleared; the samples load again when used.', () => clearCache(props.db))}>
          Clear cache
        </button>
      </div>
      <h3>All your data as one file</h3>
      <p class="hint">Settings, watchlists, imported data and backtest results. The bridge's access token stays on this device.</p>
      <div class="actions">
        <button type="button" class="primary" disabled={busy()} onClick={() => void doExport()}>
          Export
        </button>
        <label class="button-like">
          Import…
          <input ref={file} type="file" accept="application/json,.json" class="sr-only" disabled={busy()} data-testid="import-file" onChange={(e) => void doImport(e.currentTarget.files?.[0])} />
        </label>
      </div>
      <Show when={message()}>
        {(m) => (
          <p class={m().error ? 'form-error' : 'hint'} role={m().error ? 'alert' : 'status'} data-testid="settings-message">
            {m().text}
          </p>
        )}
      </Show>
    </section>
  );
}
