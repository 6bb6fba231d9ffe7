// Runner leases kept on disk (docs/trading-model.md §11.6): the shared RunnerLeases state machine,
// its state written durably (writeFileDurable) after every grant, renewal and release and before the
// answer goes out, so a fencing token handed to a device is never handed out again after a restart.
// A file that cannot be read is refused with its path (fail closed: no new tokens from a guess).
import { readFile } from 'node:fs/promises';
import { RunnerLeases, type LeaseResult, type LeaseState } from '../../shared/risk/leases.ts';
import { writeFileDurable } from '../journal/durable-file.ts';

export class LeaseFile {
  private writing: Promise<void> = Promise.resolve();

  private constructor(
    readonly path: string,
    readonly leases: RunnerLeases,
  ) {}

  static async open(path: string, ttlMs: number): Promise<LeaseFile> {
    let state: LeaseState | undefined;
    try {
      state = parseLeaseState(path, await readFile(path, 'utf8'));
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    }
    return new LeaseFile(path, new RunnerLeases(ttlMs, state));
  }

  async acquire(strategy: string, device: string, now: number, takeover = false): Promise<LeaseResult> {
    const r = this.leases.acquire(strategy, device, now, takeover);
    if (r.ok) await this.save();
    return r;
  }

  async renew(strategy: string, device: string, token: number, now: number): Promise<LeaseResult> {
    const r = this.leases.renew(strategy, device, token, now);
    if (r.ok) await this.save();
    return r;
  }

  async release(strategy: string, device: string, token: number): Promise<boolean> {
    const ok = this.leases.release(strategy, device, token);
    if (ok) await this.save();
    return ok;
  }

  /** Writes the current state (writes are chained: the last one on disk is the latest state). */
  private save(): Promise<void> {
    const next = this.writing.catch(() => undefined).then(() => writeFileDurable(this.path, `${JSON.stringify(this.leases.toJSON())}\n`));
    this.writing = next;
    return next;
  }
}

function parseLeaseState(path: string, text: string): LeaseState {
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch {
    throw new Error(`${path}: not valid JSON (delete it only if no device holds a runner lease)`);
  }
  const o = v as Partial<LeaseState> | null;
  if (!o || typeof o !== 'object' || !Number.isSafeInteger(o.lastToken) || !Array.isArray(o.leases)) throw new Error(`${path}: expected {"lastToken": <integer>, "leases": [...]}`);
  for (const [i, l] of o.leases.entries()) {
    if (!l || typeof l.strategy !== 'string' || typeof l.device !== 'string' || !Number.isSafeInteger(l.token) || !Number.isFinite(l.expiresAt)) throw new Error(`${path}: leases[${i}]: expected strategy, device, token and expiresAt`);
  }
  return o as LeaseState;
}
