// The flow and deficit rails' gates (docs/regime-rebalance.md §2.5; wheel-rules.md §2.10): the inferred capacity
// is the base minus the basket's stock value. Capacity above `flow_trade_min` × base (or, once active, above
// `flow_trade_stop` × base) opens the flow rail; a shortfall above `deficit_rail_start` × base (once active,
// above `deficit_rail_stop` × base) opens the deficit rail, which supersedes flow; a smaller shortfall can open
// the flow rail the other way. The "active" flags carry from one run to the next (hysteresis).
import { pct, usd, type Reason } from './types.ts';

/** What the previous run left active (thetagang keeps it in its state database; we keep it in the strategy). */
export interface RailState {
  readonly flowActive: boolean;
  readonly deficitActive: boolean;
}

export const NO_RAILS: RailState = { flowActive: false, deficitActive: false };

export interface RailSettings {
  readonly flowTradeMin: number;
  readonly flowTradeStop: number;
  readonly deficitRailStart: number;
  readonly deficitRailStop: number;
}

export type RailCode = 'NO_CAPACITY_CHANGE' | 'FLOW_DEPLOY' | 'FLOW_REDUCE' | 'BELOW_FLOW_THRESHOLD' | 'DEFICIT_RAIL';

export interface RailGates {
  /** base − the basket's stock value: > 0 money to deploy, < 0 a shortfall. */
  readonly capacity: number;
  readonly flowGate: boolean;
  readonly deficitGate: boolean;
  /** deficit_rail_stop × base: the shortfall the deficit rail sells down to. */
  readonly deficitStopAmount: number;
  readonly reason: Reason<RailCode>;
}

/** §2.5: the two rails' gates for a base, the basket's stock value and the previous run's state. */
export function railGates(base: number, invested: number, s: RailSettings, was: RailState): RailGates {
  const capacity = base - invested;
  const flowMin = base * s.flowTradeMin;
  const flowStop = base * s.flowTradeStop;
  const deficitStart = base * s.deficitRailStart;
  const deficitStop = base * s.deficitRailStop;
  let flowGate = false;
  let deficitGate = false;
  const amount = Math.abs(capacity);
  if (capacity < 0) {
    deficitGate = amount >= deficitStart || (was.deficitActive && amount >= deficitStop);
    if (!deficitGate) flowGate = amount >= flowMin || (was.flowActive && amount >= flowStop);
  } else flowGate = capacity >= flowMin || (was.flowActive && capacity >= flowStop);
  let what = 'the basket fills the base exactly';
  if (capacity > 0) what = `${usd(capacity)} of the base is not invested`;
  else if (capacity < 0) what = `the basket is ${usd(amount)} above the base`;
  const active = (on: boolean) => (on ? ', active' : '');
  const flowBand = `flow_trade_min ${pct(s.flowTradeMin)} = ${usd(flowMin)}, stop ${pct(s.flowTradeStop)} = ${usd(flowStop)}${active(was.flowActive)}`;
  const gates = { capacity, flowGate, deficitGate, deficitStopAmount: deficitStop };
  if (deficitGate) {
    const stop = `stop ${pct(s.deficitRailStop)} = ${usd(deficitStop)}${active(was.deficitActive)}`;
    const band = `deficit_rail_start ${pct(s.deficitRailStart)} = ${usd(deficitStart)}, ${stop}`;
    return { ...gates, reason: { code: 'DEFICIT_RAIL', message: `${what} (${band}): sell down to the stop` } };
  }
  if (flowGate) return { ...gates, reason: { code: capacity > 0 ? 'FLOW_DEPLOY' : 'FLOW_REDUCE', message: `${what} (${flowBand}): the flow rail is open` } };
  if (capacity === 0) return { ...gates, reason: { code: 'NO_CAPACITY_CHANGE', message: what } };
  return { ...gates, reason: { code: 'BELOW_FLOW_THRESHOLD', message: `${what}, below the flow threshold (${flowBand})` } };
}
