// Many strategies, one account (docs/trading-model.md §12). Each strategy instance trades its own
// sleeve of the capital; at every step the coordinator looks at the orders all sleeves want to send
// and, before anything reaches the broker:
// 1. detects conflicts and resolves them by one rule — the higher `priority` wins; at equal priority,
//    the side with the larger confidence-weighted vote (Σ confidence × allocation) wins; a tie lets
//    neither side open (fail closed). Losing sleeves' opening orders on that instrument are refused
//    (their closing orders pass; positions already held are never closed by the coordinator):
//    - opposite targets: after this step one sleeve would be long and another short the same
//      instrument, and at least one of them is opening now;
//    - uncovered calls: the account's short calls on an underlying would lose the shares covering them
//      because a sleeve sells those shares (or one writes calls on shares another is selling); a losing
//      seller's sale is reduced to what keeps the calls covered;
// 2. nets the market (and market-on-close) orders of several sleeves on one instrument into one
//    broker order for the net quantity: one commission instead of several (never more under
//    per-order minimums), split by quantity; every sleeve gets the order's fill price (its opening or
//    closing flag is the account's: a sleeve closing inside an opening net pays the entry spread a
//    backtest charges); a zero net crosses internally at the reference price with no commission;
// and writes every resolution into the run's decision trace.
import type { OrderSide, OrderTicket } from '../domain/order.ts';
import { instrumentKey, type HoldableInstrument } from '../domain/instrument.ts';
import type { Ledger } from '../portfolio/ledger.ts';
import type { RiskReason } from '../risk/denial-reason.ts';
import type { SizedOrder } from './intent-executor.ts';

/** The orders one sleeve wants to send for one intent. */
export interface Proposal {
  readonly sleeve: string;
  readonly priority: number;
  readonly allocation: number;
  /** In [0, 1]. */
  readonly confidence: number;
  readonly intentId: string;
  /** The intent's reason, for reports. */
  readonly tag?: string;
  readonly orders: SizedOrder[];
}

/** A sleeve's share of a broker order. */
export interface Owner {
  readonly sleeve: string;
  readonly intentId: string;
  /** The intent's reason, for reports. */
  readonly tag?: string;
  /** Signed units. */
  readonly qty: number;
}

export interface Submission {
  readonly ticket: OrderTicket;
  readonly exits: readonly OrderTicket[];
  readonly owners: readonly Owner[];
}

/** Units that changed hands between sleeves without a broker order. */
export interface InternalCross {
  readonly instrument: HoldableInstrument;
  readonly owners: readonly Owner[];
}

export interface Refusal {
  readonly sleeve: string;
  readonly intentId: string;
  readonly instrument: string;
  readonly reason: RiskReason;
  readonly resized: boolean;
  readonly message: string;
}

export interface TraceEntry {
  readonly time: number;
  readonly step: number;
  readonly kind: 'netting' | 'internal_cross' | 'conflict';
  readonly instrument: string;
  readonly rule?: 'opposite_targets' | 'uncovered_calls';
  readonly resolution?: 'priority' | 'vote' | 'tie';
  readonly sleeves: readonly { readonly id: string; readonly qty: number; readonly priority: number; readonly confidence: number }[];
  readonly winners?: readonly string[];
  readonly losers?: readonly string[];
  readonly text: string;
}

export interface Plan {
  readonly submissions: Submission[];
  readonly crosses: InternalCross[];
  readonly refusals: Refusal[];
  readonly trace: TraceEntry[];
}

export interface CoordinatorView {
  readonly time: number;
  readonly step: number;
  /** A sleeve's books. */
  sleeve(id: string): Ledger;
  /** Every sleeve of the account (their standing positions count in conflicts). */
  readonly sleeves: readonly { readonly id: string; readonly priority: number; readonly allocation: number }[];
  /** The account's books (what the broker holds). */
  readonly account: Ledger;
}

const signed = (t: OrderTicket) => (t.side === 'BUY' ? t.quantity : -t.quantity);

interface Contender {
  readonly sleeve: string;
  readonly priority: number;
  readonly weight: number;
  readonly confidence: number;
  readonly qty: number;
}

/** Priority, then the confidence-weighted vote, then a tie. */
function resolve(a: readonly Contender[], b: readonly Contender[]): { winner: 'a' | 'b' | 'tie'; by: 'priority' | 'vote' | 'tie' } {
  const pa = Math.max(...a.map((c) => c.priority));
  const pb = Math.max(...b.map((c) => c.priority));
  if (pa !== pb) return { winner: pa > pb ? 'a' : 'b', by: 'priority' };
  const va = a.reduce((s, c) => s + c.confidence * c.weight, 0);
  const vb = b.reduce((s, c) => s + c.confidence * c.weight, 0);
  if (Math.abs(va - vb) > 1e-12) return { winner: va > vb ? 'a' : 'b', by: 'vote' };
  return { winner: 'tie', by: 'tie' };
}

const describe = (cs: readonly Contender[]) => cs.map((c) => `${c.sleeve} (priority ${c.priority}, vote ${(c.confidence * c.weight).toFixed(3)})`).join(', ');

export function coordinate(proposals: Proposal[], view: CoordinatorView): Plan {
  const plan: Plan = { submissions: [], crosses: [], refusals: [], trace: [] };
  if (view.sleeves.length === 1) {
    // One sleeve in the account: nothing to resolve or net; its orders go as they are.
    for (const p of proposals) for (const o of p.orders) plan.submissions.push({ ticket: o.ticket, exits: o.exits, owners: [{ sleeve: p.sleeve, intentId: p.intentId, tag: p.tag, qty: signed(o.ticket) }] });
    return plan;
  }
  oppositeTargets(proposals, view, plan);
  uncoveredCalls(proposals, view, plan);
  net(proposals, view, plan);
  return plan;
}

function refuse(plan: Plan, p: Proposal, key: string, reason: RiskReason, message: string, resized = false): void {
  plan.refusals.push({ sleeve: p.sleeve, intentId: p.intentId, instrument: key, reason, resized, message });
}

/** Rule 1: one sleeve long and another short the same instrument after this step. */
function oppositeTargets(proposals: Proposal[], view: CoordinatorView, plan: Plan): void {
  const keys = new Set<string>();
  for (const p of proposals) for (const o of p.orders) if (o.ticket.openClose === 'O') keys.add(instrumentKey(o.ticket.instrument));
  for (const key of keys) {
    const after = new Map<string, Contender>();
    const involved = new Set(proposals.filter((p) => p.orders.some((o) => instrumentKey(o.ticket.instrument) === key)).map((p) => p.sleeve));
    // Standing positions of sleeves not trading it now count too (confidence 1).
    for (const p of proposals) {
      const c = after.get(p.sleeve);
      let qty = c ? c.qty : view.sleeve(p.sleeve).quantity(key);
      let opening = false;
      for (const o of p.orders) {
        if (instrumentKey(o.ticket.instrument) !== key) continue;
        qty += signed(o.ticket);
        opening ||= o.ticket.openClose === 'O';
      }
      // An opening sleeve votes with its intent's confidence; a position merely held counts fully.
      const confidence = opening ? Math.max(c && c.confidence !== 1 ? c.confidence : 0, p.confidence) : (c?.confidence ?? 1);
      after.set(p.sleeve, { sleeve: p.sleeve, priority: p.priority, weight: p.allocation, confidence, qty });
    }
    for (const s of view.sleeves) {
      if (after.has(s.id)) continue;
      const qty = view.sleeve(s.id).quantity(key);
      if (qty !== 0) after.set(s.id, { sleeve: s.id, priority: s.priority, weight: s.allocation, confidence: 1, qty });
    }
    const longs = [...after.values()].filter((c) => c.qty > 0);
    const shorts = [...after.values()].filter((c) => c.qty < 0);
    if (longs.length === 0 || shorts.length === 0) continue;
    const { winner, by } = resolve(longs, shorts);
    const losers = winner === 'a' ? shorts : winner === 'b' ? longs : [...longs, ...shorts];
    const loserIds = new Set(losers.map((c) => c.sleeve).filter((s) => involved.has(s)));
    for (const p of proposals) {
      if (!loserIds.has(p.sleeve)) continue;
      const kept = p.orders.filter((o) => instrumentKey(o.ticket.instrument) !== key || o.ticket.openClose !== 'O');
      if (kept.length === p.orders.length) continue;
      p.orders.splice(0, p.orders.length, ...kept);
      const others = (winner === 'a' ? longs : winner === 'b' ? shorts : [...longs, ...shorts]).filter((x) => x.sleeve !== p.sleeve);
      refuse(plan, p, key, winner === 'tie' ? 'CONFLICT_TIE' : 'CONFLICT_OVERRULED', `${key}: ${by === 'tie' ? 'tied' : `lost on ${by}`} against ${describe(others)}`);
    }
    plan.trace.push({
      time: view.time,
      step: view.step,
      kind: 'conflict',
      instrument: key,
      rule: 'opposite_targets',
      resolution: by,
      sleeves: [...longs, ...shorts].map((c) => ({ id: c.sleeve, qty: c.qty, priority: c.priority, confidence: c.confidence })),
      winners: winner === 'tie' ? [] : (winner === 'a' ? longs : shorts).map((c) => c.sleeve),
      losers: losers.map((c) => c.sleeve),
      text:
        `${key}: long ${describe(longs)} against short ${describe(shorts)}: ` +
        (winner === 'tie' ? 'equal priority and votes, neither side opens' : `the ${winner === 'a' ? 'long' : 'short'} side wins by ${by}; the other side's opening orders are refused`),
    });
  }
}

/** Rule 2: short calls in the account must keep the shares that cover them. */
function uncoveredCalls(proposals: Proposal[], view: CoordinatorView, plan: Plan): void {
  const underlyings = new Set<string>();
  for (const p of view.account.open()) if (p.instrument.secType === 'OPT' && p.qty < 0 && p.instrument.right === 'C') underlyings.add(instrumentKey(p.instrument.underlying));
  for (const p of proposals) for (const o of p.orders) if (o.ticket.instrument.secType === 'OPT' && o.ticket.instrument.right === 'C' && o.ticket.side === 'SELL') underlyings.add(instrumentKey(o.ticket.instrument.underlying));
  for (const u of underlyings) {
    const sharesBefore = view.account.quantity(u);
    let shares = sharesBefore;
    let calls = 0;
    for (const p of view.account.open()) {
      const i = p.instrument;
      if (i.secType === 'OPT' && i.right === 'C' && i.settlement === 'physical' && instrumentKey(i.underlying) === u) calls -= p.qty * i.multiplier;
    }
    const callsBefore = calls;
    const sellers: { p: Proposal; o: SizedOrder }[] = [];
    const writers: { p: Proposal; o: SizedOrder }[] = [];
    for (const p of proposals) {
      for (const o of p.orders) {
        const i = o.ticket.instrument;
        if (instrumentKey(i) === u) {
          shares += signed(o.ticket);
          if (o.ticket.side === 'SELL') sellers.push({ p, o });
        } else if (i.secType === 'OPT' && i.right === 'C' && i.settlement === 'physical' && instrumentKey(i.underlying) === u) {
          calls -= signed(o.ticket) * i.multiplier;
          if (o.ticket.side === 'SELL') writers.push({ p, o });
        }
      }
    }
    const uncovered = (c: number, sh: number) => Math.max(0, c - Math.max(0, sh));
    const shortfall = uncovered(calls, shares) - uncovered(callsBefore, sharesBefore);
    if (shortfall <= 0 || sellers.length === 0) continue;
    // Call holders: every sleeve short calls on u (standing, confidence 1) and the writers of new ones.
    const holders = new Map<string, Contender>();
    for (const sl of view.sleeves) {
      let c = 0;
      for (const q of view.sleeve(sl.id).open()) if (q.instrument.secType === 'OPT' && q.instrument.right === 'C' && q.qty < 0 && instrumentKey(q.instrument.underlying) === u) c -= q.qty;
      const writing = writers.find((w) => w.p.sleeve === sl.id);
      if (c > 0 || writing) holders.set(sl.id, { sleeve: sl.id, priority: sl.priority, weight: sl.allocation, confidence: writing ? writing.p.confidence : 1, qty: -c });
    }
    const sell: Contender[] = sellers.map(({ p, o }) => ({ sleeve: p.sleeve, priority: p.priority, weight: p.allocation, confidence: p.confidence, qty: signed(o.ticket) }));
    const callSide = [...holders.values()];
    if (callSide.length === 0) continue;
    const { winner, by } = resolve(callSide, sell);
    let left = shortfall;
    const losers: string[] = [];
    if (winner !== 'b') {
      // The sellers lose: their sales shrink (lowest priority first) until the calls stay covered.
      for (const { p, o } of [...sellers].sort((x, y) => x.p.priority - y.p.priority)) {
        if (left <= 0) break;
        const cut = Math.min(o.ticket.quantity, left);
        left -= cut;
        losers.push(p.sleeve);
        const quantity = o.ticket.quantity - cut;
        const i = p.orders.indexOf(o);
        if (quantity === 0) p.orders.splice(i, 1);
        else p.orders[i] = { ...o, ticket: { ...o.ticket, quantity } };
        refuse(plan, p, u, 'CONFLICT_KEEPS_CALLS_COVERED', `${u}: sale cut by ${cut} shares so ${calls} shares keep covering short calls (${by === 'tie' ? 'tie' : by})`, quantity > 0);
      }
    } else {
      // The sellers win: calls written now on the shares being sold are refused; standing calls become naked.
      for (const { p, o } of writers) {
        const i = p.orders.indexOf(o);
        if (i >= 0) p.orders.splice(i, 1);
        losers.push(p.sleeve);
        refuse(plan, p, instrumentKey(o.ticket.instrument), 'CONFLICT_OVERRULED', `${u}: no calls are written on shares another strategy is selling (it won on ${by})`);
      }
    }
    plan.trace.push({
      time: view.time,
      step: view.step,
      kind: 'conflict',
      instrument: u,
      rule: 'uncovered_calls',
      resolution: by,
      sleeves: [...callSide, ...sell].map((c) => ({ id: c.sleeve, qty: c.qty, priority: c.priority, confidence: c.confidence })),
      winners: (winner === 'b' ? sell : callSide).map((c) => c.sleeve),
      losers,
      text:
        `${u}: short calls need ${calls} shares, the orders leave ${shares}: ` +
        (winner === 'b' ? `the sellers ${describe(sell)} win by ${by}; new calls are refused` : `the call holders ${describe(callSide)} win by ${by}; the sales are cut to keep the calls covered`),
    });
  }
}

/** Step 2: market and market-on-close orders of several sleeves on one instrument become one order. */
function net(proposals: Proposal[], view: CoordinatorView, plan: Plan): void {
  const groups = new Map<string, { ticket: OrderTicket; p: Proposal }[]>();
  for (const p of proposals) {
    for (const o of p.orders) {
      const t = o.ticket;
      if ((t.type === 'MKT' || t.type === 'MOC') && o.exits.length === 0) {
        const k = `${instrumentKey(t.instrument)}|${t.type}`;
        const g = groups.get(k);
        if (g) g.push({ ticket: t, p });
        else groups.set(k, [{ ticket: t, p }]);
      } else plan.submissions.push({ ticket: t, exits: o.exits, owners: [{ sleeve: p.sleeve, intentId: p.intentId, tag: p.tag, qty: signed(t) }] });
    }
  }
  for (const group of groups.values()) {
    const distinct = new Set(group.map((g) => g.p.sleeve));
    if (distinct.size < 2) {
      for (const { ticket, p } of group) plan.submissions.push({ ticket, exits: [], owners: [{ sleeve: p.sleeve, intentId: p.intentId, tag: p.tag, qty: signed(ticket) }] });
      continue;
    }
    const owners: Owner[] = group.map(({ ticket, p }) => ({ sleeve: p.sleeve, intentId: p.intentId, tag: p.tag, qty: signed(ticket) }));
    const first = group[0].ticket;
    const key = instrumentKey(first.instrument);
    const total = owners.reduce((s, o) => s + o.qty, 0);
    const gross = owners.reduce((s, o) => s + Math.abs(o.qty), 0);
    const sleeves = group.map(({ p, ticket }) => ({ id: p.sleeve, qty: signed(ticket), priority: p.priority, confidence: p.confidence }));
    if (total === 0) {
      plan.crosses.push({ instrument: first.instrument as HoldableInstrument, owners });
      plan.trace.push({ time: view.time, step: view.step, kind: 'internal_cross', instrument: key, sleeves, text: `${key}: ${gross / 2} units cross between ${[...distinct].join(', ')} with no broker order` });
      continue;
    }
    const side: OrderSide = total > 0 ? 'BUY' : 'SELL';
    const held = view.account.quantity(key);
    const reduces = held !== 0 && Math.sign(held) !== Math.sign(total) && Math.abs(total) <= Math.abs(held);
    const ticket: OrderTicket = { ...first, side, quantity: Math.abs(total), openClose: reduces ? 'C' : 'O', ref: `net:${owners.map((o) => o.intentId).join('+')}` };
    plan.submissions.push({ ticket, exits: [], owners });
    plan.trace.push({
      time: view.time,
      step: view.step,
      kind: 'netting',
      instrument: key,
      sleeves,
      text: `${key}: ${owners.length} orders (${owners.map((o) => `${o.sleeve} ${o.qty > 0 ? '+' : ''}${o.qty}`).join(', ')}, ${gross} units) sent as one ${side} ${Math.abs(total)} ${first.type}`,
    });
  }
}
