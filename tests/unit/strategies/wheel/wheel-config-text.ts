// The wheel of a moneytrailz.toml text, as the dry run reads it (docs/wheel-rules.md §6.1): parsed and
// validated, then read by wheelConfigOf, with a SchemaError turned into `moneytrailz.toml:<line>: <key>:
// <problem>`. For the tests of the wheel's own keys (technical filters, execution policy).
import { formatKeyPath, lineOfPath, parseConfig, tomlKeyLines } from '../../../../shared/config/index.ts';
import { SchemaError } from '../../../../shared/config/schema.ts';
import { ConfigError } from '../../../../shared/errors.ts';
import type { WheelConfig } from '../../../../shared/strategies/wheel/config.ts';
import { wheelConfigOf } from '../../../../shared/strategies/wheel/from-config.ts';

export const FILE = 'moneytrailz.toml';

/** Lines joined with '\n' (line numbers at a glance). */
export const toml = (...lines: string[]): string => lines.join('\n');

/** The smallest wheel with two symbols: the required keys only (lines 1–10). */
export const MINIMAL = [
  ...['[account]', 'margin_usage = 0.5', '[symbols.SPY]', 'weight = 0.6', '[symbols.QQQ]', 'weight = 0.4'],
  ...['[strategies.wheel.target]', 'dte = 45', '[strategies.wheel.roll_when]', 'dte = 15'],
];

/** The wheel of `text`, or the ConfigError it gives. */
export function wheelOf(text: string): WheelConfig {
  const config = parseConfig(text, FILE);
  try {
    return wheelConfigOf(config);
  } catch (e) {
    if (e instanceof SchemaError) throw new ConfigError(FILE, lineOfPath(tomlKeyLines(text), e.path), formatKeyPath(e.path), e.problem);
    throw e;
  }
}

/** The message of the error `text` gives (from the schema or from wheelConfigOf). */
export function wheelError(text: string): string {
  try {
    wheelOf(text);
  } catch (e) {
    if (e instanceof ConfigError) return e.message;
    throw e;
  }
  throw new Error(`expected an error for:\n${text}`);
}
