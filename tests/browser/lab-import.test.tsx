// The lab's own-data import in Chromium: a CSV set on the file input is read in the CSV worker,
// stored in the IndexedDB bars table (source = the file name) and offered, selected, in the series
// picker after the samples, and still there after a remount; it runs like a sample. A dropped CSV
// with a bad close on line 5 names the line and the field and stores nothing; a symbol naming a
// bundled sample's series is refused. Two stored results compare side by side.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { userEvent } from 'vitest/browser';
import { render } from 'solid-js/web';
import { MoneyTrailzDb } from '../../app/db/schema.ts';
import { LabView } from '../../app/lab/LabView.tsx';
import { defaultSymbol } from '../../app/lab/lab-series.ts';
import { formatStat, STAT_ROWS } from '../../app/lab/stat-rows.ts';
import '../../app/styles.css';

/** `n` daily bars of a deterministic random walk from 2020-01-01. */
function walkCsv(n: number, seed = 7): string {
  let s = seed;
  const rnd = () => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32;
  const lines = ['date,open,high,low,close,volume'];
  let p = 100;
  for (let i = 0; i < n; i++) {
    const o = p;
    p *= Math.exp((rnd() - 0.5) * 0.04);
    const day = new Date(Date.UTC(2020, 0, 1) + i * 86_400_000).toISOString().slice(0, 10);
    lines.push(`${day},${o.toFixed(2)},${(Math.max(o, p) * 1.002).toFixed(2)},${(Math.min(o, p) * 0.998).toFixed(2)},${p.toFixed(2)},${1000 + i}`);
  }
  return `${lines.join('\n')}\n`;
}

const cleanup: (() => void | Promise<void>)[] = [];
afterEach(async () => {
  for (const f of cleanup.splice(0).reverse()) await f();
});

async function mount(name = `mt-lab-import-${Math.random().toString(36).slice(2)}`) {
  const db = new MoneyTrailzDb(name);
  const host = document.createElement('div');
  host.style.width = '1100px';
  document.body.appendChild(host);
  const dispose = render(() => <LabView db={db} />, host);
  const unmount = () => {
    dispose();
    host.remove();
  };
  cleanup.push(async () => {
    unmount();
    db.close();
    await new MoneyTrailzDb(name).delete();
  });
  return { host, db, name, unmount };
}

const q = <T extends Element = HTMLElement>(host: ParentNode, sel: string) => host.querySelector<T>(sel);
const text = (host: ParentNode, sel: string) => q(host, sel)?.textContent ?? '';
const picker = (host: ParentNode) => q<HTMLSelectElement>(host, '[data-testid="lab-sample"]')!;

function chooseFile(host: ParentNode, file: File) {
  const input = q<HTMLInputElement>(host, '[data-testid="lab-file"]')!;
  const dt = new DataTransfer();
  dt.items.add(file);
  input.files = dt.files;
  input.dispatchEvent(new Event('change', { bubbles: true }));
}

function dropFile(host: ParentNode, file: File) {
  const zone = q(host, '[data-testid="lab-drop"]')!;
  const dt = new DataTransfer();
  dt.items.add(file);
  zone.dispatchEvent(new DragEvent('dragover', { bubbles: true, cancelable: true, dataTransfer: dt }));
  zone.dispatchEvent(new DragEvent('drop', { bubbles: true, cancelable: true, dataTransfer: dt }));
}

async function runAndWait(host: HTMLElement, title: string) {
  await userEvent.click(q(host, '[data-testid="lab-run"]')!);
  await vi.waitFor(() => expect(text(host, '[data-testid="lab-status"]')).toContain(`${title}: computed in a Web Worker`), { timeout: 30_000 });
}

describe('lab: your own data', () => {
  it('defaults the symbol to the file name’s stem, upper-cased', () => {
    expect(defaultSymbol('mine.csv')).toBe('MINE');
    expect(defaultSymbol('brk.b.csv')).toBe('BRK.B');
    expect(defaultSymbol('spy')).toBe('SPY');
  });

  it('stores a valid CSV and offers it in the picker; a bad one names line and field and stores nothing', async () => {
    const { host, db, name, unmount } = await mount();
    expect(await db.bars.count()).toBe(0);

    chooseFile(host, new File([walkCsv(300)], 'mine.csv', { type: 'text/csv' }));
    await vi.waitFor(() => expect(text(host, '[data-testid="lab-import-status"]')).toBe('mine.csv: 300 bars stored as MINE daily (your data)'), { timeout: 20_000 });
    const row = (await db.bars.get('MINE:1d'))!;
    expect(row.source).toBe('mine.csv');
    expect(row.symbol).toBe('MINE');
    expect(row.close.length).toBe(300);
    expect(picker(host).value).toBe('MINE:1d');
    const mine = [...picker(host).querySelectorAll('option')].map((o) => o.textContent);
    expect(mine.at(-1)).toBe('MINE daily (your data)');
    expect(mine.indexOf('GOOG daily')).toBeLessThan(mine.length - 1); // after the samples

    // line 5 (the 4th data row) has a non-numeric close
    const lines = walkCsv(10).split('\n');
    lines[4] = lines[4].replace(/,[^,]+,(\d+)$/, ',abc,$1');
    const before = await db.bars.count();
    dropFile(host, new File([lines.join('\n')], 'bad.csv', { type: 'text/csv' }));
    const alert = await vi.waitFor(() => {
      const a = q(host, '[data-testid="lab-import-error"]');
      expect(a).not.toBeNull();
      return a!;
    }, { timeout: 20_000 });
    expect(alert.getAttribute('role')).toBe('alert');
    expect(alert.textContent).toContain('line 5');
    expect(alert.textContent).toContain('field close');
    expect(alert.textContent).toContain("'abc' is not a number");
    expect(await db.bars.count()).toBe(before);
    expect(await db.bars.get('BAD:1d')).toBeUndefined();
    expect([...picker(host).querySelectorAll('option')].map((o) => o.value)).not.toContain('BAD:1d');

    // a symbol naming a sample's series is refused, nothing stored
    await userEvent.type(q(host, '[data-testid="lab-import-symbol"]')!, 'goog');
    chooseFile(host, new File([walkCsv(20)], 'other.csv', { type: 'text/csv' }));
    await vi.waitFor(() => expect(text(host, '[data-testid="lab-import-error"]')).toContain('GOOG daily is a bundled sample'), { timeout: 20_000 });
    expect(await db.bars.count()).toBe(before);

    // selectable: it runs; a remount (a reload) still lists it
    await runAndWait(host, 'sma_cross on MINE daily (your data)');
    expect(q(host, '[data-testid="lab-stats"]')).not.toBeNull();
    unmount();
    const again = document.createElement('div');
    document.body.appendChild(again);
    const db2 = new MoneyTrailzDb(name);
    const dispose = render(() => <LabView db={db2} />, again);
    cleanup.push(() => {
      dispose();
      again.remove();
      db2.close();
    });
    await vi.waitFor(() => expect([...picker(again).querySelectorAll('option')].map((o) => o.value)).toContain('MINE:1d'));
  });

  it('compares two stored results: stats in two columns, both equity curves on one chart', async () => {
    const { host, db } = await mount();
    chooseFile(host, new File([walkCsv(400, 11)], 'walk.csv', { type: 'text/csv' }));
    await vi.waitFor(() => expect(picker(host).value).toBe('WALK:1d'), { timeout: 20_000 });
    await runAndWait(host, 'sma_cross on WALK daily (your data)');
    const fast = q<HTMLInputElement>(host, '#lab-param-fast')!;
    await userEvent.clear(fast);
    await userEvent.type(fast, '5');
    await runAndWait(host, 'sma_cross on WALK daily (your data)');
    expect(await db.results.count()).toBe(2);

    const results = await db.results.orderBy('storedAt').reverse().toArray();
    const compare = await vi.waitFor(() => q(host, '[data-testid="lab-compare"]')!);
    expect(q(compare, '[data-testid="lab-compare-table"]')).toBeNull();
    await userEvent.selectOptions(q(compare, '[data-testid="lab-compare-0"]')!, results[0].id);
    await userEvent.selectOptions(q(compare, '[data-testid="lab-compare-1"]')!, results[1].id);
    const table = await vi.waitFor(() => q(compare, '[data-testid="lab-compare-table"]')!);
    for (const row of STAT_ROWS) {
      const cells = [...table.querySelectorAll(`tr[data-key="${row.key}"] td`)].map((td) => td.textContent);
      expect(cells, row.label).toEqual([formatStat(row, results[0].json), formatStat(row, results[1].json)]);
    }
    expect(results[0].json.stats.numTrades).not.toBe(results[1].json.stats.numTrades);
    await vi.waitFor(() => expect(compare.querySelectorAll('[data-testid="lab-compare-equity"] canvas').length).toBeGreaterThan(0));
  });
});
