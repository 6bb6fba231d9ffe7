// The order ticket's option-chain picker (issue 13, item 4): asks the bridge for an underlying's chain
// (docs/app-protocol.md §3 `optionChain`: nearest expiry, 10 strikes around the price), again for
// another listed expiry; the newest request wins (an older answer arriving late is dropped). Nothing is
// queued: offline the request is refused with a sentence. Rows are a snapshot, never live prices. Days
// to expiry count from the broker's date (`clock`: on the simulator the replay day), not the device's.
import { createSignal } from 'solid-js';
import type { OptionChainResponse, OptionRow } from '../../shared/protocol/index.ts';
import type { Commands } from '../bridge-client/commands.ts';
import { daysTo } from './account.ts';

/** How many strikes around the underlying's price the picker asks for. */
export const CHAIN_STRIKES = 10;

/** YYYYMMDD → YYYY-MM-DD (a date input's value). */
export const dashedDate = (yyyymmdd: string) => `${yyyymmdd.slice(0, 4)}-${yyyymmdd.slice(4, 6)}-${yyyymmdd.slice(6, 8)}`;

/** "2012-03-16 · 24 DTE" (calendar days from `today`, epoch ms). */
export const expiryLabel = (expiry: string, today: number) => `${dashedDate(expiry)} · ${daysTo(expiry, today) ?? '?'} DTE`;

/** The mid of a quoted bid and ask, rounded to the cent; undefined without both sides. */
export function midOf(r: Pick<OptionRow, 'bid' | 'ask'>): number | undefined {
  if (r.bid === undefined || r.ask === undefined || !(r.bid >= 0) || !(r.ask > 0) || r.ask < r.bid) return undefined;
  return Math.round(((r.bid + r.ask) / 2) * 100) / 100;
}

/** The strike nearest the underlying's price (undefined without a price or rows). */
export function atmStrike(rows: readonly Pick<OptionRow, 'strike'>[], price: number | undefined): number | undefined {
  if (price === undefined || rows.length === 0) return undefined;
  return rows.reduce((best, r) => (Math.abs(r.strike - price) < Math.abs(best - price) ? r.strike : best), rows[0]!.strike);
}

/** A price or greek to `digits` decimals with a true minus sign; undefined stays undefined. */
export const chainNumber = (v: number | undefined, digits = 2) => (v === undefined ? undefined : v.toFixed(digits).replace('-', '\u2212'));

/** A row's accessible name: "Put 128, bid 1.20, ask 1.25, delta −0.31". */
export function rowName(r: OptionRow, atm: boolean): string {
  const parts = [`${r.right === 'P' ? 'Put' : 'Call'} ${r.strike}${atm ? ' (at the money)' : ''}`];
  if (r.error) return `${parts[0]}, unavailable: ${r.error}`;
  parts.push(`bid ${chainNumber(r.bid) ?? 'none'}`, `ask ${chainNumber(r.ask) ?? 'none'}`);
  if (r.delta !== undefined) parts.push(`delta ${chainNumber(r.delta)}`);
  return parts.join(', ');
}

export function createOptionChain(commands: Commands) {
  const [chain, setChain] = createSignal<OptionChainResponse | undefined>();
  const [loading, setLoading] = createSignal<string | undefined>();
  const [error, setError] = createSignal<string | undefined>();
  const [loadedAt, setLoadedAt] = createSignal<number | undefined>();
  /** The broker's time when the chain came (days to expiry count from it), else the device's. */
  const [today, setToday] = createSignal(Date.now());
  let seq = 0;

  /** Asks for `symbol`'s chain (its nearest expiry, or `expiry` YYYYMMDD); false when the symbol is not one. */
  const load = async (symbolText: string, expiry?: string): Promise<boolean> => {
    const symbol = symbolText.trim().toUpperCase();
    if (!/^[A-Z][A-Z0-9.]{0,5}$/.test(symbol)) {
      setError('Type an underlying symbol of 1–6 letters (e.g. SPY), then load its chain.');
      return false;
    }
    const mine = ++seq;
    setError(undefined);
    setLoading(symbol);
    try {
      const [c, clock] = await Promise.all([
        commands.optionChain(symbol, { ...(expiry ? { expiry } : {}), strikes: CHAIN_STRIKES }),
        commands.clock?.().catch(() => undefined),
      ]);
      if (mine !== seq) return true;
      setToday(clock?.brokerTime ?? Date.now());
      setChain(c);
      setLoadedAt(Date.now());
    } catch (err) {
      if (mine !== seq) return true;
      const text = err instanceof Error ? err.message : String(err);
      const todo = /^UNKNOWN_INSTRUMENT/.test(text)
        ? 'check the symbol and load again'
        : /^NO_SUCH_EXPIRY/.test(text)
          ? 'choose a listed expiry or load the chain again'
          : /not connected/.test(text)
            ? ''
            : 'load it again';
      setError(`No option chain for ${symbol}: ${text}${todo ? ` — ${todo}.` : ''}`);
    } finally {
      if (mine === seq) setLoading(undefined);
    }
    return true;
  };

  return { chain, loading, error, loadedAt, today, load };
}

export type OptionChainState = ReturnType<typeof createOptionChain>;
