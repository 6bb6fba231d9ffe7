// The risk view's numbers (issue 13, item 5), from the live account and the underlyings' daily bars
// asked of the bridge: drawdown from this session's peak against the user's limit, exposure by
// underlying (market value and delta dollars) and by asset class, margin use against its limit,
// one-day historical VaR at 95 % (shared/risk/portfolio-var.ts), and the alerts when a limit is near
// (80 % of it) or passed.
import { createEffect, createMemo, createSignal, on, type Accessor } from 'solid-js';
import { dailyCloses, portfolioVar, type DailyCloses, type PortfolioVar, type RiskPosition } from '../../shared/risk/portfolio-var.ts';
import type { Commands } from '../bridge-client/commands.ts';
import type { MoneyTrailzDb } from '../db/schema.ts';
import type { LiveAccount, PositionGroup } from './account.ts';

export interface RiskLimits {
  /** Largest drawdown from the session's peak, % of net liquidation. */
  readonly maxDrawdownPct: number;
  /** Largest initial margin, % of net liquidation. */
  readonly maxMarginPct: number;
}

export const DEFAULT_LIMITS: RiskLimits = { maxDrawdownPct: 10, maxMarginPct: 50 };

export interface Exposure {
  readonly label: string;
  readonly marketValue: number;
  /** |market value| / net liquidation. */
  readonly share: number;
  /** Delta dollars (options by their model delta); NaN until the underlying's bars are in. */
  readonly deltaDollars: number;
}

export interface Alert {
  readonly level: 'near' | 'over';
  readonly text: string;
}

/** Drawdown of the last value from the highest value seen, as a fraction (0 when at the peak). */
export function drawdownFromPeak(history: readonly number[]): number {
  if (history.length === 0) return 0;
  let peak = -Infinity;
  for (const v of history) if (v > peak) peak = v;
  const last = history[history.length - 1];
  return peak > 0 ? Math.max(0, (peak - last) / peak) : 0;
}

export function positionsOf(groups: readonly PositionGroup[]): RiskPosition[] {
  const out: RiskPosition[] = [];
  for (const g of groups) {
    if (g.stock) out.push({ symbol: g.symbol, secType: g.stock.secType, quantity: g.stock.quantity });
    for (const o of g.options) out.push({ symbol: g.symbol, secType: 'OPT', quantity: o.quantity, right: o.right, strike: o.strike, expiry: o.expiry, multiplier: o.multiplier });
  }
  return out;
}

/** The alerts for the figures against the limits: 'near' from 80 % of a limit, 'over' past it. */
export function riskAlerts(drawdown: number, marginUse: number | undefined, limits: RiskLimits): Alert[] {
  const out: Alert[] = [];
  const check = (what: string, value: number, limitPct: number) => {
    const pct = value * 100;
    if (pct >= limitPct) out.push({ level: 'over', text: `${what} ${pct.toFixed(1)} % is past its limit of ${limitPct} %` });
    else if (pct >= 0.8 * limitPct) out.push({ level: 'near', text: `${what} ${pct.toFixed(1)} % is near its limit of ${limitPct} %` });
  };
  check('Drawdown from the session peak', drawdown, limits.maxDrawdownPct);
  if (marginUse !== undefined) check('Margin use', marginUse, limits.maxMarginPct);
  return out;
}

export interface LiveRisk {
  readonly drawdown: Accessor<number>;
  readonly bySymbol: Accessor<readonly Exposure[]>;
  readonly byClass: Accessor<readonly Exposure[]>;
  readonly valueAtRisk: Accessor<PortfolioVar | undefined>;
  /** Why VaR is not shown (offline, a refused request). */
  readonly varProblem: Accessor<string | undefined>;
  readonly alerts: Accessor<readonly Alert[]>;
  /** An option position's delta per contract (the shared quote model on the underlying's closes), when priced. */
  readonly optionDelta: (line: { symbol: string; right?: 'C' | 'P'; strike?: number; expiry?: string }) => number | undefined;
}

const contractKey = (p: { symbol: string; right?: string; strike?: number; expiry?: string }) => `${p.symbol} ${p.right} ${p.strike} ${p.expiry}`;

/** The live risk over the account; the underlyings' daily bars are asked for when the set of underlyings changes. */
export function createLiveRisk(account: LiveAccount, commands: Commands, limits: Accessor<RiskLimits>): LiveRisk {
  const [closes, setCloses] = createSignal<ReadonlyMap<string, DailyCloses>>(new Map());
  const [varProblem, setVarProblem] = createSignal<string | undefined>();
  const symbols = createMemo(() => account.groups().map((g) => g.symbol).sort().join(','));
  createEffect(
    on(symbols, (list) => {
      const wanted = list === '' ? [] : list.split(',');
      const missing = wanted.filter((s) => !closes().has(s));
      if (missing.length === 0) return;
      void Promise.all(missing.map(async (s) => [s, dailyCloses(await commands.bars(s, '1d', '2 Y'))] as const)).then(
        (got) => {
          setCloses((m) => new Map([...m, ...got]));
          setVarProblem(undefined);
        },
        (e: unknown) => setVarProblem(e instanceof Error ? e.message : String(e)),
      );
    }),
  );
  // VaR depends on what is held, not on its prices: computed again when a position changes, not on
  // every account update.
  const positions = createMemo(() => positionsOf(account.groups()), undefined, { equals: (a, b) => JSON.stringify(a) === JSON.stringify(b) });
  const valueAtRisk = createMemo(() => {
    const p = positions();
    return p.length === 0 ? undefined : portfolioVar(p, closes());
  });
  const nlv = () => account.values().netLiquidation ?? NaN;
  const bySymbol = createMemo(() => {
    const deltas = valueAtRisk()?.deltas ?? [];
    return account.groups().map((g) => ({
      label: g.symbol,
      marketValue: g.marketValue,
      share: Math.abs(g.marketValue) / nlv(),
      deltaDollars: deltas.filter((d) => d.position.symbol === g.symbol).reduce((s, d) => s + d.dollarDelta, 0),
    }));
  });
  const byClass = createMemo(() => {
    const sums = new Map<string, number>();
    for (const g of account.groups()) for (const l of [...(g.stock ? [g.stock] : []), ...g.options]) sums.set(l.secType, (sums.get(l.secType) ?? 0) + l.marketValue);
    const names: Record<string, string> = { STK: 'Stocks and ETFs', OPT: 'Options', IND: 'Indices', FUT: 'Futures' };
    return [...sums].map(([k, v]) => ({ label: names[k] ?? k, marketValue: v, share: Math.abs(v) / nlv(), deltaDollars: NaN }));
  });
  const drawdown = createMemo(() => drawdownFromPeak(account.history()));
  const alerts = createMemo(() => riskAlerts(drawdown(), account.values().marginUse, limits()));
  const optionDeltas = createMemo(() => {
    const m = new Map<string, number>();
    for (const d of valueAtRisk()?.deltas ?? []) if (d.position.secType === 'OPT' && Number.isFinite(d.delta)) m.set(contractKey(d.position), d.delta);
    return m;
  });
  const optionDelta = (line: { symbol: string; right?: 'C' | 'P'; strike?: number; expiry?: string }) => optionDeltas().get(contractKey(line));
  return { drawdown, bySymbol, byClass, valueAtRisk, varProblem, alerts, optionDelta };
}

const LIMITS_KEY = 'risk.limits';

const isLimits = (x: unknown): x is RiskLimits =>
  typeof x === 'object' && x !== null && [(x as RiskLimits).maxDrawdownPct, (x as RiskLimits).maxMarginPct].every((n) => typeof n === 'number' && n >= 1 && n <= 100);

/** The user's limits, kept in the settings table (defaults until stored). */
export function createRiskLimits(db: MoneyTrailzDb): { readonly limits: Accessor<RiskLimits>; set(l: RiskLimits): void } {
  const [limits, setLimits] = createSignal<RiskLimits>(DEFAULT_LIMITS);
  void db.settings.get(LIMITS_KEY).then((s) => {
    if (isLimits(s?.value)) setLimits(s.value);
  }, () => undefined);
  return {
    limits,
    set(l) {
      setLimits(l);
      void db.settings.put({ key: LIMITS_KEY, value: l }).catch(() => undefined);
    },
  };
}
