// The app protocol after the welcome (docs/app-protocol.md): live topics through the subscription
// hub, historical bars through the cache and the pacer, option-chain snapshots within a line
// budget, and intents and commands with acknowledgements. ws-server.ts decodes and validates every
// message (shared/protocol/validate.ts) and hands the valid ones here; every answer goes out
// through the client's bounded send.
import { formatTopic, MAX_REQUESTS_PER_CLIENT, parseTopic, type ClientHello, type ClientMessage, type ServerMessage } from '../../shared/protocol/index.ts';
import type { OrderPath } from '../trading/order-path.ts';
import { OrderDesk } from './order-desk.ts';
import type { TwsConnection } from '../ib/tws-connection.ts';
import { accountFeed, pnlFeed, positionFeed } from './account-feeds.ts';
import { barFeed } from './bar-feed.ts';
import { HistoricalBars, type HistoricalBarsOptions } from './historical-bars.ts';
import { HistoricalPacer, IBKR_PACING, realClock, type PacerClock, type PacerRules } from './historical-pacer.ts';
import { SubscriptionHub, type Feed, type FeedFactory, type HubClient, type TopicResult } from './hub.ts';
import { LineBudget } from './line-budget.ts';
import { OptionChains, type OptionChainOptions } from './option-chain.ts';
import { orderFeed } from './order-feed.ts';
import { strategyFeed } from './strategy-feed.ts';
import type { StrategyRunners } from '../strategies/strategy-runner.ts';
import { executionFeed } from './execution-feed.ts';
import { OrderPreview } from './preview.ts';
import { quoteFeed } from './quote-feed.ts';
import { describeRef } from './contracts.ts';
import { failureOf } from './request-error.ts';
import { TwsLink } from './tws-link.ts';
import { twsTime } from './tws-clock.ts';

export interface AppProtocolOptions {
  /** The TWS connection (none: every data request is refused with NO_BROKER). */
  readonly tws?: TwsConnection;
  /** Market data lines streaming quotes may take (default 90 of TWS's 100; ib-protocol.md §7 P8). */
  readonly quoteLines?: number;
  /** Lines option-chain snapshots may hold at once (default 10: the rest of the 100). */
  readonly chainLines?: number;
  readonly pacing?: PacerRules;
  readonly pacerClock?: PacerClock;
  readonly historical?: HistoricalBarsOptions;
  readonly chains?: OptionChainOptions;
  /** Historical / option-chain requests one client may have waiting (default MAX_REQUESTS_PER_CLIENT). */
  readonly maxRequestsPerClient?: number;
  /** The order path (bridge/trading/order-path.ts): intents and commands; none = NOT_AVAILABLE. */
  readonly orders?: OrderPath;
  /** Minor 2: the strategy runners (the `strategies` topic; arm / disarm); none = NOT_AVAILABLE. */
  readonly strategies?: StrategyRunners;
}

/** What an intent or a command is answered with by a bridge without an order path (no TWS connection). */
export const ORDERS_NOT_WIRED = 'this bridge has no order path (it runs without a TWS connection: --no-simulator and no [tws] endpoint); nothing was sent to TWS';

const NO_BROKER = 'the bridge runs without a TWS connection (started with --no-simulator and no [tws] endpoint); no market data or account data is available';

export class AppProtocol {
  readonly link: TwsLink;
  readonly hub: SubscriptionHub;
  readonly pacer: HistoricalPacer;
  readonly bars: HistoricalBars;
  readonly chains: OptionChains;
  readonly quoteLines: LineBudget;
  readonly chainLines: LineBudget;
  private readonly outstanding = new Map<HubClient, number>();
  private readonly devices = new WeakMap<HubClient, string>();
  private connections = 0;
  private readonly desk: OrderDesk | undefined;
  /** Minor 2: the order preview (the guard's verdict and TWS's whatIf); none without an order path. */
  private readonly previewer: OrderPreview | undefined;

  constructor(private readonly options: AppProtocolOptions = {}) {
    this.link = new TwsLink(options.tws);
    this.quoteLines = new LineBudget(options.quoteLines ?? 90);
    this.chainLines = new LineBudget(options.chainLines ?? 10);
    this.pacer = new HistoricalPacer(options.pacing ?? IBKR_PACING, options.pacerClock ?? realClock);
    this.bars = new HistoricalBars(this.link, this.pacer, options.historical);
    this.chains = new OptionChains(this.link, this.chainLines, options.chains);
    this.hub = new SubscriptionHub(this.link, this.feedFactory());
    this.desk = options.orders ? new OrderDesk(options.orders, options.strategies) : undefined;
    this.previewer = options.orders && this.desk ? new OrderPreview(options.orders, this.desk, this.link) : undefined;
  }

  /** Handles one validated message of a welcomed client. */
  handle(client: HubClient, msg: ClientMessage): void {
    switch (msg.type) {
      case 'hello':
        return; // answered by ws-server.ts
      case 'subscribe': {
        const after: (() => void)[] = [];
        const results = msg.subscriptions.map((s) => this.hub.subscribe(client, canonical(s.topic), after));
        client.send(ackOf(msg.id, results));
        for (const f of after) f();
        return;
      }
      case 'unsubscribe':
        client.send(ackOf(msg.id, msg.topics.map((t) => this.hub.unsubscribe(client, canonical(t)))));
        return;
      case 'resync': {
        const after: (() => void)[] = [];
        const r = this.hub.resync(client, canonical(msg.topic), after);
        client.send({ type: 'ack', id: msg.id ?? `resync:${r.topic}`, ok: r.ok, code: r.code, message: r.message });
        for (const f of after) f();
        return;
      }
      case 'historicalBars':
        return this.request(client, msg.id, () => this.bars.get(msg).then((r) => ({ type: 'historicalBars', id: msg.id, bars: r.bars, cached: r.cached })));
      case 'clock':
        return this.request(client, msg.id, () => twsTime(this.link).then((brokerTime) => ({ type: 'clock', id: msg.id, brokerTime, bridgeTime: Date.now() })));
      case 'optionChain':
        return this.request(client, msg.id, () => this.chains.get(msg));
      case 'intent':
        if (!this.desk) return void client.send({ type: 'ack', id: msg.intentId, ok: false, code: 'NOT_AVAILABLE', message: ORDERS_NOT_WIRED });
        return this.answer(client, msg.intentId, this.desk.intent(this.deviceOf(client), msg));
      case 'preview':
        // Minor 2: answered with a `preview` (or, without an order path, an ack: NOT_AVAILABLE).
        if (!this.previewer) return void client.send({ type: 'ack', id: msg.id, ok: false, code: 'NOT_AVAILABLE', message: `preview: ${ORDERS_NOT_WIRED}` });
        return this.answer(client, msg.id, this.previewer.preview(this.deviceOf(client), msg));
      case 'command':
        if (!this.desk) return void client.send({ type: 'ack', id: msg.commandId, ok: false, code: 'NOT_AVAILABLE', message: `${msg.kind}: ${ORDERS_NOT_WIRED}` });
        return this.answer(client, msg.commandId, this.desk.command(this.deviceOf(client), msg));
    }
  }

  /**
   * Runs a request with an answer later (historical bars, an option chain); at most
   * maxRequestsPerClient of one client wait at a time, so one client cannot fill the pacer's queue
   * or the chain budget for everyone.
   */
  private request(client: HubClient, id: string, run: () => Promise<ServerMessage>): void {
    if (!this.options.tws) return void client.send({ type: 'ack', id, ok: false, code: 'NO_BROKER', message: NO_BROKER });
    const waiting = this.outstanding.get(client) ?? 0;
    const max = this.options.maxRequestsPerClient ?? MAX_REQUESTS_PER_CLIENT;
    if (waiting >= max) {
      return void client.send({ type: 'ack', id, ok: false, code: 'TOO_MANY_REQUESTS', message: `${max} requests of this connection are still waiting for TWS; send more when they are answered` });
    }
    this.outstanding.set(client, waiting + 1);
    run()
      .then(
        (answer) => client.send(answer),
        (err: unknown) => client.send({ type: 'ack', id, ok: false, ...failureOf(err) }),
      )
      .finally(() => {
        const n = (this.outstanding.get(client) ?? 1) - 1;
        if (n > 0) this.outstanding.set(client, n);
        else this.outstanding.delete(client);
      });
  }

  /** A client was welcomed: its hello's deviceId (else one of its own) is the device that holds runner leases. */
  greet(client: HubClient, hello: ClientHello): void {
    this.devices.set(client, hello.deviceId ?? `connection-${++this.connections}`);
  }

  private deviceOf(client: HubClient): string {
    let d = this.devices.get(client);
    if (d === undefined) {
      d = `connection-${++this.connections}`;
      this.devices.set(client, d);
    }
    return d;
  }

  /** Sends an intent's or a command's ack when it is ready; a failure is answered, never thrown. */
  private answer(client: HubClient, id: string, ack: Promise<ServerMessage>): void {
    ack.then(
      (m) => client.send(m),
      (err: unknown) => client.send({ type: 'ack', id, ok: false, code: 'ORDER_REFUSED', message: `the bridge could not handle it: ${err instanceof Error ? err.message : String(err)}; nothing was sent` }),
    );
  }

  /** The connection closed: its topics are released (a line goes back when nobody else holds it). */
  detach(client: HubClient): void {
    this.hub.detach(client);
  }

  close(): void {
    this.hub.close();
    this.pacer.clear(new Error('the bridge is stopping'));
  }

  private feedFactory(): FeedFactory {
    return (text) => {
      if (!this.options.tws) return { code: 'NO_BROKER', message: NO_BROKER };
      const topic = parseTopic(text);
      if (typeof topic === 'string') return { code: 'TWS_ERROR', message: topic }; // validated before; not reached
      let feed: Feed;
      switch (topic.kind) {
        case 'quotes':
          if (!this.quoteLines.tryTake(1)) {
            return { code: 'LINES_EXHAUSTED', message: `all ${this.quoteLines.total} market data lines for quotes are in use; unsubscribe a quote before adding ${describeRef(topic.instrument)}` };
          }
          feed = quoteFeed(this.link, topic.instrument, this.quoteLines);
          break;
        case 'bars':
          feed = barFeed(this.link, this.pacer, topic.symbol, topic.barSize);
          break;
        case 'account':
          feed = accountFeed(this.link);
          break;
        case 'positions':
          feed = positionFeed(this.link);
          break;
        case 'orders':
          feed = orderFeed(this.link, this.options.orders?.rawBroker.resolver.known);
          break;
        case 'pnl':
          feed = pnlFeed(this.link);
          break;
        case 'strategies':
          // Minor 2: the strategy runners' state (bridge/strategies); a bridge without them has none.
          if (!this.options.strategies) return { code: 'NOT_AVAILABLE', message: 'this bridge runs no strategy instances (it has no order path)' };
          feed = strategyFeed(this.options.strategies);
          break;
        case 'executions':
          feed = executionFeed(this.link, this.options.orders?.rawBroker.resolver.known);
          break;
      }
      return feed;
    };
  }
}

function canonical(topic: string): string {
  const t = parseTopic(topic);
  return typeof t === 'string' ? topic : formatTopic(t);
}

function ackOf(id: string, results: TopicResult[]): ServerMessage {
  const failed = results.find((r) => !r.ok);
  return { type: 'ack', id, ok: !failed, code: failed?.code, message: failed?.message, results };
}
