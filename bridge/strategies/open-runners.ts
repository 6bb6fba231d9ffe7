// The strategy runners `npm start` offers (docs/bridge.md §6): the [strategies.<id>] instances of the
// configuration file, built as a backtest job is (bridge/backtest/job.ts: sleeves, engine settings,
// the same config errors); without a moneytrailz.toml, the instances of the built-in sample
// configuration (data/examples/multi-strategy-spy-tlt-qqq.toml: SMA cross on QQQ, RSI reversion on
// SPY, buy and hold TLT, on the simulator's sample data), all stopped until the user starts one. A
// configuration that cannot run is not fatal: no instance is offered and the topic says why. The
// armed set lives beside the order path's state (<stateDir>/armed-strategies.json).
import { dirname, join } from 'node:path';
import { loadBacktestJob, type BacktestJob } from '../backtest/job.ts';
import { TwsLink } from '../app-protocol/tws-link.ts';
import type { OrderPath } from '../trading/order-path.ts';
import { ArmedFile } from './armed-file.ts';
import { StrategyRunners } from './strategy-runner.ts';

/** The sample configuration offered when the bridge runs without a moneytrailz.toml (relative to the code's root). */
export const SAMPLE_STRATEGIES = join('data', 'examples', 'multi-strategy-spy-tlt-qqq.toml');

export interface OpenRunnersOptions {
  /** The code's root folder (the sample configuration is below it). */
  readonly root: string;
  /** The configuration file, when the bridge runs with one. */
  readonly configPath?: string;
  readonly path: OrderPath;
  /** The embedded simulator's replay clock; none = the wall clock (a real TWS). */
  readonly clock?: { now(): number; readonly ended: boolean };
  /** Where the armed set is kept (default <the order path's state folder>/armed-strategies.json). */
  readonly armedPath?: string;
  readonly log?: (line: string) => void;
}

export async function openStrategyRunners(o: OpenRunnersOptions): Promise<{ runners: StrategyRunners; summary: string }> {
  const file = o.configPath ?? join(o.root, SAMPLE_STRATEGIES);
  const source = o.configPath ?? 'sample';
  let job: BacktestJob | undefined;
  let notice: string | undefined;
  try {
    job = await loadBacktestJob(file);
  } catch (err) {
    notice = `${err instanceof Error ? err.message : String(err)} — no strategy instance can run until the configuration is fixed`;
  }
  const armed = await ArmedFile.open(o.armedPath ?? join(dirname(o.path.journal.path), 'armed-strategies.json'));
  const runners = new StrategyRunners({
    path: o.path,
    link: new TwsLink(o.path.tws),
    job,
    source,
    ...(notice && { notice }),
    armed,
    clock: o.clock ?? { now: () => Date.now(), ended: false },
    log: o.log ?? ((line) => console.error(line)),
  });
  const ids = job?.sleeves.map((s) => s.id) ?? [];
  const summary = notice ?? armed.problem ?? `${ids.join(', ') || 'none'} from ${source === 'sample' ? `the built-in sample (${SAMPLE_STRATEGIES})` : source}${armed.list().length > 0 ? ` · armed: ${armed.list().join(', ')}` : ''}`;
  return { runners, summary };
}
