// The lab's "your own data": a CSV dropped on the drop zone, or chosen with the file input (keyboard
// and phone users), is read in the CSV worker and stored as the series of the symbol field (default:
// the file name's stem, upper-cased). A bad row is named by its line and field and nothing is stored.
import { createSignal, Show } from 'solid-js';
import { DataError } from '../../shared/errors.ts';
import type { MoneyTrailzDb } from '../db/schema.ts';
import { defaultSymbol, importCsv, seriesName, type LabSeries } from './lab-series.ts';

type ImportState =
  | { readonly status: 'idle' }
  | { readonly status: 'reading'; readonly file: string }
  | { readonly status: 'done'; readonly message: string }
  | { readonly status: 'error'; readonly error: string };

/** An import error as shown: a bad row by its line and field. */
export function importError(err: unknown): string {
  if (err instanceof DataError) return `${err.file}, line ${err.line}, field ${err.field}: ${err.problem}. Nothing was stored.`;
  return `${err instanceof Error ? err.message : String(err)}. Nothing was stored.`;
}

export function LabImport(props: { readonly db: MoneyTrailzDb; readonly onImported: (s: LabSeries) => void }) {
  const [symbol, setSymbol] = createSignal('');
  const [over, setOver] = createSignal(false);
  const [state, setState] = createSignal<ImportState>({ status: 'idle' });
  let input: HTMLInputElement | undefined;

  const take = async (file: File | undefined) => {
    if (!file || state().status === 'reading') return;
    setState({ status: 'reading', file: file.name });
    try {
      const r = await importCsv(props.db, file, symbol().trim().toUpperCase() || defaultSymbol(file.name));
      setState({ status: 'done', message: `${file.name}: ${r.bars.toLocaleString('en-US')} bars stored as ${seriesName(r.series)}${r.replaced ? ' (replacing the earlier import)' : ''}` });
      props.onImported(r.series);
    } catch (err) {
      setState({ status: 'error', error: importError(err) });
    } finally {
      if (input) input.value = '';
    }
  };

  const drop = (e: DragEvent) => {
    e.preventDefault();
    setOver(false);
    void take(e.dataTransfer?.files[0]);
  };

  return (
    <fieldset class="lab-import" data-testid="lab-import">
      <legend>Your own data</legend>
      <div class="lab-field">
        <label for="lab-import-symbol">Symbol</label>
        <input id="lab-import-symbol" data-testid="lab-import-symbol" type="text" autocomplete="off" placeholder="from the file name" aria-describedby="lab-import-help" onInput={(e) => setSymbol(e.currentTarget.value)} />
      </div>
      <div
        class="lab-drop"
        classList={{ over: over() }}
        data-testid="lab-drop"
        onDragOver={(e) => {
          e.preventDefault();
          setOver(true);
        }}
        onDragLeave={() => setOver(false)}
        onDrop={drop}
      >
        <label for="lab-file">Drop a CSV here, or choose a file</label>
        <input id="lab-file" data-testid="lab-file" type="file" accept=".csv,text/csv" ref={input} disabled={state().status === 'reading'} onChange={(e) => void take(e.currentTarget.files?.[0])} />
        <small id="lab-import-help" class="help">
          date,open,high,low,close,volume — daily dates or intraday times with a UTC offset
        </small>
      </div>
      <span class="muted" role="status" data-testid="lab-import-status">
        {(() => {
          const s = state();
          return s.status === 'reading' ? `Reading ${s.file} in a Web Worker…` : s.status === 'done' ? s.message : '';
        })()}
      </span>
      <Show when={state().status === 'error' ? (state() as { error: string }).error : undefined}>
        {(m) => (
          <p class="form-error" role="alert" data-testid="lab-import-error">
            {m()}
          </p>
        )}
      </Show>
    </fieldset>
  );
}
