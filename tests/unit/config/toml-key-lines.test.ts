// The key → line scanner on tricky TOML, checked against smol-toml's own reading of the same text.
import { parse } from 'smol-toml';
import { describe, expect, it } from 'vitest';
import { formatKeyPath, lineOfPath, tomlKeyLines } from '../../../shared/config/toml-key-lines.ts';
import { rawKeyPaths, toml } from './helpers.ts';

/** The scanner's map as a plain object, for whole-map assertions. */
const linesOf = (text: string): Record<string, number> => Object.fromEntries(tomlKeyLines(text));

/** Every key path smol-toml finds must have a line. */
function expectAllKeysMapped(text: string): void {
  const lines = tomlKeyLines(text);
  const missing = rawKeyPaths(parse(text)).map(formatKeyPath).filter((p) => !lines.has(p));
  expect(missing).toEqual([]);
}

describe('formatKeyPath', () => {
  it('joins bare keys with dots, indexes with brackets and quotes other keys', () => {
    expect(formatKeyPath(['symbols', 'SPY', 'delta'])).toBe('symbols.SPY.delta');
    expect(formatKeyPath(['x', 0, 'y', 12])).toBe('x[0].y[12]');
    expect(formatKeyPath(['symbols', 'BRK.B', 'weight'])).toBe('symbols."BRK.B".weight');
    expect(formatKeyPath(['a b', 'c"d', ''])).toBe('"a b"."c\\"d".""');
    expect(formatKeyPath([])).toBe('');
  });
});

describe('tomlKeyLines', () => {
  it('maps headers, keys and implicit parent tables', () => {
    const text = toml('# comment', 'title = "x"', '', '[symbols.SPY]', 'weight = 0.5', '', '[symbols.QQQ]  # trailing', 'delta = 0.3', '[symbols]', 'x = 1');
    expect(linesOf(text)).toEqual({
      title: 2,
      symbols: 9, // explicitly defined by its own header, which wins over the implicit mention on line 4
      'symbols.SPY': 4,
      'symbols.SPY.weight': 5,
      'symbols.QQQ': 7,
      'symbols.QQQ.delta': 8,
      'symbols.x': 10,
    });
  });

  it('an implicit table maps to the first line that mentions it', () => {
    expect(linesOf(toml('[a.b]', 'k = 1', '[a.c]'))).toMatchObject({ a: 1, 'a.b': 1, 'a.c': 3 });
  });

  it('dotted keys, spaces around dots and quoted keys', () => {
    const text = toml('a.b = 1', ' c . d . e = 2', '"x.y" = 3', "'lit.key' = 4", 'site."google.com" = true', '"esc\\"aped" = 5', '"\\u0041" = 6', '[ t . "u v" ]', "w = 7");
    expect(linesOf(text)).toEqual({
      a: 1,
      'a.b': 1,
      c: 2,
      'c.d': 2,
      'c.d.e': 2,
      '"x.y"': 3,
      '"lit.key"': 4,
      site: 5,
      'site."google.com"': 5,
      '"esc\\"aped"': 6,
      A: 7,
      t: 8,
      't."u v"': 8,
      't."u v".w': 9,
    });
    expectAllKeysMapped(text);
  });

  it('arrays of tables get indexed paths, and sub-tables attach to the last element', () => {
    const text = toml(
      '[[fruit]]',
      'name = "apple"',
      '[fruit.physical]',
      'color = "red"',
      '[[fruit.variety]]',
      'name = "red delicious"',
      '[[fruit]]',
      'name = "banana"',
      '[[fruit.variety]]',
      'name = "plantain"',
      '[[fruit.variety]]',
      'name = "cavendish"',
    );
    expect(linesOf(text)).toEqual({
      fruit: 1,
      'fruit[0]': 1,
      'fruit[0].name': 2,
      'fruit[0].physical': 3,
      'fruit[0].physical.color': 4,
      'fruit[0].variety': 5,
      'fruit[0].variety[0]': 5,
      'fruit[0].variety[0].name': 6,
      'fruit[1]': 7,
      'fruit[1].name': 8,
      'fruit[1].variety': 9,
      'fruit[1].variety[0]': 9,
      'fruit[1].variety[0].name': 10,
      'fruit[1].variety[1]': 11,
      'fruit[1].variety[1].name': 12,
    });
    expectAllKeysMapped(text);
  });

  it('inline tables: keys on the parent line map to it, keys on their own lines to those lines', () => {
    const text = toml('point = { x = 1, y = { z = 2 } }', 'multi = {', '  a = 1,', '  b.c = [', '    1,', '  ],', '  d = { e = 1 }', '}', 'after = 1');
    expect(linesOf(text)).toEqual({
      point: 1,
      'point.x': 1,
      'point.y': 1,
      'point.y.z': 1,
      multi: 2,
      'multi.a': 3,
      'multi.b': 4,
      'multi.b.c': 4,
      'multi.b.c[0]': 5,
      'multi.d': 7,
      'multi.d.e': 7,
      after: 9,
    });
    expectAllKeysMapped(text);
  });

  it('multi-line arrays with comments, strings holding brackets, and inline tables', () => {
    const text = toml(
      'arr = [',
      '  "a]b", # not = a key',
      "  'c[d',",
      '  [1, [2, 3]],',
      '  { k = "v#w" },',
      '  { k2 = 1,',
      '    k3 = 2 },',
      ']',
      'next = 1 # [not.a.table]',
      'empty = []',
    );
    expect(linesOf(text)).toEqual({
      arr: 1,
      'arr[0]': 2,
      'arr[1]': 3,
      'arr[2]': 4,
      'arr[2][0]': 4,
      'arr[2][1]': 4,
      'arr[2][1][0]': 4,
      'arr[2][1][1]': 4,
      'arr[3]': 5,
      'arr[3].k': 5,
      'arr[4]': 6,
      'arr[4].k2': 6,
      'arr[4].k3': 7,
      next: 9,
      empty: 10,
    });
    expectAllKeysMapped(text);
  });

  it('multi-line strings: continuation lines define no keys', () => {
    const text = toml(
      's1 = """',
      'fake = 1',
      '[fake.table]',
      'escaped \\""" still inside',
      'ends with quotes"""""',
      "s2 = '''",
      'other = """',
      "'''",
      's3 = """one line"""',
      'folded = """\\',
      '   k = v"""',
      'last = 1',
    );
    expect(linesOf(text)).toEqual({ s1: 1, s2: 6, s3: 9, folded: 10, last: 12 });
    expectAllKeysMapped(text);
  });

  it('single-line strings containing comment marks, quotes and equals signs', () => {
    const text = toml('a = "x # y = z"', "b = 'c:\\path#'", 'c = "say \\"hi\\" # no"', 'd = 1');
    expect(linesOf(text)).toEqual({ a: 1, b: 2, c: 3, d: 4 });
  });

  it('values of every scalar kind, including dates with a space', () => {
    const text = toml('a = 1979-05-27 07:32:00', 'b = -inf', 'c = 0x_ff', 'c = 1_000', 'd = true', 'e = 07:32:00', 'f = +1.5e3');
    expect([...tomlKeyLines(text).values()]).toEqual([1, 2, 3, 5, 6, 7]);
  });

  it('CRLF line endings and a byte-order mark', () => {
    expect(linesOf('\uFEFF[a]\r\nb = 1\r\n\r\n[c]\r\nd = [\r\n 1,\r\n]\r\ne = 2\r\n')).toEqual({ a: 1, 'a.b': 2, c: 4, 'c.d': 5, 'c.d[0]': 6, 'c.e': 8 });
  });

  it('never throws on malformed input and recovers at the next line', () => {
    const text = toml('= = =', '[unterminated', 'key = "unterminated', '{ stray }', 'arr = [1, 2', 'ok = 1');
    expect(() => tomlKeyLines(text)).not.toThrow();
    const lines = tomlKeyLines(toml('= = =', '[[', 'key = "open', '}}}', 'ok = 1', 'x = {', 'y = 2'));
    expect(lines.get('ok')).toBe(5);
    expect(lines.get('x.y')).toBe(7);
    expect(tomlKeyLines('s = """never closed\nk = 1').size).toBe(1);
    expect(tomlKeyLines('').size).toBe(0);
  });
});

describe('lineOfPath', () => {
  const lines = tomlKeyLines(toml('[strategies.sma_cross]', 'fast = 5', 'timeframes = ["1D"]'));
  it('finds a path, or falls back to its nearest mapped ancestor', () => {
    expect(lineOfPath(lines, ['strategies', 'sma_cross', 'fast'])).toBe(2);
    expect(lineOfPath(lines, ['strategies', 'sma_cross', 'timeframes', 0])).toBe(3);
    expect(lineOfPath(lines, ['strategies', 'sma_cross', 'slow'])).toBe(1);
    expect(lineOfPath(lines, ['backtesting', 'end_date'])).toBe(0);
    expect(lineOfPath(lines, [])).toBe(0);
  });
});
