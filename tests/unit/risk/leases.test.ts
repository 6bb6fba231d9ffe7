// Runner leases (docs/trading-model.md §11.6): one holder per strategy, fencing tokens that only
// increase, expiry on the bridge clock, takeover, release, and a persisted state that keeps tokens
// increasing across a restart.
import { describe, expect, it } from 'vitest';
import { RunnerLeases } from '../../../shared/risk/leases.ts';

const T0 = 1_800_000_000_000;

describe('RunnerLeases', () => {
  it('grants one device at a time; the holder checks out until the expiry', () => {
    const l = new RunnerLeases(30_000);
    const a = l.acquire('s1', 'desk', T0);
    expect(a).toEqual({ ok: true, lease: { strategy: 's1', device: 'desk', token: 1, expiresAt: T0 + 30_000 } });
    expect(l.acquire('s1', 'phone', T0 + 1000)).toMatchObject({ ok: false, reason: 'LEASE_HELD', holder: { device: 'desk', token: 1 } });
    expect(l.check('s1', 'desk', 1, T0 + 29_999)).toBeUndefined();
    expect(l.check('s1', 'desk', 1, T0 + 30_000)).toBe('LEASE_EXPIRED');
    expect(l.check('s2', 'desk', 1, T0)).toBe('NO_LEASE');
    expect(l.check('s1', 'phone', 1, T0)).toBe('NO_LEASE'); // right token, wrong device
    expect(l.check('s1', 'desk', 7, T0)).toBe('NO_LEASE'); // a token never granted
  });

  it('renewing extends the same token; an expired lease cannot be renewed', () => {
    const l = new RunnerLeases(10_000);
    l.acquire('s1', 'desk', T0);
    expect(l.renew('s1', 'desk', 1, T0 + 9000)).toEqual({ ok: true, lease: { strategy: 's1', device: 'desk', token: 1, expiresAt: T0 + 19_000 } });
    expect(l.check('s1', 'desk', 1, T0 + 18_000)).toBeUndefined();
    expect(l.renew('s1', 'desk', 1, T0 + 19_000)).toEqual({ ok: false, reason: 'LEASE_EXPIRED' });
  });

  it('after expiry another device takes the lease with a larger token: the old token is stale', () => {
    const l = new RunnerLeases(10_000);
    l.acquire('s1', 'desk', T0);
    expect(l.expire(T0 + 10_000).map((x) => x.device)).toEqual(['desk']);
    expect(l.expire(T0 + 10_001)).toEqual([]); // reported once
    expect(l.acquire('s1', 'phone', T0 + 10_000)).toMatchObject({ ok: true, lease: { device: 'phone', token: 2 } });
    expect(l.check('s1', 'desk', 1, T0 + 10_001)).toBe('STALE_FENCING_TOKEN');
    expect(l.check('s1', 'phone', 2, T0 + 10_001)).toBeUndefined();
  });

  it('an explicit takeover ends a live lease; the same device re-acquiring fences its own old token', () => {
    const l = new RunnerLeases(60_000);
    l.acquire('s1', 'desk', T0);
    expect(l.acquire('s1', 'phone', T0 + 1, true)).toMatchObject({ ok: true, lease: { device: 'phone', token: 2 } });
    expect(l.check('s1', 'desk', 1, T0 + 2)).toBe('STALE_FENCING_TOKEN');
    expect(l.acquire('s1', 'phone', T0 + 3)).toMatchObject({ ok: true, lease: { token: 3 } });
    expect(l.check('s1', 'phone', 2, T0 + 4)).toBe('STALE_FENCING_TOKEN');
  });

  it('tokens increase across strategies; release gives the lease up; the state persists the last token', () => {
    const l = new RunnerLeases(60_000);
    l.acquire('s1', 'desk', T0);
    l.acquire('s2', 'desk', T0);
    expect(l.release('s2', 'desk', 1)).toBe(false); // not s2's token
    expect(l.release('s2', 'desk', 2)).toBe(true);
    expect(l.check('s2', 'desk', 2, T0)).toBe('NO_LEASE');
    expect(l.holder('s2', T0)).toBeUndefined();
    expect(l.acquire('s2', 'phone', T0)).toMatchObject({ ok: true, lease: { token: 3 } });
    const restored = new RunnerLeases(60_000, JSON.parse(JSON.stringify(l.toJSON())));
    expect(restored.check('s1', 'desk', 1, T0 + 1)).toBeUndefined();
    expect(restored.acquire('s3', 'desk', T0)).toMatchObject({ ok: true, lease: { token: 4 } });
    expect(() => new RunnerLeases(0)).toThrow(RangeError);
  });
});
