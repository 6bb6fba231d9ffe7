// Strategy runners: the configured strategy instances run live in the bridge (docs/bridge.md §6).
// `arm <id>` starts one: the armed set is written durably first (armed-file.ts), then the instance
// runs — it waits for TWS and the first reconciliation ('starting'), takes the instance's runner lease
// as device 'bridge', and runs THE engine for its one sleeve through the bridge's order path with the
// paper driver's loop (bridge/paper/paper-run.ts `runPaper`: a step at each session's open and close)
// on a realtime pacer over the replay clock (the embedded simulator's; the wall clock with a real TWS),
// from the clock's current session until it is disarmed or the data ends. `disarm <id>` stops it: no
// new orders (the run is aborted before its next step), its working orders are cancelled, positions
// stay. After a restart the armed instances start again once the first reconciliation is done; a
// HALT leaves them running ('halted': the guard refuses their orders). Before its first session a run
// asks TWS for the daily bars its indicators need (shared/engine/warm-up.ts: their lookback, plus a
// margin) and the engine warms up on them without trading, so the first live session can decide;
// when TWS cannot give them the row says so and the indicators warm up on the live sessions instead.
import { EventEmitter } from 'node:events';
import type { BacktestJob } from '../../shared/engine/backtest-job.ts';
import type { Engine } from '../../shared/engine/engine.ts';
import type { SleeveSpec } from '../../shared/engine/sleeve.ts';
import { exchangeCalendar, type Session } from '../../shared/time/exchange-calendar.ts';
import { easternDate } from '../../shared/time/us-eastern.ts';
import { MS_PER_DAY, daysFromYyyymmdd, yyyymmddFromDays } from '../../shared/data/iso-time.ts';
import { SyntheticOptionQuotes } from '../../shared/options/synthetic-chain.ts';
import type { BarSeries } from '../../shared/data/bar-series.ts';
import type { StrategyRow, StrategyRunnerInfo, StrategyRunState } from '../../shared/protocol/index.ts';
import type { OrderPath } from '../trading/order-path.ts';
import type { TwsLink } from '../app-protocol/tws-link.ts';
import { runPaper } from '../paper/paper-run.ts';
import { realtimePacer, type ReplayPacer } from '../paper/replay-pacer.ts';
import { historyDuration, twsDailyBars, twsDailyHistory, type HistorySource } from '../paper/tws-bars.ts';
import { warmUpBars } from '../../shared/engine/warm-up.ts';
import { ready as kernelsReady } from '../../shared/indicators/index.ts';
import type { ArmedFile } from './armed-file.ts';
import { DecisionLog } from './decision-log.ts';
import { targetAllocation } from '../../shared/portfolio/target-allocation.ts';
import { isInstanceRef, runBroker } from './run-broker.ts';
import { agreementHistoryBars, agreementTimeframes, instanceAgreement } from './timeframe-agreement.ts';
import type { StrategyAgreementRow } from '../../shared/protocol/index.ts';

/** The device a runner lease of the bridge's own runs is held by. */
export const RUNNER_DEVICE = 'bridge';

export interface StrategyRunnersOptions {
  readonly path: OrderPath;
  readonly link: TwsLink;
  /** The configured instances (their sleeves and engine settings); undefined when the config cannot run (see `notice`). */
  readonly job: BacktestJob | undefined;
  /** The configuration file, or 'sample' for the built-in sample instances. */
  readonly source: string;
  /** A problem every instance shares (the config cannot run live). */
  readonly notice?: string;
  readonly armed: ArmedFile;
  /** The replay clock (the embedded simulator's) or the wall clock, with whether its data has ended. */
  readonly clock: { now(): number; readonly ended: boolean };
  /** The pacer of a run (default: realtime over `clock`, resolving early when the run is stopped). */
  readonly pacer?: (abort: AbortSignal) => ReplayPacer;
  readonly log?: (line: string) => void;
}

/** An arm / disarm answered: ok, or refused with a closed code and a sentence (nothing changed). */
export type ArmResult = { readonly ok: true; readonly message: string } | { readonly ok: false; readonly code: 'UNKNOWN_STRATEGY' | 'NOT_AVAILABLE' | 'JOURNAL_FAILED'; readonly message: string };

interface Run {
  readonly abort: AbortController;
  readonly done: Promise<void>;
  engine?: Engine;
  session?: number;
}

interface Instance {
  readonly spec: SleeveSpec;
  state: 'stopped' | 'starting' | 'running' | 'failed';
  reason?: string;
  log: DecisionLog;
  run?: Run;
  /** Multi-timeframe agreement after the run's latest step (timeframe-agreement.ts). */
  agreement?: StrategyAgreementRow[];
}

const describe = (err: unknown) => (err instanceof Error ? err.message : String(err));
const iso = (d: number) => `${String(d).slice(0, 4)}-${String(d).slice(4, 6)}-${String(d).slice(6, 8)}`;

/** Emits 'change' with the topic keys whose value changed (`instance:<id>`, `runner`). */
export class StrategyRunners extends EventEmitter<{ change: [keys: string[]] }> {
  private readonly instances = new Map<string, Instance>();
  private lastTradingState: string;
  private readonly watch: ReturnType<typeof setInterval>;
  private closed = false;
  /** Why no instance can run (the config cannot run live); arm is refused while it is set. */
  private readonly notice: string | undefined;

  constructor(private readonly o: StrategyRunnersOptions) {
    super();
    for (const spec of o.job?.sleeves ?? []) this.instances.set(spec.id, { spec, state: 'stopped', log: new DecisionLog() });
    this.notice = o.notice ?? (o.job && o.job.timeframe !== '1d' ? `${o.source} has ${o.job.timeframe} bars; a live run steps daily sessions (1d bars) for now` : o.job && o.job.settings.fill !== 'next_open' ? `${o.source}: [backtesting.execution] fill = "${o.job.settings.fill}"; a live run fills market orders at the next session's open (fill = "next_open")` : undefined);
    // The kill switch and the open-order counts change outside the runs: looked at 4 times a second.
    this.lastTradingState = o.path.tradingState();
    this.watch = setInterval(() => this.poll(), 250);
    this.watch.unref();
  }

  /** The topic's whole state: `runner` and one `instance:<id>` row each. */
  state(): Record<string, unknown> {
    const out: Record<string, unknown> = { runner: this.info() };
    for (const id of this.instances.keys()) out[`instance:${id}`] = this.row(id);
    return out;
  }

  /** Starts the armed instances (after a restart); each waits for the first reconciliation. */
  resume(): void {
    if (this.notice) return;
    for (const id of this.o.armed.list()) if (this.instances.has(id)) this.start(id);
  }

  async arm(id: string): Promise<ArmResult> {
    const inst = this.instances.get(id);
    if (!inst) return this.unknown(id);
    if (this.notice) return { ok: false, code: 'NOT_AVAILABLE', message: `${id} cannot run: ${this.notice}; nothing was started` };
    try {
      await this.o.armed.set(id, true); // durable before the ack
    } catch (err) {
      return { ok: false, code: 'JOURNAL_FAILED', message: `${id} was not started: the armed set could not be saved to ${this.o.armed.path} (${describe(err)})` };
    }
    if (inst.run) return { ok: true, message: `${id} is already running` };
    this.start(id);
    return { ok: true, message: `${id} is armed: it starts once TWS is ready and reconciled, and runs again after a restart` };
  }

  async disarm(id: string): Promise<ArmResult> {
    const inst = this.instances.get(id);
    if (!inst) return this.unknown(id);
    try {
      await this.o.armed.set(id, false);
    } catch (err) {
      return { ok: false, code: 'JOURNAL_FAILED', message: `${id} was not stopped: the armed set could not be saved to ${this.o.armed.path} (${describe(err)}); it keeps running` };
    }
    const run = inst.run;
    if (run) {
      run.abort.abort();
      await run.done;
    }
    const cancelled = this.cancelWorking(id);
    inst.state = 'stopped';
    inst.reason = cancelled > 0 ? `stopped by the user; ${cancelled} working order(s) cancelled, positions kept` : 'stopped by the user; positions kept';
    this.changed(id);
    return { ok: true, message: `${id} is stopped: no new orders${cancelled > 0 ? `, ${cancelled} working order(s) cancelled` : ''}; its positions stay` };
  }

  /** Stops every run without disarming (bridge shutdown: armed instances run again at the next start). */
  async close(): Promise<void> {
    this.closed = true;
    clearInterval(this.watch);
    const runs = [...this.instances.values()].flatMap((i) => (i.run ? [i.run] : []));
    for (const r of runs) r.abort.abort();
    await Promise.all(runs.map((r) => r.done));
  }

  private unknown(id: string): ArmResult {
    const ids = [...this.instances.keys()];
    return { ok: false, code: 'UNKNOWN_STRATEGY', message: `${id} is not a configured strategy instance (${ids.length > 0 ? `configured: ${ids.join(', ')}` : `${this.o.source} has none`}); nothing changed` };
  }

  private start(id: string): void {
    const inst = this.instances.get(id)!;
    const abort = new AbortController();
    inst.log = new DecisionLog();
    inst.agreement = undefined;
    inst.state = 'starting';
    inst.reason = 'waiting for TWS and the first reconciliation';
    const run: Run = { abort, done: Promise.resolve() };
    inst.run = run;
    (run as { done: Promise<void> }).done = this.execute(inst, run).then(
      (why) => {
        if (inst.run !== run) return;
        inst.run = undefined;
        if (this.closed) return;
        inst.state = why === 'failed' ? 'failed' : 'stopped';
        this.changed(id);
      },
      (err: unknown) => {
        if (inst.run !== run) return;
        inst.run = undefined;
        inst.state = 'failed';
        inst.reason = describe(err);
        this.o.log?.(`strategy ${id}: ${inst.reason}`);
        if (!this.closed) this.changed(id);
      },
    );
    this.changed(id);
  }

  /** One run of an instance; resolves with how it ended (the reason is set on the instance). */
  private async execute(inst: Instance, run: Run): Promise<'stopped' | 'failed'> {
    const { path, link, job } = this.o;
    const id = inst.spec.id;
    const signal = run.abort.signal;
    while (!path.tws.isReady() || path.reconciler.isReconciling()) {
      if (signal.aborted) return 'stopped';
      await new Promise((r) => setTimeout(r, 100));
    }
    if (signal.aborted) return 'stopped';
    const lease = await path.leases.acquire(id, RUNNER_DEVICE, path.clock.now());
    if (!lease.ok) {
      inst.reason = lease.reason === 'LEASE_HELD' ? `another device holds ${id}'s runner lease (until ${new Date(lease.holder.expiresAt).toISOString()}): release it there, then start again` : `no runner lease for ${id}: ${lease.reason}`;
      return 'failed';
    }
    let current = lease.lease;
    let failure: string | undefined;
    // The lease is renewed as the run goes (every 15 s, and before each batch of orders) once less than 90 s of it are left.
    const renew = async () => {
      if (current.expiresAt - path.clock.now() > 90_000) return;
      const r = await path.leases.renew(id, RUNNER_DEVICE, current.token, path.clock.now());
      if (!r.ok) throw new Error(`${id}'s runner lease could not be renewed (${r.reason}): the run stops`);
      current = r.lease;
    };
    const renewal = setInterval(() => {
      renew().catch((err: unknown) => {
        failure = describe(err);
        run.abort.abort();
      });
    }, 15_000);
    const broker = runBroker(path.broker.runner({ strategy: id, device: RUNNER_DEVICE, token: current.token }), current.token);
    try {
      const sessions = sessionsFrom(this.o.clock.now());
      const wheel = job!.options !== undefined && inst.spec.strategy === 'wheel';
      inst.state = 'running';
      const from = `from the session of ${iso(sessions[0].date)}`;
      const needed = warmUpBars(inst.spec);
      // The multi-timeframe trends the monitor shows may need more (SMA(20) of weeks or months): asked for too.
      const trends = agreementHistoryBars(agreementTimeframes(inst.spec.timeframes));
      inst.reason = `${from}; asking TWS for the daily history its indicators need (${needed} sessions${trends > needed ? `; ${trends} for its multi-timeframe trends` : ''})`;
      this.changed(id);
      const history = tolerantHistory(twsDailyHistory(link, 30_000, historyDuration(Math.max(needed, trends))));
      await kernelsReady(); // the indicator kernels (the strategy's indicators, the trends' SMA): loaded once per process
      const result = await runPaper({
        symbols: inst.spec.symbols,
        sleeves: [inst.log.wrap(inst.spec)],
        settings: job!.settings,
        sessions,
        broker,
        bars: twsDailyBars(link),
        pacer: this.o.pacer?.(signal) ?? realtimePacer(this.o.clock, 100, signal),
        beforeSend: async (instruments) => {
          await renew();
          for (const i of instruments) await path.ensureMark(i);
        },
        settled: () => path.journal.idle(),
        history: history.source,
        warmUp: true,
        ...(wheel && { optionQuotes: (daily: readonly BarSeries[]) => new SyntheticOptionQuotes(daily) }),
        abort: signal,
        dataEnded: () => this.o.clock.ended,
        onEngine: (engine, warm) => {
          run.engine = engine;
          // The engine's warm-up (judged on the indicators' values over the history) says whether the first session decides.
          const ready = engine.sleeves[0].warmup < warm;
          const sentence = history.problems.length > 0 ? `TWS gave no daily history before it (${history.problems.join('; ')}): the indicators warm up on the live sessions, and nothing is decided before they are ready` : ready ? `warmed up on ${warm} sessions of TWS history: it decides from the first session` : `the ${warm} sessions of history TWS has are fewer than its indicators need (${needed}): they finish warming up on the live sessions, and nothing is decided before they are ready`;
          inst.reason = `${from}; ${sentence}`;
          inst.log.note(daysFromYyyymmdd(sessions[0].date) * MS_PER_DAY, inst.spec.symbols.join(', '), ready && history.problems.length === 0 ? 'WARMED_UP' : 'WARMING_UP_LIVE', sentence);
          this.agree(inst, engine);
          this.changed(id);
        },
        onStep: (_k, session) => {
          run.session = session.date;
          if (run.engine) this.agree(inst, run.engine);
          this.changed(id);
        },
      });
      if (failure) inst.reason = failure;
      else if (result.stopped === 'data-ended') inst.reason = `the replay data ended after ${run.session ? iso(run.session) : 'the start'}`;
      else if (result.stopped === undefined) inst.reason = 'the run reached its last planned session';
      return failure ? 'failed' : 'stopped';
    } finally {
      clearInterval(renewal);
      broker.end();
      await path.leases.release(id, RUNNER_DEVICE, current.token).catch(() => false);
    }
  }

  /** Cancels the instance's working orders (any run of it); returns how many were asked. */
  private cancelWorking(id: string): number {
    let n = 0;
    for (const o of this.o.path.rawBroker.openOrders()) {
      if (!isInstanceRef(o.ref, id)) continue;
      const r = this.o.path.broker.tryCancel(o.id);
      if (r.ok) n++;
      else this.o.log?.(`strategy ${id}: order ${o.id} could not be cancelled: ${r.reason}`);
    }
    return n;
  }

  private info(): StrategyRunnerInfo {
    // An unreadable armed file stops nothing from being started again (that rewrites it): it is only said.
    const notice = this.notice ?? this.o.armed.problem;
    const job = this.o.job;
    const targets = job && targetAllocation(job.loaded.config.symbols, job.instances);
    return { source: this.o.source, ...(notice && { notice }), ...(targets && Object.keys(targets.weights).length > 0 && { targets }) };
  }

  private row(id: string): StrategyRow {
    const inst = this.instances.get(id)!;
    const spec = inst.spec;
    const capital = spec.allocation * (this.o.job?.settings.initialCash ?? 0);
    let state: StrategyRunState = inst.state;
    let reason = inst.reason;
    const trading = this.o.path.tradingState();
    if (state === 'running' && trading === 'HALTED') {
      state = 'halted';
      reason = 'the kill switch is HALTED: the run goes on but the guard refuses its orders (Resume to trade again)';
    } else if (state === 'running' && trading === 'REDUCING') reason = 'the kill switch is REDUCING: only orders that reduce a position pass';
    const engine = inst.run?.engine;
    const sleeve = engine?.sleeves[0];
    const equity = engine && sleeve && inst.run?.session !== undefined ? engine.equityOf(sleeve) : undefined;
    return {
      id,
      strategy: spec.strategy,
      symbols: spec.symbols,
      timeframes: spec.timeframes,
      allocation: spec.allocation,
      priority: spec.priority,
      state,
      ...(reason && { reason }),
      armed: this.o.armed.has(id),
      capital,
      ...(equity !== undefined && Number.isFinite(equity) && { equity, pnl: equity - (sleeve?.capital ?? capital) }),
      openOrders: this.o.path.rawBroker.openOrders().filter((o) => isInstanceRef(o.ref, id)).length,
      ...(inst.run?.session !== undefined && { session: inst.run.session }),
      signals: [...inst.log.signals],
      trace: [...inst.log.trace],
      ...(inst.agreement && { agreement: inst.agreement }),
    };
  }

  /** Multi-timeframe agreement on the bars the run has; shown only, so a failure to compute it is logged and never stops the run. */
  private agree(inst: Instance, engine: Engine): void {
    try {
      const series = engine.market.symbols.filter((d) => inst.spec.symbols.includes(d.symbol)).map((d) => d.bars);
      inst.agreement = instanceAgreement(series, agreementTimeframes(inst.spec.timeframes, engine.market.timeframe), inst.log.latest);
    } catch (err) {
      inst.agreement = undefined;
      this.o.log?.(`strategy ${inst.spec.id}: the multi-timeframe agreement could not be computed (${describe(err)})`);
    }
  }

  private readonly counts = new Map<string, number>();

  private poll(): void {
    const trading = this.o.path.tradingState();
    const keys: string[] = [];
    for (const id of this.instances.keys()) {
      const n = this.o.path.rawBroker.openOrders().filter((o) => isInstanceRef(o.ref, id)).length;
      if (trading !== this.lastTradingState || n !== (this.counts.get(id) ?? 0)) keys.push(`instance:${id}`);
      this.counts.set(id, n);
    }
    this.lastTradingState = trading;
    if (keys.length > 0) this.emit('change', keys);
  }

  private changed(id: string): void {
    this.emit('change', [`instance:${id}`]);
  }
}

/** A history source that never fails the run: what TWS could not give is empty, and said in `problems`. */
function tolerantHistory(inner: HistorySource): { source: HistorySource; problems: string[] } {
  const problems: string[] = [];
  const source: HistorySource = async (symbol, date) => {
    try {
      return await inner(symbol, date);
    } catch (err) {
      problems.push(`${symbol}: ${describe(err)}`);
      return [];
    }
  };
  return { source, problems };
}

/** The sessions of a live run: the clock's current session (or the next one when none is open) and a year after it. */
export function sessionsFrom(now: number): Session[] {
  const cal = exchangeCalendar('XNYS');
  const last = cal.lastSessionAtOrBefore(now);
  const first = last && now < last.close ? last : cal.nextSession(last?.date ?? easternDate(now));
  return cal.sessions(first.date, yyyymmddFromDays(daysFromYyyymmdd(first.date) + 366));
}
