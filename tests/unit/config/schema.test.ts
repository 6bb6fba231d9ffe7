// The schema DSL, the did-you-mean helper and the strategy parameter table.
import { TomlDate } from 'smol-toml';
import { describe, expect, it } from 'vitest';
import {
  anyOf,
  arrayOf,
  boolean,
  date,
  describeValue,
  integer,
  isCalendarDate,
  number,
  object,
  oneOf,
  optional,
  record,
  SchemaError,
  string,
  withDefault,
  type Schema,
} from '../../../shared/config/schema.ts';
import { closest, editDistance } from '../../../shared/config/suggest.ts';
import { STRATEGY_NAMES, STRATEGY_PARAMS } from '../../../shared/config/strategy-params.ts';
import { COMMON_STRATEGY_KEYS, moneyTrailzSchema } from '../../../shared/config/moneytrailz-config.ts';

/** The SchemaError `schema` throws for `value` at path ['k']: its path and problem. */
function problemOf(schema: Schema<unknown>, value: unknown): { path: string; problem: string } {
  try {
    schema.parse(value, ['k']);
  } catch (e) {
    if (e instanceof SchemaError) return { path: e.message.slice(0, e.message.indexOf(':')), problem: e.problem };
    throw e;
  }
  throw new Error(`accepted ${String(value)}`);
}

describe('number', () => {
  it.each([
    [{ gt: 0, lt: 1 }, 'a number in (0, 1)'],
    [{ gte: 0, lte: 1 }, 'a number in [0, 1]'],
    [{ gt: 0, lte: 4 }, 'a number in (0, 4]'],
    [{ gte: 0, lt: 1 }, 'a number in [0, 1)'],
    [{ gt: 0 }, 'a number > 0'],
    [{ gte: 0 }, 'a number >= 0'],
    [{ lt: 5 }, 'a number < 5'],
    [{ lte: 5 }, 'a number <= 5'],
    [{}, 'a number'],
  ])('%j is described as %s', (bounds, expected) => {
    expect(number(bounds).expected).toBe(expected);
  });

  it('honours inclusive and exclusive bounds', () => {
    const open = number({ gt: 0, lt: 1 });
    const closed = number({ gte: 0, lte: 1 });
    expect([0.5, 1e-12, 1 - 1e-12].map((v) => open.parse(v, []))).toEqual([0.5, 1e-12, 1 - 1e-12]);
    expect([0, 1].map((v) => closed.parse(v, []))).toEqual([0, 1]);
    expect(problemOf(open, 0).problem).toBe('must be a number in (0, 1), got 0');
    expect(problemOf(open, 1).problem).toBe('must be a number in (0, 1), got 1');
    expect(problemOf(closed, -0.1).problem).toBe('must be a number in [0, 1], got -0.1');
  });

  it('rejects non-finite numbers and non-numbers', () => {
    expect(problemOf(number(), Number.NaN).problem).toBe('must be a number, got nan');
    expect(problemOf(number(), -Infinity).problem).toBe('must be a number, got -inf');
    expect(problemOf(number(), '1.5').problem).toBe('must be a number, got the string "1.5" (write numbers without quotes)');
    expect(problemOf(number(), 'abc').problem).toBe('must be a number, got the string "abc"');
    expect(problemOf(number(), true).problem).toBe('must be a number, got the boolean true');
    expect(problemOf(number(), [1]).problem).toBe('must be a number, got an array');
  });
});

describe('integer', () => {
  it('accepts whole numbers in range, including 3.0', () => {
    expect(integer({ gte: 1 }).parse(3.0, [])).toBe(3);
    expect(integer({ gte: 1, lte: 4 }).parse(4, [])).toBe(4);
  });

  it.each([0, -3, 2.5, '3'])('rejects %j for an integer >= 1', (v) => {
    expect(problemOf(integer({ gte: 1 }), v).problem).toMatch(/^must be an integer >= 1, got /);
  });
});

describe('string, boolean, oneOf', () => {
  it('string with a pattern', () => {
    const s = string({ re: /^[A-Z]+$/, what: 'upper-case letters' });
    expect(s.parse('ABC', [])).toBe('ABC');
    expect(problemOf(s, 'abc').problem).toBe('must be upper-case letters, got the string "abc"');
    expect(problemOf(string(), 1).problem).toBe('must be a string, got 1');
  });

  it('boolean', () => {
    expect(boolean().parse(false, [])).toBe(false);
    expect(problemOf(boolean(), 'true').problem).toBe('must be a boolean (true or false), got the string "true"');
  });

  it('oneOf is case-sensitive and suggests the near miss', () => {
    const e = oneOf(['1H', '4H', '1D']);
    expect(e.parse('4H', [])).toBe('4H');
    expect(problemOf(e, '4h').problem).toBe('must be one of "1H", "4H", "1D", got the string "4h" (did you mean "4H"?)');
    expect(problemOf(e, 'weekly').problem).toBe('must be one of "1H", "4H", "1D", got the string "weekly"');
    expect(problemOf(e, 1).problem).toBe('must be one of "1H", "4H", "1D", got 1');
  });
});

describe('date', () => {
  it('accepts YYYY-MM-DD strings and TOML local dates, normalised', () => {
    expect(date().parse('2024-02-29', [])).toBe('2024-02-29');
    expect(date().parse(new TomlDate('2000-02-29'), [])).toBe('2000-02-29');
  });

  it('rejects impossible dates, other formats, date-times and times', () => {
    for (const bad of ['2023-02-29', '1900-02-29', '2023-04-31', '2023-00-10', '2023-1-1', '2023-01-01T00:00:00', '']) {
      expect(problemOf(date(), bad).problem).toBe(`must be a date YYYY-MM-DD, got the string ${JSON.stringify(bad)}`);
    }
    expect(problemOf(date(), new TomlDate('2023-01-01T10:00:00Z')).problem).toBe('must be a date YYYY-MM-DD, got the date-time 2023-01-01T10:00:00Z');
    expect(problemOf(date(), new TomlDate('10:00:00')).problem).toBe('must be a date YYYY-MM-DD, got the time 10:00:00');
  });

  it('knows leap years', () => {
    expect([isCalendarDate('2000-02-29'), isCalendarDate('2024-02-29'), isCalendarDate('2100-02-29'), isCalendarDate('2023-12-31')]).toEqual([true, true, false, true]);
  });
});

describe('arrayOf and anyOf', () => {
  it('arrayOf validates each element at its index', () => {
    const a = arrayOf(integer({ gte: 0 }));
    expect(a.parse([1, 2], [])).toEqual([1, 2]);
    expect(problemOf(a, [1, -2])).toEqual({ path: 'k[1]', problem: 'must be an integer >= 0, got -2' });
    expect(problemOf(a, 5).problem).toBe('must be an array of integer >= 0 values, got 5');
  });

  it('anyOf takes the first match and lists all alternatives otherwise', () => {
    const size = anyOf(number({ gt: 0, lte: 1 }), integer({ gte: 1 }));
    expect([0.5, 1, 7].map((v) => size.parse(v, []))).toEqual([0.5, 1, 7]);
    expect(problemOf(size, 2.5).problem).toBe('must be a number in (0, 1] or an integer >= 1, got 2.5');
  });
});

describe('object', () => {
  const s = object({ a: integer(), b: optional(string()), c: withDefault(number({ gt: 0 }), 2), d: withDefault(object({ e: withDefault(boolean(), true) }), {}) });

  it('applies defaults (materialising defaulted sub-tables) and leaves optional keys out', () => {
    expect(s.parse({ a: 1 }, [])).toEqual({ a: 1, c: 2, d: { e: true } });
    expect(s.parse({ a: 1, b: 'x', c: 3, d: { e: false } }, [])).toEqual({ a: 1, b: 'x', c: 3, d: { e: false } });
  });

  it('reports a missing required key and unknown keys with their paths', () => {
    expect(problemOf(s, {})).toEqual({ path: 'k.a', problem: "missing required key 'a'" });
    expect(problemOf(s, { a: 1, bb: 2 })).toEqual({ path: 'k.bb', problem: "unknown key 'bb' (did you mean 'b'? valid keys: a, b, c, d)" });
    expect(problemOf(s, { a: 1, zzz: 2 })).toEqual({ path: 'k.zzz', problem: "unknown key 'zzz' (valid keys: a, b, c, d)" });
    expect(problemOf(s, { a: 1, d: { f: 1 } })).toEqual({ path: 'k.d.f', problem: "unknown key 'f' (valid keys: e)" });
    expect(problemOf(object({}), { x: 1 }).problem).toBe("unknown key 'x' (no keys are allowed here)");
    expect(problemOf(s, 'x').problem).toBe('must be a table, got the string "x"');
  });

  it('reports problems in document order', () => {
    expect(problemOf(s, { c: -1, a: 'x' }).path).toBe('k.c');
    expect(problemOf(s, { a: 'x', c: -1 }).path).toBe('k.a');
  });

  it('does not let a default be mutated through a previous result', () => {
    const list = object({ xs: withDefault(arrayOf(integer()), []) });
    const first = list.parse({}, []);
    first.xs.push(1);
    expect(list.parse({}, [])).toEqual({ xs: [] });
  });

  it('record checks keys and values', () => {
    const r = record({ re: /^[A-Z]+$/, what: 'upper case' }, integer());
    expect(r.parse({ AB: 1 }, [])).toEqual({ AB: 1 });
    expect(problemOf(r, { ab: 1 })).toEqual({ path: 'k.ab', problem: "key 'ab' must be upper case" });
    expect(problemOf(r, { AB: 'x' }).path).toBe('k.AB');
  });
});

describe('describeValue', () => {
  it('names each kind of value', () => {
    expect([1.5, 'x', false, [], {}, new TomlDate('2020-01-02')].map(describeValue)).toEqual([
      '1.5',
      'the string "x"',
      'the boolean false',
      'an array',
      'a table',
      'the date 2020-01-02',
    ]);
  });
});

describe('closest', () => {
  it('measures transpositions as one edit', () => {
    expect(editDistance('wieght', 'weight')).toBe(1);
    expect(editDistance('', 'abc')).toBe(3);
    expect(editDistance('kitten', 'sitting')).toBe(3);
  });

  it('suggests plausible matches only', () => {
    const keys = ['weight', 'delta', 'put_delta', 'call_delta'];
    expect(closest('wieght', keys)).toBe('weight');
    expect(closest('WEIGHT', keys)).toBe('weight');
    expect(closest('calldelta', keys)).toBe('call_delta');
    expect(closest('x', keys)).toBeUndefined();
    expect(closest('volume', keys)).toBeUndefined();
    expect(closest('a', [])).toBeUndefined();
  });
});

describe('the strategy parameter table', () => {
  const common = Object.keys(moneyTrailzSchema.shape.strategies.parse({ buy_and_hold: {} }, []).buy_and_hold ?? {});

  it('lists the known strategies with their default types', () => {
    expect(Object.fromEntries(STRATEGY_NAMES.map((n) => [n, STRATEGY_PARAMS[n].type]))).toEqual({
      wheel: 'options',
      enhanced_wheel: 'options',
      vix_hedge: 'options',
      vix_call_hedge: 'options',
      cash_management: 'hybrid',
      regime_rebalance: 'stocks',
      rebalance: 'hybrid',
      momentum_scalper: 'stocks',
      mean_reversion: 'stocks',
      trend_following: 'stocks',
      iron_condor: 'options',
      sma_cross: 'stocks',
      rsi_reversion: 'stocks',
      bollinger_reversion: 'stocks',
      buy_and_hold: 'stocks',
    });
  });

  it('enhanced_wheel accepts every wheel parameter', () => {
    expect(Object.keys(STRATEGY_PARAMS.enhanced_wheel.params)).toEqual(expect.arrayContaining(Object.keys(STRATEGY_PARAMS.wheel.params)));
  });

  it('no strategy parameter shadows a common strategy key', () => {
    expect(common).toEqual(['strategy', 'enabled', 'type']);
    const commonKeys = [...COMMON_STRATEGY_KEYS];
    expect(commonKeys).toEqual(['strategy', 'enabled', 'type', 'weight', 'allocation', 'timeframes', 'symbols', 'priority', 'min_confidence', 'schedule', 'exchange', 'delay_after_open', 'delay_before_close', 'when_closed']);
    const clashes = STRATEGY_NAMES.flatMap((n) => Object.keys(STRATEGY_PARAMS[n].params).filter((k) => commonKeys.includes(k)).map((k) => `${n}.${k}`));
    // One on purpose: thetagang's `allocation` of the VIX call hedge is its list of VIXMO bands, not a capital share.
    expect(clashes).toEqual(['vix_call_hedge.allocation']);
  });

  it('cross-field checks name both values', () => {
    expect(STRATEGY_PARAMS.sma_cross.check?.({ fast: 30, slow: 10, direction: 'long_only' })).toEqual({ key: 'fast', problem: 'fast (30) must be less than slow (10)' });
    expect(STRATEGY_PARAMS.sma_cross.check?.({ fast: 10, slow: 30, direction: 'long_only' })).toBeUndefined();
    expect(STRATEGY_PARAMS.rsi_reversion.check?.({ period: 14, buy_below: 50, sell_above: 50 })).toEqual({ key: 'buy_below', problem: 'buy_below (50) must be less than sell_above (50)' });
  });
});
