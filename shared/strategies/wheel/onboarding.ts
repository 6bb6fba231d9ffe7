// The onboarding check of a live wheel pass (wheel-rules.md §6.3): before anything is decided, what
// the bridge delivered is checked against what the wheel needs — a broker behind the bridge, account
// values, a live market price per symbol (not delayed data unless `[account] market_data_type` asks
// for it), option greeks on the chains — and each gap is named with its fix (thetagang's users'
// "market data is not subscribed" → "No valid contracts found", wheel-rules.md §4 item 6). Also the
// field waits of T35: a required field that never came is an error naming it, an optional one a warning.
import type { OptionChainResponse } from '../../protocol/messages.ts';

export type CheckCode =
  | 'NO_BROKER'
  | 'NO_ACCOUNT_DATA'
  | 'NO_QUOTE'
  | 'NOT_SUBSCRIBED'
  | 'DELAYED_DATA'
  | 'NO_OPTION_GREEKS'
  | 'NO_CHAIN';

/** A gap: `blocking` ones stop a `--submit` (nothing is sent); the others are printed. */
export interface CheckProblem {
  readonly code: CheckCode;
  readonly symbol?: string;
  readonly blocking: boolean;
  readonly message: string;
}

/** The outcome of waiting for a data item's fields (T35). */
export interface FieldWait {
  /** Set when a required field did not arrive: "required fields timed out: last". */
  readonly error?: string;
  /** Set when only optional fields are missing: "optional fields timed out: bid, ask". */
  readonly warning?: string;
}

const present = (state: Readonly<Record<string, unknown>> | undefined, f: string) => state !== undefined && state[f] !== undefined && state[f] !== null;

/** True once every required field of `state` is in (the wait may end early only then, with the optional ones too). */
export function fieldsArrived(state: Readonly<Record<string, unknown>> | undefined, fields: readonly string[]): boolean {
  return fields.every((f) => present(state, f));
}

/** T35: what a wait for `what`'s fields came to after `waitedMs` (required missing → error; optional missing → warning). */
export function fieldWait(what: string, state: Readonly<Record<string, unknown>> | undefined, required: readonly string[], optional: readonly string[], waitedMs: number): FieldWait {
  const missing = required.filter((f) => !present(state, f));
  const missingOptional = optional.filter((f) => !present(state, f));
  const secs = `${Math.round(waitedMs / 100) / 10} s`;
  if (missing.length > 0) return { error: `${what}: required fields timed out after ${secs}: ${missing.join(', ')}` };
  if (missingOptional.length > 0) return { warning: `${what}: optional fields timed out after ${secs}: ${missingOptional.join(', ')}` };
  return {};
}

/** TWS codes that mean the account has no market data permission for the instrument. */
const NOT_SUBSCRIBED = /\b(354|10089|10090|10091|10167|10168|10186|10197)\b/;

export interface OnboardingInput {
  /** The welcome's broker. */
  readonly broker: 'simulator' | 'tws' | 'none';
  /** Whether the account topic delivered the required values in time (and its wait's error if not). */
  readonly accountError?: string;
  /** `[account] market_data_type` (TWS's 1 live … 4 delayed frozen; default 1). */
  readonly wantedDataType: number;
  /** Per quoted symbol: its state (with `marketDataType`), the topic's failure, the field wait's error. */
  readonly quotes: ReadonlyMap<string, { readonly state?: Readonly<Record<string, unknown>>; readonly failure?: { readonly code: string; readonly message: string }; readonly error?: string }>;
  /** Per chain symbol: its responses, or why there are none. */
  readonly chains: ReadonlyMap<string, { readonly responses: readonly OptionChainResponse[]; readonly failure?: string }>;
}

const DATA_TYPES: Readonly<Record<number, string>> = { 1: 'live', 2: 'frozen', 3: 'delayed', 4: 'delayed frozen' };

/** Every gap between what the bridge delivered and what the wheel needs, each with its fix. */
export function onboardingProblems(input: OnboardingInput): CheckProblem[] {
  const out: CheckProblem[] = [];
  if (input.broker === 'none') {
    out.push({ code: 'NO_BROKER', blocking: true, message: 'the bridge runs without TWS: start it with the simulator (npm start) or with a [tws] endpoint of your TWS / IB Gateway' });
    return out;
  }
  if (input.accountError !== undefined) {
    out.push({
      code: 'NO_ACCOUNT_DATA',
      blocking: true,
      message:
        `no account values from TWS (${input.accountError}): check that TWS / IB Gateway is logged in, and in its API settings that ` +
        "'Enable ActiveX and Socket Clients' is on, the socket port is the bridge's [tws] port and 127.0.0.1 is a trusted IP",
    });
  }
  for (const [symbol, q] of input.quotes) {
    if (q.failure) {
      const sub = NOT_SUBSCRIBED.test(q.failure.message);
      out.push({
        code: sub ? 'NOT_SUBSCRIBED' : 'NO_QUOTE',
        symbol,
        blocking: false,
        message: sub
          ? `${symbol}: the account has no market data subscription for it (${q.failure.message}); subscribe in IBKR Account Management → Market Data Subscriptions`
          : `${symbol}: no quote (${q.failure.code}: ${q.failure.message}); the wheel skips it`,
      });
      continue;
    }
    const type = Number(q.state?.marketDataType ?? 1);
    if (type > 1 && type !== input.wantedDataType) {
      out.push({
        code: 'DELAYED_DATA',
        symbol,
        blocking: true,
        message: `${symbol}: TWS sends ${DATA_TYPES[type] ?? `type ${type}`} data (market data type ${type}), not live: the account lacks a real-time subscription for it; subscribe, or set [account] market_data_type = ${type} to trade on it knowingly`,
      });
    }
    if (q.error !== undefined) out.push({ code: 'NO_QUOTE', symbol, blocking: false, message: `${q.error}; the wheel skips ${symbol}` });
  }
  for (const [symbol, c] of input.chains) {
    if (c.failure !== undefined) {
      out.push({ code: 'NO_CHAIN', symbol, blocking: false, message: `${symbol}: no option chain (${c.failure}); no option of it is written or rolled` });
      continue;
    }
    const rows = c.responses.flatMap((r) => r.rows);
    const greeks = rows.filter((r) => r.error === undefined && typeof r.delta === 'number' && typeof r.modelPrice === 'number').length;
    if (rows.length > 0 && greeks === 0) {
      const notSubscribed = rows.some((r) => r.error !== undefined && NOT_SUBSCRIBED.test(r.error));
      out.push({
        code: 'NO_OPTION_GREEKS',
        symbol,
        blocking: true,
        message:
          `${symbol}: none of ${rows.length} option contracts came with model greeks${notSubscribed ? ' (TWS: not subscribed)' : ''}: ` +
          'the account needs the US options data subscription (OPRA) for the wheel to choose contracts',
      });
    }
  }
  return out;
}
