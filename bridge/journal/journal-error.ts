// A journal or order-id file that cannot be trusted: names the file, the 1-based line (0 when the
// whole file is meant) and what is wrong (docs/journal.md §3). The bridge refuses to trade on it.
export class JournalError extends Error {
  override readonly name = 'JournalError';
  constructor(
    readonly file: string,
    readonly line: number,
    readonly problem: string,
  ) {
    super(`${file}${line > 0 ? `:${line}` : ''}: ${problem}`);
  }
}
