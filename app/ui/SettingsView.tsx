// Settings (issue 13, item 7): what this device stores and how much room it has, whether the
// browser keeps the data under storage pressure (and asking it to), and all user data as one file —
// exported, or imported after the whole file is checked (the first problem named by its path;
// nothing written unless all of it is valid). The bridge's access token is never in the file.
import { createSignal, onMount, Show } from 'solid-js';
import type { MoneyTrailzDb } from '../db/schema.ts';
import { formatBytes, type Storage } from '../db/storage.ts';
import { exportUserData, ImportError, importUserData } from '../db/user-data.ts';
import './settings.css';

export function SettingsView(props: { db: MoneyTrailzDb; storage: Storage }) {
  const [message, setMessage] = createSignal<{ text: string; error: boolean } | null>(null);
  const [busy, setBusy] = createSignal(false);
  let file!: HTMLInputElement;
  onMount(() => void props.storage.refresh());
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
