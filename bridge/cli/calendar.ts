// `npm run -s calendar -- [--exchange XNYS|XNAS|XCBO] --from YYYY-MM-DD --to YYYY-MM-DD [--json]`
// Lists an exchange's trading sessions in a date range (shared/time/exchange-calendar.ts):
// - with --json: a JSON array, one session per line, `{"date":"2024-01-02","open":"2024-01-02T14:30:00Z","close":"2024-01-02T21:00:00Z"}`
//   (UTC instants, no milliseconds);
// - otherwise: a table in exchange-local (ET) time with early closes marked and weekday closures
//   listed, then a summary line.
// Bad input prints one `error: …` line on stderr and exits 2, with nothing on stdout.
import { daysFromYyyymmdd, daysInMonth, formatIsoDateTime, isoWeekday } from '../../shared/data/iso-time.ts';
import { ParameterError } from '../../shared/errors.ts';
import { EXCHANGE_IDS, exchangeCalendar, isExchangeId, CALENDAR_MAX_YEAR, CALENDAR_MIN_YEAR, type ExchangeCalendar } from '../../shared/time/exchange-calendar.ts';
import { formatDashedDate, formatEasternHhmm } from '../../shared/time/us-eastern.ts';
import { parseCliArgs, UsageError } from './args.ts';

const USAGE = `usage: npm run -s calendar -- [--exchange ${EXCHANGE_IDS.join('|')}] --from YYYY-MM-DD --to YYYY-MM-DD [--json]

  --exchange  exchange calendar (default XNYS)
  --from      first date of the range (inclusive)
  --to        last date of the range (inclusive)
  --json      print a JSON array of sessions with UTC open/close instead of the table`;

const OPTIONS = new Set(['exchange', 'from', 'to', 'json', 'help']);
const FLAGS = new Set(['json', 'help']);
const WEEKDAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];

/** The last value of an option, or undefined. */
function option(options: Map<string, string[]>, name: string): string | undefined {
  return options.get(name)?.at(-1);
}

/** A `YYYY-MM-DD` option as yyyymmdd; a UsageError names the option otherwise. */
function dateOption(options: Map<string, string[]>, name: string): number {
  const text = option(options, name);
  if (text === undefined) throw new UsageError(`--${name} is required (YYYY-MM-DD)`);
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!m) throw new UsageError(`--${name} '${text}' is not a date YYYY-MM-DD`);
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (mo < 1 || mo > 12 || d < 1 || d > daysInMonth(y, mo)) throw new UsageError(`--${name} '${text}' is not a real date`);
  if (y < CALENDAR_MIN_YEAR || y > CALENDAR_MAX_YEAR) throw new UsageError(`--${name} '${text}' is outside the supported years ${CALENDAR_MIN_YEAR}–${CALENDAR_MAX_YEAR}`);
  return y * 10_000 + mo * 100 + d;
}

const iso = (t: number) => formatIsoDateTime(t, 0);

function jsonOutput(cal: ExchangeCalendar, from: number, to: number): string {
  const rows = cal.sessions(from, to).map((s) => JSON.stringify({ date: formatDashedDate(s.date), open: iso(s.open), close: iso(s.close) }));
  return rows.length === 0 ? '[]\n' : `[\n${rows.join(',\n')}\n]\n`;
}

function tableOutput(cal: ExchangeCalendar, from: number, to: number): string {
  const sessions = cal.sessions(from, to);
  const closures = cal.closures(from, to);
  const lines = [`${cal.id}  ${cal.name}  ${formatDashedDate(from)} to ${formatDashedDate(to)}  (times ET, ${cal.timeZone})`, 'date        day  open   close'];
  const rows: { date: number; text: string }[] = [];
  for (const s of sessions) {
    const day = WEEKDAYS[isoWeekday(daysFromYyyymmdd(s.date)) - 1];
    rows.push({ date: s.date, text: `${formatDashedDate(s.date)}  ${day}  ${formatEasternHhmm(s.open)}  ${formatEasternHhmm(s.close)}${s.earlyClose ? '  * early close' : ''}` });
  }
  for (const c of closures) {
    const day = WEEKDAYS[isoWeekday(daysFromYyyymmdd(c.date)) - 1];
    rows.push({ date: c.date, text: `${formatDashedDate(c.date)}  ${day}  closed        ${c.name}` });
  }
  rows.sort((a, b) => a.date - b.date);
  for (const r of rows) lines.push(r.text);
  const early = sessions.filter((s) => s.earlyClose).length;
  lines.push(`${sessions.length} sessions, ${early} early closes (* 13:00 ET), ${closures.length} holidays and closures on weekdays`);
  return lines.join('\n') + '\n';
}

function main(argv: string[]): void {
  const args = parseCliArgs(argv, FLAGS);
  for (const name of args.options.keys()) {
    if (!OPTIONS.has(name)) throw new UsageError(`unknown option --${name} (valid: ${[...OPTIONS].map((o) => `--${o}`).join(', ')})`);
  }
  if (args.options.has('help')) return void process.stdout.write(USAGE + '\n');
  if (args.positional.length > 0) throw new UsageError(`unexpected argument '${args.positional[0]}' (options only: --exchange, --from, --to, --json)`);
  const id = (option(args.options, 'exchange') ?? 'XNYS').toUpperCase();
  if (!isExchangeId(id)) throw new UsageError(`--exchange '${option(args.options, 'exchange')}' is not a known exchange (valid: ${EXCHANGE_IDS.join(', ')})`);
  const from = dateOption(args.options, 'from');
  const to = dateOption(args.options, 'to');
  if (from > to) throw new UsageError(`--from ${formatDashedDate(from)} is after --to ${formatDashedDate(to)}`);
  const cal = exchangeCalendar(id);
  const json = args.options.has('json');
  process.stdout.write(json ? jsonOutput(cal, from, to) : tableOutput(cal, from, to));
}

try {
  main(process.argv.slice(2));
} catch (err) {
  if (err instanceof UsageError || err instanceof ParameterError) process.stderr.write(`error: ${err.message}\n`);
  else process.stderr.write(`error: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exitCode = 2;
}
