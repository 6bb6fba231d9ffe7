// The browser's storage for this origin (issue 13, item 7): how much IndexedDB uses of the quota,
// and whether the data is persistent (not evicted under storage pressure). Persistence is asked for
// once, after the user's first meaningful action (something they would not want to lose), never on
// load; the answer is the browser's.
import { createSignal, type Accessor } from 'solid-js';

export interface StorageState {
  /** Bytes used and the quota (undefined where the browser does not tell). */
  readonly usage?: number;
  readonly quota?: number;
  /** True when the browser keeps the data under storage pressure. */
  readonly persisted?: boolean;
}

export interface Storage {
  readonly state: Accessor<StorageState>;
  /** Reads usage, quota and persistence again. */
  refresh(): Promise<void>;
  /** Asks for persistent storage once (later calls return the first answer). */
  persist(): Promise<boolean>;
}

export function createStorage(nav: Navigator = navigator): Storage {
  const [state, setState] = createSignal<StorageState>({});
  const sm = nav.storage as StorageManager | undefined;
  let asked: Promise<boolean> | undefined;
  const refresh = async () => {
    if (!sm) return;
    const [estimate, persisted] = await Promise.all([sm.estimate?.().catch(() => undefined), sm.persisted?.().catch(() => undefined)]);
    setState({ usage: estimate?.usage, quota: estimate?.quota, persisted });
  };
  return {
    state,
    refresh,
    persist() {
      asked ??= (async () => {
        const granted = (await sm?.persist?.().catch(() => false)) ?? false;
        await refresh();
        return granted;
      })();
      return asked;
    },
  };
}

/** e.g. '12.3 MB' */
export function formatBytes(n: number | undefined): string {
  if (n === undefined) return '–';
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  let i = 0;
  let v = n;
  while (v >= 1000 && i < units.length - 1) {
    v /= 1000;
    i++;
  }
  return `${v.toFixed(i === 0 ? 0 : 1)} ${units[i]}`;
}
