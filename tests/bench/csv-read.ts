// CSV read time per sample file: the strict columnar reader vs a naive split/parseFloat/Date.parse
// loop building row objects (what most JS code does), measured in the same run.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { readBarsCsv } from '../../shared/data/read-bars-csv.ts';
import { ROOT } from '../support/source-rules.ts';
import { fmt, measure, table } from './measure.ts';

function naiveParse(text: string): { t: number; o: number; h: number; l: number; c: number; v: number }[] {
  const lines = text.trim().split('\n').slice(1);
  return lines.map((line) => {
    const [d, o, h, l, c, v] = line.split(',');
    return { t: Date.parse(d), o: parseFloat(o), h: parseFloat(h), l: parseFloat(l), c: parseFloat(c), v: parseFloat(v) };
  });
}

export async function benchCsvRead(): Promise<string> {
  const dir = join(ROOT, 'data/samples');
  const rows: (string | number)[][] = [];
  for (const name of readdirSync(dir).filter((f) => f.endsWith('.csv')).sort()) {
    const text = readFileSync(join(dir, name), 'utf8');
    const bars = readBarsCsv(text, name);
    const ours = measure(() => readBarsCsv(text, name));
    const naive = measure(() => naiveParse(text));
    rows.push([
      name,
      bars.length.toLocaleString('en-US'),
      fmt(ours.medianMs),
      fmt(bars.length / ours.medianMs / 1000),
      fmt(naive.medianMs),
      `${fmt(naive.medianMs / ours.medianMs)}×`,
    ]);
  }
  return [
    'Median of repeated reads of the file text already in memory (validation included: every row is checked).',
    '',
    table(['file', 'rows', 'readBarsCsv ms', 'M rows/s', 'naive split+parseFloat ms (no validation)', 'speed vs naive'], rows),
  ].join('\n');
}
