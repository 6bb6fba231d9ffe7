// Reads a moneytrailz.toml from disk and validates it (the validation itself is shared code).
import { readFile } from 'node:fs/promises';
import { ConfigError } from '../shared/errors.ts';
import { configDocument, type ConfigDocument, type MoneyTrailzConfig } from '../shared/config/index.ts';

/** A validated configuration file (shared/config/parse-config.ts ConfigDocument). */
export type LoadedConfig = ConfigDocument;

/** Loads and validates `path`; errors name the file (as given), the line and the key path. */
export async function loadConfig(path: string): Promise<LoadedConfig> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new ConfigError(path, 0, '', code === 'ENOENT' ? 'file not found' : `cannot read the file (${code ?? String(err)})`);
  }
  return configDocument(text, path);
}

/** Loads and validates `path`, returning only the configuration. */
export async function loadConfigFile(path: string): Promise<MoneyTrailzConfig> {
  return (await loadConfig(path)).config;
}
