// The user's strategy instances in the lab (app/lab/lab-instances.ts) in Chromium on real IndexedDB:
// the form saved under a name, loaded back into fresh inputs after the form changed, kept across a
// reload, deleted; a nameless save is refused with a sentence.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { userEvent } from 'vitest/browser';
import { render } from 'solid-js/web';
import { MoneyTrailzDb } from '../../app/db/schema.ts';
import { LabView } from '../../app/lab/LabView.tsx';
import '../../app/styles.css';

const cleanups: (() => void | Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

function mount(name: string) {
  const db = new MoneyTrailzDb(name);
  const host = document.createElement('div');
  host.style.width = '1100px';
  document.body.appendChild(host);
  const dispose = render(() => <LabView db={db} />, host);
  cleanups.push(() => {
    dispose();
    host.remove();
    db.close();
  });
  return host;
}

const q = <T extends HTMLElement = HTMLElement>(host: HTMLElement, sel: string) => host.querySelector<T>(sel)!;
const value = (host: HTMLElement, sel: string) => q<HTMLInputElement | HTMLSelectElement>(host, sel).value;

describe('strategy instances in the lab', () => {
  it('saves the form, loads it back after a change, keeps it across a reload and deletes it', async () => {
    const name = `mt-lab-inst-${Math.random().toString(36).slice(2)}`;
    const a = mount(name);
    await userEvent.click(q(a, '[data-testid="lab-instance-save"]'));
    await vi.waitFor(() => expect(q(a, '[data-testid="lab-instance-note"]').textContent).toBe('give the instance a name'));

    await userEvent.clear(q(a, '#lab-param-fast'));
    await userEvent.type(q(a, '#lab-param-fast'), '7');
    await userEvent.clear(q(a, '#lab-initial_capital'));
    await userEvent.type(q(a, '#lab-initial_capital'), '25000');
    await userEvent.type(q(a, '[data-testid="lab-instance-name"]'), 'GOOG fast trend');
    await userEvent.click(q(a, '[data-testid="lab-instance-save"]'));
    await vi.waitFor(() => expect(q(a, '[data-testid="lab-instance-note"]').textContent).toBe('Saved “GOOG fast trend”.'));

    // The form changes: another strategy, another capital.
    await userEvent.selectOptions(q<HTMLSelectElement>(a, '[data-testid="lab-strategy"]'), 'rsi_reversion');
    await userEvent.clear(q(a, '#lab-initial_capital'));
    await userEvent.type(q(a, '#lab-initial_capital'), '999');
    expect(a.querySelector('#lab-param-fast')).toBeNull();

    await userEvent.selectOptions(q<HTMLSelectElement>(a, '[data-testid="lab-instance-load"]'), 'GOOG fast trend');
    await vi.waitFor(() => expect(value(a, '[data-testid="lab-strategy"]')).toBe('sma_cross'));
    expect(value(a, '#lab-param-fast')).toBe('7');
    expect(value(a, '#lab-param-slow')).toBe('30');
    expect(value(a, '#lab-initial_capital')).toBe('25000');

    // A reload finds it; Delete removes it.
    const b = mount(name);
    await vi.waitFor(() => expect([...b.querySelectorAll('[data-testid="lab-instance-load"] option')].map((o) => o.textContent)).toContain('GOOG fast trend (sma_cross)'));
    await userEvent.selectOptions(q<HTMLSelectElement>(b, '[data-testid="lab-instance-load"]'), 'GOOG fast trend');
    await vi.waitFor(() => expect(value(b, '#lab-initial_capital')).toBe('25000'));
    await userEvent.click(q(b, '[data-testid="lab-instance-delete"]'));
    await vi.waitFor(() => expect(q(b, '[data-testid="lab-instance-note"]').textContent).toBe('Deleted.'));
    expect(q<HTMLSelectElement>(b, '[data-testid="lab-instance-load"]').disabled).toBe(true);
    await new MoneyTrailzDb(name).delete();
  }, 60_000);
});
