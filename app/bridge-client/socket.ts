// A reconnecting WebSocket to the bridge with the versioned hello → welcome handshake
// (docs/app-protocol.md §1).
import { createSignal, type Accessor } from 'solid-js';
import { PROTOCOL_VERSION, type ClientHello, type ServerMessage } from '../../shared/protocol/index.ts';

export type BridgeStatus =
  | { readonly state: 'connecting' }
  | { readonly state: 'connected'; readonly serverVersion: string; readonly broker: string }
  | { readonly state: 'offline'; readonly retryInMs: number }
  | { readonly state: 'incompatible'; readonly message: string };

export interface BridgeConnection {
  readonly status: Accessor<BridgeStatus>;
  close(): void;
}

/** The bridge serves the app, so its socket is on the same origin at /ws. */
export function bridgeUrl(location: Location): string {
  return `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/ws`;
}

export function connectBridge(url: string, appVersion: string): BridgeConnection {
  const [status, setStatus] = createSignal<BridgeStatus>({ state: 'connecting' });
  let ws: WebSocket | undefined;
  let closed = false;
  let delay = 500;
  let timer: ReturnType<typeof setTimeout> | undefined;

  const open = () => {
    if (closed) return;
    setStatus({ state: 'connecting' });
    ws = new WebSocket(url);
    ws.onopen = () => {
      const hello: ClientHello = { type: 'hello', protocol: PROTOCOL_VERSION, client: 'moneytrailz-pwa', clientVersion: appVersion };
      ws?.send(JSON.stringify(hello));
    };
    ws.onmessage = (e) => {
      const msg = JSON.parse(String(e.data)) as ServerMessage;
      if (msg.type === 'welcome') {
        delay = 500;
        setStatus({ state: 'connected', serverVersion: msg.serverVersion, broker: msg.broker });
      } else if (msg.type === 'error' && (msg.code === 'CLIENT_TOO_OLD' || msg.code === 'SERVER_TOO_OLD')) {
        closed = true;
        setStatus({ state: 'incompatible', message: msg.message });
      }
    };
    ws.onclose = () => {
      if (closed) return;
      setStatus({ state: 'offline', retryInMs: delay });
      timer = setTimeout(open, delay);
      delay = Math.min(delay * 2, 15_000);
    };
  };
  open();
  return {
    status,
    close() {
      closed = true;
      if (timer) clearTimeout(timer);
      ws?.close();
    },
  };
}
