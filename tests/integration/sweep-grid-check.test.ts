// `npm run sweep`: the grid is checked by the strategy's parameter schema (the config's) before any worker
// starts — a bad value or an unknown parameter is one line naming --grid and the value, exit 2, nothing run
// and nothing written; a grid with no valid combination is refused the same way instead of an empty table.
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gridAxes, gridPlan } from '../../bridge/cli/sweep-grid.ts';
import { parseGridAxis } from '../../shared/engine/sweep.ts';
import { ROOT } from '../support/source-rules.ts';

const CONFIG = 'tests/fixtures/backtest/goog-sma-cross.toml';
const dir = mkdtempSync(join(tmpdir(), 'mt-sweep-grid-'));

function sweep(...args: string[]) {
  const r = spawnSync(process.execPath, ['node_modules/tsx/dist/cli.mjs', 'bridge/cli/sweep.ts', CONFIG, ...args, '--csv', join(dir, 'r.csv'), '--html', join(dir, 'm.html')], {
    cwd: ROOT,
    encoding: 'utf8',
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

/** One `error: …` line, exit 2, no run (nothing on stdout, no "sweep: …" line) and no file. */
function refused(r: ReturnType<typeof sweep>, line: string): void {
  expect(r.err).toBe(`error: ${line}\n`);
  expect(r.code).toBe(2);
  expect(r.out).toBe('');
  expect(readdirSync(dir)).toEqual([]);
}

describe('sweep grid checks', () => {
  it('a non-integer period, a text value, an unknown parameter, an out-of-range value', () => {
    refused(sweep('--grid', 'fast=10.5'), '--grid fast=10.5: fast must be an integer in [1, 100000], got 10.5');
    refused(sweep('--grid', 'fast=5:6:0.5'), '--grid fast=5:6:0.5: fast must be an integer in [1, 100000], got 5.5');
    refused(sweep('--grid', 'fast=abc'), "--grid fast=abc: 'abc' is not a number (fast takes an integer in [1, 100000])");
    refused(sweep('--grid', 'n1=10:20'), "--grid n1=10:20: sma_cross has no parameter 'n1' (valid: fast, slow, direction)");
    refused(sweep('--grid', 'fast=0,5'), '--grid fast=0,5: fast must be an integer in [1, 100000], got 0');
    refused(sweep('--grid', 'direction=1'), '--grid direction=1: direction must be one of "long_short", "long_only", got 1');
  });

  it('no valid combination (every fast >= slow): refused with a sentence, not an empty table with exit 0', () => {
    refused(
      sweep('--grid', 'fast=50:60:10', '--grid', 'slow=10:20:10'),
      'no combination of the grid is valid for sma_cross: all 4 break its parameter rule (e.g. fast=50, slow=10: fast (50) must be less than slow (10)); nothing was run — change the --grid ranges',
    );
    // Against the instance's own slow = 30 from the config.
    expect(() => gridPlan('sma_cross', { fast: 10, slow: 30 }, gridAxes('sma_cross', ['fast=30:40:10']))).toThrow('all 2 break its parameter rule (e.g. fast=30: fast (30) must be less than slow (30))');
    expect(gridPlan('sma_cross', { fast: 10, slow: 30 }, gridAxes('sma_cross', ['fast=20:40:10']))).toEqual({ total: 3, items: [[0, { fast: 20 }]], skipped: 2 });
  });

  it('a:b without a step steps by 1, as the usage text says', () => {
    expect(parseGridAxis('fast=3:6').values).toEqual([3, 4, 5, 6]);
    expect(parseGridAxis('k=1.5:3').values).toEqual([1.5, 2.5]);
    const help = spawnSync(process.execPath, ['node_modules/tsx/dist/cli.mjs', 'bridge/cli/sweep.ts', '--help'], { cwd: ROOT, encoding: 'utf8' });
    expect(help.stdout).toContain('P=a:b steps by 1');
  });
});
