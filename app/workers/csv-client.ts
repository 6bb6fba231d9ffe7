// Promise API over the CSV worker: one worker per file, ended when its answer arrives. A bad row
// rejects with the reader's own DataError (file, line, field, problem).
import type { BarSeries } from '../../shared/data/bar-series.ts';
import { DataError } from '../../shared/errors.ts';
import type { CsvRequest, CsvResponse } from './csv-messages.ts';

/** Reads `file` (named `name`) as the bars of `symbol` in a worker. */
export function readCsvInWorker(file: Blob, name: string, symbol: string): Promise<BarSeries> {
  const worker = new Worker(new URL('./csv.worker.ts', import.meta.url), { type: 'module', name: 'csv' });
  return new Promise<BarSeries>((resolve, reject) => {
    worker.onmessage = (e: MessageEvent<CsvResponse>) => {
      worker.terminate();
      const msg = e.data;
      if (msg.kind === 'done') resolve(msg.bars);
      else if (msg.kind === 'data-error') reject(new DataError(msg.file, msg.line, msg.field, msg.problem));
      else reject(new Error(msg.error));
    };
    worker.onerror = (e) => {
      worker.terminate();
      reject(new Error(`CSV worker failed: ${e.message}`));
    };
    worker.postMessage({ file, name, symbol } satisfies CsvRequest);
  });
}
