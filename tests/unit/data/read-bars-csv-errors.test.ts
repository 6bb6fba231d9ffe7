import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { readBarsCsv } from '../../../shared/data/read-bars-csv.ts';
import { DataError } from '../../../shared/errors.ts';

const sample = (name: string) => readFileSync(new URL(`../../../data/samples/${name}`, import.meta.url), 'utf8');
const DAILY = sample('SPY_1d.csv');
const MINUTE = sample('SPY_1m.csv');
const COLS = ['date', 'open', 'high', 'low', 'close', 'volume'];

/** `text` with its 1-based line `n` replaced by `edit` or `edit(fields of that line)` (an array is joined with commas). */
function editLine(text: string, n: number, edit: string | ((fields: string[]) => string[] | string)): string {
  const lines = text.split('\n');
  const out = typeof edit === 'string' ? edit : edit(lines[n - 1].split(','));
  lines[n - 1] = Array.isArray(out) ? out.join(',') : out;
  return lines.join('\n');
}

/** `text` with line `n` set to column `col` = `value`. */
const setField = (text: string, n: number, col: string, value: string) =>
  editLine(text, n, (f) => f.map((x, i) => (i === COLS.indexOf(col) ? value : x)));

/** Reads `text` expecting a DataError at exactly file:line: field:, whose problem matches `problem`. */
function expectDataError(text: string, file: string, line: number, field: string, problem?: RegExp): DataError {
  let caught: unknown;
  let result: unknown;
  try {
    result = readBarsCsv(text, file);
  } catch (e) {
    caught = e;
  }
  expect(result, 'nothing partial is returned').toBeUndefined();
  expect(caught).toBeInstanceOf(DataError);
  const err = caught as DataError;
  expect({ file: err.file, line: err.line, field: err.field }).toEqual({ file, line, field });
  expect(err.message.startsWith(`${file}:${line}: ${field}: `), err.message).toBe(true);
  if (problem) expect(err.problem).toMatch(problem);
  return err;
}

describe('readBarsCsv rejects bad prices', () => {
  for (const col of ['open', 'high', 'low', 'close', 'volume']) {
    it(`non-numeric ${col}`, () => {
      expectDataError(setField(DAILY, 17, col, 'abc'), 'SPY_1d.csv', 17, col, /'abc' is not a number \(expected a plain decimal/);
    });
  }

  it('NaN, Infinity and other non-plain numbers', () => {
    for (const bad of ['NaN', 'Infinity', '-Infinity', '0x2B', '43,5', ' 43.5', '43.5 ', '4.3.5', '1e', '+-4']) {
      // '43,5' splits into an extra field: that is a field-count error on the row instead.
      const field = bad === '43,5' ? 'row' : 'high';
      expectDataError(setField(DAILY, 17, 'high', bad), 'SPY_1d.csv', 17, field);
    }
    expectDataError(setField(DAILY, 17, 'close', 'NaN'), 'SPY_1d.csv', 17, 'close', /'NaN' is not a number/);
    expectDataError(setField(DAILY, 17, 'low', 'Infinity'), 'SPY_1d.csv', 17, 'low', /'Infinity' is not a number/);
    expectDataError(setField(DAILY, 17, 'high', '1e999'), 'SPY_1d.csv', 17, 'high', /'1e999' is out of range/);
  });

  it('empty price', () => {
    expectDataError(setField(DAILY, 17, 'low', ''), 'SPY_1d.csv', 17, 'low', /empty value \(expected a number\)/);
    // Last field on a CRLF line.
    const crlf = DAILY.replaceAll('\n', '\r\n');
    expectDataError(setField(crlf, 30, 'volume', '\r'), 'SPY_1d.csv', 30, 'volume', /empty value/);
  });

  it('high below low, with the exact message', () => {
    const text = editLine(DAILY, 17, ([d, o]) => [d, o, '10.5', '11', o, '100']);
    const err = expectDataError(text, 'SPY_1d.csv', 17, 'high');
    expect(err.message).toBe('SPY_1d.csv:17: high: high 10.5 is below low 11 (expected high >= low)');
  });

  it('open below low and open above high', () => {
    // line 17: 1993-02-22,43.6875,43.7812,43.5625,43.7187,513600
    expectDataError(setField(DAILY, 17, 'open', '43.5'), 'SPY_1d.csv', 17, 'open',
      /^open 43\.5 is outside \[low 43\.5625, high 43\.7812\] \(expected low <= open <= high\)$/);
    expectDataError(setField(DAILY, 17, 'open', '43.79'), 'SPY_1d.csv', 17, 'open', /open 43\.79 is outside/);
    expectDataError(setField(MINUTE, 101, 'open', '497'), 'SPY_1m.csv', 101, 'open');
  });

  it('close below low and close above high', () => {
    expectDataError(setField(DAILY, 17, 'close', '43.56'), 'SPY_1d.csv', 17, 'close',
      /^close 43\.56 is outside \[low 43\.5625, high 43\.7812\] \(expected low <= close <= high\)$/);
    expectDataError(setField(DAILY, 17, 'close', '44'), 'SPY_1d.csv', 17, 'close');
    expectDataError(setField(MINUTE, 24571, 'close', '530'), 'SPY_1m.csv', 24571, 'close');
  });

  it('open/close equal to low or high are fine', () => {
    const text = editLine(DAILY, 17, ([d, , h, l]) => [d, l, h, l, h, '1']);
    expect(readBarsCsv(text, 'SPY_1d.csv').length).toBe(5564);
  });

  it('negative volume (zero is allowed)', () => {
    expectDataError(setField(DAILY, 17, 'volume', '-5'), 'SPY_1d.csv', 17, 'volume', /^volume -5 is negative \(expected volume >= 0\)$/);
    expectDataError(setField(DAILY, 17, 'volume', '-1'), 'SPY_1d.csv', 17, 'volume', /^volume -1 is negative/);
    expectDataError(setField(MINUTE, 101, 'volume', '-0.5'), 'SPY_1m.csv', 101, 'volume', /^volume -0\.5 is negative/);
    const zero = readBarsCsv(setField(DAILY, 17, 'volume', '0'), 'SPY_1d.csv');
    expect(zero.volume[15]).toBe(0);
  });
});

describe('readBarsCsv rejects bad times', () => {
  it('a duplicate time', () => {
    const text = setField(DAILY, 18, 'date', '1993-02-22');
    expectDataError(text, 'SPY_1d.csv', 18, 'date', /^duplicate time 1993-02-22 \(line 17 has the same time; expected strictly ascending times\)$/);
    expectDataError(setField(MINUTE, 102, 'date', '2024-02-20T11:09:00-05:00'), 'SPY_1m.csv', 102, 'date', /duplicate time/);
    // The same instant written with another offset is still a duplicate.
    expectDataError(setField(MINUTE, 102, 'date', '2024-02-20T16:09:00Z'), 'SPY_1m.csv', 102, 'date', /duplicate time 2024-02-20T16:09:00Z/);
  });

  it('an out-of-order time', () => {
    const lines = DAILY.split('\n');
    [lines[16], lines[17]] = [lines[17], lines[16]]; // swap lines 17 and 18
    expectDataError(lines.join('\n'), 'SPY_1d.csv', 18, 'date',
      /^time 1993-02-22 is before 1993-02-23 on line 17 \(expected strictly ascending times\)$/);
    // The first bar of the second session moved before the last bar of the first one.
    expectDataError(setField(MINUTE, 392, 'date', '2024-02-20T15:58:00-05:00'), 'SPY_1m.csv', 392, 'date',
      /^time 2024-02-20T15:58:00-05:00 is before 2024-02-20T15:59:00-05:00 on line 391/);
  });

  it('invalid dates, bad formats and bad offsets', () => {
    const daily: Array<[string, RegExp]> = [
      ['2023-02-30', /invalid date '2023-02-30': day 30 does not exist in 2023-02/],
      ['1993-02-29', /day 29 does not exist/],
      ['1993-13-01', /month 13/],
      ['1993-2-22', /expected an ISO date/],
      ['19930222', /expected an ISO date/],
      ['1993/02/22', /expected an ISO date/],
      ['22.02.1993', /expected an ISO date/],
      ['', /expected an ISO date/],
    ];
    for (const [value, problem] of daily) expectDataError(setField(DAILY, 17, 'date', value), 'SPY_1d.csv', 17, 'date', problem);
    const intraday: Array<[string, RegExp]> = [
      ['2024-02-20T11:09:00-5:00', /expected a UTC offset/],
      ['2024-02-20T11:09:00+19:00', /out of range/],
      ['2024-02-20T11:09:00-05:75', /out of range/],
      ['2024-02-20T11:09:00', /expected a UTC offset Z or ±HH:MM after the time/],
      ['2024-02-20 11:09:00-05:00', /expected a time/],
      ['2024-02-20T25:09:00-05:00', /hour 25/],
      ['2024-02-20T11:61:00-05:00', /minute 61/],
      ['2024-02-31T11:09:00-05:00', /day 31 does not exist/],
    ];
    for (const [value, problem] of intraday) expectDataError(setField(MINUTE, 101, 'date', value), 'SPY_1m.csv', 101, 'date', problem);
  });

  it('mixing daily dates and intraday datetimes', () => {
    expectDataError(setField(MINUTE, 101, 'date', '2024-02-20'), 'SPY_1m.csv', 101, 'date', /is a date without time but earlier rows are datetimes/);
    expectDataError(setField(DAILY, 17, 'date', '1993-02-22T09:30:00-05:00'), 'SPY_1d.csv', 17, 'date', /is a datetime but earlier rows are dates/);
  });

  it('overlapping intraday bars', () => {
    expectDataError(setField(MINUTE, 101, 'date', '2024-02-20T11:08:30-05:00'), 'SPY_1m.csv', 101, 'date',
      /bar starts 30 seconds after the previous one, inside it \(expected 1m bars that do not overlap\)/);
  });

  it('intraday bars of an unsupported length, or too few to tell', () => {
    const lines = MINUTE.trimEnd().split('\n');
    const twoMinute = [lines[0], ...lines.slice(1).filter((_, i) => i % 2 === 0)].join('\n');
    expectDataError(twoMinute, 'SPY_1m.csv', 3, 'date', /bars are most often 2 minutes apart \(expected 1m, 5m, 15m or 1h bars\)/);
    expectDataError(lines.slice(0, 2).join('\n'), 'SPY_1m.csv', 2, 'date', /cannot infer the bar length/);
  });
});

describe('readBarsCsv rejects bad structure', () => {
  for (const col of COLS) {
    it(`a missing '${col}' column (line 1)`, () => {
      const i = COLS.indexOf(col);
      const text = DAILY.split('\n').map((l) => l.split(',').filter((_, k) => k !== i).join(',')).join('\n');
      expectDataError(text, 'SPY_1d.csv', 1, col, new RegExp(`^missing column '${col}' \\(expected a header with date,open,high,low,close,volume, in any order\\)$`));
    });
  }

  it('a header naming a column twice', () => {
    expectDataError(editLine(DAILY, 1, 'date,open,high,low,close,volume,Close'), 'SPY_1d.csv', 1, 'close', /appears twice \(columns 5 and 7/);
  });

  it('an empty file (no header)', () => {
    for (const text of ['', '\n', '\r\n\r\n', '\ufeff', '   \n\n']) {
      expectDataError(text, 'empty.csv', 1, 'header', /^empty file \(expected a header line date,open,high,low,close,volume\)$/);
    }
    expectDataError('\n' + DAILY, 'SPY_1d.csv', 1, 'header', /blank first line/);
  });

  it('a header-only file (no rows)', () => {
    for (const text of ['date,open,high,low,close,volume', 'date,open,high,low,close,volume\n', 'date,open,high,low,close,volume\r\n\r\n\n']) {
      expectDataError(text, 'SPY_1d.csv', 2, 'row', /^no data rows after the header \(expected at least one bar\)$/);
    }
  });

  it('a row with too few or too many fields', () => {
    expectDataError(editLine(DAILY, 17, (f) => f.slice(0, 5)), 'SPY_1d.csv', 17, 'volume', /^row has 5 fields \(expected 6, one per header column\)$/);
    expectDataError(editLine(DAILY, 17, (f) => f.slice(0, 3)), 'SPY_1d.csv', 17, 'low', /row has 3 fields/);
    expectDataError(editLine(DAILY, 17, (f) => [...f, '1']), 'SPY_1d.csv', 17, 'row', /^row has 7 fields \(expected 6/);
    expectDataError(editLine(MINUTE, 24571, (f) => f.slice(0, 5)), 'SPY_1m.csv', 24571, 'volume');
  });

  it('a blank line between rows (blank lines are allowed only at the end)', () => {
    expectDataError(editLine(DAILY, 17, ''), 'SPY_1d.csv', 17, 'row', /blank line before more rows/);
    expectDataError(DAILY.replace('\n1993-02-22', '\n\n\n1993-02-22'), 'SPY_1d.csv', 17, 'row', /blank line/);
  });

  it('reports the first bad line of a file that is wrong in several places', () => {
    let text = setField(DAILY, 40, 'volume', '-1');
    text = setField(text, 30, 'high', 'x');
    expectDataError(text, 'SPY_1d.csv', 30, 'high');
  });
});
