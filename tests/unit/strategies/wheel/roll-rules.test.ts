// Roll and close decisions of short options (wheel-rules §2.6, §3.3 S1–S7, S17). Assumptions of §3.3:
// roll_when dte 15, pnl 0.9, min_pnl 0, puts.itm false, calls.itm true, always_when_itm false,
// has_excess true, no max_dte.
import { describe, expect, it } from 'vitest';
import { closeVerdict, isItm, rollQuantity, rollVerdict, unableToRollVerdict, type RollCandidate, type RollRules } from '../../../../shared/strategies/wheel/roll-rules.ts';

const RULES: RollRules = {
  dte: 15,
  minPnl: 0,
  pnl: 0.9,
  closeAtPnl: 1,
  closeIfUnableToRoll: false,
  puts: { itm: false, alwaysWhenItm: false, hasExcess: true },
  calls: { itm: true, alwaysWhenItm: false, hasExcess: true },
};

/** A short SPY put, OTM (strike 380 below price 400), unless told otherwise. */
const put = (o: Partial<RollCandidate> = {}): RollCandidate => ({ right: 'P', strike: 380, position: -1, dte: 10, pnl: 0.1, underlyingPrice: 400, symbolHasExcess: false, noTrading: false, ...o });
const call = (o: Partial<RollCandidate> = {}): RollCandidate => put({ right: 'C', strike: 420, ...o });

describe('roll eligibility (S1–S5)', () => {
  it('S1: short put, 10 DTE, P&L 0.1 → roll (DTE ≤ 15 and P&L ≥ min_pnl 0)', () => {
    const v = rollVerdict(put(), RULES);
    expect(v).toMatchObject({ roll: true, code: 'DTE_AND_PNL' });
    expect(v.message).toBe('rolled: DTE 10 ≤ roll_when.dte 15 and P&L 10.0% ≥ min_pnl 0.0%');
  });
  it('S1: 10 DTE, P&L −0.2 → no roll', () => {
    expect(rollVerdict(put({ pnl: -0.2 }), RULES)).toMatchObject({ roll: false, code: 'PNL_BELOW_MIN' });
  });
  it('S1: 30 DTE, P&L 0.92 → roll; 30 DTE, P&L 0.5 → no roll', () => {
    expect(rollVerdict(put({ dte: 30, pnl: 0.92 }), RULES)).toMatchObject({ roll: true, code: 'PNL_TARGET' });
    const v = rollVerdict(put({ dte: 30, pnl: 0.5 }), RULES);
    expect(v).toMatchObject({ roll: false, code: 'NOT_YET' });
    expect(v.message).toBe('not rolled: DTE 30 > roll_when.dte 15 and P&L 50.0% < roll_when.pnl 90.0%');
  });
  it('S2: ITM short put (strike ≥ price), 5 DTE, P&L 0.3 → no roll with puts.itm false', () => {
    const v = rollVerdict(put({ strike: 400, underlyingPrice: 395.2, dte: 5, pnl: 0.3 }), RULES);
    expect(v).toMatchObject({ roll: false, code: 'ITM_NOT_ALLOWED' });
    expect(v.message).toBe('not rolled: put is ITM (strike 400 ≥ price 395.2) and roll_when.puts.itm = false');
  });
  it('S2: with puts.itm true → roll; with always_when_itm → roll even at 60 DTE, P&L −0.5, ignoring max_dte', () => {
    const itmPut = put({ strike: 400, underlyingPrice: 395.2, dte: 5, pnl: 0.3 });
    expect(rollVerdict(itmPut, { ...RULES, puts: { ...RULES.puts, itm: true } }).roll).toBe(true);
    const always = { ...RULES, maxDte: 30, puts: { ...RULES.puts, alwaysWhenItm: true } };
    expect(rollVerdict(put({ strike: 400, underlyingPrice: 395.2, dte: 60, pnl: -0.5 }), always)).toMatchObject({ roll: true, code: 'ITM_ALWAYS' });
  });
  it('S3: ITM short call, 5 DTE, P&L ≥ 0 → roll (calls.itm defaults to true)', () => {
    expect(rollVerdict(call({ strike: 390, dte: 5, pnl: 0 }), RULES)).toMatchObject({ roll: true, code: 'DTE_AND_PNL' });
  });
  it('S4: with roll_when.max_dte 30, 45 DTE and P&L 0.95 → no roll', () => {
    expect(rollVerdict(put({ dte: 45, pnl: 0.95 }), { ...RULES, maxDte: 30 })).toMatchObject({ roll: false, code: 'BEYOND_MAX_DTE' });
  });
  it('S5: has_excess false and the symbol holds more shorts than its target → no roll', () => {
    const rules = { ...RULES, puts: { ...RULES.puts, hasExcess: false } };
    expect(rollVerdict(put({ symbolHasExcess: true }), rules)).toMatchObject({ roll: false, code: 'HAS_EXCESS' });
    expect(rollVerdict(put({ symbolHasExcess: false }), rules).roll).toBe(true);
  });
  it('§2.6: long options, no_trading symbols and a missing underlying price are never rolled', () => {
    expect(rollVerdict(put({ position: 2 }), RULES).code).toBe('LONG');
    expect(rollVerdict(put({ noTrading: true }), RULES).code).toBe('NO_TRADING');
    expect(rollVerdict(put({ underlyingPrice: NaN }), RULES).code).toBe('NO_PRICE');
  });
  it('§2.6: ITM is a put strike at or above the price, a call strike at or below it', () => {
    expect(isItm('P', 400, 400)).toBe(true);
    expect(isItm('P', 399, 400)).toBe(false);
    expect(isItm('C', 400, 400)).toBe(true);
    expect(isItm('C', 401, 400)).toBe(false);
  });
});

describe('closing (S6, S17)', () => {
  it('S6: not rollable (45 DTE > max_dte 30) with P&L 0.995 > close_at_pnl 0.99 → close', () => {
    const rules = { ...RULES, maxDte: 30, closeAtPnl: 0.99 };
    const c = put({ dte: 45, pnl: 0.995 });
    expect(rollVerdict(c, rules).roll).toBe(false);
    const v = closeVerdict(c, rules);
    expect(v).toMatchObject({ close: true, code: 'CLOSE_AT_PNL' });
    expect(v.message).toBe('closed: P&L 99.5% > roll_when.close_at_pnl 99.0%');
  });
  it('S6: long options are never closed by these rules; the default close_at_pnl 1.0 never closes a short', () => {
    expect(closeVerdict(put({ position: 1, pnl: 5 }), { ...RULES, closeAtPnl: 0.5 }).close).toBe(false);
    expect(closeVerdict(put({ pnl: 0.999 }), RULES)).toMatchObject({ close: false, code: 'HOLD' });
    expect(closeVerdict(put({ pnl: 0.999 }), { ...RULES, closeAtPnl: 0 }).close).toBe(false);
  });
  it('S17: close_if_unable_to_roll closes only when P&L > 0 and max_dte is set with DTE ≤ it', () => {
    const rules = { ...RULES, closeIfUnableToRoll: true, maxDte: 30 };
    expect(unableToRollVerdict({ dte: 10, pnl: 0.4 }, rules)).toMatchObject({ close: true, code: 'UNABLE_TO_ROLL' });
    expect(unableToRollVerdict({ dte: 10, pnl: 0 }, rules).close).toBe(false);
    expect(unableToRollVerdict({ dte: 40, pnl: 0.4 }, rules).close).toBe(false);
    expect(unableToRollVerdict({ dte: 10, pnl: 0.4 }, { ...rules, closeIfUnableToRoll: false }).close).toBe(false);
  });
  it('S17: without roll_when.max_dte nothing is closed (thetagang\'s rule, kept) and the reason says so', () => {
    const v = unableToRollVerdict({ dte: 10, pnl: 0.4 }, { ...RULES, closeIfUnableToRoll: true });
    expect(v.close).toBe(false);
    expect(v.message).toContain('needs roll_when.max_dte');
  });
  it('S17: a per-symbol close_if_unable_to_roll overrides the default', () => {
    expect(unableToRollVerdict({ dte: 10, pnl: 0.4 }, { ...RULES, maxDte: 30 }, true).close).toBe(true);
  });
});

describe('early-roll quantity (S7)', () => {
  it('S7: an early roll (DTE 20 > 15) of 10 contracts with max new contracts 3 → 3; at DTE ≤ 15 → all 10', () => {
    expect(rollQuantity(-10, 20, RULES, 3)).toBe(3);
    expect(rollQuantity(-10, 15, RULES, 3)).toBe(10);
    expect(rollQuantity(-2, 20, RULES, 3)).toBe(2);
  });
});
