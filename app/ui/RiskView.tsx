// The risk view (issue 13, item 5): drawdown from this session's peak against the user's limit, margin
// use against its limit, one-day VaR at 95 %, exposure by underlying (market value, delta dollars) and
// by asset class, and the alerts when a limit is near or passed — in the page, and as a notification
// where the user allowed them. The limits are the user's, kept on this device.
import { createEffect, createSignal, For, on, Show } from 'solid-js';
import type { LiveAccount } from '../state/account.ts';
import type { LiveRisk, RiskLimits } from '../state/risk.ts';
import './account.css';

const money = (v: number) => (Number.isFinite(v) ? v.toLocaleString('en-US', { maximumFractionDigits: 0 }) : '–');
const pct = (v: number | undefined) => (v === undefined || !Number.isFinite(v) ? '–' : `${(v * 100).toFixed(1)} %`);

export function RiskView(props: { account: LiveAccount; risk: LiveRisk; limits: RiskLimits; setLimits: (l: RiskLimits) => void }) {
  const r = props.risk;
  const v = () => props.account.values();
  const [permission, setPermission] = createSignal(typeof Notification === 'undefined' ? 'unsupported' : Notification.permission);
  // A notification for each new alert text (not again while it stands).
  let notified = new Set<string>();
  createEffect(
    on(r.alerts, (alerts) => {
      const now = new Set(alerts.map((a) => a.text));
      if (permission() === 'granted') for (const a of alerts) if (!notified.has(a.text)) new Notification('MoneyTrailz risk', { body: a.text });
      notified = now;
    }),
  );
  const limitInput = (key: keyof RiskLimits, label: string) => (
    <label class="risk-limit">
      {label}
      <input
        type="number"
        min="1"
        max="100"
        step="1"
        value={props.limits[key]}
        data-testid={`limit-${key}`}
        onChange={(e) => {
          const n = Number(e.currentTarget.value);
          if (n >= 1 && n <= 100) props.setLimits({ ...props.limits, [key]: n });
          else e.currentTarget.value = String(props.limits[key]);
        }}
      />
    </label>
  );
  return (
    <section class="card account risk" aria-labelledby="risk-title">
      <header class="account-head">
        <h2 id="risk-title">Risk</h2>
        <p class="account-state" classList={{ stale: !props.account.live() }} role="status">
          {props.account.live() ? 'live' : 'not live · the last known positions'}
        </p>
      </header>
      <Show when={r.alerts().length > 0}>
        <ul class="risk-alerts" role="alert" data-testid="risk-alerts">
          <For each={r.alerts()}>{(a) => <li class={a.level}>{a.text}</li>}</For>
        </ul>
      </Show>
      <div class="figures">
        <div class="figure">
          <span class="label">Drawdown from peak</span>
          <span class="value" data-testid="drawdown">{pct(r.drawdown())}</span>
          <span class="muted">limit {props.limits.maxDrawdownPct} %</span>
        </div>
        <div class="figure">
          <span class="label">Margin use</span>
          <span class="value">{pct(v().marginUse)}</span>
          <span class="muted">limit {props.limits.maxMarginPct} %</span>
        </div>
        <div class="figure">
          <span class="label">1-day VaR 95 %</span>
          <span class="value" data-testid="var95">
            <Show when={r.valueAtRisk() && Number.isFinite(r.valueAtRisk()!.var95)} fallback="–">
              {money(r.valueAtRisk()!.var95)} <span class="muted">{pct(r.valueAtRisk()!.var95 / (v().netLiquidation ?? NaN))}</span>
            </Show>
          </span>
          <span class="muted" data-testid="var-note">
            {r.varProblem() ?? (r.valueAtRisk() ? `historical, ${r.valueAtRisk()!.days} days, options by delta` : 'no positions')}
          </span>
        </div>
        <div class="figure">
          <span class="label">Buying power</span>
          <span class="value">{money(v().buyingPower ?? NaN)}</span>
        </div>
      </div>
      <div class="table-scroll">
        <table class="positions">
          <caption>Exposure by underlying</caption>
          <thead>
            <tr>
              <th scope="col">Underlying</th>
              <th scope="col">Market value</th>
              <th scope="col">Share</th>
              <th scope="col">Delta $</th>
            </tr>
          </thead>
          <tbody>
            <For each={r.bySymbol()} fallback={<tr><td colSpan={4} class="muted">No positions.</td></tr>}>
              {(e) => (
                <tr data-testid="exposure">
                  <th scope="row">{e.label}</th>
                  <td>{money(e.marketValue)}</td>
                  <td>{pct(e.share)}</td>
                  <td>{money(e.deltaDollars)}</td>
                </tr>
              )}
            </For>
          </tbody>
        </table>
      </div>
      <div class="table-scroll">
        <table class="positions">
          <caption>Exposure by asset class</caption>
          <tbody>
            <For each={r.byClass()}>
              {(e) => (
                <tr>
                  <th scope="row">{e.label}</th>
                  <td>{money(e.marketValue)}</td>
                  <td>{pct(e.share)}</td>
                </tr>
              )}
            </For>
          </tbody>
        </table>
      </div>
      <fieldset class="risk-limits">
        <legend>Limits (this device)</legend>
        {limitInput('maxDrawdownPct', 'Max drawdown %')}
        {limitInput('maxMarginPct', 'Max margin use %')}
        <Show when={permission() === 'default'}>
          <button type="button" onClick={() => void Notification.requestPermission().then(setPermission)}>
            Notify me of alerts
          </button>
        </Show>
        <Show when={permission() === 'denied'}>
          <span class="muted">Notifications are blocked for this site; alerts show here.</span>
        </Show>
      </fieldset>
    </section>
  );
}
