// The live account as the views read it, from the bridge's `account` and `pnl` topics
// (docs/app-protocol.md §2): the values TWS reports (net liquidation, cash, buying power, margin),
// the day's P&L, and the positions from TWS's portfolio rows — stocks by symbol, each option under
// its underlying with strike, expiry and days to expiry — with each position's share of the account.
// Pure functions of the topic states; the net liquidation's history for the sparkline is kept here.
import { createEffect, createMemo, createSignal, type Accessor } from 'solid-js';
import type { PortfolioRow } from '../../shared/protocol/index.ts';
import type { LiveTopic, Topics } from '../bridge-client/topics.ts';

export interface AccountValues {
  readonly account?: string;
  readonly currency: string;
  readonly netLiquidation?: number;
  readonly cash?: number;
  readonly buyingPower?: number;
  readonly availableFunds?: number;
  readonly initMargin?: number;
  readonly maintMargin?: number;
  readonly grossPositionValue?: number;
  /** initMargin / netLiquidation. */
  readonly marginUse?: number;
  readonly dailyPnl?: number;
  readonly unrealizedPnl?: number;
  readonly realizedPnl?: number;
}

export interface PositionLine {
  readonly key: string;
  readonly symbol: string;
  readonly secType: string;
  /** Options: e.g. 'P 128 · 2012-03-02'. */
  readonly label: string;
  readonly quantity: number;
  readonly avgCost: number;
  readonly price: number;
  readonly marketValue: number;
  readonly unrealizedPnl: number;
  /** |market value| / net liquidation. */
  readonly share?: number;
  readonly daysToExpiry?: number;
  /** Options: the contract (for the risk view's deltas). */
  readonly right?: 'C' | 'P';
  readonly strike?: number;
  readonly expiry?: string;
  readonly multiplier?: number;
}

/** One underlying: its stock position (if any) and its options. */
export interface PositionGroup {
  readonly symbol: string;
  readonly stock?: PositionLine;
  readonly options: readonly PositionLine[];
  readonly marketValue: number;
  readonly unrealizedPnl: number;
}

const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v)) ? Number(v) : undefined);

/** The account values of the topic states (`<key>:<currency>` in the base currency). */
export function accountValues(account: Readonly<Record<string, unknown>> | undefined, pnl: Readonly<Record<string, unknown>> | undefined, currency = 'USD'): AccountValues {
  const a = account ?? {};
  const v = (key: string) => num(a[`${key}:${currency}`]) ?? num(a[key]);
  const netLiquidation = v('NetLiquidation');
  const initMargin = v('InitMarginReq');
  return {
    account: typeof a.account === 'string' ? a.account : undefined,
    currency,
    netLiquidation,
    cash: v('TotalCashValue'),
    buyingPower: v('BuyingPower'),
    availableFunds: v('AvailableFunds'),
    initMargin,
    maintMargin: v('MaintMarginReq'),
    grossPositionValue: v('GrossPositionValue'),
    marginUse: netLiquidation && initMargin !== undefined ? initMargin / netLiquidation : undefined,
    dailyPnl: num(pnl?.dailyPnL),
    unrealizedPnl: num(pnl?.unrealizedPnL) ?? v('UnrealizedPnL'),
    realizedPnl: num(pnl?.realizedPnL) ?? v('RealizedPnL'),
  };
}

const isRow = (v: unknown): v is PortfolioRow =>
  typeof v === 'object' && v !== null && typeof (v as PortfolioRow).symbol === 'string' && typeof (v as PortfolioRow).position === 'number';

const dashed = (yyyymmdd: string) => `${yyyymmdd.slice(0, 4)}-${yyyymmdd.slice(4, 6)}-${yyyymmdd.slice(6, 8)}`;

/** Calendar days from `today` (epoch ms) to an expiry date YYYYMMDD (0 on the day). */
export function daysTo(expiry: string, today: number): number | undefined {
  const t = Date.UTC(Number(expiry.slice(0, 4)), Number(expiry.slice(4, 6)) - 1, Number(expiry.slice(6, 8)));
  if (!Number.isFinite(t)) return undefined;
  const d = new Date(today);
  return Math.round((t - Date.UTC(d.getFullYear(), d.getMonth(), d.getDate())) / 86_400_000);
}

/** The portfolio rows grouped by underlying, largest market value first; options under their underlying. */
export function positionGroups(account: Readonly<Record<string, unknown>> | undefined, netLiquidation: number | undefined, today: number): PositionGroup[] {
  const groups = new Map<string, { stock?: PositionLine; options: PositionLine[] }>();
  for (const [key, row] of Object.entries(account ?? {})) {
    if (!key.startsWith('portfolio:') || !isRow(row) || row.position === 0) continue;
    const option = row.secType === 'OPT' && row.right !== undefined && row.strike !== undefined && row.expiry !== undefined;
    const line: PositionLine = {
      key,
      symbol: row.symbol,
      secType: row.secType,
      label: option ? `${row.right} ${row.strike} · ${dashed(row.expiry!)}` : row.symbol,
      quantity: row.position,
      avgCost: row.avgCost,
      price: row.marketPrice,
      marketValue: row.marketValue,
      unrealizedPnl: row.unrealizedPnl,
      share: netLiquidation ? Math.abs(row.marketValue) / netLiquidation : undefined,
      daysToExpiry: option ? daysTo(row.expiry!, today) : undefined,
      ...(option && { right: row.right, strike: row.strike, expiry: row.expiry, multiplier: row.multiplier ?? 100 }),
    };
    let g = groups.get(row.symbol);
    if (!g) groups.set(row.symbol, (g = { options: [] }));
    if (option) g.options.push(line);
    else g.stock = line;
  }
  return [...groups.entries()]
    .map(([symbol, g]) => {
      const lines = [...(g.stock ? [g.stock] : []), ...g.options];
      return {
        symbol,
        stock: g.stock,
        options: g.options.sort((a, b) => (a.daysToExpiry ?? 0) - (b.daysToExpiry ?? 0) || a.label.localeCompare(b.label)),
        marketValue: lines.reduce((s, l) => s + l.marketValue, 0),
        unrealizedPnl: lines.reduce((s, l) => s + l.unrealizedPnl, 0),
      };
    })
    .sort((a, b) => Math.abs(b.marketValue) - Math.abs(a.marketValue) || a.symbol.localeCompare(b.symbol));
}

export interface LiveAccount {
  readonly values: Accessor<AccountValues>;
  readonly groups: Accessor<readonly PositionGroup[]>;
  /** Net liquidation seen this session, oldest first (at most 500 points). */
  readonly history: Accessor<readonly number[]>;
  readonly live: Accessor<boolean>;
  readonly updatedAt: Accessor<number | undefined>;
  readonly account: LiveTopic;
}

const HISTORY = 500;

/** The live account over the bridge's topics (subscribed on first use). */
export function createLiveAccount(topics: Topics, now: () => number = Date.now): LiveAccount {
  const account = topics.topic('account');
  const pnl = topics.topic('pnl');
  const [history, setHistory] = createSignal<readonly number[]>([]);
  const values = createMemo(() => accountValues(account.data(), pnl.data()));
  createEffect(() => {
    const nlv = values().netLiquidation;
    if (nlv !== undefined) setHistory((h) => (h[h.length - 1] === nlv ? h : [...h.slice(-(HISTORY - 1)), nlv]));
  });
  const groups = createMemo(() => positionGroups(account.data(), values().netLiquidation, now()));
  return { values, groups, history, live: account.live, updatedAt: account.updatedAt, account };
}

/** One symbol's target and actual share of the account (target vs actual). */
export interface AllocationLine {
  readonly symbol: string;
  /** Fraction of the account the configuration aims for (0 when the symbol has no target). */
  readonly target: number;
  /** |market value of the symbol's positions| / net liquidation (undefined without a net liquidation). */
  readonly actual?: number;
}

/** Every symbol with a target or a position: its target and actual share, largest target first. */
export function allocationLines(targets: Readonly<Record<string, number>>, groups: readonly PositionGroup[], netLiquidation: number | undefined): AllocationLine[] {
  const held = new Map(groups.map((g) => [g.symbol, g.marketValue]));
  const symbols = [...new Set([...Object.keys(targets), ...held.keys()])];
  return symbols
    .map((symbol) => ({ symbol, target: targets[symbol] ?? 0, actual: netLiquidation ? Math.abs(held.get(symbol) ?? 0) / netLiquidation : undefined }))
    .sort((a, b) => b.target - a.target || (a.symbol < b.symbol ? -1 : 1));
}

