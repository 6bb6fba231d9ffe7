// quotes:<symbol|conId> (docs/app-protocol.md §2): one streaming reqMktData line per instrument,
// shared by every app client, cancelled when the last one leaves (ib-protocol.md §7 P8). Live and
// delayed tick types map to the same fields.
import type { IBApi } from '@stoqey/ib';
import { EventName } from '@stoqey/ib';
import type { InstrumentRef } from '../../shared/protocol/index.ts';
import { contractOf, describeRef } from './contracts.ts';
import type { Feed, FeedSink } from './hub.ts';
import type { LineBudget } from './line-budget.ts';
import type { TwsLink } from './tws-link.ts';

/** TWS tick types (live and delayed, §6 "Market data") → quote fields. */
export const PRICE_TICKS: Readonly<Record<number, string>> = { 1: 'bid', 2: 'ask', 4: 'last', 6: 'high', 7: 'low', 9: 'close', 14: 'open', 66: 'bid', 67: 'ask', 68: 'last', 72: 'high', 73: 'low', 75: 'close', 76: 'open' };
export const SIZE_TICKS: Readonly<Record<number, string>> = { 0: 'bidSize', 3: 'askSize', 5: 'lastSize', 8: 'volume', 69: 'bidSize', 70: 'askSize', 71: 'lastSize', 74: 'volume' };

/** TWS codes that mean the contract is unknown. */
const UNKNOWN_CONTRACT = 200;
const MAX_TICKERS = 101;

export function quoteFeed(link: TwsLink, ref: InstrumentRef, lines: LineBudget): Feed {
  let req: { reqId: number; done: () => void } | undefined;
  let released = false;
  return {
    sliced: true,
    start(api: IBApi, sink: FeedSink) {
      req?.done();
      const r = link.request({
        [EventName.tickPrice]: (_id: number, type: number, value: number) => {
          const field = PRICE_TICKS[type];
          // -1 = "no value" (e.g. no bid); kept out of the state.
          if (field && typeof value === 'number' && Number.isFinite(value)) sink.update({ [field]: value === -1 ? null : value });
        },
        [EventName.tickSize]: (_id: number, type: number, value: number) => {
          const field = SIZE_TICKS[type];
          if (field && typeof value === 'number' && Number.isFinite(value)) sink.update({ [field]: value });
        },
        error: (code, message) => {
          if (code === UNKNOWN_CONTRACT) sink.fail('UNKNOWN_INSTRUMENT', `TWS does not know ${describeRef(ref)} (${code}: ${message})`);
          else if (code === MAX_TICKERS) sink.fail('LINES_EXHAUSTED', `TWS has no market data line left (${code}: ${message})`);
          else sink.fail('TWS_ERROR', `TWS error ${code}: ${message}`);
        },
      });
      req = r;
      api.reqMktData(r.reqId, contractOf(ref), '', false, false);
    },
    stop(api) {
      if (req && api) api.cancelMktData(req.reqId);
      req?.done();
      req = undefined;
    },
    dispose() {
      if (!released) lines.give(1);
      released = true;
    },
  };
}
