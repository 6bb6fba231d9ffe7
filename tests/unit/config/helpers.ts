// Shared helpers for the configuration tests.
import { readFileSync } from 'node:fs';
import { expect } from 'vitest';
import { ConfigError } from '../../../shared/errors.ts';
import { parseConfig } from '../../../shared/config/index.ts';

export const FILE = 'moneytrailz.toml';

/** The repository root (tests run from the checkout alone). */
export const ROOT = new URL('../../../', import.meta.url);

export function readRepoFile(path: string): string {
  return readFileSync(new URL(path, ROOT), 'utf8');
}

/** Joins lines with '\n' so that tests can count lines at a glance. */
export const toml = (...lines: string[]): string => lines.join('\n');

/** Parses `text` and returns the ConfigError it must throw. */
export function configError(text: string, file = FILE): ConfigError {
  try {
    parseConfig(text, file);
  } catch (e) {
    if (e instanceof ConfigError) return e;
    throw e;
  }
  throw new Error(`expected a ConfigError for:\n${text}`);
}

/**
 * Asserts that `text` is rejected at exactly `line` and `keyPath`, with a message that starts with
 * `moneytrailz.toml:<line>: <keyPath>: ` and contains `problem` (or equals it, for a full message).
 */
export function expectRejected(text: string, line: number, keyPath: string, problem: string): ConfigError {
  const err = configError(text);
  expect({ file: err.file, line: err.line, keyPath: err.keyPath }).toEqual({ file: FILE, line, keyPath });
  const prefix = keyPath ? `${FILE}:${line}: ${keyPath}: ` : `${FILE}:${line}: `;
  expect(err.message.startsWith(prefix), `message ${JSON.stringify(err.message)} starts with ${JSON.stringify(prefix)}`).toBe(true);
  expect(err.message).toContain(problem);
  return err;
}

/** A ```toml block of a Markdown file, with the heading above it. */
export interface TomlBlock {
  readonly heading: string;
  readonly body: string;
}

/** Every ```toml fenced block of `markdown`, named by the nearest heading above it. */
export function tomlBlocks(markdown: string): TomlBlock[] {
  const blocks: TomlBlock[] = [];
  let heading = '';
  let body: string[] | null = null;
  for (const line of markdown.split(/\r?\n/)) {
    if (body !== null) {
      if (/^```\s*$/.test(line)) {
        blocks.push({ heading, body: body.join('\n') });
        body = null;
      } else body.push(line);
    } else if (/^```toml\s*$/.test(line)) body = [];
    else if (/^#{1,6}\s/.test(line)) heading = line.replace(/^#+\s*/, '').replace(/\*/g, '').trim();
  }
  return blocks;
}

/** Every key path of a parsed TOML value, as formatKeyPath writes them. */
export function rawKeyPaths(value: unknown, prefix: (string | number)[] = []): (string | number)[][] {
  const out: (string | number)[][] = [];
  if (Array.isArray(value)) {
    value.forEach((v, i) => {
      out.push([...prefix, i]);
      out.push(...rawKeyPaths(v, [...prefix, i]));
    });
  } else if (typeof value === 'object' && value !== null && !(value instanceof Date)) {
    for (const [k, v] of Object.entries(value)) {
      out.push([...prefix, k]);
      out.push(...rawKeyPaths(v, [...prefix, k]));
    }
  }
  return out;
}
