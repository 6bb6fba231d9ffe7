// The Strategies view's multi-timeframe agreement (issue 13, item 3) in Chromium, fed by a scripted
// `strategies` topic: a line of chips per symbol (↑/↓/– timeframe ✓/✗) with accessible names, the
// trend sentences behind a keyboard-operable "why", "not enough bars" where a trend is not ready, the
// step it is as of and "not live" when the bridge is gone, and no horizontal scroll at 390 px.
import { describe, expect, it } from 'vitest';
import { createRoot, createSignal } from 'solid-js';
import { render } from 'solid-js/web';
import type { LiveTopic } from '../../app/bridge-client/topics.ts';
import type { Commands } from '../../app/bridge-client/commands.ts';
import type { StrategyAgreementRow, StrategyRow } from '../../shared/protocol/index.ts';
import { StrategiesView } from '../../app/ui/StrategiesView.tsx';
import '../../app/styles.css';

const BUY_AT = Date.UTC(2012, 2, 6);
const chip = (symbol: string, timeframe: string, trend: -1 | 0 | 1, agrees: boolean | undefined, text: string): StrategyAgreementRow => ({
  symbol,
  timeframe,
  trend,
  ready: true,
  text,
  signal: 'BUY',
  signalTime: BUY_AT,
  ...(agrees !== undefined && { agrees }),
});
const agreement: StrategyAgreementRow[] = [
  chip('SPY', '1d', 1, true, '1d trend up: close 135.90 > SMA(20) 134.51 (day of 2012-03-07)'),
  chip('SPY', '1w', -1, false, '1w trend down: close 137.31 < SMA(20) 137.80 (week of 2012-02-27)'),
  { symbol: 'SPY', timeframe: '1mo', trend: 0, ready: false, text: 'not enough bars for the 1mo trend yet: SMA(20) needs 20 completed 1mo bars, 4 so far', signal: 'BUY', signalTime: BUY_AT },
  { symbol: 'QQQ', timeframe: '1d', trend: 1, ready: true, text: '1d trend up: close 64.12 > SMA(20) 63.02 (day of 2012-03-07)' },
];
const row: StrategyRow = {
  id: 'spy_rsi',
  strategy: 'rsi_reversion',
  symbols: ['SPY', 'QQQ'],
  timeframes: ['1d', '1w', '1mo'],
  allocation: 0.4,
  priority: 0,
  state: 'running',
  armed: true,
  capital: 40_000,
  openOrders: 0,
  session: 20120307,
  signals: [{ time: BUY_AT, symbol: 'SPY', side: 'BUY', confidence: 0.8, reason: 'RSI 28 < 30' }],
  trace: [],
  agreement,
};
const commands: Commands = {
  send: async () => ({ ok: false, reason: 'offline', message: 'not sent in this test' }),
  bars: async () => [],
  preview: async () => Promise.reject(new Error('not in this test')),
  optionChain: async () => Promise.reject(new Error('not in this test')),
  intent: async () => ({ ok: false, reason: 'offline', message: 'not sent in this test' }),
};

function mount(width: number, rows: Record<string, unknown>) {
  const host = document.createElement('div');
  host.style.width = `${width}px`;
  document.body.appendChild(host);
  const [live, setLive] = createSignal(true);
  const [data, setData] = createSignal<Record<string, unknown> | undefined>(rows);
  const topic: LiveTopic = { data, live, updatedAt: () => Date.UTC(2012, 2, 7, 21), failure: () => undefined };
  const dispose = createRoot((d) => {
    render(() => <StrategiesView strategies={topic} commands={commands} />, host);
    return d;
  });
  return { host, setLive, setData, done: () => (dispose(), host.remove()) };
}

describe('StrategiesView: multi-timeframe agreement (Solid in Chromium)', () => {
  it('a chip per symbol and timeframe with its accessible name; the sentences behind "why"; not live says so', async () => {
    const v = mount(1000, { runner: { source: 'sample' }, 'instance:spy_rsi': row });
    const section = v.host.querySelector('[data-testid="strategy-agreement"]')!;
    expect(section.getAttribute('aria-label')).toBe('Timeframe agreement of spy_rsi');
    expect(section.querySelector('h4')!.textContent).toBe('Timeframe agreement after the session of 2012-03-07');
    const lines = [...section.querySelectorAll('[data-testid="agreement-line"]')];
    expect(lines.map((l) => l.querySelector('.agreement-symbol')!.textContent)).toEqual(['SPY', 'QQQ']);
    const chips = (l: Element) => [...l.querySelectorAll('[data-testid="tf-chip"]')];
    expect(chips(lines[0]).map((c) => c.textContent)).toEqual(['↑ 1d ✓', '↓ 1w ✗', '1mo: not enough bars yet']);
    expect(chips(lines[0]).map((c) => c.getAttribute('aria-label'))).toEqual([
      '1d trend up, agrees with the BUY signal',
      '1w trend down, disagrees with the BUY signal',
      'not enough bars for the 1mo trend yet',
    ]);
    expect(chips(lines[0]).map((c) => c.getAttribute('role'))).toEqual(['img', 'img', 'img']);
    expect(chips(lines[0])[1].getAttribute('title')).toBe(agreement[1].text);
    expect(chips(lines[0])[0].classList.contains('agree')).toBe(true);
    expect(chips(lines[0])[1].classList.contains('disagree')).toBe(true);
    expect(chips(lines[1]).map((c) => [c.textContent, c.getAttribute('aria-label')])).toEqual([['↑ 1d', '1d trend up, no signal yet']]);

    // "why" opens from the keyboard (a summary is focusable) and lists the sentences with the decision compared.
    const why = lines[0].querySelector('details.agreement-why') as HTMLDetailsElement;
    const summary = why.querySelector('summary')!;
    expect(summary.getAttribute('aria-label')).toBe("Why: SPY's trends");
    summary.focus();
    expect(document.activeElement).toBe(summary);
    summary.click();
    expect(why.open).toBe(true);
    const items = [...why.querySelectorAll('li')].map((li) => li.textContent);
    expect(items[1]).toBe(`${agreement[1].text} — latest decision BUY of 2012-03-06`);
    expect(items[2]).toContain('not enough bars for the 1mo trend yet: SMA(20) needs 20 completed 1mo bars, 4 so far');

    // The bridge goes away: the chips stay, marked not live.
    v.setLive(false);
    expect(section.querySelector('h4')!.textContent).toBe('Timeframe agreement after the session of 2012-03-07 · not live');
    // A row without agreement (an older bridge, or no bars yet) shows no section; a malformed one a card that says so.
    const { agreement: _a, ...plain } = row;
    v.setData({ 'instance:spy_rsi': plain });
    expect(v.host.querySelector('[data-testid="strategy-agreement"]')).toBeNull();
    v.setData({ 'instance:spy_rsi': { ...row, agreement: [{ ...agreement[0], trend: 3 }] } });
    expect(v.host.textContent).toContain('instance:spy_rsi.agreement[0].trend: expected at most 1');
    v.done();
  });

  it('fits a phone: no horizontal overflow at 390 px (the chips wrap)', async () => {
    const many = ['1d', '1w', '1mo'].flatMap((tf) => ['SPY', 'QQQ', 'TLT'].map((s) => chip(s, tf, 1, true, `${tf} trend up: close 100.00 > SMA(20) 99.00 (a long sentence that has to wrap on a phone)`)));
    const v = mount(390, { 'instance:spy_rsi': { ...row, agreement: many } });
    await new Promise((r) => requestAnimationFrame(() => r(null)));
    const card = v.host.querySelector('.strategies') as HTMLElement;
    for (const d of card.querySelectorAll('details')) (d as HTMLDetailsElement).open = true;
    await new Promise((r) => requestAnimationFrame(() => r(null)));
    expect(card.scrollWidth).toBeLessThanOrEqual(card.clientWidth + 1);
    const section = card.querySelector('[data-testid="strategy-agreement"]') as HTMLElement;
    expect(section.scrollWidth).toBeLessThanOrEqual(section.clientWidth + 1);
    v.done();
  });
});
