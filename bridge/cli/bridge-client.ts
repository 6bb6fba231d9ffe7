// A command-line client of the bridge's app protocol (docs/app-protocol.md) over a real `ws`
// WebSocket: hello → welcome, topics kept as state (snapshot, then deltas merged with applyPatch; a
// gap asks for a resync), requests and intents/commands answered by id. Every frame from the bridge is
// untrusted: one that is not JSON or not an object is ignored, never thrown.
import { randomUUID } from 'node:crypto';
import WebSocket from 'ws';
import { TopicStates, type TopicFailure, APP_SUBPROTOCOL, PROTOCOL_VERSION, type AckMessage, type ClientMessage, type CommandMessage, type IntentMessage, type ServerMessage, type Welcome } from '../../shared/protocol/index.ts';

/** The bridge could not be reached or refused us: the message says what to do. */
export class BridgeUnavailable extends Error {}

export type { TopicFailure };

interface Pending {
  readonly match: (m: ServerMessage) => boolean;
  readonly resolve: (m: ServerMessage) => void;
}

export class BridgeClient {
  private readonly topics = new TopicStates();
  private readonly pending = new Set<Pending>();
  private readonly watchers = new Set<() => void>();
  private closedReason: string | undefined;
  private clockOffset = 0;

  private constructor(
    private readonly ws: WebSocket,
    readonly url: string,
  ) {
    ws.on('message', (data) => this.onFrame(data.toString()));
    ws.on('close', (code) => {
      this.closedReason = `the bridge closed the connection (${code})`;
      for (const w of [...this.watchers]) w();
    });
    ws.on('error', () => {});
  }

  /** Connects and says hello; rejects with BridgeUnavailable naming the cause and the fix. */
  static async connect(url: string, options: { token?: string; client?: string; timeoutMs?: number } = {}): Promise<{ client: BridgeClient; welcome: Welcome }> {
    const timeoutMs = options.timeoutMs ?? 10_000;
    const headers = options.token ? { Authorization: `Bearer ${options.token}` } : undefined;
    const ws = new WebSocket(url, [APP_SUBPROTOCOL], { headers, handshakeTimeout: timeoutMs });
    await new Promise<void>((resolve, reject) => {
      ws.once('open', () => resolve());
      ws.once('unexpected-response', (_req, res) => {
        ws.terminate();
        const status = res.statusCode ?? 0;
        reject(
          new BridgeUnavailable(
            status === 401
              ? `the bridge at ${url} wants its access token (token mode): run this on the bridge's machine, or set MONEYTRAILZ_TOKEN_FILE to the token's file`
              : `the bridge at ${url} refused the connection (HTTP ${status})`,
          ),
        );
      });
      ws.once('error', (err: NodeJS.ErrnoException) => {
        reject(new BridgeUnavailable(`cannot reach the bridge at ${url} (${err.code ?? err.message}): is it running? Start it with npm start`));
      });
    });
    const client = new BridgeClient(ws, url);
    const sentAt = Date.now();
    const welcome = await client.send(
      { type: 'hello', protocol: PROTOCOL_VERSION, minor: 1, client: options.client ?? 'moneytrailz-cli', clientVersion: '0.1.0' },
      (m) => m.type === 'welcome' || (m.type === 'error' && m.id === undefined),
      timeoutMs,
    );
    if (welcome.type !== 'welcome') {
      client.close();
      throw new BridgeUnavailable(`the bridge at ${url} did not welcome us: ${'message' in welcome ? welcome.message : welcome.type}`);
    }
    client.clockOffset = welcome.bridgeTime - (sentAt + Date.now()) / 2;
    return { client, welcome };
  }

  /** Bridge time now (epoch ms), for an intent's createdAt. */
  bridgeNow(): number {
    return Math.round(Date.now() + this.clockOffset);
  }

  /** A topic's state as last merged, or undefined before its snapshot. */
  state(topic: string): Readonly<Record<string, unknown>> | undefined {
    return this.topics.state(topic)?.data;
  }

  /** Why a topic failed (refused at subscription, or stopped by TWS), if it did. */
  failure(topic: string): TopicFailure | undefined {
    return this.topics.failure(topic);
  }

  /** Subscribes; each topic's refusal is kept as its failure. */
  async subscribe(topics: readonly string[], timeoutMs = 10_000): Promise<void> {
    for (let i = 0; i < topics.length; i += 100) {
      const chunk = topics.slice(i, i + 100);
      const id = `sub-${randomUUID()}`;
      const ack = (await this.send({ type: 'subscribe', id, subscriptions: chunk.map((topic) => ({ topic })) }, (m) => m.type === 'ack' && m.id === id, timeoutMs)) as AckMessage;
      this.topics.refused(ack);
    }
  }

  /** Unsubscribes; the topics' states and failures are forgotten. */
  async unsubscribe(topics: readonly string[], timeoutMs = 10_000): Promise<void> {
    const id = `unsub-${randomUUID()}`;
    await this.send({ type: 'unsubscribe', id, topics }, (m) => m.type === 'ack' && m.id === id, timeoutMs);
    for (const t of topics) this.topics.forget(t);
  }

  /** Resolves true once `ready()` holds (checked after every message), false after `timeoutMs` or when the socket closes. */
  until(ready: () => boolean, timeoutMs: number): Promise<boolean> {
    if (ready()) return Promise.resolve(true);
    return new Promise((resolve) => {
      const check = () => {
        if (ready()) finish(true);
        else if (this.closedReason !== undefined) finish(false);
      };
      const timer = setTimeout(() => finish(false), timeoutMs);
      const finish = (ok: boolean) => {
        clearTimeout(timer);
        this.watchers.delete(check);
        resolve(ok);
      };
      this.watchers.add(check);
    });
  }

  /**
   * Sends a request with an `id` and resolves with its answer: the response of the same type and id,
   * an ack for the id (a refusal), or an error naming the id.
   */
  request<T extends ServerMessage>(msg: ClientMessage & { readonly id: string }, timeoutMs: number): Promise<T | AckMessage> {
    return this.send(msg, (m) => (m.type === msg.type || m.type === 'ack' || m.type === 'error') && 'id' in m && m.id === msg.id, timeoutMs) as Promise<T | AckMessage>;
  }

  /** Sends an intent or a command and resolves with its ack. */
  async call(msg: IntentMessage | CommandMessage, timeoutMs: number): Promise<AckMessage> {
    const id = msg.type === 'intent' ? msg.intentId : msg.commandId;
    const m = await this.send(msg, (x) => (x.type === 'ack' || x.type === 'error') && 'id' in x && x.id === id, timeoutMs);
    if (m.type === 'ack') return m;
    return { type: 'ack', id, ok: false, code: 'NOT_AVAILABLE', message: `the bridge refused the message (${'message' in m ? m.message : m.type}); nothing was sent` };
  }

  /** Waits for the ack of an intent or command sent before (one whose answer came too late for its call). */
  awaitAck(id: string, timeoutMs: number): Promise<AckMessage | undefined> {
    return new Promise((resolve) => {
      const entry: Pending = {
        match: (m) => m.type === 'ack' && m.id === id,
        resolve: (m) => {
          clearTimeout(timer);
          this.pending.delete(entry);
          resolve(m as AckMessage);
        },
      };
      const timer = setTimeout(() => {
        this.pending.delete(entry);
        resolve(undefined);
      }, timeoutMs);
      this.pending.add(entry);
    });
  }

  close(): void {
    this.ws.close();
  }

  private send(msg: ClientMessage, match: (m: ServerMessage) => boolean, timeoutMs: number): Promise<ServerMessage> {
    if (this.closedReason !== undefined || this.ws.readyState !== WebSocket.OPEN) return Promise.reject(new BridgeUnavailable(this.closedReason ?? 'the bridge connection is not open'));
    return new Promise((resolve, reject) => {
      const entry: Pending = {
        match,
        resolve: (m) => {
          clearTimeout(timer);
          this.pending.delete(entry);
          this.watchers.delete(onClose);
          resolve(m);
        },
      };
      const fail = (why: string) => {
        clearTimeout(timer);
        this.pending.delete(entry);
        this.watchers.delete(onClose);
        reject(new BridgeUnavailable(why));
      };
      const onClose = () => this.closedReason !== undefined && fail(this.closedReason);
      const timer = setTimeout(() => fail(`the bridge did not answer ${msg.type} within ${timeoutMs} ms`), timeoutMs);
      this.pending.add(entry);
      this.watchers.add(onClose);
      this.ws.send(JSON.stringify(msg));
    });
  }

  private onFrame(text: string): void {
    let m: ServerMessage;
    try {
      const v: unknown = JSON.parse(text);
      if (typeof v !== 'object' || v === null || Array.isArray(v) || typeof (v as { type?: unknown }).type !== 'string') return;
      m = v as ServerMessage;
    } catch {
      return;
    }
    const { resync } = this.topics.apply(m);
    if (resync && this.ws.readyState === WebSocket.OPEN) this.ws.send(JSON.stringify(resync));
    for (const p of [...this.pending]) if (p.match(m)) p.resolve(m);
    for (const w of [...this.watchers]) w();
  }
}
