// Number and time labels for the charts' axes and legends (dark theme, compact on phones).

const compact = new Intl.NumberFormat('en-US', { notation: 'compact', maximumFractionDigits: 2 });

/** A legend value: '–' for a gap, compact for big magnitudes (volume sums), else a few decimals. */
export function formatValue(v: number | null | undefined): string {
  if (v == null || Number.isNaN(v)) return '–';
  const a = Math.abs(v);
  if (a >= 1e6) return compact.format(v);
  return v.toLocaleString('en-US', { maximumFractionDigits: a >= 100 ? 2 : a >= 1 ? 3 : 4 });
}

/** Axis tick labels with as many decimals as the tick step needs. */
export function formatTicks(splits: readonly number[], incr: number): string[] {
  const big = splits.some((v) => Math.abs(v) >= 1e5);
  const decimals = Math.min(6, Math.max(0, Math.ceil(-Math.log10(incr) - 1e-9)));
  return splits.map((v) =>
    v == null ? '' : big ? compact.format(v) : v.toLocaleString('en-US', { minimumFractionDigits: decimals, maximumFractionDigits: decimals }),
  );
}

const dateFmt = new Intl.DateTimeFormat('en-CA', { timeZone: 'UTC', year: 'numeric', month: '2-digit', day: '2-digit' });

/** Daily bars carry UTC midnight of their trading date. */
export const formatDate = (ms: number): string => dateFmt.format(ms);

const EXCHANGE_TZ = 'America/New_York';
const dayFmt = new Intl.DateTimeFormat('en-US', { timeZone: EXCHANGE_TZ, month: 'short', day: 'numeric' });
const clockFmt = new Intl.DateTimeFormat('en-GB', { timeZone: EXCHANGE_TZ, hour: '2-digit', minute: '2-digit' });

/** Intraday tick label in exchange time, on two lines: 'Mar 12' / '10:45'. */
export const formatIntradayTick = (ms: number): string => `${dayFmt.format(ms)}\n${clockFmt.format(ms)}`;

/** Intraday legend value in exchange time: 'Mar 12 10:45 ET'. */
export const formatIntraday = (ms: number): string => `${dayFmt.format(ms)} ${clockFmt.format(ms)} ET`;
