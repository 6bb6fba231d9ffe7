// `npm run calendar`: the sessions of a range as JSON (UTC) or as a table (ET), and one-line errors
// with exit code 2 and nothing on stdout for bad input.
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { ROOT } from '../support/source-rules.ts';

function calendar(...args: string[]) {
  const r = spawnSync(process.execPath, ['node_modules/tsx/dist/cli.mjs', 'bridge/cli/calendar.ts', ...args], { cwd: ROOT, encoding: 'utf8' });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

interface Row {
  date: string;
  open: string;
  close: string;
}

describe('npm run calendar', () => {
  it('--json: the 252 XNYS sessions of 2024 with UTC open and close, early closes at 18:00Z / 17:00Z', () => {
    const r = calendar('--exchange', 'XNYS', '--from', '2024-01-01', '--to', '2024-12-31', '--json');
    expect(r.code, r.err).toBe(0);
    expect(r.err).toBe('');
    const rows = JSON.parse(r.out) as Row[];
    expect(rows.length).toBe(252);
    expect(rows[0]).toEqual({ date: '2024-01-02', open: '2024-01-02T14:30:00Z', close: '2024-01-02T21:00:00Z' });
    expect(rows.at(-1)).toEqual({ date: '2024-12-31', open: '2024-12-31T14:30:00Z', close: '2024-12-31T21:00:00Z' });
    const byDate = new Map(rows.map((x) => [x.date, x]));
    expect(byDate.get('2024-07-01')).toEqual({ date: '2024-07-01', open: '2024-07-01T13:30:00Z', close: '2024-07-01T20:00:00Z' });
    expect(byDate.get('2024-07-03')!.close).toBe('2024-07-03T17:00:00Z');
    expect(byDate.get('2024-11-29')!.close).toBe('2024-11-29T18:00:00Z');
    expect(byDate.get('2024-12-24')!.close).toBe('2024-12-24T18:00:00Z');
    expect(byDate.has('2024-03-29')).toBe(false);
    expect(r.out.split('\n').filter((l) => l.startsWith('{')).length).toBe(252); // one session per line
  });

  it('defaults to XNYS; XNAS and XCBO give the same sessions; an empty range is []', () => {
    const base = calendar('--from', '2012-10-25', '--to', '2012-11-02', '--json');
    expect(base.code, base.err).toBe(0);
    expect((JSON.parse(base.out) as Row[]).map((x) => x.date)).toEqual(['2012-10-25', '2012-10-26', '2012-10-31', '2012-11-01', '2012-11-02']);
    for (const id of ['XNAS', 'xcbo']) expect(calendar('--exchange', id, '--from', '2012-10-25', '--to', '2012-11-02', '--json').out).toBe(base.out);
    const empty = calendar('--from', '2024-03-29', '--to', '2024-03-31', '--json');
    expect(JSON.parse(empty.out)).toEqual([]);
  });

  it('without --json: a table in ET with early closes marked and closures named, then a summary', () => {
    const r = calendar('--from', '2024-11-25', '--to', '2024-12-31');
    expect(r.code, r.err).toBe(0);
    const lines = r.out.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^XNYS\s+New York Stock Exchange\s+2024-11-25 to 2024-12-31/);
    expect(lines).toContain('2024-11-25  Mon  09:30  16:00');
    expect(lines).toContain('2024-11-29  Fri  09:30  13:00  * early close');
    expect(lines.find((l) => l.startsWith('2024-11-28'))).toMatch(/closed\s+Thanksgiving Day/);
    expect(lines.find((l) => l.startsWith('2024-12-25'))).toMatch(/closed\s+Christmas Day/);
    expect(lines.at(-1)).toBe('25 sessions, 2 early closes (* 13:00 ET), 2 holidays and closures on weekdays');
  });

  it.each([
    [['--exchange', 'XLON', '--from', '2024-01-01', '--to', '2024-01-31'], /^error: --exchange 'XLON' is not a known exchange \(valid: XNYS, XNAS, XCBO\)$/],
    [['--from', '2024-02-30', '--to', '2024-03-31'], /^error: --from '2024-02-30' is not a real date$/],
    [['--from', '2024-01-01', '--to', '31/12/2024'], /^error: --to '31\/12\/2024' is not a date YYYY-MM-DD$/],
    [['--from', '2024-12-31', '--to', '2024-01-01'], /^error: --from 2024-12-31 is after --to 2024-01-01$/],
    [['--from', '2024-01-01', '--to', '2024-01-31', '--format', 'csv'], /^error: unknown option --format/],
    [['--to', '2024-01-31'], /^error: --from is required/],
    [['--from', '2024-01-01', '--to'], /^error: --to needs a value$/],
  ])('bad input %j: one error line on stderr, exit 2, nothing on stdout', (args, message) => {
    const r = calendar(...args);
    expect(r.code).toBe(2);
    expect(r.out).toBe('');
    expect(r.err.trimEnd().split('\n')).toHaveLength(1);
    expect(r.err.trimEnd()).toMatch(message);
  });
});
