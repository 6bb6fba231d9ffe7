// Where the bridge's TWS connection goes: host, port and client id, always explicit.
//
// @stoqey/ib 1.6.10 falls back to its own configuration for every option it is not given: host and
// port from IB_HOST / IB_PORT, the request rate from MAX_REQ_PER_SECOND, read from the environment
// and from a `.env` file in the working directory (dotenv, loaded on first use) — and the client id
// from a `config/default.json` the npm package does not ship (ib-protocol.md §1.1). Every fallback is
// an `options.x ?? configuration.x` in `core/io/socket.js` / `controller.js`, so an options object
// with all four values set, each validated here, never touches that configuration: dotenv is never
// loaded and the environment never wins. `ibApiOptions()` is the only way this folder builds one.
import type { IBApiCreationOptions } from '@stoqey/ib';

/** TWS client ids and order ids are signed 32-bit integers. */
export const MAX_CLIENT_ID = 2 ** 31 - 1;
/** TWS paper trading's API port (live TWS 7496, IB Gateway 4002 paper / 4001 live). */
export const DEFAULT_TWS_PORT = 7497;
export const DEFAULT_TWS_HOST = '127.0.0.1';
/** The bridge's client id when none is configured (not 0: TWS binds manual orders to client 0, §7 P1). */
export const DEFAULT_CLIENT_ID = 1;
/**
 * Outgoing messages per second: TWS allows 50 and answers more with error 100 (§7 P9); stoqey's
 * limiter sends rate/10 per 100 ms.
 */
export const DEFAULT_MAX_REQ_PER_SEC = 40;

export interface TwsEndpoint {
  readonly host: string;
  readonly port: number;
  readonly clientId: number;
}

/** A problem with one setting, named as the user wrote it (flag or key). */
export class EndpointError extends Error {
  constructor(
    readonly setting: string,
    problem: string,
  ) {
    super(`${setting}: ${problem}`);
    this.name = 'EndpointError';
  }
}

function integerIn(setting: string, value: unknown, min: number, max: number): number {
  const n = typeof value === 'string' && /^\s*-?\d+\s*$/.test(value) ? Number(value) : value;
  if (typeof n !== 'number' || !Number.isInteger(n) || n < min || n > max) {
    throw new EndpointError(setting, `expected an integer in [${min}, ${max}], got ${JSON.stringify(value)}`);
  }
  return n;
}

export function checkHost(setting: string, host: unknown): string {
  if (typeof host !== 'string' || host.trim() === '' || /[\s\0]/.test(host)) {
    throw new EndpointError(setting, `expected a host name or IP address, got ${JSON.stringify(host)}`);
  }
  return host;
}

export const checkPort = (setting: string, port: unknown): number => integerIn(setting, port, 1, 65535);
export const checkClientId = (setting: string, id: unknown): number => integerIn(setting, id, 0, MAX_CLIENT_ID);

/** `host:port`, `[v6]:port` or `:port` / `port` (host 127.0.0.1), as given to `--tws`. */
export function parseHostPort(setting: string, text: string): { host: string; port: number } {
  const m = /^(?:\[([^\]]+)\]|([^:]*)):(.+)$/.exec(text.trim()) ?? /^()()(\d+)$/.exec(text.trim());
  if (!m) throw new EndpointError(setting, `expected host:port (e.g. 127.0.0.1:7497), got ${JSON.stringify(text)}`);
  const host = m[1] || m[2] || DEFAULT_TWS_HOST;
  return { host: checkHost(setting, host), port: checkPort(setting, m[3]) };
}

/** The options every IBApi of the bridge is created with: all four set, so no library default applies. */
export function ibApiOptions(endpoint: TwsEndpoint, maxReqPerSec = DEFAULT_MAX_REQ_PER_SEC): Required<Pick<IBApiCreationOptions, 'host' | 'port' | 'clientId' | 'maxReqPerSec'>> {
  return {
    host: checkHost('host', endpoint.host),
    port: checkPort('port', endpoint.port),
    clientId: checkClientId('client id', endpoint.clientId),
    maxReqPerSec: integerIn('maxReqPerSec', maxReqPerSec, 1, 50),
  };
}
