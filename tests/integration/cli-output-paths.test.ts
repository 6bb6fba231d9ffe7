// Every command-line tool that writes a file checks its output paths before any work: a missing folder, a
// folder given where a file belongs or a path ending in a separator is one `error: --<option> <path>: …` line on
// stderr, exit 2, nothing on stdout (no summary, no run) and no file written.
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { OptionError } from '../../bridge/cli/args.ts';
import { checkOutputPaths, outputPathProblem } from '../../bridge/cli/write-atomic.ts';
import { ROOT } from '../support/source-rules.ts';

function cli(script: string, ...args: string[]) {
  const r = spawnSync(process.execPath, ['node_modules/tsx/dist/cli.mjs', `bridge/cli/${script}.ts`, ...args], { cwd: ROOT, encoding: 'utf8' });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

const dir = mkdtempSync(join(tmpdir(), 'mt-cli-paths-'));
const missing = join(dir, 'no-such-folder');
const folder = join(dir, 'a-folder');
mkdirSync(folder);
const aFile = join(dir, 'a-file.txt');
writeFileSync(aFile, 'x');

/** The run failed with exactly `line` on stderr, exit 2, nothing on stdout, and the folder holds only what was there. */
function refused(r: { code: number | null; out: string; err: string }, line: string): void {
  expect(r.err).toBe(`error: ${line}\n`);
  expect(r.code).toBe(2);
  expect(r.out).toBe('');
  expect(readdirSync(dir).sort()).toEqual(['a-file.txt', 'a-folder']);
  expect(readdirSync(folder)).toEqual([]);
}

const CONFIG = 'tests/fixtures/backtest/goog-sma-cross.toml';

describe('output paths are checked before the work starts', () => {
  it('names the problem: a missing folder, a folder, a file as the folder, a trailing separator, an empty path', async () => {
    expect(await outputPathProblem(join(missing, 'x.json'))).toBe(`directory ${missing} does not exist (create it first, or choose another folder)`);
    expect(await outputPathProblem(folder)).toBe(`${folder} is a directory: give a file name inside it`);
    expect(await outputPathProblem(join(aFile, 'x.json'))).toBe(`${aFile} is not a directory`);
    expect(await outputPathProblem(`${missing}/`)).toBe('the path ends with a separator, so it names a directory: give a file name');
    expect(await outputPathProblem('')).toBe('the path is empty: give a file name');
    expect(await outputPathProblem(join(folder, 'ok.json'))).toBeNull();
    expect(await outputPathProblem(aFile)).toBeNull(); // an existing file is replaced atomically
    await expect(checkOutputPaths([['json', undefined], ['html', folder]])).rejects.toThrow(new OptionError(`--html ${folder}: ${folder} is a directory: give a file name inside it`));
  });

  it('backtest: --json in a missing folder, --html a folder', () => {
    const json = join(missing, 'x.json');
    refused(cli('backtest', CONFIG, '--json', json), `--json ${json}: directory ${missing} does not exist (create it first, or choose another folder)`);
    refused(cli('backtest', CONFIG, '--json', join(folder, 'ok.json'), '--html', folder), `--html ${folder}: ${folder} is a directory: give a file name inside it`);
  });

  it('sweep: --csv in a missing folder, before any worker runs', () => {
    const csv = join(missing, 'r.csv');
    const r = cli('sweep', CONFIG, '--grid', 'fast=5:25:10', '--csv', csv, '--html', join(folder, 'm.html'));
    refused(r, `--csv ${csv}: directory ${missing} does not exist (create it first, or choose another folder)`); // no "sweep: … combinations" line
  });

  it('ta: --out under a file', () => {
    const out = join(aFile, 'rsi.csv');
    refused(cli('ta', 'data/samples/SPY_1d.csv', 'RSI', '--out', out), `--out ${out}: ${aFile} is not a directory`);
  });

  it('paper: --json in a missing folder (the simulator never starts)', () => {
    const json = join(missing, 'p.json');
    refused(cli('paper', 'data/examples/rsi-reversion-spy.toml', '--json', json), `--json ${json}: directory ${missing} does not exist (create it first, or choose another folder)`);
  });

  it('wheel: --json a folder', () => {
    const r = cli('wheel', '--config', 'tests/fixtures/wheel/moneytrailz.toml', '--scenario', 'tests/fixtures/wheel/call-ladder.json', '--json', folder);
    refused(r, `--json ${folder}: ${folder} is a directory: give a file name inside it`);
  });

  it('import-thetagang: --out ending in a separator', () => {
    const out = `${missing}/`;
    refused(cli('import-thetagang', 'tests/fixtures/wheel/thetagang-sample.toml', '--out', out), `--out ${out}: the path ends with a separator, so it names a directory: give a file name`);
    expect(existsSync(missing)).toBe(false);
  });
});
