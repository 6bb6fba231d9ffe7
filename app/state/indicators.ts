// The active indicators: a persisted list, their outputs for the shown series (computed by the
// worker on the resident series, cached per series and parameters), and the add/remove actions.
import { batch, createSignal, type Accessor } from 'solid-js';
import type { TaClient } from '../workers/ta-client.ts';
import type { TaResult } from '../workers/ta-messages.ts';
import { PALETTE, pickColors } from '../charts/palette.ts';
import { indicatorLabel, infoOf, paramNamedIn, parseParam, type ParamValue } from './indicator-meta.ts';
import type { LoadedSeries, SeriesStore } from './series.ts';
import type { ActiveIndicator } from './settings.ts';

export type { ActiveIndicator };

export type IndicatorResult =
  | { readonly status: 'ready'; readonly outputs: TaResult }
  | { readonly status: 'error'; readonly error: string };

export interface ResultsState {
  /** The series these results belong to (null before the first computation). */
  readonly seriesKey: string | null;
  readonly byUid: ReadonlyMap<string, IndicatorResult>;
}

export type AddState =
  | { readonly status: 'idle' }
  | { readonly status: 'adding'; readonly label: string }
  | { readonly status: 'added'; readonly label: string }
  /** `param`: the parameter the message names, when it names one. */
  | { readonly status: 'error'; readonly message: string; readonly param?: string };

/** The default set: SMA(20) in the first palette colour (orange). */
export const DEFAULT_ACTIVE: readonly ActiveIndicator[] = [{ uid: 'default-sma', name: 'SMA', params: { period: 20 }, colors: [PALETTE[0]] }];

const message = (e: unknown) => (e instanceof Error ? e.message : String(e));

export function createIndicatorStore(ta: TaClient, series: SeriesStore, persist: (items: readonly ActiveIndicator[]) => Promise<void>) {
  const [active, setActive] = createSignal<readonly ActiveIndicator[]>([]);
  const [results, setResults] = createSignal<ResultsState>({ seriesKey: null, byUid: new Map() });
  const [addState, setAddState] = createSignal<AddState>({ status: 'idle' });
  const cache = new Map<string, Promise<TaResult>>();
  let generation = 0;
  let uidCounter = 0;

  const compute = (seriesKey: string, name: string, params: object): Promise<TaResult> => {
    const key = `${seriesKey}|${name}|${JSON.stringify(params)}`;
    let p = cache.get(key);
    if (!p) {
      cache.set(key, (p = ta.compute(seriesKey, name, params)));
      p.catch(() => cache.delete(key)); // errors are not kept: a transient worker failure may be retried
    }
    return p;
  };

  /** Computes every active indicator on `loaded` and publishes all results at once. */
  async function refresh(loaded: LoadedSeries): Promise<void> {
    const mine = ++generation;
    const items = active();
    const settled = await Promise.allSettled(items.map((a) => compute(loaded.sample.key, a.name, a.params)));
    if (mine !== generation) return; // a newer refresh (series switch, add) supersedes this one
    const byUid = new Map<string, IndicatorResult>();
    items.forEach((a, i) => {
      const s = settled[i];
      byUid.set(a.uid, s.status === 'fulfilled' ? { status: 'ready', outputs: s.value } : { status: 'error', error: message(s.reason) });
    });
    setResults({ seriesKey: loaded.sample.key, byUid });
  }

  /** Validates by computing on the shown series (the worker names a bad parameter), then adds. */
  async function add(name: string, texts: Readonly<Record<string, string>>): Promise<boolean> {
    if (addState().status === 'adding') return false;
    const info = infoOf(name);
    if (!info) {
      setAddState({ status: 'error', message: `unknown indicator '${name}'` });
      return false;
    }
    const params: Record<string, ParamValue> = {};
    for (const p of info.params) params[p.name] = parseParam(p, texts[p.name] ?? '');
    const label = indicatorLabel(name, params);
    if (active().some((a) => a.name === name && JSON.stringify(a.params) === JSON.stringify(params))) {
      setAddState({ status: 'error', message: `${label} is already active` });
      return false;
    }
    setAddState({ status: 'adding', label });
    try {
      const loaded = await series.current();
      const outputs = await compute(loaded.sample.key, name, params);
      const used = active().flatMap((a) => a.colors);
      const item: ActiveIndicator = { uid: `${info.id}-${Date.now().toString(36)}-${++uidCounter}`, name, params, colors: pickColors(Object.keys(outputs).length, used) };
      const next = [...active(), item];
      await persist(next); // stored before it shows: what is on screen survives a reload
      const shown = results();
      const same = shown.seriesKey === loaded.sample.key && series.state().sample.key === loaded.sample.key;
      batch(() => {
        setActive(next);
        setAddState({ status: 'added', label });
        // Its outputs are at hand: publish them with it, so the chart redraws once.
        if (same) setResults({ seriesKey: shown.seriesKey, byUid: new Map(shown.byUid).set(item.uid, { status: 'ready', outputs }) });
      });
      if (!same) await refresh(await series.current()); // the series changed meanwhile
      return true;
    } catch (e) {
      const msg = message(e);
      setAddState({ status: 'error', message: msg, param: paramNamedIn(msg) });
      return false;
    }
  }

  async function remove(uid: string): Promise<void> {
    const next = active().filter((a) => a.uid !== uid);
    await persist(next);
    setActive(next);
  }

  return {
    active: active as Accessor<readonly ActiveIndicator[]>,
    results,
    addState,
    /** Replaces the list (restoring it from storage); no write. */
    restore: (items: readonly ActiveIndicator[]) => setActive(items),
    refresh,
    add,
    remove,
    clearAddState: () => setAddState({ status: 'idle' }),
  };
}

export type IndicatorStore = ReturnType<typeof createIndicatorStore>;
