// A request of the app protocol that failed, with the ack code the client gets (shared/protocol).
import type { AckCode } from '../../shared/protocol/index.ts';

export class AppRequestError extends Error {
  override readonly name = 'AppRequestError';
  constructor(
    readonly code: AckCode,
    message: string,
  ) {
    super(message);
  }
}

/** The ack code and sentence of any failure (an unexpected one is a TWS_ERROR with its text). */
export function failureOf(err: unknown): { code: AckCode; message: string } {
  if (err instanceof AppRequestError) return { code: err.code, message: err.message };
  return { code: 'TWS_ERROR', message: err instanceof Error ? err.message : String(err) };
}

/** The ack code of a TWS error answering a request. */
export function twsFailure(code: number, message: string): AppRequestError {
  if (code === 200) return new AppRequestError('UNKNOWN_INSTRUMENT', `TWS does not know the contract (${code}: ${message})`);
  return new AppRequestError('TWS_ERROR', `TWS error ${code}: ${message}`);
}
