// The wheel's dry runs on the hand-made accounts of tests/fixtures/wheel (scenarios.md says what each
// one is): the pass over each snapshot with tests/fixtures/wheel/moneytrailz.toml gives exactly the
// pinned order list (tests/fixtures/wheel/expected/<name>.json, reviewed by hand when written), and a
// decision for every configured symbol in every stage that ran. The orders also hold what the rules
// promise whatever the numbers: limits on the tick, puts SELL, closes BUY, rolls as two-leg combos.
// A scenario with its own <name>.toml beside it (written by make-snapshots.ts) runs with that file.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../../../bridge/config-file.ts';
import type { WheelConfig } from '../../../../shared/strategies/wheel/config.ts';
import { wheelConfigOf } from '../../../../shared/strategies/wheel/from-config.ts';
import { wheelPass } from '../../../../shared/strategies/wheel/pass.ts';
import { wheelOptionTick } from '../../../../shared/strategies/wheel/pricing.ts';
import { readSnapshot } from '../../../../shared/strategies/wheel/snapshot.ts';
import { ROOT } from '../../../support/source-rules.ts';

const DIR = join(ROOT, 'tests/fixtures/wheel');
const SCENARIOS = readdirSync(join(DIR, 'expected'))
  .filter((f) => f.endsWith('.json'))
  .map((f) => f.slice(0, -5));

let config: WheelConfig;
/** The scenarios with their own configuration (<name>.toml). */
const own = new Map<string, WheelConfig>();
beforeAll(async () => {
  config = wheelConfigOf((await loadConfig(join(DIR, 'moneytrailz.toml'))).config);
  for (const name of SCENARIOS) if (existsSync(join(DIR, `${name}.toml`))) own.set(name, wheelConfigOf((await loadConfig(join(DIR, `${name}.toml`))).config));
});
const configOf = (name: string) => own.get(name) ?? config;

const run = (name: string) => wheelPass(configOf(name), readSnapshot(JSON.parse(readFileSync(join(DIR, `${name}.json`), 'utf8'))));

describe('wheel dry runs on realistic accounts', () => {
  it('has at least 15 scenarios, each with its expected orders', () => {
    expect(SCENARIOS.length).toBeGreaterThanOrEqual(15);
  });

  for (const name of SCENARIOS) {
    it(`${name}: the pinned orders`, () => {
      const expected = JSON.parse(readFileSync(join(DIR, 'expected', `${name}.json`), 'utf8')) as { orders: unknown[] };
      const r = run(name);
      expect(r.orders).toEqual(expected.orders);
      for (const symbol of configOf(name).symbols.keys()) {
        for (const stage of ['write_puts', 'write_calls']) expect(r.decisions.some((d) => d.stage === stage && d.symbol === symbol), `${stage} ${symbol}`).toBe(true);
      }
      for (const o of r.orders) {
        if (o.contract.secType === 'OPT') {
          const tick = wheelOptionTick(o.symbol, o.limit);
          expect(Math.abs(o.limit / tick - Math.round(o.limit / tick))).toBeLessThan(1e-6);
        }
        if (o.stage === 'write_puts' || o.stage === 'write_calls') expect(o.action).toBe('SELL');
        if (o.stage === 'close') expect(o.action).toBe('BUY');
        if (o.stage === 'roll' && o.contract.secType === 'BAG') expect(o.legs).toHaveLength(2);
        expect(o.quantity).toBeGreaterThan(0);
      }
    });
  }
});
