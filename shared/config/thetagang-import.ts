// Converts a thetagang v2 configuration (thetagang.toml, docs/wheel-rules.md §1) into moneytrailz.toml's tables
// (§6.1): runtime.* → [tws], [account], [option_chains], [exchange_hours], [orders]; portfolio.symbols → [symbols.<SYM>];
// strategies.wheel.defaults.* → [strategies.wheel.*]; the VIX hedge, cash management and regime rebalancing (with the
// symbols' volatility weights, docs/regime-rebalance.md §1.4) keep their tables; run.* says
// which strategies are enabled. Every key it cannot carry over is listed with its line and why. A run table thetagang
// itself refuses is refused the same way (wheel-rules.md §3.2, T31); thetagang v1's `parts` become weights (T32).
// Secrets (IBC credentials, the database URL) are never copied, and no message ever quotes a value: keys only.
import { parse, stringify, TomlError } from 'smol-toml';
import { ConfigError } from '../errors.ts';
import { isTable } from './schema.ts';
import { closest } from './suggest.ts';
import { formatKeyPath, lineOfPath, tomlKeyLines, type KeySegment } from './toml-key-lines.ts';

/** A thetagang key left behind: its 1-based line in the thetagang file (0 when it has none), its key path and why. */
export interface NotCarried {
  readonly line: number;
  readonly key: string;
  readonly why: string;
}

/** The converted moneytrailz.toml text, and the keys not carried over in line order. */
export interface ThetagangImport {
  readonly toml: string;
  readonly notCarried: NotCarried[];
}

/** A key pattern: `*` is any one symbol, `#` any array index. */
type Pattern = readonly string[];

const keys = (from: string, to: string, names: string): [string, string][] => names.split(' ').map((k) => [`${from}.${k}`, `${to}.${k}`]);
const WHEEL = 'strategies.wheel.defaults';
const RIGHT_KEYS = 'delta strike_limit write_threshold write_threshold_sigma write_when.green write_when.red';
const POLICY_KEYS = 'mode min_threshold_shares min_threshold_amount min_threshold_percent min_threshold_percent_relative';
/** The regime rebalance's own keys and a symbol's volatility weighting (docs/regime-rebalance.md §1.4), carried as they are. */
const REGIME_KEYS =
  'lookback_days soft_band hard_band hard_band_rebalance_fraction cooldown_days choppiness_min efficiency_max flow_trade_min flow_trade_stop ' +
  'flow_imbalance_tau deficit_rail_start deficit_rail_stop eps order_history_lookback_days shares_only weight_base';
const VOLATILITY_KEYS =
  'enabled target_vol lookback_days min_weight max_weight rebalance_band smoothing_factor increase_smoothing_factor decrease_smoothing_factor';

/**
 * §6.1: thetagang key → our key, in the order our tables are written. A `from` of '' is a key only the conversion
 * writes (the enabled flags, the call thresholds' v2 homes); its place here orders it among its table's keys.
 */
const CARRY_TEXT: readonly (readonly [string, string])[] = [
  ['runtime.watchdog.host', 'tws.host'],
  ['runtime.watchdog.port', 'tws.port'],
  ['runtime.watchdog.clientId', 'tws.client_id'],
  ['runtime.watchdog.maxStartupRetries', 'tws.max_startup_retries'],
  ...keys('runtime.account', 'account', 'number margin_usage cancel_orders market_data_type'),
  ...keys('runtime.option_chains', 'option_chains', 'expirations strikes'),
  ...keys('runtime.exchange_hours', 'exchange_hours', 'exchange action_when_closed delay_after_open delay_before_close max_wait_until_open'),
  ...keys('runtime.orders', 'orders', 'exchange minimum_credit price_update_delay algo.strategy algo.params'),
  ...keys(
    'portfolio.symbols.*',
    'symbols.*',
    'weight primary_exchange delta dte max_dte write_threshold write_threshold_sigma close_if_unable_to_roll adjust_price_after_delay no_trading',
  ),
  ...keys('portfolio.symbols.*.puts', 'symbols.*.puts', RIGHT_KEYS),
  ...keys('portfolio.symbols.*.calls', 'symbols.*.calls', `${RIGHT_KEYS} cap_factor cap_target_floor excess_only maintain_high_water_mark`),
  ['', 'symbols.*.calls.min_threshold_percent'],
  ['', 'symbols.*.calls.min_threshold_percent_relative'],
  // ---- regime rebalance: volatility weights (docs/regime-rebalance.md §1.2) ----
  ...keys('portfolio.symbols.*.volatility_weight', 'symbols.*.volatility_weight', VOLATILITY_KEYS),
  ['', 'strategies.wheel.enabled'],
  ...keys(`${WHEEL}.target`, 'strategies.wheel.target', 'dte max_dte delta puts.delta calls.delta minimum_open_interest maximum_new_contracts_percent'),
  ...keys(
    `${WHEEL}.write_when`,
    'strategies.wheel.write_when',
    'calculate_net_contracts puts.green puts.red calls.green calls.red calls.cap_factor calls.cap_target_floor calls.excess_only ' +
      'calls.min_threshold_percent calls.min_threshold_percent_relative',
  ),
  ...keys(
    `${WHEEL}.constants`,
    'strategies.wheel.constants',
    'write_threshold write_threshold_sigma daily_stddev_window puts.write_threshold puts.write_threshold_sigma ' +
      'calls.write_threshold calls.write_threshold_sigma',
  ),
  ...keys(
    `${WHEEL}.roll_when`,
    'strategies.wheel.roll_when',
    'dte pnl min_pnl max_dte close_at_pnl close_if_unable_to_roll puts.itm puts.always_when_itm puts.credit_only puts.has_excess ' +
      'calls.itm calls.always_when_itm calls.credit_only calls.has_excess calls.maintain_high_water_mark',
  ),
  ...keys('strategies.wheel.equity_rebalance.defaults', 'strategies.wheel.equity_rebalance.defaults', POLICY_KEYS),
  ...keys('strategies.wheel.equity_rebalance.symbol_overrides.*', 'strategies.wheel.equity_rebalance.symbol_overrides.*', POLICY_KEYS),
  ['', 'strategies.vix_call_hedge.enabled'],
  ...keys(
    'strategies.vix_call_hedge',
    'strategies.vix_call_hedge',
    'delta target_dte max_dte ignore_dte close_hedges_when_vix_exceeds allocation allocation.#.lower_bound allocation.#.upper_bound allocation.#.weight',
  ),
  ['', 'strategies.cash_management.enabled'],
  ...keys(
    'strategies.cash_management',
    'strategies.cash_management',
    'cash_fund primary_exchange target_cash_balance buy_threshold sell_threshold orders.exchange orders.algo.strategy orders.algo.params',
  ),
  // ---- regime rebalance (docs/regime-rebalance.md §1.4): enabled, symbols and the anchor are written by regimeKeys ----
  ['', 'strategies.regime_rebalance.enabled'],
  ['', 'strategies.regime_rebalance.symbols'],
  ...keys('strategies.regime_rebalance', 'strategies.regime_rebalance', REGIME_KEYS),
  ['', 'strategies.regime_rebalance.ratio_gate.anchor'],
  ...keys('strategies.regime_rebalance.ratio_gate', 'strategies.regime_rebalance.ratio_gate', 'enabled drift_max vol_min'),
  ...keys('strategies.regime_rebalance.equity_rebalance.defaults', 'strategies.regime_rebalance.equity_rebalance.defaults', POLICY_KEYS),
  ...keys('strategies.regime_rebalance.equity_rebalance.symbol_overrides.*', 'strategies.regime_rebalance.equity_rebalance.symbol_overrides.*', POLICY_KEYS),
];

interface CarryRule {
  readonly from: Pattern | null;
  readonly to: Pattern;
}

const CARRY: readonly CarryRule[] = CARRY_TEXT.map(([from, to]) => ({ from: from === '' ? null : from.split('.'), to: to.split('.') }));

const SECRET = 'a login secret: never copied (MoneyTrailz does not log in to IB Gateway: TWS / IB Gateway keeps your login)';

/** Known thetagang keys that are not carried, by key prefix (the first match wins). */
const DROP: readonly (readonly [Pattern, string])[] = (
  [
    ['meta', "MoneyTrailz's file has no schema version (this thetagang schema v2 file was converted)"],
    ['runtime.ibc.userid', SECRET],
    ['runtime.ibc.password', SECRET],
    ['runtime.ibc.fixuserid', SECRET],
    ['runtime.ibc.fixpassword', SECRET],
    ['runtime.ibc', 'MoneyTrailz does not start IB Gateway through IBC: start TWS / IB Gateway yourself'],
    ['runtime.database.url', 'may hold credentials: never copied (MoneyTrailz keeps no thetagang state database)'],
    ['runtime.database', 'MoneyTrailz keeps no thetagang state database (SQLite)'],
    ['runtime.ib_async', "thetagang's API client setting: MoneyTrailz's bridge has its own TWS connection"],
    [
      'runtime.watchdog',
      "thetagang's connection watchdog setting: MoneyTrailz's bridge keeps its own TWS connection ([tws] host, port, client_id, max_startup_retries)",
    ],
    ['portfolio.symbols.*.parts', 'parts is a thetagang v1 key that v2 does not read: give each symbol its weight'],
    [`${WHEEL}.target.maximum_new_contracts`, 'thetagang does not read it either: maximum_new_contracts_percent caps new contracts'],
    ['strategies.wheel.risk.margin_usage', 'MoneyTrailz has one margin_usage, in [account] (from runtime.account.margin_usage)'],
    ['strategies.regime_rebalance.risk.margin_usage', 'MoneyTrailz has one margin_usage, in [account] (from runtime.account.margin_usage)'],
  ] as const
).map(([p, why]): readonly [Pattern, string] => [p.split('.'), why]);

const THRESHOLD_KINDS = ['shares', 'amount', 'percent', 'percent_relative'] as const;
const CALL_THRESHOLD_KEYS = ['write_calls_only_min_threshold_percent', 'write_calls_only_min_threshold_percent_relative'] as const;

/** Keys read by the conversion's own rules below (run plan, enabled flags, legacy keys), not by CARRY. */
const SPECIAL: readonly Pattern[] = [
  'run.strategies',
  'run.stages',
  'run.stages.#.id',
  'run.stages.#.kind',
  'run.stages.#.enabled',
  'run.stages.#.depends_on',
  'strategies.vix_call_hedge.enabled',
  'strategies.cash_management.enabled',
  'strategies.regime_rebalance.enabled',
  'strategies.regime_rebalance.symbols',
  'strategies.regime_rebalance.ratio_gate.anchor',
  'portfolio.symbols.*.buy_only_rebalancing',
  'portfolio.symbols.*.sell_only_rebalancing',
  ...THRESHOLD_KINDS.flatMap((k) => [`portfolio.symbols.*.buy_only_min_threshold_${k}`, `portfolio.symbols.*.sell_only_min_threshold_${k}`]),
  ...CALL_THRESHOLD_KEYS.flatMap((k) => [`portfolio.symbols.*.${k}`, `${WHEEL}.${k}`, `strategies.wheel.symbol_overrides.*.${k}`]),
].map((p) => p.split('.'));

const KNOWN: readonly Pattern[] = [...CARRY.flatMap((r) => (r.from ? [r.from] : [])), ...SPECIAL, ...DROP.map(([p]) => p)];

/** thetagang's run.stages ids of the wheel's own stages (wheel-rules §2.1 lists the stages). */
const WHEEL_STAGE_IDS = [
  'options_write_puts',
  'options_write_calls',
  'equity_buy_rebalance',
  'equity_sell_rebalance',
  'options_roll_positions',
  'options_close_positions',
];
/** thetagang's run.stages ids in its canonical order (our stage order, wheel-rules §2.1). */
const STAGE_ORDER = [
  'options_write_puts',
  'options_write_calls',
  'equity_regime_rebalance',
  'equity_buy_rebalance',
  'equity_sell_rebalance',
  'options_roll_positions',
  'options_close_positions',
  'post_vix_call_hedge',
  'post_cash_management',
];
/** Top-level tables of a thetagang v1 file (its flat layout before schema v2). */
const V1_TABLES = ['account', 'symbols', 'target', 'roll_when', 'write_when', 'option_chains', 'orders', 'constants', 'ib_insync', 'ibc', 'watchdog'];

/** A leaf of the thetagang document: a value (arrays of values included) or an empty table. */
interface Leaf {
  readonly path: readonly KeySegment[];
  readonly value: unknown;
}

/** A value to write: our key path, its place in CARRY and the order it was found in. */
interface Entry {
  readonly to: readonly KeySegment[];
  readonly value: unknown;
  readonly rank: number;
  readonly order: number;
}

/** The strategies thetagang's run table enables. */
interface RunPlan {
  wheel: boolean;
  vix: boolean;
  cash: boolean;
  regime: boolean;
}

/**
 * §6.1: converts the thetagang v2 `text` of file `file` (the name is used in messages and in the header comment).
 * @throws ConfigError (naming file:line) for malformed TOML, a thetagang v1 file or a file without schema_version 2.
 */
export function importThetagang(text: string, file: string): ThetagangImport {
  const doc = parseToml(text, file);
  const lines = tomlKeyLines(text);
  const lineOf = (path: readonly KeySegment[]) => lineOfPath(lines, [...path]);
  checkSchemaVersion(doc, file, lineOf);
  checkRunTable(doc, file, lineOf);

  const notCarried: NotCarried[] = [];
  const drop = (path: readonly KeySegment[], why: string) => notCarried.push({ line: lineOf(path), key: formatKeyPath(path), why });
  const entries: Entry[] = [];
  const emit = (to: string, captures: readonly KeySegment[], value: unknown) => {
    const rank = CARRY.findIndex((r) => r.to.join('.') === to);
    entries.push({ to: substitute(CARRY[rank].to, captures), value, rank, order: entries.length });
  };

  const symbolsTable = tableAt(doc, ['portfolio', 'symbols']);
  const tickers = tickerNames(Object.keys(symbolsTable ?? {}));
  const tickerOf = (name: string) => tickers.get(name) ?? name;

  const weights = weightsFromParts(symbolsTable);
  const unknownReported = new Set<string>();
  for (const leaf of leavesOf(doc)) {
    if (weights !== undefined && matchPattern(PARTS, leaf.path) !== null) continue; // T32: converted below
    const carried = CARRY.findIndex((r) => r.from !== null && matchPattern(r.from, leaf.path) !== null);
    if (carried >= 0) {
      const captures = (matchPattern(CARRY[carried].from ?? [], leaf.path) ?? []).map((c) => (typeof c === 'string' ? tickerOf(c) : c));
      entries.push({ to: substitute(CARRY[carried].to, captures), value: leaf.value, rank: carried, order: entries.length });
      continue;
    }
    if (SPECIAL.some((p) => matchPattern(p, leaf.path) !== null)) continue;
    const dropped = DROP.find(([p]) => p.length <= leaf.path.length && matchPattern(p, leaf.path.slice(0, p.length)) !== null);
    if (dropped) drop(leaf.path, dropped[1]);
    else if (isTable(leaf.value) && isKnownPrefix(leaf.path)) continue; // an empty table thetagang knows: nothing to carry
    else {
      const unknown = unknownKey(leaf.path);
      if (!unknownReported.has(formatKeyPath(unknown.path))) drop(unknown.path, unknown.why);
      unknownReported.add(formatKeyPath(unknown.path));
    }
  }

  for (const [name, weight] of weights ?? []) {
    emit('symbols.*.weight', [tickerOf(name)], weight);
    drop(['portfolio', 'symbols', name, 'parts'], "a thetagang v1 key: written as the symbol's weight = parts / total parts, as thetagang's migration does");
  }
  const plan = runPlan(doc, drop);
  if (tableAt(doc, ['strategies', 'wheel']) !== undefined || plan.wheel) emit('strategies.wheel.enabled', [], plan.wheel);
  postStageEnabled(doc, 'vix_call_hedge', 'the VIX call hedge', plan.vix, emit, drop);
  postStageEnabled(doc, 'cash_management', 'cash management', plan.cash, emit, drop);
  regimeKeys(doc, plan.regime, tickerOf, emit, drop);
  for (const name of Object.keys(symbolsTable ?? {})) legacyRebalanceKeys(doc, name, tickerOf(name), emit, drop);
  callThresholdKeys(doc, tickerOf, emit, drop);

  notCarried.sort((a, b) => a.line - b.line);
  const out = buildDocument(entries);
  const renamed = [...tickers].filter(([from, to]) => from !== to);
  return { toml: renderDocument(out, file, renamed, notCarried), notCarried };
}

/** The start of smol-toml's messages, before what is wrong. */
const SMOL_TOML_PREFIX = 'Invalid TOML document:';

/** Parses TOML with integers as bigint (so that 1 and 1.0 keep their types); a ConfigError names the line. */
function parseToml(text: string, file: string): Record<string, unknown> {
  try {
    return parse(text, { integersAsBigInt: true, unsafeKeyBehaviour: 'throw' });
  } catch (e) {
    if (e instanceof TomlError) {
      const first = e.message.split('\n')[0] ?? '';
      const message = (first.startsWith(SMOL_TOML_PREFIX) ? first.slice(SMOL_TOML_PREFIX.length) : first).trim();
      throw new ConfigError(file, e.line, '', `TOML syntax error: ${message} (column ${e.column})`);
    }
    throw e;
  }
}

/** Only `meta.schema_version = 2` is converted; a v1 file must be migrated by thetagang first. */
function checkSchemaVersion(doc: Record<string, unknown>, file: string, lineOf: (path: readonly KeySegment[]) => number): void {
  const version = tableAt(doc, ['meta'])?.schema_version;
  if (version === 2n || version === 2) return;
  const migrate = `migrate it with thetagang first (thetagang --config ${shellWord(file)} --migrate-config), then convert the migrated file`;
  const v1 = V1_TABLES.filter((k) => Object.hasOwn(doc, k));
  if (v1.length > 0 && version === undefined) {
    const tables = v1.map((k) => `[${k}]`).join(', ');
    throw new ConfigError(file, lineOf([v1[0]]), '', `a thetagang v1 config (top-level ${tables}): only schema v2 is converted; ${migrate}`);
  }
  if (version !== undefined) {
    throw new ConfigError(file, lineOf(['meta', 'schema_version']), 'meta.schema_version', `must be 2: only thetagang v2 configs are converted; ${migrate}`);
  }
  throw new ConfigError(file, 0, 'meta.schema_version', 'missing: not a thetagang v2 config (it starts with [meta] schema_version = 2)');
}

/**
 * T36 (§3.2): `arg` as one word of a POSIX shell command, for the commands our messages tell the user to run: as it is
 * when it has only safe characters, else in single quotes ('path with spaces/thetagang.toml').
 */
export function shellWord(arg: string): string {
  if (SHELL_SAFE.test(arg)) return arg;
  const q = "'";
  return q + arg.split(q).join(`${q}"${q}"${q}`) + q;
}

/** Characters a shell word may hold unquoted (those of Python's shlex.quote). */
const SHELL_SAFE = /^[\w@%+=:,./-]+$/;

/** The table at `path`, or undefined. */
function tableAt(doc: unknown, path: readonly string[]): Record<string, unknown> | undefined {
  let node: unknown = doc;
  for (const key of path) node = isTable(node) && Object.hasOwn(node, key) ? node[key] : undefined;
  return isTable(node) ? node : undefined;
}

/** Every leaf of `table` in document order: values, arrays of values and empty tables; arrays of tables are walked. */
function leavesOf(table: Record<string, unknown>, path: readonly KeySegment[] = [], out: Leaf[] = []): Leaf[] {
  for (const [key, value] of Object.entries(table)) {
    const at = [...path, key];
    if (isTable(value) && Object.keys(value).length > 0) leavesOf(value, at, out);
    else if (Array.isArray(value) && value.length > 0 && value.every(isTable)) {
      (value as Record<string, unknown>[]).forEach((item, i) => {
        if (Object.keys(item).length > 0) leavesOf(item, [...at, i], out);
        else out.push({ path: [...at, i], value: item });
      });
    } else out.push({ path: at, value });
  }
  return out;
}

/** The segments `*` and `#` of `pattern` capture in `path`, or null when it does not match. */
function matchPattern(pattern: Pattern, path: readonly KeySegment[]): KeySegment[] | null {
  if (pattern.length !== path.length) return null;
  const captures: KeySegment[] = [];
  for (let i = 0; i < pattern.length; i++) {
    const p = pattern[i];
    const s = path[i];
    if (p === '*' && typeof s === 'string') captures.push(s);
    else if (p === '#' && typeof s === 'number') captures.push(s);
    else if (p !== s) return null;
  }
  return captures;
}

/** `pattern` with its `*` and `#` replaced by `captures`, in order. */
function substitute(pattern: Pattern, captures: readonly KeySegment[]): KeySegment[] {
  let next = 0;
  return pattern.map((p) => (p === '*' || p === '#' ? captures[next++] : p));
}

/** Whether `path` leads to a known key (it is the beginning of a known pattern). */
function isKnownPrefix(path: readonly KeySegment[]): boolean {
  return KNOWN.some((p) => p.length > path.length && matchPattern(p.slice(0, path.length), path) !== null);
}

/** A key thetagang v2 does not have: its outermost unknown table (with a did-you-mean when one is close) and why. */
function unknownKey(path: readonly KeySegment[]): { readonly path: readonly KeySegment[]; readonly why: string } {
  for (let n = 1; n <= path.length; n++) {
    const head = path.slice(0, n);
    if (isKnownPrefix(head)) continue;
    const parent = path.slice(0, n - 1);
    const siblings = [...new Set(KNOWN.filter((p) => p.length >= n && matchPattern(p.slice(0, n - 1), parent) !== null).map((p) => p[n - 1]))];
    const last = head[n - 1];
    const guess = typeof last === 'string' ? closest(last, siblings.filter((s) => s !== '*' && s !== '#')) : undefined;
    return { path: head, why: `not a thetagang v2 key${guess !== undefined ? ` (did you mean '${guess}'?)` : ''}` };
  }
  return { path, why: 'is a value where thetagang v2 has a table of keys' };
}

/** Our tickers for thetagang's symbol names: "BRK B" (IBKR's spelling) → BRK.B, unless that name is taken. */
function tickerNames(names: readonly string[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const name of names) {
    const dotted = name.trim().replace(/\s+/g, '.');
    out.set(name, dotted !== name && !names.includes(dotted) ? dotted : name);
  }
  return out;
}

/** §2.1: the strategies run.strategies (or run.stages) enables, in a run table checkRunTable accepted. */
function runPlan(doc: Record<string, unknown>, drop: (path: readonly KeySegment[], why: string) => void): RunPlan {
  const plan: RunPlan = { wheel: false, vix: false, cash: false, regime: false };
  const run = tableAt(doc, ['run']) ?? {};
  const strategies = Array.isArray(run.strategies) ? (run.strategies as string[]) : [];
  const stages = Array.isArray(run.stages) ? (run.stages as Record<string, unknown>[]) : [];
  if (strategies.length > 0) {
    strategies.forEach((id, i) => {
      if (id === 'wheel') plan.wheel = true;
      else if (id === 'vix_call_hedge') plan.vix = true;
      else if (id === 'cash_management') plan.cash = true;
      else if (id === 'regime_rebalance') plan.regime = true;
    });
    return plan;
  }
  const wheelStages: string[] = [];
  const order: string[] = [];
  stages.forEach((stage, i) => {
    const id = stage.id as string;
    const deps = stage.depends_on;
    if (Array.isArray(deps) && deps.length > 0) {
      drop(['run', 'stages', i, 'depends_on'], "stage dependencies are not configurable: MoneyTrailz runs the enabled stages in thetagang's canonical order");
    }
    if (stage.enabled === false) return;
    order.push(id);
    if (WHEEL_STAGE_IDS.includes(id)) wheelStages.push(id);
    else if (id === 'post_vix_call_hedge') plan.vix = true;
    else if (id === 'post_cash_management') plan.cash = true;
    else if (id === 'equity_regime_rebalance') plan.regime = true;
  });
  if (wheelStages.length === WHEEL_STAGE_IDS.length) plan.wheel = true;
  else if (wheelStages.length > 0) {
    drop(
      ['run', 'stages'],
      `only some of the wheel's stages are enabled (${wheelStages.join(', ')}): MoneyTrailz runs the wheel's stages together, ` +
        'so [strategies.wheel] is written with enabled = false (enable it if the whole wheel should run)',
    );
  }
  const canonical = [...order].sort((a, b) => STAGE_ORDER.indexOf(a) - STAGE_ORDER.indexOf(b));
  if (order.some((id, i) => id !== canonical[i])) {
    drop(['run', 'stages'], "the stages are listed out of thetagang's canonical order: MoneyTrailz runs them in that order");
  }
  return plan;
}

// --- T31: the run table thetagang itself refuses (wheel-rules.md §3.2) ---------------------------------------------

/** thetagang's run.strategies ids (wheel-rules.md §2.1). */
const STRATEGY_IDS = ['wheel', 'regime_rebalance', 'vix_call_hedge', 'cash_management'];
/** The wheel's option stages, which thetagang never runs together with equity_regime_rebalance. */
const WHEEL_OPTION_STAGE_IDS = ['options_write_puts', 'options_write_calls', 'options_roll_positions', 'options_close_positions'];
/** A stage's kind: its id with the first `_` as `.` (options_write_puts → options.write_puts), as thetagang pairs them. */
const stageKind = (id: string): string => id.replace('_', '.');

/**
 * T31 (§3.2): refuses a run table thetagang refuses at start-up, with its checks and in its order: neither or both of
 * run.strategies / run.stages; an unknown or repeated strategy id, wheel with regime_rebalance; in run.stages an
 * unknown id, a kind that is not the id's, a repeated id, a dependency that is unknown, not earlier or disabled while
 * the stage is enabled, options_write_calls without options_write_puts, equity_regime_rebalance with the wheel's
 * option stages. Messages name keys and thetagang's own ids, never a value of the file.
 * @throws ConfigError naming file:line and the key.
 */
function checkRunTable(doc: Record<string, unknown>, file: string, lineOf: (path: readonly KeySegment[]) => number): void {
  const refuse = (path: readonly KeySegment[], problem: string): never => {
    throw new ConfigError(file, lineOf(path), formatKeyPath(path), `${problem}; thetagang refuses this file too: fix it, then convert it`);
  };
  const run = doc.run;
  if (run === undefined) refuse(['run'], 'missing: thetagang needs [run] with strategies (e.g. strategies = ["wheel"]) or [[run.stages]]');
  if (!isTable(run)) return refuse(['run'], 'must be a table with strategies or stages');
  const { strategies = [], stages = [] } = run;
  if (!Array.isArray(strategies)) refuse(['run', 'strategies'], `must be a list of strategy ids (${STRATEGY_IDS.join(', ')})`);
  if (!Array.isArray(stages) || !stages.every(isTable)) return refuse(['run', 'stages'], 'must be a list of [[run.stages]] tables');
  const ids = strategies as unknown[];
  ids.forEach((id, i) => {
    if (typeof id !== 'string') refuse(['run', 'strategies', i], `must be a strategy id (${STRATEGY_IDS.join(', ')})`);
  });
  stages.forEach((stage, i) => checkStage(stage, ['run', 'stages', i], refuse));
  if (ids.length === 0 && stages.length === 0) refuse(['run'], 'has neither strategies nor stages: thetagang needs one of them');
  if (ids.length > 0 && stages.length > 0) refuse(['run', 'stages'], 'thetagang takes exactly one of run.strategies and run.stages, not both');
  if (ids.length > 0) {
    ids.forEach((id, i) => {
      if (!STRATEGY_IDS.includes(id as string)) refuse(['run', 'strategies', i], `not a thetagang strategy id (${STRATEGY_IDS.join(', ')})`);
    });
    ids.forEach((id, i) => {
      const first = ids.indexOf(id);
      if (first < i) refuse(['run', 'strategies', i], `repeats run.strategies[${first}]: strategy ids must not repeat`);
    });
    if (ids.includes('wheel') && ids.includes('regime_rebalance')) {
      refuse(['run', 'strategies', Math.max(ids.indexOf('wheel'), ids.indexOf('regime_rebalance'))], 'wheel and regime_rebalance cannot run together');
    }
    return;
  }
  checkStagePlan(stages as Record<string, unknown>[], refuse);
}

type Refuse = (path: readonly KeySegment[], problem: string) => never;

/** One [[run.stages]] table: a known id, its own kind, enabled true/false, depends_on a list of ids. */
function checkStage(stage: Record<string, unknown>, at: readonly KeySegment[], refuse: Refuse): void {
  const { id, kind, enabled, depends_on: deps } = stage;
  if (id === undefined) refuse([...at, 'id'], 'missing: every stage needs its id');
  if (typeof id !== 'string' || !STAGE_ORDER.includes(id)) return refuse([...at, 'id'], `not a thetagang stage id (${STAGE_ORDER.join(', ')})`);
  if (kind === undefined) refuse([...at, 'kind'], `missing: stage ${id} needs kind = "${stageKind(id)}"`);
  if (kind !== stageKind(id)) refuse([...at, 'kind'], `must be "${stageKind(id)}" for stage ${id}`);
  if (enabled !== undefined && typeof enabled !== 'boolean') refuse([...at, 'enabled'], 'must be true or false');
  if (deps !== undefined && (!Array.isArray(deps) || !deps.every((d) => typeof d === 'string'))) refuse([...at, 'depends_on'], 'must be a list of stage ids');
}

/** The stages together: unique ids, dependencies earlier and enabled, calls with puts, no regime stage with the wheel's options. */
function checkStagePlan(stages: readonly Record<string, unknown>[], refuse: Refuse): void {
  const ids = stages.map((s) => s.id as string);
  const on = (s: Record<string, unknown>) => s.enabled !== false;
  ids.forEach((id, i) => {
    const first = ids.indexOf(id);
    if (first < i) refuse(['run', 'stages', i, 'id'], `repeats run.stages[${first}].id (${id}): stage ids must be unique`);
  });
  stages.forEach((stage, i) => {
    const deps = (stage.depends_on ?? []) as string[];
    deps.forEach((dep, d) => {
      const at = ['run', 'stages', i, 'depends_on', d];
      const j = ids.indexOf(dep);
      if (j < 0) refuse(at, `names no stage of run.stages (stage ${ids[i]} depends on it)`);
      if (j >= i) refuse(at, `names ${dep}, which must appear earlier in run.stages than ${ids[i]}`);
    });
  });
  stages.forEach((stage, i) => {
    const off = ((stage.depends_on ?? []) as string[]).find((dep) => !on(stages[ids.indexOf(dep)]));
    if (on(stage) && off !== undefined) refuse(['run', 'stages', i], `${ids[i]} is enabled but depends on a disabled stage (${off})`);
  });
  const enabled = stages.filter(on).map((s) => s.id as string);
  if (enabled.includes('options_write_calls') && !enabled.includes('options_write_puts')) {
    const at = ['run', 'stages', ids.indexOf('options_write_calls')];
    refuse(at, 'options_write_calls requires the enabled stage options_write_puts (it computes the target shares)');
  }
  const options = enabled.filter((id) => WHEEL_OPTION_STAGE_IDS.includes(id));
  if (enabled.includes('equity_regime_rebalance') && options.length > 0) {
    const at = ['run', 'stages', ids.indexOf('equity_regime_rebalance')];
    refuse(at, `equity_regime_rebalance cannot be enabled together with the wheel's option stages (${options.join(', ')})`);
  }
}

// --- T32: parts → weights (wheel-rules.md §3.2) -------------------------------------------------------------------

const PARTS: Pattern = ['portfolio', 'symbols', '*', 'parts'];

/**
 * T32 (§3.2): when every symbol gives `parts` (thetagang v1) and none a weight, the weights thetagang's migration
 * computes: parts / total parts (30/30/40 → 0.3/0.3/0.4). Otherwise undefined: a `parts` beside weights is reported
 * as a key v2 does not read, and a symbol without a weight is left for our loader to refuse.
 */
function weightsFromParts(symbols: Record<string, unknown> | undefined): Map<string, number> | undefined {
  const tables = Object.entries(symbols ?? {});
  const parts = tables.map(([, t]) => (isTable(t) && !Object.hasOwn(t, 'weight') ? toNumber(t.parts) : undefined));
  if (tables.length === 0 || !parts.every((p): p is number => p !== undefined && Number.isFinite(p) && p >= 0)) return undefined;
  const total = parts.reduce((a, b) => a + b, 0);
  if (total <= 0) return undefined;
  return new Map(tables.map(([name], i) => [name, parts[i] / total]));
}

/** A TOML number (integers are bigints here) as a number; undefined for anything else. */
const toNumber = (v: unknown): number | undefined => (typeof v === 'bigint' ? Number(v) : typeof v === 'number' ? v : undefined);

/** §1.13: a post stage runs in thetagang only when run lists it and its table says enabled = true; we write that. */
function postStageEnabled(
  doc: Record<string, unknown>,
  id: 'vix_call_hedge' | 'cash_management',
  what: string,
  inRun: boolean,
  emit: (to: string, captures: readonly KeySegment[], value: unknown) => void,
  drop: (path: readonly KeySegment[], why: string) => void,
): void {
  const table = tableAt(doc, ['strategies', id]);
  if (table === undefined && !inRun) return;
  const own = table?.enabled;
  const path = ['strategies', id, 'enabled'];
  if (own !== undefined && typeof own !== 'boolean') drop(path, 'is not true or false: written as enabled = false');
  else if (own === true && !inRun) {
    drop(path, `thetagang runs ${what} only when run.strategies (or run.stages) lists it too, and it does not: written as enabled = false`);
  }
  emit(`strategies.${id}.enabled`, [], inRun && own === true);
}

// ---- regime rebalance (docs/regime-rebalance.md §1.4) ----
/**
 * thetagang runs regime rebalancing only when run lists it (run.strategies, or the equity_regime_rebalance stage) and its
 * table says enabled = true, on its `symbols` (none by default: then it trades nothing, and so is written disabled). The
 * basket's names and the ratio gate's anchor are renamed like the [symbols.<SYM>] tables.
 */
function regimeKeys(
  doc: Record<string, unknown>,
  inRun: boolean,
  tickerOf: (name: string) => string,
  emit: (to: string, captures: readonly KeySegment[], value: unknown) => void,
  drop: (path: readonly KeySegment[], why: string) => void,
): void {
  const table = tableAt(doc, ['strategies', 'regime_rebalance']);
  if (table === undefined && !inRun) return;
  const at = (...rest: string[]) => ['strategies', 'regime_rebalance', ...rest];
  const own = table?.enabled;
  const symbols = table?.symbols;
  const rename = (v: unknown) => (typeof v === 'string' ? tickerOf(v) : v);
  let enabled = inRun && own === true;
  if (own !== undefined && typeof own !== 'boolean') drop(at('enabled'), 'is not true or false: written as enabled = false');
  else if (own === true && !inRun) {
    drop(at('enabled'), 'thetagang runs regime rebalancing only when run.strategies (or run.stages) lists it too, and it does not: written as enabled = false');
  } else if (enabled && (!Array.isArray(symbols) || symbols.length === 0)) {
    drop(at('enabled'), 'regime_rebalance.symbols is empty, so thetagang rebalances nothing: written as enabled = false (list the symbols to enable it)');
    enabled = false;
  }
  emit('strategies.regime_rebalance.enabled', [], enabled);
  if (symbols !== undefined) emit('strategies.regime_rebalance.symbols', [], Array.isArray(symbols) ? symbols.map(rename) : symbols);
  const anchor = tableAt(table, ['ratio_gate'])?.anchor;
  if (anchor !== undefined) emit('strategies.regime_rebalance.ratio_gate.anchor', [], rename(anchor));
}
// ---- end regime rebalance ----

/** A rebalancing threshold thetagang reads first (its `or`: unset, 0 and false fall through to the legacy key). */
const isSet = (value: unknown): boolean => value !== undefined && value !== 0 && value !== 0n && value !== false;

/**
 * §1.7/§1.12: a symbol's legacy buy_only_* / sell_only_* keys. thetagang v2 ignores the two mode flags (the mode comes
 * from strategies.wheel.equity_rebalance) and reads a legacy threshold only when the policy has none, for its own
 * direction. A threshold is carried to the symbol's policy when that is exact (the only direction the mode trades, or
 * equal buy and sell values with mode "both"); otherwise it is reported.
 */
function legacyRebalanceKeys(
  doc: Record<string, unknown>,
  name: string,
  ticker: string,
  emit: (to: string, captures: readonly KeySegment[], value: unknown) => void,
  drop: (path: readonly KeySegment[], why: string) => void,
): void {
  const symbol = tableAt(doc, ['portfolio', 'symbols', name]) ?? {};
  const at = (key: string) => ['portfolio', 'symbols', name, key];
  const policyTable = `[strategies.wheel.equity_rebalance.symbol_overrides.${formatKeyPath([ticker])}]`;
  for (const flag of ['buy_only_rebalancing', 'sell_only_rebalancing']) {
    if (!Object.hasOwn(symbol, flag)) continue;
    drop(at(flag), `thetagang v2 does not read it (the mode comes from strategies.wheel.equity_rebalance): set mode in ${policyTable} to rebalance`);
  }
  const own = tableAt(doc, ['strategies', 'wheel', 'equity_rebalance', 'symbol_overrides', name]);
  const defaults = tableAt(doc, ['strategies', 'wheel', 'equity_rebalance', 'defaults']);
  const mode = own?.mode ?? defaults?.mode ?? 'off';
  const trades = { buy: mode === 'buy_only' || mode === 'both', sell: mode === 'sell_only' || mode === 'both' };
  const modeText = typeof mode === 'string' ? `mode "${mode}"` : 'its mode';
  for (const kind of THRESHOLD_KINDS) {
    const key = `min_threshold_${kind}`;
    const present = (['buy', 'sell'] as const).filter((side) => Object.hasOwn(symbol, `${side}_only_${key}`));
    if (present.length === 0) continue;
    const legacy = (side: 'buy' | 'sell') => `${side}_only_${key}`;
    const yourself = `set ${key} in ${policyTable} yourself`;
    if (isSet(own?.[key]) || isSet(defaults?.[key])) {
      for (const side of present) drop(at(legacy(side)), `unused: strategies.wheel.equity_rebalance sets ${key}, which thetagang reads first`);
      continue;
    }
    const live = present.filter((side) => trades[side]);
    for (const side of present) {
      if (!trades[side]) drop(at(legacy(side)), `unused: the wheel's equity rebalancing of this symbol does not ${side} (${modeText})`);
    }
    if (live.length === 0) continue;
    if (live.length === 1 && trades.buy && trades.sell) {
      drop(at(legacy(live[0])), `thetagang applies it to ${live[0]}s only, and MoneyTrailz's ${key} applies to buys and sells: ${yourself}`);
    } else if (live.length === 2 && !sameValue(symbol[legacy('buy')], symbol[legacy('sell')])) {
      for (const side of live) drop(at(legacy(side)), `the buy_only_ and sell_only_ values differ, and MoneyTrailz has one ${key} per symbol: ${yourself}`);
    } else emit(`strategies.wheel.equity_rebalance.symbol_overrides.*.${key}`, [ticker], symbol[legacy(live[0])]);
  }
}

/** Equal TOML scalars (an integer and a float of the same value are equal). */
function sameValue(a: unknown, b: unknown): boolean {
  const num = (x: unknown) => (typeof x === 'bigint' ? Number(x) : x);
  return num(a) === num(b);
}

/**
 * §1.9: thetagang's v2 homes of the call size thresholds. strategies.wheel.defaults.write_calls_only_* fills
 * write_when.calls.min_threshold_percent[_relative] when that is unset; per symbol, strategies.wheel.symbol_overrides
 * wins over the symbol's own write_calls_only_* key (and is ignored for a symbol not in portfolio.symbols).
 */
function callThresholdKeys(
  doc: Record<string, unknown>,
  tickerOf: (name: string) => string,
  emit: (to: string, captures: readonly KeySegment[], value: unknown) => void,
  drop: (path: readonly KeySegment[], why: string) => void,
): void {
  const defaults = tableAt(doc, ['strategies', 'wheel', 'defaults']);
  const calls = tableAt(defaults, ['write_when', 'calls']);
  const symbols = tableAt(doc, ['portfolio', 'symbols']) ?? {};
  const overrides = tableAt(doc, ['strategies', 'wheel', 'symbol_overrides']) ?? {};
  for (const key of CALL_THRESHOLD_KEYS) {
    const ours = key.replace('write_calls_only_', '');
    if (defaults !== undefined && Object.hasOwn(defaults, key)) {
      if (calls !== undefined && Object.hasOwn(calls, ours)) {
        drop([...WHEEL.split('.'), key], `unused: write_when.calls.${ours} is set too, and thetagang reads that first`);
      } else emit(`strategies.wheel.write_when.calls.${ours}`, [], defaults[key]);
    }
    for (const [name, symbol] of Object.entries(symbols)) {
      if (!isTable(symbol) || !Object.hasOwn(symbol, key)) continue;
      const override = tableAt(overrides, [name]);
      if (override !== undefined && Object.hasOwn(override, key)) {
        drop(['portfolio', 'symbols', name, key], `unused: strategies.wheel.symbol_overrides sets it for this symbol too, and thetagang reads that one`);
      } else emit(`symbols.*.calls.${ours}`, [tickerOf(name)], symbol[key]);
    }
    for (const [name, override] of Object.entries(overrides)) {
      if (!isTable(override) || !Object.hasOwn(override, key)) continue;
      if (Object.hasOwn(symbols, name)) emit(`symbols.*.calls.${ours}`, [tickerOf(name)], override[key]);
      else drop(['strategies', 'wheel', 'symbol_overrides', name, key], 'unused: the symbol is not in portfolio.symbols, and thetagang ignores its overrides');
    }
  }
}

/**
 * Our document: tables in CARRY's order (symbols and array elements in the file's order), keys in CARRY's order
 * within each table; tables left empty are dropped.
 */
function buildDocument(entries: readonly Entry[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const made = new WeakSet<object>();
  const child = (parent: Record<string, unknown> | unknown[], key: KeySegment, array: boolean): Record<string, unknown> | unknown[] => {
    const holder = parent as Record<string, unknown>;
    const k = String(key);
    const existing = Object.hasOwn(holder, k) ? holder[k] : undefined;
    if (isTable(existing) || Array.isArray(existing)) return existing;
    const fresh: Record<string, unknown> | unknown[] = array ? [] : {};
    made.add(fresh);
    holder[k] = fresh;
    return fresh;
  };
  const containers = (path: readonly KeySegment[], stop: number) => {
    let node: Record<string, unknown> | unknown[] = out;
    for (let i = 0; i < stop; i++) node = child(node, path[i], typeof path[i + 1] === 'number' || path[i + 1] === '#');
    return node;
  };
  for (const rule of CARRY) {
    const wild = rule.to.findIndex((s) => s === '*' || s === '#');
    containers(rule.to, wild < 0 ? rule.to.length - 1 : wild);
  }
  for (const e of [...entries].sort((a, b) => a.order - b.order)) containers(e.to, e.to.length - 1);
  for (const e of [...entries].sort((a, b) => a.rank - b.rank || a.order - b.order)) {
    (containers(e.to, e.to.length - 1) as Record<string, unknown>)[String(e.to.at(-1))] = e.value;
  }
  const prune = (node: unknown): boolean => {
    if (typeof node !== 'object' || node === null || !made.has(node)) return false;
    if (Array.isArray(node)) {
      const kept = node.filter((item) => item !== undefined && !prune(item));
      node.splice(0, node.length, ...kept);
      return kept.length === 0;
    }
    const table = node as Record<string, unknown>;
    for (const key of Object.keys(table)) if (prune(table[key])) delete table[key];
    return Object.keys(table).length === 0;
  };
  for (const key of Object.keys(out)) if (prune(out[key])) delete out[key];
  return out;
}

/** A file name or key safe inside a one-line TOML comment. */
const oneLine = (text: string): string => text.replace(/[\r\n]+/g, ' ');

/** The header comment, the tables, then the keys not carried over as comments (deterministic: no date). */
function renderDocument(out: Record<string, unknown>, file: string, renamed: readonly [string, string][], notCarried: readonly NotCarried[]): string {
  const header = [
    `# Converted from ${oneLine(file)} by npm run import-thetagang (thetagang config schema v2 → moneytrailz.toml, docs/wheel-rules.md §6.1).`,
    '# The keys and values are thetagang\'s own: check them before trading.',
  ];
  if (renamed.length > 0) {
    header.push(`# Symbols renamed to MoneyTrailz tickers: ${renamed.map(([from, to]) => `${JSON.stringify(oneLine(from))} → ${to}`).join(', ')}.`);
  }
  if (isTable(out.tws)) {
    header.push("# [tws] is thetagang's TWS / IB Gateway connection: MoneyTrailz uses its built-in simulator until you add simulator = false to [tws].");
  }
  header.push(
    notCarried.length === 0
      ? `# Every key of ${oneLine(file)} was carried over.`
      : `# ${notCarried.length} key(s) of ${oneLine(file)} were not carried over: listed at the end of this file.`,
  );
  const body = stringify(out, { numbersAsFloat: true });
  const trailer =
    notCarried.length === 0
      ? []
      : ['', `# Not carried over from ${oneLine(file)}:`, ...notCarried.map((n) => `#   line ${n.line}: ${oneLine(n.key)}: ${n.why}`)];
  return `${header.join('\n')}\n\n${body.endsWith('\n') || body === '' ? body : `${body}\n`}${trailer.length > 0 ? `${trailer.join('\n')}\n` : ''}`;
}
