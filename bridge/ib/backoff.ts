// Reconnect delays for the TWS connection (ib-protocol.md §7 P6): exponential, bounded, with jitter so
// that several bridges restarted by the same Gateway restart do not knock in step.

export interface BackoffPolicy {
  /** The first retry's delay, ms (default 500). */
  readonly initialMs?: number;
  /** The longest delay, ms (default 30 000). */
  readonly maxMs?: number;
  /** Growth per consecutive failure (default 2). */
  readonly factor?: number;
  /** Share of the delay drawn at random, 0..1 (default 0.2: the delay is 80–100 % of the nominal one). */
  readonly jitter?: number;
}

/**
 * The delay before retry number `failures` (1 = after the first failure). `random` is in [0, 1): the
 * delay is nominal × (1 − jitter × random), never above `maxMs`.
 */
export function backoffDelay(failures: number, policy: BackoffPolicy = {}, random: number = 0): number {
  const initial = policy.initialMs ?? 500;
  const max = Math.max(initial, policy.maxMs ?? 30_000);
  const factor = Math.max(1, policy.factor ?? 2);
  const jitter = Math.min(1, Math.max(0, policy.jitter ?? 0.2));
  const exponent = Math.max(0, Math.min(failures, 64) - 1);
  const nominal = Math.min(max, initial * factor ** exponent);
  const r = Math.min(Math.max(random, 0), 1);
  return Math.round(nominal * (1 - jitter * r));
}
