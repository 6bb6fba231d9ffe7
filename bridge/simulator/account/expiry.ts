// Option expiry at the replay clock's session boundary (the OCC rule TWS follows for equity options:
// automatic exercise when at least $0.01 in the money at the close). For every option position
// expiring on or before the session that just closed:
//   in the money  → exercised/assigned into 100 shares per contract at the strike:
//                   long call buys, long put sells, short call is called away (sells), short put is
//                   put to the account (buys); the option leaves the books at price 0;
//   out of the money → expires worthless (leaves the books at price 0).
// No commission is charged. Positions, cash and realised P&L change; the caller pushes the updates.

import type { PaperBroker } from '../orders/paper-broker.ts';
import { instrumentById, positionFacts } from './instruments.ts';
import type { PositionRecord } from './ledger.ts';

/** Moneyness threshold for automatic exercise. */
export const EXERCISE_THRESHOLD = 0.01;

/** A position's mark at the close instant (its cost when there is no quote). */
export function positionMarkAtClose(broker: PaperBroker, p: PositionRecord, closeT: number): number {
  return broker.marks.positionMark(p, closeT);
}

/** Settles every expired option of every account; returns the conIds whose positions changed, per account. */
export function settleExpiries(broker: PaperBroker, prevDate: number, closeT: number): Map<string, number[]> {
  const changed = new Map<string, number[]>();
  const catalogue = broker.state.catalogue;
  for (const ledger of broker.ledgers.values()) {
    for (const p of ledger.open()) {
      if (p.kind !== 'OPT' || p.expiry > prevDate) continue;
      const under = instrumentById(catalogue, p.underConId);
      const spot = under && under.kind === 'STK' ? broker.state.quotes.price(under, closeT) : NaN;
      const itm = spot === spot && (p.right === 'C' ? spot - p.strike >= EXERCISE_THRESHOLD : p.strike - spot >= EXERCISE_THRESHOLD);
      const qty = p.qty;
      const optionInst = instrumentById(catalogue, p.conId);
      ledger.trade(optionInst ? positionFacts(optionInst) : p, -qty, 0, 0);
      const ids = changed.get(ledger.account) ?? [];
      ids.push(p.conId);
      if (itm && under) {
        const shares = 100 * qty * (p.right === 'C' ? 1 : -1);
        ledger.trade(positionFacts(under), shares, p.strike, 0);
        ids.push(under.conId);
        broker.state.log(`expiry ${prevDate}: ${ledger.account} ${qty > 0 ? 'exercised' : 'assigned'} ${Math.abs(qty)} ${p.contract.localSymbol} at ${p.strike} (underlying ${spot.toFixed(2)}): ${shares > 0 ? 'bought' : 'sold'} ${Math.abs(shares)} ${under.symbol}`);
      } else {
        broker.state.log(`expiry ${prevDate}: ${ledger.account} ${Math.abs(qty)} ${p.contract.localSymbol} expired worthless (underlying ${spot === spot ? spot.toFixed(2) : 'n/a'})`);
      }
      changed.set(ledger.account, ids);
    }
  }
  return changed;
}
