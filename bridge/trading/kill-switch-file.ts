// The kill switch kept on disk (docs/bridge.md §5): the account's trading state (ACTIVE, REDUCING,
// HALTED; shared/risk/trading-state.ts) is written durably before the command that set it is
// acknowledged, and read back at start, so a HALT survives a crash or a restart of the bridge. A file
// that cannot be read starts the bridge HALTED (fail closed) with a warning naming it; no file means
// ACTIVE (a bridge that was never halted).
import { readFile } from 'node:fs/promises';
import type { TradingState } from '../../shared/risk/trading-state.ts';
import { writeFileDurable } from '../journal/durable-file.ts';

const STATES: readonly TradingState[] = ['ACTIVE', 'REDUCING', 'HALTED'];

export class KillSwitchFile {
  private writing: Promise<void> = Promise.resolve();

  private constructor(
    readonly path: string,
    private current: TradingState,
  ) {}

  /** The state saved at `path` (ACTIVE when there is none; HALTED, with a warning, when it cannot be read). */
  static async open(path: string, warn: (line: string) => void): Promise<KillSwitchFile> {
    let text: string;
    try {
      text = await readFile(path, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return new KillSwitchFile(path, 'ACTIVE');
      warn(`${path}: the saved trading state cannot be read (${(err as Error).message}); starting HALTED`);
      return new KillSwitchFile(path, 'HALTED');
    }
    const state = parseState(text);
    if (state === undefined) {
      warn(`${path}: the saved trading state is not one of ${STATES.join(', ')}; starting HALTED (a resume command clears it)`);
      return new KillSwitchFile(path, 'HALTED');
    }
    return new KillSwitchFile(path, state);
  }

  get state(): TradingState {
    return this.current;
  }

  /** Sets and saves the state; resolves once it is durable (writes are chained, the last one wins). */
  set(state: TradingState): Promise<void> {
    this.current = state;
    const next = this.writing.catch(() => undefined).then(() => writeFileDurable(this.path, `${JSON.stringify({ tradingState: state })}\n`));
    this.writing = next;
    return next;
  }
}

function parseState(text: string): TradingState | undefined {
  try {
    const v = (JSON.parse(text) as { tradingState?: unknown } | null)?.tradingState;
    return STATES.find((s) => s === v);
  } catch {
    return undefined;
  }
}
