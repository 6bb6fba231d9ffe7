// A paper run as JSON (docs/trading-model.md §9.5): `orders` in the backtest's order-list shape
// (shared/engine/backtest-result.ts PortfolioJsonOrder: bar, time, strategy, instrument, qty, price,
// commission, tag, reason), plus every fill as the broker reported it, the equity per step and the risk
// events — so a paper run's orders can be compared with a backtest's line by line.
import type { PortfolioJsonOrder } from '../../shared/engine/backtest-result.ts';
import type { RiskEvent } from '../../shared/engine/engine.ts';
import type { PaperFill, PaperRun } from './paper-run.ts';

export interface PaperJson {
  mode: 'paper';
  from: string;
  to: string;
  symbols: string[];
  orders: PortfolioJsonOrder[];
  fills: (Omit<PaperFill, 'time'> & { time: string; at: string })[];
  equity: (number | null)[];
  riskEvents: (Omit<RiskEvent, 'time'> & { time: string })[];
}

const num = (v: number): number | null => (Number.isFinite(v) ? v : null);
const label = (yyyymmdd: number) => `${String(yyyymmdd).slice(0, 4)}-${String(yyyymmdd).slice(4, 6)}-${String(yyyymmdd).slice(6, 8)}`;

export function paperJson(run: PaperRun, symbols: readonly string[]): PaperJson {
  // A step's session (`bar` counts the timeline, whose first `warmUp` steps are history before the run).
  const at = (bar: number) => label(run.sessions[Math.max(0, Math.min(bar - run.warmUp, run.sessions.length - 1))].date);
  return {
    mode: 'paper',
    from: at(0),
    to: at(run.sessions.length - 1),
    symbols: [...symbols],
    orders: run.orders.map((o) => ({
      bar: o.bar - run.warmUp,
      time: at(o.bar),
      strategy: o.strategy,
      instrument: o.instrument,
      qty: o.qty,
      price: num(o.price),
      commission: num(o.commission),
      ...(o.tag !== undefined && { tag: o.tag }),
      ...(o.reason !== undefined && { reason: o.reason }),
    })),
    fills: run.fills.map((f) => ({ ...f, bar: f.bar - run.warmUp, time: at(f.bar), at: new Date(f.time).toISOString() })),
    equity: Array.from(run.equity.subarray(run.warmUp), num),
    riskEvents: run.riskEvents.map((e) => ({ ...e, bar: e.bar - run.warmUp, time: at(e.bar) })),
  };
}
