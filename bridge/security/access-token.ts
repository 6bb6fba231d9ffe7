// The bridge's access token: 32 random bytes (64 hex characters) in `.moneytrailz/access-token`,
// mode 0600, created the first time the bridge runs in token mode (docs/bridge-security.md §2).
// A device gets it once by pairing (pairing.ts) and presents it on every WebSocket upgrade.
// The token is never logged: nothing here formats it into a message, and errors name only the file.
import { randomBytes, createHash, timingSafeEqual } from 'node:crypto';
import { chmod, mkdir, open, readFile, stat } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { IncomingMessage } from 'node:http';
// The subprotocol names live in shared/protocol: the app offers them too.
import { APP_SUBPROTOCOL, BEARER_SUBPROTOCOL_PREFIX } from '../../shared/protocol/version.ts';

export { APP_SUBPROTOCOL, BEARER_SUBPROTOCOL_PREFIX };

const TOKEN_PATTERN = /^[0-9a-f]{64}$/;

export class AccessToken {
  readonly #digest: Buffer;
  readonly #value: string;

  constructor(value: string) {
    if (!TOKEN_PATTERN.test(value)) throw new Error('an access token is 64 lowercase hex characters');
    this.#value = value;
    this.#digest = digest(value);
  }

  /** The token itself, for the pairing answer only (never for a log line). */
  reveal(): string {
    return this.#value;
  }

  /** Constant-time comparison (both sides hashed first, so lengths always match). */
  matches(presented: string | undefined): boolean {
    if (presented === undefined) return false;
    return timingSafeEqual(this.#digest, digest(presented));
  }

  /** Never print the secret by accident (console.log, JSON.stringify, util.inspect). */
  toString(): string {
    return 'AccessToken(<hidden>)';
  }
  toJSON(): string {
    return this.toString();
  }
  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return this.toString();
  }
}

function digest(text: string): Buffer {
  return createHash('sha256').update(text, 'utf8').digest();
}

/**
 * Reads the token file, or creates it (mode 0600, exclusive create) when it does not exist.
 * Refuses a file others can read (like ssh): the token may have leaked, so the user decides.
 */
export async function loadOrCreateAccessToken(file: string): Promise<AccessToken> {
  let text: string | null = null;
  try {
    const s = await stat(file);
    if ((s.mode & 0o077) !== 0) {
      throw new Error(`${file} is readable by other users (mode ${(s.mode & 0o777).toString(8)}): delete it to make a new token (devices pair again), or chmod 600 it`);
    }
    text = (await readFile(file, 'utf8')).trim();
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  if (text !== null) {
    if (!TOKEN_PATTERN.test(text)) throw new Error(`${file}: not an access token (expected 64 hex characters): delete it to make a new one`);
    return new AccessToken(text);
  }
  const value = randomBytes(32).toString('hex');
  await mkdir(dirname(file), { recursive: true, mode: 0o700 });
  const handle = await open(file, 'wx', 0o600);
  try {
    await handle.writeFile(`${value}\n`, 'utf8');
    await handle.sync();
  } finally {
    await handle.close();
  }
  await chmod(file, 0o600); // the create mode is filtered by the umask; make it exact
  return new AccessToken(value);
}

/**
 * The token a WebSocket upgrade presents: `Authorization: Bearer <token>` (non-browser clients),
 * or the subprotocol `bearer.<token>` offered next to `moneytrailz` (what a browser can send:
 * `new WebSocket(url, ['moneytrailz', 'bearer.' + token])`). Query parameters are not read: URLs
 * end up in histories and proxy logs.
 */
export function presentedToken(req: IncomingMessage): string | undefined {
  const auth = req.headers.authorization;
  if (typeof auth === 'string') {
    const m = /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(auth);
    if (m) return m[1];
  }
  const offered = req.headers['sec-websocket-protocol'];
  if (typeof offered === 'string') {
    for (const p of offered.split(',')) {
      const name = p.trim();
      if (name.startsWith(BEARER_SUBPROTOCOL_PREFIX)) return name.slice(BEARER_SUBPROTOCOL_PREFIX.length);
    }
  }
  return undefined;
}
