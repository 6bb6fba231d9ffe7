// `npm run wheel -- --config cfg.toml --live [--submit]` (docs/wheel-rules.md §6.3): one wheel pass on
// the account behind the bridge. The snapshot is read over the app protocol (account values and
// portfolio, quotes, option chains with greeks and open interest, daily history), checked by the
// onboarding check, run through the same wheelPass as the dry run and the backtest, and printed.
// Nothing is sent unless --submit: then every order goes as an intent under the strategy's runner
// lease through the bridge's order guard, with an id derived from the decision (a second run the same
// day sends nothing twice), and each answer is printed.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { osiSymbol } from '../../shared/domain/instrument.ts';
import { daysFromYyyymmdd } from '../../shared/data/iso-time.ts';
import { JsonPathError } from '../../shared/data/json-fields.ts';
import type { AckMessage, ClockResponse, ComboIntentMessage, HistoricalBarsResponse, IntentLeg, IntentMessage, OptionChainResponse, SingleIntentMessage } from '../../shared/protocol/index.ts';
import type { WheelConfig } from '../../shared/strategies/wheel/config.ts';
import { chooseExpiries, historyDuration, livePlan } from '../../shared/strategies/wheel/live-plan.ts';
import { liveSnapshot, MissingLiveField, type LiveData } from '../../shared/strategies/wheel/live-snapshot.ts';
import { fieldsArrived, fieldWait, onboardingProblems, type CheckProblem } from '../../shared/strategies/wheel/onboarding.ts';
import { symbolExecutionPolicy } from '../../shared/strategies/wheel/execution-policy.ts';
import { loopStep, startLoop, worksOrder, type LoopOrder } from '../../shared/strategies/wheel/order-loop.ts';
import { wheelPass, type WheelOrder, type WheelResult } from '../../shared/strategies/wheel/pass.ts';
import { readSnapshot, type WheelSnapshot } from '../../shared/strategies/wheel/snapshot.ts';
import { exchangeHoursAction, type ExchangeHoursRule } from '../../shared/time/market-hours.ts';
import { easternDate } from '../../shared/time/us-eastern.ts';
import { UsageError } from './args.ts';
import { BridgeClient, BridgeUnavailable } from './bridge-client.ts';
import { contractText, resultText, table } from './wheel-text.ts';
import { writeFileAtomic } from './write-atomic.ts';

/** The live run could not go on (bridge, account, onboarding, lease): nothing was sent; exit 3. */
export class NotReady extends Error {}

export interface LiveOptions {
  readonly config: WheelConfig;
  readonly instance: string;
  /** ws://host:port/ws */
  readonly url: string;
  readonly token?: string;
  readonly submit: boolean;
  /** `[exchange_hours]` (T33): the gate before a --submit run. */
  readonly exchangeHours: ExchangeHoursRule;
  /** [account] market_data_type (default 1, live). */
  readonly marketDataType: number;
  readonly jsonPath?: string;
  readonly saveSnapshot?: string;
  /** Waits (ms): account values and quote fields; one chain request. */
  readonly quoteWaitMs: number;
  /** How long an intent or a command may wait for its ack (T27: no answer does not end the run). */
  readonly ackWaitMs: number;
  readonly chainWaitMs: number;
  readonly out: (text: string) => void;
  readonly progress: (text: string) => void;
}

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

/** The bridge's WebSocket URL: --bridge (a URL or host:port), else [bridge] host/port, env MONEYTRAILZ_PORT, 4180. */
export function bridgeUrl(flag: string | undefined, bridge: { host?: string; port?: number } | undefined): string {
  if (flag !== undefined) {
    if (/^wss?:\/\//.test(flag)) return flag;
    if (/^[A-Za-z0-9.\-[\]:]+:\d{1,5}$/.test(flag)) return `ws://${flag}/ws`;
    throw new UsageError(`--bridge: expected ws://host:port/ws or host:port, got ${JSON.stringify(flag)}`);
  }
  const host = bridge?.host && bridge.host !== '0.0.0.0' && bridge.host !== '::' ? bridge.host : '127.0.0.1';
  const port = bridge?.port ?? (Number(process.env.MONEYTRAILZ_PORT) || 4180);
  return `ws://${host.includes(':') ? `[${host}]` : host}:${port}/ws`;
}

/** The access token when this machine has one (token mode): MONEYTRAILZ_TOKEN_FILE, else the state folder's. */
export function localToken(): string | undefined {
  const stateRoot = process.env.MONEYTRAILZ_STATE_DIR ? resolve(process.env.MONEYTRAILZ_STATE_DIR) : join(root, '.moneytrailz');
  const file = process.env.MONEYTRAILZ_TOKEN_FILE || join(stateRoot, 'access-token');
  if (!existsSync(file)) return undefined;
  const token = readFileSync(file, 'utf8').trim();
  return /^[0-9a-f]{64}$/.test(token) ? token : undefined;
}

const isAck = (m: { type: string }): m is AckMessage => m.type === 'ack';

/** Reads what the pass needs from the bridge; returns the data, the problems and the warnings. */
async function readLive(client: BridgeClient, broker: 'simulator' | 'tws' | 'none', o: LiveOptions): Promise<{ data: LiveData; problems: CheckProblem[]; warnings: string[] }> {
  const warnings: string[] = [];
  if (broker === 'none') return { data: emptyData(client), problems: onboardingProblems(emptyCheck('none', o)), warnings };

  // The account first: its portfolio rows say which option positions the chains must cover.
  const account = await accountState(client, o);
  const accountError = typeof account === 'string' ? account : undefined;
  if (typeof account === 'string') return { data: emptyData(client), problems: onboardingProblems({ ...emptyCheck(broker, o), accountError }), warnings };

  const today = easternDate(await brokerTime(client, o));
  const positions = Object.entries(account)
    .filter(([k, v]) => k.startsWith('portfolio:') && typeof v === 'object' && v !== null && (v as { secType?: unknown }).secType === 'OPT')
    .map(([, v]) => v as { symbol: string; right: 'P' | 'C'; strike: number; expiry: string; multiplier?: number })
    .filter((p) => typeof p.expiry === 'string' && /^\d{8}$/.test(p.expiry))
    .map((p) => ({ symbol: p.symbol, right: p.right, strike: p.strike, expiry: p.expiry, multiplier: p.multiplier ?? 100, dte: daysFromYyyymmdd(Number(p.expiry)) - daysFromYyyymmdd(today) }));
  const plan = livePlan(o.config, positions);

  // Quotes (T35: `last` is required, the sides and the close optional).
  o.progress(`quotes: ${plan.quotes.join(', ')}`);
  const topic = (s: string) => `quotes:${s}`;
  await client.subscribe(plan.quotes.map(topic));
  const quoteStart = Date.now();
  // An index (VIX) has no bid or ask: only its close is waited for besides the last.
  const optional = (s: string) => (client.state(topic(s))?.secType === 'IND' ? ['close'] : ['bid', 'ask', 'close']);
  await client.until(() => plan.quotes.every((s) => client.failure(topic(s)) !== undefined || fieldsArrived(client.state(topic(s)), ['last', ...optional(s)])), o.quoteWaitMs);
  const quoteChecks = new Map<string, { state?: Readonly<Record<string, unknown>>; failure?: { code: string; message: string }; error?: string }>();
  const quotes = new Map<string, Readonly<Record<string, unknown>>>();
  for (const s of plan.quotes) {
    const failure = client.failure(topic(s));
    const state = client.state(topic(s));
    const wait = fieldWait(`${s} quote`, state, ['last'], optional(s), Date.now() - quoteStart);
    if (wait.warning) warnings.push(wait.warning);
    quoteChecks.set(s, { ...(state && { state }), ...(failure && { failure }), ...(wait.error !== undefined && !failure && { error: wait.error }) });
    if (state && !failure) quotes.set(s, state);
  }

  // Option chains: the listed expiries (a one-strike request), then each chosen expiry.
  const chains: OptionChainResponse[] = [];
  const chainChecks = new Map<string, { responses: OptionChainResponse[]; failure?: string }>();
  let n = 0;
  for (const [symbol, windows] of plan.chains) {
    const check: { responses: OptionChainResponse[]; failure?: string } = { responses: [] };
    chainChecks.set(symbol, check);
    if (quoteChecks.get(symbol)?.failure) {
      check.failure = 'no quote for the underlying';
      continue;
    }
    const listing = await client.request<OptionChainResponse>({ type: 'optionChain', id: `chain-${symbol}-${++n}`, symbol, strikes: 1 }, o.chainWaitMs).catch((e: Error) => e);
    if (listing instanceof Error || isAck(listing)) {
      check.failure = listing instanceof Error ? listing.message : `${listing.code}: ${listing.message}`;
      continue;
    }
    const expiries = chooseExpiries(listing.expiries ?? [listing.expiry], today, windows, plan.expirations);
    if (expiries.length === 0) warnings.push(`${symbol}: no listed expiry in the DTE window(s) ${windows.map((w) => `${w.minDte}–${w.maxDte ?? '∞'}`).join(', ')}`);
    for (const [i, expiry] of expiries.entries()) {
      o.progress(`chain ${symbol} ${expiry} (${i + 1}/${expiries.length}), ${plan.strikes} strikes`);
      const r = await client.request<OptionChainResponse>({ type: 'optionChain', id: `chain-${symbol}-${++n}`, symbol, expiry, strikes: plan.strikes, openInterest: true }, o.chainWaitMs).catch((e: Error) => e);
      if (r instanceof Error || isAck(r)) warnings.push(`${symbol} ${expiry}: no chain (${r instanceof Error ? r.message : `${r.code}: ${r.message}`})`);
      else {
        check.responses.push(r);
        chains.push(r);
      }
    }
  }

  // Daily history for the σ gate and the technical filters.
  const bars = new Map<string, HistoricalBarsResponse['bars']>();
  if (plan.historyDays > 0) {
    for (const symbol of o.config.symbols.keys()) {
      if (quoteChecks.get(symbol)?.failure) continue;
      const r = await client
        .request<HistoricalBarsResponse>({ type: 'historicalBars', id: `bars-${symbol}-${++n}`, instrument: symbol, barSize: '1d', duration: historyDuration(plan.historyDays), whatToShow: 'TRADES', rth: true }, o.chainWaitMs)
        .catch((e: Error) => e);
      if (r instanceof Error || isAck(r)) warnings.push(`${symbol}: no daily history (${r instanceof Error ? r.message : `${r.code}: ${r.message}`}); its σ gate and filters give reasons instead`);
      else bars.set(symbol, r.bars);
    }
  }

  const problems = onboardingProblems({ broker, wantedDataType: o.marketDataType, quotes: quoteChecks, chains: chainChecks });
  return { data: { time: await brokerTime(client, o), account, quotes, chains, bars }, problems, warnings };
}

/**
 * thetagang's exchange-hours gate before a run (T33, `[exchange_hours]`, wheel-rules.md §6.3), on the
 * broker's clock: with --submit, `exit` ends the run (nothing read, nothing sent; exit 0) and `wait`
 * sleeps until the window opens; without --submit the pass runs anyway as a preview and the gate's
 * verdict is printed ('continue', 'exit', or the sentence to print).
 */
async function exchangeHours(client: BridgeClient, o: LiveOptions): Promise<'continue' | 'exit' | string> {
  for (;;) {
    const t = await brokerTime(client, o);
    const a = exchangeHoursAction(o.exchangeHours, t);
    if (a.action === 'continue') return 'continue';
    const closed = `Exchange hours: ${a.reason}`;
    if (!o.submit) return `${closed} — a run with --submit would ${a.action === 'exit' ? 'stop here' : 'wait'} ([exchange_hours] action_when_closed = ${o.exchangeHours.actionWhenClosed})`;
    if (a.action === 'exit') {
      o.out(`${closed}: not run ([exchange_hours] action_when_closed = ${o.exchangeHours.actionWhenClosed}); nothing was sent\n`);
      return 'exit';
    }
    o.progress(`${a.reason}; checking again in ${Math.ceil(Math.min(a.waitMs, 60_000) / 1000)} s`);
    await new Promise((r) => setTimeout(r, Math.min(a.waitMs, 60_000)));
  }
}

/** How many times the account is asked for before the run gives up (T30). */
const ACCOUNT_ATTEMPTS = 2;

/**
 * The account topic's state (T30): the account values and portfolio rows TWS downloads. A download that
 * does not come within the wait is asked for again (the topic subscribed anew), the wait growing each
 * time; after ACCOUNT_ATTEMPTS a sentence saying so (the run cannot go on without it).
 */
async function accountState(client: BridgeClient, o: LiveOptions): Promise<Readonly<Record<string, unknown>> | string> {
  const waits: string[] = [];
  for (let attempt = 1; attempt <= ACCOUNT_ATTEMPTS; attempt++) {
    if (attempt > 1) {
      o.progress(`no account values after ${waits.at(-1)}: asking TWS again (attempt ${attempt} of ${ACCOUNT_ATTEMPTS})`);
      await client.unsubscribe(['account']);
    }
    await client.subscribe(['account']);
    const waitMs = attempt * o.quoteWaitMs;
    await client.until(() => client.state('account') !== undefined || client.failure('account') !== undefined, waitMs);
    const failure = client.failure('account');
    if (failure) return `${failure.code}: ${failure.message}`;
    const state = client.state('account');
    if (state) return state;
    waits.push(`${waitMs / 1000} s`);
  }
  return `account: required fields timed out: account values in ${ACCOUNT_ATTEMPTS} attempts (${waits.join(', ')})`;
}

/** The broker's clock (TWS's time: the replay clock on the simulator): the pass decides on it, not on this machine's. */
async function brokerTime(client: BridgeClient, o: LiveOptions): Promise<number> {
  const r = await client.request<ClockResponse>({ type: 'clock', id: `clock-${Date.now()}` }, Math.max(o.quoteWaitMs, 15_000)).catch((e: Error) => e);
  if (r instanceof Error || isAck(r)) throw new NotReady(`TWS did not tell its time (${r instanceof Error ? r.message : `${r.code}: ${r.message}`}); nothing was sent`);
  return r.brokerTime;
}

const emptyData = (client: BridgeClient): LiveData => ({ time: client.bridgeNow(), account: {}, quotes: new Map(), chains: [], bars: new Map() });
const emptyCheck = (broker: 'simulator' | 'tws' | 'none', o: LiveOptions) => ({ broker, wantedDataType: o.marketDataType, quotes: new Map(), chains: new Map() });

/** A deterministic intent id for an order of a pass: the same decision on the same day is the same intent (never sent twice). */
export function intentIdOf(instance: string, date: number, o: WheelOrder, leg: string): string {
  const h = createHash('sha256').update(JSON.stringify([instance, date, o.stage, o.symbol, o.action, o.quantity, leg])).digest('hex').slice(0, 16);
  return `wheel.${instance.slice(0, 40)}.${date}.${h}`.replace(/[^A-Za-z0-9._:-]/g, '_');
}

/** The OSI symbol of an option of an order (its contract, or a leg's). */
const osiOf = (o: WheelOrder, c: { expiry: string; right: 'P' | 'C'; strike: number }) => osiSymbol({ symbol: o.symbol, expiry: Number(c.expiry), right: c.right, strike: c.strike });

/** An order as the intent the bridge takes: one leg, or a roll as one combo at its net limit (negative = credit). */
export function intentOf(o: WheelOrder): { body: Pick<SingleIntentMessage, 'legs'> | Pick<ComboIntentMessage, 'legs' | 'combo'>; key: string; text: string } {
  if (o.contract.secType !== 'BAG') {
    const instrument = o.contract.secType === 'STK' ? o.symbol : osiOf(o, o.contract);
    const leg: IntentLeg = { instrument, side: o.action, quantity: o.quantity, orderType: 'LMT', limitPrice: o.limit, tif: 'DAY' };
    return { body: { legs: [leg] }, key: instrument, text: `${o.action} ${o.quantity} ${instrument} LMT ${o.limit}` };
  }
  const legs = (o.legs ?? []).map((l) => ({ instrument: osiOf(o, l.contract), side: l.action, quantity: l.ratio }));
  const key = legs.map((l) => `${l.side} ${l.quantity} ${l.instrument}`).join(' / ');
  return { body: { legs, combo: { side: o.action, quantity: o.quantity, orderType: 'LMT', limitPrice: o.limit, tif: 'DAY' } }, key, text: `${o.action} ${o.quantity} (${key}) LMT ${o.limit}` };
}

/** How much longer than its wait an intent's late answer is awaited before the lease is given up (T27). */
const LATE_ACK_MS = 30_000;

/** Statuses of an order TWS has not yet accepted or refused. */
const UNDECIDED = new Set(['PendingSubmit', 'ApiPending']);
/** How long the run waits for TWS to accept or refuse the orders it placed. */
const VERDICT_WAIT_MS = 5_000;

/**
 * TWS's verdict on each placed order (the bridge acknowledges an intent once it is journaled and sent,
 * before TWS answers): from the orders topic, else — for an order TWS refused with an error and no
 * status, as it does in read-only mode — from the bridge's own books, by sending the same intent again
 * (a known intent id is answered with its order as it stands; nothing is sent twice). The status
 * replaces the ack's in the table; an order TWS refused (Inactive, or cancelled unfilled) counts as not
 * placed, with what to check. Returns how many.
 */
async function brokerVerdicts(client: BridgeClient, placed: readonly Placed[], ackWaitMs: number): Promise<number> {
  if (placed.length === 0) return 0;
  const rowOf = (intentId: string) =>
    Object.values(client.state('orders') ?? {}).find((r) => (r as { orderRef?: unknown }).orderRef === intentId) as { orderId?: number; status?: string; filled?: number } | undefined;
  const decided = (status: string | undefined): status is string => status !== undefined && !UNDECIDED.has(status);
  await client.until(() => placed.every((p) => decided(rowOf(p.msg.intentId)?.status)), VERDICT_WAIT_MS);
  let refused = 0;
  for (const p of placed) {
    let verdict: { orderId?: number; status?: string; filled?: number } | undefined = rowOf(p.msg.intentId);
    if (!decided(verdict?.status)) {
      const again = await client.call({ ...p.msg, createdAt: client.bridgeNow() }, ackWaitMs).catch(() => undefined);
      verdict = again?.order ? { orderId: again.order.orderId, status: again.order.status, filled: again.order.filled } : verdict;
    }
    const status = verdict?.status;
    if (!decided(status)) continue; // not decided yet: the ack's answer stands
    if (status === 'Inactive' || ((status === 'Cancelled' || status === 'ApiCancelled') && !verdict?.filled)) {
      refused++;
      p.row[4] = `order ${verdict?.orderId} ${status}: TWS refused it — if it refuses every order, check its API settings (Read-Only API off) and the account's trading permissions`;
    } else p.row[4] = `${p.prefix}order ${verdict?.orderId} ${status}${p.note}`;
  }
  return refused;
}

/** An intent the bridge took: the message (sent again to read its order's state) and its table row. */
interface Placed {
  readonly msg: IntentMessage;
  readonly row: string[];
  /** What the answer column says before and after the order's state (a late answer, the bridge's note). */
  readonly prefix: string;
  readonly note: string;
}

/** Order statuses that are still working at the broker. */
const DONE = new Set(['Filled', 'Cancelled', 'ApiCancelled', 'Inactive']);

/**
 * This wheel's orders still working, by underlying symbol (a sentence each). A pass does not see them
 * (a snapshot has positions, not orders), so a new order on a symbol with one working could add to
 * it — e.g. the rest of a partly filled write — and is not sent (fail closed). Without the orders
 * topic nothing is sent at all.
 */
async function workingOrders(client: BridgeClient, instance: string): Promise<Map<string, string>> {
  await client.subscribe(['orders']);
  const ok = await client.until(() => client.state('orders') !== undefined || client.failure('orders') !== undefined, 15_000);
  const state = client.state('orders');
  if (!ok || state === undefined) throw new NotReady(`the bridge did not list the open orders (${client.failure('orders')?.message ?? 'no answer within 15 s'}); nothing was sent`);
  const prefix = `wheel.${instance.slice(0, 40)}.`.replace(/[^A-Za-z0-9._:-]/g, '_');
  const out = new Map<string, string>();
  for (const row of Object.values(state)) {
    const r = row as { orderRef?: unknown; symbol?: unknown; status?: unknown; orderId?: unknown; remaining?: unknown };
    if (typeof r.orderRef !== 'string' || !r.orderRef.startsWith(prefix) || typeof r.symbol !== 'string' || DONE.has(String(r.status))) continue;
    out.set(r.symbol, `this wheel's order ${String(r.orderId)} on ${r.symbol} is still working (${String(r.status)}${typeof r.remaining === 'number' ? `, ${r.remaining} left` : ''}); cancel it or let it end, then run again`);
  }
  return out;
}

/** Sends the pass's orders under the runner lease; returns how many the bridge refused. */
async function submit(client: BridgeClient, result: WheelResult, snap: WheelSnapshot, o: LiveOptions): Promise<number> {
  const lease = await client.call({ type: 'command', commandId: `lease-${Date.now()}`, kind: 'acquireLease', strategyId: o.instance }, 10_000);
  if (!lease.ok || !lease.lease) throw new NotReady(`the runner lease of strategy ${o.instance} was not granted (${lease.code}: ${lease.message}); nothing was sent`);
  const token = lease.lease.token;
  let expiresAt = lease.lease.expiresAt;
  /** Renews the lease when less than a minute of it is left (a long submit outlives its 120 s). */
  const keepLease = async (): Promise<string | undefined> => {
    if (expiresAt - client.bridgeNow() > 60_000) return;
    const r = await client
      .call({ type: 'command', commandId: `renew-${Date.now()}`, kind: 'renewLease', strategyId: o.instance, leaseToken: token }, o.ackWaitMs)
      .catch((err: Error): AckMessage => ({ type: 'ack', id: '', ok: false, code: 'NOT_AVAILABLE', message: err.message }));
    if (!r.ok || !r.lease) return `the runner lease could not be renewed (${r.code}: ${r.message})`;
    expiresAt = r.lease.expiresAt;
    return undefined;
  };
  const rows: string[][] = [['stage', 'symbol', 'order', 'intent', 'answer']];
  let refused = 0;
  /** The intents the bridge took, with their table rows (TWS's own verdict is added once it comes). */
  const placed: Placed[] = [];
  /** Answers that came too late for their call, still awaited (T27). */
  const late: Promise<void>[] = [];
  /** Why the rest of the orders are not sent (the bridge connection closed). */
  let stopped: string | undefined;
  const worked: Worked[] = [];
  try {
    const working = await workingOrders(client, o.instance);
    for (const order of result.orders) {
      const intent = intentOf(order);
      const busy = working.get(order.symbol);
      if (busy !== undefined) {
        rows.push([order.stage, order.symbol, contractText(order), '-', `not sent: ${busy}`]);
        refused++;
        continue;
      }
      const lost = await keepLease();
      if (lost !== undefined) {
        rows.push([order.stage, order.symbol, contractText(order), '-', `not sent: ${lost}`]);
        refused++;
        continue;
      }
      const intentId = intentIdOf(o.instance, snap.date, order, intent.key);
      if (stopped !== undefined) {
        rows.push([order.stage, order.symbol, intent.text, intentId, `not sent: ${stopped}`]);
        refused++;
        continue;
      }
      const msg = { type: 'intent', intentId, leaseToken: token, strategyId: o.instance, createdAt: client.bridgeNow(), ...intent.body } as IntentMessage;
      let ack: AckMessage;
      try {
        ack = await client.call(msg, o.ackWaitMs);
      } catch (err) {
        // T27: no answer in time does not end the run: the next order is sent, and this one's answer is
        // awaited before the lease is given up (an intent still in the guard needs it).
        if (!(err instanceof BridgeUnavailable)) throw err;
        if (/closed/.test(err.message)) {
          stopped = 'the bridge connection closed';
          refused++;
          rows.push([order.stage, order.symbol, intent.text, intentId, err.message]);
          continue;
        }
        const row = [order.stage, order.symbol, intent.text, intentId, ''];
        rows.push(row);
        late.push(
          client.awaitAck(intentId, LATE_ACK_MS + o.ackWaitMs).then((a) => {
            if (!a?.ok) refused++;
            const prefix = `answered late (after ${o.ackWaitMs / 1000} s): `;
            if (a?.ok) placed.push({ msg, row, prefix, note: '' });
            row[4] = a
              ? `${prefix}${a.ok ? `order ${a.order?.orderId} ${a.order?.status}` : `refused ${a.code}: ${a.message}`}`
              : `no answer within ${(LATE_ACK_MS + 2 * o.ackWaitMs) / 1000} s: it may still be placed (the orders topic shows it)`;
          }),
        );
        continue;
      }
      if (!ack.ok) refused++;
      const policy = symbolExecutionPolicy(o.config, order.symbol);
      if (ack.ok && ack.order && ack.order.status !== 'Filled' && worksOrder(policy, order)) worked.push({ intentId, order, loop: startLoop(order, policy, Date.now(), Math.random()) });
      const what = intent.text;
      const answer = ack.ok ? `order ${ack.order?.orderId} ${ack.order?.status}${ack.message ? ` (${ack.message})` : ''}` : `refused ${ack.code}: ${ack.message}`;
      const row = [order.stage, order.symbol, what, intentId, answer];
      rows.push(row);
      if (ack.ok) placed.push({ msg, row, prefix: '', note: ack.message ? ` (${ack.message})` : '' });
    }
    await Promise.all(late);
    refused += await brokerVerdicts(client, placed, o.ackWaitMs);
    o.out(`\nSent (${result.orders.length} order(s), ${refused} not placed):\n${table(rows)}\n`);
    if (worked.length > 0) await workOrders(client, worked, o, token, keepLease);
  } finally {
    await client.call({ type: 'command', commandId: `release-${Date.now()}`, kind: 'releaseLease', strategyId: o.instance, leaseToken: token }, 10_000).catch(() => undefined);
  }
  return refused;
}

/** An order the loop works: its intent and the loop's state. */
interface Worked {
  readonly intentId: string;
  readonly order: WheelOrder;
  loop: LoopOrder;
}

/** The quote topics of a worked order: its option, or each leg of a combo in order. */
const quoteTopicsOf = (o: WheelOrder): string[] =>
  o.contract.secType === 'OPT' ? [`quotes:${osiOf(o, o.contract)}`] : (o.legs ?? []).map((l) => `quotes:${osiOf(o, l.contract)}`);

/**
 * The execution policy's order loop (wheel-rules.md §2.5.1, §6.3): each placed option order whose symbol
 * has repricing steps or a fill timeout is watched on the orders topic and, while unfilled, repriced
 * toward its midpoint (modify, through the guard) or its rest cancelled at fill_timeout (order-loop.ts
 * decides). Each step is printed with its reason; the run ends when no order is left to work. An order
 * left working stays a DAY order at the broker.
 */
async function workOrders(client: BridgeClient, worked: Worked[], o: LiveOptions, token: number, keepLease: () => Promise<string | undefined>): Promise<void> {
  o.out(`\nWorking ${worked.length} order(s) by the execution policy (Ctrl-C leaves them working as they stand):\n`);
  await client.subscribe([...new Set(worked.flatMap((w) => quoteTopicsOf(w.order)))]);
  const stamp = () => new Date(client.bridgeNow()).toISOString().slice(11, 19);
  const say = (w: Worked, text: string) => o.out(`  ${stamp()} ${contractText(w.order)} (${w.intentId}): ${text}\n`);
  let left = [...worked];
  while (left.length > 0) {
    await new Promise((r) => setTimeout(r, 1_000));
    const lost = await keepLease();
    if (lost !== undefined) {
      for (const w of left) say(w, `left working: ${lost}`);
      return;
    }
    const orders = client.state('orders') ?? {};
    const next: Worked[] = [];
    for (const w of left) {
      const row = Object.values(orders).find((r) => (r as { orderRef?: unknown }).orderRef === w.intentId) as { status?: string; filled?: number; remaining?: number } | undefined;
      if (row?.status !== undefined && DONE.has(row.status)) {
        say(w, `${row.status}${row.filled ? ` (${row.filled} filled)` : ''}`);
        continue;
      }
      const quotes = quoteTopicsOf(w.order).map((t) => client.state(t));
      const quote = quotes.every((q) => q !== undefined) ? quotes.map((q) => ({ bid: finiteOr(q!.bid), ask: finiteOr(q!.ask), last: finiteOr(q!.last) })) : undefined;
      const { action, next: after } = loopStep(w.loop, Date.now(), quote && (w.order.contract.secType === 'BAG' ? quote : quote[0]), o.config.orders.minimumCredit, Math.random());
      w.loop = after;
      if (action.kind === 'keep' && action.reason.code === 'WAITING') {
        next.push(w);
        continue;
      }
      say(w, action.reason.message);
      if (action.kind === 'reprice') {
        const ack = await client
          .call({ type: 'command', commandId: `modify-${Date.now()}-${Math.floor(Math.random() * 1e6)}`, kind: 'modify', intentId: w.intentId, limitPrice: action.limit, strategyId: o.instance, leaseToken: token }, o.ackWaitMs)
          .catch((err: Error): AckMessage => ({ type: 'ack', id: '', ok: false, code: 'NOT_AVAILABLE', message: err.message }));
        if (!ack.ok) {
          say(w, `not repriced: the bridge refused (${ack.code}: ${ack.message}); left working at its limit`);
          continue;
        }
      } else if (action.kind === 'cancel') {
        const ack = await client
          .call({ type: 'command', commandId: `cancel-${Date.now()}-${Math.floor(Math.random() * 1e6)}`, kind: 'cancel', intentId: w.intentId }, o.ackWaitMs)
          .catch((err: Error): AckMessage => ({ type: 'ack', id: '', ok: false, code: 'NOT_AVAILABLE', message: err.message }));
        if (!ack.ok) say(w, `the cancel was refused (${ack.code}: ${ack.message})`);
        continue;
      } else if (action.kind === 'done') continue;
      next.push(w);
    }
    left = next;
  }
}

const finiteOr = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) && v > 0 ? v : undefined);

/** One live pass; resolves with the exit code (0 ran; 3 not ready, nothing sent; 4 some orders not placed). */
export async function runLive(o: LiveOptions): Promise<number> {
  let connected;
  try {
    connected = await BridgeClient.connect(o.url, { token: o.token, client: 'moneytrailz-wheel' });
  } catch (err) {
    if (err instanceof BridgeUnavailable) throw new NotReady(err.message);
    throw err;
  }
  const { client, welcome } = connected;
  try {
    o.progress(`bridge ${o.url}: ${welcome.broker} broker, protocol ${welcome.protocol}.${welcome.minor}`);
    const hours = welcome.broker === 'none' ? undefined : await exchangeHours(client, o);
    if (hours === 'exit') return 0;
    const { data, problems, warnings } = await readLive(client, welcome.broker, o);
    const check = problems.length === 0 ? ['Onboarding check: ok'] : [`Onboarding check: ${problems.length} problem(s)`, ...problems.map((p) => `  ${p.blocking ? 'BLOCKS' : 'warn  '} ${p.code}: ${p.message}`)];
    if (problems.some((p) => p.code === 'NO_BROKER' || p.code === 'NO_ACCOUNT_DATA')) {
      o.out(check.join('\n') + '\n');
      throw new NotReady('the pass cannot run without an account; nothing was sent');
    }
    let built;
    try {
      built = liveSnapshot(data);
    } catch (err) {
      if (err instanceof MissingLiveField) throw new NotReady(`live snapshot: ${err.message}; nothing was sent`);
      throw err;
    }
    if (o.saveSnapshot !== undefined) await writeFileAtomic(o.saveSnapshot, JSON.stringify(built.doc, null, 2) + '\n');
    let snap: WheelSnapshot;
    try {
      snap = readSnapshot(built.doc);
    } catch (err) {
      if (err instanceof JsonPathError) throw new NotReady(`live snapshot: ${err.path}: ${err.problem}; nothing was sent`);
      throw err;
    }
    const result = wheelPass(o.config, snap);
    if (o.jsonPath !== undefined) await writeFileAtomic(o.jsonPath, JSON.stringify(result, null, 2) + '\n');
    const mode = o.submit ? 'orders go through the bridge' : 'nothing is sent; add --submit to send';
    const notes = [...warnings, ...built.warnings];
    o.out(`Wheel live pass — ${o.url} (${welcome.broker}) at ${new Date(snap.time).toISOString()} (${mode})\n\n${check.join('\n')}\n`);
    if (hours !== undefined && hours !== 'continue') o.out(`${hours}\n`);
    if (notes.length > 0) o.out(`Data notes (${notes.length}):\n${notes.map((w) => `  ${w}`).join('\n')}\n`);
    o.out(`\n${resultText(result)}`);
    if (!o.submit) return 0;
    const blocking = problems.filter((p) => p.blocking);
    if (blocking.length > 0) throw new NotReady(`the onboarding check found ${blocking.length} blocking problem(s) (above); nothing was sent`);
    if (result.orders.length === 0) return 0;
    return (await submit(client, result, snap, o)) > 0 ? 4 : 0;
  } finally {
    client.close();
  }
}
