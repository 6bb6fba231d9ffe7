// The bridge reads [guard] (docs/trading-model.md §11.5): a bad value stops start-up with
// file:line: key: problem; good values (and the defaults for the rest) show in the banner.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT } from '../support/source-rules.ts';
import { startAndWaitForUrl } from '../support/start-process.ts';
import { closedPort } from '../support/tws-connection.ts';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'guard-config-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('[guard] at bridge start-up', () => {
  it('a bad value is refused with the file, line and key; nothing starts', async () => {
    const file = join(dir, 'bad.toml');
    await writeFile(file, '[guard]\nmax_order_value = 25000\nmax_open_orders = 0\n');
    const r = spawnSync(process.execPath, ['--import', 'tsx', 'bridge/main.ts', '--config', file, '--port', '0'], { cwd: ROOT, encoding: 'utf8', timeout: 60_000 });
    expect(r.status).toBe(1);
    expect(r.stderr.trim()).toMatch(new RegExp(`^error: ${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:3: guard\\.max_open_orders: must be`));
    expect(r.stdout).not.toMatch(/running/);
  });

  it('the limits read from the file, with the defaults for the rest, show in the banner', async () => {
    const port = await closedPort();
    const file = join(dir, 'good.toml');
    await writeFile(
      file,
      `[tws]\nsimulator = false\nhost = "127.0.0.1"\nport = ${port}\n\n[guard]\nmax_order_value = 25000\nmax_orders_per_minute = 12\nallowed_symbols = ["SPY"]\nintent_max_age_seconds = 3\n`,
    );
    const p = await startAndWaitForUrl(process.execPath, ['--import', 'tsx', 'bridge/main.ts', '--config', file, '--port', '0'], { MONEYTRAILZ_STATE_DIR: join(dir, 'state') }, /MoneyTrailz is running: (\S+)/, 60_000);
    expect(p.output()).toContain('  order guard: max order value 25000, max 100 % of net liquidation per position, 100 open orders, 12 orders/min, symbols SPY, intents at most 3 s old\n');
    expect((await p.interrupt()).code).toBe(0);
  });
});
