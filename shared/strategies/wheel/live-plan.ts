// What a live wheel pass asks the bridge for (wheel-rules.md §6.3): the symbols to quote, the option
// chains to scan (which listed expiries, how many strikes), and how many daily closes of history —
// derived from the configuration and the account's option positions alone, so the dry run, the live
// run and the tests agree on what "enough data" means.
import { daysFromYyyymmdd } from '../../data/iso-time.ts';
import { symbolDte, type WheelConfig } from './config.ts';
import { snapshotHistoryDays } from './technical-filters.ts';
import type { OptionContract } from './types.ts';

/** The bridge serves at most this many strikes per chain request (docs/app-protocol.md §3). */
export const MAX_CHAIN_STRIKES = 50;

/** A DTE window whose first `count` listed expiries are scanned. */
export interface ExpiryWindow {
  readonly minDte: number;
  readonly maxDte?: number;
}

export interface LivePlan {
  /** Every symbol whose quote the pass reads, in a stable order (the wheel's symbols first). */
  readonly quotes: readonly string[];
  /** Underlyings whose option chains are scanned, with their DTE windows (before expiries are known). */
  readonly chains: ReadonlyMap<string, readonly ExpiryWindow[]>;
  /** Strikes per chain request: both sides of the money for `option_chains.strikes` each. */
  readonly strikes: number;
  /** Expiries scanned per window (`option_chains.expirations`). */
  readonly expirations: number;
  /** Daily closes each wheel symbol's history must hold (the σ gate and the technical filters). */
  readonly historyDays: number;
}

const runs = (c: WheelConfig, stage: WheelConfig['stages'][number]) => c.stages.includes(stage);

/**
 * The plan for one live pass. A chain is scanned for a symbol whose puts or calls may be written or
 * rolled: one window from its target DTE (≤ its max DTE), plus one per option position held from
 * that position's DTE on (a roll never moves to an earlier expiry, wheel-rules.md §2.6), and the VIX
 * calls of the hedge when that stage runs.
 */
export function livePlan(c: WheelConfig, positions: readonly (OptionContract & { readonly dte: number })[]): LivePlan {
  const quotes: string[] = [...c.symbols.keys()];
  const add = (s: string) => void (quotes.includes(s) || quotes.push(s));
  const chains = new Map<string, ExpiryWindow[]>();
  const optionStages = runs(c, 'write_puts') || runs(c, 'write_calls') || runs(c, 'roll') || runs(c, 'close');
  if (optionStages) {
    for (const [symbol, s] of c.symbols) {
      if (s.noTrading) continue;
      const { dte, maxDte } = symbolDte(c, symbol);
      const windows: ExpiryWindow[] = [{ minDte: dte, ...(maxDte !== undefined && { maxDte }) }];
      for (const p of positions) {
        if (p.symbol !== symbol) continue;
        const from = Math.max(dte, p.dte);
        if (!windows.some((w) => w.minDte === from)) windows.push({ minDte: from, ...(maxDte !== undefined && { maxDte }) });
      }
      chains.set(symbol, windows);
    }
  }
  if (runs(c, 'vix_hedge') && c.vixCallHedge.enabled) {
    add('VIX');
    add('VIXMO');
    const h = c.vixCallHedge;
    chains.set('VIX', [{ minDte: h.targetDte, ...(h.maxDte !== undefined && { maxDte: h.maxDte }) }]);
  }
  if (runs(c, 'cash_management') && c.cashManagement.enabled) add(c.cashManagement.cashFund);
  return {
    quotes,
    chains,
    strikes: Math.min(MAX_CHAIN_STRIKES, Math.max(1, 2 * Math.floor(c.optionChains.strikes))),
    expirations: Math.max(0, Math.floor(c.optionChains.expirations)),
    historyDays: snapshotHistoryDays(c),
  };
}

/**
 * The listed expiries (yyyymmdd strings) to scan: for each window, the first `count` whose DTE from
 * `today` (yyyymmdd, New York) is in it; their union, ascending. Malformed entries are ignored.
 */
export function chooseExpiries(listed: readonly string[], today: number, windows: readonly ExpiryWindow[], count: number): string[] {
  const base = daysFromYyyymmdd(today);
  const dated = [...new Set(listed)]
    .filter((e) => /^\d{8}$/.test(e))
    .map((e) => ({ e, dte: daysFromYyyymmdd(Number(e)) - base }))
    .sort((a, b) => a.dte - b.dte);
  const chosen = new Set<string>();
  for (const w of windows) {
    let n = 0;
    for (const { e, dte } of dated) {
      if (n >= count) break;
      if (dte < w.minDte || (w.maxDte !== undefined && dte > w.maxDte)) continue;
      chosen.add(e);
      n++;
    }
  }
  return [...chosen].sort();
}

/**
 * A TWS duration for daily bars that covers `sessions` trading sessions: calendar days at 7/5 plus two
 * weeks of holidays, in years beyond 365 days (TWS refuses longer `D` durations).
 */
export function historyDuration(sessions: number): string {
  const days = Math.ceil((Math.max(1, sessions) * 7) / 5) + 14;
  return days <= 365 ? `${days} D` : `${Math.ceil(days / 365)} Y`;
}
