// The positions check of reconciliation (docs/reconciliation.md §5): the positions rebuilt from the
// journal (bridge/journal/rebuild-positions.ts, the shared ledger) against what reqPositions reports,
// per instrument key over all accounts of the login. Quantities must be equal; average costs may
// differ by the 4-decimal rounding TWS reports them with (docs/journal.md §5).
import type { Contract } from '@stoqey/ib';
import { instrumentKey } from '../../shared/domain/instrument.ts';
import type { KnownContracts } from './contract-mapping.ts';
import { holdableOf } from './tws-records.ts';

/** TWS rounds average cost to 4 decimals: allow that, plus floating-point noise. */
export const AVG_COST_TOLERANCE = 0.0001 + 1e-9;
const QTY_EPSILON = 1e-9;

/** One holding as one side reports it. */
export interface Holding {
  readonly qty: number;
  readonly avgCost: number;
}

/** What TWS reported, by instrument key (positions of several accounts summed). */
export interface TwsHoldings {
  readonly byKey: Map<string, Holding>;
  /** Non-zero positions in contracts the journal cannot represent (by secType:conId). */
  readonly unmapped: Map<string, { readonly qty: number; readonly problem: string }>;
}

/** A difference between the journal and TWS (0 quantity = none held on that side). */
export interface PositionMismatch {
  readonly key: string;
  readonly journal: Holding;
  readonly tws: Holding;
  /** In words, for the alarm. */
  readonly message: string;
}

/** Folds reqPositions messages (account, contract, pos, avgCost) into holdings by instrument key. */
export function twsHoldings(positions: readonly { contract: Contract; pos: number; avgCost: number }[], known: KnownContracts = {}): TwsHoldings {
  const byKey = new Map<string, Holding>();
  const unmapped = new Map<string, { qty: number; problem: string }>();
  for (const p of positions) {
    const qty = Number(p.pos);
    if (!Number.isFinite(qty) || qty === 0) continue;
    const inst = holdableOf(p.contract, known);
    if (typeof inst === 'string') {
      const key = `${p.contract?.secType ?? '?'}:${p.contract?.conId ?? p.contract?.symbol ?? '?'}`;
      unmapped.set(key, { qty: (unmapped.get(key)?.qty ?? 0) + qty, problem: inst });
      continue;
    }
    const key = instrumentKey(inst);
    const prev = byKey.get(key);
    const avgCost = Number(p.avgCost);
    if (!prev) byKey.set(key, { qty, avgCost });
    else {
      const total = prev.qty + qty;
      byKey.set(key, { qty: total, avgCost: total === 0 ? 0 : (prev.avgCost * prev.qty + avgCost * qty) / total });
    }
  }
  return { byKey, unmapped };
}

/** Every difference between the journal's positions and TWS's (empty when they agree). */
export function comparePositions(journal: readonly { key: string; qty: number; avgCost: number }[], tws: TwsHoldings): PositionMismatch[] {
  const mine = new Map<string, Holding>();
  for (const p of journal) if (Math.abs(p.qty) > QTY_EPSILON) mine.set(p.key, { qty: p.qty, avgCost: p.avgCost });
  const out: PositionMismatch[] = [];
  const none: Holding = { qty: 0, avgCost: 0 };
  for (const key of new Set([...mine.keys(), ...tws.byKey.keys()])) {
    const j = mine.get(key) ?? none;
    const t = tws.byKey.get(key) ?? none;
    if (Math.abs(j.qty - t.qty) > QTY_EPSILON) {
      out.push({ key, journal: j, tws: t, message: `${key}: the journal holds ${j.qty}, TWS reports ${t.qty}` });
    } else if (Math.abs(j.avgCost - t.avgCost) > AVG_COST_TOLERANCE) {
      out.push({ key, journal: j, tws: t, message: `${key}: ${j.qty} held, average cost ${j.avgCost} in the journal, ${t.avgCost} at TWS` });
    }
  }
  for (const [key, u] of tws.unmapped) out.push({ key, journal: none, tws: { qty: u.qty, avgCost: Number.NaN }, message: `TWS reports ${u.qty} of ${u.problem}; the journal cannot hold it` });
  return out;
}
