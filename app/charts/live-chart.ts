// The workbench's Live mode: a symbol's recent 1-minute bars from the bridge (one historicalBars
// request), kept current by its `bars:<SYMBOL>:1m` topic. Each change is merged and checked
// (live-bars.ts), copied into the TA worker under one key and the active indicators recomputed on
// it; bars and indicator results are published together, so the chart only ever gets a consistent
// pair and updates in place. Updates arriving during a computation are coalesced into the next one.
import { createEffect, createRoot, createSignal, on, type Accessor } from 'solid-js';
import type { BarSeries } from '../../shared/data/bar-series.ts';
import type { Bar } from '../../shared/protocol/index.ts';
import type { BridgeStatus } from '../bridge-client/socket.ts';
import type { Commands } from '../bridge-client/commands.ts';
import type { Topics } from '../bridge-client/topics.ts';
import type { TaClient } from '../workers/ta-client.ts';
import type { ActiveIndicator, IndicatorResult, ResultsState } from '../state/indicators.ts';
import { liveBarSeries, liveTopicOf } from './live-bars.ts';

/** What Live needs from the bridge connection. */
export interface LiveSource {
  readonly topics: Topics;
  readonly commands: Commands;
  readonly status: Accessor<BridgeStatus>;
}

export type LiveState =
  | { readonly status: 'off' }
  | { readonly status: 'loading'; readonly symbol: string }
  | {
      readonly status: 'on';
      readonly symbol: string;
      /** The worker key the results belong to. */
      readonly key: string;
      readonly bars: BarSeries;
      readonly results: ResultsState;
      /** False while the bridge is offline or the topic failed (`why` says which): the bars are as of `updatedAt`. */
      readonly live: boolean;
      readonly why?: string;
      readonly updatedAt: number;
    }
  | { readonly status: 'error'; readonly symbol: string; readonly error: string };

const message = (e: unknown) => (e instanceof Error ? e.message : String(e));

export function createLiveChart(source: LiveSource, ta: TaClient, active: Accessor<readonly ActiveIndicator[]>, now: () => number = Date.now) {
  const [state, setState] = createSignal<LiveState>({ status: 'off' });
  let dispose: (() => void) | undefined;
  let session = 0;

  const stop = () => {
    session++;
    dispose?.();
    dispose = undefined;
    setState({ status: 'off' });
  };

  async function start(symbol: string): Promise<void> {
    stop();
    const mine = session;
    setState({ status: 'loading', symbol });
    let history: readonly Bar[];
    try {
      history = await source.commands.bars(symbol, '1m', '1 D');
    } catch (e) {
      if (mine === session) setState({ status: 'error', symbol, error: `could not load ${symbol}'s 1-minute bars from the bridge: ${message(e)}` });
      return;
    }
    if (mine !== session) return;
    const topic = source.topics.topic(liveTopicOf(symbol));
    const key = `live:${symbol}:1m`;
    let busy = false;
    let again = false;

    // Merge, load, compute, publish; once at a time, the latest state winning.
    const update = async (): Promise<void> => {
      if (busy) return void (again = true);
      busy = true;
      try {
        do {
          again = false;
          let bars: BarSeries;
          try {
            bars = liveBarSeries(symbol, history, topic.data());
          } catch (e) {
            if (mine === session) setState({ status: 'error', symbol, error: `the bridge sent a bar the chart cannot use — ${message(e)}` });
            return;
          }
          const items = active();
          const { open, high, low, close, volume, session: sessions } = bars;
          await ta.load(key, { open, high, low, close, volume, session: sessions });
          const settled = await Promise.allSettled(items.map((a) => ta.compute(key, a.name, a.params)));
          if (mine !== session) return;
          const byUid = new Map<string, IndicatorResult>();
          items.forEach((a, i) => {
            const s = settled[i];
            byUid.set(a.uid, s.status === 'fulfilled' ? { status: 'ready', outputs: s.value } : { status: 'error', error: message(s.reason) });
          });
          const failure = topic.failure();
          const connected = source.status().state === 'connected';
          const why = !connected ? 'bridge offline' : failure ? failure.message : undefined;
          setState({ status: 'on', symbol, key, bars, results: { seriesKey: key, byUid }, live: topic.live(), why, updatedAt: topic.updatedAt() ?? now() });
        } while (again && mine === session);
      } catch (e) {
        if (mine === session) setState({ status: 'error', symbol, error: `the indicators could not be computed on the live bars: ${message(e)}` });
      } finally {
        busy = false;
      }
    };

    createRoot((d) => {
      dispose = d;
      // A new topic state, the bridge coming or going, or another set of indicators: update.
      createEffect(on([topic.data, topic.live, topic.failure, active], () => void update()));
    });
  }

  return {
    state: state as Accessor<LiveState>,
    /** Shows `symbol` live (replacing any other); resolves once the first bars are requested and answered. */
    start,
    stop,
  };
}

export type LiveChart = ReturnType<typeof createLiveChart>;
