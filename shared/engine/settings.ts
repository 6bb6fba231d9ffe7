// Engine settings from the validated [backtesting] configuration.
import type { BacktestingConfig } from '../config/moneytrailz-config.ts';
import type { CommissionPolicy } from '../portfolio/commissions.ts';
import type { EngineSettings } from './engine.ts';

/** The commission policy of [backtesting.execution]: an IBKR schedule, or the per-trade settings. */
export function commissionPolicy(x: BacktestingConfig['execution']): CommissionPolicy {
  if (x.commission_preset === 'ibkr_tiered' || x.commission_preset === 'ibkr_fixed') return { kind: x.commission_preset };
  return { kind: 'per_trade', rate: x.commission, perUnit: x.commission_per_share ?? 0, fixed: 0, min: x.commission_min ?? 0 };
}

export function engineSettings(bt: BacktestingConfig, allowShort = true): EngineSettings {
  const x = bt.execution;
  return {
    initialCash: bt.initial_capital,
    sizeFraction: x.size_fraction,
    fill: x.fill,
    finalizeTrades: x.finalize_trades,
    allowShort,
    costs: { commission: commissionPolicy(x), spread: x.spread, slippage: x.slippage, marketImpact: x.market_impact },
    risk: { maxDrawdown: bt.risk?.max_drawdown, positionSizeLimit: bt.risk?.position_size_limit },
  };
}
