// The app ⇄ bridge protocol version and its compatibility rule (docs/app-protocol.md §1).
//
// A version is major.minor. The major changes with any incompatible change to the messages (a
// field removed or renamed, a meaning changed); the minor with additions an older peer can ignore
// (a new optional field, a new topic or message type it never asks for). Unknown fields are ignored
// by both sides, so peers of the same major always understand each other.

/** The major version this code speaks. 2: hello → welcome, live topics, requests, intents. */
export const PROTOCOL_VERSION = 2;
/**
 * Additions within the major. 1: option instruments by OSI symbol (`SPY250307P00385000`) in quotes
 * topics and intents; quote states carry `marketDataType` and `secType` (an index when the stock
 * lookup fails); the account topic carries `portfolio:<conId>` rows; option chains list every expiry,
 * the multiplier, each row's OSI symbol, close, model price and (asked for) open interest; a `clock`
 * request answers TWS's time (the replay clock on the simulator); a `modify` command moves a working
 * order's limit through the guard; an intent with `combo` is one
 * combo (BAG) order of its 2–4 legs at one net price.
 * 2: an `executions` topic (today's fills by execId, with their commissions); a `preview` request
 * answers the order guard's verdict on an intent's order and TWS's whatIf margins, placing nothing.
 * Also 2: a `strategies` topic (each configured strategy instance: its run state, sleeve equity and
 * P&L, open orders, latest signals and decision trace); `arm` / `disarm` start and stop an instance's
 * run in the bridge (UNKNOWN_STRATEGY for an id that is none).
 */
export const PROTOCOL_MINOR = 2;
/** The oldest client major the bridge still serves; older clients get CLIENT_TOO_OLD. */
export const MIN_CLIENT_PROTOCOL = 2;

export type ProtocolVerdict = 'ok' | 'client-too-old' | 'server-too-old';

/**
 * What the bridge makes of a client's major version: below MIN_CLIENT_PROTOCOL → 'client-too-old'
 * (the PWA then takes its waiting update); above ours → 'server-too-old'; otherwise 'ok', whatever
 * the client's minor (a newer minor only adds what this side ignores).
 */
export function protocolVerdict(clientMajor: number): ProtocolVerdict {
  if (clientMajor < MIN_CLIENT_PROTOCOL) return 'client-too-old';
  if (clientMajor > PROTOCOL_VERSION) return 'server-too-old';
  return 'ok';
}

/** Both sides understand each other (the app checks the bridge's welcome with it too). */
export function isCompatibleProtocol(peerMajor: number): boolean {
  return protocolVerdict(peerMajor) === 'ok';
}

/** The WebSocket subprotocol every app client offers; the bridge always selects it (docs/bridge-security.md §2). */
export const APP_SUBPROTOCOL = 'moneytrailz';
/** A browser cannot set headers on a WebSocket: it offers `bearer.<token>` as a second subprotocol. */
export const BEARER_SUBPROTOCOL_PREFIX = 'bearer.';
