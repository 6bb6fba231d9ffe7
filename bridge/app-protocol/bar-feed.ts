// bars:<symbol>:<size> (docs/app-protocol.md §2): a reqHistoricalData with keepUpToDate, sent
// through the pacer like every historical request (ib-protocol.md §7 P7). The state is the recent
// bars keyed by TWS's bar time; TWS's updates of the current bar (and the first of the next) are
// the deltas. At most MAX_BARS are kept: older ones are deleted as new ones arrive.
import type { IBApi } from '@stoqey/ib';
import type { Bar, BarSizeCode } from '../../shared/protocol/index.ts';
import type { Feed, FeedSink } from './hub.ts';
import { BAR_SIZES } from '../../shared/protocol/index.ts';
import { pacingGroupOf, requestBars, type BarQuery } from './historical-bars.ts';
import type { HistoricalPacer } from './historical-pacer.ts';
import { failureOf } from './request-error.ts';
import type { TwsLink } from './tws-link.ts';

export const MAX_BARS = 500;

/** How far back the first snapshot reaches per bar size. */
const HISTORY: Readonly<Record<BarSizeCode, string>> = { '5s': '3600 S', '1m': '1 D', '5m': '2 D', '15m': '5 D', '30m': '10 D', '1h': '20 D', '1d': '1 Y' };

const row = (b: Bar) => ({ open: b.open, high: b.high, low: b.low, close: b.close, volume: b.volume });

export function barFeed(link: TwsLink, pacer: HistoricalPacer, symbol: string, barSize: BarSizeCode): Feed {
  const q: BarQuery = { ref: { symbol }, barSize: BAR_SIZES[barSize], duration: HISTORY[barSize], end: '', whatToShow: 'TRADES', rth: true };
  let cancel: (() => void) | undefined;
  let generation = 0;
  return {
    start(_api: IBApi, sink: FeedSink) {
      cancel = undefined; // a restart: TWS dropped the old request (new session or 1101)
      const mine = ++generation;
      const times: string[] = [];
      pacer
        .enqueue({
          identity: `${JSON.stringify(q)}|keepUpToDate`,
          group: pacingGroupOf(q),
          run: async () => {
            if (mine !== generation) return;
            let initial = true;
            const early: Bar[] = [];
            const onUpdate = (bar: Bar) => {
              if (initial) return void early.push(bar); // after the first bars, in order
              const patch: Record<string, unknown> = { [bar.time]: row(bar) };
              if (!times.includes(bar.time)) {
                times.push(bar.time);
                while (times.length > MAX_BARS) patch[times.shift()!] = null;
              }
              sink.update(patch);
            };
            const r = requestBars(link, q, 60_000, true, onUpdate);
            cancel = r.cancel;
            const bars = await r.result;
            const recent = bars.slice(-MAX_BARS);
            const all: Record<string, unknown> = {};
            for (const b of recent) {
              times.push(b.time);
              all[b.time] = row(b);
            }
            sink.update(all);
            initial = false;
            for (const b of early) onUpdate(b);
          },
        })
        .catch((err: unknown) => {
          if (mine !== generation) return;
          const f = failureOf(err);
          sink.fail(f.code, f.message);
        });
    },
    stop() {
      generation++;
      cancel?.();
      cancel = undefined;
    },
  };
}
