// Reading one client request's fields. A frame's payload is UTF-8 fields each ended by NUL
// (ib-protocol.md §2: "split on NUL, drop the final empty piece"). Unset values arrive as "";
// numbers may be any JS rendering (`150.5`, `1e-7`). Every failure names the message, the field
// and what was expected, and is answered with error 320 by the session.

import { ERR } from './error-codes.ts';
import { requestName } from './message-ids.ts';

/** A request the simulator cannot read or accept; `reqId` is -1 when it was not read yet. */
export class RequestError extends Error {
  override readonly name = 'RequestError';
  constructor(
    readonly code: number,
    readonly reqId: number,
    message: string,
  ) {
    super(message);
  }
}

const INT_RE = /^[+-]?\d{1,15}$/;
const NUM_RE = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

export class FieldReader {
  /** The message id (first field). */
  readonly msgId: number;
  /** The request id once a handler read it; used for error replies. */
  reqId = -1;
  private pos = 1;

  private constructor(
    private readonly fields: string[],
    msgId: number,
  ) {
    this.msgId = msgId;
  }

  /** Splits a frame payload into fields; throws a RequestError when there is no valid message id. */
  static fromPayload(payload: Buffer): FieldReader {
    const text = payload.toString('utf8');
    const fields = text.split('\0');
    // Every field ends with NUL, so the last piece is empty; tolerate a missing final NUL.
    if (fields.length > 1 && fields[fields.length - 1] === '') fields.pop();
    const head = fields[0] ?? '';
    if (!INT_RE.test(head)) {
      throw new RequestError(ERR.REQUEST_READ_ERROR, -1, `Error reading request: message id '${clip(head)}' is not an integer (expected a TWS API message id)`);
    }
    return new FieldReader(fields, Number(head));
  }

  get name(): string {
    return requestName(this.msgId);
  }

  /** The raw field at `index` (0 = the message id) without reading it; undefined past the end. */
  peek(index: number): string | undefined {
    return this.fields[index];
  }

  /** Fields not read yet. */
  get remaining(): number {
    return this.fields.length - this.pos;
  }

  /** The raw next field. */
  str(what: string): string {
    if (this.pos >= this.fields.length) {
      throw this.fail(what, `missing (the message has ${this.fields.length} fields)`);
    }
    return this.fields[this.pos++];
  }

  /** An integer field; "" is an error. */
  int(what: string): number {
    const s = this.str(what);
    if (!INT_RE.test(s)) throw this.fail(what, `'${clip(s)}' is not an integer`, -1);
    return Number(s);
  }

  /** An integer field where "" means `fallback`. */
  intOr(what: string, fallback: number): number {
    const s = this.str(what);
    if (s === '') return fallback;
    if (!INT_RE.test(s)) throw this.fail(what, `'${clip(s)}' is not an integer`, -1);
    return Number(s);
  }

  /** A decimal field; "" → undefined. */
  num(what: string): number | undefined {
    const s = this.str(what);
    if (s === '') return undefined;
    if (!NUM_RE.test(s)) throw this.fail(what, `'${clip(s)}' is not a number`, -1);
    const v = Number(s);
    return Number.isFinite(v) ? v : undefined;
  }

  /** A 0/1 flag; "" → false. */
  bool(what: string): boolean {
    const s = this.str(what);
    if (s === '' || s === '0') return false;
    if (s === '1') return true;
    throw this.fail(what, `'${clip(s)}' is not a boolean (expected 0 or 1)`, -1);
  }

  /** Asserts every field was read (a longer message means a layout this simulator does not know). */
  end(): void {
    if (this.pos < this.fields.length) {
      throw new RequestError(
        ERR.REQUEST_READ_ERROR,
        this.reqId,
        `Error reading request ${this.name}: ${this.fields.length - this.pos} unexpected extra field(s) after field ${this.pos - 1} (expected ${this.pos} fields at server version 193)`,
      );
    }
  }

  /** An error for a field whose value was read but is not acceptable (e.g. a count out of range). */
  invalid(what: string, problem: string): RequestError {
    return this.fail(what, problem, -1);
  }

  private fail(what: string, problem: string, at = 0): RequestError {
    const index = this.pos + at;
    return new RequestError(ERR.REQUEST_READ_ERROR, this.reqId, `Error reading request ${this.name}: field ${index} (${what}): ${problem}`);
  }
}

function clip(s: string): string {
  const printable = s.replace(/[^\x20-\x7e]/g, '?');
  return printable.length > 40 ? `${printable.slice(0, 40)}…` : printable;
}
