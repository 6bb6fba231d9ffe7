// What a running strategy instance decided, for the `strategies` topic (docs/bridge.md §6): each
// strategy object the engine creates for the instance is wrapped so its answers are recorded as they
// leave onBar — signals (BUY / SELL / HOLD, confidence, reason: shared/strategies/strategy.ts) and
// intents (buy, sell, close, target; confidence and tag: shared/domain/intent.ts) — and the wheel's
// decisions (WheelDecision: a closed code and a sentence) are read from its trace. The strategy itself
// is untouched: the wrapper returns its answer as it is. Capped: the latest STRATEGY_SIGNALS_MAX
// decisions and STRATEGY_TRACE_MAX trace entries, each sentence cut to 300 characters. Each stock's
// latest decision with a direction is kept for the multi-timeframe agreement (timeframe-agreement.ts).
import { STRATEGY_SIGNALS_MAX, STRATEGY_TRACE_MAX, type StrategySignalRow, type StrategyTraceRow } from '../../shared/protocol/index.ts';
import type { SleeveSpec } from '../../shared/engine/sleeve.ts';
import type { BarContext, OrderIntent, Strategy, StrategySignal } from '../../shared/strategies/strategy.ts';
import { instrumentKey } from '../../shared/domain/instrument.ts';
import { MS_PER_DAY, daysFromYyyymmdd } from '../../shared/data/iso-time.ts';
import type { WheelDecision } from '../../shared/strategies/wheel/types.ts';
import { noteDecision, type LatestDecision } from './timeframe-agreement.ts';

const cut = (s: string) => (s.length > 300 ? `${s.slice(0, 299)}…` : s);
const push = <T>(list: T[], item: T, max: number) => {
  list.push(item);
  if (list.length > max) list.splice(0, list.length - max);
};
type Answer = ReturnType<Strategy['onBar']>;
type Traced = { readonly trace: readonly (WheelDecision & { readonly date: number })[] };
const hasTrace = (s: Strategy): s is Strategy & Traced => Array.isArray((s as Partial<Traced>).trace);

export class DecisionLog {
  readonly signals: StrategySignalRow[] = [];
  readonly trace: StrategyTraceRow[] = [];
  /** Per stock symbol: its latest decision with a direction (what the multi-timeframe agreement compares). */
  readonly latest = new Map<string, LatestDecision>();

  /** The instance's spec with every strategy object it creates recorded here. */
  wrap(spec: SleeveSpec): SleeveSpec {
    return { ...spec, create: (symbols) => this.recorded(spec.create(symbols)) };
  }

  /** A trace entry of the run itself (its warm-up: how much history TWS gave), not a decision. */
  note(time: number, symbol: string, code: string, message: string): void {
    push(this.trace, { time, symbol, code, message: cut(message) }, STRATEGY_TRACE_MAX);
  }

  private recorded(inner: Strategy): Strategy {
    let seen = hasTrace(inner) ? inner.trace.length : 0;
    return {
      name: inner.name,
      type: inner.type,
      symbols: inner.symbols,
      timeframes: inner.timeframes,
      ...(inner.scope && { scope: inner.scope }),
      schema: inner.schema,
      init: (ctx) => inner.init(ctx),
      onBar: (ctx) => {
        const answer = inner.onBar(ctx);
        this.record(ctx, answer, hasTrace(inner));
        if (hasTrace(inner)) {
          for (; seen < inner.trace.length; seen++) {
            const d = inner.trace[seen];
            push(this.trace, { time: daysFromYyyymmdd(d.date) * MS_PER_DAY, symbol: d.symbol, code: d.code, message: cut(`${d.verdict}: ${d.message}`) }, STRATEGY_TRACE_MAX);
          }
        }
        return answer;
      },
    };
  }

  /** Records one answer: its signals (and, unless the strategy keeps a trace of its own, a trace entry each). */
  private record(ctx: BarContext, answer: Answer, ownTrace: boolean): void {
    if (answer === undefined) return;
    const list = (Array.isArray(answer) ? answer : [answer]) as readonly (OrderIntent | StrategySignal)[];
    for (const a of list) {
      const row = 'signal' in a ? signalRow(ctx, a) : intentRow(ctx, a);
      push(this.signals, row, STRATEGY_SIGNALS_MAX);
      noteDecision(this.latest, ctx.symbol, a, row.side, row.time);
      if (!ownTrace) push(this.trace, { time: row.time, symbol: row.symbol, code: row.side, message: cut(`${row.side}${row.confidence !== undefined ? ` (confidence ${row.confidence.toFixed(2)})` : ''}: ${row.reason || 'no reason given'}`) }, STRATEGY_TRACE_MAX);
    }
  }
}

function signalRow(ctx: BarContext, s: StrategySignal): StrategySignalRow {
  return { time: ctx.time, symbol: ctx.symbol, side: s.signal, ...(Number.isFinite(s.confidence) && { confidence: Math.min(1, Math.max(0, s.confidence)) }), reason: cut(s.reason ?? '') };
}

function intentRow(ctx: BarContext, i: OrderIntent): StrategySignalRow {
  const symbol = i.instrument === undefined ? ctx.symbol : typeof i.instrument === 'string' ? i.instrument : instrumentKey(i.instrument);
  const side = i.action === 'target' ? `target ${Math.round(i.weight * 1000) / 10} %` : i.action;
  const confidence = i.confidence !== undefined && Number.isFinite(i.confidence) ? Math.min(1, Math.max(0, i.confidence)) : undefined;
  return { time: ctx.time, symbol, side, ...(confidence !== undefined && { confidence }), reason: cut(i.tag ?? '') };
}
