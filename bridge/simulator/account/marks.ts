// Marks of the paper account at one replay instant, for the shared account values
// (shared/portfolio/account-values.ts): stocks at the last trade, options at the bid/ask mid-point
// (the last trade when one side is missing), both from the quote model; cached per conId and instant.
import type { Marks } from '../../../shared/portfolio/account-values.ts';
import type { HoldableInstrument } from '../../../shared/domain/instrument.ts';
import type { Catalogue } from '../market/catalogue.ts';
import { newQuote, type QuoteModel } from '../market/quotes.ts';
import { instrumentById } from './listings.ts';

export class MarkBook {
  private readonly cache = new Map<number, number>();
  private readonly scratch = newQuote();
  private t = NaN;

  constructor(
    private readonly catalogue: Catalogue,
    private readonly quotes: QuoteModel,
  ) {}

  /** The mark of `conId` at instant t (NaN without a quote). */
  mark(conId: number, t: number): number {
    if (t !== this.t) {
      this.cache.clear();
      this.t = t;
    }
    const hit = this.cache.get(conId);
    if (hit !== undefined) return hit;
    const inst = instrumentById(this.catalogue, conId);
    let price = NaN;
    if (inst) {
      const q = this.quotes.quote(inst, t, this.scratch);
      if (q.valid) {
        if (inst.secType === 'OPT') price = q.bid > 0 && q.ask > 0 ? Math.round(((q.bid + q.ask) / 2) * 1e4) / 1e4 : q.last;
        else price = q.last;
      }
    }
    this.cache.set(conId, price);
    return price;
  }

  /** The shared Marks view at instant t. */
  at(t: number): Marks {
    return { price: (i: HoldableInstrument) => (i.conId === undefined ? NaN : this.mark(i.conId, t)) };
  }
}
