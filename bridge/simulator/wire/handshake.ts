// Version negotiation (ib-protocol.md §1.3, §3 step 1). After `API\0`, the client's first frame is
// `vMIN..MAX` or `vN` (no NUL; the Java client may append " connectOptions"). The server picks
// min(MAX, 193). A client whose MIN is above 193 is closed; so is one whose MAX is below 193, because
// this simulator only speaks the 193 layouts (lower versions put per-message version fields back, §5.3).

import { MIN_CLIENT_VERSION, SERVER_VERSION } from './message-ids.ts';

export type Negotiation = { readonly ok: true; readonly version: number } | { readonly ok: false; readonly reason: string };

const VERSION_RE = /^v(\d{1,6})(?:\.\.(\d{1,6}))?(?: .*)?$/s;

export function negotiateVersion(payload: Buffer): Negotiation {
  const text = payload.toString('latin1').replace(/\0+$/, '');
  const m = VERSION_RE.exec(text);
  if (!m) return { ok: false, reason: `bad version offer '${text.slice(0, 40).replace(/[^\x20-\x7e]/g, '?')}' (expected vMIN..MAX)` };
  const min = Number(m[1]);
  const max = m[2] === undefined ? min : Number(m[2]);
  if (max < min) return { ok: false, reason: `version range v${min}..${max} is empty` };
  if (min > SERVER_VERSION) return { ok: false, reason: `client needs version >= ${min}; this server speaks ${SERVER_VERSION}` };
  if (max < SERVER_VERSION) {
    return { ok: false, reason: `client offers at most version ${max}; this simulator speaks only ${SERVER_VERSION} (V100+ from ${MIN_CLIENT_VERSION})` };
  }
  return { ok: true, version: SERVER_VERSION };
}
