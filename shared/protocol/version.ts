// The app ⇄ bridge protocol version and its compatibility rule.

/** Bumped on any incompatible change to the messages in messages.ts. */
export const PROTOCOL_VERSION = 1;

/** Both sides speak exactly one version; a mismatch is refused (fail closed). */
export function isCompatibleProtocol(peer: number): boolean {
  return peer === PROTOCOL_VERSION;
}
