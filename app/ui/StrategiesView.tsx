// The strategy monitor (issue 13, item 3): a card per configured strategy instance with its run state,
// sleeve equity and P&L, open orders, latest signals (confidence and reason) and, folded, the run's
// decision trace in plain words. Start / Stop send arm / disarm (app/bridge-client/commands.ts): never
// queued — offline they are refused with a sentence and nothing is sent on reconnect. When the topic
// is not live the cards stay, marked "not live · bridge offline". The kill switch is in the top bar.
import { createSignal, For, Show } from 'solid-js';
import type { Commands } from '../bridge-client/commands.ts';
import type { LiveTopic } from '../bridge-client/topics.ts';
import { actionOf, dateOf, sessionText, STATE_WORDS, strategiesModel } from '../state/strategies.ts';
import { agreementLines, chipName, chipText } from '../state/strategies.ts';
import type { StrategyRow } from '../../shared/protocol/index.ts';
import './account.css';
import './strategies.css';

const money = (v: number | undefined) => (v === undefined ? '–' : v.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 }));
const signed = (v: number | undefined) => (v === undefined ? '–' : `${v >= 0 ? '+' : ''}${money(v)}`);
const pct = (v: number) => `${Math.round(v * 1000) / 10} %`;

export function StrategiesView(props: { strategies: LiveTopic; commands: Commands }) {
  const [notes, setNotes] = createSignal<Readonly<Record<string, { text: string; error: boolean }>>>({});
  const [busy, setBusy] = createSignal<ReadonlySet<string>>(new Set());
  const model = () => strategiesModel(props.strategies.data());
  const live = () => props.strategies.live();

  const toggle = async (row: StrategyRow) => {
    const kind = actionOf(row);
    setBusy((s) => new Set([...s, row.id]));
    setNotes((n) => ({ ...n, [row.id]: { text: kind === 'arm' ? 'starting…' : 'stopping…', error: false } }));
    const r = await props.commands.send({ kind, strategyId: row.id });
    setBusy((s) => new Set([...s].filter((x) => x !== row.id)));
    const verb = kind === 'arm' ? 'Start' : 'Stop';
    setNotes((n) => ({ ...n, [row.id]: r.ok ? { text: r.ack.message ?? `${verb} done`, error: false } : { text: `${verb} not done — ${r.message}`, error: true } }));
  };

  return (
    <section class="card account strategies" aria-labelledby="strategies-title">
      <header class="account-head">
        <h2 id="strategies-title">Strategies</h2>
        <p class="account-state" classList={{ stale: !live() }} role="status" data-testid="strategies-state">
          {live() ? 'live' : props.strategies.data() ? 'not live · bridge offline' : 'no strategies yet · waiting for the bridge (npm start)'}
        </p>
      </header>
      <Show when={props.strategies.failure()}>{(f) => <p class="kill-note error" role="alert">{`The bridge stopped this view's data: ${f().message}`}</p>}</Show>
      <Show when={model().source}>
        {(src) => <p class="muted strategies-source">{src() === 'sample' ? 'Instances of the built-in sample configuration (no moneytrailz.toml): paper trading on the simulator.' : `Instances of ${src()}.`}</p>}
      </Show>
      <Show when={model().notice}>{(n) => <p class="kill-note error" role="alert" data-testid="strategies-notice">{n()}</p>}</Show>
      <Show when={props.strategies.data() && model().cards.length === 0}>
        <p class="muted">No strategy instances are configured: add [strategies.&lt;id&gt;] tables to moneytrailz.toml and restart the bridge.</p>
      </Show>
      <ul class="strategy-cards">
        <For each={model().cards}>
          {(card) => (
            <li class="strategy-card" classList={{ stale: !live() }} data-testid={`strategy-${card.id}`} aria-labelledby={`strategy-${card.id}-title`}>
              <Show when={card.row} fallback={<><h3 id={`strategy-${card.id}-title`}>{card.id}</h3><p class="kill-note error" role="alert">{card.error}</p></>}>
                {(row) => (
                  <>
                    <div class="strategy-head">
                      <h3 id={`strategy-${card.id}-title`}>
                        {row().id} <span class="muted">{row().strategy}</span>
                      </h3>
                      <span class={`strategy-state state-${row().state}`} data-testid="strategy-state">
                        {STATE_WORDS[row().state]}
                        {live() ? '' : ' · not live'}
                      </span>
                    </div>
                    <Show when={row().reason}>{(r) => <p class="strategy-reason" classList={{ error: row().state === 'failed' }}>{r()}</p>}</Show>
                    <dl class="figures">
                      <div class="figure">
                        <dt class="label">Sleeve equity</dt>
                        <dd class="value" data-testid="strategy-equity">{money(row().equity)}</dd>
                      </div>
                      <div class="figure">
                        <dt class="label">P&amp;L</dt>
                        <dd class="value" classList={{ up: (row().pnl ?? 0) > 0, down: (row().pnl ?? 0) < 0 }}>{signed(row().pnl)}</dd>
                      </div>
                      <div class="figure">
                        <dt class="label">Capital</dt>
                        <dd class="value">
                          {money(row().capital)} <span class="muted">({pct(row().allocation)})</span>
                        </dd>
                      </div>
                      <div class="figure">
                        <dt class="label">Open orders</dt>
                        <dd class="value" data-testid="strategy-open-orders">{row().openOrders}</dd>
                      </div>
                    </dl>
                    <p class="muted strategy-meta">
                      {row().symbols.join(', ')} · {row().timeframes.join(', ')} · priority {row().priority}
                      {sessionText(row().session) ? ` · last session ${sessionText(row().session)}` : ''}
                    </p>
                    <div class="table-scroll">
                      <table class="positions strategy-signals">
                        <caption>Latest signals</caption>
                        <thead>
                          <tr>
                            <th scope="col">Bar</th>
                            <th scope="col">Symbol</th>
                            <th scope="col">Decision</th>
                            <th scope="col">Confidence</th>
                            <th scope="col">Reason</th>
                          </tr>
                        </thead>
                        <tbody>
                          <For each={[...row().signals].reverse()} fallback={<tr><td colSpan={5} class="muted empty">No signals yet{row().state === 'running' ? ': the first comes at a session close' : ''}.</td></tr>}>
                            {(s) => (
                              <tr data-testid="strategy-signal">
                                <th scope="row">{dateOf(s.time)}</th>
                                <td>{s.symbol}</td>
                                <td>{s.side}</td>
                                <td>{s.confidence === undefined ? '–' : s.confidence.toFixed(2)}</td>
                                <td class="reason">{s.reason || '–'}</td>
                              </tr>
                            )}
                          </For>
                        </tbody>
                      </table>
                    </div>
                    <Show when={agreementLines(row()).length > 0}>
                      <section class="strategy-agreement" aria-label={`Timeframe agreement of ${row().id}`} data-testid="strategy-agreement">
                        <h4>
                          Timeframe agreement{' '}
                          <span class="muted">
                            {sessionText(row().session) ? `after the session of ${sessionText(row().session)}` : 'on the history before the first session'}
                            {live() ? '' : ' · not live'}
                          </span>
                        </h4>
                        <For each={agreementLines(row())}>
                          {(line) => (
                            <div class="agreement-line" data-testid="agreement-line">
                              <span class="agreement-symbol">{line.symbol}</span>
                              <ul class="tf-chips">
                                <For each={line.chips}>
                                  {(a) => (
                                    <li>
                                      <span
                                        class="tf-chip"
                                        classList={{ agree: a.agrees === true, disagree: a.agrees === false, waiting: !a.ready }}
                                        role="img"
                                        aria-label={chipName(a)}
                                        title={a.text}
                                        data-testid="tf-chip"
                                      >
                                        {chipText(a)}
                                      </span>
                                    </li>
                                  )}
                                </For>
                              </ul>
                              <details class="agreement-why">
                                <summary aria-label={`Why: ${line.symbol}'s trends`}>why</summary>
                                <ul>
                                  <For each={line.chips}>
                                    {(a) => (
                                      <li>
                                        {a.text}
                                        {a.signal !== undefined && a.signalTime !== undefined ? ` — latest decision ${a.signal} of ${dateOf(a.signalTime)}` : ''}
                                      </li>
                                    )}
                                  </For>
                                </ul>
                              </details>
                            </div>
                          )}
                        </For>
                      </section>
                    </Show>
                    <details class="strategy-trace">
                      <summary>Decision trace ({row().trace.length})</summary>
                      <Show when={row().trace.length > 0} fallback={<p class="muted">Nothing decided in this run yet.</p>}>
                        <ol>
                          <For each={[...row().trace].reverse()}>
                            {(t) => (
                              <li>
                                <span class="muted">{dateOf(t.time)}</span> {t.symbol ? `${t.symbol}: ` : ''}
                                {t.message} <span class="muted">({t.code})</span>
                              </li>
                            )}
                          </For>
                        </ol>
                      </Show>
                    </details>
                    <div class="strategy-actions">
                      <button
                        type="button"
                        disabled={busy().has(row().id)}
                        onClick={() => void toggle(row())}
                        aria-label={`${actionOf(row()) === 'arm' ? 'Start' : 'Stop'} strategy ${row().id}`}
                        data-testid="strategy-toggle"
                      >
                        {actionOf(row()) === 'arm' ? 'Start' : 'Stop'}
                      </button>
                      <Show when={notes()[row().id]}>
                        {(n) => (
                          <span class={n().error ? 'kill-note error' : 'kill-note'} role={n().error ? 'alert' : 'status'} data-testid="strategy-note">
                            {n().text}
                          </span>
                        )}
                      </Show>
                    </div>
                  </>
                )}
              </Show>
            </li>
          )}
        </For>
      </ul>
    </section>
  );
}
