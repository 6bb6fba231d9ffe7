// The `strategies` topic (docs/app-protocol.md §2, minor 2): the bridge's strategy runners
// (bridge/strategies/strategy-runner.ts) as topic state — `runner` (where the instances come from, a
// problem they all share) and one `instance:<id>` row per configured instance (its run state, sleeve
// equity and P&L, open orders, latest signals and decision trace). A change replaces the whole row
// (capped lists keep it small); the state does not come from TWS, but like every topic it restarts
// with TWS's session (a fresh snapshot of the same rows).
import type { StrategyRunners } from '../strategies/strategy-runner.ts';
import type { Feed } from './hub.ts';

export function strategyFeed(runners: StrategyRunners): Feed {
  let off: (() => void) | undefined;
  return {
    start(_api, sink) {
      off?.();
      sink.update(runners.state());
      const onChange = (keys: string[]) => {
        const all = runners.state();
        const patch: Record<string, unknown> = {};
        for (const k of keys) if (k in all) patch[k] = all[k];
        sink.update(patch);
      };
      runners.on('change', onChange);
      off = () => runners.off('change', onChange);
    },
    stop() {
      off?.();
      off = undefined;
    },
  };
}
