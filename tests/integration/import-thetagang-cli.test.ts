// `npm run import-thetagang` (docs/wheel-rules.md §6.1) as a child process on thetagang's sample: the converted file
// written with --out loads with our own loader, the keys left behind are listed on stderr with their lines, secrets
// never leave the thetagang file, and bad input exits 2 with one error line and no file written.
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../bridge/config-file.ts';
import { ROOT } from '../support/source-rules.ts';

const SAMPLE = 'tests/fixtures/wheel/thetagang-sample.toml';
const dir = mkdtempSync(join(tmpdir(), 'mt-import-thetagang-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function importThetagang(...args: string[]) {
  const r = spawnSync(process.execPath, ['node_modules/tsx/dist/cli.mjs', 'bridge/cli/import-thetagang.ts', ...args], { cwd: ROOT, encoding: 'utf8' });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

/** `text` as a literal inside a RegExp. */
const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The 1-based line of `key = …` in `text` (the first one). */
const lineOf = (text: string, key: string) => text.split('\n').findIndex((l) => new RegExp(`^\\s*${key}\\s*=`).test(l)) + 1;

describe('npm run import-thetagang', () => {
  it('--out: writes the converted sample, which loads with loadConfig; stderr lists the keys not carried over', async () => {
    const out = join(dir, 'moneytrailz.toml');
    const r = importThetagang(SAMPLE, '--out', out);
    expect(r.code, r.err).toBe(0);
    expect(r.out).toBe('');
    const lines = r.err.trimEnd().split('\n');
    const sample = readFileSync(join(ROOT, SAMPLE), 'utf8');
    expect(lines).toContain(`${SAMPLE}:${lineOf(sample, 'password')}: runtime.ibc.password: not carried over: a login secret: never copied ` +
      '(MoneyTrailz does not log in to IB Gateway: TWS / IB Gateway keeps your login)');
    expect(lines.filter((l) => / not carried over: /.test(l))).toHaveLength(23);
    expect(lines.filter((l) => !/^tests\/fixtures\/wheel\/thetagang-sample\.toml:\d+: [\w.]+: not carried over: /.test(l))).toEqual([
      `import-thetagang: wrote ${out} from ${SAMPLE}; 23 key(s) not carried over`,
    ]);

    const loaded = await loadConfig(out);
    const { config } = loaded;
    expect(config.account).toEqual({ number: 'DU1234567', margin_usage: 0.5, cancel_orders: true, market_data_type: 1 });
    expect(config.tws).toMatchObject({ host: '127.0.0.1', port: 7497, client_id: 1, max_startup_retries: 0, simulator: true });
    expect(Object.keys(config.symbols)).toEqual(['SPY', 'QQQ', 'TLT', 'ABNB', 'BRK.B']);
    expect(config.symbols['BRK.B']).toMatchObject({ weight: 0.05, primary_exchange: 'NYSE' });
    expect(config.strategies.wheel).toMatchObject({ enabled: true, target: { dte: 45, max_dte: 180, delta: 0.3, minimum_open_interest: 10 } });
    expect(config.strategies.vix_call_hedge).toMatchObject({ enabled: false, close_hedges_when_vix_exceeds: 50 });
    expect(config.strategies.cash_management).toMatchObject({ enabled: false, cash_fund: 'SGOV' });
  });

  it('refuses to overwrite --out without --force; stdout mode prints the same file', () => {
    const out = join(dir, 'existing.toml');
    writeFileSync(out, '# mine\n');
    const refused = importThetagang(SAMPLE, '--out', out);
    expect(refused.code).toBe(2);
    expect(refused.err).toMatch(new RegExp(`^error: ${escape(out)}: already exists, nothing was written; `));
    expect(readFileSync(out, 'utf8')).toBe('# mine\n');
    expect(importThetagang(SAMPLE, '--out', out, '--force').code).toBe(0);
    const stdout = importThetagang(SAMPLE);
    expect(stdout.code, stdout.err).toBe(0);
    expect(stdout.out).toBe(readFileSync(out, 'utf8'));
  });

  it('secrets appear nowhere: not on stdout, not on stderr, not in the written file', () => {
    const secrets = ['Us3r-Zq9-secret', 'Pa55-Xk7-secret', 'F1xUs3r-Wv2-secret', 'F1xPa55-Jh4-secret'];
    const text = readFileSync(join(ROOT, SAMPLE), 'utf8')
      .replace("userid             = 'demo'", `userid             = '${secrets[0]}'`)
      .replace("password           = 'demo'", `password           = '${secrets[1]}'`)
      .replace("javaPath = '/opt/java/openjdk/bin'", `javaPath = '/opt/java/openjdk/bin'\nfixuserid = '${secrets[2]}'\nfixpassword = '${secrets[3]}'`);
    const input = join(dir, 'with-secrets.toml');
    writeFileSync(input, text);
    const out = join(dir, 'from-secrets.toml');
    const r = importThetagang(input, '--out', out);
    expect(r.code, r.err).toBe(0);
    for (const key of ['userid', 'password', 'fixuserid', 'fixpassword']) {
      expect(r.err).toContain(`${input}:${lineOf(text, key)}: runtime.ibc.${key}: not carried over: a login secret`);
    }
    const everything = r.out + r.err + readFileSync(out, 'utf8');
    for (const secret of secrets) expect(everything).not.toContain(secret);
  });

  it.each([
    [
      'a thetagang v1 file',
      'v1',
      '[account]\nnumber = "DU1"\n[symbols.SPY]\nweight = 1\n[target]\ndte = 45\n[roll_when]\ndte = 15\n',
      /^error: .*v1\.toml:1: a thetagang v1 config .*--migrate-config/,
    ],
    ['malformed TOML', 'malformed', '[meta]\nschema_version = 2\n[run\n', /^error: .*malformed\.toml:3: TOML syntax error: /],
  ])('%s: exit 2, one error line, no file written', (_, stem, text, message) => {
    const input = join(dir, `${stem}.toml`);
    writeFileSync(input, text);
    const out = join(dir, `${stem}-converted.toml`);
    const r = importThetagang(input, '--out', out);
    expect(r.code).toBe(2);
    expect(r.out).toBe('');
    expect(r.err.trimEnd().split('\n')).toHaveLength(1);
    expect(r.err).toMatch(message);
    expect(existsSync(out)).toBe(false);
  });

  it('a missing file and a bad option exit 2', () => {
    const missing = importThetagang(join(dir, 'nope.toml'));
    expect(missing.code).toBe(2);
    expect(missing.err).toBe(`error: ${join(dir, 'nope.toml')}: file not found\n`);
    const bad = importThetagang(SAMPLE, '--ouput', 'x.toml');
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/^error: unknown option --ouput \(valid: --out, --force, --help\)/);
  });
});

describe('T36: replacing a file needs explicit approval, keeps a backup, and the preview shows no secret', () => {
  const spaced = join(dir, 'path with spaces');
  mkdirSync(spaced, { recursive: true });
  const input = join(spaced, 'thetagang.toml');
  const out = join(spaced, 'moneytrailz.toml');
  writeFileSync(input, readFileSync(join(ROOT, SAMPLE), 'utf8'));

  it('T36: without --force an existing --out is refused with the exact command to run, paths with spaces quoted', () => {
    writeFileSync(out, '# mine\n');
    const r = importThetagang(input, '--out', out);
    expect(r.code).toBe(2);
    expect(r.out).toBe('');
    expect(r.err).toBe(
      `error: ${out}: already exists, nothing was written; to replace it (keeping it as a .bak backup) run: ` +
        `npm run -s import-thetagang -- '${input}' --out '${out}' --force\n`,
    );
  });

  it('T36: declining (no --force) changes nothing: the file is as it was and no backup is made', () => {
    const kept = join(spaced, 'declined.toml');
    writeFileSync(kept, '# mine\n');
    expect(importThetagang(input, '--out', kept).code).toBe(2);
    expect(readFileSync(kept, 'utf8')).toBe('# mine\n');
    expect(readdirSync(spaced).filter((f) => f.startsWith('declined'))).toEqual(['declined.toml']);
  });

  it('T36: --force keeps the old file as .bak (then .bak.1), writes the new one with the old permissions and says so', () => {
    writeFileSync(out, '# mine\n');
    chmodSync(out, 0o600);
    const first = importThetagang(input, '--out', out, '--force');
    expect(first.code, first.err).toBe(0);
    expect(readFileSync(`${out}.bak`, 'utf8')).toBe('# mine\n');
    const converted = readFileSync(out, 'utf8');
    expect(converted).toMatch(/^# Converted from .*thetagang\.toml by npm run import-thetagang/);
    expect(statSync(out).mode & 0o777).toBe(0o600);
    expect(first.err.trimEnd().split('\n').at(-1)).toBe(
      `import-thetagang: wrote ${out} (the file it replaced is kept as ${out}.bak) from ${input}; 23 key(s) not carried over`,
    );
    const second = importThetagang(input, '--out', out, '--force');
    expect(second.code, second.err).toBe(0);
    expect(readFileSync(`${out}.bak`, 'utf8')).toBe('# mine\n');
    expect(readFileSync(`${out}.bak.1`, 'utf8')).toBe(converted);
    expect(second.err).toContain(`(the file it replaced is kept as ${out}.bak.1)`);
  });

  it('T36: a file that does not convert writes nothing, even with --force (no backup either)', () => {
    const bad = join(spaced, 'bad.toml');
    const target = join(spaced, 'bad-out.toml');
    writeFileSync(bad, '[meta]\nschema_version = 2\n[run]\nstrategies = ["wheel", "wheel"]\n');
    writeFileSync(target, '# mine\n');
    const r = importThetagang(bad, '--out', target, '--force');
    expect(r.code).toBe(2);
    expect(r.err).toBe(
      `error: ${bad}:4: run.strategies[1]: repeats run.strategies[0]: strategy ids must not repeat; thetagang refuses this file too: fix it, then convert it\n`,
    );
    expect(readFileSync(target, 'utf8')).toBe('# mine\n');
    expect(existsSync(`${target}.bak`)).toBe(false);
  });

  it("T36: the preview (stdout) and the messages carry none of thetagang's redacted secrets", () => {
    const secrets = ['ib-user', 'super-secret', 'fix-user', 'fix-secret', 'postgresql://user:pass@localhost/db'];
    const text = [
      ...['[meta]', 'schema_version = 2', '[run]', 'strategies = ["wheel"]', '[runtime.account]', 'number = "DU1234567"', 'margin_usage = 0.5'],
      ...['[runtime.option_chains]', 'expirations = 4', 'strikes = 10', '[runtime.ibc]', 'userid = "ib-user"', 'password = "super-secret"'],
      ...['fixuserid = "fix-user"', 'fixpassword = "fix-secret"', '[runtime.database]', 'url = "postgresql://user:pass@localhost/db"'],
      ...['[portfolio.symbols.AAA]', 'weight = 1.0', '[strategies.wheel.defaults.target]', 'dte = 30', 'minimum_open_interest = 5'],
      ...['[strategies.wheel.defaults.roll_when]', 'dte = 7'],
    ].join('\n');
    const file = join(spaced, 'secrets.toml');
    writeFileSync(file, text);
    const r = importThetagang(file);
    expect(r.code, r.err).toBe(0);
    for (const secret of secrets) expect(r.out + r.err).not.toContain(secret);
    for (const key of ['userid', 'password', 'fixuserid', 'fixpassword']) expect(r.err).toContain(`runtime.ibc.${key}: not carried over: a login secret`);
    expect(r.err).toContain('runtime.database.url: not carried over: may hold credentials');
    // The account number is the converted file's [account] number (stdout is the file), and no message repeats it.
    expect(r.out).toContain('number = "DU1234567"');
    expect(r.err).not.toContain('DU1234567');
  });
});

describe('T31: the CLI refuses a run table thetagang refuses', () => {
  it('T31: exit 2 with `file:line: key: problem`, nothing on stdout', () => {
    const file = join(dir, 'wheel-and-regime.toml');
    writeFileSync(file, '[meta]\nschema_version = 2\n[run]\nstrategies = ["wheel", "regime_rebalance"]\n');
    const r = importThetagang(file);
    expect(r.code).toBe(2);
    expect(r.out).toBe('');
    expect(r.err).toBe(
      `error: ${file}:4: run.strategies[1]: wheel and regime_rebalance cannot run together; thetagang refuses this file too: fix it, then convert it\n`,
    );
  });
});
