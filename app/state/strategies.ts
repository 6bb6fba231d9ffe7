// The strategy monitor's model, from the bridge's `strategies` topic (docs/app-protocol.md §2,
// minor 2): one card per configured instance, in id order, each row checked by the shared decoder
// (decodeStrategyRow) before it is shown — a malformed row becomes a card saying so, never a guess —
// and the runner's notice (a problem every instance shares). Times are the bars' dates.
import { decodeStrategyRow, type StrategyRow, type StrategyRunState } from '../../shared/protocol/index.ts';
import type { StrategyAgreementRow } from '../../shared/protocol/index.ts';

export interface StrategyCard {
  readonly id: string;
  /** The decoded row, or why it could not be read. */
  readonly row?: StrategyRow;
  readonly error?: string;
}

export interface StrategiesModel {
  readonly source?: string;
  readonly notice?: string;
  /** The account's target allocation per symbol (the runner's `targets`), when the bridge sends one. */
  readonly targets?: { readonly weights: Readonly<Record<string, number>>; readonly from: 'weights' | 'sleeves' };
  readonly cards: readonly StrategyCard[];
}

export function strategiesModel(data: Readonly<Record<string, unknown>> | undefined): StrategiesModel {
  const cards: StrategyCard[] = [];
  let source: string | undefined;
  let notice: string | undefined;
  let targets: StrategiesModel['targets'];
  for (const [key, value] of Object.entries(data ?? {})) {
    if (key === 'runner' && value !== null && typeof value === 'object') {
      const r = value as Record<string, unknown>;
      source = typeof r.source === 'string' ? r.source : undefined;
      notice = typeof r.notice === 'string' ? r.notice : undefined;
      targets = targetsOf(r.targets);
      continue;
    }
    if (!key.startsWith('instance:')) continue;
    const id = key.slice('instance:'.length);
    try {
      cards.push({ id, row: decodeStrategyRow(value, key) });
    } catch (err) {
      cards.push({ id, error: `the bridge sent a row this app cannot read (${err instanceof Error ? err.message : String(err)}); update the app or the bridge` });
    }
  }
  cards.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return { ...(source !== undefined && { source }), ...(notice !== undefined && { notice }), ...(targets && { targets }), cards };
}

/** The account's target allocation from the topic's `runner` key alone (the Account view: no instance row is decoded). */
export function runnerTargets(data: Readonly<Record<string, unknown>> | undefined): StrategiesModel['targets'] {
  const runner = data?.runner;
  return runner !== null && typeof runner === 'object' ? targetsOf((runner as Record<string, unknown>).targets) : undefined;
}

/** The runner's targets when they are well formed (weights: finite numbers in [0, 1]); else none, never a guess. */
function targetsOf(v: unknown): StrategiesModel['targets'] {
  if (v === null || typeof v !== 'object') return undefined;
  const t = v as { weights?: unknown; from?: unknown };
  if ((t.from !== 'weights' && t.from !== 'sleeves') || t.weights === null || typeof t.weights !== 'object') return undefined;
  const entries = Object.entries(t.weights as Record<string, unknown>);
  if (!entries.every(([, w]) => typeof w === 'number' && w >= 0 && w <= 1)) return undefined;
  return { weights: Object.fromEntries(entries) as Record<string, number>, from: t.from };
}

/** What a state means, in words. */
export const STATE_WORDS: Readonly<Record<StrategyRunState, string>> = {
  stopped: 'stopped',
  starting: 'starting…',
  running: 'running',
  halted: 'halted (kill switch)',
  failed: 'failed',
};

/** Start when it is not armed; Stop while it is (a failed or halted run is stopped first). */
export function actionOf(row: StrategyRow): 'arm' | 'disarm' {
  return row.armed ? 'disarm' : 'arm';
}

/** A bar time as its date (daily bars: UTC midnight of the session's date). */
export function dateOf(time: number): string {
  return Number.isFinite(time) ? new Date(time).toISOString().slice(0, 10) : '–';
}

/** A session's yyyymmdd as YYYY-MM-DD. */
export function sessionText(yyyymmdd: number | undefined): string | undefined {
  if (yyyymmdd === undefined) return undefined;
  const s = String(yyyymmdd);
  return `${s.slice(0, 4)}-${s.slice(4, 6)}-${s.slice(6, 8)}`;
}

// --- multi-timeframe agreement (the row's `agreement`: a chip per symbol and timeframe) ------------

/** One symbol's chips, in the row's order. */
export interface AgreementLine {
  readonly symbol: string;
  readonly chips: readonly StrategyAgreementRow[];
}

/** The row's agreement grouped by symbol (symbols in their first appearance's order). */
export function agreementLines(row: StrategyRow): AgreementLine[] {
  const bySymbol = new Map<string, StrategyAgreementRow[]>();
  for (const a of row.agreement ?? []) {
    const list = bySymbol.get(a.symbol);
    if (list) list.push(a);
    else bySymbol.set(a.symbol, [a]);
  }
  return [...bySymbol].map(([symbol, chips]) => ({ symbol, chips }));
}

/** 'the BUY signal' (a signal's side is upper case) or 'the close decision' (an intent's). */
const decisionWords = (side: string) => (/^[A-Z]+$/.test(side) ? `the ${side} signal` : `the ${side} decision`);

/** A chip's accessible name: '1w trend up, agrees with the BUY signal' / 'not enough bars for the 1w trend yet'. */
export function chipName(a: StrategyAgreementRow): string {
  if (!a.ready) return `not enough bars for the ${a.timeframe} trend yet`;
  const trend = `${a.timeframe} trend ${a.trend > 0 ? 'up' : a.trend < 0 ? 'down' : 'flat'}`;
  if (a.signal === undefined) return `${trend}, no signal yet`;
  if (a.agrees === undefined) return `${trend}, ${decisionWords(a.signal)} has no direction to compare`;
  return `${trend}, ${a.agrees ? 'agrees' : 'disagrees'} with ${decisionWords(a.signal)}`;
}

/** A chip's short text: '↑ 1w ✓', '↓ 1mo ✗', '– 1d', or '1w: not enough bars yet'. */
export function chipText(a: StrategyAgreementRow): string {
  if (!a.ready) return `${a.timeframe}: not enough bars yet`;
  const arrow = a.trend > 0 ? '↑' : a.trend < 0 ? '↓' : '–';
  return `${arrow} ${a.timeframe}${a.agrees === true ? ' ✓' : a.agrees === false ? ' ✗' : ''}`;
}
