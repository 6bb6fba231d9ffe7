// Minimal `--name value` argument parsing shared by the command-line tools.

export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/** A bad option value, reported as one `error: --<option> <value>: <problem>` line (without the usage text), exit 2. */
export class OptionError extends Error {
  override readonly name = 'OptionError';
}

export interface ParsedArgs {
  readonly positional: string[];
  /** `--name value` pairs in order (a flag without a value maps to 'true'). */
  readonly options: Map<string, string[]>;
}

/** Splits argv into positionals and `--name value` options; `flags` take no value. */
export function parseCliArgs(argv: readonly string[], flags: ReadonlySet<string> = new Set()): ParsedArgs {
  const positional: string[] = [];
  const options = new Map<string, string[]>();
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (!a.startsWith('--')) {
      positional.push(a);
      continue;
    }
    let name = a.slice(2);
    let value: string | undefined;
    const eq = name.indexOf('=');
    if (eq >= 0) {
      value = name.slice(eq + 1);
      name = name.slice(0, eq);
    } else if (flags.has(name)) value = 'true';
    else {
      value = argv[++i];
      if (value === undefined) throw new UsageError(`--${name} needs a value`);
    }
    options.set(name, [...(options.get(name) ?? []), value]);
  }
  return { positional, options };
}
