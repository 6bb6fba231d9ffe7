// Reads a moneytrailz.toml from disk and validates it (the validation itself is shared code).
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { ConfigError } from '../shared/errors.ts';
import { parseConfig, type MoneyTrailzConfig } from '../shared/config/index.ts';

/** Loads and validates `path`; errors name the file (as given), line and key path. */
export async function loadConfigFile(path: string): Promise<MoneyTrailzConfig> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new ConfigError(path, 0, '', code === 'ENOENT' ? 'file not found' : `cannot read the file (${code ?? String(err)})`);
  }
  return parseConfig(text, path.includes('/') ? path : basename(path));
}
