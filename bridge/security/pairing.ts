// Pairing a device with the bridge (docs/bridge-security.md §3): the desktop console shows a
// 6-digit code; the device POSTs it to /pair and receives the access token. A code lives a few
// minutes, may pair several devices within that time, and is burnt after a few wrong attempts; all
// attempts share one rate limit, so guessing a code over the network is hopeless (at most
// MAX_FAILURES guesses per code out of a million). Comparisons are constant-time.
import { randomInt, timingSafeEqual } from 'node:crypto';
import type { AccessToken } from './access-token.ts';

export interface PairingOptions {
  /** How long a code is valid (default 5 minutes). */
  readonly codeTtlMs?: number;
  /** Wrong attempts that burn the current code (default 5). */
  readonly maxFailures?: number;
  /** Exchange attempts (right or wrong) allowed per minute, over all clients (default 10). */
  readonly attemptsPerMinute?: number;
  readonly now?: () => number;
}

export interface PairingCode {
  readonly code: string;
  readonly expiresAt: number;
}

/** Why an exchange failed, for the app to word its message: a closed set, stable across versions. */
export type PairingFailure = 'malformed' | 'no-code' | 'wrong-code' | 'code-void' | 'rate-limited';

export type PairingResult =
  | { readonly ok: true; readonly token: string }
  | {
      readonly ok: false;
      readonly status: 400 | 403 | 429;
      readonly kind: PairingFailure;
      readonly reason: string;
      readonly retryAfterSeconds?: number;
    };

const CODE_PATTERN = /^[0-9]{6}$/;

export class Pairing {
  readonly #token: AccessToken;
  readonly #ttl: number;
  readonly #maxFailures: number;
  readonly #perMinute: number;
  readonly #now: () => number;
  #current: { code: Buffer; expiresAt: number; failures: number } | null = null;
  readonly #attempts: number[] = [];

  constructor(token: AccessToken, options: PairingOptions = {}) {
    this.#token = token;
    this.#ttl = options.codeTtlMs ?? 5 * 60_000;
    this.#maxFailures = options.maxFailures ?? 5;
    this.#perMinute = options.attemptsPerMinute ?? 10;
    this.#now = options.now ?? Date.now;
  }

  /** A fresh code (replacing any previous one), for the desktop console. */
  issue(): PairingCode {
    const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
    const expiresAt = this.#now() + this.#ttl;
    this.#current = { code: Buffer.from(code, 'ascii'), expiresAt, failures: 0 };
    return { code, expiresAt };
  }

  /** Exchanges a code for the token. Every call counts against the rate limit. */
  exchange(presented: unknown): PairingResult {
    const now = this.#now();
    while (this.#attempts.length > 0 && this.#attempts[0] <= now - 60_000) this.#attempts.shift();
    if (this.#attempts.length >= this.#perMinute) {
      const retryAfterSeconds = Math.max(1, Math.ceil((this.#attempts[0] + 60_000 - now) / 1000));
      return { ok: false, status: 429, kind: 'rate-limited', reason: `too many pairing attempts: try again in ${retryAfterSeconds} s`, retryAfterSeconds };
    }
    this.#attempts.push(now);
    if (typeof presented !== 'string' || !CODE_PATTERN.test(presented)) {
      return { ok: false, status: 400, kind: 'malformed', reason: 'code: expected the 6 digits shown on the bridge console' };
    }
    const current = this.#current;
    if (!current || now >= current.expiresAt) {
      this.#current = null;
      return { ok: false, status: 403, kind: 'no-code', reason: 'no pairing code is active: ask the bridge for a new one (restart it, or POST /pair/new from a paired device)' };
    }
    if (!timingSafeEqual(current.code, Buffer.from(presented, 'ascii'))) {
      current.failures += 1;
      if (current.failures >= this.#maxFailures) {
        this.#current = null;
        return { ok: false, status: 403, kind: 'code-void', reason: 'wrong code; too many wrong codes, so this code is now void: ask the bridge for a new one' };
      }
      return { ok: false, status: 403, kind: 'wrong-code', reason: 'wrong code' };
    }
    return { ok: true, token: this.#token.reveal() };
  }
}
