// Building blocks for many-instrument, many-strategy engine tests on the bundled real data.
import { readFileSync } from 'node:fs';
import type { BarSeries } from '../../../shared/data/bar-series.ts';
import { readBarsCsv } from '../../../shared/data/read-bars-csv.ts';
import { firstBarAtOrAfter, sliceBars } from '../../../shared/data/slice-bars.ts';
import type { OrderIntent } from '../../../shared/domain/intent.ts';
import type { SleeveSpec } from '../../../shared/engine/sleeve.ts';
import { NO_INTENTS, type BarContext, type Strategy } from '../../../shared/strategies/strategy.ts';

const cache = new Map<string, BarSeries>();

/** A bundled daily series, optionally cut to [from, to] (ISO dates, inclusive). */
export function daily(symbol: string, from?: string, to?: string): BarSeries {
  let bars = cache.get(symbol);
  if (!bars) {
    const file = `${symbol}_1d.csv`;
    bars = readBarsCsv(readFileSync(new URL(`../../../data/samples/${file}`, import.meta.url), 'utf8'), file, { symbol });
    cache.set(symbol, bars);
  }
  const a = from ? firstBarAtOrAfter(bars, Date.parse(`${from}T00:00:00Z`)) : 0;
  const b = to ? firstBarAtOrAfter(bars, Date.parse(`${to}T00:00:00Z`) + 86_400_000) : bars.length;
  return sliceBars(bars, a, b);
}

/** A sleeve spec with defaults: one symbol, daily, priority 0, shorts allowed. */
export function sleeve(id: string, create: (symbols: readonly string[]) => Strategy, over: Partial<SleeveSpec> & { symbols: readonly string[] }): SleeveSpec {
  return { id, strategy: id, timeframes: ['1d'], allocation: 1, priority: 0, minConfidence: 0, allowShort: true, create, ...over };
}

/** A strategy that answers from a script: bar index of its series → intents. */
export class Scripted implements Strategy {
  readonly name = 'scripted';
  readonly type = 'stocks' as const;
  readonly timeframes = ['1D'];
  readonly schema = {} as Strategy['schema'];
  readonly seen: number[] = [];
  constructor(
    readonly symbols: readonly string[],
    private readonly script: (bar: number, ctx: BarContext) => readonly OrderIntent[] | undefined,
    readonly scope: 'symbol' | 'portfolio' = 'symbol',
  ) {}
  init(): void {}
  onBar(ctx: BarContext): readonly OrderIntent[] {
    this.seen.push(ctx.bar);
    return this.script(ctx.bar, ctx) ?? NO_INTENTS;
  }
}
