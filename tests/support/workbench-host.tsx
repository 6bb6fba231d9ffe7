// The chart workbench mounted for a browser test: its own IndexedDB database and TA worker in a host of
// a given width, resolved once its chart has drawn. Everything is undone after the test (page-host.ts's
// cleanups): unmounted, the worker ended, the database closed and deleted. `unmount()` undoes the mount
// early and keeps the database, so a test can mount the same `dbName` again (a reload).
import { expect, vi } from 'vitest';
import { render } from 'solid-js/web';
import type { LiveSource } from '../../app/charts/live-chart.ts';
import { MoneyTrailzDb } from '../../app/db/schema.ts';
import { createWorkbench, WorkbenchContext, type Workbench as WorkbenchState } from '../../app/state/workbench.ts';
import { Workbench } from '../../app/ui/Workbench.tsx';
import { TaClient } from '../../app/workers/ta-client.ts';
import { cleanups, frames, hostOf } from './page-host.ts';

export interface MountedWorkbench {
  readonly host: HTMLDivElement;
  readonly wb: WorkbenchState;
  unmount(): void;
}

/** Databases already set to be deleted after the current test. */
const toDelete = new Set<string>();

/** A fresh database name with `prefix`. */
export const uniqueDbName = (prefix = 'mt-workbench'): string => `${prefix}-${Math.random().toString(36).slice(2)}`;

export async function mountWorkbench(opts: { readonly width: number; readonly dbName?: string; readonly live?: LiveSource }): Promise<MountedWorkbench> {
  const name = opts.dbName ?? uniqueDbName();
  if (!toDelete.has(name)) {
    toDelete.add(name);
    // Pushed before the unmount below, so it runs after it (cleanups run newest first).
    cleanups.push(async () => {
      toDelete.delete(name);
      await new MoneyTrailzDb(name).delete();
    });
  }
  const host = hostOf(opts.width);
  const db = new MoneyTrailzDb(name);
  const ta = new TaClient();
  const wb = createWorkbench({ db, ta, live: opts.live });
  const dispose = render(
    () => (
      <WorkbenchContext.Provider value={wb}>
        <Workbench />
      </WorkbenchContext.Provider>
    ),
    host,
  );
  let mounted = true;
  const unmount = () => {
    if (!mounted) return;
    mounted = false;
    dispose();
    host.remove();
    ta.terminate();
    db.close();
  };
  cleanups.push(unmount);
  await wb.started;
  await vi.waitFor(() => expect(host.querySelector('[data-testid="chart"] canvas')).not.toBeNull(), { timeout: 20_000 });
  await frames();
  return { host, wb, unmount };
}
