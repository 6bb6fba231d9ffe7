// `npm run -s wheel` (docs/wheel-rules.md §6.2) as a child process: a dry run prints the order table
// and the decision trace and exits 0; --json writes exactly the pass's result; a malformed snapshot or
// configuration exits 2 with `file: path: problem` / `file:line: key: problem` and writes no file.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ROOT } from '../support/source-rules.ts';

const CONFIG = 'tests/fixtures/wheel/moneytrailz.toml';
const SCENARIO = 'tests/fixtures/wheel/profitable-put-roll.json';
const dir = mkdtempSync(join(tmpdir(), 'mt-wheel-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function wheel(...args: string[]) {
  const r = spawnSync(process.execPath, ['node_modules/tsx/dist/cli.mjs', 'bridge/cli/wheel.ts', ...args], { cwd: ROOT, encoding: 'utf8' });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

describe('npm run wheel (dry run)', () => {
  it('prints the orders and the decisions, sends nothing, and --json writes the result', () => {
    const json = join(dir, 'out.json');
    const r = wheel('--config', CONFIG, '--scenario', SCENARIO, '--json', json);
    expect(r.code, r.err).toBe(0);
    expect(r.out).toContain('(nothing is sent)');
    expect(r.out).toMatch(/roll\s+QQQ\s+BUY\s+2\s+BUY 20250131 480P \/ SELL 20250417 480P\s+LMT\s+-5\.51\s+DAY/);
    expect(r.out).toContain('roll            QQQ    roll   DTE_AND_PNL: QQQ 20250131 480P: rolled: DTE 10 ≤ roll_when.dte 15 and P&L 98.3% ≥ min_pnl 0.0%');
    const result = JSON.parse(readFileSync(json, 'utf8')) as { orders: unknown[]; decisions: { stage: string; symbol: string; code: string }[] };
    const expected = JSON.parse(readFileSync(join(ROOT, 'tests/fixtures/wheel/expected/profitable-put-roll.json'), 'utf8')) as { orders: unknown[] };
    expect(result.orders).toEqual(expected.orders);
    expect(result.decisions.length).toBeGreaterThan(8);
  });

  it('exits 0 with "Orders: none" when the pass queues nothing', () => {
    const doc = JSON.parse(readFileSync(join(ROOT, 'tests/fixtures/wheel/fresh-cash-green-day.json'), 'utf8'));
    doc.quotes = { SPY: doc.quotes.SPY }; // no VIX, VIXMO or SGOV quote: no hedge, no sweep
    const file = join(dir, 'quiet.json');
    writeFileSync(file, JSON.stringify(doc));
    const r = wheel('--config', CONFIG, '--scenario', file);
    expect(r.code, r.err).toBe(0);
    expect(r.out).toContain('Orders: none');
    expect(r.out).toContain('NO_QUOTE: skipped: QQQ has no usable market price');
  });

  it('a snapshot with a missing field exits 2 naming its JSON path, and writes no output file', () => {
    const doc = JSON.parse(readFileSync(join(ROOT, SCENARIO), 'utf8'));
    delete doc.positions[0].marketPrice;
    const file = join(dir, 'missing.json');
    writeFileSync(file, JSON.stringify(doc));
    const json = join(dir, 'never.json');
    const r = wheel('--config', CONFIG, '--scenario', file, '--json', json);
    expect(r.code).toBe(2);
    expect(r.err).toBe(`error: ${file}: positions[0].marketPrice: expected a number, got nothing\n`);
    expect(r.out).toBe('');
    expect(existsSync(json)).toBe(false);
  });

  it('an unknown secType and invalid JSON exit 2 with the path', () => {
    const doc = JSON.parse(readFileSync(join(ROOT, SCENARIO), 'utf8'));
    doc.positions[0].secType = 'FUT';
    const file = join(dir, 'fut.json');
    writeFileSync(file, JSON.stringify(doc));
    expect(wheel('--config', CONFIG, '--scenario', file).err).toBe(`error: ${file}: positions[0].secType: expected one of "STK", "OPT", got "FUT"\n`);
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, '{"time": ');
    const r = wheel('--config', CONFIG, '--scenario', bad);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(new RegExp(`^error: ${bad.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: \\$: not valid JSON`));
  });

  it('a configuration error exits 2 with file:line: key: problem', () => {
    const text = readFileSync(join(ROOT, CONFIG), 'utf8').replace('weight = 0.4', 'weight = 0.3');
    const file = join(dir, 'weights.toml');
    writeFileSync(file, text);
    const r = wheel('--config', file, '--scenario', SCENARIO);
    expect(r.code).toBe(2);
    expect(r.err).toBe(`error: ${file}:33: symbols: symbol weights must sum to 1 for the wheel (strategies.wheel), got 0.9 (SPY 0.3 + QQQ 0.3 + TLT 0.2 + ABNB 0.1)\n`);
    expect(r.out).toBe('');
  });

  it('usage: --submit needs --live, --live excludes --scenario, --bridge needs --live (exit 2, nothing sent)', () => {
    const submit = wheel('--config', CONFIG, '--scenario', SCENARIO, '--submit');
    expect(submit.code).toBe(2);
    expect(submit.err).toContain('--submit needs --live');
    const both = wheel('--config', CONFIG, '--scenario', SCENARIO, '--live');
    expect(both.code).toBe(2);
    expect(both.err).toContain('--live and --scenario exclude each other');
    const bridge = wheel('--config', CONFIG, '--scenario', SCENARIO, '--bridge', '127.0.0.1:4180');
    expect(bridge.code).toBe(2);
    expect(bridge.err).toContain('--bridge needs --live');
  });
});
