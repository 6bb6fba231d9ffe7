// Decoding of incoming protocol messages with errors that name the field path.
import type { ClientMessage } from './messages.ts';

export class MessageError extends Error {
  override readonly name = 'MessageError';
  constructor(readonly path: string, readonly problem: string) {
    super(`${path}: ${problem}`);
  }
}

function field(obj: Record<string, unknown>, key: string, kind: 'string' | 'number', optional = false): void {
  const v = obj[key];
  if (v === undefined && optional) return;
  if (kind === 'number' ? typeof v !== 'number' || !Number.isFinite(v) : typeof v !== 'string') {
    throw new MessageError(key, `expected a ${kind}, got ${v === undefined ? 'nothing' : JSON.stringify(v)}`);
  }
}

/** Parses one client frame; throws a MessageError naming the bad field. */
export function decodeClientMessage(text: string): ClientMessage {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new MessageError('$', 'not valid JSON');
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new MessageError('$', 'expected a JSON object');
  }
  const obj = value as Record<string, unknown>;
  field(obj, 'type', 'string');
  switch (obj.type) {
    case 'hello':
      field(obj, 'protocol', 'number');
      field(obj, 'client', 'string');
      field(obj, 'clientVersion', 'string');
      field(obj, 'deviceId', 'string', true);
      return obj as unknown as ClientMessage;
    default:
      throw new MessageError('type', `unknown message type ${JSON.stringify(obj.type)}`);
  }
}
