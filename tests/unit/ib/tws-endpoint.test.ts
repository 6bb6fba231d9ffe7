// The TWS connection's pure parts: `--tws host:port` parsing and validation, the default client id
// candidates after 326, and the reconnect delays (exponential, bounded, jittered downwards only).
import { describe, expect, it } from 'vitest';
import { backoffDelay } from '../../../bridge/ib/backoff.ts';
import { clientIdCandidates } from '../../../bridge/ib/tws-connection.ts';
import { parseHostPort } from '../../../bridge/ib/tws-endpoint.ts';

describe('--tws host:port', () => {
  it('reads host:port, [ipv6]:port, :port and a bare port (host 127.0.0.1)', () => {
    expect(parseHostPort('--tws', '127.0.0.1:7497')).toEqual({ host: '127.0.0.1', port: 7497 });
    expect(parseHostPort('--tws', 'gateway.lan:4002')).toEqual({ host: 'gateway.lan', port: 4002 });
    expect(parseHostPort('--tws', '[::1]:7496')).toEqual({ host: '::1', port: 7496 });
    expect(parseHostPort('--tws', ':4001')).toEqual({ host: '127.0.0.1', port: 4001 });
    expect(parseHostPort('--tws', '7497')).toEqual({ host: '127.0.0.1', port: 7497 });
  });

  it('refuses what is not host:port, naming the flag and the value', () => {
    expect(() => parseHostPort('--tws', 'localhost')).toThrow('--tws: expected host:port (e.g. 127.0.0.1:7497), got "localhost"');
    expect(() => parseHostPort('--tws', 'h:0')).toThrow('--tws: expected an integer in [1, 65535], got "0"');
    expect(() => parseHostPort('--tws', 'h:70000')).toThrow('--tws: expected an integer in [1, 65535], got "70000"');
    expect(() => parseHostPort('--tws', 'h:74x')).toThrow('--tws: expected an integer in [1, 65535], got "74x"');
    expect(() => parseHostPort('--tws', 'a b:7497')).toThrow('--tws: expected a host name or IP address, got "a b"');
  });
});

describe('client id candidates after 326', () => {
  it('the configured id and the next four, never above 2^31 − 1', () => {
    expect(clientIdCandidates(17)).toEqual([17, 18, 19, 20, 21]);
    expect(clientIdCandidates(2 ** 31 - 2)).toEqual([2 ** 31 - 2, 2 ** 31 - 1]);
  });
});

describe('reconnect backoff', () => {
  it('doubles from the first delay up to the bound', () => {
    expect([1, 2, 3, 4, 5, 6, 7, 8, 9].map((n) => backoffDelay(n))).toEqual([500, 1000, 2000, 4000, 8000, 16000, 30000, 30000, 30000]);
    expect(backoffDelay(10_000, { initialMs: 100, maxMs: 1000 })).toBe(1000);
  });

  it('jitter only shortens, by at most its share', () => {
    expect(backoffDelay(1, { initialMs: 1000, jitter: 0.2 }, 0)).toBe(1000);
    expect(backoffDelay(1, { initialMs: 1000, jitter: 0.2 }, 0.999)).toBe(800);
    expect(backoffDelay(3, { initialMs: 1000, maxMs: 3000, jitter: 0.5 }, 0.5)).toBe(2250);
  });
});
