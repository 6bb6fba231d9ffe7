// The wheel's part of a backtest report (wheel-rules.md §6.2): its statistics as a text table for the
// CLI (a column per wheel instance) and as an HTML panel, and its decision trace per run date — every
// pass's decisions and the session's fills, one collapsible entry per date, listed with a filter. Only
// dates with an order, a fill or a write the funds could not carry are listed until "all dates" is
// ticked, and entries are filled in when opened, so a 1993–2015 run stays a usable page.
import { SHORT_OF_FUNDS } from '../../shared/strategies/wheel/targets.ts';
import type { TracedDecision, WheelStats } from '../../shared/strategies/wheel/wheel-stats.ts';
import { daysFromYyyymmdd, formatIsoDate, MS_PER_DAY } from '../../shared/data/iso-time.ts';
import { escapeHtml } from './uplot-assets.ts';

type Row = readonly [label: string, key: keyof WheelStats, digits: number];

/** The rows of the wheel's statistics, in the order the CLI and the HTML show them. */
export const WHEEL_ROWS: readonly Row[] = [
  ['Premium collected, net [$]', 'premiumNet', 2],
  ['Premium collected, gross [$]', 'premiumGross', 2],
  ['Bought back [$]', 'boughtBack', 2],
  ['Puts written [contracts]', 'putsWritten', 0],
  ['Calls written [contracts]', 'callsWritten', 0],
  ['Premium per contract written [$]', 'premiumPerContract', 2],
  ['Rolls [contracts]', 'rolls', 0],
  ['Closes [contracts]', 'closes', 0],
  ['Puts assigned [contracts]', 'putsAssigned', 0],
  ['Put assignment rate [%]', 'putAssignmentPct', 2],
  ['Shares assigned', 'sharesAssigned', 0],
  ['Calls called away [contracts]', 'callsCalledAway', 0],
  ['Shares called away', 'sharesCalledAway', 0],
  ['Expired worthless [contracts]', 'expiredWorthless', 0],
  ['Closed at the end [contracts]', 'closedAtEnd', 0],
  ['Avg days held per short option', 'avgDaysHeld', 1],
  ['Time in stock [%]', 'timeInStockPct', 2],
  ['Time in cash [%]', 'timeInCashPct', 2],
  ['Writes decided', 'writesDecided', 0],
  ['Writes not funded', 'writesNotFunded', 0],
  ['Rolls decided', 'rollsDecided', 0],
];

const cell = (v: number, digits: number) =>
  Number.isFinite(v) ? v.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits }) : '—';

/** The CLI's wheel table: a column per wheel instance, headed by its id. */
export function wheelStatsTable(names: readonly string[], stats: readonly WheelStats[]): string {
  const title = 'Wheel';
  const labelWidth = Math.max(title.length, ...WHEEL_ROWS.map((r) => r[0].length));
  const cols = stats.map((s, c) => {
    const values = WHEEL_ROWS.map(([, key, digits]) => cell(s[key], digits));
    return { name: names[c], values, width: Math.max(names[c].length, ...values.map((v) => v.length)) };
  });
  const lines = [title.padEnd(labelWidth) + cols.map((c) => '  ' + c.name.padStart(c.width)).join('')];
  WHEEL_ROWS.forEach(([label], i) => lines.push(label.padEnd(labelWidth) + cols.map((c) => '  ' + c.values[i].padStart(c.width)).join('')));
  return lines.join('\n');
}

/** A fill as the trace lists it under its session's date. */
export interface WheelTraceFill {
  readonly instrument: string;
  readonly qty: number;
  readonly price: number;
  readonly tag?: string;
  readonly reason?: string;
}

/** One run date: the pass's decisions at its close and the fills of its session. */
export interface WheelDay {
  /** yyyy-mm-dd */
  readonly date: string;
  readonly decisions: readonly TracedDecision[];
  readonly fills: readonly WheelTraceFill[];
}

/** A wheel instance's part of the HTML report. */
export interface WheelReport {
  readonly stats: WheelStats;
  readonly days: readonly WheelDay[];
}

const isoOf = (yyyymmdd: number) => formatIsoDate(daysFromYyyymmdd(yyyymmdd) * MS_PER_DAY);

/** The trace and the fills grouped by date (yyyy-mm-dd), in date order; `fillDate` labels a fill's session. */
export function wheelDays(
  trace: readonly TracedDecision[],
  fills: readonly (WheelTraceFill & { readonly bar: number })[],
  fillDate: (bar: number) => string,
): WheelDay[] {
  const byDate = new Map<string, { decisions: TracedDecision[]; fills: WheelTraceFill[] }>();
  const day = (date: string) => {
    let d = byDate.get(date);
    if (!d) byDate.set(date, (d = { decisions: [], fills: [] }));
    return d;
  };
  for (const d of trace) day(isoOf(d.date)).decisions.push(d);
  for (const f of fills) {
    const { instrument, qty, price, tag, reason } = f;
    day(fillDate(f.bar)).fills.push({ instrument, qty, price, ...(tag !== undefined && { tag }), ...(reason !== undefined && { reason }) });
  }
  return [...byDate].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([date, d]) => ({ date, ...d }));
}

/** Verdicts that change nothing: a date with only these (and no fill, no unfunded write) is routine. */
const ROUTINE_VERDICTS = new Set(['skip', 'hold']);

/** Whether a date is listed by default: an order decided, a fill, or a write the funds could not carry. */
export function notableDay(d: WheelDay): boolean {
  return d.fills.length > 0 || d.decisions.some((x) => !ROUTINE_VERDICTS.has(x.verdict) || SHORT_OF_FUNDS.has(x.code));
}

/**
 * The trace as the page's script reads it: strings repeated on every date (stages, symbols, verdicts,
 * codes, instruments, tags) as indexes into tables, so thousands of dates stay a few megabytes.
 */
export function wheelTraceData(days: readonly WheelDay[]) {
  type Table = 'stage' | 'symbol' | 'verdict' | 'code' | 'instrument' | 'note';
  const tables: Record<Table, string[]> = { stage: [], symbol: [], verdict: [], code: [], instrument: [], note: [] };
  const index = new Map<string, number>();
  const id = (table: keyof typeof tables, s: string) => {
    const k = `${table}\u0000${s}`;
    let i = index.get(k);
    if (i === undefined) {
      i = tables[table].push(s) - 1;
      index.set(k, i);
    }
    return i;
  };
  const rows = days.map((d) => [
    d.date,
    notableDay(d) ? 1 : 0,
    d.decisions.map((x) => [id('stage', x.stage), id('symbol', x.symbol), id('verdict', x.verdict), id('code', x.code), x.message]),
    d.fills.map((f) => [id('instrument', f.instrument), f.qty, f.price, id('note', f.reason ?? f.tag ?? '')]),
  ]);
  return { ...tables, days: rows };
}

/** The wheel panel of a sleeve's section: its statistics and the decision trace's controls (the script lists the dates). */
export function wheelSectionHtml(r: WheelReport, index: number): string {
  const stats = WHEEL_ROWS.map(([label, key, digits]) => `<tr><td>${escapeHtml(label)}</td><td>${escapeHtml(cell(r.stats[key], digits))}</td></tr>`).join('');
  const notable = r.days.filter(notableDay).length;
  return `<div class="panel"><h2>Wheel</h2><table class="wheel-stats" data-testid="wheel-stats">${stats}</table></div>
<div class="panel wheel-trace" data-wheel="${index}"><h2>Decision trace · ${r.days.length.toLocaleString('en-US')} run dates</h2>
<p class="muted">Each date lists the pass's decisions at its close (stage, symbol, verdict, code, sentence) and the fills of its
session. Dates with only skips and holds are left out unless “all dates” is ticked; the filter keeps the decisions and fills
whose symbol, stage, verdict, code, instrument or sentence contain every word typed.</p>
<p><input type="search" data-testid="trace-filter" placeholder="filter: symbol, code, stage, words…" size="40">
<label><input type="checkbox" data-testid="trace-all"> all dates</label>
<span class="muted" data-testid="trace-count">${notable.toLocaleString('en-US')} of ${r.days.length.toLocaleString('en-US')} dates</span></p>
<div data-testid="trace"></div><p><button type="button" data-testid="trace-more" hidden>show more dates</button></p></div>`;
}

/** Extra page styles for the trace. */
export const WHEEL_CSS = `
.wheel-trace details{border-bottom:1px solid var(--line);padding:2px 0}.wheel-trace summary{cursor:pointer}
.wheel-trace td,.wheel-trace th{white-space:normal;text-align:left}.wheel-stats{max-width:560px}
.wheel-trace input,.wheel-trace button{background:var(--bg);color:var(--text);border:1px solid var(--line);border-radius:4px;padding:3px 6px}
`;

/** The page's trace script: lists the dates of every `.wheel-trace` panel from `data.wheels[index]`. */
export const WHEEL_SCRIPT = `
const PAGE = 300;
const FUNDING = new Set(${JSON.stringify([...SHORT_OF_FUNDS])});
const ROUTINE = new Set(${JSON.stringify([...ROUTINE_VERDICTS])});
document.querySelectorAll('.wheel-trace').forEach((panel) => {
  const w = data.wheels[Number(panel.dataset.wheel)];
  const list = panel.querySelector('[data-testid="trace"]');
  const filter = panel.querySelector('[data-testid="trace-filter"]');
  const all = panel.querySelector('[data-testid="trace-all"]');
  const count = panel.querySelector('[data-testid="trace-count"]');
  const more = panel.querySelector('[data-testid="trace-more"]');
  const esc = (s) => String(s).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]);
  const decisionText = (x) => [w.stage[x[0]], w.symbol[x[1]], w.verdict[x[2]], w.code[x[3]], x[4]].join(' ').toLowerCase();
  const fillText = (f) => [w.instrument[f[0]], w.note[f[3]]].join(' ').toLowerCase();
  let shown = [];
  let limit = PAGE;
  const rowsOf = (day, words) => {
    const keep = (text) => words.every((t) => text.includes(t));
    return { decisions: day[2].filter((x) => keep(decisionText(x))), fills: day[3].filter((f) => keep(fillText(f))) };
  };
  const summary = (day, r) => {
    const acts = r.decisions
      .filter((x) => !ROUTINE.has(w.verdict[x[2]]) || FUNDING.has(w.code[x[3]]))
      .map((x) => w.stage[x[0]] + ' ' + (FUNDING.has(w.code[x[3]]) ? w.code[x[3]] : w.verdict[x[2]]) + ' ' + w.symbol[x[1]]);
    const n = (k, what) => k + ' ' + what + (k === 1 ? '' : 's');
    const parts = [day[0], n(r.decisions.length, 'decision')];
    if (r.fills.length) parts.push(n(r.fills.length, 'fill'));
    if (acts.length) parts.push(acts.join(', '));
    return parts.join(' · ');
  };
  const tr = (cells) => '<tr>' + cells.map((c) => '<td>' + esc(c) + '</td>').join('') + '</tr>';
  const table = (testid, head, rows) => {
    const th = head.map((h) => '<th>' + h + '</th>').join('');
    return '<table' + (testid ? ' data-testid="' + testid + '"' : '') + '><thead><tr>' + th + '</tr></thead><tbody>' + rows.join('') + '</tbody></table>';
  };
  const decisionRow = (x) => tr([w.stage[x[0]], w.symbol[x[1]], w.verdict[x[2]], w.code[x[3]], x[4]]);
  const fillRow = (f) => tr([w.instrument[f[0]], f[1], f[2] === null ? '—' : Number(f[2]).toFixed(2), w.note[f[3]]]);
  const body = (r) =>
    table('', ['stage', 'symbol', 'verdict', 'code', 'sentence'], r.decisions.map(decisionRow)) +
    (r.fills.length ? table('trace-fills', ['filled', 'qty', 'price', 'why'], r.fills.map(fillRow)) : '');
  const render = () => {
    const words = filter.value.toLowerCase().split(/\\s+/).filter(Boolean);
    shown = [];
    for (const day of w.days) {
      if (!all.checked && !day[1]) continue;
      const r = words.length ? rowsOf(day, words) : { decisions: day[2], fills: day[3] };
      if (words.length && r.decisions.length + r.fills.length === 0) continue;
      shown.push([day, r]);
    }
    const html = [];
    for (const [day, r] of shown.slice(0, limit)) html.push('<details data-date="' + day[0] + '"><summary>' + esc(summary(day, r)) + '</summary></details>');
    list.innerHTML = html.join('');
    // An entry's table is built when it is first opened.
    list.querySelectorAll('details').forEach((el, i) =>
      el.addEventListener('toggle', () => {
        if (!el.open || el.dataset.filled) return;
        el.dataset.filled = '1';
        el.insertAdjacentHTML('beforeend', body(shown[i][1]));
      }),
    );
    const counted = (k) => k.toLocaleString('en-US');
    const cut = shown.length > limit ? ' (the first ' + counted(limit) + ' listed)' : '';
    count.textContent = counted(shown.length) + ' of ' + counted(w.days.length) + ' dates' + cut;
    more.hidden = shown.length <= limit;
  };
  filter.addEventListener('input', () => { limit = PAGE; render(); });
  all.addEventListener('change', () => { limit = PAGE; render(); });
  more.addEventListener('click', () => { limit += PAGE; render(); });
  render();
});
`;
