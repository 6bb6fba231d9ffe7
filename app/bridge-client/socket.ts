// A reconnecting WebSocket to the bridge with the versioned hello → welcome handshake
// (docs/app-protocol.md §1), and pairing when the bridge requires an access token
// (docs/bridge-security.md §3): the app asks `GET /pair/status` whether a token is required (a
// browser cannot read the 401 of a refused upgrade), exchanges the 6-digit code for the token with
// `POST /pair`, keeps it (TokenStore) and offers it as the `bearer.<token>` subprotocol. The token
// is never logged or shown.
import { createSignal, type Accessor } from 'solid-js';
import {
  APP_SUBPROTOCOL,
  BEARER_SUBPROTOCOL_PREFIX,
  PROTOCOL_VERSION,
  type ClientHello,
  type ClientMessage,
  type ServerMessage,
} from '../../shared/protocol/index.ts';
import { isAccessToken, type TokenStore } from './token-store.ts';

export type BridgeStatus =
  | { readonly state: 'connecting' }
  | { readonly state: 'connected'; readonly serverVersion: string; readonly broker: string }
  | { readonly state: 'offline'; readonly retryInMs: number }
  | { readonly state: 'incompatible'; readonly message: string }
  /** The bridge requires an access token and this device has none (or its token was refused). */
  | { readonly state: 'unpaired' };

/** Why pairing failed: the bridge's closed reasons (POST /pair), plus 'network'. */
export type PairFailure = 'malformed' | 'no-code' | 'wrong-code' | 'code-void' | 'rate-limited' | 'network';

export type PairOutcome =
  | { readonly ok: true }
  | { readonly ok: false; readonly reason: PairFailure; readonly retryAfterSeconds?: number };

export interface BridgeConnection {
  readonly status: Accessor<BridgeStatus>;
  /** Exchanges a pairing code for the token, stores it and connects. */
  pair(code: string): Promise<PairOutcome>;
  /** Sends a message on the open, welcomed connection; false (nothing queued) otherwise. */
  send(msg: ClientMessage): boolean;
  /** Every message after the welcome, parsed (topics.ts); returns the unlisten function. */
  onMessage(listener: (msg: ServerMessage) => void): () => void;
  close(): void;
}

export interface ConnectOptions {
  /** Where the token is kept (the Dexie credentials table); without it the token lives in memory only. */
  readonly tokens?: TokenStore;
  /** Consecutive refused connections (the status says a token is required) before the token is forgotten. */
  readonly refusalsBeforeForget?: number;
}

/** The bridge serves the app, so its socket is on the same origin at /ws. */
export function bridgeUrl(location: Location): string {
  return `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/ws`;
}

/** The bridge's HTTP base (`http://host:port/`) for a WebSocket URL ending in /ws. */
function httpBase(wsUrl: string): string {
  const u = new URL(wsUrl);
  return `${u.protocol === 'wss:' ? 'https' : 'http'}://${u.host}/`;
}

/** `GET /pair/status`: whether the bridge requires a token, or null when it cannot be told. */
async function tokenRequired(base: string): Promise<boolean | null> {
  try {
    const res = await fetch(`${base}pair/status`, { cache: 'no-store', credentials: 'omit' });
    if (!res.ok) return null;
    const body = (await res.json()) as { tokenRequired?: unknown };
    return typeof body.tokenRequired === 'boolean' ? body.tokenRequired : null;
  } catch {
    return null;
  }
}

const FAILURES: readonly PairFailure[] = ['malformed', 'no-code', 'wrong-code', 'code-void', 'rate-limited'];

export function connectBridge(url: string, appVersion: string, options: ConnectOptions = {}): BridgeConnection {
  const [status, setStatus] = createSignal<BridgeStatus>({ state: 'connecting' });
  const base = httpBase(url);
  const tokens = options.tokens;
  const refusalsBeforeForget = options.refusalsBeforeForget ?? 2;
  let token: string | null = null;
  let ws: WebSocket | undefined;
  let closed = false;
  let delay = 500;
  let refusals = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const listeners = new Set<(msg: ServerMessage) => void>();

  const retry = () => {
    setStatus({ state: 'offline', retryInMs: delay });
    timer = setTimeout(open, delay);
    delay = Math.min(delay * 2, 15_000);
  };

  const unpaired = async () => {
    token = null;
    refusals = 0;
    await tokens?.forget().catch(() => undefined);
    if (!closed) setStatus({ state: 'unpaired' });
  };

  /** A socket that closed before it opened: refused (token), or the bridge is not there. */
  const onNeverOpened = async () => {
    const required = await tokenRequired(base);
    if (closed) return;
    if (required === true) {
      // Refused for want of a token, or with a token the bridge no longer accepts (its token file
      // was replaced). One refusal may be something else (too many pending hellos → 503), so a
      // stored token is forgotten only after `refusalsBeforeForget` in a row.
      if (token === null || ++refusals >= refusalsBeforeForget) {
        await unpaired();
        return;
      }
    }
    retry();
  };

  const open = () => {
    if (closed) return;
    timer = undefined;
    setStatus({ state: 'connecting' });
    let opened = false;
    const protocols = token ? [APP_SUBPROTOCOL, BEARER_SUBPROTOCOL_PREFIX + token] : [APP_SUBPROTOCOL];
    const socket = new WebSocket(url, protocols);
    ws = socket;
    socket.onopen = () => {
      opened = true;
      refusals = 0;
      const hello: ClientHello = { type: 'hello', protocol: PROTOCOL_VERSION, client: 'moneytrailz-pwa', clientVersion: appVersion };
      socket.send(JSON.stringify(hello));
    };
    socket.onmessage = (e) => {
      let msg: ServerMessage;
      try {
        const v: unknown = JSON.parse(String(e.data));
        if (typeof v !== 'object' || v === null || typeof (v as { type?: unknown }).type !== 'string') return;
        msg = v as ServerMessage;
      } catch {
        return; // not JSON: nothing to do with it
      }
      if (msg.type !== 'welcome') {
        if (status().state === 'connected') for (const l of [...listeners]) l(msg);
      }
      if (msg.type === 'welcome') {
        delay = 500;
        setStatus({ state: 'connected', serverVersion: msg.serverVersion, broker: msg.broker });
      } else if (msg.type === 'error' && (msg.code === 'CLIENT_TOO_OLD' || msg.code === 'SERVER_TOO_OLD')) {
        closed = true;
        setStatus({ state: 'incompatible', message: msg.message });
      }
    };
    socket.onclose = () => {
      if (closed || ws !== socket) return;
      ws = undefined;
      if (opened) retry();
      else void onNeverOpened();
    };
  };

  const start = async () => {
    token = (await tokens?.load().catch(() => null)) ?? null;
    // Without a token, ask first: a bridge in token mode shows the pairing screen at once instead
    // of a refused socket. With one, connect straight away (a refusal is checked in onNeverOpened).
    if (token === null && (await tokenRequired(base)) === true) {
      if (!closed) setStatus({ state: 'unpaired' });
      return;
    }
    open();
  };
  void start();

  return {
    status,
    async pair(code) {
      let res: Response;
      try {
        res = await fetch(`${base}pair`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify({ code }),
          cache: 'no-store',
          credentials: 'omit',
        });
      } catch {
        return { ok: false, reason: 'network' };
      }
      const body = (await res.json().catch(() => ({}))) as { token?: unknown; reason?: unknown };
      if (res.ok && isAccessToken(body.token)) {
        token = body.token;
        refusals = 0;
        delay = 500;
        // Connect even if the device cannot store it (private mode): it then pairs again next time.
        await tokens?.save(token).catch(() => undefined);
        if (!closed && ws === undefined && timer === undefined) open();
        return { ok: true };
      }
      const reason = FAILURES.find((f) => f === body.reason) ??
        (res.status === 429 ? 'rate-limited' : res.status === 400 ? 'malformed' : res.status === 403 ? 'wrong-code' : 'network');
      const retryAfter = Number(res.headers.get('Retry-After'));
      return { ok: false, reason, ...(retryAfter > 0 ? { retryAfterSeconds: retryAfter } : {}) };
    },
    send(msg) {
      if (!ws || ws.readyState !== WebSocket.OPEN || status().state !== 'connected') return false;
      ws.send(JSON.stringify(msg));
      return true;
    },
    onMessage(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    close() {
      closed = true;
      if (timer) clearTimeout(timer);
      ws?.close();
    },
  };
}
