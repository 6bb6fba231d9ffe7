// The soft and hard bands (docs/regime-rebalance.md §2.2; wheel-rules.md §2.10; T37, T38): a basket breaches a
// band when any symbol's relative drift |current weight / target weight − 1| reaches it (within eps). A soft
// breach trades only when the shared gates pass; a hard breach trades regardless, optionally only
// `hard_band_rebalance_fraction` of the way.
import { pct, type Reason } from './types.ts';

export type BandCode = 'WITHIN_BANDS' | 'SOFT_BREACH' | 'HARD_BREACH';

export interface BandResult {
  readonly soft: boolean;
  readonly hard: boolean;
  readonly maxDrift: number;
  /** The symbol with the largest drift ('' for an empty basket). */
  readonly worst: string;
  readonly reason: Reason<BandCode>;
}

/** T37/T38: which band the basket breaches: drift + eps ≥ hard_band → hard; ≥ soft_band → soft. */
export function bandBreach(
  drifts: readonly { readonly symbol: string; readonly drift: number }[],
  bands: { readonly softBand: number; readonly hardBand: number; readonly eps: number },
): BandResult {
  const { softBand, hardBand, eps } = bands;
  let worst = '';
  let maxDrift = 0;
  for (const d of drifts) {
    if (worst === '' || d.drift > maxDrift) {
      worst = d.symbol;
      maxDrift = d.drift;
    }
  }
  const soft = drifts.some((d) => d.drift + eps >= softBand);
  const hard = drifts.some((d) => d.drift + eps >= hardBand);
  const largest = worst === '' ? 'no symbol' : `the largest drift is ${worst}'s ${pct(maxDrift)}`;
  const out = (code: BandCode, message: string): BandResult => ({ soft, hard, maxDrift, worst, reason: { code, message } });
  if (hard) return out('HARD_BREACH', `${largest}, at or above the hard band ${pct(hardBand)}: rebalance regardless of the gates`);
  if (soft) return out('SOFT_BREACH', `${largest}, at or above the soft band ${pct(softBand)} (hard band ${pct(hardBand)}): rebalance if the gates pass`);
  return out('WITHIN_BANDS', `${largest}, below the soft band ${pct(softBand)}: no band rebalance`);
}
