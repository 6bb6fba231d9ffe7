// A roll sent as its buy-back alone (wheel-rules.md §6.2, "rolls in the engine"): the engine has no
// combo orders, so the BAG's closing leg goes out as a single buy at the execution policy's buy price,
// and the write stages write the replacement on the next pass. (The live run sends the BAG itself as one
// combo intent; the dry run shows it.)
import { symbolExecutionPolicy } from './execution-policy.ts';
import type { WheelConfig } from './config.ts';
import type { WheelOrder } from './pass.ts';
import { closeLimit } from './pricing.ts';
import type { WheelSnapshot } from './snapshot.ts';
import type { OptionContract, Reason } from './types.ts';

export type RollAsClose =
  | { readonly ok: true; readonly contract: OptionContract; readonly quantity: number; readonly limit: number; readonly reason: Reason<'ROLL_AS_CLOSE'> }
  | { readonly ok: false; readonly reason: Reason<'ROLL_NOT_PRICED'> };

const keyOf = (c: Pick<OptionContract, 'symbol' | 'right' | 'strike' | 'expiry'>) => `${c.symbol}|${c.right}|${c.strike}|${c.expiry}`;

/** The buy-back of a roll order (a BAG with a BUY leg); priced from the chain's quote, else the position's mark. */
export function rollAsClose(o: WheelOrder, snap: WheelSnapshot, config: WheelConfig): RollAsClose | undefined {
  const close = (o.legs ?? []).find((l) => l.action === 'BUY');
  const open = (o.legs ?? []).find((l) => l.action === 'SELL');
  if (o.contract.secType !== 'BAG' || !close) return undefined;
  const contract: OptionContract = { symbol: o.symbol, right: close.contract.right, strike: close.contract.strike, expiry: close.contract.expiry, multiplier: close.contract.multiplier };
  const key = keyOf(contract);
  const quote = snap.chains.find((c) => keyOf(c) === key) ?? { last: snap.options.find((p) => keyOf(p) === key)?.marketPrice };
  const limit = closeLimit(o.symbol, quote, symbolExecutionPolicy(config, o.symbol).buyPrice).limit;
  const name = `${close.contract.right === 'P' ? 'put' : 'call'} ${close.contract.strike} ${close.contract.expiry}`;
  if (limit === undefined) return { ok: false, reason: { code: 'ROLL_NOT_PRICED', message: `roll of ${o.quantity} ${name} not sent: the buy-back has no price` } };
  const next = open ? ` ${open.contract.strike} ${open.contract.expiry}` : '';
  return {
    ok: true,
    contract,
    quantity: o.quantity * close.ratio,
    limit,
    reason: { code: 'ROLL_AS_CLOSE', message: `roll of ${o.quantity} ${name} sent as its buy-back at ${limit} (the engine has no combo orders); the write stages replace it on the next pass (roll target${next})` },
  };
}
