// importThetagang (docs/wheel-rules.md §6.1) on thetagang's own sample configuration and on small files: every
// supported key arrives with its value, every other key is listed with its line, secrets never leave the file.
import { parse } from 'smol-toml';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../../shared/errors.ts';
import { importThetagang, shellWord, type NotCarried, type ThetagangImport } from '../../../shared/config/thetagang-import.ts';
import { parseConfig } from '../../../shared/config/index.ts';
import { readRepoFile, toml } from './helpers.ts';

const FILE = 'thetagang.toml';
const SAMPLE = readRepoFile('tests/fixtures/wheel/thetagang-sample.toml');

/** The 1-based line of the first line of `text` matching `re`. */
function lineOf(text: string, re: RegExp): number {
  const i = text.split('\n').findIndex((l) => re.test(l));
  if (i < 0) throw new Error(`no line matches ${re}`);
  return i + 1;
}

/** The 1-based line of `key = …` inside `[table]` (the first one after the table's header). */
function keyLine(text: string, table: string, key: string): number {
  const lines = text.split('\n');
  const start = lines.findIndex((l) => l.trim() === `[${table}]`);
  const i = lines.findIndex((l, n) => n > start && new RegExp(`^\\s*${key}\\s*=`).test(l));
  if (start < 0 || i < 0) throw new Error(`no ${key} in [${table}]`);
  return i + 1;
}

/** Converts `text`: its output parsed back, and the keys not carried over but meta.schema_version (always one of them). */
function convert(text: string): ThetagangImport & { doc: Record<string, unknown> } {
  const result = importThetagang(text, FILE);
  expect(result.notCarried.filter((n) => n.key === 'meta.schema_version')).toHaveLength(1);
  return { toml: result.toml, notCarried: result.notCarried.filter((n) => n.key !== 'meta.schema_version'), doc: parse(result.toml) };
}

/** The ConfigError `importThetagang` must throw. */
function refused(text: string): ConfigError {
  try {
    importThetagang(text, FILE);
  } catch (e) {
    if (e instanceof ConfigError) return e;
    throw e;
  }
  throw new Error('expected a ConfigError');
}

const byKey = (notCarried: readonly NotCarried[]) => new Map(notCarried.map((n) => [n.key, n]));

/** A minimal v2 file: meta, run and the given lines. */
const v2 = (...lines: string[]) => toml('[meta]', 'schema_version = 2', '[run]', 'strategies = ["wheel"]', ...lines);

describe('importThetagang on thetagang\'s sample thetagang.toml', () => {
  const converted = importThetagang(SAMPLE, FILE);
  const result = { ...converted, doc: parse(converted.toml) };

  it('carries every supported key with its value into our tables', () => {
    expect(result.doc).toEqual({
      tws: { host: '127.0.0.1', port: 7497, client_id: 1, max_startup_retries: 0 },
      account: { number: 'DU1234567', margin_usage: 0.5, cancel_orders: true, market_data_type: 1 },
      option_chains: { expirations: 4, strikes: 15 },
      exchange_hours: { exchange: 'XNYS', action_when_closed: 'exit', delay_after_open: 1800, delay_before_close: 1800, max_wait_until_open: 3600 },
      orders: {
        exchange: 'SMART',
        minimum_credit: 0.05,
        price_update_delay: [30, 60],
        algo: { strategy: 'Adaptive', params: [['adaptivePriority', 'Patient']] },
      },
      symbols: {
        SPY: { weight: 0.4, adjust_price_after_delay: false },
        QQQ: {
          weight: 0.3,
          dte: 60,
          close_if_unable_to_roll: true,
          puts: { delta: 0.5, strike_limit: 1000, write_threshold: 0.01, write_when: { green: false, red: true } },
          calls: { strike_limit: 100, cap_factor: 1, cap_target_floor: 0, excess_only: false, maintain_high_water_mark: true },
        },
        TLT: { weight: 0.2, delta: 0.4 },
        ABNB: { weight: 0.05, primary_exchange: 'NASDAQ' },
        'BRK.B': { weight: 0.05, primary_exchange: 'NYSE' },
      },
      strategies: {
        wheel: {
          enabled: true,
          target: { dte: 45, max_dte: 180, delta: 0.3, minimum_open_interest: 10, maximum_new_contracts_percent: 0.05 },
          write_when: {
            calculate_net_contracts: false,
            puts: { green: false, red: true },
            calls: { green: true, red: false, cap_factor: 1, cap_target_floor: 0, excess_only: false },
          },
          constants: { daily_stddev_window: '30 D' },
          roll_when: {
            dte: 15,
            pnl: 0.9,
            min_pnl: 0,
            close_if_unable_to_roll: false,
            puts: { itm: false, always_when_itm: false, credit_only: false, has_excess: true },
            calls: { itm: true, always_when_itm: false, credit_only: false, has_excess: true, maintain_high_water_mark: false },
          },
        },
        // run.strategies lists both, but their tables say enabled = false: thetagang runs neither, nor do we.
        vix_call_hedge: {
          enabled: false,
          delta: 0.3,
          target_dte: 30,
          ignore_dte: 0,
          close_hedges_when_vix_exceeds: 50,
          allocation: [
            { upper_bound: 15, weight: 0 },
            { lower_bound: 15, upper_bound: 30, weight: 0.01 },
            { lower_bound: 30, upper_bound: 50, weight: 0.005 },
            { lower_bound: 50, weight: 0 },
          ],
        },
        cash_management: {
          enabled: false,
          cash_fund: 'SGOV',
          target_cash_balance: 0,
          buy_threshold: 10000,
          sell_threshold: 10000,
          orders: { exchange: 'SMART', algo: { strategy: 'Vwap', params: [] } },
        },
      },
    });
  });

  it('keeps integers as integers and floats as floats, tables in our order, symbols in the file\'s order', () => {
    expect(result.toml).toMatch(/^cap_factor = 1\.0$/m);
    expect(result.toml).toMatch(/^strike_limit = 1000\.0$/m);
    expect(result.toml).toMatch(/^dte = 45$/m);
    expect(result.toml).toMatch(/^target_cash_balance = 0$/m);
    const headers = result.toml.split('\n').filter((l) => /^\[[^[]/.test(l)).slice(0, 7);
    expect(headers).toEqual(['[tws]', '[account]', '[option_chains]', '[exchange_hours]', '[orders]', '[orders.algo]', '[symbols.SPY]']);
    const symbols = [...result.toml.matchAll(/^\[symbols\.("[^"]+"|[A-Z]+)\]$/gm)].map((m) => m[1]);
    expect(symbols).toEqual(['SPY', 'QQQ', 'TLT', 'ABNB', '"BRK.B"']);
  });

  it('lists every key it cannot carry over, with its line in the sample and why', () => {
    const ibc = ['gateway', 'ibcPath', 'tradingMode', 'RaiseRequestErrors', 'password', 'userid', 'ibcIni', 'javaPath'];
    const watchdog = ['appStartupTime', 'appTimeout', 'connectTimeout', 'probeTimeout', 'readonly', 'retryDelay'];
    const probe = ['currency', 'exchange', 'secType', 'symbol'];
    const expected = [
      ['meta.schema_version', keyLine(SAMPLE, 'meta', 'schema_version')],
      ['runtime.database.enabled', keyLine(SAMPLE, 'runtime.database', 'enabled')],
      ['runtime.database.path', keyLine(SAMPLE, 'runtime.database', 'path')],
      ['runtime.ib_async.logfile', keyLine(SAMPLE, 'runtime.ib_async', 'logfile')],
      ['runtime.ib_async.api_response_wait_time', keyLine(SAMPLE, 'runtime.ib_async', 'api_response_wait_time')],
      ...ibc.map((k) => [`runtime.ibc.${k}`, keyLine(SAMPLE, 'runtime.ibc', k)]),
      ...watchdog.map((k) => [`runtime.watchdog.${k}`, keyLine(SAMPLE, 'runtime.watchdog', k)]),
      ...probe.map((k) => [`runtime.watchdog.probeContract.${k}`, keyLine(SAMPLE, 'runtime.watchdog.probeContract', k)]),
    ];
    expect(result.notCarried.map((n) => [n.key, n.line])).toEqual(expected);
    const why = byKey(result.notCarried);
    expect(why.get('runtime.ibc.password')?.why).toMatch(/secret: never copied/);
    expect(why.get('runtime.ibc.gateway')?.why).toMatch(/IBC/);
    expect(why.get('runtime.watchdog.appTimeout')?.why).toMatch(/\[tws\] host, port, client_id, max_startup_retries/);
    expect(why.get('meta.schema_version')?.why).toMatch(/no schema version/);
  });

  it('writes a header naming the file and the command, a note per renamed symbol and [tws], and no date', () => {
    const header = result.toml.split('\n').filter((l) => l.startsWith('#'));
    expect(header[0]).toMatch(/^# Converted from thetagang\.toml by npm run import-thetagang /);
    expect(result.toml).toContain('# Symbols renamed to MoneyTrailz tickers: "BRK B" → BRK.B.');
    expect(result.toml).toContain('until you add simulator = false to [tws]');
    expect(result.toml).toContain(`#   line ${keyLine(SAMPLE, 'runtime.ibc', 'password')}: runtime.ibc.password: a login secret`);
    expect(result.toml).not.toMatch(/\b20\d\d-\d\d-\d\d\b/);
    expect(importThetagang(SAMPLE, FILE).toml).toBe(result.toml);
  });
});

describe('secrets', () => {
  const SECRETS = ['Us3r-Zq9-secret', 'Pa55-Xk7-secret', 'F1xUs3r-Wv2-secret', 'F1xPa55-Jh4-secret', 'Db-Pass-Mn8-secret', 'T0ken-Rr5-secret'];
  const withSecrets = SAMPLE.replace("password           = 'demo'", `password           = '${SECRETS[1]}'`)
    .replace("userid             = 'demo'", `userid             = '${SECRETS[0]}'`)
    .replace(
      "javaPath = '/opt/java/openjdk/bin'",
      `javaPath = '/opt/java/openjdk/bin'\nfixuserid = '${SECRETS[2]}'\nfixpassword = '${SECRETS[3]}'\ntoken = '${SECRETS[5]}'`,
    )
    .replace('path = "data/thetagang.db"', `path = "data/thetagang.db"\nurl = "postgresql://tg:${SECRETS[4]}@db.example/thetagang"`);

  it('names the IBC credentials and the database URL by key with their lines, and copies no secret anywhere', () => {
    expect(withSecrets).toContain(SECRETS[0]);
    const result = importThetagang(withSecrets, FILE);
    const why = byKey(result.notCarried);
    for (const key of ['userid', 'password', 'fixuserid', 'fixpassword']) {
      const line = keyLine(withSecrets, 'runtime.ibc', key);
      expect(why.get(`runtime.ibc.${key}`), key).toEqual({ line, key: `runtime.ibc.${key}`, why: expect.stringMatching(/secret: never copied/) });
    }
    const urlLine = keyLine(withSecrets, 'runtime.database', 'url');
    expect(why.get('runtime.database.url')).toEqual({ line: urlLine, key: 'runtime.database.url', why: expect.stringMatching(/credentials: never copied/) });
    expect(why.get('runtime.ibc.token')?.line).toBe(keyLine(withSecrets, 'runtime.ibc', 'token'));
    const everything = [result.toml, ...result.notCarried.map((n) => `${n.key} ${n.why}`)].join('\n');
    for (const secret of SECRETS) expect(everything).not.toContain(secret);
    expect(everything).not.toContain('db.example');
  });

  it('a syntax error on a secret\'s line names the line, never the secret', () => {
    const broken = withSecrets.replace(`password           = '${SECRETS[1]}'`, `password           = '${SECRETS[1]}`);
    const err = refused(broken);
    expect(err.line).toBe(keyLine(withSecrets, 'runtime.ibc', 'password'));
    expect(err.message).not.toContain(SECRETS[1]);
  });
});

describe('refused input', () => {
  it('a thetagang v1 file (flat layout) is refused with the migration to run first', () => {
    const err = refused(toml('# v1', '[account]', 'number = "DU1"', '[symbols.SPY]', 'weight = 1', '[target]', 'dte = 45', '[roll_when]', 'dte = 15'));
    expect({ file: err.file, line: err.line }).toEqual({ file: FILE, line: 2 });
    expect(err.message).toMatch(/^thetagang\.toml:2: a thetagang v1 config \(top-level \[account\], \[symbols\], \[target\], \[roll_when\]\)/);
    expect(err.message).toContain('migrate it with thetagang first (thetagang --config thetagang.toml --migrate-config)');
  });

  it('T36: the migration command shown for a v1 file quotes a path with spaces (or quotes) as one shell word', () => {
    const v1 = toml('[account]', 'number = "DU1"', '[symbols.SPY]', 'weight = 1');
    const message = (file: string) => {
      try {
        importThetagang(v1, file);
      } catch (e) {
        if (e instanceof ConfigError) return e.message;
      }
      throw new Error('expected a ConfigError');
    };
    expect(message('/home/me/my configs/thetagang.toml')).toContain("(thetagang --config '/home/me/my configs/thetagang.toml' --migrate-config)");
    expect(message("/home/me/bob's/thetagang.toml")).toContain(`(thetagang --config '/home/me/bob'"'"'s/thetagang.toml' --migrate-config)`);
    expect(shellWord('/home/me/thetagang.toml')).toBe('/home/me/thetagang.toml');
  });

  it('meta.schema_version other than 2 is refused at its line; a file without it is refused', () => {
    const err = refused(toml('[meta]', 'schema_version = 1', '[run]', 'strategies = ["wheel"]'));
    expect(err.message).toMatch(/^thetagang\.toml:2: meta\.schema_version: must be 2: only thetagang v2 configs are converted; migrate it with thetagang/);
    expect(refused(toml('[run]', 'strategies = ["wheel"]')).message).toMatch(/^thetagang\.toml: meta\.schema_version: missing: not a thetagang v2 config/);
  });

  it('malformed TOML is a ConfigError naming file:line', () => {
    const err = refused(toml('[meta]', 'schema_version = 2', 'x = [1,', '[run]'));
    expect({ file: err.file, line: err.line }).toEqual({ file: FILE, line: 4 });
    expect(err.message).toMatch(/^thetagang\.toml:4: TOML syntax error: /);
    expect(refused(toml('[meta]', 'schema_version = 2', '[run]', '[run]')).line).toBe(4);
  });
});

describe('keys thetagang v2 does not have', () => {
  it('are reported at the outermost unknown table, with a did-you-mean when one is close', () => {
    const text = v2(
      ...['[runtime.account]', 'number = "DU1"', 'margn_usage = 0.5', '[runtime.foo]', 'a = 1', 'b = 2'],
      ...['[portfolio.symbols.SPY]', 'weight = 1', 'wieght = 1', 'puts = 3'],
    );
    const { notCarried, doc } = convert(text);
    expect(notCarried).toEqual([
      { line: 7, key: 'runtime.account.margn_usage', why: "not a thetagang v2 key (did you mean 'margin_usage'?)" },
      { line: 8, key: 'runtime.foo', why: 'not a thetagang v2 key' },
      { line: 13, key: 'portfolio.symbols.SPY.wieght', why: "not a thetagang v2 key (did you mean 'weight'?)" },
      { line: 14, key: 'portfolio.symbols.SPY.puts', why: 'is a value where thetagang v2 has a table of keys' },
    ]);
    expect(doc).toEqual({ account: { number: 'DU1' }, symbols: { SPY: { weight: 1 } }, strategies: { wheel: { enabled: true } } });
  });

  it('maximum_new_contracts, parts and wheel risk are reported with why; volatility_weight and regime_rebalance are carried', () => {
    const text = v2(
      '[strategies.wheel.defaults.target]',
      'dte = 30',
      'maximum_new_contracts = 5',
      '[strategies.wheel.risk]',
      'margin_usage = 0.8',
      '[portfolio.symbols.SPY]',
      'weight = 1',
      'parts = 10',
      '[portfolio.symbols.SPY.volatility_weight]',
      'enabled = true',
      '[strategies.regime_rebalance]',
      'enabled = true',
      'symbols = ["SPY"]',
    );
    const { notCarried, doc } = convert(text);
    expect(notCarried.map((n) => [n.line, n.key])).toEqual([
      [7, 'strategies.wheel.defaults.target.maximum_new_contracts'],
      [9, 'strategies.wheel.risk.margin_usage'],
      [12, 'portfolio.symbols.SPY.parts'],
      [16, 'strategies.regime_rebalance.enabled'],
    ]);
    expect(notCarried[0].why).toMatch(/thetagang does not read it either/);
    expect(notCarried[1].why).toMatch(/one margin_usage, in \[account\]/);
    // run.strategies lists only the wheel: thetagang would not rebalance, so the regime is written disabled (docs/regime-rebalance.md §1.4).
    expect(notCarried[3].why).toMatch(/^thetagang runs regime rebalancing only when run\.strategies .* lists it too/);
    expect((doc.symbols as Record<string, unknown>).SPY).toMatchObject({ volatility_weight: { enabled: true } });
    expect((doc.strategies as Record<string, unknown>).regime_rebalance).toEqual({ enabled: false, symbols: ['SPY'] });
  });
});

describe('which strategies are enabled (run.strategies / run.stages)', () => {
  const tables = ['[strategies.wheel.defaults.target]', 'dte = 30', '[strategies.vix_call_hedge]', 'enabled = true'];
  tables.push('[strategies.cash_management]', 'enabled = true');
  const head = (run: string[]) => toml('[meta]', 'schema_version = 2', '[run]', ...run, ...tables);
  const enabled = (doc: Record<string, unknown>) => {
    const s = doc.strategies as Record<string, { enabled: boolean }>;
    return { wheel: s.wheel.enabled, vix: s.vix_call_hedge.enabled, cash: s.cash_management.enabled };
  };

  it('run.strategies: listed strategies whose tables are enabled; regime_rebalance without its table is written disabled', () => {
    const { doc, notCarried } = convert(head(['strategies = [', '  "regime_rebalance",', '  "cash_management",', ']']));
    expect(enabled(doc)).toEqual({ wheel: false, vix: false, cash: true });
    expect((doc.strategies as Record<string, unknown>).regime_rebalance).toEqual({ enabled: false });
    expect(notCarried).toEqual([
      { line: 11, key: 'strategies.vix_call_hedge.enabled', why: expect.stringMatching(/only when run\.strategies \(or run\.stages\) lists it too.*= false$/) },
    ]);
  });

  it('run.stages: the whole wheel enables it; a part of it is written disabled and reported', () => {
    const stage = (id: string, ...extra: string[]) => ['[[run.stages]]', `id = "${id}"`, `kind = "${id.replace('_', '.')}"`, ...extra];
    const all = ['options_write_puts', 'options_write_calls', 'equity_buy_rebalance', 'equity_sell_rebalance'];
    all.push('options_roll_positions', 'options_close_positions');
    const whole = convert(toml('[meta]', 'schema_version = 2', ...all.flatMap((id) => stage(id)), ...stage('post_vix_call_hedge'), ...tables));
    expect(enabled(whole.doc)).toEqual({ wheel: true, vix: true, cash: false });
    expect(whole.notCarried.map((n) => [n.line, n.key])).toEqual([[29, 'strategies.cash_management.enabled']]);
    const roll = stage('options_roll_positions', 'enabled = false');
    const part = convert(toml('[meta]', 'schema_version = 2', ...stage('options_write_puts'), ...roll, ...tables));
    expect(enabled(part.doc)).toEqual({ wheel: false, vix: false, cash: false });
    expect(part.notCarried.map((n) => [n.line, n.key])).toEqual([
      [3, 'run.stages'],
      [13, 'strategies.vix_call_hedge.enabled'],
      [15, 'strategies.cash_management.enabled'],
    ]);
    expect(part.notCarried[0].why).toMatch(/^only some of the wheel's stages are enabled \(options_write_puts\)/);
  });

  it("T31: thetagang's advanced mode (regime stage, then cash management depending on it) converts; depends_on is reported", () => {
    const text = toml(
      ...['[meta]', 'schema_version = 2', '[[run.stages]]', 'id = "equity_regime_rebalance"', 'kind = "equity.regime_rebalance"', 'enabled = true'],
      ...['[[run.stages]]', 'id = "post_cash_management"', 'kind = "post.cash_management"', 'enabled = true', 'depends_on = ["equity_regime_rebalance"]'],
      ...tables,
    );
    const { doc, notCarried } = convert(text);
    expect(enabled(doc)).toEqual({ wheel: false, vix: false, cash: true });
    // The regime stage runs the regime only with its table's enabled = true (docs/regime-rebalance.md §1.4): here it has none.
    expect((doc.strategies as Record<string, unknown>).regime_rebalance).toEqual({ enabled: false });
    expect(notCarried).toEqual([
      { line: 11, key: 'run.stages[1].depends_on', why: expect.stringMatching(/^stage dependencies are not configurable/) },
      { line: 15, key: 'strategies.vix_call_hedge.enabled', why: expect.stringMatching(/only when run\.strategies \(or run\.stages\) lists it too/) },
    ]);
  });
});

describe('T31: a run table thetagang refuses is refused, at its line (exit 2 in the CLI), as thetagang refuses it', () => {
  const meta = ['[meta]', 'schema_version = 2'];
  const stage = (id: string, kind: string, ...extra: string[]) => ['[[run.stages]]', `id = "${id}"`, `kind = "${kind}"`, ...extra];
  const strategies = (list: string) => toml(...meta, '[run]', `strategies = ${list}`);
  const stages = (...lines: string[]) => toml(...meta, ...lines);
  const puts = (...extra: string[]) => stage('options_write_puts', 'options.write_puts', ...extra);
  const cases: [string, string, number, string, RegExp][] = [
    ['an unknown strategy id', strategies('["wheel", "not-a-real-strategy"]'), 4, 'run.strategies[1]', /^not a thetagang strategy id \(wheel, /],
    ['duplicate strategy ids', strategies('["wheel", "wheel"]'), 4, 'run.strategies[1]', /^repeats run\.strategies\[0\]: strategy ids must not repeat/],
    ['wheel and regime_rebalance together', strategies('["wheel", "regime_rebalance"]'), 4, 'run.strategies[1]', /^wheel and regime_rebalance cannot run/],
    ['neither strategies nor stages (an empty run table)', stages('[run]', '[portfolio.symbols.AAA]', 'weight = 1.0'), 3, 'run', /^has neither /],
    ['no run table at all', stages('[portfolio.symbols.AAA]', 'weight = 1.0'), 0, 'run', /^missing: thetagang needs \[run\]/],
    [
      'both strategies and stages',
      stages('[run]', 'strategies = ["wheel"]', ...puts('enabled = true')),
      5,
      'run.stages',
      /^thetagang takes exactly one of run\.strategies and run\.stages, not both/,
    ],
    [
      'an enabled stage depending on a disabled one',
      stages(...puts('enabled = false'), ...stage('options_write_calls', 'options.write_calls', 'enabled = true', 'depends_on = ["options_write_puts"]')),
      7,
      'run.stages[1]',
      /^options_write_calls is enabled but depends on a disabled stage \(options_write_puts\)/,
    ],
    [
      'calls without puts',
      stages(...stage('options_write_calls', 'options.write_calls', 'enabled = true')),
      3,
      'run.stages[0]',
      /^options_write_calls requires the enabled stage options_write_puts/,
    ],
    ['an unknown stage id', stages(...stage('oops', 'options.write_puts', 'enabled = false')), 4, 'run.stages[0].id', /^not a thetagang stage id \(/],
    [
      "a kind that is not the stage's",
      stages(...stage('options_write_puts', 'options.write_calls', 'enabled = false')),
      5,
      'run.stages[0].kind',
      /^must be "options\.write_puts" for stage options_write_puts/,
    ],
    [
      'a stage without its kind',
      stages('[[run.stages]]', 'id = "options_write_puts"'),
      3,
      'run.stages[0].kind',
      /^missing: stage options_write_puts needs kind = "options\.write_puts"/,
    ],
    ['a repeated stage id', stages(...puts(), ...puts()), 7, 'run.stages[1].id', /^repeats run\.stages\[0\]\.id \(options_write_puts\): stage ids must be/],
    ['a dependency on a stage not listed', stages(...puts('depends_on = ["options_roll_positions"]')), 6, 'run.stages[0].depends_on[0]', /^names no stage /],
    [
      'a dependency listed later',
      stages(...puts('depends_on = ["post_cash_management"]'), ...stage('post_cash_management', 'post.cash_management')),
      6,
      'run.stages[0].depends_on[0]',
      /^names post_cash_management, which must appear earlier in run\.stages than options_write_puts/,
    ],
    [
      "the regime stage with the wheel's option stages",
      stages(...puts(), ...stage('equity_regime_rebalance', 'equity.regime_rebalance')),
      6,
      'run.stages[1]',
      /^equity_regime_rebalance cannot be enabled together with the wheel's option stages \(options_write_puts\)/,
    ],
    ['enabled that is not true or false', stages(...puts('enabled = "yes"')), 6, 'run.stages[0].enabled', /^must be true or false/],
  ];

  it.each(cases)('T31: %s', (_, text, line, key, problem) => {
    const e = refused(text);
    expect({ line: e.line, key: e.keyPath }).toEqual({ line, key });
    expect(e.problem).toMatch(problem);
    expect(e.problem).toMatch(/; thetagang refuses this file too: fix it, then convert it$/);
    expect(e.message).toBe(`${FILE}${line > 0 ? `:${line}` : ''}: ${key}: ${e.problem}`);
  });

  it('T31: no message quotes a value of the file (an unknown id is named by its key)', () => {
    expect(refused(toml(...meta, '[run]', 'strategies = ["wheel", "s3cr3t-id"]')).message).not.toContain('s3cr3t-id');
    expect(refused(toml(...meta, ...stage('s3cr3t-id', 'options.write_puts'))).message).not.toContain('s3cr3t-id');
  });

  it('T31: an empty strategies list with stages uses the stages, as thetagang does', () => {
    const cash = ['[strategies.cash_management]', 'enabled = true'];
    const text = toml(...meta, '[run]', 'strategies = []', ...stage('post_cash_management', 'post.cash_management'), ...cash);
    expect(convert(text).doc).toEqual({ strategies: { cash_management: { enabled: true } } });
  });
});

describe('T32: parts → weights', () => {
  it('T32: parts 30/30/40 (and no weights) → weights 0.3/0.3/0.4, each parts reported at its line; the file loads', () => {
    const text = v2('[portfolio.symbols.AAA]', 'parts = 30', '[portfolio.symbols.BBB]', 'parts = 30', '[portfolio.symbols.CCC]', 'parts = 40');
    const { doc, notCarried } = convert(text);
    expect(doc.symbols).toEqual({ AAA: { weight: 0.3 }, BBB: { weight: 0.3 }, CCC: { weight: 0.4 } });
    expect(notCarried.map((n) => [n.line, n.key])).toEqual([
      [6, 'portfolio.symbols.AAA.parts'],
      [8, 'portfolio.symbols.BBB.parts'],
      [10, 'portfolio.symbols.CCC.parts'],
    ]);
    expect(notCarried[0].why).toBe("a thetagang v1 key: written as the symbol's weight = parts / total parts, as thetagang's migration does");
    expect(() => parseConfig(importThetagang(text, FILE).toml, 'converted.toml')).not.toThrow();
  });

  it('T32: parts beside weights are not converted (thetagang v2 reads the weights): reported as a key v2 does not read', () => {
    const { doc, notCarried } = convert(v2('[portfolio.symbols.AAA]', 'weight = 0.5', '[portfolio.symbols.BBB]', 'parts = 1', 'weight = 0.5'));
    expect(doc.symbols).toEqual({ AAA: { weight: 0.5 }, BBB: { weight: 0.5 } });
    const why = expect.stringMatching(/^parts is a thetagang v1 key that v2 does not read/);
    expect(notCarried).toEqual([{ line: 8, key: 'portfolio.symbols.BBB.parts', why }]);
  });
});

describe('legacy and v2-only keys with a home of ours', () => {
  it('write_calls_only_* go to write_when.calls and [symbols.<SYM>.calls], symbol_overrides winning as in thetagang', () => {
    const text = v2(
      '[strategies.wheel.defaults]',
      'write_calls_only_min_threshold_percent = 0.05',
      'write_calls_only_min_threshold_percent_relative = 0.2',
      '[strategies.wheel.defaults.write_when.calls]',
      'min_threshold_percent_relative = 0.3',
      '[portfolio.symbols.SPY]',
      'weight = 0.5',
      'write_calls_only_min_threshold_percent = 0.1',
      '[portfolio.symbols.TLT]',
      'weight = 0.5',
      'write_calls_only_min_threshold_percent_relative = 0.4',
      '[strategies.wheel.symbol_overrides.SPY]',
      'write_calls_only_min_threshold_percent = 0.15',
      '[strategies.wheel.symbol_overrides.GLD]',
      'write_calls_only_min_threshold_percent = 0.2',
    );
    const { doc, notCarried } = convert(text);
    expect(doc.symbols).toEqual({
      SPY: { weight: 0.5, calls: { min_threshold_percent: 0.15 } },
      TLT: { weight: 0.5, calls: { min_threshold_percent_relative: 0.4 } },
    });
    expect((doc.strategies as { wheel: unknown }).wheel).toEqual({
      enabled: true,
      write_when: { calls: { min_threshold_percent: 0.05, min_threshold_percent_relative: 0.3 } },
    });
    expect(notCarried.map((n) => [n.line, n.key])).toEqual([
      [7, 'strategies.wheel.defaults.write_calls_only_min_threshold_percent_relative'],
      [12, 'portfolio.symbols.SPY.write_calls_only_min_threshold_percent'],
      [19, 'strategies.wheel.symbol_overrides.GLD.write_calls_only_min_threshold_percent'],
    ]);
    expect(notCarried[2].why).toMatch(/not in portfolio\.symbols/);
  });

  it('buy_only_/sell_only_ thresholds are carried when exact; the mode flags thetagang v2 ignores are reported', () => {
    const text = v2(
      '[strategies.wheel.equity_rebalance.defaults]',
      'mode = "buy_only"',
      '[strategies.wheel.equity_rebalance.symbol_overrides.TLT]',
      'mode = "both"',
      'min_threshold_amount = 500.0',
      '[portfolio.symbols.SPY]',
      'weight = 0.5',
      'buy_only_rebalancing = true',
      'buy_only_min_threshold_shares = 5',
      'sell_only_min_threshold_shares = 7',
      '[portfolio.symbols.TLT]',
      'weight = 0.5',
      'buy_only_min_threshold_percent = 0.02',
      'sell_only_min_threshold_percent = 0.02',
      'buy_only_min_threshold_amount = 100.0',
      'sell_only_min_threshold_shares = 3',
    );
    const { doc, notCarried } = convert(text);
    const policySet = expect.stringMatching(/^unused: strategies\.wheel\.equity_rebalance sets min_threshold_amount, which thetagang reads first$/);
    const oneSide = expect.stringMatching(/^thetagang applies it to sells only.*: set min_threshold_shares in \[.*symbol_overrides\.TLT\] yourself$/);
    expect((doc.strategies as { wheel: { equity_rebalance: unknown } }).wheel.equity_rebalance).toEqual({
      defaults: { mode: 'buy_only' },
      symbol_overrides: { TLT: { mode: 'both', min_threshold_amount: 500, min_threshold_percent: 0.02 }, SPY: { min_threshold_shares: 5 } },
    });
    expect(notCarried.map((n) => [n.line, n.key, n.why])).toEqual([
      [12, 'portfolio.symbols.SPY.buy_only_rebalancing', expect.stringMatching(/^thetagang v2 does not read it/)],
      [14, 'portfolio.symbols.SPY.sell_only_min_threshold_shares', 'unused: the wheel\'s equity rebalancing of this symbol does not sell (mode "buy_only")'],
      [19, 'portfolio.symbols.TLT.buy_only_min_threshold_amount', policySet],
      [
        20,
        'portfolio.symbols.TLT.sell_only_min_threshold_shares',
        oneSide,
      ],
    ]);
  });

  it('an empty allocation list and empty known tables are carried as they are', () => {
    const { doc, notCarried } = convert(
      toml(
        ...['[meta]', 'schema_version = 2', '[run]', 'strategies = ["wheel"]'],
        ...['[strategies.vix_call_hedge]', 'allocation = []', '[strategies.wheel.defaults.write_when.puts]'],
      ),
    );
    expect(doc).toEqual({ strategies: { wheel: { enabled: true }, vix_call_hedge: { enabled: false, allocation: [] } } });
    expect(notCarried).toEqual([]);
  });
});
