// The watchlist (issue 13, item 7): the symbols the user follows, kept in IndexedDB (the settings
// table, 'watchlist': exported and imported with the other user data), each with its live quote from
// the bridge's `quotes:<SYMBOL>` topic (docs/app-protocol.md §2) — last, change from the previous close,
// bid and ask — or "not live" when the bridge is away. A symbol taken off frees its quote line.
import { createSignal, type Accessor } from 'solid-js';
import { TICKER } from '../../shared/config/ticker.ts';
import type { MoneyTrailzDb } from '../db/schema.ts';
import type { LiveTopic, Topics } from '../bridge-client/topics.ts';

export const WATCHLIST_KEY = 'watchlist';
/** What a new device starts with: the bundled samples' symbols. */
export const DEFAULT_WATCHLIST: readonly string[] = ['SPY', 'QQQ', 'TLT', 'AAPL', 'GOOG'];
/** Most symbols (each holds one of the bridge's quote lines). */
export const WATCHLIST_MAX = 30;

export interface QuoteLine {
  readonly symbol: string;
  readonly last?: number;
  readonly bid?: number;
  readonly ask?: number;
  /** last − previous close, and as a fraction of the close. */
  readonly change?: number;
  readonly changePct?: number;
  readonly live: boolean;
  /** Why there is no quote (the bridge refused the topic). */
  readonly problem?: string;
}

const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) && v > 0 ? v : undefined);

/** A quote topic's state as a watchlist line. */
export function quoteLine(symbol: string, topic: LiveTopic | undefined): QuoteLine {
  const d = topic?.data() ?? {};
  const bid = num(d.bid);
  const ask = num(d.ask);
  const last = num(d.last) ?? (bid !== undefined && ask !== undefined ? (bid + ask) / 2 : undefined);
  const close = num(d.close);
  const change = last !== undefined && close !== undefined ? last - close : undefined;
  const f = topic?.failure();
  return {
    symbol,
    last,
    bid,
    ask,
    change,
    changePct: change !== undefined && close !== undefined ? change / close : undefined,
    live: topic?.live() ?? false,
    ...(f && { problem: f.message }),
  };
}

/** Why `text` cannot be added, or undefined (the symbol as added: trimmed, upper case). */
export function symbolProblem(text: string, list: readonly string[]): string | undefined {
  const s = text.trim().toUpperCase();
  if (!TICKER.re.test(s)) return `'${text.trim()}' is not ${TICKER.what}`;
  if (list.includes(s)) return `${s} is already on the watchlist`;
  if (list.length >= WATCHLIST_MAX) return `the watchlist holds at most ${WATCHLIST_MAX} symbols (each takes one of the bridge's quote lines): remove one first`;
  return undefined;
}

const isList = (v: unknown): v is string[] => Array.isArray(v) && v.length <= WATCHLIST_MAX && v.every((s) => typeof s === 'string' && TICKER.re.test(s));

export interface Watchlist {
  readonly symbols: Accessor<readonly string[]>;
  /** The symbol's quote topic (subscribed while it is on the list); undefined without a bridge. */
  quote(symbol: string): LiveTopic | undefined;
  /** Adds a symbol; the problem as a sentence when it cannot be. */
  add(text: string): Promise<string | undefined>;
  remove(symbol: string): Promise<void>;
  /** Resolves once the stored list is read. */
  readonly ready: Promise<void>;
}

/** The watchlist stored in `db`, its quotes from `topics` (none without a bridge). */
export function createWatchlist(db: MoneyTrailzDb, topics?: Topics): Watchlist {
  const [symbols, setSymbols] = createSignal<readonly string[]>(DEFAULT_WATCHLIST);
  const ready = db.settings
    .get(WATCHLIST_KEY)
    .then((row) => {
      if (isList(row?.value)) setSymbols(row.value);
    })
    .catch(() => undefined);
  const store = (list: readonly string[]) => db.settings.put({ key: WATCHLIST_KEY, value: [...list] });
  return {
    symbols,
    ready,
    quote: (symbol) => topics?.topic(`quotes:${symbol}`),
    async add(text) {
      const problem = symbolProblem(text, symbols());
      if (problem) return problem;
      const next = [...symbols(), text.trim().toUpperCase()];
      await store(next);
      setSymbols(next);
      return undefined;
    },
    async remove(symbol) {
      const next = symbols().filter((s) => s !== symbol);
      await store(next);
      setSymbols(next);
      topics?.release(`quotes:${symbol}`);
    },
  };
}
