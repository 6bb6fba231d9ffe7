// Server → client messages decoded by @stoqey/ib's own Decoder at server version 193: the wire
// conformance reference (a missing field is an "Underrun", an extra one "unprocessed data", both 505).
import { expect } from 'vitest';
import { Decoder } from '@stoqey/ib/dist/core/io/decoder.js';

export interface Decoded {
  events: { name: string; args: unknown[] }[];
  /** What the client reports as `error` (505 and request errors). */
  errors: { message: string; code: number }[];
  /** What it reports as `info` (id −1 notices). */
  infos: { message: string; code: number }[];
}

/** A message body's fields; every field, the last one too, must end with NUL. */
export function bodyFields(body: string): string[] {
  expect(body.endsWith('\0')).toBe(true);
  return body.split('\0').slice(0, -1);
}

/** Runs one message (a body, or its fields) through the Decoder. */
export function decode(message: string | readonly string[]): Decoded {
  const out: Decoded = { events: [], errors: [], infos: [] };
  const decoder = new Decoder({
    serverVersion: 193,
    emitEvent: (name: string, ...args: unknown[]) => out.events.push({ name, args }),
    emitInfo: (message: string, code: number) => out.infos.push({ message, code }),
    emitError: (message: string, code: number) => out.errors.push({ message, code }),
  } as never);
  decoder.enqueueMessage(typeof message === 'string' ? bodyFields(message) : [...message]);
  decoder.process();
  return out;
}

/** The arguments of the `event` a message decodes to, asserting no error on the way. */
export function decodesTo(message: string | readonly string[], event: string): unknown[] {
  const d = decode(message);
  expect(d.errors).toEqual([]);
  const hit = d.events.find((e) => e.name === event);
  expect(hit, `expected a ${event} event, got ${d.events.map((e) => e.name).join(', ')}`).toBeDefined();
  return hit!.args;
}
