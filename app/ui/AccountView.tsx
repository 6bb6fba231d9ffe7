// The live account (issue 13, item 1): net liquidation with a sparkline of this session, the day's
// and open P&L, cash, buying power and margin use, and the positions — options grouped under their
// underlying with strike, expiry, days to expiry and delta (the risk view's model) — each with its share of the account. Values
// that are not live say so ("as of 14:02 · bridge offline") instead of pretending.
import { For, Show } from 'solid-js';
import type { BridgeStatus } from '../bridge-client/socket.ts';
import { allocationLines, type LiveAccount, type PositionLine } from '../state/account.ts';
import type { StrategiesModel } from '../state/strategies.ts';
import type { LiveRisk } from '../state/risk.ts';
import './account.css';

const money = (v: number | undefined, digits = 2) =>
  v === undefined ? '–' : v.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
const signed = (v: number | undefined) => (v === undefined ? '–' : `${v > 0 ? '+' : ''}${money(v)}`);
const pct = (v: number | undefined) => (v === undefined ? '–' : `${(v * 100).toFixed(1)} %`);
const tone = (v: number | undefined) => (v === undefined || v === 0 ? '' : v > 0 ? 'up' : 'down');
const hhmm = (t: number) => new Date(t).toLocaleTimeString('en-GB', { hour: '2-digit', minute: '2-digit' });

/** An SVG polyline of the values, scaled to the box (nothing for fewer than 2 points). */
function Sparkline(props: { values: readonly number[] }) {
  const points = () => {
    const v = props.values;
    if (v.length < 2) return '';
    let lo = Infinity;
    let hi = -Infinity;
    for (const x of v) {
      if (x < lo) lo = x;
      if (x > hi) hi = x;
    }
    const span = hi - lo || 1;
    return v.map((x, i) => `${((i / (v.length - 1)) * 100).toFixed(2)},${(28 - ((x - lo) / span) * 26).toFixed(2)}`).join(' ');
  };
  return (
    <svg class="sparkline" viewBox="0 0 100 30" preserveAspectRatio="none" role="img" aria-label={`net liquidation over this session, ${props.values.length} points`}>
      <polyline points={points()} fill="none" stroke="currentColor" stroke-width="1.5" vector-effect="non-scaling-stroke" />
    </svg>
  );
}

function Row(props: { line: PositionLine; option?: boolean; delta?: number }) {
  const l = props.line;
  return (
    <tr classList={{ option: props.option }} data-testid="position">
      <th scope="row">
        {props.option ? l.label : l.symbol}
        <Show when={l.daysToExpiry !== undefined}>
          <span class="muted"> · {l.daysToExpiry} DTE</span>
        </Show>
        <Show when={props.delta !== undefined}>
          <span class="muted" data-testid="option-delta" title="delta per contract (model, on the underlying's daily closes)">
            {' '}
            · Δ {props.delta!.toFixed(2)}
          </span>
        </Show>
      </th>
      <td>{l.quantity.toLocaleString('en-US')}</td>
      <td>{money(l.avgCost)}</td>
      <td>{money(l.price)}</td>
      <td>{money(l.marketValue)}</td>
      <td class={tone(l.unrealizedPnl)}>{signed(l.unrealizedPnl)}</td>
      <td>{pct(l.share)}</td>
    </tr>
  );
}

export function AccountView(props: { account: LiveAccount; bridge: BridgeStatus; optionDelta?: LiveRisk['optionDelta']; targets?: StrategiesModel['targets'] }) {
  const a = props.account;
  const v = () => a.values();
  const state = () => {
    if (a.live()) return { text: `live · ${v().account ?? ''}`, live: true };
    const at = a.updatedAt();
    const why = props.bridge.state === 'connected' ? 'waiting for TWS' : props.bridge.state === 'unpaired' ? 'this device is not paired' : 'bridge offline';
    return { text: at === undefined ? `no account data yet · ${why}` : `as of ${hhmm(at)} · ${why}`, live: false };
  };
  return (
    <section class="card account" aria-labelledby="account-title">
      <header class="account-head">
        <h2 id="account-title">Account</h2>
        <p class="account-state" classList={{ stale: !state().live }} data-testid="account-state" role="status">
          {state().text}
        </p>
      </header>
      <div class="figures" classList={{ stale: !state().live }}>
        <div class="figure nlv">
          <span class="label">Net liquidation</span>
          <span class="value" data-testid="nlv">
            {money(v().netLiquidation)} <span class="muted">{v().currency}</span>
          </span>
          <Sparkline values={a.history()} />
        </div>
        <div class="figure">
          <span class="label">Day P&amp;L</span>
          <span class={`value ${tone(v().dailyPnl)}`}>{signed(v().dailyPnl)}</span>
        </div>
        <div class="figure">
          <span class="label">Unrealised P&amp;L</span>
          <span class={`value ${tone(v().unrealizedPnl)}`}>{signed(v().unrealizedPnl)}</span>
        </div>
        <div class="figure">
          <span class="label">Realised P&amp;L</span>
          <span class={`value ${tone(v().realizedPnl)}`}>{signed(v().realizedPnl)}</span>
        </div>
        <div class="figure">
          <span class="label">Cash</span>
          <span class="value" data-testid="cash">{money(v().cash)}</span>
        </div>
        <div class="figure">
          <span class="label">Buying power</span>
          <span class="value">{money(v().buyingPower)}</span>
        </div>
        <div class="figure">
          <span class="label">Margin use</span>
          <span class="value">{pct(v().marginUse)}</span>
        </div>
      </div>
      <div class="table-scroll">
        <table class="positions" classList={{ stale: !state().live }}>
          <caption>Positions</caption>
          <thead>
            <tr>
              <th scope="col">Position</th>
              <th scope="col">Qty</th>
              <th scope="col">Avg cost</th>
              <th scope="col">Price</th>
              <th scope="col">Value</th>
              <th scope="col">Unrealised</th>
              <th scope="col">Share</th>
            </tr>
          </thead>
          <tbody>
            <For each={a.groups()} fallback={<tr><td colSpan={7} class="muted">No positions.</td></tr>}>
              {(g) => (
                <>
                  <Show when={g.stock} fallback={<tr class="group"><th scope="row" colSpan={7}>{g.symbol}</th></tr>}>
                    {(s) => <Row line={s()} />}
                  </Show>
                  <For each={g.options}>{(o) => <Row line={o} option delta={props.optionDelta?.(o)} />}</For>
                </>
              )}
            </For>
          </tbody>
        </table>
      </div>
      <Show when={props.targets}>
        {(t) => (
          <div class="table-scroll">
            <table class="positions allocation" classList={{ stale: !state().live }} data-testid="allocation">
              <caption>
                Target vs actual allocation{' '}
                <span class="muted">({t().from === 'weights' ? 'targets: the configuration’s [symbols.*] weights' : 'targets: the strategy sleeves’ capital'})</span>
              </caption>
              <thead>
                <tr>
                  <th scope="col">Symbol</th>
                  <th scope="col">Target</th>
                  <th scope="col">Actual</th>
                  <th scope="col">Gap</th>
                </tr>
              </thead>
              <tbody>
                <For each={allocationLines(t().weights, a.groups(), v().netLiquidation)}>
                  {(l) => (
                    <tr data-testid="allocation-row">
                      <th scope="row">{l.symbol}</th>
                      <td>{pct(l.target)}</td>
                      <td>
                        <span class="alloc-bar" aria-hidden="true">
                          <span class="alloc-target" style={{ left: `${Math.min(100, l.target * 100)}%` }} />
                          <span class="alloc-actual" style={{ width: `${Math.min(100, (l.actual ?? 0) * 100)}%` }} />
                        </span>
                        {pct(l.actual)}
                      </td>
                      <td>{l.actual === undefined ? '–' : `${l.actual >= l.target ? '+' : ''}${((l.actual - l.target) * 100).toFixed(1)} pp`}</td>
                    </tr>
                  )}
                </For>
              </tbody>
            </table>
          </div>
        )}
      </Show>
    </section>
  );
}
