// Who may open the bridge's WebSocket (docs/bridge-security.md §2): checked on the HTTP upgrade,
// before the `ws` library sees the request, so a refused client never reaches the hello.
//
// - Host: only the names the bridge is reachable under (loopback names, the bound address, and for
//   a wildcard bind this machine's addresses and host name). A DNS-rebinding page (evil.example
//   resolving to 127.0.0.1) sends `Host: evil.example` and is refused with 403.
// - Origin: a browser always sends it; it must be the bridge's own origin (the page it served).
//   Absent means a non-browser client; that is accepted (on loopback, or with the token).
// - Token (token mode: any non-loopback bind, or requireToken): `Authorization: Bearer` or the
//   `bearer.<token>` subprotocol; missing or wrong → 401. Loopback is not exempt in token mode: a
//   reverse proxy on the same machine would make every remote client look local.
import type { IncomingMessage } from 'node:http';
import { hostname as machineName, networkInterfaces } from 'node:os';
import { isIP } from 'node:net';
import { presentedToken, type AccessToken } from './access-token.ts';

export interface AccessPolicy {
  /** Host names (URL `hostname` form: lowercase, IPv6 in brackets) requests may carry. */
  readonly allowedHosts: ReadonlySet<string>;
  /** The token every upgrade must present (token mode), or null (loopback mode). */
  readonly token: AccessToken | null;
}

export type Verdict = { readonly ok: true } | { readonly ok: false; readonly status: 400 | 401 | 403; readonly reason: string };

const OK: Verdict = { ok: true };
const LOOPBACK_NAMES = ['localhost', '127.0.0.1', '[::1]'];

/** True for addresses only this machine can reach. */
export function isLoopbackHost(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, '').toLowerCase();
  return h === 'localhost' || h === '::1' || /^127\.\d+\.\d+\.\d+$/.test(h) || h === '::ffff:127.0.0.1';
}

function isWildcard(host: string): boolean {
  return host === '0.0.0.0' || host === '::' || host === '[::]' || host === '';
}

/** A host name or address in URL `hostname` form, or null when it is not one. */
function canonicalHost(name: string): string | null {
  const bare = name.replace(/^\[|\]$/g, '');
  try {
    return new URL(`http://${isIP(bare) === 6 ? `[${bare}]` : bare}/`).hostname.replace(/\.$/, '');
  } catch {
    return null;
  }
}

/** The names a client may use in `Host` for a bridge bound to `bindHost` (plus `extra`). */
export function allowedHostNames(bindHost: string, extra: readonly string[] = []): Set<string> {
  const names = [...LOOPBACK_NAMES, ...extra];
  if (isWildcard(bindHost)) {
    const machine = machineName().toLowerCase();
    names.push(machine, `${machine}.local`);
    for (const list of Object.values(networkInterfaces())) for (const a of list ?? []) names.push(a.address.replace(/%.*$/, ''));
  } else {
    names.push(bindHost);
  }
  const out = new Set<string>();
  for (const n of names) {
    const c = canonicalHost(n);
    if (c) out.add(c);
  }
  return out;
}

/** The `host[:port]` of the Host header in URL form, or null when it is missing or malformed. */
function requestHost(req: IncomingMessage): URL | null {
  const host = req.headers.host;
  if (typeof host !== 'string' || host === '' || /[\s/@?#\\]/.test(host)) return null;
  try {
    return new URL(`http://${host}/`);
  } catch {
    return null;
  }
}

/** DNS-rebinding defence for every request: the Host header must name this bridge. */
export function checkHost(req: IncomingMessage, policy: AccessPolicy): Verdict {
  const url = requestHost(req);
  if (!url) return { ok: false, status: 400, reason: 'Host header missing or malformed' };
  if (!policy.allowedHosts.has(url.hostname.replace(/\.$/, ''))) {
    return { ok: false, status: 403, reason: `Host ${url.hostname} is not a name of this bridge (start it with --host <that address> to serve it)` };
  }
  return OK;
}

/** A browser's Origin must be the bridge's own (same scheme-less host and port as the request's Host). */
export function checkOrigin(req: IncomingMessage): Verdict {
  const origin = req.headers.origin;
  if (origin === undefined) return OK;
  const host = requestHost(req);
  let o: URL;
  try {
    o = new URL(origin);
  } catch {
    return { ok: false, status: 403, reason: 'Origin is not a URL' };
  }
  if ((o.protocol !== 'http:' && o.protocol !== 'https:') || !host || o.host !== host.host) {
    return { ok: false, status: 403, reason: 'Origin is not this bridge: only the app the bridge serves may connect' };
  }
  return OK;
}

/** The full check of a WebSocket upgrade: Host, Origin, then the token in token mode. */
export function checkUpgrade(req: IncomingMessage, policy: AccessPolicy): Verdict {
  const host = checkHost(req, policy);
  if (!host.ok) return host;
  const origin = checkOrigin(req);
  if (!origin.ok) return origin;
  if (policy.token) {
    const presented = presentedToken(req);
    if (presented === undefined) return { ok: false, status: 401, reason: 'access token required: pair this device with the code shown on the bridge console' };
    if (!policy.token.matches(presented)) return { ok: false, status: 401, reason: 'access token not accepted: pair this device again' };
  } else if (req.headers.origin === undefined && !isLoopbackHost(req.socket.remoteAddress ?? '')) {
    return { ok: false, status: 403, reason: 'a client without Origin must connect from this machine' };
  }
  return OK;
}
