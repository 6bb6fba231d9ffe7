// `npm run ta -- <csv> <INDICATOR> [--param value ...] [--out file.csv]`
// Prints the indicator as CSV aligned with the bars: `date,<outputs…>`, one row per bar, empty
// fields during the warm-up. Values are the shortest decimals that round-trip to the same double.
// Only CSV goes to stdout (use `npm run -s ta` to drop npm's own banner); messages go to stderr.
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { readBarsCsv } from '../../shared/data/read-bars-csv.ts';
import { formatIsoDate, formatIsoDateTime } from '../../shared/data/iso-time.ts';
import type { BarSeries } from '../../shared/data/bar-series.ts';
import { DataError, ParameterError } from '../../shared/errors.ts';
import { INDICATOR_CATALOG, UnknownIndicatorError, compute, ready, specByName } from '../../shared/indicators/index.ts';
import { OptionError, parseCliArgs, UsageError } from './args.ts';
import { checkOutputPaths, writeFileAtomic } from './write-atomic.ts';

const USAGE = `usage: npm run -s ta -- <bars.csv> <INDICATOR> [--<param> <value> ...] [--out <file.csv>]
       npm run -s ta -- --list

  <bars.csv>   OHLCV file: date,open,high,low,close,volume (daily dates or intraday datetimes)
  <INDICATOR>  one of: ${INDICATOR_CATALOG.map((i) => i.name).join(', ')}
  --<param>    a parameter of that indicator (see --list); lists as comma-separated numbers
  --out        write the CSV to this file (atomically) instead of stdout`;

function listIndicators(): string {
  return INDICATOR_CATALOG.map((i) => {
    const params = i.params.length ? i.params.map((p) => `--${p.name} ${Array.isArray(p.default) ? p.default.join(',') : p.default} (${p.range})`).join('  ') : '(no parameters)';
    return `${i.name.padEnd(15)} ${i.title}\n${' '.repeat(16)}inputs: ${i.inputs.join(', ')} · outputs: ${i.outputs.join(', ')} · ${params}`;
  }).join('\n');
}

/** Turns `--period 14` style options into the indicator's parameter object (numbers, or number lists). */
function indicatorParams(name: string, options: Map<string, string[]>): Record<string, number | number[]> {
  const spec = specByName(name);
  const out: Record<string, number | number[]> = {};
  for (const [key, values] of options) {
    if (key === 'out') continue;
    const ps = (spec.params as Record<string, { kind: string }>)[key];
    if (!ps) throw new ParameterError(spec.name, key, `is unknown (valid parameters: ${Object.keys(spec.params).join(', ') || 'none'})`);
    const text = values[values.length - 1];
    const nums = text.split(',').map((t) => (t.trim() === '' ? Number.NaN : Number(t)));
    out[key] = ps.kind === 'floats' ? nums : nums.length === 1 ? nums[0] : Number.NaN;
    if (ps.kind !== 'floats' && nums.length !== 1) throw new ParameterError(spec.name, key, `takes one number, got '${text}'`);
  }
  return out;
}

function dateColumn(bars: BarSeries): string[] {
  const out = new Array<string>(bars.length);
  for (let i = 0; i < bars.length; i++) {
    out[i] = bars.utcOffsetMin ? formatIsoDateTime(bars.time[i], bars.utcOffsetMin[i]) : formatIsoDate(bars.time[i]);
  }
  return out;
}

export function indicatorCsv(bars: BarSeries, id: string, result: Float64Array | Record<string, Float64Array>): string {
  const columns = result instanceof Float64Array ? { [id]: result } : result;
  const names = Object.keys(columns);
  const cols = names.map((n) => columns[n]);
  const dates = dateColumn(bars);
  const lines = new Array<string>(bars.length + 1);
  lines[0] = ['date', ...names].join(',');
  for (let i = 0; i < bars.length; i++) {
    let line = dates[i];
    for (const c of cols) line += Number.isNaN(c[i]) ? ',' : `,${c[i]}`;
    lines[i + 1] = line;
  }
  return lines.join('\n') + '\n';
}

async function main(argv: string[]): Promise<void> {
  const args = parseCliArgs(argv, new Set(['help', 'list']));
  if (args.options.has('help')) return void process.stdout.write(USAGE + '\n');
  if (args.options.has('list')) return void process.stdout.write(listIndicators() + '\n');
  if (args.positional.length !== 2) throw new UsageError(`expected <bars.csv> and <INDICATOR>, got ${args.positional.length} argument(s)`);
  const [file, name] = args.positional;
  const spec = specByName(name);
  const params = indicatorParams(name, args.options);
  await checkOutputPaths([['out', args.options.get('out')?.at(-1)]]);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    throw new UsageError(`${file}: cannot read (${(err as NodeJS.ErrnoException).code ?? String(err)})`);
  }
  const bars = readBarsCsv(text, basename(file));
  await ready();
  const csv = indicatorCsv(bars, spec.id, compute(spec.id, bars, params));
  const out = args.options.get('out')?.at(-1);
  if (out) {
    await writeFileAtomic(out, csv);
    process.stderr.write(`ta: wrote ${bars.length} rows of ${spec.name} to ${out}\n`);
  } else process.stdout.write(csv);
}

main(process.argv.slice(2)).catch((err: unknown) => {
  if (err instanceof UsageError) process.stderr.write(`error: ${err.message}\n\n${USAGE}\n`);
  else if (err instanceof ParameterError || err instanceof DataError || err instanceof UnknownIndicatorError || err instanceof OptionError) process.stderr.write(`error: ${err.message}\n`);
  else process.stderr.write(`error: ${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(2);
});
