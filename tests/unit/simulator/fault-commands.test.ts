// The fault console's parser (bridge/simulator/server/fault-commands.ts): every line a person types
// is either a command with checked arguments, nothing (blank, comment), or one error line naming
// what is wrong — never an exception.
import { describe, expect, it } from 'vitest';
import { faultHelp, parseFaultCommand } from '../../../bridge/simulator/server/fault-commands.ts';

const command = (line: string) => {
  const parsed = parseFaultCommand(line);
  if (!parsed || !('command' in parsed)) throw new Error(`'${line}' did not parse: ${JSON.stringify(parsed)}`);
  return parsed.command;
};
const error = (line: string) => {
  const parsed = parseFaultCommand(line);
  if (!parsed || !('error' in parsed)) throw new Error(`'${line}' parsed: ${JSON.stringify(parsed)}`);
  return parsed.error;
};

describe('parseFaultCommand: good lines', () => {
  it('reads every command with its arguments, case-insensitively and with any spacing', () => {
    expect(command('disconnect')).toEqual({ name: 'disconnect', clientId: undefined });
    expect(command('  DISCONNECT   7 ')).toEqual({ name: 'disconnect', clientId: 7 });
    expect(command('1100')).toEqual({ name: '1100' });
    expect(command('2110')).toEqual({ name: '2110' });
    expect(command('1101')).toEqual({ name: '1101' });
    expect(command('1102')).toEqual({ name: '1102' });
    expect(command('restart-nightly')).toEqual({ name: 'restart-nightly', downMs: undefined, rollBackBy: undefined });
    expect(command('restart-nightly 500 3')).toEqual({ name: 'restart-nightly', downMs: 500, rollBackBy: 3 });
    expect(command('pacing on')).toEqual({ name: 'pacing', count: 'on' });
    expect(command('pacing OFF')).toEqual({ name: 'pacing', count: 'off' });
    expect(command('pacing 3')).toEqual({ name: 'pacing', count: 3 });
    expect(command('lines 0')).toEqual({ name: 'lines', limit: 0 });
    expect(command('read-only on')).toEqual({ name: 'read-only', on: true });
    expect(command('read-only off')).toEqual({ name: 'read-only', on: false });
    expect(command('delay 250')).toEqual({ name: 'delay', ms: 250 });
    expect(command('burst')).toEqual({ name: 'burst', count: undefined, clientId: undefined });
    expect(command('burst 100 2')).toEqual({ name: 'burst', count: 100, clientId: 2 });
    expect(command('reset')).toEqual({ name: 'reset' });
    expect(command('status')).toEqual({ name: 'status' });
    expect(command('help')).toEqual({ name: 'help' });
  });

  it('ignores blank lines and # comments', () => {
    expect(parseFaultCommand('')).toBeUndefined();
    expect(parseFaultCommand('   \t ')).toBeUndefined();
    expect(parseFaultCommand('# 1100 later')).toBeUndefined();
  });

  it('help lists every command with its usage', () => {
    const help = faultHelp();
    for (const usage of ['disconnect [clientId]', '1100', '2110', '1101', '1102', 'restart-nightly [downMs] [rollBackBy]', 'pacing on|off|<n>', 'lines <n>', 'read-only on|off', 'delay <ms>', 'burst [count] [clientId]', 'reset', 'status', 'help']) {
      expect(help).toContain(`  ${usage}`);
    }
  });
});

describe('parseFaultCommand: bad lines give one error line naming the problem', () => {
  it('an unknown command', () => {
    expect(error('explode now')).toBe("unknown command 'explode' (type help for the list)");
    expect(error('1103')).toMatch(/^unknown command '1103'/);
  });

  it('bad, missing or extra arguments', () => {
    expect(error('disconnect abc')).toBe("disconnect: client id 'abc' is not a whole number from 0 to 2147483647 (usage: disconnect [clientId])");
    expect(error('disconnect -1')).toMatch(/^disconnect: client id '-1' is not a whole number/);
    expect(error('disconnect 99999999999')).toMatch(/^disconnect: client id '99999999999'/);
    expect(error('disconnect 1 2')).toBe('disconnect: too many arguments (usage: disconnect [clientId])');
    expect(error('1100 now')).toBe('1100: too many arguments (usage: 1100)');
    expect(error('pacing')).toMatch(/^pacing: pacing needs on, off or a count/);
    expect(error('pacing maybe')).toMatch(/^pacing: pacing count 'maybe' is not a whole number/);
    expect(error('pacing 0')).toMatch(/^pacing: pacing count '0' is not a whole number from 1/);
    expect(error('lines')).toBe('lines: lines needs a number (usage: lines <n>)');
    expect(error('lines 1.5')).toMatch(/^lines: lines '1.5' is not a whole number/);
    expect(error('read-only yes')).toBe("read-only: read-only 'yes' is not on or off (usage: read-only on|off)");
    expect(error('read-only')).toMatch(/^read-only: read-only needs on or off/);
    expect(error('delay 1e3')).toMatch(/^delay: delay '1e3' is not a whole number/);
    expect(error('delay 999999999')).toMatch(/^delay: delay '999999999' is not a whole number from 0 to 600000/);
    expect(error('restart-nightly soon')).toMatch(/^restart-nightly: downMs 'soon'/);
    expect(error('burst 0')).toMatch(/^burst: count '0' is not a whole number from 1/);
  });

  it('clips what it echoes and refuses over-long lines, without throwing on any input', () => {
    expect(error('x'.repeat(150))).toBe(`unknown command '${'x'.repeat(40)}…' (type help for the list)`);
    expect(error(`lines ${'9'.repeat(300)}`)).toMatch(/^line too long \(306 characters/);
    for (const line of ['\0', '\u00ff\u1234', 'disconnect \0', 'lines NaN', 'lines Infinity', 'delay -0', '   #', 'pacing  on  extra']) {
      expect(() => parseFaultCommand(line)).not.toThrow();
    }
  });
});
