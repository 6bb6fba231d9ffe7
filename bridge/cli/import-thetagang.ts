// `npm run -s import-thetagang -- thetagang.toml [--out moneytrailz.toml] [--force]`
// Converts a thetagang v2 configuration into moneytrailz.toml (docs/wheel-rules.md §6.1,
// shared/config/thetagang-import.ts): the converted file on stdout, or written atomically to --out (an existing
// file only with --force); then, on stderr, one `thetagang.toml:<line>: <key>: not carried over: <why>` line per key
// left behind (secrets by name only, never their values) and a warning when the converted file does not load yet.
// Exit 0 when converted (even with keys not carried over); 2 with one `error: …` line for bad input, writing nothing.
import { access, readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { ConfigError } from '../../shared/errors.ts';
import { parseConfig } from '../../shared/config/index.ts';
import { importThetagang } from '../../shared/config/thetagang-import.ts';
import { parseCliArgs, UsageError } from './args.ts';
import { writeFileAtomic } from './write-atomic.ts';

const USAGE = `usage: npm run -s import-thetagang -- thetagang.toml [--out moneytrailz.toml] [--force]

  thetagang.toml  a thetagang configuration, schema v2 (migrate a v1 file with thetagang --migrate-config first)
  --out           write the converted configuration to this file instead of stdout
  --force         overwrite --out when it exists

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
  if (out !== undefined && !args.options.has('force') && (await exists(out))) throw new InputError(`${out}: already exists (add --force to overwrite it)`);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new InputError(`${file}: ${code === 'ENOENT' ? 'file not found' : `cannot read the file (${code ?? String(err)})`}`);
  }
  const { toml, notCarried } = importThetagang(text, file);
  if (out !== undefined) await writeFileAtomic(out, toml);
  else process.stdout.write(toml);
  const report = notCarried.map((n) => `${file}${n.line > 0 ? `:${n.line}` : ''}: ${n.key}: not carried over: ${n.why}\n`);
  process.stderr.write(report.join(''));
  try {
    parseConfig(toml, out ?? 'the converted file');
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    process.stderr.write(`warning: the converted file does not load yet, fix it before use: ${err.message}\n`);
  }
  const where = out !== undefined ? `wrote ${out}` : 'converted';
  process.stderr.write(`import-thetagang: ${where} from ${file}; ${notCarried.length} key(s) not carried over\n`);
}

main(process.argv.slice(2)).catch((err: unknown) => {
  if (err instanceof UsageError) process.stderr.write(`error: ${err.message}\n${USAGE}\n`);
  else if (err instanceof ConfigError || err instanceof InputError) process.stderr.write(`error: ${err.message}\n`);
  else process.stderr.write(`error: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exitCode = 2;
});
