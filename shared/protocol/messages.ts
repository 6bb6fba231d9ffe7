// Messages between the PWA and the bridge (JSON over a WebSocket). Both sides import these.

/** Sent first by the app on every (re)connection. */
export interface ClientHello {
  readonly type: 'hello';
  readonly protocol: number;
  /** e.g. 'moneytrailz-pwa' or 'moneytrailz-cli'. */
  readonly client: string;
  readonly clientVersion: string;
  /** Stable per device; used by sync later. */
  readonly deviceId?: string;
}

/** The bridge's answer to a compatible hello. */
export interface ServerHello {
  readonly type: 'hello';
  readonly protocol: number;
  readonly server: 'moneytrailz-bridge';
  readonly serverVersion: string;
  /** Where orders go: the embedded TWS simulator or a real TWS / IB Gateway. */
  readonly broker: 'simulator' | 'tws' | 'none';
  /** Bridge wall-clock time, epoch ms (for the app's clock-skew display). */
  readonly serverTime: number;
}

/** Error codes the bridge sends; each has one meaning. */
export type ProtocolErrorCode =
  | 'BAD_MESSAGE' // not JSON, or a field is missing / has the wrong type
  | 'HELLO_REQUIRED' // a message arrived before a successful hello
  | 'PROTOCOL_MISMATCH' // the peer speaks another protocol version; the socket is closed
  | 'UNKNOWN_TYPE'; // a message type this bridge does not handle

export interface ProtocolErrorMessage {
  readonly type: 'error';
  readonly code: ProtocolErrorCode;
  readonly message: string;
}

export type ClientMessage = ClientHello;
export type ServerMessage = ServerHello | ProtocolErrorMessage;

/** WebSocket close code used when the protocol versions are incompatible. */
export const CLOSE_PROTOCOL_MISMATCH = 4001;
