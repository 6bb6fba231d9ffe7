// Option expiry in the paper accounts at the replay clock's session boundary, by the shared rule
// (shared/portfolio/expiry.ts: OCC automatic exercise at $0.01 in the money, physical delivery or
// cash settlement, worthless otherwise), at the underlying's price at the close of the session: a
// stock's last trade, an index's level (SPX options settle in cash against SPX = SPY × 10 at the close
// of the expiry day: every SPX/SPXW expiry is treated as PM-settled, ib-protocol.md §8).
import type { OptionInstrument } from '../../../shared/domain/instrument.ts';
import { expiringPositions, settleExpiry } from '../../../shared/portfolio/expiry.ts';
import type { PaperBroker } from '../orders/paper-broker.ts';
import { instrumentById } from './listings.ts';

/** Settles every option expiring on or before `prevDate`; returns the conIds whose positions changed, per account. */
export function settleExpiredOptions(broker: PaperBroker, prevDate: number, closeT: number): Map<string, number[]> {
  const changed = new Map<string, number[]>();
  const catalogue = broker.state.catalogue;
  for (const [account, ledger] of broker.ledgers) {
    for (const p of expiringPositions(ledger, prevDate)) {
      const option = p.instrument as OptionInstrument;
      const under = option.underlying.conId !== undefined ? instrumentById(catalogue, option.underlying.conId) : undefined;
      const spot = under && under.secType !== 'OPT' ? broker.state.quotes.level(under, closeT) : NaN;
      const s = settleExpiry(ledger, p, spot, closeT);
      const ids = changed.get(account) ?? [];
      for (const f of s.fills) if (f.instrument.conId !== undefined) ids.push(f.instrument.conId);
      changed.set(account, ids);
      const name = `${option.symbol} ${option.expiry} ${option.strike} ${option.right}`;
      const at = spot === spot ? spot.toFixed(2) : 'n/a';
      if (s.outcome === 'expired') broker.state.log(`expiry ${prevDate}: ${account} ${Math.abs(s.qty)} ${name} expired worthless (underlying ${at})`);
      else {
        const delivery = s.fills[1];
        const cash = s.fills[0] ? -s.fills[0].qty * s.fills[0].price * option.multiplier : 0;
        const what = delivery ? `${delivery.qty > 0 ? 'bought' : 'sold'} ${Math.abs(delivery.qty)} ${delivery.instrument.symbol}` : `cash-settled ${cash.toFixed(2)} USD`;
        broker.state.log(`expiry ${prevDate}: ${account} ${s.outcome} ${Math.abs(s.qty)} ${name} (underlying ${at}): ${what}`);
      }
    }
  }
  return changed;
}
