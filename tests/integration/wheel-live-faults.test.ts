// The live wheel run when TWS is slow (docs/wheel-rules.md §6.3): thetagang's T27 — an order whose
// answer does not come in time does not end the run, the next one is still sent, and orders left
// working are allowed — and T30 — account values that do not come are asked for again, and the run
// gives up (nothing sent, exit 3) when they still do not. The bridge and the simulator run in this
// process (real sockets, a real TWS connection); the wheel CLI is a child process, spawned without
// blocking so the bridge keeps serving it.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { startOrderPathHarness, type OrderPathHarness } from '../support/order-path-harness.ts';
import { ROOT } from '../support/source-rules.ts';

const dir = mkdtempSync(join(tmpdir(), 'mt-wheel-faults-'));
const CONFIG = join(dir, 'wheel.toml');
// Two symbols, one expiry of a few strikes each (a slow TWS answers every request late).
writeFileSync(
  CONFIG,
  `[account]
margin_usage = 1.0

[symbols.SPY]
weight = 0.5

[symbols.QQQ]
weight = 0.5

[strategies.wheel.target]
dte = 30
max_dte = 90
delta = 0.3

[strategies.wheel.roll_when]
dte = 7

[strategies.wheel.write_when.puts]
green = true

[option_chains]
expirations = 1
strikes = 15

[exchange_hours]
delay_after_open = 0
`,
);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

function wheel(url: string, env: Record<string, string>, ...args: string[]): Promise<{ code: number | null; out: string; err: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['node_modules/tsx/dist/cli.mjs', 'bridge/cli/wheel.ts', '--config', CONFIG, '--live', '--bridge', new URL(url).host, ...args], {
      cwd: ROOT,
      env: { ...process.env, ...env },
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err += d));
    child.on('exit', (code) => resolve({ code, out, err }));
  });
}

describe('the live wheel run with a slow TWS', () => {
  let h: OrderPathHarness;
  beforeAll(async () => {
    h = await startOrderPathHarness();
  });
  afterEach(() => h.sim.faults.setResponseDelay(0));
  afterAll(async () => {
    await h?.close();
  });

  it('T27: an order whose answer does not come in time does not end the run — the next is still sent, the late answers are awaited, both orders are placed', async () => {
    // Every TWS reply 400 ms late: an intent's ack (which waits for the option's mark from TWS) cannot come
    // within the 200 ms the run waits for it.
    h.sim.faults.setResponseDelay(400);
    const r = await wheel(h.url, { MONEYTRAILZ_ACK_WAIT_MS: '200' }, '--submit');
    expect(r.code, r.err + r.out).toBe(0);
    expect(r.out).toMatch(/Sent \(2 order\(s\), 0 not placed\)/);
    // Both answers came late and were awaited before the lease was given up: both orders are at the broker.
    const ids = [...r.out.matchAll(/(wheel\.wheel\.\d{8}\.[0-9a-f]{16})\s+answered late \(after 0\.2 s\): order \d+ /g)].map((m) => m[1]);
    expect(ids).toHaveLength(2);
    await vi.waitFor(() => expect(ids.every((id) => h.sim.broker.book.all().some((o) => o.ref === id))).toBe(true), { timeout: 10_000 });
  }, 120_000);

  it('T30: account values that come late are asked for again; when they still do not come the run gives up, nothing sent', async () => {
    // Replies 1.5 s late: the first 1 s wait for the account misses it, the second (2 s, after asking again) gets it.
    h.sim.faults.setResponseDelay(1_500);
    const late = await wheel(h.url, { MONEYTRAILZ_QUOTE_WAIT_MS: '1000' });
    expect(late.code, late.err + late.out).toBe(0);
    expect(late.err).toContain('no account values after 1 s: asking TWS again (attempt 2 of 2)');
    expect(late.out).toContain('Decisions (');

    // Replies 4 s late (TWS's clock still answers within the bridge's 5 s): neither the 0.5 s nor the 1 s wait gets them.
    const orders = h.sim.broker.book.all().length;
    h.sim.faults.setResponseDelay(4_000);
    const never = await wheel(h.url, { MONEYTRAILZ_QUOTE_WAIT_MS: '500' }, '--submit');
    expect(never.code, never.err + never.out).toBe(3);
    expect(never.out).toContain('NO_ACCOUNT_DATA');
    expect(never.out).toContain('account: required fields timed out: account values in 2 attempts (0.5 s, 1 s)');
    expect(never.err).toContain('the pass cannot run without an account; nothing was sent');
    expect(h.sim.broker.book.all()).toHaveLength(orders);
  }, 180_000);
});

describe("the live wheel run when TWS's API is read-only", () => {
  let h: OrderPathHarness;
  beforeAll(async () => {
    h = await startOrderPathHarness();
    h.sim.faults.setReadOnly(true);
  });
  afterAll(async () => {
    await h?.close();
  });

  it('the orders TWS refuses are reported as not placed, with what to check (exit 4)', async () => {
    const r = await wheel(h.url, {}, '--submit');
    expect(r.code, r.err + r.out).toBe(4);
    expect(r.out).toMatch(/Sent \(2 order\(s\), 2 not placed\)/);
    expect(r.out.match(/order \d+ Inactive: TWS refused it — if it refuses every order, check its API settings \(Read-Only API off\)/g)).toHaveLength(2);
    expect(h.sim.broker.book.all().filter((o) => o.status !== 'Inactive' && o.status !== 'Cancelled')).toHaveLength(0);
  }, 120_000);
});

