// `npm run -s import-thetagang -- thetagang.toml [--out moneytrailz.toml] [--force]`
// Converts a thetagang v2 configuration into moneytrailz.toml (docs/wheel-rules.md §6.1,
// shared/config/thetagang-import.ts): the converted file on stdout, or written atomically to --out; then, on stderr,
// one `thetagang.toml:<line>: <key>: not carried over: <why>` line per key left behind (secrets by name only, never
// their values) and a warning when the converted file does not load yet. An existing --out is replaced only with
// --force, and then kept first as <out>.bak (.bak.1, .bak.2, … when taken; wheel-rules.md §3.2, T36); without it the
// error shows the exact command to run (paths with spaces quoted).
// Exit 0 when converted (even with keys not carried over); 2 with one `error: …` line for bad input, writing nothing.
import { constants } from 'node:fs';
import { access, chmod, copyFile, readFile, stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { ConfigError } from '../../shared/errors.ts';
import { parseConfig } from '../../shared/config/index.ts';
import { importThetagang, shellWord } from '../../shared/config/thetagang-import.ts';
import { OptionError, parseCliArgs, UsageError } from './args.ts';
import { checkOutputPaths, writeFileAtomic } from './write-atomic.ts';

const USAGE = `usage: npm run -s import-thetagang -- thetagang.toml [--out moneytrailz.toml] [--force]

  thetagang.toml  a thetagang configuration, schema v2 (migrate a v1 file with thetagang --migrate-config first)
  --out           write the converted configuration to this file instead of stdout
  --force         replace --out when it exists, keeping the old file as <out>.bak (.bak.1, … when taken)

The keys that cannot be carried over are listed on stderr with their lines; IBC credentials are never copied.`;

const OPTIONS = new Set(['out', 'force', 'help']);
const FLAGS = new Set(['force', 'help']);

/** An input error that ends the run with exit 2 (already formatted with its file). */
class InputError extends Error {}

async function exists(path: string): Promise<boolean> {
  try {
    await access(path);
    return true;
  } catch {
    return false;
  }
}

/** T36: `<path>.bak`, else `.bak.1`, `.bak.2`, … : the first name not taken. */
async function backupPath(path: string): Promise<string> {
  for (let n = 0; ; n++) {
    const candidate = n === 0 ? `${path}.bak` : `${path}.bak.${n}`;
    if (!(await exists(candidate))) return candidate;
  }
}

/**
 * T36: writes `text` to `path` atomically; an existing file is first copied to its backup (never over another one) and
 * its permissions carry over to the new file. Returns the backup's path, or undefined when there was no file.
 */
async function replaceKeepingBackup(path: string, text: string): Promise<string | undefined> {
  const old = await stat(path).catch(() => undefined);
  if (old === undefined) {
    await writeFileAtomic(path, text);
    return undefined;
  }
  const backup = await backupPath(path);
  await copyFile(path, backup, constants.COPYFILE_EXCL);
  await writeFileAtomic(path, text);
  await chmod(path, old.mode & 0o777);
  return backup;
}

async function main(argv: string[]): Promise<void> {
  const args = parseCliArgs(argv, FLAGS);
  for (const name of args.options.keys()) {
    if (!OPTIONS.has(name)) throw new UsageError(`unknown option --${name} (valid: ${[...OPTIONS].map((o) => `--${o}`).join(', ')})`);
  }
  if (args.options.has('help')) return void process.stdout.write(USAGE + '\n');
  if (args.positional.length !== 1) throw new UsageError(`expected one thetagang.toml, got ${args.positional.length} argument(s)`);
  const [file] = args.positional;
  const out = args.options.get('out')?.at(-1);
  if (out !== undefined && resolve(out) === resolve(file)) throw new UsageError(`--out ${out} is the thetagang file itself`);
  await checkOutputPaths([['out', out]]);
  if (out !== undefined && !args.options.has('force') && (await exists(out))) {
    const command = `npm run -s import-thetagang -- ${shellWord(file)} --out ${shellWord(out)} --force`;
    throw new InputError(`${out}: already exists, nothing was written; to replace it (keeping it as a .bak backup) run: ${command}`);
  }
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new InputError(`${file}: ${code === 'ENOENT' ? 'file not found' : `cannot read the file (${code ?? String(err)})`}`);
  }
  const { toml, notCarried } = importThetagang(text, file);
  const backup = out !== undefined ? await replaceKeepingBackup(out, toml) : undefined;
  if (out === undefined) process.stdout.write(toml);
  const report = notCarried.map((n) => `${file}${n.line > 0 ? `:${n.line}` : ''}: ${n.key}: not carried over: ${n.why}\n`);
  process.stderr.write(report.join(''));
  try {
    parseConfig(toml, out ?? 'the converted file');
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    process.stderr.write(`warning: the converted file does not load yet, fix it before use: ${err.message}\n`);
  }
  const where = out !== undefined ? `wrote ${out}${backup !== undefined ? ` (the file it replaced is kept as ${backup})` : ''}` : 'converted';
  process.stderr.write(`import-thetagang: ${where} from ${file}; ${notCarried.length} key(s) not carried over\n`);
}

main(process.argv.slice(2)).catch((err: unknown) => {
  if (err instanceof UsageError) process.stderr.write(`error: ${err.message}\n${USAGE}\n`);
  else if (err instanceof ConfigError || err instanceof InputError || err instanceof OptionError) process.stderr.write(`error: ${err.message}\n`);
  else process.stderr.write(`error: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exitCode = 2;
});
