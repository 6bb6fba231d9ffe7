// `npm run wheel -- --live [--submit]` (docs/wheel-rules.md §6.3) end to end, as a user runs it: the
// bridge as `npm start` starts it (its own process, the embedded TWS simulator replaying the sample
// data, real @stoqey/ib over TCP), and the wheel CLI as another process talking to it over a real
// WebSocket. A live pass reads the paper account, passes the onboarding check and decides exactly what
// a dry run of the snapshot it saved decides; --submit places those orders through the order guard,
// and a second --submit the same day sends nothing again.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SnapshotMessage } from '../../shared/protocol/index.ts';
import { welcomedClient } from '../support/app-protocol-harness.ts';
import { ROOT } from '../support/source-rules.ts';
import { WHEEL_SPY_TABLES } from '../support/wheel-config.ts';
import { startAndWaitForUrl, type StartedProcess } from '../support/start-process.ts';

/** A row of the orders topic (bridge/app-protocol/order-feed.ts). */
interface OrderRow {
  readonly orderRef?: string;
  readonly secType?: string;
  readonly action?: string;
}

const dir = mkdtempSync(join(tmpdir(), 'mt-wheel-live-'));
const CONFIG = join(dir, 'wheel.toml');
// wheel-spy.toml's wheel, writing puts on green days too (the replay starts on one, at the open: the
// exchange-hours gate waits no time after it here; CLOSED_CONFIG keeps thetagang's 30 minutes).
const WHEEL = `${WHEEL_SPY_TABLES}\n[strategies.wheel.write_when.puts]\ngreen = true\n`;
writeFileSync(CONFIG, `${WHEEL}\n[exchange_hours]\ndelay_after_open = 0\n`);
const CLOSED_CONFIG = join(dir, 'closed.toml');
writeFileSync(CLOSED_CONFIG, WHEEL);

let bridge: StartedProcess;
let address: string;

function wheel(...args: string[]) {
  return wheelWith(CONFIG, ...args);
}

function wheelWith(config: string, ...args: string[]) {
  const r = spawnSync(process.execPath, ['node_modules/tsx/dist/cli.mjs', 'bridge/cli/wheel.ts', '--config', config, ...args], { cwd: ROOT, encoding: 'utf8', timeout: 120_000 });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

beforeAll(async () => {
  const staticDir = join(dir, 'static');
  spawnSync('mkdir', ['-p', staticDir]);
  writeFileSync(join(staticDir, 'index.html'), '<!doctype html><title>t</title>');
  bridge = await startAndWaitForUrl(process.execPath, ['--import', 'tsx', 'bridge/main.ts', '--port', '0', '--static', staticDir], { MONEYTRAILZ_STATE_DIR: join(dir, 'state') }, /MoneyTrailz is running: (http:\/\/\S+)/, 90_000);
  address = new URL(bridge.url).host;
}, 100_000);

afterAll(async () => {
  if (bridge) await bridge.interrupt();
  rmSync(dir, { recursive: true, force: true });
});

describe('npm run wheel -- --live', () => {
  it('reads the paper account through the bridge, passes the onboarding check, and decides what a dry run of the saved snapshot decides', () => {
    const snapshot = join(dir, 'snapshot.json');
    const json = join(dir, 'live.json');
    const r = wheel('--live', '--bridge', address, '--save-snapshot', snapshot, '--json', json);
    expect(r.code, r.err + r.out).toBe(0);
    expect(r.out).toContain('(simulator)');
    expect(r.out).toContain('nothing is sent; add --submit to send');
    expect(r.out).toContain('Onboarding check: ok');
    const doc = JSON.parse(readFileSync(snapshot, 'utf8')) as { account: { netLiquidation: number }; quotes: Record<string, { last?: number }>; chains: { expiry: string; openInterest: number; delta: number }[]; history: Record<string, { close: number[] }> };
    expect(doc.account.netLiquidation).toBeGreaterThan(0);
    expect(doc.quotes.SPY.last).toBeGreaterThan(100);
    expect(doc.chains.length).toBeGreaterThan(20);
    expect(doc.chains.every((c) => c.openInterest >= 0 && Math.abs(c.delta) <= 1)).toBe(true);
    expect(doc.history.SPY.close.length).toBeGreaterThanOrEqual(31);
    const live = JSON.parse(readFileSync(json, 'utf8')) as { orders: { stage: string; contract: { secType: string; right?: string } }[] };
    expect(live.orders.some((o) => o.stage === 'write_puts' && o.contract.secType === 'OPT' && o.contract.right === 'P')).toBe(true);

    // The same snapshot as a dry run: the same orders and decisions.
    const dryJson = join(dir, 'dry.json');
    const dry = wheel('--scenario', snapshot, '--json', dryJson);
    expect(dry.code, dry.err).toBe(0);
    expect(JSON.parse(readFileSync(dryJson, 'utf8'))).toEqual(live);
  }, 150_000);

  it('--submit places the orders through the order guard under the runner lease; a second run the same day places nothing new', async () => {
    const first = wheel('--live', '--submit', '--bridge', address);
    expect(first.code, first.err + first.out).toBe(0);
    expect(first.out).toContain('orders go through the bridge');
    expect(first.out).toMatch(/Sent \(\d+ order\(s\), 0 not placed\)/);
    const sent = [...first.out.matchAll(/(wheel\.wheel\.\d{8}\.[0-9a-f]{16})\s+order (\d+) /g)].map((m) => ({ intent: m[1], orderId: Number(m[2]) }));
    expect(sent.length).toBeGreaterThan(0);

    const ours = async () => {
      const client = await welcomedClient(`ws://${address}/ws`, 'wheel-live-test');
      try {
        client.send({ type: 'subscribe', id: 's', subscriptions: [{ topic: 'orders' }] });
        const snap = await client.wait<SnapshotMessage>((m) => m.type === 'snapshot' && m.topic === 'orders');
        return (Object.values(snap.data) as OrderRow[]).filter((o) => o.orderRef?.startsWith('wheel.wheel.'));
      } finally {
        client.close();
      }
    };
    const rows = await ours();
    expect(rows).toHaveLength(sent.length);
    for (const s of sent) {
      const row = rows.find((o) => o.orderRef === s.intent);
      expect(row, `order of intent ${s.intent}`).toBeDefined();
      expect(row!.secType).toBe('OPT');
      expect(row!.action).toBe('SELL');
    }

    // Again the same day: the order still working on SPY holds back a new one (a pass does not see working
    // orders), or — once filled — the same decision is the same intent id: either way nothing new is placed.
    const again = wheel('--live', '--submit', '--bridge', address);
    expect([0, 4], again.err + again.out).toContain(again.code);
    for (const s of sent) expect(again.out).toMatch(new RegExp(`order ${s.orderId} on SPY is still working|intent ${s.intent} already has order ${s.orderId}; nothing was sent again`));
    expect(await ours()).toHaveLength(sent.length);
  }, 200_000);

  it('T33: before open + delay_after_open, --submit stops at the exchange-hours gate and sends nothing; a preview still runs and says so', () => {
    const submit = wheelWith(CLOSED_CONFIG, '--live', '--submit', '--bridge', address);
    expect(submit.code, submit.err + submit.out).toBe(0);
    expect(submit.out).toMatch(/^Exchange hours: .*: not run \(\[exchange_hours\] action_when_closed = exit\); nothing was sent\n$/);
    const preview = wheelWith(CLOSED_CONFIG, '--live', '--bridge', address);
    expect(preview.code, preview.err + preview.out).toBe(0);
    expect(preview.out).toContain('a run with --submit would stop here ([exchange_hours] action_when_closed = exit)');
    expect(preview.out).toContain('Decisions (');
  }, 120_000);

  it('without a bridge: exit 3, nothing sent, and how to start one', () => {
    const r = wheel('--live', '--bridge', '127.0.0.1:1');
    expect(r.code).toBe(3);
    expect(r.err).toContain('cannot reach the bridge at ws://127.0.0.1:1/ws');
    expect(r.err).toContain('npm start');
  });
});

describe('npm run wheel -- --live --submit with an execution policy (§2.5.1)', () => {
  let loopBridge: StartedProcess;
  const LOOP_CONFIG = join(dir, 'loop.toml');
  // A SELL first placed at the ask, one repricing step half-way to the midpoint after a second, the rest
  // cancelled after four.
  writeFileSync(LOOP_CONFIG, `${WHEEL}\n[exchange_hours]\ndelay_after_open = 0\n\n[orders]\nsell_price = "ask"\nreprice_steps = 1\nprice_update_delay = [1, 1]\nfill_timeout = 4\n`);

  beforeAll(async () => {
    const staticDir = join(dir, 'static');
    loopBridge = await startAndWaitForUrl(process.execPath, ['--import', 'tsx', 'bridge/main.ts', '--port', '0', '--static', staticDir], { MONEYTRAILZ_STATE_DIR: join(dir, 'loop-state') }, /MoneyTrailz is running: (http:\/\/\S+)/, 90_000);
  }, 100_000);
  afterAll(async () => {
    if (loopBridge) await loopBridge.interrupt();
  });

  it('works the placed order: a repricing step toward the midpoint through modify, then the rest cancelled at fill_timeout unless filled', () => {
    const r = wheelWith(LOOP_CONFIG, '--live', '--submit', '--bridge', new URL(loopBridge.url).host);
    expect(r.code, r.err + r.out).toBe(0);
    expect(r.out).toMatch(/Sent \(1 order\(s\), 0 not placed\)/);
    expect(r.out).toContain('Working 1 order(s) by the execution policy');
    const steps = r.out.slice(r.out.indexOf('Working 1 order(s)'));
    // The first limit is the ask; the step moves half-way to the midpoint (or says why it did not), then the
    // loop ends: filled, or cancelled at the time-out.
    expect(steps).toMatch(/step 1 of 1: (repriced SELL limit [\d.]+ → [\d.]+: half-way to midpoint [\d.]+|not repriced: .+)/);
    expect(steps).toMatch(/not filled within fill_timeout 4 s: the unfilled rest is cancelled|Filled \(\d+ filled\)/);
  }, 150_000);
});

