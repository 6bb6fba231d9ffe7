import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { parseDecimal } from '../../../shared/data/decimal.ts';

const parse = (s: string) => parseDecimal(s, 0, s.length);

describe('parseDecimal', () => {
  it('reads plain decimals exactly like Number()', () => {
    const ok = ['0', '-0', '1', '+1', '-12.5', '.5', '3.', '497.9234', '0.000001', '1e3', '1E-3', '2.5e+2', '123456789012345',
      '1234567890123456789', '0.1234567890123456789', '9007199254740993', '1e22', '1e23', '1.7976931348623157e308', '5e-324', '00012.50'];
    for (const s of ok) expect(Object.is(parse(s), Number(s)), s).toBe(true);
  });

  it('agrees bit for bit with Number() on every price and volume of the sample files', () => {
    for (const f of ['SPY_1m', 'SPY_1d', 'QQQ_1d', 'TLT_1d', 'AAPL_1d', 'GOOG_1d']) {
      const text = readFileSync(new URL(`../../../data/samples/${f}.csv`, import.meta.url), 'utf8');
      for (const line of text.split('\n').slice(1)) {
        for (const field of line.split(',').slice(1)) {
          if (!Object.is(parse(field), Number(field))) throw new Error(`${f}: ${field}`);
        }
      }
    }
  });

  it('agrees with Number() on random decimals of many shapes', () => {
    let seed = 12345;
    const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
    for (let k = 0; k < 20000; k++) {
      const digits = String(Math.floor(rnd() * 1e17)).slice(0, 1 + Math.floor(rnd() * 17));
      const point = Math.floor(rnd() * (digits.length + 1));
      let s = digits.slice(0, point) + '.' + digits.slice(point);
      if (rnd() < 0.3) s += 'e' + (Math.floor(rnd() * 60) - 30);
      if (rnd() < 0.3) s = '-' + s;
      if (s === '.' || s.startsWith('.e') || s.startsWith('-.e') || s === '-.') continue;
      if (!Object.is(parse(s), Number(s))) throw new Error(s);
    }
  });

  it('rejects everything that is not a plain decimal', () => {
    const bad = ['', ' ', '-', '+', '.', '-.', 'NaN', 'nan', 'Infinity', '-Infinity', 'inf', '0x10', '0b1', '1_000', '1,5',
      ' 1', '1 ', '1.2.3', '--1', '+-1', '1e', '1e+', 'e5', '.e5', '12abc', 'abc', '1d', '١'];
    for (const s of bad) expect(parse(s), JSON.stringify(s)).toBeNaN();
  });

  it('overflows to Infinity (the reader reports it as out of range)', () => {
    expect(parse('1e999')).toBe(Infinity);
  });
});
