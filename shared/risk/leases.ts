// Runner leases (docs/trading-model.md §11.6): who may send a strategy instance's orders. One lease per
// strategy instance, held by one device, with a fencing token that only ever increases (across all
// strategies) and an expiry on the bridge's clock. Every order carries the token it was decided under;
// an older token means another device has taken over since, and its orders are refused. A pure state
// machine: the bridge owns the clock and passes `now` (epoch ms) in.

export interface Lease {
  readonly strategy: string;
  readonly device: string;
  /** The fencing token: larger than every token granted before it. */
  readonly token: number;
  /** Bridge time (epoch ms) at which the lease lapses unless renewed. */
  readonly expiresAt: number;
}

/** Why an order's lease does not hold (the codes are in denial-reason.ts). */
export type LeaseDenial = 'NO_LEASE' | 'LEASE_EXPIRED' | 'STALE_FENCING_TOKEN';

export type LeaseResult =
  | { readonly ok: true; readonly lease: Lease }
  | { readonly ok: false; readonly reason: 'LEASE_HELD'; readonly holder: Lease }
  | { readonly ok: false; readonly reason: LeaseDenial };

/** What a store persists so tokens keep increasing across bridge restarts. */
export interface LeaseState {
  readonly lastToken: number;
  readonly leases: readonly Lease[];
}

export class RunnerLeases {
  /** By strategy: the current lease, or the last one (released or expired) for its token. */
  private readonly byStrategy = new Map<string, { lease: Lease; released: boolean }>();
  private lastToken: number;

  /** `ttlMs`: how long a grant or a renewal lasts. `state`: a persisted state to continue from. */
  constructor(
    readonly ttlMs: number,
    state?: LeaseState,
  ) {
    if (!(ttlMs > 0)) throw new RangeError(`lease duration must be > 0 ms, got ${ttlMs}`);
    this.lastToken = state?.lastToken ?? 0;
    for (const l of state?.leases ?? []) {
      this.byStrategy.set(l.strategy, { lease: l, released: false });
      this.lastToken = Math.max(this.lastToken, l.token);
    }
  }

  /**
   * Grants `device` the strategy's lease with a new token. Refused while another device holds an
   * unexpired lease, unless `takeover` (an explicit user action): the old holder's token then goes
   * stale. The same device acquiring again gets a new token (its old one goes stale).
   */
  acquire(strategy: string, device: string, now: number, takeover = false): LeaseResult {
    const cur = this.live(strategy, now);
    if (cur && cur.device !== device && !takeover) return { ok: false, reason: 'LEASE_HELD', holder: cur };
    const lease: Lease = { strategy, device, token: ++this.lastToken, expiresAt: now + this.ttlMs };
    this.byStrategy.set(strategy, { lease, released: false });
    return { ok: true, lease };
  }

  /** Extends the holder's lease (same token); refused with the reason `check` gives. */
  renew(strategy: string, device: string, token: number, now: number): LeaseResult {
    const denial = this.check(strategy, device, token, now);
    if (denial) return { ok: false, reason: denial };
    const lease: Lease = { ...this.byStrategy.get(strategy)!.lease, expiresAt: now + this.ttlMs };
    this.byStrategy.set(strategy, { lease, released: false });
    return { ok: true, lease };
  }

  /** Gives the lease up (false when `token` is not the current holder's). */
  release(strategy: string, device: string, token: number): boolean {
    const e = this.byStrategy.get(strategy);
    if (!e || e.released || e.lease.device !== device || e.lease.token !== token) return false;
    e.released = true;
    return true;
  }

  /** The leases that have lapsed by `now` and were not yet reported (each reported once). */
  expire(now: number): Lease[] {
    const out: Lease[] = [];
    for (const e of this.byStrategy.values()) {
      if (!e.released && now >= e.lease.expiresAt) {
        e.released = true;
        out.push(e.lease);
      }
    }
    return out;
  }

  /** Whether an order from `device` under `token` may trade the strategy now: undefined when it may. */
  check(strategy: string, device: string, token: number, now: number): LeaseDenial | undefined {
    const e = this.byStrategy.get(strategy);
    if (!e) return 'NO_LEASE';
    if (token < e.lease.token) return 'STALE_FENCING_TOKEN';
    if (token !== e.lease.token || device !== e.lease.device) return 'NO_LEASE';
    if (now >= e.lease.expiresAt) return 'LEASE_EXPIRED';
    if (e.released) return 'NO_LEASE';
    return undefined;
  }

  /** The unexpired, unreleased lease of a strategy. */
  holder(strategy: string, now: number): Lease | undefined {
    return this.live(strategy, now);
  }

  /** The state to persist (tokens must never repeat after a restart). */
  toJSON(): LeaseState {
    return { lastToken: this.lastToken, leases: [...this.byStrategy.values()].filter((e) => !e.released).map((e) => e.lease) };
  }

  private live(strategy: string, now: number): Lease | undefined {
    const e = this.byStrategy.get(strategy);
    return e && !e.released && now < e.lease.expiresAt ? e.lease : undefined;
  }
}
