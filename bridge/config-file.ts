// Reads a moneytrailz.toml from disk and validates it (the validation itself is shared code).
import { readFile } from 'node:fs/promises';
import { ConfigError } from '../shared/errors.ts';
import { lineOfPath, parseConfigDocument, tomlKeyLines, type KeySegment, type MoneyTrailzConfig } from '../shared/config/index.ts';

export interface LoadedConfig {
  readonly config: MoneyTrailzConfig;
  /** The TOML document as written (which keys the file sets, before defaults). */
  readonly raw: Record<string, unknown>;
  readonly path: string;
  /** The 1-based line of a key path in the file (0 when absent), for errors found after validation. */
  lineOf(path: readonly KeySegment[]): number;
}

/** Loads and validates `path`; errors name the file (as given), the line and the key path. */
export async function loadConfig(path: string): Promise<LoadedConfig> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new ConfigError(path, 0, '', code === 'ENOENT' ? 'file not found' : `cannot read the file (${code ?? String(err)})`);
  }
  const { config, raw } = parseConfigDocument(text, path);
  let lines: Map<string, number> | undefined;
  return {
    config,
    raw,
    path,
    lineOf: (keyPath) => lineOfPath((lines ??= tomlKeyLines(text)), [...keyPath]),
  };
}

/** Loads and validates `path`, returning only the configuration. */
export async function loadConfigFile(path: string): Promise<MoneyTrailzConfig> {
  return (await loadConfig(path)).config;
}
