// Named error classes that carry what went wrong and where. Every message a user can see
// names the file, line and field (or key path / parameter) and what was expected.

/** Bad market data: names the file, the 1-based line and the column. */
export class DataError extends Error {
  override readonly name = 'DataError';
  constructor(
    readonly file: string,
    readonly line: number,
    readonly field: string,
    readonly problem: string,
  ) {
    super(`${file}:${line}: ${field}: ${problem}`);
  }
}

/** Bad configuration: names the file, the 1-based line (0 when unknown) and the key path. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  constructor(
    readonly file: string,
    readonly line: number,
    readonly keyPath: string,
    readonly problem: string,
  ) {
    super(`${file}${line > 0 ? `:${line}` : ''}: ${keyPath ? `${keyPath}: ` : ''}${problem}`);
  }
}

/** An invalid parameter of an indicator or other computation: names it and its valid range. */
export class ParameterError extends Error {
  override readonly name = 'ParameterError';
  constructor(
    readonly owner: string,
    readonly param: string,
    readonly problem: string,
  ) {
    super(`${owner}: parameter '${param}' ${problem}`);
  }
}

/** A call made before a required asynchronous initialisation (e.g. `await ready()`). */
export class NotReadyError extends Error {
  override readonly name = 'NotReadyError';
}
