// The configuration's rules on a document already read: the schema (types, ranges, defaults) and the
// cross-field rules. parse-config.ts reads TOML text into one; the browser lab's worker checks the
// object its form stands for here, without a TOML reader (its bundle stays small).
import { ConfigError } from '../errors.ts';
import { crossFieldViolation } from './cross-field-rules.ts';
import { moneyTrailzSchema, type MoneyTrailzConfig } from './moneytrailz-config.ts';
import type { ConfigDocument } from './parse-config.ts';
import { SchemaError, type KeyPath } from './schema.ts';
import { formatKeyPath } from './toml-key-lines.ts';

/**
 * The validated configuration of the document `raw` (`file` and `lineOf` name where a problem is).
 * @throws ConfigError on a schema violation or a broken cross-field rule.
 */
export function validateConfig(raw: Record<string, unknown>, file: string, lineOf: (path: KeyPath) => number): MoneyTrailzConfig {
  const errorAt = (path: KeyPath, problem: string) => new ConfigError(file, lineOf(path), formatKeyPath(path), problem);
  let config: MoneyTrailzConfig;
  try {
    config = moneyTrailzSchema.parse(raw, []);
  } catch (e) {
    if (e instanceof SchemaError) throw errorAt(e.path, e.problem);
    throw e;
  }
  const violation = crossFieldViolation(config);
  if (violation) throw errorAt(violation.path, violation.problem);
  return config;
}

/** A configuration document made as an object (the lab's form), not read from a file: no lines (0). @throws ConfigError */
export function objectConfigDocument(raw: Record<string, unknown>, path: string): ConfigDocument {
  return { config: validateConfig(raw, path, () => 0), raw, path, lineOf: () => 0 };
}
