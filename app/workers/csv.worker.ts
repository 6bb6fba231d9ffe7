/// <reference lib="webworker" />
// Reads one OHLCV CSV per request off the UI thread (a 1,000,000-row file is ~60 MB of text): the
// file's text, the strict reader, then the columns transferred back. A bad row is answered with the
// reader's DataError fields, so the UI can name the line and the field.
import { readBarsCsv } from '../../shared/data/read-bars-csv.ts';
import { DataError } from '../../shared/errors.ts';
import type { CsvRequest, CsvResponse } from './csv-messages.ts';

declare const self: DedicatedWorkerGlobalScope;

const post = (msg: CsvResponse, transfer: Transferable[] = []) => self.postMessage(msg, transfer);

async function read(req: CsvRequest): Promise<void> {
  const bars = readBarsCsv(await req.file.text(), req.name, { symbol: req.symbol });
  const columns = [bars.time, bars.end, bars.open, bars.high, bars.low, bars.close, bars.volume, bars.session, bars.utcOffsetMin];
  // Distinct buffers only (a column may be a view of a larger one; transferring it twice throws).
  const buffers = [...new Set(columns.flatMap((c) => (c ? [c.buffer as ArrayBuffer] : [])))];
  post({ kind: 'done', bars }, buffers);
}

self.onmessage = (event: MessageEvent<CsvRequest>) => {
  read(event.data).catch((err: unknown) => {
    if (err instanceof DataError) post({ kind: 'data-error', file: err.file, line: err.line, field: err.field, problem: err.problem });
    else post({ kind: 'error', error: err instanceof Error ? err.message : String(err) });
  });
};
