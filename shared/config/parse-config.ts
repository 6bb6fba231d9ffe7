// Reads moneytrailz.toml text into a validated configuration, or throws a ConfigError that names the
// file, the line and the key path.
import { parse, TomlError } from 'smol-toml';
import { ConfigError } from '../errors.ts';
import type { MoneyTrailzConfig } from './moneytrailz-config.ts';
import { lineOfPath, tomlKeyLines, type KeySegment } from './toml-key-lines.ts';
import { validateConfig } from './validate-config.ts';

/**
 * Parses and validates the TOML `text` of the configuration file `file` (the name is used only in
 * messages; no I/O happens here), applies defaults and checks cross-field rules.
 * @throws ConfigError on a TOML syntax error, a schema violation or a broken cross-field rule.
 */
export function parseConfig(text: string, file: string): MoneyTrailzConfig {
  return parseConfigDocument(text, file).config;
}

/** {@link parseConfig}, also returning the TOML document as written (which keys the file sets). */
export function parseConfigDocument(text: string, file: string): { config: MoneyTrailzConfig; raw: Record<string, unknown> } {
  let raw: Record<string, unknown>;
  try {
    raw = parse(text);
  } catch (e) {
    if (e instanceof TomlError) throw new ConfigError(file, e.line, '', `TOML syntax error: ${shortTomlMessage(e)} (column ${e.column})`);
    throw e;
  }
  return { config: validateConfig(raw, file, (path) => lineOfPath(tomlKeyLines(text), path)), raw };
}

const SMOL_TOML_PREFIX = 'Invalid TOML document:';

/** smol-toml's message without its prefix and code excerpt: `invalid value`. */
function shortTomlMessage(e: TomlError): string {
  const first = e.message.split('\n')[0] ?? '';
  return (first.startsWith(SMOL_TOML_PREFIX) ? first.slice(SMOL_TOML_PREFIX.length) : first).trim();
}

/** A validated configuration document with the line of each key (bridge/config-file.ts reads files into one; the browser lab parses text). */
export interface ConfigDocument {
  readonly config: MoneyTrailzConfig;
  /** The TOML document as written (which keys the file sets, before defaults). */
  readonly raw: Record<string, unknown>;
  /** The file's name as messages show it. */
  readonly path: string;
  /** The 1-based line of a key path in the file (0 when absent). */
  lineOf(path: readonly KeySegment[]): number;
}

/** Parses and validates TOML `text` named `path` in messages (no I/O). @throws ConfigError */
export function configDocument(text: string, path: string): ConfigDocument {
  const { config, raw } = parseConfigDocument(text, path);
  let lines: Map<string, number> | undefined;
  return { config, raw, path, lineOf: (keyPath) => lineOfPath((lines ??= tomlKeyLines(text)), [...keyPath]) };
}
