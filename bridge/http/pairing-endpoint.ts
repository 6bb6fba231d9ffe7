// HTTP endpoints of pairing (docs/bridge-security.md §3), active in token mode only:
//   POST /pair      {"code":"123456"}  → 200 {"token":"<64 hex>"}  (400 / 403 / 429 with {"error","reason"}:
//                   reason is malformed | no-code | wrong-code | code-void | rate-limited)
//   POST /pair/new  Authorization: Bearer <token> → 200 {"code","expiresAt"} (a paired device asks
//                   for a code for the next device; the code is also printed on the console)
// Bodies are read up to 1 KiB; the Origin, when present, must be the bridge's own.
// In both modes:
//   GET /pair/status → 200 {"tokenRequired":boolean}: how the app learns it must pair (a browser
//                   cannot read the 401 of a refused WebSocket upgrade). It takes no token and says
//                   nothing about any token's validity.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { presentedToken, type AccessToken } from '../security/access-token.ts';
import type { Pairing, PairingCode } from '../security/pairing.ts';
import { checkOrigin } from '../security/upgrade-check.ts';

const MAX_BODY = 1024;

export interface PairingEndpointOptions {
  readonly pairing: Pairing;
  readonly token: AccessToken;
  /** Shows a newly issued code on the desktop console. */
  readonly onCode: (code: PairingCode) => void;
}

function json(res: ServerResponse, status: number, body: object, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'Content-Type': 'application/json', 'Cache-Control': 'no-store', ...headers }).end(JSON.stringify(body));
}

/** The request body as text, or null when it is larger than `limit` or the client went away. */
function readBody(req: IncomingMessage, limit: number): Promise<string | null> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > limit) {
        resolve(null);
        req.removeAllListeners('data');
        req.resume();
      } else chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', () => resolve(null));
    req.on('close', () => resolve(null)); // after 'end' this is a no-op: the promise is settled
  });
}

/** Handles /pair and /pair/new; returns false for other paths (the caller serves them). */
export function pairingEndpoint(options: PairingEndpointOptions): (req: IncomingMessage, res: ServerResponse) => Promise<boolean> {
  return async (req, res) => {
    const path = (req.url ?? '').split('?')[0];
    if (path === '/pair/status') return pairingStatus(true)(req, res);
    if (path !== '/pair' && path !== '/pair/new') return false;
    if (req.method !== 'POST') {
      res.writeHead(405, { Allow: 'POST' }).end();
      return true;
    }
    const origin = checkOrigin(req);
    if (!origin.ok) {
      json(res, origin.status, { error: origin.reason });
      return true;
    }
    if (path === '/pair/new') {
      if (!options.token.matches(presentedToken(req))) {
        json(res, 401, { error: 'a paired device (Authorization: Bearer <token>) may ask for a new code' });
        return true;
      }
      const code = options.pairing.issue();
      options.onCode(code);
      json(res, 200, code);
      return true;
    }
    const body = await readBody(req, MAX_BODY);
    if (body === null) {
      if (!res.destroyed) json(res, 400, { error: `body: expected JSON {"code":"123456"} of at most ${MAX_BODY} bytes` });
      return true;
    }
    let code: unknown;
    try {
      code = (JSON.parse(body) as { code?: unknown } | null)?.code;
    } catch {
      json(res, 400, { error: 'body: not valid JSON; expected {"code":"123456"}' });
      return true;
    }
    const result = options.pairing.exchange(code);
    if (result.ok) json(res, 200, { token: result.token });
    else json(res, result.status, { error: result.reason, reason: result.kind }, result.retryAfterSeconds ? { 'Retry-After': String(result.retryAfterSeconds) } : {});
    return true;
  };
}

/**
 * GET /pair/status → {"tokenRequired":boolean}, in loopback mode too; returns false for other paths.
 * Unauthenticated on purpose and free of secrets: it reports the bridge's mode, never whether a
 * presented token is valid (it reads none).
 */
export function pairingStatus(tokenRequired: boolean): (req: IncomingMessage, res: ServerResponse) => Promise<boolean> {
  return async (req, res) => {
    if ((req.url ?? '').split('?')[0] !== '/pair/status') return false;
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { Allow: 'GET, HEAD' }).end();
      return true;
    }
    const origin = checkOrigin(req);
    if (!origin.ok) json(res, origin.status, { error: origin.reason });
    else json(res, 200, { tokenRequired });
    return true;
  };
}
